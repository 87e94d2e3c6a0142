"""A new kindergarten Google Sheet, as request bodies: pure, from the same specs, records,
instructions and meta as the .xlsx (``workbook.build.build_kindergarten``).

One ``spreadsheets:batchUpdate`` lays the sheet out (tabs, frozen header, header format and help
notes, data validation that rejects wrong entries, protected header rows, given columns, feedback
and instructions tabs) and one ``values:batchUpdate`` with ``valueInputOption=RAW`` writes its text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from schemas import seed, sheets
from schemas.display import display_value
from schemas.entry_rules import entry_rules
from schemas.lang import Lang
from schemas.rows import column_letter
from schemas.seed import Contest, Organisation, PlanItem
from schemas.sheets import SheetSpec
from schemas.vocabulary import DEFAULT_INDICATORS, Indicator
from sync.google_validation import google_rule
from workbook.build import HEADER_ROW, kindergarten_records
from workbook.instructions import write_instructions
from workbook.meta import META_SHEET, write_meta
from workbook.reader import sheet_rows

MIN_ROWS = 1000
HEADER_BACKGROUND = {"red": 0.851, "green": 0.851, "blue": 0.851}
GIVEN_BACKGROUND = {"red": 0.949, "green": 0.949, "blue": 0.949}


@dataclass(frozen=True)
class Layout:
    """What provisioning sends: the batchUpdate requests, the values, and the tab titles."""

    requests: list[dict[str, Any]]
    values: list[dict[str, Any]]
    titles: list[str]
    protected: list[str]


def a1(title: str, cells: str = "") -> str:
    quoted = "'" + title.replace("'", "''") + "'"
    return f"{quoted}!{cells}" if cells else quoted


def _cell_value(value: object) -> object:
    """A workbook value as RAW input: text stays text (a leading ``=`` included), dates as text."""
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _grid(sheet_id: int, r0: int, r1: int | None, c0: int, c1: int) -> dict[str, Any]:
    grid: dict[str, Any] = {"sheetId": sheet_id, "startRowIndex": r0, "startColumnIndex": c0,
                            "endColumnIndex": c1}
    if r1 is not None:
        grid["endRowIndex"] = r1
    return grid


def _protect(grid: dict[str, Any], editor: str, description: str) -> dict[str, Any]:
    return {"addProtectedRange": {"protectedRange": {
        "range": grid, "description": description, "warningOnly": False,
        "editors": {"users": [editor]}}}}


def sheet_id_for(index: int) -> int:
    """Tab ``index`` of a provisioned sheet: the first tab keeps Google's id 0."""
    return 0 if index == 0 else 1000 + index


@dataclass(frozen=True)
class Tab:
    title: str
    rows: list[list[object]]
    spec: SheetSpec | None = None
    hidden: bool = False


def kindergarten_tabs(org: Organisation, *, lang: Lang, indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS,
                      plan: Sequence[PlanItem] = seed.PLAN, contests: Sequence[Contest] = seed.CONTESTS) -> list[Tab]:
    """What a new kindergarten sheet holds, tab by tab: the same instructions, pre-filled rows and
    meta as ``workbook.build.build_kindergarten`` writes into the .xlsx, without the .xlsx."""
    specs = sheets.kindergarten_sheets(indicators)
    scratch = Workbook()
    instructions = scratch.active
    assert instructions is not None
    write_instructions(instructions, org, specs, lang=lang)
    tabs = [Tab(sheets.INSTRUCTIONS.title(lang), sheet_rows(instructions))]
    records = kindergarten_records(plan, contests)
    for spec in specs:
        rows: list[list[object]] = [[c.header(lang) for c in spec.columns]]
        rows += [[display_value(c, r.get(c.key), lang) for c in spec.columns] for r in records.get(spec.key, [])]
        tabs.append(Tab(spec.title(lang), rows, spec))
    tabs.append(Tab(sheets.FEEDBACK.title(lang), [[c.header(lang) for c in sheets.FEEDBACK.columns]], sheets.FEEDBACK))
    write_meta(scratch, kind="kindergarten", org=org.code, lang=lang)
    tabs.append(Tab(META_SHEET, sheet_rows(scratch[META_SHEET]), hidden=True))
    return tabs


def layout_requests(tabs: Sequence[Tab], *, editor: str, lang: Lang) -> Layout:
    """Requests that turn a new spreadsheet, whose only tab is Google's ``Sheet1`` (id 0), into
    ``tabs``. ``editor`` (the service account) is the only one who may edit protected ranges."""
    requests: list[dict[str, Any]] = []
    values: list[dict[str, Any]] = []
    titles: list[str] = []
    protected: list[str] = []
    for index, tab in enumerate(tabs):
        sheet_id = sheet_id_for(index)
        rows, spec = tab.rows, tab.spec
        width = max(26, max((len(r) for r in rows), default=0))
        grid_props: dict[str, Any] = {"rowCount": max(MIN_ROWS, len(rows) + 1), "columnCount": width}
        if spec is not None:
            grid_props["frozenRowCount"] = HEADER_ROW
        props: dict[str, Any] = {"sheetId": sheet_id, "title": tab.title, "index": index,
                                 "gridProperties": grid_props}
        if tab.hidden:
            props["hidden"] = True
        if index == 0:
            requests.append({"updateSheetProperties": {
                "properties": props, "fields": "title,index,gridProperties,hidden"}})
        else:
            requests.append({"addSheet": {"properties": props}})
        titles.append(tab.title)
        data = [[_cell_value(v) for v in row] for row in rows]
        while data and all(v is None for v in data[-1]):
            data.pop()
        if data:
            values.append({"range": a1(tab.title, "A1"), "values": data})
        if spec is None:
            if sheets.INSTRUCTIONS.titles(tab.title):
                requests.append(_protect({"sheetId": sheet_id}, editor, "Baulu: instructions"))
                protected.append(tab.title)
            continue
        if spec.key == sheets.FEEDBACK.key:
            protected.append(tab.title)
        requests.extend(_spec_requests(spec, sheet_id, len(rows), editor=editor, lang=lang))
    return Layout(requests, values, titles, protected)


def _spec_requests(spec: SheetSpec, sheet_id: int, n_rows: int, *, editor: str, lang: Lang) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    width = len(spec.columns)
    header = HEADER_ROW - 1
    out.append({"repeatCell": {
        "range": _grid(sheet_id, header, HEADER_ROW, 0, width),
        "cell": {"userEnteredFormat": {"backgroundColor": HEADER_BACKGROUND, "textFormat": {"bold": True},
                                       "wrapStrategy": "WRAP", "verticalAlignment": "MIDDLE"}},
        "fields": "userEnteredFormat(backgroundColor,textFormat.bold,wrapStrategy,verticalAlignment)"}})
    out.append({"updateCells": {
        "range": _grid(sheet_id, header, HEADER_ROW, 0, width),
        "rows": [{"values": [{"note": c.help(lang)} if c.help(lang) else {} for c in spec.columns]}],
        "fields": "note"}})
    if spec.key == sheets.FEEDBACK.key:
        out.append(_protect({"sheetId": sheet_id}, editor, "Baulu: feedback"))
        return out
    out.append(_protect(_grid(sheet_id, header, HEADER_ROW, 0, width), editor, "Baulu: header"))
    last = max(MIN_ROWS, n_rows + 1)
    rules = {rule.column: rule for rule in entry_rules(spec, lang)}  # the .xlsx's rules, as Google's
    for index, column in enumerate(spec.columns):
        rule = rules.get(column.key)
        if rule is not None:
            anchor = f"{column_letter(index + 1)}{HEADER_ROW + 1}"
            out.append({"setDataValidation": {"range": _grid(sheet_id, HEADER_ROW, last, index, index + 1),
                                              "rule": google_rule(rule, anchor, lang)}})
        if column.owner == "master" and n_rows > HEADER_ROW:
            given = _grid(sheet_id, HEADER_ROW, n_rows, index, index + 1)
            out.append({"repeatCell": {"range": given,
                                       "cell": {"userEnteredFormat": {"backgroundColor": GIVEN_BACKGROUND}},
                                       "fields": "userEnteredFormat.backgroundColor"}})
            out.append(_protect(given, editor, "Baulu: given by the master"))
    return out
