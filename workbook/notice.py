"""Baulu's own sheets say so: a protected sheet (no password) with a notice in its first free row
telling the coordinator that the sheet is rebuilt every round and where to write instead."""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from schemas.sheets import NOTES
from workbook.style import FONT_NAME, LINE_HEIGHT

NOTICE_FONT = Font(name=FONT_NAME, bold=True, size=11, color="9C0006")
_SCAN = 20


def rebuilt_notice(lang: str) -> str:
    """What the summary's notice says, in the master's language first."""
    kk = (f"Бұл парақты Baulu әр синхрондауда қайта жасайды: мұнда жазылғаны сақталмайды. "
          f"Өз жазбаларыңызды «{NOTES.kk}» парағына жазыңыз.")
    ru = (f"Этот лист Baulu пересоздаёт при каждой синхронизации: написанное здесь не сохранится. "
          f"Свои заметки пишите на лист «{NOTES.ru}».")
    return f"{ru} / {kk}" if lang == "ru" else f"{kk} / {ru}"


def mark_rebuilt(ws: Worksheet, *, lang: str) -> str:
    """Put the notice in the sheet's first empty row (among the first few), note it on A1 too,
    and protect the sheet without a password; returns the notice's cell."""
    text = rebuilt_notice(lang)
    row = next((r for r in range(1, _SCAN + 1)
                if all(c.value is None for c in ws[r]) and not _merged(ws, r)), ws.max_row + 1)
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = NOTICE_FONT
    last = max(ws.max_column, 1)
    if last > 1:  # wrapped across the sheet's width, not spilling past what prints
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    width = sum(ws.column_dimensions[get_column_letter(i)].width or 8.43 for i in range(1, last + 1))
    ws.row_dimensions[row].height = LINE_HEIGHT * (1 + int(len(text) * 1.15 // max(width, 1)))
    first = ws["A1"]
    if first.comment is None:
        first.comment = Comment(text, "Baulu", width=360, height=110)
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False
    return cell.coordinate


def _merged(ws: Worksheet, row: int) -> bool:
    return any(rng.min_row <= row <= rng.max_row for rng in ws.merged_cells.ranges)
