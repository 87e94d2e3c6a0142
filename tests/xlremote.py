"""xlwings' remote engine in tests: a payload made from a real workbook, and its actions applied back.

The remote engine (``xw.Book(json=...)``) is xlwings' own Book/Sheet/Range API without Excel: it
reads the values an Excel client sent and records what the code does as actions, which the
client would carry out. Here the "client" is openpyxl: :func:`payload` sends a workbook's values
as xlwings' Office.js client would, and :func:`apply_actions` carries out the recorded actions on
that workbook, as Excel does — text with a leading apostrophe stays text, ``=…`` is a formula,
ISO dates are dates. An action it does not know fails the test.

xlwings' remote engine is xlwings PRO, used here under the PolyForm Noncommercial licence
(``XLWINGS_LICENSE_KEY=noncommercial``, see docs/excel-addin.md).
"""

from __future__ import annotations

import datetime as dt
import re
from copy import copy
from typing import Any

import xlwings as xw
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableStyleInfo

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?)?$")
_VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


def _sent(value: object) -> object:
    """A cell's value as the Office.js client sends it."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="milliseconds") + "Z"
    return value


def _absolute(ref: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


def _tables(ws: Any) -> list[dict[str, Any]]:
    """The sheet's Excel tables as the client describes them (a header row, no totals row)."""
    out = []
    for table in ws.tables.values():
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        first, last = get_column_letter(min_col), get_column_letter(max_col)
        out.append({
            "name": table.name, "range_address": _absolute(table.ref),
            "header_row_range_address": _absolute(f"{first}{min_row}:{last}{min_row}"),
            "data_body_range_address": _absolute(f"{first}{min_row + 1}:{last}{max_row}"),
            "total_row_range_address": None, "show_headers": True, "show_totals": False,
            "table_style": table.tableStyleInfo.name if table.tableStyleInfo else None,
            "show_autofilter": table.autoFilter is not None,
        })
    return out


def payload(wb: Workbook, name: str = "master.xlsx") -> dict[str, Any]:
    """What xlwings' Office.js client sends for ``wb``: every sheet's values from A1, its notes."""
    sheets = []
    for ws in wb.worksheets:
        rows = [[_sent(v) for v in row] for row in ws.iter_rows(min_row=1, min_col=1, values_only=True)]
        notes = [{"address": f"${get_column_letter(c.column)}${c.row}"}
                 for row in ws.iter_rows() for c in row if c.comment is not None]
        sheets.append({
            "name": ws.title, "values": rows or [[None]], "pictures": [], "tables": _tables(ws), "notes": notes,
            "notes_supported": True, "visibility": _VISIBILITY.get(ws.sheet_state, "Visible"),
            "show_gridlines": True, "pivot_tables": [],
        })
    return {
        "client": "Office.js", "version": xw.__version__,
        "book": {"name": name, "active_sheet_index": 0, "selection": "A1"},
        "names": [], "sheets": sheets,
    }


def _received(value: object) -> object:
    """A value an action writes, as Excel stores it."""
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:]
        if _ISO.match(value):
            parsed = dt.datetime.fromisoformat(value)
            return parsed if "T" in value else parsed.replace(hour=0)
    return value


def apply_actions(wb: Workbook, actions: list[dict[str, Any]]) -> list[list[Any]]:
    """Carry out the remote engine's actions on ``wb``; returns the alerts' arguments, in order."""
    alerts: list[list[Any]] = []
    for action in actions:
        func, args = action["func"], action["args"]
        if func == "alert":
            alerts.append(args)
            continue
        if func == "addSheet":
            wb.create_sheet(args[1], args[0])
            continue
        ws = wb.worksheets[action["sheet_position"]]
        if func in ("sheetClear", "sheetClearContents"):
            for row in ws.iter_rows():
                for cell in row:
                    cell.value = None
                    if func == "sheetClear":
                        cell.comment, cell.fill, cell.hyperlink, cell.font = None, PatternFill(), None, Font()
            continue
        if func == "sheetDelete":
            wb.remove(ws)
            continue
        if func == "resizeTable":
            table = list(ws.tables.values())[args[0]]
            table.ref = args[1].replace("$", "")
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
            continue
        if func == "addTable":
            ref = args[0].replace("$", "")
            table = Table(displayName=args[3], ref=ref, autoFilter=AutoFilter(ref=ref),
                          tableStyleInfo=TableStyleInfo(name=args[2], showRowStripes=True))
            ws.add_table(table)
            continue
        if func == "setSheetVisibility":
            ws.sheet_state = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}[args[0]]
            continue
        top, left = action["start_row"] + 1, action["start_column"] + 1
        cells = [ws.cell(row=r, column=c) for r in range(top, top + action["row_count"])
                 for c in range(left, left + action["column_count"])]
        if func == "setValues":
            for i, line in enumerate(action["values"]):
                for j, value in enumerate(line):
                    cell = ws.cell(row=top + i, column=left + j)
                    cell.value = _received(value)
                    if isinstance(value, str) and value.startswith("'"):
                        cell.data_type = "s"
        elif func == "rangeClearContents":
            for cell in cells:
                if not isinstance(cell, MergedCell):  # a merged area is cleared at its anchor, as Excel does
                    cell.value = None
        elif func == "setRangeColor":
            fill = PatternFill(fill_type="solid", fgColor="FF" + args[0][1:].upper()) if args[0] else PatternFill()
            for cell in cells:
                cell.fill = fill
        elif func in ("addNote", "setNoteText"):
            ws[args[0].replace("$", "")].comment = Comment(args[1], "Baulu")
        elif func == "deleteNote":
            cells[0].comment = None
        elif func == "addHyperlink":
            cell = cells[0]
            target = args[0]
            cell.hyperlink = (Hyperlink(ref=cell.coordinate, location=target[1:]) if target.startswith("#")
                              else target)
            if args[1] is not None:
                cell.value = args[1]
        elif func == "setFontProperty":
            for cell in cells:
                font = copy(cell.font)
                setattr(font, args[0], ("FF" + args[1][1:]) if args[0] == "color" else args[1])
                cell.font = font
        elif func == "rangeClear":
            for cell in cells:
                cell.value, cell.comment, cell.fill, cell.hyperlink = None, None, PatternFill(), None
        elif func == "setColumnWidth":
            for c in range(left, left + action["column_count"]):
                ws.column_dimensions[get_column_letter(c)].width = args[0]
        else:
            raise AssertionError(f"an action the test client cannot carry out: {func}")
    return alerts
