"""Validation alone of a region's monitoring rows: CPU time of ``validate_table``, median of runs.

    python benchmarks/region.py /tmp/region --n 300      # or any workspace, e.g. from `baulu demo`
    python benchmarks/bench_validation.py /tmp/region [--runs 5]

The table is the one ``bench_region.py`` times: every kindergarten's own monitoring rows (each
child code in its kindergarten's format) as one consolidated table, cut to 60,000 rows. Each run
is ``time.process_time`` around one in-process call; the first run has empty caches.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_region import monitoring_table
from schemas.rules import Context
from schemas.table import Table
from schemas.validate import validate_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("root", type=Path, help="a workspace, e.g. made by benchmarks/region.py")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    table, context = monitoring_table(args.root)
    assert isinstance(table, Table) and isinstance(context, Context)
    times: list[float] = []
    for _ in range(args.runs):
        start = time.process_time()
        _, findings = validate_table(table, context)
        times.append(time.process_time() - start)
    rules = Counter(f.rule for f in findings).most_common(3)
    print(f"{table.rows:,} rows of {table.frame['org'].nunique()} kindergartens  {len(findings):,} findings {rules}")
    print(f"CPU s {[round(t, 2) for t in times]}  median {statistics.median(times):.2f}")


if __name__ == "__main__":
    main()
