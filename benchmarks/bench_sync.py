"""Sync speed on the demo workspace, as ratios measured in one run.

    .venv/bin/python benchmarks/bench_sync.py

Targets (ratios, so they hold on any machine):
- a sync with nothing changed costs at most 0.6 of the first sync (it stores and writes nothing);
- one kindergarten changed costs at most 0.9 of the first sync (one new version, one feedback).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from macros.demo_data import fill_workspace
from macros.init import init_workspace
from macros.sync_cmd import sync_once


def timed(root: Path) -> float:
    start = time.perf_counter()
    sync_once(root)
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        init_workspace(root)
        fill_workspace(root)
        first = timed(root)  # timed as the others are: no tracer (memory: benchmarks/bench_region.py)
        unchanged = timed(root)
        path = root / "kindergartens" / "47.xlsx"
        wb = openpyxl.load_workbook(path)
        wb["Байқаулар"]["F2"] = 33
        wb.save(path)
        one_changed = timed(root)
    print(f"first sync        {first:6.2f} s")
    print(f"nothing changed   {unchanged:6.2f} s  ratio {unchanged / first:.2f}  (target ≤ 0.60)")
    print(f"one kindergarten  {one_changed:6.2f} s  ratio {one_changed / first:.2f}  (target ≤ 0.90)")
    ok = unchanged / first <= 0.6 and one_changed / first <= 0.9
    print("OK" if ok else "ABOVE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
