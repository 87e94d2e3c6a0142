"""The openpyxl applier: carry out a :class:`~schemas.writeplan.WorkbookPlan` on a loaded workbook.

It does what the plan says and nothing else; applying the same plan twice leaves the workbook as
the first application left it.
"""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from schemas.lang import Lang
from schemas.writeplan import SheetWrite, Summary, WorkbookPlan
from workbook.cells import put
from workbook.dashboard import write_dashboard
from workbook.layout import lay_out, write_rows
from workbook.marks import apply_marks, colour_severity
from workbook.notice import mark_rebuilt
from workbook.protect import protect_columns
from workbook.reader import find_sheet
from workbook.tables import extend_table


def apply_plan(wb: Workbook, plan: WorkbookPlan) -> None:
    for write in plan.sheets:
        apply_sheet(wb, write, lang=plan.lang)
    apply_marks(wb, plan.marks)
    if plan.summary is not None:
        apply_summary(wb, plan.summary, lang=plan.lang)


def apply_sheet(wb: Workbook, write: SheetWrite, *, lang: Lang) -> Worksheet:
    ws = find_sheet(wb, write.spec)
    if write.layout:
        ws = _laid_out(wb, ws, write, lang)
    elif ws is None:
        ws = wb.create_sheet(write.title)
    if not write.layout:
        for block in (*write.clear, *write.blocks):
            for r, c, value in block.cells():
                put(ws.cell(row=r, column=c), value)
        if write.table_end is not None:
            extend_table(ws, write.spec, write.table_end, shrink=not write.grow_only)
    for link in write.links:
        cell = ws[link.cell]
        cell.hyperlink = Hyperlink(ref=link.cell, location=link.location)
        cell.style = "Hyperlink"
    if write.protect and write.locked:
        protect_columns(ws, write.locked)
    elif write.protect:
        ws.protection.sheet = True
    return ws


def _laid_out(wb: Workbook, old: Worksheet | None, write: SheetWrite, lang: Lang) -> Worksheet:
    """The sheet made anew where the old one stood (same title and position), framed by its spec,
    with the plan's rows under the header."""
    index = wb.index(old) if old is not None else len(wb.worksheets)
    title = old.title if old is not None else write.title
    if old is not None:
        wb.remove(old)
    ws: Worksheet = wb.create_sheet(title, index)
    first = write.header_row + 1
    grid = write.values()
    last = max((r for r, _ in grid), default=write.header_row)
    rows = [[grid.get((r, c)) for c in range(1, len(write.spec.columns) + 1)] for r in range(first, last + 1)]
    lay_out(ws, write.spec, len(rows), lang=lang, start_row=write.header_row)
    write_rows(ws, write.spec, rows, start_row=write.header_row)
    colour_severity(ws, write.spec, first, len(rows))
    return ws


def apply_summary(wb: Workbook, summary: Summary, *, lang: Lang) -> None:
    """openpyxl cannot keep charts it reads, so the summary (ours) is laid out again each time."""
    old = wb[summary.title] if summary.title in wb.sheetnames else None
    index = wb.index(old) if old is not None else 0
    if old is not None:
        wb.remove(old)
    ws = wb.create_sheet(summary.title, index)
    write_dashboard(ws, summary.board, lang=lang)
    mark_rebuilt(ws, lang=lang)
