"""Build the coordinator's master workbook and one kindergarten's workbook from specs and seed.

Everything is laid out by :func:`workbook.layout.write_table`; this module only decides which
sheets exist, in which order, what they are pre-filled with and what a kindergarten may edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.worksheet.worksheet import Worksheet

from schemas import seed, sheets
from schemas.analytics.calendar import DEFAULT_DEADLINES
from schemas.analytics.dashboard import dashboard
from schemas.analytics.inputs import pilot_data
from schemas.coerce import normalise_phones
from schemas.given import given_records
from schemas.lang import Lang
from schemas.rows import Record
from schemas.seed import Contest, Organisation, PlanItem
from schemas.sheets import SheetSpec
from schemas.vocabulary import DEFAULT_INDICATORS, DIRECTIONS, Indicator
from workbook import style
from workbook.dashboard import write_dashboard
from workbook.instructions import write_instructions
from workbook.layout import LISTS_SHEET, last_row, margin_end, write_table
from workbook.meta import META_SHEET, write_meta
from workbook.notice import mark_rebuilt

UNLOCKED = Protection(locked=False)
HEADER_ROW = 1


# --------------------------------------------------------------------------- records


def _month(month: int | None) -> str | None:
    return None if month is None else str(month)


def _normalised(raw: str) -> str | None:
    phones, ok = normalise_phones(raw)
    return ", ".join(phones) if ok else None


def organisation_records(
    organisations: Sequence[Organisation], sheet_paths: Mapping[str, str] | None = None,
) -> list[Record]:
    paths = sheet_paths or {}
    return [
        {
            "code": o.code, "no": o.no, "short_name": o.short_name, "full_name": o.full_name,
            "ownership": o.ownership, "address": o.address,
            "head": o.head, "head_phone": o.head_phone, "head_phone_norm": _normalised(o.head_phone),
            "lead": o.lead, "lead_phone": o.lead_phone, "lead_phone_norm": _normalised(o.lead_phone),
            "sheet": paths.get(o.code, f"kindergartens/{o.code}.xlsx"), "emails": None,
            "child_prefix": o.child_prefix or o.code, "child_letters": o.child_letters,
        }
        for o in organisations
    ]


def plan_records(plan: Sequence[PlanItem]) -> list[Record]:
    return [
        {
            "item_id": p.item_id, "block": p.block, "no": p.no, "text": p.text,
            "deadline_text": p.deadline_text, "deadline_kind": p.deadline_kind,
            "deadline_year": p.deadline_year, "deadline_month": _month(p.deadline_month),
            "responsible": p.responsible,
        }
        for p in plan
    ]


def contest_records(contests: Sequence[Contest]) -> list[Record]:
    return [
        {"code": c.code, "plan_item": c.plan_item, "direction": c.direction, "title": c.title,
         "month": _month(c.month)}
        for c in contests
    ]


def indicator_records(indicators: Sequence[Indicator]) -> list[Record]:
    return [{"code": i.code, "name_kk": i.kk, "name_ru": i.ru, "active": "yes"} for i in indicators]


def kindergarten_records(plan: Sequence[PlanItem], contests: Sequence[Contest]) -> dict[str, list[Record]]:
    """What a new kindergarten workbook starts with, by sheet key: what the master gives it
    (:func:`schemas.given.given_records`) and one environment row per direction."""
    return {
        **given_records(plan_records(plan), contest_records(contests)),
        "environment": [{"direction": t.key} for t in DIRECTIONS],
    }


# --------------------------------------------------------------------------- workbooks


def build_master(
    *,
    lang: Lang = "kk",
    organisations: Sequence[Organisation] = seed.ORGANISATIONS,
    plan: Sequence[PlanItem] = seed.PLAN,
    contests: Sequence[Contest] = seed.CONTESTS,
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS,
    sheet_paths: Mapping[str, str] | None = None,
) -> Workbook:
    """The coordinator's workbook, seeded from the order; the consolidated sheets start empty."""
    records = {
        "organisations": organisation_records(organisations, sheet_paths),
        "plan": plan_records(plan),
        "contests": contest_records(contests),
        "indicators": indicator_records(indicators),
    }
    specs = sheets.master_sheets(indicators)
    wb = _empty_workbook()
    for spec in specs:
        ws = wb.create_sheet(spec.title(lang))
        if spec.key == sheets.SUMMARY.key:  # nothing pulled yet: the dashboard of an empty pilot
            board = dashboard(pilot_data(records, {}, [i.code for i in indicators]),
                              now=dt.datetime.now(dt.UTC), deadlines=DEFAULT_DEADLINES)
            write_dashboard(ws, board, lang=lang)
            mark_rebuilt(ws, lang=lang)
        else:
            write_table(ws, spec, records.get(spec.key, []), lang=lang, start_row=HEADER_ROW)
    wb.create_sheet(sheets.NOTES.title(lang))  # hers: Baulu never writes into it
    wb.calculation.fullCalcOnLoad = True
    _finish(wb, kind="master", lang=lang)
    return wb


def build_kindergarten(
    org: Organisation,
    *,
    lang: Lang = "kk",
    plan: Sequence[PlanItem] = seed.PLAN,
    contests: Sequence[Contest] = seed.CONTESTS,
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS,
) -> Workbook:
    """One kindergarten's workbook: instructions, its data tabs (pre-filled) and feedback.

    It holds no personal data of any organisation: only the organisation's name and code.
    """
    tabs = sheets.kindergarten_sheets(indicators)
    records = kindergarten_records(plan, contests)
    wb = _empty_workbook()
    instructions = wb.create_sheet(sheets.INSTRUCTIONS.title(lang))
    write_instructions(instructions, org, tabs, lang=lang)
    protect(instructions, editable=False)
    for spec in tabs:
        ws = wb.create_sheet(spec.title(lang))
        rows = records.get(spec.key, [])
        write_table(ws, spec, rows, lang=lang, start_row=HEADER_ROW)
        lock_given_columns(ws, spec, len(rows), start_row=HEADER_ROW)
        protect(ws, editable=True)
    feedback = wb.create_sheet(sheets.FEEDBACK.title(lang))
    write_table(feedback, sheets.FEEDBACK, [], lang=lang, start_row=HEADER_ROW)
    protect(feedback, editable=False)
    _finish(wb, kind="kindergarten", org=org.code, lang=lang)
    return wb


# --------------------------------------------------------------------------- protection


def lock_given_columns(ws: Worksheet, spec: SheetSpec, n_records: int, *, start_row: int = 1) -> None:
    """Unlock the cells the kindergarten fills; grey the pre-filled cells it may not change.

    Cells are locked by default, so the header row and the master's columns stay locked once
    the sheet is protected.
    """
    filled_to = last_row(start_row, n_records) if n_records else start_row
    for index, column in enumerate(spec.columns, start=1):
        given = column.owner != "org"
        for row in range(start_row + 1, margin_end(start_row, n_records) + 1):
            cell = ws.cell(row=row, column=index)
            if not given:
                cell.protection = UNLOCKED
            elif row <= filled_to:
                cell.fill = style.GIVEN_FILL


def protect(ws: Worksheet, *, editable: bool) -> None:
    """Protect the sheet without a password; an editable sheet still allows formatting,
    sorting, filtering, links and new rows."""
    protection = ws.protection
    protection.sheet = True
    if editable:
        protection.formatCells = protection.formatColumns = protection.formatRows = False
        protection.sort = protection.autoFilter = protection.insertRows = False
        protection.insertHyperlinks = False


def _empty_workbook() -> Workbook:
    wb = Workbook()
    for ws in list(wb.worksheets):
        wb.remove(ws)
    return wb


def _finish(wb: Workbook, **meta: str) -> None:
    """Write the meta sheet, put the hidden sheets last and open the workbook on its first tab."""
    write_meta(wb, **meta)
    for name in (LISTS_SHEET, META_SHEET):
        if name in wb.sheetnames:
            wb.move_sheet(name, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(name))
    wb.active = 0
    for index, ws in enumerate(wb.worksheets):
        ws.sheet_view.tabSelected = index == 0
