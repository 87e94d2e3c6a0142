"""The local backend: each kindergarten's sheet is an .xlsx file in the workspace."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl

from schemas.errors import BauluError
from schemas.finding import Finding
from schemas.sheets import FEEDBACK
from sync.backend import SKIPPED_TABS, Pulled, Push, Tabs
from sync.store import content_revision
from sync.workspace import Workspace
from workbook.feedback import apply_highlights, write_findings_sheet
from workbook.push import push_given
from workbook.reader import find_sheet, open_workbook, sheet_rows
from workbook.save import save_atomic


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
            raise BauluError(f"{path.name}: файл жоқ / файл не найден")
        tabs = data_tabs(open_workbook(path))
        return Pulled(org, location, tabs, content_revision(tabs))

    def write_back(self, org: str, location: str, findings: Sequence[Finding], push: Push,
                   *, lang: str) -> None:
        path = self.path(location)
        try:
            wb = openpyxl.load_workbook(path)
        except Exception as exc:  # any unreadable file is one clear error
            raise BauluError(f"{path.name}: {exc}") from exc
        for key, records in push.given.items():
            push_given(wb, key, records, lang=lang)
        write_findings_sheet(wb, findings, lang=lang, spec=FEEDBACK)
        apply_highlights(wb, findings, lang=lang)
        save_atomic(wb, path)
