"""A1 notation as the Sheets API reads and writes it: ``'My sheet'!A1:D4``, ``Sheet1!A:A``,
``Sheet1!A1:1``, ``Sheet1``. Rows and columns here are 0-based; end indexes are exclusive."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")
_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOOKS_LIKE_CELL = re.compile(r"^[A-Za-z]{1,3}\d+$")


@dataclass(frozen=True)
class GridRange:
    """A rectangle on one sheet; ``None`` ends mean "to the edge of the grid"."""

    title: str
    start_row: int
    end_row: int | None
    start_col: int
    end_col: int | None


def col_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def quote_title(title: str) -> str:
    """Google quotes a sheet title in a range unless it is a plain identifier."""
    if _PLAIN_TITLE.match(title) and not _LOOKS_LIKE_CELL.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def split_range(text: str) -> tuple[str, str | None]:
    """``'It''s'!A1:B2`` → (``It's``, ``A1:B2``); ``Sheet1`` → (``Sheet1``, None)."""
    if text.startswith("'"):
        i = 1
        title = ""
        while i < len(text):
            if text[i] == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    title += "'"
                    i += 2
                    continue
                break
            title += text[i]
            i += 1
        rest = text[i + 1:]
        if rest.startswith("!"):
            return title, rest[1:]
        return title, None
    if "!" in text:
        title, cells = text.rsplit("!", 1)
        return title, cells
    return text, None


def parse_cells(cells: str) -> tuple[int, int | None, int, int | None] | None:
    """``A1:D4`` → (0, 4, 0, 4); ``A:A`` → (0, None, 0, 1); ``A1:1`` → (0, 1, 0, None);
    ``B2`` → (1, 2, 1, 2). None when it is not A1 notation."""
    parts = cells.split(":")
    if len(parts) > 2 or not parts[0]:
        return None
    first = _CELL.match(parts[0])
    if not first or not (first.group(1) or first.group(2)):
        return None
    c1, r1 = first.group(1), first.group(2)
    if len(parts) == 1:
        if not (c1 and r1):
            return None
        r, c = int(r1) - 1, col_index(c1)
        return r, r + 1, c, c + 1
    second = _CELL.match(parts[1])
    if not second or not (second.group(1) or second.group(2)):
        return None
    c2, r2 = second.group(1), second.group(2)
    start_row = int(r1) - 1 if r1 else 0
    end_row = int(r2) if r2 else None
    start_col = col_index(c1) if c1 else 0
    end_col = col_index(c2) + 1 if c2 else None
    if r1 and not r2 and not c2:  # "A1:1" is odd but Google reads it as row 1, all columns
        end_row = None
    if r2 and not c2:
        end_col = None
    if c2 and not r2:
        end_row = None
    return start_row, end_row, start_col, end_col


def format_range(title: str, start_row: int, end_row: int, start_col: int, end_col: int) -> str:
    """The range as Google echoes it: quoted title when needed, ``A1:D4`` (``A1`` for one cell)."""
    first = f"{col_letters(start_col)}{start_row + 1}"
    last = f"{col_letters(end_col - 1)}{end_row}"
    cells = first if first == last else f"{first}:{last}"
    return f"{quote_title(title)}!{cells}"
