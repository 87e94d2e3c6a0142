"""Which cells hold a value that must be erased, and the rows with those cells replaced. Pure.

A cell matches when its text contains the value, compared without case, spaces and dashes
(``0203 1550 0123`` is ``020315500123``); a number cell matches as its digits, with the leading
zero Excel drops from an IIN put back. The whole matching cell is replaced: what stood around a
name in a comment may identify the child too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from schemas.rows import column_index, column_letter

MIN_LENGTH = 4  # a shorter value would erase half the store
_DROP = re.compile(r"[\s\u00a0\u202f\-\u2010-\u2015]+")

Rows = Sequence[Sequence[object]]


def fold(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


def cell_texts(value: object) -> list[str]:
    """The texts a cell's value is compared as."""
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        return [text, text.zfill(12)] if len(text) == 11 else [text]
    if isinstance(value, str):
        return [value]
    return []


def matches(value: object, needle: str) -> bool:
    """Whether the cell ``value`` holds ``needle`` (already folded)."""
    return bool(needle) and any(needle in fold(t) for t in cell_texts(value))


def redact_tabs(
    tabs: Mapping[str, Rows], needle: str, marker: str,
) -> tuple[dict[str, list[list[object]]], list[tuple[str, str]]]:
    """The tabs with every cell holding ``needle`` (folded) replaced by ``marker``, and the
    (sheet title, A1 cell) of each one replaced."""
    out: dict[str, list[list[object]]] = {}
    places: list[tuple[str, str]] = []
    for title, rows in tabs.items():
        new_rows: list[list[object]] = []
        for r, row in enumerate(rows, start=1):
            new_row = list(row)
            for c, value in enumerate(row, start=1):
                if matches(value, needle):
                    new_row[c - 1] = marker
                    places.append((title, f"{column_letter(c)}{r}"))
            new_rows.append(new_row)
        out[title] = new_rows
    return out, places


def cell_value(tabs: Mapping[str, Rows], title: str, a1: str) -> object:
    """The value at ``a1`` of the tab ``title``; None if there is none."""
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", a1.strip())
    rows = tabs.get(title)
    if m is None or rows is None:
        return None
    col, row = column_index(m[1]), int(m[2])
    if row > len(rows) or col > len(rows[row - 1]):
        return None
    return rows[row - 1][col - 1]
