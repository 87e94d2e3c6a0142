"""Find a spec'd table on an existing worksheet: header row, columns by key, rows by natural key."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.worksheet.worksheet import Worksheet

from schemas.coerce import coerce
from schemas.headers import match_headers
from schemas.rows import column_index, column_letter, header_row
from schemas.sheets import SheetSpec
from workbook.layout import display_value
from workbook.reader import sheet_rows


@dataclass
class SheetMap:
    spec: SheetSpec
    header_row: int
    columns: dict[str, int]  # column key -> 1-based column index
    foreign: dict[int, str]  # 1-based column index -> header of a column the spec does not know
    width: int  # how many columns the header row spans

    def natural_key(self, ws: Worksheet, row: int) -> tuple[str, ...] | None:
        """The row's natural key in canonical values; None when a part of it is blank."""
        parts: list[str] = []
        for key in self.spec.natural_key:
            index = self.columns.get(key)
            raw = ws.cell(row=row, column=index).value if index else None
            value, _ = coerce(self.spec.column(key), raw)
            if value is None:
                return None
            parts.append(str(value))
        return tuple(parts)


def map_sheet(ws: Worksheet, spec: SheetSpec) -> SheetMap:
    rows = sheet_rows(ws)
    top = header_row(rows, spec)
    header = rows[top - 1] if rows else []
    cells = [(column_letter(i), v) for i, v in enumerate(header, start=1)]
    match = match_headers(spec, cells, org="", sheet=ws.title, header_row=top)
    columns = {key: column_index(letter) for key, letter in match.letters.items()}
    foreign = {column_index(letter): text for letter, text in match.unknown.items()}
    width = max([i for i, v in enumerate(header, start=1) if v is not None], default=len(spec.columns))
    return SheetMap(spec, top, columns, foreign, width)


def put(ws: Worksheet, row: int, index: int, spec: SheetSpec, key: str, value: object, lang: str) -> bool:
    """Write a canonical value as the sheet shows it; returns whether the cell changed."""
    column = spec.column(key)
    shown = display_value(column, value, lang)
    cell = ws.cell(row=row, column=index)
    if cell.value == shown:
        return False
    cell.value = shown  # type: ignore[assignment]
    if column.type == "date":
        cell.number_format = "DD.MM.YYYY"
    return True
