"""What the master's summary sheet shows, computed once per sync as plain values. Pure.

The workbook layer lays these out (rows, the quarter grid, contest status, chart tables); the
same numbers feed the reports, so both say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from schemas.analytics.calendar import PILOT_QUARTERS, Quarter, oral_time, oral_today, quarter_of
from schemas.analytics.implementation import (
    QUARTER_TABS,
    QuarterMonitoring,
    QuarterOverall,
    as_date,
    implementation,
    overall,
)
from schemas.analytics.inputs import PilotData
from schemas.analytics.outcomes import (
    BASELINE,
    GROUPS,
    PERIOD_KEYS,
    frame_of,
    latest_period,
    outcomes,
)

ContestStatus = str  # "held" | "held_late" | "overdue" | "upcoming"


@dataclass(frozen=True)
class OrgStatus:
    code: str
    name: str
    pulled: str  # Oral time, "" when never pulled
    stale: bool
    errors: int
    warnings: int
    plan_done: int
    plan_total: int
    plan_overdue: int
    overdue_items: tuple[str, ...]
    filled: int  # this quarter's tabs holding rows
    tabs: int
    timeliness: str


@dataclass(frozen=True)
class ContestCell:
    org: str
    contest: str
    status: ContestStatus
    held_on: dt.date | None
    results: bool  # winners entered


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    quarter: str  # the current quarter, "Q4"
    updated: str  # Oral time of the sync
    orgs: tuple[OrgStatus, ...]
    grid: tuple[QuarterMonitoring, ...]  # every kindergarten × pilot quarter
    overall: tuple[QuarterOverall, ...]
    contests: tuple[str, ...]
    contest_months: tuple[int | None, ...]  # None: all year
    deadlines: dict[str, dt.date]
    contest_grid: tuple[ContestCell, ...]
    means: tuple[tuple[str, float | None, float | None], ...]  # period, experimental, control
    levels: tuple[tuple[str, str, float, float, float], ...]  # group, period, share of 1, 2, 3
    latest: str | None  # the period the level chart compares with the baseline


def contest_status(held_on: dt.date | None, due: dt.date, today: dt.date) -> ContestStatus:
    if held_on is not None and held_on <= today:
        return "held" if held_on <= due else "held_late"
    return "overdue" if due < today else "upcoming"


def current_quarter(today: dt.date) -> Quarter:
    """The pilot quarter ``today`` falls in (the first before the pilot, the last after it)."""
    quarter = quarter_of(today)
    return min(max(quarter, PILOT_QUARTERS[0]), PILOT_QUARTERS[-1])


def severity_counts(findings: Iterable[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """(org, severity) pairs → org: (errors, warnings)."""
    counts: dict[str, list[int]] = {}
    for org, severity in findings:
        pair = counts.setdefault(org, [0, 0])
        pair[0 if severity == "error" else 1] += 1
    return {org: (e, w) for org, (e, w) in counts.items()}


def dashboard(
    data: PilotData,
    *,
    now: dt.datetime,
    deadlines: Mapping[str, dt.date],
    freshness: Mapping[str, tuple[str, bool]] | None = None,
    findings: Iterable[tuple[str, str]] = (),
    submissions: Mapping[tuple[str, str], str] | None = None,
) -> Dashboard:
    """``freshness``: org → (pulled at, UTC ISO; stale); ``findings``: (org, severity) pairs;
    ``submissions``: (org, "Q3") → when the store first saw that quarter complete."""
    today = oral_today(now)
    quarter = current_quarter(today)
    grid = implementation(data, PILOT_QUARTERS, today=today, deadlines=deadlines, submissions=submissions)
    counts = severity_counts(findings)
    fresh = freshness or {}
    orgs: list[OrgStatus] = []
    now_cells = {r.org: r for r in grid if r.quarter == quarter.key}
    for org in data.orgs:
        cell = now_cells[org.code]
        pulled, stale = fresh.get(org.code, ("", False))
        errors, warnings = counts.get(org.code, (0, 0))
        # the plan as of today: the current quarter's row is cut at today
        orgs.append(OrgStatus(
            org.code, org.name, oral_time(pulled) if pulled else "", stale, errors, warnings,
            cell.plan_done, cell.plan_total, cell.plan_overdue, cell.overdue_items,
            len(cell.filled), len(QUARTER_TABS), cell.timeliness,
        ))
    contest_grid = []
    for org in data.orgs:
        held = {str(r.get("contest")): as_date(r.get("date_held")) for r in data.of("contest_results", org.code)}
        winners = {str(r.get("contest")): bool(str(r.get("winners") or "").strip())
                   for r in data.of("contest_results", org.code)}
        for contest in data.contests:
            status = contest_status(held.get(contest.code), contest.due, today)
            contest_grid.append(ContestCell(org.code, contest.code, status, held.get(contest.code),
                                            status in ("held", "held_late") and winners.get(contest.code, False)))
    frame = frame_of(data)
    table = outcomes(frame, data.indicators, overall_only=True)
    by = {(o.period, o.group): o for o in table}
    def mean(period: str, group: str) -> float | None:
        found = by.get((period, group))
        return found.mean if found is not None else None

    means = tuple((p, mean(p, "experimental"), mean(p, "control"))
                  for p in PERIOD_KEYS if any((p, g) in by for g in GROUPS))
    latest = latest_period(frame)
    levels = tuple((g, p, *by[(p, g)].shares)
                   for g in GROUPS for p in (BASELINE, latest) if p is not None and (p, g) in by)
    return Dashboard(
        today=today, quarter=quarter.key, updated=oral_time(now), orgs=tuple(orgs), grid=tuple(grid),
        overall=tuple(overall(grid, q, today) for q in PILOT_QUARTERS),
        contests=tuple(c.code for c in data.contests), contest_months=tuple(c.month for c in data.contests),
        deadlines=dict(deadlines), contest_grid=tuple(contest_grid),
        means=means, levels=levels,
        latest=latest,
    )


def plan_chart_rows(d: Dashboard) -> list[tuple[str, int, int, int]]:
    """Per kindergarten: done, in progress, not started — this quarter's plan, for the bar chart."""
    rows = []
    now_cells = {r.org: r for r in d.grid if r.quarter == d.quarter}
    for org in d.orgs:
        cell = now_cells[org.code]
        rows.append((org.code, cell.plan_done, cell.plan_in_progress, cell.plan_not_started))
    return rows


__all__ = ["ContestCell", "Dashboard", "OrgStatus", "dashboard", "plan_chart_rows"]
