"""Protect some columns of a sheet and leave the rest open (no password: the coordinator can lift
the protection knowingly, in Excel's Review tab)."""

from __future__ import annotations

from collections.abc import Collection

from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
SPARE_COLUMNS = 30
"""Columns right of the last used one that are set open too, for the columns she adds."""


def protect_columns(ws: Worksheet, locked: Collection[int]) -> None:
    """Lock the cells of ``locked`` columns; every other cell, and the columns right of them, open."""
    last = max(ws.max_column, max(locked, default=0)) + SPARE_COLUMNS
    for index in range(1, last + 1):
        wanted = LOCKED if index in locked else UNLOCKED
        letter = get_column_letter(index)
        known = letter in ws.column_dimensions
        dimension = ws.column_dimensions[letter]
        if not known:
            dimension.width = 0  # no width written: a new column keeps the default width
        if dimension.protection != wanted:
            dimension.protection = wanted
    # only the cells the sheet holds (iter_rows would create every cell of its extent: a mark on
    # row 60,000 of a cut consolidated sheet made 1.2 million); an empty cell is as its column says
    for cell in list(ws._cells.values()):
        wanted_locked = cell.column in locked
        if cell.protection.locked != wanted_locked or cell.protection.hidden:
            cell.protection = LOCKED if wanted_locked else UNLOCKED
    protection = ws.protection
    protection.sheet = True
    protection.formatCells = protection.formatColumns = protection.formatRows = False
    protection.insertColumns = protection.insertHyperlinks = False
    protection.sort = protection.autoFilter = False
