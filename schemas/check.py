"""Validate a master's or a kindergarten's values: read by headers, coerce, check, collect findings.

Pure: it takes a sheet's tabs (title → rows) as any backend or reader gives them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from schemas import catalogue
from schemas.childcode import formats_from_records
from schemas.finding import Finding, make_finding
from schemas.privacy import personal_in_other_tabs
from schemas.rows import Rows, Tabs, find_tab, meta_from_tabs, tables_from_tabs
from schemas.rules import Context
from schemas.sheets import (
    CONTEST_CALENDAR,
    INDICATORS,
    ORGANISATIONS,
    PLAN,
    SheetSpec,
    kindergarten_sheets,
    master_sheets,
)
from schemas.table import Table
from schemas.validate import validate_table
from schemas.vocabulary import DEFAULT_INDICATORS, Indicator

MASTER_INPUTS = (ORGANISATIONS, PLAN, CONTEST_CALENDAR, INDICATORS)


@dataclass
class Checked:
    """A validated workbook: its typed tables and every finding, sorted."""

    kind: str
    org: str
    tables: dict[str, Table] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    context: Context | None = None
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS


def context_from_master(tables: dict[str, Table]) -> tuple[Context, tuple[Indicator, ...]]:
    """The organisations, contest months, preschool plan items and indicators the master holds."""
    default = Context.default()
    orgs = _column(tables, "organisations", "code")
    calendar = tables.get("contests")
    months: dict[str, int | None] = dict(default.contest_months)
    if calendar is not None and "code" in calendar.frame:
        months = {
            str(code): (int(str(month)) if month is not None else None)
            for code, month in zip(calendar.frame["code"], calendar.frame.get("month", [None] * len(calendar.frame)),
                                   strict=True)
            if code is not None
        }
    plan = tables.get("plan")
    items = default.plan_items
    if plan is not None and {"item_id", "block"} <= set(plan.frame.columns):
        items = frozenset(str(i) for i, b in zip(plan.frame["item_id"], plan.frame["block"], strict=True)
                          if i is not None and b == "preschool")
    indicators = DEFAULT_INDICATORS
    ind = tables.get("indicators")
    if ind is not None and "code" in ind.frame:
        found = tuple(
            Indicator(str(r["code"]), str(r.get("name_kk") or r["code"]), str(r.get("name_ru") or r["code"]))
            for r in ind.frame.to_dict("records")
            if r.get("code") is not None and r.get("active") != "no"
        )
        indicators = found or DEFAULT_INDICATORS
    organisations = tables.get("organisations")
    formats = (formats_from_records(organisations.frame.to_dict("records")) if organisations is not None
               else dict(default.code_formats))
    context = Context(
        orgs=frozenset(orgs) or default.orgs, contest_months=months, plan_items=items or default.plan_items,
        code_formats=formats or dict(default.code_formats),
    )
    return context, indicators


def _column(tables: dict[str, Table], sheet: str, key: str) -> list[str]:
    table = tables.get(sheet)
    if table is None or key not in table.frame:
        return []
    return [str(v) for v in table.frame[key] if v is not None]


def check_master_tabs(tabs: Tabs, *, org: str = "master", consolidated: bool = True) -> Checked:
    """Validate the master's own sheets (and, when ``consolidated``, the gathered kindergarten rows);
    its context is what kindergarten sheets are checked against."""
    tables, found = tables_from_tabs(_tabs_of(tabs, MASTER_INPUTS), MASTER_INPUTS, org=org)
    checked = Checked(kind="master", org=org, findings=list(found))
    for key, table in tables.items():
        typed, findings = validate_table(table, Context.default())
        checked.tables[key] = typed
        checked.findings.extend(findings)
    checked.context, checked.indicators = context_from_master(checked.tables)
    if not consolidated:
        checked.findings.sort(key=lambda f: f.sort_key)
        return checked
    specs = [s for s in master_sheets(checked.indicators) if s.source]
    gathered, found = tables_from_tabs(_tabs_of(tabs, specs), specs, org=org)
    checked.findings.extend(found)
    for key, table in gathered.items():
        typed, findings = validate_table(table, checked.context)
        checked.tables[key] = typed
        checked.findings.extend(findings)
    checked.findings.sort(key=lambda f: f.sort_key)
    return checked


def _tabs_of(tabs: Tabs, specs: Sequence[SheetSpec]) -> dict[str, Rows]:
    titles = {find_tab(tabs, spec) for spec in specs}
    return {title: tabs[title] for title in titles if title is not None}


def check_kindergarten_tabs(
    tabs: Mapping[str, Rows],
    *,
    org: str,
    context: Context | None = None,
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS,
) -> Checked:
    """The same, on a sheet's values as a backend pulled them (title -> rows)."""
    context = context or Context.default()
    code = meta_from_tabs(tabs).get("org") or org
    tables, findings = tables_from_tabs(tabs, kindergarten_sheets(indicators), org=code)
    checked = Checked(kind="kindergarten", org=code, findings=findings, context=context,
                      indicators=indicators)
    if code not in context.orgs:
        checked.findings.append(make_finding(catalogue.ORG_UNKNOWN, org=code, sheet="", value=code))
    for key, table in tables.items():
        typed, found = validate_table(table, context)
        checked.tables[key] = typed
        checked.findings.extend(found)
    checked.findings.extend(personal_in_other_tabs(tabs, (t.sheet_title for t in tables.values()), org=code))
    checked.findings.sort(key=lambda f: f.sort_key)
    return checked
