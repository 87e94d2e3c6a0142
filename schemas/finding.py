"""A validation finding: data, not an exception. Every surface renders the same list."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass
from typing import Any

from schemas import catalogue
from schemas.catalogue import Rule, Severity
from schemas.lang import Lang
from schemas.personal import mask_personal, mask_whole

WHOLE_VALUE_PERSONAL = frozenset({catalogue.CHILD_NAME, catalogue.CHILD_IIN})

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
    shown = mask_whole(show_value(value)) if rule in WHOLE_VALUE_PERSONAL else mask_personal(show_value(value))
    column = mask_personal(column)
    kk, ru = rule.render(**{"value": shown, "column": column, "sheet": sheet, **params})
    return Finding(
        org=org, sheet=sheet, row=row, column=column, cell=cell, value=shown,
        severity=severity or rule.severity, rule=rule.code, message_kk=kk, message_ru=ru,
    )
