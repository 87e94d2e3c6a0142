"""Write one value into an openpyxl cell: text as text, Baulu's own formulas as formulas.

The lowest layer that sets a cell's value; every writer of Baulu goes through :func:`set_value`.
openpyxl on its own takes any string beginning with ``=`` for a formula and ``#N/A`` for an
error, and raises on control characters: here a plain ``str`` is always a string cell.
"""

from __future__ import annotations

import datetime as dt

from openpyxl.cell.cell import Cell, MergedCell

from schemas.celltext import needs_quote, writable_text
from schemas.writeplan import Formula
from workbook import style


def set_value(cell: Cell | MergedCell, value: object) -> None:
    """A :class:`Formula` becomes a formula; any other text stays text, whatever it begins with
    (openpyxl would otherwise take ``=…`` for a formula), marked with a quote prefix where Excel
    would convert it on editing, with at most 32,767 characters and no character XML forbids.
    A cell hidden under a merged range holds nothing and is left alone."""
    if isinstance(cell, MergedCell):
        return
    if isinstance(value, Formula):
        cell.value = str(value)
        _quote(cell, False)
    elif isinstance(value, str):
        text = writable_text(value)
        cell.value = text
        cell.data_type = "s"
        _quote(cell, needs_quote(text))
    else:
        cell.value = value  # type: ignore[assignment]
        _quote(cell, False)


def put(cell: Cell | MergedCell, value: object) -> None:
    """Set a value as :func:`set_value` does, dates shown as dates."""
    set_value(cell, value)
    if isinstance(value, dt.date):
        cell.number_format = style.DATE_FORMAT


def _quote(cell: Cell, on: bool) -> None:
    if bool(cell.quotePrefix) != on:
        cell.quotePrefix = on
