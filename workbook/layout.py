"""Write one spec'd table onto a worksheet: the single way Baulu lays out a sheet.

Header row, values, Excel table, dropdowns, widths, help comments, frozen header and print
set-up all follow from the :class:`~schemas.sheets.SheetSpec`, so every sheet looks alike.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.header_footer import HeaderFooterItem, _HeaderFooterPart
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from schemas.columns import Column
from schemas.display import display_value
from schemas.entry_rules import EntryRule, entry_rules
from schemas.lang import Lang
from schemas.sheets import SheetSpec
from schemas.tabs import LISTS_TAB
from workbook import style
from workbook.cells import set_value

MARGIN_ROWS = 1000
"""Rows below the header that get dropdowns (and, in kindergarten sheets, unlocked cells)."""

LISTS_SHEET = LISTS_TAB
INLINE_LIST_LIMIT = 255
"""Excel refuses an inline dropdown list longer than this."""

_CHAR_WIDTH = 0.95
"""An average Kazakh/Russian letter of Calibri, in widths of the digit 0 (Excel's width unit)."""
_INT_TYPES = frozenset({"int", "count", "level"})


def last_row(start_row: int, n_records: int) -> int:
    """The last row of the Excel table (one empty data row when there are no records)."""
    return start_row + max(1, n_records)


def margin_end(start_row: int, n_records: int) -> int:
    """The last row that dropdowns (and unlocked cells) reach."""
    return max(start_row + MARGIN_ROWS, last_row(start_row, n_records))


def write_table(
    ws: Worksheet,
    spec: SheetSpec,
    records: Sequence[Mapping[str, object]],
    *,
    lang: Lang = "kk",
    start_row: int = 1,
) -> None:
    """Write ``spec``'s header at ``start_row`` and ``records`` (canonical values) below it."""
    lay_out(ws, spec, len(records), lang=lang, start_row=start_row)
    rows = [[display_value(c, r.get(c.key), lang) for c in spec.columns] for r in records]
    write_rows(ws, spec, rows, start_row=start_row)


def lay_out(ws: Worksheet, spec: SheetSpec, n_records: int, *, lang: Lang = "kk", start_row: int = 1) -> None:
    """The sheet's frame for ``n_records`` rows: header, widths, Excel table, dropdowns, frozen
    header and print set-up."""
    _write_header(ws, spec.columns, lang, start_row)
    for index, column in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column_width(column, lang)
    _add_table(ws, spec, start_row, last_row(start_row, n_records))
    _add_dropdowns(ws, spec, lang, start_row, margin_end(start_row, n_records))
    ws.freeze_panes = f"A{start_row + 1}"
    set_print(ws, title_row=start_row)


def write_rows(ws: Worksheet, spec: SheetSpec, rows: Sequence[Sequence[object]], *, start_row: int = 1) -> None:
    """Display values under the header at ``start_row``, formatted by column (at least one row,
    so that an empty table still shows a formatted line); text is always written as text."""
    end = last_row(start_row, len(rows))
    for index, column in enumerate(spec.columns, start=1):
        for row in range(start_row + 1, end + 1):
            line = rows[row - start_row - 1] if row - start_row <= len(rows) else ()
            cell = ws.cell(row=row, column=index)
            set_value(cell, line[index - 1] if index <= len(line) else None)
            _format_cell(cell, column)
    for row in range(start_row, end + 1):
        fit_row_height(ws, row)


def set_print(ws: Worksheet, *, title_row: int | None = None) -> None:
    """Landscape A4, one page wide, sheet name on top and page numbers below."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.HeaderFooter.oddHeader = HeaderFooterItem(left=_HeaderFooterPart("&A"))
    ws.HeaderFooter.oddFooter = HeaderFooterItem(right=_HeaderFooterPart("&P / &N"))
    if title_row is not None:
        ws.print_title_rows = f"{title_row}:{title_row}"


def column_width(column: Column, lang: Lang = "kk") -> float:
    """The spec's width, widened where a word of the bold header would otherwise be broken."""
    longest = max((len(word) for word in column.header(lang).split()), default=0)
    return max(float(column.width), math.ceil(longest * 1.1 * _CHAR_WIDTH + 2))


def text_lines(text: str, width: float, *, scale: float = 1.0) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (greedy, by word)."""
    capacity = max(width - 1.5, 1.0) / (scale * _CHAR_WIDTH)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > capacity:
                lines += 1
                used = len(word)
            else:
                used += len(word) + (1 if used else 0)
            while used > capacity:  # a word longer than the column breaks anywhere
                lines += 1
                used -= int(capacity)
    return max(lines, 1)


def fit_row_height(ws: Worksheet, row: int) -> None:
    """Make ``row`` tall enough for its wrapped text (neither Excel nor LibreOffice does this
    reliably for a file they did not write). A row of single lines keeps the default height."""
    needed = 0.0
    for cell in ws[row]:
        if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
            continue
        width = ws.column_dimensions[cell.column_letter].width or 13
        size = float(cell.font.sz or 11)
        scale = size / 11 * (1.1 if cell.font.b else 1.0)
        lines = text_lines(cell.value, width, scale=scale)
        needed = max(needed, lines * style.LINE_HEIGHT * size / 11)
    if needed > style.LINE_HEIGHT * 1.5:
        ws.row_dimensions[row].height = needed + 3


def _write_header(ws: Worksheet, columns: Sequence[Column], lang: Lang, row: int) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index, value=column.header(lang))
        cell.font = style.HEADER_FONT
        cell.fill = style.HEADER_FILL
        cell.alignment = style.HEADER_ALIGNMENT
        help_text = column.help(lang)
        if help_text:
            comment = Comment(help_text, "Baulu")
            comment.width, comment.height = 240, 80
            cell.comment = comment


def _format_cell(cell: Cell | MergedCell, column: Column) -> None:
    if column.type == "date":
        cell.number_format = style.DATE_FORMAT
    elif column.type in _INT_TYPES:
        cell.number_format = style.INT_FORMAT
    if column.type in _INT_TYPES or column.type == "date":
        narrow = column.width <= style.CENTRE_UP_TO_WIDTH
        cell.alignment = style.CENTRE_ALIGNMENT if narrow else style.CELL_ALIGNMENT
    elif column.width >= style.WRAP_FROM_WIDTH:
        cell.alignment = style.WRAP_ALIGNMENT
    else:
        cell.alignment = style.CELL_ALIGNMENT


def _add_table(ws: Worksheet, spec: SheetSpec, start_row: int, end_row: int) -> None:
    ref = f"A{start_row}:{get_column_letter(len(spec.columns))}{end_row}"
    table = Table(displayName=spec.excel_table, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=style.TABLE_STYLE, showRowStripes=True)
    table.autoFilter = AutoFilter(ref=ref)
    ws.add_table(table)


def _add_dropdowns(ws: Worksheet, spec: SheetSpec, lang: Lang, start_row: int, end_row: int) -> None:
    """The sheet's entry rules (:func:`schemas.entry_rules.entry_rules`) as Excel data validation."""
    letters = {column.key: get_column_letter(i) for i, column in enumerate(spec.columns, start=1)}
    for rule in entry_rules(spec, lang):
        column = spec.column(rule.column)
        validation = data_validation(ws, rule, lang)
        help_text = column.help(lang)
        if help_text:
            validation.promptTitle = column.header(lang)[:32]
            validation.prompt = help_text[:255]
            validation.showInputMessage = True
        letter = letters[rule.column]
        validation.add(f"{letter}{start_row + 1}:{letter}{end_row}")
        ws.add_data_validation(validation)


def data_validation(ws: Worksheet, rule: EntryRule, lang: Lang) -> DataValidation:
    """One entry rule as openpyxl's DataValidation: a strict rule stops a wrong entry (Excel's
    «Stop» style) with the rule's title and message; a lenient one only offers its list."""
    if rule.kind == "list":
        validation = DataValidation(type="list", formula1=list_formula(ws, list(rule.choices)))
    elif rule.kind == "whole" and rule.maximum is not None:
        validation = DataValidation(type="whole", operator="between", formula1=str(rule.minimum),
                                    formula2=str(rule.maximum))
    elif rule.kind == "whole":
        validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(rule.minimum))
    else:
        assert isinstance(rule.minimum, dt.date) and isinstance(rule.maximum, dt.date)
        validation = DataValidation(type="date", operator="between", formula1=_excel_date(rule.minimum),
                                    formula2=_excel_date(rule.maximum))
    validation.allow_blank = True
    validation.showErrorMessage = rule.strict
    if rule.strict:
        validation.errorStyle = "stop"
        validation.errorTitle = rule.title(lang)
        validation.error = rule.message(lang)
    return validation


def _excel_date(day: dt.date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"


def list_formula(ws: Worksheet, choices: list[str]) -> str:
    """The dropdown's source: inline when Excel allows it, else a range on the lists sheet."""
    inline = ",".join(choices)
    if len(inline) <= INLINE_LIST_LIMIT and not any("," in c or '"' in c for c in choices):
        return f'"{inline}"'
    if ws.parent is None:
        raise ValueError("a dropdown list this long needs the worksheet to be in a workbook")
    return list_range(ws.parent, choices)


def list_range(wb: Workbook, choices: list[str]) -> str:
    """An absolute reference to ``choices`` on the hidden lists sheet (written once per list)."""
    if LISTS_SHEET in wb.sheetnames:
        lists = wb[LISTS_SHEET]
    else:
        lists = wb.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
    assert isinstance(lists, Worksheet)
    column = 1
    while lists.cell(row=1, column=column).value is not None:
        written = [lists.cell(row=r, column=column).value for r in range(1, len(choices) + 2)]
        if written == [*choices, None]:
            break
        column += 1
    else:
        for row, choice in enumerate(choices, start=1):
            lists.cell(row=row, column=column, value=choice)
    letter = get_column_letter(column)
    return f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(choices)}"
