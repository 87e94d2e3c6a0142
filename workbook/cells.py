"""Write one value into an openpyxl cell: text as text, Baulu's own formulas as formulas."""

from __future__ import annotations

import datetime as dt

from openpyxl.cell.cell import Cell, MergedCell

from schemas.writeplan import Formula
from workbook import style


def set_value(cell: Cell | MergedCell, value: object) -> None:
    """A :class:`Formula` becomes a formula; any other text stays text, whatever it begins with
    (openpyxl would otherwise take ``=…`` for a formula)."""
    if isinstance(value, Formula):
        cell.value = str(value)
    elif isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value  # type: ignore[assignment]


def put(cell: Cell | MergedCell, value: object) -> None:
    """Set a value as :func:`set_value` does, dates shown as dates."""
    set_value(cell, value)
    if isinstance(value, dt.date):
        cell.number_format = style.DATE_FORMAT
