"""Keep an Excel table's range in step with the rows written under it."""

from __future__ import annotations

from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from schemas.rows import column_letter
from schemas.sheets import SheetSpec


def extend_table(ws: Worksheet, spec: SheetSpec, last_row: int, *, shrink: bool = False) -> None:
    """Make the sheet's table (and its filter) reach ``last_row``, keeping its columns; it only
    grows unless ``shrink``."""
    if spec.excel_table not in ws.tables:
        return
    table = ws.tables[spec.excel_table]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    assert min_col is not None and min_row is not None and max_col is not None and max_row is not None
    end = max(last_row, min_row + 1) if shrink else max(last_row, max_row)
    ref = f"{column_letter(min_col)}{min_row}:{column_letter(max_col)}{end}"
    table.ref = ref
    if table.autoFilter is not None:
        table.autoFilter.ref = ref
