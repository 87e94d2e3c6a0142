"""The local backend: each kindergarten's sheet is an .xlsx file in the workspace."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from schemas.errors import BauluError
from schemas.rows import Tabs
from schemas.sheets import FEEDBACK
from schemas.tabs import MARKS_TAB
from schemas.writeplan import WorkbookPlan
from sync.backend import SKIPPED_TABS, Pulled
from sync.incremental import file_fingerprint
from sync.store import content_revision, typed_only
from sync.workspace import Workspace
from workbook.book import XlsxBook
from workbook.reader import find_sheet, sheet_rows
from workbook.values import read_values


def value_tabs(path: Path) -> Tabs:
    """The same tabs as :func:`data_tabs`, read by values only (python-calamine), typed cells only."""
    tabs = read_values(path, skip=SKIPPED_TABS)
    feedback = next((title for title in tabs if FEEDBACK.titles(title)), None)
    return typed_only({title: rows for title, rows in tabs.items() if title != feedback})


def data_tabs(wb: openpyxl.Workbook) -> Tabs:
    """The tabs whose values count: everything but the feedback tab and the software's own lists."""
    feedback = find_sheet(wb, FEEDBACK)
    return {
        ws.title: sheet_rows(ws)
        for ws in wb.worksheets
        if ws.title not in SKIPPED_TABS and ws is not feedback
    }


class LocalBackend:
    name = "local"

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def path(self, location: str) -> Path:
        return self.workspace.resolve(location)

    def fingerprint(self, location: str) -> str | None:
        """Size, modification time and the zip directory's hash: a file unchanged since its last pull
        is not parsed again (see ``sync.incremental``)."""
        return file_fingerprint(self.path(location))

    def pull(self, org: str, location: str) -> Pulled:
        path = self.path(location)
        if not path.exists():
            raise BauluError(f"{path.name}: файл жоқ", f"{path.name}: файл не найден")
        tabs = value_tabs(path)
        return Pulled(org, location, tabs, content_revision(tabs))

    def apply(self, org: str, location: str, plan: WorkbookPlan) -> None:
        path = self.path(location)
        if leaves_unchanged(path, plan):  # most kindergartens, most rounds: no load, no save
            return
        XlsxBook(path).apply(plan)


def leaves_unchanged(path: Path, plan: WorkbookPlan) -> bool:
    """Whether applying ``plan`` would change no value, mark or sheet of the file: nothing to set,
    no mark now nor left from an earlier round, and the feedback tab already empty under its header
    in the plan's language. Read by values only (python-calamine): a few milliseconds."""
    if plan.marks or plan.summary is not None:
        return False
    laid_out = [w for w in plan.sheets if w.layout]
    if any(w.blocks or w.clear or w.links for w in plan.sheets) or any(w.spec.key != FEEDBACK.key for w in laid_out):
        return False
    try:
        tabs = typed_only(read_values(path, only=lambda t: t == MARKS_TAB or any(w.title == t for w in laid_out)))
    except BauluError:
        return False
    if tabs.get(MARKS_TAB):
        return False
    return all(w.title in tabs and len(tabs[w.title]) <= 1 for w in laid_out)
