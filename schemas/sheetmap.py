"""Find a spec'd table in a sheet's values: its header row, its columns by key, its rows by
natural key. Pure: it reads rows as any backend returns them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from schemas.coerce import coerce
from schemas.headers import match_headers
from schemas.rows import Rows, column_index, column_letter, header_row
from schemas.sheets import SheetSpec


@dataclass
class SheetMap:
    spec: SheetSpec
    header_row: int
    columns: dict[str, int]  # column key -> 1-based column index
    foreign: dict[int, str]  # 1-based column index -> header of a column the spec does not know
    width: int  # how many columns the header row spans

    def natural_key_of(self, row: Sequence[object]) -> tuple[str, ...] | None:
        """A row's natural key in canonical values; None when a part of it is blank."""
        parts: list[str] = []
        for key in self.spec.natural_key:
            index = self.columns.get(key)
            raw = row[index - 1] if index and index <= len(row) else None
            value, _ = coerce(self.spec.column(key), raw)
            if value is None:
                return None
            parts.append(str(value))
        return tuple(parts)


def map_rows(rows: Rows, spec: SheetSpec, title: str = "") -> SheetMap:
    top = header_row(rows, spec)
    header = rows[top - 1] if rows else []
    cells = [(column_letter(i), v) for i, v in enumerate(header, start=1)]
    match = match_headers(spec, cells, org="", sheet=title, header_row=top)
    columns = {key: column_index(letter) for key, letter in match.letters.items()}
    foreign = {column_index(letter): text for letter, text in match.unknown.items()}
    width = max([i for i, v in enumerate(header, start=1) if v is not None], default=len(spec.columns))
    return SheetMap(spec, top, columns, foreign, width)


def record_key(spec: SheetSpec, record: Mapping[str, object]) -> tuple[str, ...]:
    """A canonical record's natural key, as :meth:`SheetMap.natural_key_of` gives a row's."""
    return tuple(str(record.get(k)) for k in spec.natural_key)
