"""A sheet read into memory: values by column key, each kept with its source row and cell."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from schemas.sheets import SheetSpec


@dataclass
class Table:
    """One sheet of one organisation.

    ``frame`` has one column per matched spec column (by key) and is indexed by the sheet's
    real row numbers; ``letters`` gives each key's column letter, so every value has an A1 cell.
    """

    spec: SheetSpec
    org: str
    sheet_title: str
    frame: pd.DataFrame
    letters: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    header_row: int = 1

    def cell(self, key: str, row: int) -> str:
        letter = self.letters.get(key)
        return f"{letter}{row}" if letter else ""

    def header_of(self, key: str) -> str:
        """The header as written in the sheet (the spec's Kazakh header when not read)."""
        return self.headers.get(key) or self.spec.column(key).kk

    @property
    def rows(self) -> int:
        return len(self.frame)
