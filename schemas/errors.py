"""The application's exceptions. Findings about data are not exceptions: see ``schemas.finding``."""

from __future__ import annotations


class BauluError(Exception):
    """A run could not complete; the message says why, in words a coordinator understands."""


class WorkbookLocked(BauluError):
    """The workbook is open in Excel (its ``~$`` lock file exists)."""


class WorkspaceError(BauluError):
    """The workspace folder is missing or incomplete."""
