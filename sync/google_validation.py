"""A sheet's entry rules (:mod:`schemas.entry_rules`) as Google Sheets data validation. Pure.

The same rules, from the same specs, as the .xlsx's data validation (:func:`workbook.layout.data_validation`):
a closed list is ``ONE_OF_LIST`` with its dropdown, a whole number is a ``CUSTOM_FORMULA`` (Google has
no whole-number condition: a number, equal to its integer part, within the bounds), a date is
``DATE_BETWEEN`` the same ``DATE(…)`` bounds Excel is given. A strict rule rejects a wrong entry;
its Kazakh and Russian message is the help text Google shows on the cell and in the rejection.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from schemas.entry_rules import EntryRule
from schemas.lang import Lang


def excel_date(day: dt.date) -> str:
    """A date bound as both backends take it: a ``DATE(y,m,d)`` formula, whatever the locale."""
    return f"DATE({day.year},{day.month},{day.day})"


def whole_number_formula(rule: EntryRule, anchor: str) -> str:
    """``=AND(ISNUMBER(G2),G2=INT(G2),G2>=1,G2<=3)`` for the range whose first cell is ``anchor``
    (Google reads the references relative to it)."""
    parts = [f"ISNUMBER({anchor})", f"{anchor}=INT({anchor})"]
    if rule.minimum is not None:
        parts.append(f"{anchor}>={rule.minimum}")
    if rule.maximum is not None:
        parts.append(f"{anchor}<={rule.maximum}")
    return "=AND(" + ",".join(parts) + ")"


def google_rule(rule: EntryRule, anchor: str, lang: Lang) -> dict[str, Any]:
    """The ``DataValidationRule`` of one entry rule over a range starting at cell ``anchor``."""
    condition: dict[str, Any]
    if rule.kind == "list":
        condition = {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": c} for c in rule.choices]}
    elif rule.kind == "whole":
        condition = {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": whole_number_formula(rule, anchor)}]}
    else:
        if not isinstance(rule.minimum, dt.date) or not isinstance(rule.maximum, dt.date):
            raise ValueError(f"a date rule needs two date bounds: {rule.column}")
        condition = {"type": "DATE_BETWEEN", "values": [{"userEnteredValue": "=" + excel_date(rule.minimum)},
                                                         {"userEnteredValue": "=" + excel_date(rule.maximum)}]}
    out: dict[str, Any] = {"condition": condition, "strict": rule.strict, "showCustomUi": rule.kind == "list"}
    message = rule.message(lang)
    if message:
        out["inputMessage"] = message
    return out
