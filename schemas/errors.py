"""The application's exceptions. Findings about data are not exceptions: see ``schemas.finding``."""

from __future__ import annotations

from schemas.lang import Lang


class BauluError(Exception):
    """A run could not complete; the message says why, in words a coordinator understands,
    in Kazakh and Russian (``message(lang)``). Given one text only, both languages show it."""

    def __init__(self, kk: str, ru: str | None = None) -> None:
        self.kk = kk
        self.ru = kk if ru is None else ru
        super().__init__(kk if ru is None else f"{kk} / {ru}")

    def message(self, lang: Lang = "kk") -> str:
        return self.ru if lang == "ru" else self.kk


class WorkbookLocked(BauluError):
    """The workbook is open in Excel (its ``~$`` lock file exists)."""


class WorkspaceError(BauluError):
    """The workspace folder is missing or incomplete."""
