"""What the Google backend remembers between rounds, in ``.baulu/google.json`` (no secrets): per
spreadsheet, the ``modifiedTime`` its last read saw, that read's tabs and revision, its tab titles,
and the cells Baulu marked with each cell's own fill and note (given back when the mark goes)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from schemas.rows import Tabs


@dataclass
class Marked:
    """A cell Baulu marked, and what it held before: its own fill (an RGB dict) and note."""

    fill: dict[str, float] | None = None
    note: str | None = None


@dataclass
class SheetState:
    modified: str = ""
    revision: str = ""
    tabs: Tabs = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    sheet_ids: dict[str, int] = field(default_factory=dict)
    protected: list[str] = field(default_factory=list)  # tabs Baulu protected whole
    marked: dict[str, Marked] = field(default_factory=dict)  # "tab!A1" -> the cell's own look


@dataclass
class GoogleState:
    sheets: dict[str, SheetState] = field(default_factory=dict)
    path: Path | None = None

    def sheet(self, spreadsheet_id: str) -> SheetState:
        return self.sheets.setdefault(spreadsheet_id, SheetState())

    @classmethod
    def load(cls, path: Path | None) -> GoogleState:
        if path is None or not path.exists():
            return cls(path=path)
        try:
            raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path=path)  # a damaged cache only costs one full read of every sheet
        sheets = {}
        for key, value in raw.get("sheets", {}).items():
            marked = {cell: Marked(**m) for cell, m in value.pop("marked", {}).items()}
            sheets[key] = SheetState(**value, marked=marked)
        return cls(sheets, path)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"sheets": {k: asdict(v) for k, v in self.sheets.items()}}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".google-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, default=str)
        os.replace(tmp, self.path)
