"""A new kindergarten Google Sheet, as request bodies: pure, from the same specs and the same
workbook the .xlsx backend builds (``workbook.build.build_kindergarten``).

One ``spreadsheets:batchUpdate`` lays the sheet out (tabs, frozen header, header format and help
notes, data validation that rejects wrong entries, protected header rows, given columns, feedback
and instructions tabs) and one ``values:batchUpdate`` with ``valueInputOption=RAW`` writes its text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.workbook.workbook import Workbook

from schemas import sheets
from schemas.columns import Column
from schemas.sheets import SheetSpec
from schemas.vocabulary import DEFAULT_INDICATORS, Indicator
from workbook.build import HEADER_ROW
from workbook.layout import LISTS_SHEET
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


def validation_rule(column: Column, lang: str) -> dict[str, Any] | None:
    """A strict rule for the column's type, or None when any text goes."""
    if column.type in ("enum", "level"):
        choices = column.choices(lang)
        if not choices:
            return None
        return {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": c} for c in choices]},
                "strict": True, "showCustomUi": True, "inputMessage": column.help(lang)[:255] or None}
    if column.type == "date":
        return {"condition": {"type": "DATE_IS_VALID"}, "strict": True,
                "inputMessage": column.help(lang)[:255] or None}
    if column.type in ("count", "int"):
        return {"condition": {"type": "NUMBER_GREATER_THAN_EQ", "values": [{"userEnteredValue": "0"}]},
                "strict": True, "inputMessage": column.help(lang)[:255] or None}
    return None


def _without_none(rule: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rule.items() if v is not None}


def _protect(grid: dict[str, Any], editor: str, description: str) -> dict[str, Any]:
    return {"addProtectedRange": {"protectedRange": {
        "range": grid, "description": description, "warningOnly": False,
        "editors": {"users": [editor]}}}}


def sheet_id_for(index: int) -> int:
    """Tab ``index`` of a provisioned sheet: the first tab keeps Google's id 0."""
    return 0 if index == 0 else 1000 + index


def layout_requests(wb: Workbook, *, editor: str, lang: str,
                    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS) -> Layout:
    """Turn the kindergarten workbook ``wb`` (as ``build_kindergarten`` makes it) into requests for a
    new spreadsheet whose only tab is Google's ``Sheet1`` (id 0). ``editor`` (the service account)
    is the only one who may edit protected ranges."""
    specs: Sequence[SheetSpec] = (*sheets.kindergarten_sheets(indicators), sheets.FEEDBACK)
    requests: list[dict[str, Any]] = []
    values: list[dict[str, Any]] = []
    titles: list[str] = []
    protected: list[str] = []
    tabs = [ws for ws in wb.worksheets if ws.title != LISTS_SHEET]
    for index, ws in enumerate(tabs):
        sheet_id = sheet_id_for(index)
        rows = sheet_rows(ws)
        spec = next((s for s in specs if s.titles(ws.title)), None)
        width = max(26, max((len(r) for r in rows), default=0))
        grid_props: dict[str, Any] = {"rowCount": max(MIN_ROWS, len(rows) + 1), "columnCount": width}
        if spec is not None:
            grid_props["frozenRowCount"] = HEADER_ROW
        props: dict[str, Any] = {"sheetId": sheet_id, "title": ws.title, "index": index,
                                 "gridProperties": grid_props}
        if ws.sheet_state != "visible":
            props["hidden"] = True
        if index == 0:
            requests.append({"updateSheetProperties": {
                "properties": props, "fields": "title,index,gridProperties,hidden"}})
        else:
            requests.append({"addSheet": {"properties": props}})
        titles.append(ws.title)
        data = [[_cell_value(v) for v in row] for row in rows]
        while data and all(v is None for v in data[-1]):
            data.pop()
        if data:
            values.append({"range": a1(ws.title, "A1"), "values": data})
        if spec is None:
            if sheets.INSTRUCTIONS.titles(ws.title):
                requests.append(_protect({"sheetId": sheet_id}, editor, "Baulu: instructions"))
                protected.append(ws.title)
            continue
        if spec.key == sheets.FEEDBACK.key:
            protected.append(ws.title)
        requests.extend(_spec_requests(spec, sheet_id, len(rows), editor=editor, lang=lang))
    return Layout(requests, values, titles, protected)


def _spec_requests(spec: SheetSpec, sheet_id: int, n_rows: int, *, editor: str, lang: str) -> list[dict[str, Any]]:
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
    for index, column in enumerate(spec.columns):
        rule = validation_rule(column, lang)
        if rule is not None:
            out.append({"setDataValidation": {"range": _grid(sheet_id, HEADER_ROW, last, index, index + 1),
                                              "rule": _without_none(rule)}})
        if column.owner == "master" and n_rows > HEADER_ROW:
            given = _grid(sheet_id, HEADER_ROW, n_rows, index, index + 1)
            out.append({"repeatCell": {"range": given,
                                       "cell": {"userEnteredFormat": {"backgroundColor": GIVEN_BACKGROUND}},
                                       "fields": "userEnteredFormat.backgroundColor"}})
            out.append(_protect(given, editor, "Baulu: given by the master"))
    return out
