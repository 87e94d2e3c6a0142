"""Text as a spreadsheet cell holds it. Pure.

A value a kindergarten typed is data, never code: only a :class:`schemas.writeplan.Formula` is a
formula. Every other ``str`` — whatever it begins with (``=``, ``+``, ``-``, ``@``, a tab, a
full-width ``＝``, a DDE form like ``=cmd|' /C calc'!A0``) — is literal text, and every writer
(openpyxl, gspread with ``valueInputOption=RAW``, xlwings) writes it as text. This module says
which text a spreadsheet would read as something else, and what of a text a cell can hold.
"""

from __future__ import annotations

import re

EXCEL_CELL_LIMIT = 32_767
"""The most characters an Excel cell holds."""

ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# what Excel or LibreOffice would turn into a number, date, time, percentage or boolean on entry
_CONVERTIBLE = re.compile(r"^[\s\d.,:/\-+eE%$€₸()]+$|^(true|false|истина|ложь)$", re.IGNORECASE)
# characters an .xlsx cannot hold (XML 1.0 forbids them)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def needs_quote(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as something else were it typed in: a formula,
    a DDE call, a number, a date, an error code. Such text is written as text *and* marked so
    that editing the cell in Excel keeps it text (the cell's quote prefix)."""
    return text.startswith(_FORMULA_START) or text in ERROR_CODES or bool(_CONVERTIBLE.match(text))


def has_illegal_characters(text: str) -> bool:
    return bool(_ILLEGAL.search(text))


def writable_text(text: str) -> str:
    """``text`` as a cell can hold it: characters XML forbids shown as U+FFFD, and at most
    :data:`EXCEL_CELL_LIMIT` characters (the cut ends with «…»). The full value stays in the store;
    a too-long or unwritable value is also a finding (``value.too_long``, ``value.control_chars``)."""
    text = _ILLEGAL.sub("\ufffd", text)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - 1] + "…"
    return text
