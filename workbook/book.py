"""A closed .xlsx workbook as a round meets it: its values to plan from, then the plan applied
and the file saved atomically (with a backup when asked)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from schemas.rows import Rows
from schemas.writeplan import Formula, WorkbookPlan
from workbook.apply import apply_plan
from workbook.reasons import unreadable
from workbook.save import save_atomic


class XlsxBook:
    """The file is loaded once, with formulas, when first needed, and saved by :meth:`apply`."""

    def __init__(self, path: Path, *, backup_dir: Path | None = None, keep: int = 5) -> None:
        self.path = Path(path)
        self.backup_dir = backup_dir
        self.keep = keep
        self._wb: Workbook | None = None

    @property
    def workbook(self) -> Workbook:
        if self._wb is None:
            try:
                self._wb = openpyxl.load_workbook(self.path)
            except Exception as exc:  # any unreadable file is one clear error
                raise unreadable(self.path.name, exc) from exc
        return self._wb

    def titles(self) -> list[str]:
        return list(self.workbook.sheetnames)

    def values(self, title: str) -> Rows:
        """A sheet's values; a formula cell gives its :class:`Formula`, text stays text."""
        ws = self.workbook[title]
        return [
            [Formula(c.value) if c.data_type == "f" and isinstance(c.value, str) else c.value for c in row]
            for row in ws.iter_rows()
        ]

    def apply(self, plan: WorkbookPlan) -> None:
        apply_plan(self.workbook, plan)
        save_atomic(self.workbook, self.path, backup_dir=self.backup_dir, keep=self.keep)
        self._wb = None
