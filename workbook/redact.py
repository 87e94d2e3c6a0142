"""Erase a value from a workbook Baulu wrote (a master or one of its backups), atomically.

Every cell whose value holds the value, and every note (comment) that quotes it, is replaced by
the redaction marker; nothing else is touched. The file is saved to a temporary file beside it
and swapped in, with no backup (a backup would keep the very value being erased).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.comments import Comment

from schemas.redaction import matches
from workbook.reasons import unreadable
from workbook.save import save_atomic


def workbook_places(path: Path, needle: str) -> list[tuple[str, str]]:
    """The (sheet, cell) places of ``path`` whose value or note holds ``needle`` (folded)."""
    return _redact(path, needle, marker=None)


def redact_workbook(path: Path, needle: str, marker: str) -> list[tuple[str, str]]:
    """Replace in ``path`` every cell value and note holding ``needle``; the places replaced."""
    return _redact(path, needle, marker=marker)


def _redact(path: Path, needle: str, *, marker: str | None) -> list[tuple[str, str]]:
    try:
        wb = openpyxl.load_workbook(path)
    except Exception as exc:  # a damaged backup is reported, never half-rewritten
        raise unreadable(path.name, exc) from exc
    places: list[tuple[str, str]] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                note = cell.comment
                in_value = matches(cell.value, needle)
                in_note = note is not None and matches(note.text, needle)
                if not (in_value or in_note):
                    continue
                places.append((ws.title, cell.coordinate))
                if marker is None:
                    continue
                if in_value:
                    cell.value = marker
                if in_note and note is not None:
                    cell.comment = Comment(marker, note.author or "")
    if marker is not None and places:
        save_atomic(wb, path)
    return places
