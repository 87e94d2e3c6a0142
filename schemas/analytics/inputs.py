"""The master's facts and the consolidated rows, as the plain data the analytics work on.

Built from records (dicts of canonical values, as the master's sheets are read or a sync round
consolidates them), never from a workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from schemas.analytics.calendar import month_end
from schemas.seed import PILOT_YEAR
from schemas.vocabulary import DEFAULT_INDICATORS

Record = Mapping[str, object]
DEFAULT_CODES: tuple[str, ...] = tuple(i.code for i in DEFAULT_INDICATORS)


@dataclass(frozen=True)
class Org:
    code: str
    name: str
    ownership: str = ""  # "state" | "private" | "" when the master does not say


@dataclass(frozen=True)
class PlanTask:
    """A preschool-level item of the work plan (the items every kindergarten carries out)."""

    item_id: str
    text: str
    deadline_kind: str
    year: int | None = None
    month: int | None = None

    @property
    def due(self) -> dt.date | None:
        """The last day it can be done on time; ongoing and all-year items are due by the year's end."""
        if self.deadline_kind == "month" and self.month:
            return month_end(self.year or PILOT_YEAR, self.month)
        if self.deadline_kind in ("ongoing", "all_year", "quarterly"):
            return dt.date(self.year or PILOT_YEAR, 12, 31)
        return None


@dataclass(frozen=True)
class ContestDue:
    code: str
    title: str
    month: int | None  # None: all year (due by December)
    plan_item: str = ""

    @property
    def due_month(self) -> int:
        return self.month or 12

    @property
    def due(self) -> dt.date:
        return month_end(PILOT_YEAR, self.due_month)


@dataclass(frozen=True)
class PilotData:
    orgs: tuple[Org, ...]
    plan: tuple[PlanTask, ...]
    contests: tuple[ContestDue, ...]
    rows: Mapping[str, Sequence[Record]] = field(default_factory=dict)
    """Kindergarten spec key (``plan_status``, ``contest_results``, ``monitoring``, ``posts``,
    ``environment``) → the consolidated rows, each with its ``org``."""
    indicators: tuple[str, ...] = DEFAULT_CODES

    def of(self, key: str, org: str) -> list[Record]:
        return self._by_org.get((key, org), [])

    @cached_property
    def _by_org(self) -> dict[tuple[str, object], list[Record]]:
        """The rows by (spec key, org), built once: a look-up per kindergarten × quarter is not a
        scan of every row (300 kindergartens hold 60,000 monitoring rows)."""
        index: dict[tuple[str, object], list[Record]] = {}
        for key, records in self.rows.items():
            for r in records:
                index.setdefault((key, r.get("org")), []).append(r)
        return index

    def org(self, code: str) -> Org:
        return next((o for o in self.orgs if o.code == code), Org(code, code))


def _int(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value))
    except ValueError:
        return None


def pilot_data(
    master: Mapping[str, Sequence[Record]],
    consolidated: Mapping[str, Sequence[Record]],
    indicators: Sequence[str] = DEFAULT_CODES,
) -> PilotData:
    """``master``: the organisations, plan and contests sheets' records; ``consolidated``: the
    consolidated sheets' records by spec key (``c_monitoring`` or ``monitoring`` alike)."""
    orgs = tuple(
        Org(str(r["code"]), str(r.get("short_name") or r["code"]), str(r.get("ownership") or ""))
        for r in master.get("organisations", ()) if r.get("code") is not None
    )
    plan = tuple(
        PlanTask(str(r["item_id"]), str(r.get("text") or ""), str(r.get("deadline_kind") or ""),
                 _int(r.get("deadline_year")), _int(r.get("deadline_month")))
        for r in master.get("plan", ()) if r.get("item_id") is not None and r.get("block") == "preschool"
    )
    contests = tuple(
        ContestDue(str(r["code"]), str(r.get("title") or r["code"]), _int(r.get("month")),
                   str(r.get("plan_item") or ""))
        for r in master.get("contests", ()) if r.get("code") is not None
    )
    rows = {key.removeprefix("c_"): list(records) for key, records in consolidated.items()}
    return PilotData(orgs, plan, contests, rows, tuple(indicators))
