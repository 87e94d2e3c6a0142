"""The master workbook in a sync: what it says (organisations, plan, calendar, indicators), and
the protocol of the book a round writes into (the closed file, or the book open in Excel)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
from workbook.values import read_values


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
    """The master as a closed .xlsx file: saved atomically, the previous one kept as a backup."""

    def __init__(self, path: Path, *, backup_dir: Path | None = None, keep: int = 5) -> None:
        super().__init__(path, backup_dir=backup_dir, keep=keep)

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
