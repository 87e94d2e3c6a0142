"""Validation alone of 60,000 monitoring rows: CPU time of ``validate_table``, median of runs.

    baulu demo /tmp/demo && python benchmarks/bench_validation.py /tmp/demo [--runs 5]

Two tables, both built from a workspace's kindergarten 47:

* ``bench_region``: the table ``bench_region.py`` times (its ~200 rows repeated under new child
  numbers of five digits, which no code format accepts: every row is a ``child.code_format``
  finding);
* ``region``: 60,000 rows of the master's consolidated monitoring sheet, kindergarten 47's rows
  under each of 280 organisations' own code, every child code in its organisation's format.

Each run is ``time.process_time`` around one in-process call; the first run has empty caches.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd

from benchmarks.bench_region import monitoring_table
from schemas.rows import column_letter
from schemas.rules import Context
from schemas.sheets import MONITORING, consolidated_spec
from schemas.table import Table
from schemas.validate import validate_table

ROWS = 60_000


def region_table(root: Path) -> tuple[Table, Context]:
    one, ctx = monitoring_table(root)
    assert isinstance(one, Table) and isinstance(ctx, Context)
    base = one.frame[one.frame["child_code"].astype(str).str.match(r"^47-.-000\d\d$")]
    parts: list[pd.DataFrame] = []
    while sum(map(len, parts)) < ROWS:
        org = f"k{len(parts):03d}"
        part = base.copy()
        part["child_code"] = [f"{org}-{c.split('-')[1]}-{c.split('-')[2][-2:]}" for c in part["child_code"]]
        part.insert(0, "org", org)
        parts.append(part)
    frame = pd.concat(parts).iloc[:ROWS].astype(object)
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    spec = consolidated_spec(MONITORING)
    letters = {str(key): column_letter(i) for i, key in enumerate(frame.columns, start=1)}
    table = Table(spec, "", spec.kk, frame, letters, {c.key: c.kk for c in spec.columns}, 1)
    return table, replace(ctx, orgs=ctx.orgs | {f"k{i:03d}" for i in range(len(parts))})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a workspace, e.g. made by `baulu demo`")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    one, ctx = monitoring_table(args.root)
    assert isinstance(one, Table) and isinstance(ctx, Context)
    for name, (table, context) in (("bench_region", (one, ctx)), ("region", region_table(args.root))):
        times: list[float] = []
        for _ in range(args.runs):
            start = time.process_time()
            _, findings = validate_table(table, context)
            times.append(time.process_time() - start)
        rules = Counter(f.rule for f in findings).most_common(3)
        print(f"{name:13} {table.rows:,} rows  {len(findings):,} findings {rules}")
        print(f"{'':13} CPU s {[round(t, 2) for t in times]}  median {statistics.median(times):.2f}")


if __name__ == "__main__":
    main()
