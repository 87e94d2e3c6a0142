"""Read a workbook's sheets into Tables by their headers, keeping every value's cell address."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from schemas.errors import BauluError
from schemas.finding import Finding
from schemas.rows import table_from_rows, tables_from_tabs
from schemas.sheets import SheetSpec
from schemas.table import Table
from workbook.archive import check_archive, check_grid
from workbook.meta import read_meta
from workbook.reasons import unreadable


@dataclass
class ReadResult:
    """What was read from one workbook: its meta, one Table per found sheet, and findings."""

    meta: dict[str, str] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def open_workbook(source: str | Path | IO[bytes]) -> Workbook:
    """Load values (not formulas); a file that is not a workbook — or that would take unbounded
    time or memory to open (:mod:`workbook.archive`) — raises a clear BauluError."""
    name = Path(source).name if isinstance(source, str | Path) else str(getattr(source, "name", ".xlsx"))
    try:
        if isinstance(source, str | Path):
            with open(source, "rb") as fh:
                check_archive(fh)
        else:
            check_archive(source)
        wb = openpyxl.load_workbook(source, data_only=True)
        check_grid(wb)
    except BauluError as exc:
        raise BauluError(f"{name}: {exc.kk}", f"{name}: {exc.ru}") from exc
    except Exception as exc:  # whatever a malformed file makes the parser raise, it is unreadable
        raise unreadable(name, _root_cause(exc)) from exc
    return wb


def _root_cause(exc: BaseException) -> BaseException:
    """The innermost exception (openpyxl wraps the parser's own in a ValueError)."""
    seen: set[int] = set()
    while (inner := exc.__cause__ or exc.__context__) is not None and id(inner) not in seen:
        seen.add(id(exc))
        exc = inner
    return exc


def find_sheet(wb: Workbook, spec: SheetSpec) -> Worksheet | None:
    return next((ws for ws in wb.worksheets if spec.titles(ws.title)), None)


def sheet_rows(ws: Worksheet) -> list[list[object]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def read_sheet(ws: Worksheet, spec: SheetSpec, *, org: str) -> tuple[Table, list[Finding]]:
    """One sheet as a Table indexed by sheet row; blank rows are skipped."""
    return table_from_rows(sheet_rows(ws), spec, org=org, title=ws.title)


def workbook_tabs(wb: Workbook) -> dict[str, list[list[object]]]:
    """Every sheet's values, by title."""
    return {ws.title: sheet_rows(ws) for ws in wb.worksheets}


def read_tables(wb: Workbook, specs: Iterable[SheetSpec], *, org: str, required: bool = True) -> ReadResult:
    """Every spec'd sheet found in ``wb``; a missing one is a finding when ``required``."""
    specs = list(specs)
    tabs = {ws.title: sheet_rows(ws) for ws in wb.worksheets if any(s.titles(ws.title) for s in specs)}
    tables, findings = tables_from_tabs(tabs, specs, org=org, required=required)
    return ReadResult(meta=read_meta(wb), tables=tables, findings=findings)
