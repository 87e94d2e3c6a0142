"""Implementation monitoring per kindergarten × quarter, completeness and timeliness. Pure.

A quarter's report from a kindergarten is **complete** when each of its quarterly tabs holds the
quarter's rows (:data:`QUARTER_TABS`), and **on time** when the store first saw it complete before
the end of the quarter's deadline day (``[deadlines]`` in baulu.toml, Oral time) — the reporting
rate and on-time rate DHIS2 shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from schemas.analytics.calendar import Quarter, deadline_moment, parse_utc
from schemas.analytics.inputs import ContestDue, PilotData, PlanTask, Record
from schemas.vocabulary import DIRECTIONS

QUARTER_TABS: tuple[str, ...] = ("plan_status", "contest_results", "monitoring", "posts")
"""The tabs that must hold a quarter's rows (the environment tab is a standing state, not quarterly)."""

Timeliness = str  # "on_time" | "late" | "missing" | "open" | "not_due"
TIMELINESS: tuple[str, ...] = ("on_time", "late", "missing", "open", "not_due")


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


@dataclass(frozen=True)
class QuarterMonitoring:
    org: str
    quarter: str  # "Q1".."Q4"
    plan_total: int
    plan_done: int
    plan_in_progress: int
    plan_not_started: int
    plan_overdue: int
    overdue_items: tuple[str, ...]
    contests_due: int
    contests_held: int
    contests_held_late: int
    contests_results: int
    children: int
    parents: int
    posts: int
    environment_ready: int
    environment_total: int
    filled: tuple[str, ...]
    submitted_at: str | None
    timeliness: Timeliness

    @property
    def complete(self) -> bool:
        return len(self.filled) == len(QUARTER_TABS)


@dataclass(frozen=True)
class QuarterOverall:
    quarter: str
    expected: int  # kindergartens whose quarter has begun
    complete: int
    on_time: int
    late: int
    missing: int

    @property
    def reporting_rate(self) -> float | None:
        return self.complete / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None


def _plan_state(task: PlanTask, row: Record | None, cutoff: dt.date, today: dt.date) -> tuple[str, bool]:
    """("done" | "in_progress" | "not_started", overdue) of one item as of ``cutoff``."""
    status = row.get("status") if row is not None else None
    done_on = as_date(row.get("date_done")) if row is not None else None
    if status == "done" and (done_on is None or done_on <= cutoff):
        return "done", False
    state = "in_progress" if status in ("in_progress", "done") else "not_started"
    due = task.due
    overdue = due is not None and due <= cutoff and due < today
    return state, overdue


def filled_tabs(rows: Mapping[str, Sequence[Record]], plan: Sequence[PlanTask],
                contests: Sequence[ContestDue], quarter: Quarter) -> tuple[str, ...]:
    """Which of :data:`QUARTER_TABS` hold ``quarter``'s rows, in one kindergarten's ``rows``."""
    filled: list[str] = []
    statuses = {str(r.get("item_id")): r.get("status") for r in rows.get("plan_status", ())}
    due_items = [t for t in plan if t.due is not None and quarter.contains(t.due)]
    if any(_filled(s) for s in statuses.values()) and all(_filled(statuses.get(t.item_id)) for t in due_items):
        filled.append("plan_status")
    held = {str(r.get("contest")): as_date(r.get("date_held")) for r in rows.get("contest_results", ())}
    due_contests = [c for c in contests if c.due_month in quarter.months()]
    if all(held.get(c.code) is not None for c in due_contests):
        filled.append("contest_results")
    periods = {quarter.key, "base"} if quarter.number == 1 else {quarter.key}
    if any(r.get("period") in periods for r in rows.get("monitoring", ())):
        filled.append("monitoring")
    if any((d := as_date(r.get("date"))) is not None and quarter.contains(d) for r in rows.get("posts", ())):
        filled.append("posts")
    return tuple(filled)


def timeliness(complete: bool, submitted_at: str | None, quarter: Quarter, deadline: dt.date,
               today: dt.date) -> Timeliness:
    if complete:
        if submitted_at is None or parse_utc(submitted_at) < deadline_moment(deadline):
            return "on_time"
        return "late"
    if today > deadline:
        return "missing"
    return "open" if today >= quarter.start else "not_due"


def quarter_monitoring(data: PilotData, org: str, quarter: Quarter, *, today: dt.date,
                       deadline: dt.date, submitted_at: str | None = None) -> QuarterMonitoring:
    """One kindergarten's quarter, as of the quarter's end (or ``today`` while it runs)."""
    cutoff = min(today, quarter.end)
    rows = {key: data.of(key, org) for key in ("plan_status", "contest_results", "monitoring", "posts",
                                               "environment")}
    by_item = {str(r.get("item_id")): r for r in rows["plan_status"]}
    states = {t.item_id: _plan_state(t, by_item.get(t.item_id), cutoff, today) for t in data.plan}
    held_rows = {str(r.get("contest")): r for r in rows["contest_results"]}
    due = [c for c in data.contests if c.due_month in quarter.months()]
    held = [c for c in due if (d := as_date(held_rows.get(c.code, {}).get("date_held"))) and d <= cutoff]
    late = [c for c in held if (as_date(held_rows[c.code].get("date_held")) or c.due) > c.due]
    results = [c for c in held if _filled(held_rows[c.code].get("winners"))]
    in_quarter = [r for r in rows["contest_results"]
                  if (d := as_date(r.get("date_held"))) is not None and quarter.contains(d) and d <= cutoff]
    posts = [r for r in rows["posts"] if (d := as_date(r.get("date"))) is not None and quarter.contains(d)
             and d <= cutoff]
    ready = {str(r.get("direction")) for r in rows["environment"]
             if r.get("ready") == "yes" and ((s := as_date(r.get("since"))) is None or s <= cutoff)}
    filled = filled_tabs(rows, data.plan, data.contests, quarter)
    complete = len(filled) == len(QUARTER_TABS)
    return QuarterMonitoring(
        org=org, quarter=quarter.key,
        plan_total=len(data.plan),
        plan_done=sum(s == "done" for s, _ in states.values()),
        plan_in_progress=sum(s == "in_progress" for s, _ in states.values()),
        plan_not_started=sum(s == "not_started" for s, _ in states.values()),
        plan_overdue=sum(o for _, o in states.values()),
        overdue_items=tuple(i for i, (_, o) in states.items() if o),
        contests_due=len(due), contests_held=len(held), contests_held_late=len(late),
        contests_results=len(results),
        children=sum(_count(r.get("children")) for r in in_quarter),
        parents=sum(_count(r.get("parents")) for r in in_quarter),
        posts=len(posts),
        environment_ready=len(ready & {d.key for d in DIRECTIONS}), environment_total=len(DIRECTIONS),
        filled=filled,
        submitted_at=submitted_at if complete else None,
        timeliness=timeliness(complete, submitted_at, quarter, deadline, today),
    )


def implementation(data: PilotData, quarters: Iterable[Quarter], *, today: dt.date,
                   deadlines: Mapping[str, dt.date],
                   submissions: Mapping[tuple[str, str], str] | None = None) -> list[QuarterMonitoring]:
    """Every kindergarten × quarter; ``submissions``: (org, "Q3") → when the store first saw it complete."""
    submissions = submissions or {}
    return [
        quarter_monitoring(data, o.code, q, today=today, deadline=deadlines[q.key],
                           submitted_at=submissions.get((o.code, q.key)))
        for q in quarters for o in data.orgs
    ]


def overall(rows: Sequence[QuarterMonitoring], quarter: Quarter, today: dt.date) -> QuarterOverall:
    mine = [r for r in rows if r.quarter == quarter.key]
    expected = len(mine) if today >= quarter.start else 0
    return QuarterOverall(
        quarter=quarter.key, expected=expected,
        complete=sum(r.complete for r in mine) if expected else 0,
        on_time=sum(r.timeliness == "on_time" for r in mine) if expected else 0,
        late=sum(r.timeliness == "late" for r in mine) if expected else 0,
        missing=sum(r.timeliness == "missing" for r in mine) if expected else 0,
    )
