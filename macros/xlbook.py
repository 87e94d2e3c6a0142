"""The master open in Excel, through xlwings: read for a round, and a write plan applied to it.

This is the ribbon's :class:`~sync.master.MasterBook`. Everything goes through Excel's object
model (``xw.Book.caller()`` on Windows), so the coordinator's charts, pivot tables, shapes and
formatting stay as they are, and nothing is saved behind Excel's back: she saves when she wants.
Values are written one Range per contiguous block; every ``str`` that is not a
:class:`~schemas.writeplan.Formula` is written as text (Excel's leading apostrophe), so ``=…``
typed by a kindergarten never becomes a formula here.

Not every engine can read everything synchronously: xlwings' remote engine (the tests' engine)
sends values, but not formulas, fills or the text of notes. Such reads go through
:func:`_readable`, and the plan is applied without what could not be read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

import openpyxl
import xlwings as xw
from xlwings.main import Table

from schemas.celltext import writable_text
from schemas.check import MASTER_INPUTS
from schemas.lang import Lang
from schemas.rows import Rows, Tabs
from schemas.sheets import SheetSpec
from schemas.tabs import MARKS_TAB
from schemas.writeplan import (
    Block,
    Formula,
    Mark,
    SheetWrite,
    Summary,
    Value,
    WorkbookPlan,
    blocks_from_cells,
    split_cell,
)
from workbook.dashboard import write_dashboard
from workbook.layout import column_width, last_row
from workbook.marks import severity_fill
from workbook.notice import mark_rebuilt, rebuilt_notice
from workbook.style import TABLE_STYLE

T = TypeVar("T")

ERROR_FILL = "#FFC7CE"
WARNING_FILL = "#FFEB9C"
HEADER_FILL = "#1F4E78"
HEADER_FONT = "#FFFFFF"


def _readable(read: Callable[[], T]) -> T | None:
    """What ``read`` returns, or None where the engine cannot read it synchronously."""
    try:
        return read()
    except NotImplementedError:
        return None


def to_excel(value: object) -> Any:
    """A plan value as it is handed to Excel: text stays text, Baulu's formulas are formulas."""
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str):
        return "'" + writable_text(value) if value else None  # at most 32,767 characters, as openpyxl's
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _color(target: xw.Range) -> object:
    return target.color


def _note_of(note: xw.Note) -> tuple[str | None, str | None]:
    """A note's text and author, where the engine can read them."""
    return _readable(lambda: str(note.text)), _readable(lambda: str(note.author))


def _whole(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _hex(color: object) -> str | None:
    """An xlwings colour (RGB tuple or hex) as the ARGB text the marks registry keeps."""
    if isinstance(color, tuple) and len(color) == 3:
        return "FF{:02X}{:02X}{:02X}".format(*color)
    if isinstance(color, str) and color.startswith("#") and len(color) == 7:
        return "FF" + color[1:].upper()
    return None


def _rows(values: object) -> list[list[object]]:
    """A range's ``.value`` or ``.formula`` as a list of rows, whatever its shape (Excel gives a
    lone cell as a scalar and a block as tuples of tuples)."""
    if values is None:
        return []
    if not isinstance(values, list | tuple):
        return [[values]]
    if values and not isinstance(values[0], list | tuple):
        return [list(values)]
    return [list(r) for r in values]


def with_formulas(values: object, formulas: object) -> list[list[object]]:
    """A range's values with its formula cells as :class:`Formula`: a cell is a formula when its
    formula text starts with «=» and differs from its value (text typed as «=…» does not)."""
    rows = [[_whole(v) for v in line] for line in _rows(values)]
    for r, line in enumerate(_rows(formulas)):
        for c, formula in enumerate(line):
            if isinstance(formula, str) and formula.startswith("=") and formula != rows[r][c]:
                rows[r][c] = Formula(formula)
    return rows


class ExcelMaster:
    """The master as the workbook open in Excel (through xlwings): read, then written in place."""

    def __init__(self, book: xw.Book) -> None:
        self.book = book
        self.unprotected: list[str] = []
        """Sheets the last plan asked to protect that this engine could not protect (the ribbon's
        message tells the coordinator)."""

    def titles(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def values(self, title: str) -> Rows:
        """A sheet's values from A1, as the file path reads them: whole numbers as ints (Excel
        hands every number over as a float), formula cells as :class:`Formula` where the engine
        can tell formulas. A text cell that merely looks like a formula («=…» typed by someone)
        has the same text as its formula and stays text."""
        sheet = self.book.sheets[title]
        used = sheet.used_range
        area = sheet.range((1, 1), (used.last_cell.row, used.last_cell.column))
        return with_formulas(area.options(ndim=2).value, _readable(lambda: area.formula))

    def inputs(self) -> Tabs:
        return {t: self.values(t) for t in self.titles() if any(spec.titles(t) for spec in MASTER_INPUTS)}

    def tabs(self) -> Tabs:
        """Every sheet's values, as a round reads a workbook."""
        return {t: self.values(t) for t in self.titles()}

    def apply(self, plan: WorkbookPlan) -> None:
        self.unprotected = apply_plan(self.book, plan)


def apply_plan(book: xw.Book, plan: WorkbookPlan) -> list[str]:
    """Carry out ``plan`` in the open workbook, as the openpyxl applier does on a file. Sheets it
    writes or marks are unprotected first (Excel refuses writes to a protected sheet) and those
    the plan protects — kindergarten-owned columns of the consolidated sheets, the summary — are
    protected again at the end, as the openpyxl applier leaves them. Returns the titles it could
    not protect: an engine without sheet protection (xlwings' remote engine, Office.js) says so."""
    touched = {w.title for w in plan.sheets} | {m.sheet for m in plan.marks}
    if plan.summary is not None:
        touched.add(plan.summary.title)
    had = {s.name: unprotect_sheet(s) for s in book.sheets if s.name in touched}
    for write in plan.sheets:
        apply_sheet(book, write, lang=plan.lang, protect=False)
    apply_marks(book, plan.marks)
    wanted: dict[str, tuple[int, ...]] = {w.title: w.locked for w in plan.sheets if w.protect}
    if plan.summary is not None:
        apply_summary(book, plan.summary, lang=plan.lang, protect=False)
        wanted[plan.summary.title] = ()
    wanted.update({title: () for title, was in had.items() if was and title not in wanted})
    names = {s.name for s in book.sheets}
    return [title for title, locked in wanted.items()
            if title in names and not protect_sheet(book.sheets[title], locked)]


def _com(sheet: xw.Sheet) -> Any:
    """The sheet's Excel object (COM, Excel on Windows) when it can protect; None for an engine
    without sheet protection."""
    api = _readable(lambda: sheet.api)
    return api if hasattr(api, "Protect") and hasattr(api, "Unprotect") else None


def unprotect_sheet(sheet: xw.Sheet) -> bool:
    """Lift a password-less protection so that the round can write; whether the sheet was protected."""
    api = _com(sheet)
    if api is None:
        return False
    was = bool(api.ProtectContents)
    if was:
        api.Unprotect()
    return was


def protect_sheet(sheet: xw.Sheet, locked: Sequence[int] = ()) -> bool:
    """Protect the sheet without a password; with ``locked`` only those columns (1-based) are
    locked and every other cell stays open, as ``workbook.protect`` does on a file. False when the
    engine cannot protect a sheet."""
    api = _com(sheet)
    if api is None:
        return False
    if locked:
        api.Cells.Locked = False
        for column in locked:
            api.Columns(column).Locked = True
    api.Protect(DrawingObjects=False, Contents=True, Scenarios=False, AllowFormattingCells=True,
                AllowFormattingColumns=True, AllowFormattingRows=True, AllowSorting=True, AllowFiltering=True)
    return True


def _find(book: xw.Book, spec: SheetSpec) -> xw.Sheet | None:
    return next((s for s in book.sheets if spec.titles(s.name)), None)


def write_block(sheet: xw.Sheet, block: Block) -> None:
    """One Range write for the whole block (a block of blanks is cleared instead)."""
    if not block.values or not block.width:
        return
    target = sheet.range((block.row, block.col), (block.row + block.height - 1, block.col + block.width - 1))
    rows = [[to_excel(v) for v in (*line, *([None] * (block.width - len(line))))] for line in block.values]
    if all(v is None for line in rows for v in line):
        target.clear_contents()
    else:
        target.value = rows


def apply_sheet(book: xw.Book, write: SheetWrite, *, lang: Lang, protect: bool = True) -> xw.Sheet:
    """One sheet's write; with ``protect`` (a write on its own) the sheet is unprotected for it
    and, when the write says so, protected again."""
    sheet = _find(book, write.spec)
    if sheet is None:
        sheet = book.sheets.add(write.title, after=book.sheets[len(book.sheets) - 1])
    if protect:
        unprotect_sheet(sheet)
    if write.layout:
        _lay_out(sheet, write, lang)
    else:
        for block in (*write.clear, *write.blocks):
            write_block(sheet, block)
        if write.table_end is not None:
            _extend_table(sheet, write)
    shown = write.values()
    for link in write.links:
        row, col = split_cell(link.cell)
        text = shown.get((row, col))
        if text is None:
            text = sheet.range(link.cell).value
        sheet.range(link.cell).add_hyperlink("#" + link.location, "" if text is None else str(text))
    if protect and write.protect:
        protect_sheet(sheet, write.locked)
    return sheet


def _lay_out(sheet: xw.Sheet, write: SheetWrite, lang: Lang) -> None:
    """Baulu's own sheet (findings) laid out again in place: cleared, header, rows, widths."""
    sheet.clear()
    spec, top = write.spec, write.header_row
    header = sheet.range((top, 1), (top, len(spec.columns)))
    header.value = [[to_excel(c.header(lang)) for c in spec.columns]]
    header.font.bold = True
    header.font.color = HEADER_FONT
    header.color = HEADER_FILL
    for index, column in enumerate(spec.columns, start=1):
        sheet.range((top, index)).column_width = column_width(column, lang)
    cells = [(r, c, v) for (r, c), v in sorted(write.values().items()) if r > top]
    for block in blocks_from_cells(cells):
        write_block(sheet, block)
    records = max((r for r, _, _ in cells), default=top) - top
    if "severity" in spec.column_keys():  # errors red, warnings yellow, as the openpyxl applier does
        at = spec.column_keys().index("severity") + 1
        for r, c, value in cells:
            if c == at and value is not None:
                sheet.range((r, c)).color = "#" + severity_fill(value)[-6:]
    area = sheet.range((top, 1), (last_row(top, records), len(spec.columns)))
    table = _table(sheet, spec)
    if table is None:
        sheet.tables.add(source=area, name=spec.excel_table, table_style_name=TABLE_STYLE)
    else:
        table.resize(area)


def _table(sheet: xw.Sheet, spec: SheetSpec) -> Table | None:
    tables = _readable(lambda: {t.name: t for t in sheet.tables})
    return (tables or {}).get(spec.excel_table)


def _extend_table(sheet: xw.Sheet, write: SheetWrite) -> None:
    """The sheet's Excel table made to reach ``table_end``, as the openpyxl applier does: it only
    grows when ``grow_only``, and keeps at least one data row."""
    table = _table(sheet, write.spec)
    if table is None or write.table_end is None:
        return
    area = table.range
    top, bottom = area.row, area.last_cell.row
    end = max(write.table_end, bottom) if write.grow_only else max(write.table_end, top + 1)
    if end != bottom:
        table.resize(sheet.range((top, area.column), (end, area.last_cell.column)))


def _registry_rows(book: xw.Book) -> list[list[object]]:
    names = [s.name for s in book.sheets]
    if MARKS_TAB not in names:
        return []
    sheet = book.sheets[MARKS_TAB]
    used = sheet.used_range
    values = _rows(sheet.range((1, 1), (used.last_cell.row, 5)).value)
    return [(r + [None] * 5)[:5] for r in values if r and r[0] and r[1]]


def clear_marks(book: xw.Book) -> int:
    """Undo the previous round's marks: each cell gets back its own fill and note."""
    names = {s.name for s in book.sheets}
    restored = 0
    for sheet_name, cell, fill, note, _author in _registry_rows(book):
        if str(sheet_name) not in names:
            continue
        target = book.sheets[str(sheet_name)].range(str(cell))
        target.color = "#" + str(fill)[-6:] if fill else None
        if target.note is not None:
            target.note.delete()
        if note:
            target.add_note(str(note))
        restored += 1
    return restored


def apply_marks(book: xw.Book, marks: Sequence[Mark]) -> int:
    """Clear the old marks, then colour each marked cell and put its note on it; the cells'
    own fills and notes are kept in the hidden registry sheet, as the openpyxl applier keeps them."""
    clear_marks(book)
    names = [s.name for s in book.sheets]
    wanted = [m for m in marks if m.sheet in names]
    if MARKS_TAB in names:
        registry = book.sheets[MARKS_TAB]
        if not wanted:
            registry.delete()
            return 0
        registry.clear_contents()
    elif not wanted:
        return 0
    else:
        registry = book.sheets.add(MARKS_TAB, after=book.sheets[len(book.sheets) - 1])
        registry.visible = False
    rows: list[list[object]] = []
    for mark in wanted:
        target = book.sheets[mark.sheet].range(mark.cell)
        note = target.note
        text, author = _note_of(note) if note is not None else (None, None)
        rows.append([mark.sheet, mark.cell, _hex(_readable(partial(_color, target))), text, author])
        target.color = ERROR_FILL if mark.severity == "error" else WARNING_FILL
        if note is not None:
            note.delete()
        target.add_note(mark.note)
    registry.range((1, 1), (len(rows), 5)).value = [[to_excel(v) for v in r] for r in rows]
    return len(wanted)


def summary_cells(summary: Summary, titles: Sequence[str], *, lang: Lang,
                  ) -> tuple[list[tuple[int, int, Value]], dict[tuple[int, int], str]]:
    """The dashboard's cells as the openpyxl applier lays them out (the same
    :func:`~workbook.dashboard.write_dashboard`, on a scratch sheet), and each filled cell's colour."""
    scratch = openpyxl.Workbook()
    ws = scratch.worksheets[0]
    ws.title = summary.title + "~" if summary.title in titles else summary.title
    write_dashboard(ws, summary.board, lang=lang)
    mark_rebuilt(ws, lang=lang)
    cells: list[tuple[int, int, Value]] = []
    fills: dict[tuple[int, int], str] = {}
    for r, row in enumerate(ws.iter_rows(), start=1):
        for col, c in enumerate(row, start=1):
            if isinstance(c.value, str | int | float | dt.date):
                cells.append((r, col, c.value))
            colour = c.fill.start_color.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
            if isinstance(colour, str):
                fills[(r, col)] = "#" + colour[-6:]
    return cells, fills


def apply_summary(book: xw.Book, summary: Summary, *, lang: Lang, protect: bool = True) -> bool:
    """The dashboard's values and colours written in place, with its notice (Baulu's sheet: write
    on «Менің жазбаларым»). xlwings draws no chart: those the command line's sync drew stay and
    read the same data tables. With ``protect`` (a write on its own) the sheet is unprotected for it and protected again; False when this engine
    could not protect it."""
    names = [s.name for s in book.sheets]
    if summary.title in names:
        sheet = book.sheets[summary.title]
        if protect:
            unprotect_sheet(sheet)
        sheet.used_range.clear_contents()
        sheet.used_range.color = None
    else:
        sheet = book.sheets.add(summary.title, before=book.sheets[0])
    cells, fills = summary_cells(summary, names, lang=lang)
    for block in blocks_from_cells(cells):
        write_block(sheet, block)
    for (row, column), colour in fills.items():
        sheet.range((row, column)).color = colour
    first = sheet.range("A1")
    if _readable(lambda: first.note) is None:  # the notice on A1 too, as on the file
        first.add_note(rebuilt_notice(lang))
    return protect_sheet(sheet) if protect else True
