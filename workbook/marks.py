"""Marks on cells: a fill by severity and a note saying why.

The previous round's marks are cleared first, restoring each cell's own fill and note, so a
fixed mistake leaves no trace. Which cells were marked, and what they looked like before, is
kept in a very hidden sheet.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from schemas.sheets import SheetSpec
from schemas.tabs import MARKS_TAB
from schemas.text import normalise
from schemas.vocabulary import SEVERITIES, term
from schemas.writeplan import Mark
from workbook.cells import set_value

AUTHOR = "Baulu"
ERROR_FILL = "FFFFC7CE"
WARNING_FILL = "FFFFEB9C"
MARKS_SHEET = MARKS_TAB


def clear_marks(wb: Workbook) -> int:
    """Undo the previous round's marks; returns how many cells were restored."""
    if MARKS_SHEET not in wb.sheetnames:
        return 0
    marks = wb[MARKS_SHEET]
    restored = 0
    # sheet, cell, the cell's own fill and note (blank ones are not stored: pad to five)
    for sheet, cell, fill, note, author in marks.iter_rows(max_col=5, values_only=True):
        if not sheet or not cell or str(sheet) not in wb.sheetnames:
            continue
        target = wb[str(sheet)][str(cell)]
        target.fill = PatternFill(fill_type="solid", fgColor=str(fill)) if fill else PatternFill(fill_type=None)
        if target.comment is not None and target.comment.author == AUTHOR:
            target.comment = None
        if note and target.comment is None:  # a header's help, or someone's own note, comes back
            target.comment = Comment(str(note), str(author or ""))
        restored += 1
    wb.remove(marks)
    return restored


def colour_severity(ws: Worksheet, spec: SheetSpec, first: int, count: int) -> None:
    """A findings (or feedback) sheet's severity cells coloured as the cells they mark: errors red,
    warnings yellow."""
    if "severity" not in spec.column_keys():
        return
    column = spec.column_keys().index("severity") + 1
    for row in range(first, first + count):
        cell = ws.cell(row=row, column=column)
        if cell.value is None:
            continue
        cell.fill = PatternFill(fill_type="solid", fgColor=severity_fill(cell.value))


def severity_fill(value: object) -> str:
    """The aRGB fill of a severity cell: red for an error (in either language), else yellow."""
    errors = {normalise(s) for s in term(SEVERITIES, "error").spellings()}
    return ERROR_FILL if normalise(str(value)) in errors else WARNING_FILL


def apply_marks(wb: Workbook, marks: Sequence[Mark]) -> int:
    """Clear the old marks, then colour each marked cell and put its note on it."""
    clear_marks(wb)
    wanted = [m for m in marks if m.sheet in wb.sheetnames]
    if not wanted:
        return 0
    registry = wb.create_sheet(MARKS_SHEET)
    registry.sheet_state = "veryHidden"
    for mark in wanted:
        cell = wb[mark.sheet][mark.cell]
        own = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == "solid" else None
        note = cell.comment
        kept = [mark.sheet, mark.cell, own if isinstance(own, str) else None,
                note.text if note is not None else None, note.author if note is not None else None]
        row = registry.max_row + 1 if registry["A1"].value is not None else 1
        for column, value in enumerate(kept, start=1):  # a note someone wrote is text, never a formula
            set_value(registry.cell(row=row, column=column), value)
        cell.fill = PatternFill(fill_type="solid", fgColor=ERROR_FILL if mark.severity == "error" else WARNING_FILL)
        comment = Comment(mark.note, AUTHOR)
        comment.width, comment.height = 320, 60 + 40 * mark.note.count("• ")
        cell.comment = comment
    return len(wanted)
