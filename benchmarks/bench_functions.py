"""The add-in's worksheet functions on 1,000 rows, in Python (CPU) time.

    .venv/bin/python benchmarks/bench_functions.py

Target: checking 1,000 rows through the worksheet functions takes at most 0.2 s of Python time —
one BAULU_CHECK_ROW formula per row of the monitoring sheet (the longest one a kindergarten fills,
one row per child and period), the same rows through one BAULU_CHECK_ROW / BAULU_FINDINGS over the
range, and 1,000 calls each of BAULU_PHONE and BAULU_CHILD_CODE. About one row in twenty has a
mistake, so messages are built too. The target is on the best of three runs; the first run (cold
caches: header match, spellings) is shown beside it. Excel's own cost of calling a function is not in these numbers.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from macros import functions as fn
from schemas.sheets import MONITORING, PLAN_STATUS

ROWS = 1000
TARGET = 0.2


def monitoring_rows() -> list[list[Any]]:
    rows: list[list[Any]] = []
    for i in range(ROWS):
        code = f"47-{'ЭБ'[i % 2]}-{i:04d}"
        row: list[Any] = [code, ("эксперименттік", "бақылау")[i % 2], f"Топ {i % 7}", "ересек топ (4–5)",
                          ("ұл", "қыз")[i % 2], "2026-Q1", 1 + i % 3, 2, float(1 + i % 3), 2, 3]
        if i % 20 == 7:
            row[6] = 4  # a level out of range
        if i % 20 == 13:
            row[0] = "Асанов Нұрсұлтан"  # a child's name instead of a code
        rows.append(row)
    return rows


def plan_rows() -> list[list[Any]]:
    return [[f"3.{1 + i % 13}", "", "Үнемі", "орындалды", "12.03.2026",
             "https://instagram.com/p/1" if i % 20 else None, ""] for i in range(ROWS)]


def best(run: Callable[[], object]) -> tuple[float, float]:
    """(first run, best of three) in CPU seconds."""
    times = []
    for _ in range(3):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return times[0], min(times)


def main() -> int:
    header = [c.kk for c in MONITORING.columns]
    rows = monitoring_rows()
    phones = [f"8 705 {i:03d} {i % 100:02d} {i % 97:02d}" for i in range(ROWS)]
    codes = [r[0] for r in rows]
    targeted = {
        "BAULU_CHECK_ROW, one call per row": best(
            lambda: [fn.BAULU_CHECK_ROW("Мониторинг", header, r) for r in rows]),
        "BAULU_CHECK_ROW, one call on 1,000 rows": best(lambda: fn.BAULU_CHECK_ROW("Мониторинг", header, rows)),
        "BAULU_FINDINGS on 1,000 rows": best(lambda: fn.BAULU_FINDINGS("Мониторинг", [header, *rows])),
        "BAULU_PHONE, 1,000 calls": best(lambda: [fn.BAULU_PHONE(p) for p in phones]),
        "BAULU_CHILD_CODE, 1,000 calls": best(lambda: [fn.BAULU_CHILD_CODE(c) for c in codes]),
    }
    plan_header = [c.kk for c in PLAN_STATUS.columns]
    plan = plan_rows()
    shown = {
        "plan sheet, one call per row (row rules on a one-row table)": best(
            lambda: [fn.BAULU_CHECK_ROW("Жоспар орындалуы", plan_header, r) for r in plan]),
        "plan sheet, one call on 1,000 rows": best(
            lambda: fn.BAULU_CHECK_ROW("Жоспар орындалуы", plan_header, plan)),
    }
    print(f"{'':60s} {'first':>7s} {'best':>7s}")
    for name, (first, seconds) in targeted.items():
        print(f"{name:60s} {first:6.3f}s {seconds:6.3f}s  (target ≤ {TARGET})")
    for name, (first, seconds) in shown.items():
        print(f"{name:60s} {first:6.3f}s {seconds:6.3f}s")
    ok = all(s <= TARGET for _, s in targeted.values())
    print("OK" if ok else "ABOVE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
