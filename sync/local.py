"""The local backend: each kindergarten's sheet is an .xlsx file in the workspace."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from schemas.errors import BauluError
from schemas.rows import Tabs
from schemas.sheets import FEEDBACK
from schemas.writeplan import WorkbookPlan
from sync.backend import SKIPPED_TABS, Pulled
from sync.store import content_revision
from sync.workspace import Workspace
from workbook.book import XlsxBook
from workbook.reader import find_sheet, open_workbook, sheet_rows


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

    def pull(self, org: str, location: str) -> Pulled:
        path = self.path(location)
        if not path.exists():
            raise BauluError(f"{path.name}: файл жоқ", f"{path.name}: файл не найден")
        tabs = data_tabs(open_workbook(path))
        return Pulled(org, location, tabs, content_revision(tabs))

    def apply(self, org: str, location: str, plan: WorkbookPlan) -> None:
        XlsxBook(self.path(location)).apply(plan)
