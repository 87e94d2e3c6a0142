"""Rewrite a consolidated master sheet with the kindergartens' latest rows.

The coordinator's own columns (a comment, an acceptance mark — and any column she added to the
sheet herself, formulas included) stay with their row, joined by the row's natural key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl.formula.translate import Translator
from openpyxl.worksheet.worksheet import Worksheet

from schemas.rows import column_letter
from schemas.sheets import SheetSpec
from workbook.sheetmap import SheetMap, map_sheet, put
from workbook.tables import extend_table

Record = Mapping[str, object]


def _kept_columns(sheet: SheetMap) -> list[int]:
    own = [i for k, i in sheet.columns.items() if sheet.spec.column(k).owner == "coordinator"]
    return sorted({*own, *sheet.foreign})


def write_consolidated(ws: Worksheet, spec: SheetSpec, records: Sequence[Record], *, lang: str) -> int:
    """Replace the data rows with ``records`` (canonical values, one per kindergarten row).

    Returns the number of the last data row written.
    """
    sheet = map_sheet(ws, spec)
    kept = _kept_columns(sheet)
    saved: dict[tuple[str, ...], tuple[int, dict[int, object]]] = {}
    for row in range(sheet.header_row + 1, ws.max_row + 1):
        natural = sheet.natural_key(ws, row)
        values: dict[int, object] = {i: ws.cell(row=row, column=i).value for i in kept}
        if natural is not None and any(v is not None for v in values.values()):
            saved.setdefault(natural, (row, values))
    width = max(sheet.width, *sheet.columns.values(), 1)
    for row in range(sheet.header_row + 1, ws.max_row + 1):
        for index in range(1, width + 1):
            ws.cell(row=row, column=index).value = None
    ours = [k for k in sheet.columns if spec.column(k).owner != "coordinator"]
    row = sheet.header_row
    for row, record in enumerate(records, start=sheet.header_row + 1):
        for key in ours:
            put(ws, row, sheet.columns[key], spec, key, record.get(key), lang)
        natural = tuple(str(record.get(k)) for k in spec.natural_key)
        if natural in saved:
            old_row, values = saved[natural]
            for index, value in values.items():
                ws.cell(row=row, column=index).value = _moved(value, index, old_row, row)  # type: ignore[assignment]
    extend_table(ws, spec, row, shrink=True)
    return row


def _moved(value: object, index: int, old_row: int, new_row: int) -> object:
    """A formula keeps pointing at its own row when the row moves."""
    if isinstance(value, str) and value.startswith("=") and old_row != new_row:
        origin = f"{column_letter(index)}{old_row}"
        return Translator(value, origin=origin).translate_formula(f"{column_letter(index)}{new_row}")
    return value
