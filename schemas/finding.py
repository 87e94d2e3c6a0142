"""A validation finding: data, not an exception. Every surface renders the same list."""

from __future__ import annotations

import datetime as dt
import math
import string
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from schemas import catalogue
from schemas.catalogue import Rule, Severity
from schemas.lang import Lang
from schemas.personal import mask_personal, mask_whole

WHOLE_VALUE_PERSONAL = frozenset({catalogue.CHILD_NAME, catalogue.CHILD_IIN})
_WHOLE_CODES = frozenset(r.code for r in WHOLE_VALUE_PERSONAL)  # asked first: a string, not a dataclass, hashed

FINDING_KEYS: tuple[str, ...] = (
    "org", "sheet", "row", "column", "cell", "value", "severity", "rule", "message_kk", "message_ru",
)


@dataclass(frozen=True)
class Finding:
    org: str
    sheet: str
    row: int | None
    column: str
    cell: str
    value: str
    severity: Severity
    rule: str
    message_kk: str
    message_ru: str

    def message(self, lang: Lang = "kk") -> str:
        return self.message_ru if lang == "ru" else self.message_kk

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def sort_key(self) -> tuple[str, str, int, str, str]:
        return (self.org, self.sheet, self.row or 0, self.cell, self.rule)


def show_value(value: object) -> str:
    """A value as the finding quotes it."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def make_finding(
    rule: Rule,
    *,
    org: str,
    sheet: str,
    row: int | None = None,
    column: str = "",
    cell: str = "",
    value: object = None,
    severity: Severity | None = None,
    **params: object,
) -> Finding:
    """Build a finding whose messages come from the rule's templates (``params``: the ones the
    rule declares, see ``schemas.catalogue``).

    Personal data never leaves in a finding: an IIN or a likely full name in the value (or in a
    header quoted as the column) is masked, and so is the whole value of a rule that says the
    value itself is a name or an IIN.
    """
    whole = rule.code in _WHOLE_CODES and rule in WHOLE_VALUE_PERSONAL
    shown = mask_whole(show_value(value)) if whole else mask_personal(show_value(value))
    prepared = _prepared(rule, sheet, column, params)
    if prepared is None:
        column = mask_personal(column)
        kk, ru = rule.render(**{"value": shown, "column": column, "sheet": sheet, **params})
    else:
        column, kk_parts, ru_parts = prepared[1:]
        kk, ru = shown.join(kk_parts), shown.join(ru_parts)
    return Finding(
        org=org, sheet=sheet, row=row, column=column, cell=cell, value=shown,
        severity=severity or rule.severity, rule=rule.code, message_kk=kk, message_ru=ru,
    )


def finding_maker(
    rule: Rule, *, org: str, sheet: str, column: str = "", severity: Severity | None = None, **params: object,
) -> Callable[[int | None, str, object], Finding]:
    """``make_finding`` with all but the row, cell and value given once: ``maker(row, cell, value)``.

    A finding's value and messages depend on its value only (the row and the cell are carried
    through), so each distinct value is masked and rendered once, however many cells hold it.
    """
    made: dict[tuple[type, object], Finding] = {}

    def make(row: int | None, cell: str, value: object) -> Finding:
        try:
            key = (type(value), value)
            first = made.get(key)
        except TypeError:  # a value that cannot be hashed
            key, first = None, None
        if first is None:
            first = make_finding(rule, org=org, sheet=sheet, row=row, column=column, cell=cell, value=value,
                                 severity=severity, **params)
            if key is not None:
                made[key] = first
            return first
        return Finding(org, sheet, row, first.column, cell, first.value, first.severity, first.rule,
                       first.message_kk, first.message_ru)

    return make


# A rule's messages for one sheet, column and parameters, rendered once with a marker for the
# value and split there: a table's findings of one rule and column differ only by their values.
_Prepared = tuple[Rule, str, tuple[str, ...], tuple[str, ...]]
_PREPARED: dict[tuple[int, str, str, tuple[tuple[str, object], ...]], _Prepared | None] = {}
_MARK = "\x00\ufdd0value\ufdd1\x00"


def _prepared(rule: Rule, sheet: str, column: str, params: dict[str, object]) -> _Prepared | None:
    """The rule's messages split where the value goes; None where that cannot be exact (the value
    formatted or given per language, the marker in a header or parameter): render them whole."""
    key = (id(rule), sheet, column, tuple(params.items()))
    try:
        known = key in _PREPARED
    except TypeError:  # a parameter that cannot be hashed
        return None
    if known:
        found = _PREPARED[key]
        if found is None or found[0] is rule:  # the id is this rule's, not a former one's
            return found
    masked = mask_personal(column)
    kk, ru = rule.render(**{"value": _MARK, "column": masked, "sheet": sheet, **params})  # checks the params
    made: _Prepared | None = None
    if kk.count(_MARK) == _plain_values(rule.kk) and ru.count(_MARK) == _plain_values(rule.ru):
        made = (rule, masked, tuple(kk.split(_MARK)), tuple(ru.split(_MARK)))
    if len(_PREPARED) >= 4096:
        _PREPARED.clear()
    _PREPARED[key] = made
    return made


def _plain_values(template: str) -> int:
    """How many times a template shows the value; -1 if once formatted or converted (``{value!r}``)."""
    fields = [(spec, conversion) for _, name, spec, conversion in string.Formatter().parse(template) if name == "value"]
    return len(fields) if all(not spec and conversion is None for spec, conversion in fields) else -1
