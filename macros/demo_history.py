"""The demo's past: earlier versions of each kindergarten's sheet, as if pulled through 2026.

A real store holds a version for every change a sync saw; the demo's store is given one per past
quarter, pulled a few days before that quarter's deadline — and one kindergarten's second quarter
a week late — so completeness and timeliness have a history to tell. Each version is the final
workbook cut back to what was there then: later monitoring periods, contests, posts and plan items
done later are not yet in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from schemas import clock
from schemas.analytics.calendar import PILOT_QUARTERS, Quarter
from schemas.clock import ORAL
from schemas.coerce import coerce
from schemas.headers import match_headers
from schemas.rows import column_index, column_letter, find_tab, header_row
from schemas.seed import ORGANISATIONS
from schemas.sheets import CONTEST_RESULTS, MONITORING, PLAN_STATUS, POSTS, SheetSpec
from schemas.vocabulary import PERIODS
from sync.backend import Tabs
from sync.local import LocalBackend
from sync.store import Store
from sync.workspace import load_workspace

LATE: dict[tuple[str, str], int] = {("34", "Q2"): 7}
"""(org, quarter) → days after the deadline that quarter's complete version came in."""
EARLY_DAYS = 3


def _columns(rows: Sequence[Sequence[object]], spec: SheetSpec) -> tuple[int, dict[str, int]]:
    top = header_row(rows, spec)
    cells = [(column_letter(i), v) for i, v in enumerate(rows[top - 1], start=1)]
    letters = match_headers(spec, cells, org="", sheet="", header_row=top).letters
    return top, {key: column_index(letter) - 1 for key, letter in letters.items()}


def _value(spec: SheetSpec, key: str, row: Sequence[object], cols: dict[str, int]) -> object:
    index = cols.get(key)
    if index is None or index >= len(row):
        return None
    return coerce(spec.column(key), row[index])[0]


def as_of(tabs: Tabs, day: dt.date) -> dict[str, list[list[object]]]:
    """``tabs`` as they stood at the end of ``day``."""
    periods = [p.key for p in PERIODS]
    last_period = {1: "Q1", 2: "Q2", 3: "Q3", 4: "Q4"}[(day.month - 1) // 3 + 1]
    out: dict[str, list[list[object]]] = {name: [list(r) for r in rows] for name, rows in tabs.items()}
    for spec in (MONITORING, CONTEST_RESULTS, PLAN_STATUS, POSTS):
        title = find_tab(out, spec)
        if title is None:
            continue
        rows = out[title]
        top, cols = _columns(rows, spec)
        kept = rows[:top]
        for row in rows[top:]:
            if spec is MONITORING:
                period = _value(spec, "period", row, cols)
                if period in periods and periods.index(str(period)) > periods.index(last_period):
                    continue
            elif spec is POSTS:
                date = _value(spec, "date", row, cols)
                if isinstance(date, dt.date) and date > day:
                    continue
            elif spec is CONTEST_RESULTS:
                held = _value(spec, "date_held", row, cols)
                if isinstance(held, dt.date) and held > day:
                    for key in ("date_held", "children", "parents", "teachers", "winners", "evidence"):
                        if key in cols and cols[key] < len(row):
                            row[cols[key]] = None
            elif spec is PLAN_STATUS:
                done = _value(spec, "date_done", row, cols)
                if isinstance(done, dt.date) and done > day:
                    for key in ("status", "date_done", "evidence"):
                        if key in cols and cols[key] < len(row):
                            row[cols[key]] = None
            kept.append(row)
        out[title] = kept
    return out


def pulled_at(org: str, quarter: Quarter, deadlines: dict[str, dt.date]) -> dt.datetime:
    shift = LATE.get((org, quarter.key), -EARLY_DAYS)
    day = deadlines[quarter.key] + dt.timedelta(days=shift)
    return dt.datetime.combine(day, dt.time(10, 0), ORAL).astimezone(dt.UTC)


def plant_history(root: Path, *, today: dt.date) -> int:
    """Store a back-dated version per kindergarten for every quarter whose deadline is before ``today``;
    returns how many versions were stored."""
    ws = load_workspace(root)
    backend = LocalBackend(ws)
    stored = 0
    with Store.for_workspace(ws.root) as store:
        for org in ORGANISATIONS:
            location = f"{ws.kindergartens_name}/{org.code}.xlsx"
            full = backend.pull(org.code, location).tabs
            for quarter in PILOT_QUARTERS:
                when = pulled_at(org.code, quarter, ws.deadlines)
                if when.astimezone(ORAL).date() >= today:
                    break
                tabs = as_of(full, when.astimezone(ORAL).date())
                stamp = clock.stamp(when)
                _, added = store.add(org.code, location, tabs, pulled_at=stamp)
                stored += added
    return stored
