"""The master workbook in a sync: what it says (organisations, plan, calendar, indicators), and
the protocol of the book a round writes into (the closed file, or the book open in Excel)."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from schemas.check import MASTER_INPUTS, check_master_tabs
from schemas.errors import BauluError
from schemas.finding import Finding
from schemas.given import given_records
from schemas.rows import Record, Rows, Tabs
from schemas.rules import Context
from schemas.vocabulary import DEFAULT_INDICATORS, Indicator
from schemas.writeplan import WorkbookPlan
from sync.workspace import Workspace
from workbook.book import XlsxBook
from workbook.save import save_bytes_atomic
from workbook.segments import Segmented, SegmentMemory
from workbook.streamed import (
    NotStreamable,
    RowMemory,
    Shape,
    overlay_formulas,
    remembered_rows,
    sheet_formulas,
    streamed_apply,
    titles_of,
)
from workbook.values import read_values

_PLAIN = (type(None), str, int, float, bool, dt.datetime, dt.date, dt.time)
"""What a cell read by values holds that openpyxl would give the same (anything else: openpyxl)."""


class MasterBook(Protocol):
    """Where a round reads the master from and writes it to."""

    def inputs(self) -> Tabs:
        """The values (formulas' results) of the organisations, plan, calendar and indicators."""
        ...

    def titles(self) -> list[str]:
        ...

    def values(self, title: str) -> Rows:
        """A sheet's values, its formulas as :class:`~schemas.writeplan.Formula`."""
        ...

    def apply(self, plan: WorkbookPlan) -> None:
        ...


class MasterFile(XlsxBook):
    """The master as a closed .xlsx file: saved atomically, the previous one kept as a backup.

    ``streaming`` (the default): its values are read with python-calamine (formulas from the sheet
    parts) and its consolidated sheets written in one streaming pass (``workbook.streamed``), so
    the consolidated rows never pass through openpyxl; where that pass cannot vouch for the file,
    the whole workbook is loaded and saved with openpyxl, as with ``streaming=False``."""

    def __init__(self, path: Path, *, backup_dir: Path | None = None, keep: int = 5,
                 streaming: bool = True) -> None:
        super().__init__(path, backup_dir=backup_dir, keep=keep)
        self.streaming = streaming
        self._values: dict[str, Rows] | None = None
        self.remembered: Callable[[], tuple[RowMemory, SegmentMemory]] = lambda: ({}, {})
        """What the file's consolidated rows are (``workbook.streamed``) and how their parts are
        compressed (``workbook.segments``), as the store remembers them for this very file
        (``sync.master_edits``); empty: unknown, every row is written and every part compressed."""
        self.written_rows: RowMemory | None = None
        """What the last streaming write wrote (None: the file was not written that way)."""
        self.placed: dict[str, dict[str, list[object]]] = {}
        """Where the plan about to be applied puts each organisation's rows (``sync.master_edits``)."""
        self.runs: Callable[[], dict[str, list[tuple[int, int, int]]]] = dict
        """Runs of rows the file holds as the plan writes them (``workbook.streamed.remembered_rows``)."""
        self.written_shapes: dict[str, Shape] = {}
        """The shapes of the consolidated sheets the last streaming write wrote (``workbook.streamed``)."""
        self.written_segments: dict[str, Segmented] = {}
        """How the last streaming write compressed the consolidated parts."""

    def cuts(self) -> dict[str, list[int]]:
        """Each consolidated sheet's rows to cut its part before: every organisation's first row."""
        return {title: sorted(first for _, first, _ in orgs.values() if isinstance(first, int))
                for title, orgs in self.placed.items()}

    def titles(self) -> list[str]:
        if not self.streaming:
            return super().titles()
        try:
            return titles_of(self.path.read_bytes())
        except (OSError, KeyError, zipfile.BadZipFile):
            self.streaming = False
            return super().titles()

    def values(self, title: str) -> Rows:
        if self.streaming and (self._values is None or title not in self._values):
            read = self._read_values(title)
            self._values = None if read is None else {**(self._values or {}), **read}
        if self._values is None or title not in self._values:
            return super().values(title)
        return self._values[title]

    def _read_values(self, title: str) -> dict[str, Rows] | None:
        """A sheet's values as :meth:`XlsxBook.values` gives them, read without openpyxl (only that
        sheet: a round asks for a few of the master's sheets); None (and the openpyxl path from then
        on) where that cannot be vouched for."""
        try:
            tabs = read_values(self.path, only=lambda t: t == title)
            found = sheet_formulas(self.path.read_bytes(), tabs)
        except (BauluError, NotStreamable, OSError, KeyError, zipfile.BadZipFile):
            self.streaming = False
            return None
        kinds = {t for rows in tabs.values() for row in rows for t in set(map(type, row))}
        if any(not issubclass(t, _PLAIN) for t in kinds):
            self.streaming = False
            return None
        return {title: overlay_formulas(rows, found.get(title, {})) for title, rows in tabs.items()}

    def apply(self, plan: WorkbookPlan) -> None:
        if self.streaming:
            try:
                shapes: dict[str, Shape] = {}
                pieces: dict[str, Segmented] = {}
                before, compressed = self.remembered()
                with remembered_rows(before, shapes, self.runs(), segments=compressed, written_segments=pieces,
                                     cuts=self.cuts()) as rows:
                    data = streamed_apply(self.path.read_bytes(), plan)
            except NotStreamable:
                pass
            else:
                self.written_rows, self.written_shapes, self.written_segments = None, {}, {}
                save_bytes_atomic(data, self.path, backup_dir=self.backup_dir, keep=self.keep)
                self._values = None
                self.written_rows, self.written_shapes, self.written_segments = rows, shapes, pieces
                return
        self.written_rows, self.written_shapes, self.written_segments = None, {}, {}
        super().apply(plan)
        self._values = None

    @classmethod
    def of(cls, ws: Workspace) -> MasterFile:
        return cls(ws.master, backup_dir=ws.backup_dir, keep=ws.backups)

    def inputs(self) -> Tabs:
        if not self.path.exists():
            raise BauluError(f"{self.path}: жиынтық кітап жоқ", f"{self.path}: сводной книги нет")
        # values only (python-calamine): the consolidated sheets, the bulk of the file, are not read
        return read_values(self.path, only=lambda title: any(spec.titles(title) for spec in MASTER_INPUTS))


@dataclass
class MasterInputs:
    context: Context
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS
    locations: dict[str, str] = field(default_factory=dict)  # org code -> sheet location
    names: dict[str, str] = field(default_factory=dict)  # org code -> short name
    tables: dict[str, list[Record]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def records(self, key: str) -> list[Record]:
        return self.tables.get(key, [])

    def given(self) -> dict[str, list[Record]]:
        """The plan items and contest calendar every kindergarten is given."""
        return given_records(self.records("plan"), self.records("contests"))


def read_master(ws: Workspace, book: MasterBook) -> MasterInputs:
    checked = check_master_tabs(book.inputs(), consolidated=False)
    assert checked.context is not None
    inputs = MasterInputs(checked.context, checked.indicators, findings=checked.findings)
    for key, table in checked.tables.items():
        inputs.tables[key] = [{str(k): v for k, v in r.items()} for r in table.frame.to_dict("records")]
    inputs.locations = sheet_locations(ws, inputs.records("organisations"))
    inputs.names = {str(r["code"]): str(r.get("short_name") or r["code"])
                    for r in inputs.records("organisations") if r.get("code") is not None}
    return inputs


def sheet_locations(ws: Workspace, organisations: Sequence[Mapping[str, object]]) -> dict[str, str]:
    """Where each kindergarten's sheet is, as the organisation sheet says (a default path if blank)."""
    return {
        str(r["code"]): str(r.get("sheet") or f"{ws.kindergartens_name}/{r['code']}.xlsx")
        for r in organisations if r.get("code") is not None
    }
