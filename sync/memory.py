"""An in-memory backend: each kindergarten's sheet is a dict of tabs (title → rows of values).

A real backend, not a stand-in: it pulls and applies plans exactly as the protocol says, so a
round can run over sheets that are not files. The feedback tab and the marks live beside the
data tabs; ``links`` and ``protected`` record what an applier would set on the cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.errors import BauluError
from schemas.lang import Lang
from schemas.rows import Tabs
from schemas.sheets import FEEDBACK
from schemas.tabs import NOT_DATA_TABS
from schemas.writeplan import Mark, SheetWrite, Value, WorkbookPlan
from sync.backend import Pulled
from sync.store import content_revision


@dataclass
class MemorySheet:
    tabs: dict[str, list[list[object]]]
    marks: dict[tuple[str, str], Mark] = field(default_factory=dict)
    links: dict[tuple[str, str], str] = field(default_factory=dict)
    protected: set[str] = field(default_factory=set)
    locked: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Protected tabs whose protection covers only some columns (1-based); others: the whole tab."""
    applied: int = 0


class MemoryBackend:
    name = "memory"

    def __init__(self, sheets: dict[str, MemorySheet] | None = None) -> None:
        self.sheets: dict[str, MemorySheet] = sheets or {}

    def add(self, location: str, tabs: Tabs) -> MemorySheet:
        sheet = MemorySheet({title: [list(r) for r in rows] for title, rows in tabs.items()})
        self.sheets[location] = sheet
        return sheet

    def _sheet(self, location: str) -> MemorySheet:
        sheet = self.sheets.get(location)
        if sheet is None:
            raise BauluError(f"{location}: парақ жоқ", f"{location}: таблицы нет")
        return sheet

    def pull(self, org: str, location: str) -> Pulled:
        sheet = self._sheet(location)
        tabs = {
            title: [list(r) for r in rows] for title, rows in sheet.tabs.items()
            if title not in NOT_DATA_TABS and not FEEDBACK.titles(title)
        }
        return Pulled(org, location, tabs, content_revision(tabs))

    def apply(self, org: str, location: str, plan: WorkbookPlan) -> None:
        if plan.summary is not None:  # refused, not dropped: a kindergarten's sheet has no summary
            raise BauluError(f"{location}: жиынтық тек жиынтық кітапқа жазылады",
                             f"{location}: сводка пишется только в сводную книгу")
        sheet = self._sheet(location)
        for write in plan.sheets:
            self._write(sheet, write, plan.lang)
        sheet.marks = {(m.sheet, m.cell): m for m in plan.marks if m.sheet in sheet.tabs}
        sheet.applied += 1

    @staticmethod
    def _write(sheet: MemorySheet, write: SheetWrite, lang: Lang) -> None:
        title = next((t for t in sheet.tabs if write.spec.titles(t)), write.title)
        if write.layout or title not in sheet.tabs:
            header: list[object] = [c.header(lang) for c in write.spec.columns]
            rows: list[list[object]] = [[None] * len(header) for _ in range(write.header_row - 1)]
            sheet.tabs[title] = [*rows, header]
            sheet.links = {k: v for k, v in sheet.links.items() if k[0] != title}
        rows = sheet.tabs[title]
        for (r, c), value in write.values().items():
            _put(rows, r, c, value)
        for link in write.links:
            sheet.links[(title, link.cell)] = link.location
        if write.protect:
            sheet.protected.add(title)
            if write.locked:
                sheet.locked[title] = write.locked
            else:
                sheet.locked.pop(title, None)


def _put(rows: list[list[object]], r: int, c: int, value: Value) -> None:
    while len(rows) < r:
        rows.append([])
    line = rows[r - 1]
    while len(line) < c:
        line.append(None)
    line[c - 1] = value
