"""A canonical value as a sheet shows it. Pure: every writer (openpyxl, gspread, xlwings) uses it."""

from __future__ import annotations

import datetime as dt
import math

from schemas.columns import Column
from schemas.lang import Lang


def display_value(column: Column, value: object, lang: Lang = "kk") -> object:
    """A canonical value as the sheet shows it: enum keys as labels, levels as numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if column.type == "enum":
        for term in column.vocabulary():
            if term.key == str(value):
                return term.label(lang)
        return value
    if column.type == "level":
        try:
            return int(str(value))
        except ValueError:
            return value
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


AS_IS: frozenset[type] = frozenset({str, int, type(None)})
"""The classes of value :func:`shown_as_is` speaks of (a bool is not one of them)."""


def shown_as_is(column: Column) -> bool:
    """Whether :func:`display_value` gives back every value of this column whose class is one of
    :data:`AS_IS` unchanged: text, numbers, codes and the rest, but not enum keys or levels."""
    return column.type not in ("enum", "level")
