"""What the summary's analytics cost a sync round that writes the master, at 5 and at 300 kindergartens.

    .venv/bin/python benchmarks/bench_analytics.py [--n 300]

The demo's consolidated rows (five kindergartens, about 200 monitoring rows each) are copied to
N kindergartens under new codes — at N = 300 about 60,000 monitoring rows — and the dashboard
(:func:`schemas.analytics.dashboard.dashboard`: monitoring per kindergarten × quarter, contest
status, outcomes by period and group) is computed from them as a round computes it. A round where
nothing changed computes none of it (the master digest is unchanged). Wall-clock
``time.perf_counter``, the median of three runs.

Target: at N = 300 the dashboard's computation and its layout each cost at most 2 s (a first sync of 300 kindergartens takes
minutes; a round that writes the master should not notice the summary).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from macros.demo_data import fill_workspace
from macros.demo_history import plant_history
from macros.init import init_workspace
from macros.report import workspace_data
from macros.sync_cmd import sync_once
from schemas.analytics.dashboard import dashboard
from schemas.analytics.inputs import Org, PilotData
from sync.workspace import load_workspace
from workbook.dashboard import write_dashboard

TARGET_S = 2.0
NOW = dt.datetime.now(dt.UTC)


def scaled(data: PilotData, submitted: dict[tuple[str, str], str], n: int,
           ) -> tuple[PilotData, dict[tuple[str, str], str]]:
    """``data`` with its kindergartens copied round-robin to ``n`` kindergartens (new codes)."""
    orgs = []
    rows: dict[str, list[dict[str, object]]] = {key: [] for key in data.rows}
    found: dict[tuple[str, str], str] = {}
    for i in range(n):
        source = data.orgs[i % len(data.orgs)]
        code = f"k{i:03d}"
        orgs.append(Org(code, f"{source.name} {i}", source.ownership))
        for key, records in data.rows.items():
            rows[key].extend({**r, "org": code, "child_code": f"{r.get('child_code')}-{i}"}
                             if "child_code" in r else {**r, "org": code}
                             for r in records if r.get("org") == source.code)
        found.update({(code, q): at for (org, q), at in submitted.items() if org == source.code})
    return PilotData(tuple(orgs), data.plan, data.contests, rows, data.indicators), found


def timed(data: PilotData, submitted: dict[tuple[str, str], str], deadlines: dict[str, dt.date],
          ) -> tuple[float, float]:
    """The dashboard's computation, and its layout on a sheet (openpyxl, charts included)."""
    computed, laid_out = [], []
    for _ in range(3):
        start = time.perf_counter()
        board = dashboard(data, now=NOW, deadlines=deadlines, submissions=submitted,
                          freshness={o.code: ("2026-11-20T05:00:00Z", False) for o in data.orgs},
                          findings=[(o.code, "warning") for o in data.orgs])
        computed.append(time.perf_counter() - start)
        start = time.perf_counter()
        write_dashboard(openpyxl.Workbook().create_sheet("Жиынтық"), board)
        laid_out.append(time.perf_counter() - start)
    return statistics.median(computed), statistics.median(laid_out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        init_workspace(root)
        fill_workspace(root)
        plant_history(root, today=NOW.date())
        sync_once(root)
        ws = load_workspace(root)
        data, submitted = workspace_data(ws)
    small, small_layout = timed(data, submitted, ws.deadlines)
    big, big_submitted = scaled(data, submitted, n)
    monitoring = len(big.rows.get("monitoring", ()))
    large, large_layout = timed(big, big_submitted, ws.deadlines)
    print(f"{len(data.orgs)} kindergartens ({len(data.rows.get('monitoring', ()))} monitoring rows): "
          f"computed {small:6.3f} s, laid out {small_layout:6.3f} s")
    print(f"{n} kindergartens ({monitoring} monitoring rows): computed {large:6.3f} s, laid out "
          f"{large_layout:6.3f} s  (target: both ≤ {TARGET_S} s)")
    ok = large <= TARGET_S and large_layout <= TARGET_S
    print("OK" if ok else "ABOVE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
