"""Write findings into a workbook: the findings (or feedback) sheet, highlights and notes.

The previous run's highlights and notes are cleared first, restoring each cell's own fill, so a
fixed mistake leaves no trace. Which cells were marked is kept in a very hidden sheet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from schemas.finding import Finding
from schemas.sheets import FEEDBACK, FINDINGS, SheetSpec
from workbook.layout import write_table
from workbook.reader import find_sheet

MARKS_SHEET = "_baulu_marks"
AUTHOR = "Baulu"
ERROR_FILL = "FFFFC7CE"
WARNING_FILL = "FFFFEB9C"


Place = tuple[str, str]  # sheet title, A1 cell
Locate = Callable[[Finding], "Place | None"]


def same_place(wb: Workbook) -> Locate:
    """Findings about this very workbook: the finding's own sheet and cell, when both exist."""
    def locate(f: Finding) -> Place | None:
        return (f.sheet, f.cell) if f.cell and f.sheet in wb.sheetnames else None
    return locate


def write_findings_sheet(wb: Workbook, findings: Sequence[Finding], *, lang: str = "kk",
                         spec: SheetSpec = FINDINGS, locate: Locate | None = None) -> Worksheet:
    """Replace the findings sheet's rows with ``findings``, each linked to its cell."""
    locate = locate or same_place(wb)
    old = find_sheet(wb, spec)
    index = wb.index(old) if old is not None else len(wb.worksheets)
    title = old.title if old is not None else spec.title(lang)
    if old is not None:
        wb.remove(old)
    ws: Worksheet = wb.create_sheet(title, index)
    write_table(ws, spec, [f.to_dict() for f in findings], lang=lang)
    cell_col = spec.column_keys().index("cell") + 1
    for row, finding in enumerate(findings, start=2):
        place = locate(finding)
        if place is not None:
            link = ws.cell(row=row, column=cell_col)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{place[0]}'!{place[1]}")
            link.style = "Hyperlink"
    if spec.key == FEEDBACK.key:
        ws.protection.sheet = True
    return ws


def clear_highlights(wb: Workbook) -> int:
    """Undo the previous run's highlights and notes; returns how many cells were restored."""
    if MARKS_SHEET not in wb.sheetnames:
        return 0
    marks = wb[MARKS_SHEET]
    restored = 0
    # sheet, cell, the cell's own fill and note (blank ones are not stored: pad to five)
    for sheet, cell, fill, note, author in marks.iter_rows(max_col=5, values_only=True):
        ws = _sheet(wb, str(sheet)) if sheet else None
        if ws is None or not cell:
            continue
        target = ws[str(cell)]
        target.fill = PatternFill(fill_type="solid", fgColor=str(fill)) if fill else PatternFill(fill_type=None)
        if target.comment is not None and target.comment.author == AUTHOR:
            target.comment = None
        if note and target.comment is None:  # a header's help, or someone's own note, comes back
            target.comment = Comment(str(note), str(author or ""))
        restored += 1
    wb.remove(marks)
    return restored


def apply_highlights(wb: Workbook, findings: Sequence[Finding], *, lang: str = "kk",
                     locate: Locate | None = None) -> int:
    """Clear the old marks, then colour each finding's cell and note its messages on it."""
    clear_highlights(wb)
    locate = locate or same_place(wb)
    by_cell: dict[Place, list[Finding]] = defaultdict(list)
    for f in findings:
        place = locate(f)
        if place is not None:
            by_cell[place].append(f)
    if not by_cell:
        return 0
    marks = wb.create_sheet(MARKS_SHEET)
    marks.sheet_state = "veryHidden"
    for (title, ref), found in sorted(by_cell.items()):
        cell = wb[title][ref]
        own = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == "solid" else None
        note = cell.comment
        marks.append([title, ref, own if isinstance(own, str) else None,
                      note.text if note is not None else None, note.author if note is not None else None])
        severe = any(f.severity == "error" for f in found)
        cell.fill = PatternFill(fill_type="solid", fgColor=ERROR_FILL if severe else WARNING_FILL)
        first, second = ("ru", "kk") if lang == "ru" else ("kk", "ru")
        text = "\n".join(f"• {f.message(first)}\n  {f.message(second)}" for f in found)
        note = Comment(text, AUTHOR)
        note.width, note.height = 320, 60 + 40 * len(found)
        cell.comment = note
    return len(by_cell)


def _sheet(wb: Workbook, title: str) -> Worksheet | None:
    return wb[title] if title in wb.sheetnames else None
