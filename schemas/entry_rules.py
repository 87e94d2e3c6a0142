"""What a sheet lets a person type, as data: the rules a spreadsheet enforces at entry.

Derived from the sheet specs, like everything else: a closed list for each vocabulary column,
whole numbers 1–3 for levels and 0 or more for counts, 2026 dates (December 2025 too where the
spec allows early dates). openpyxl renders them as Excel data validation
(:mod:`workbook.layout`); the Google backend sends the same rules as Sheets data validation.

In a kindergarten's workbook every rule is strict (a wrong entry is refused, with a message in
Kazakh and Russian); in the master the lists only offer their choices.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from schemas.checks import EARLY_START, PILOT_END, PILOT_START
from schemas.columns import Column
from schemas.lang import Lang
from schemas.sheets import SheetSpec

EntryKind = Literal["list", "whole", "date"]

TITLE_LIMIT = 32
MESSAGE_LIMIT = 255
"""Excel's limits on a validation's title and message."""

_TITLES = {
    "list": ("Тізімнен таңдаңыз", "Выберите из списка"),
    "whole": ("Бүтін сан керек", "Нужно целое число"),
    "date": ("Күн дұрыс емес", "Неверная дата"),
}


@dataclass(frozen=True)
class EntryRule:
    """One column's rule. ``minimum``/``maximum``: bounds of a whole number or a date (None: open).
    ``choices``: the list's labels in the workbook's language."""

    column: str
    kind: EntryKind
    strict: bool
    choices: tuple[str, ...] = ()
    minimum: int | dt.date | None = None
    maximum: int | dt.date | None = None
    title_kk: str = ""
    title_ru: str = ""
    message_kk: str = ""
    message_ru: str = ""

    def title(self, lang: Lang = "kk") -> str:
        return (self.title_ru if lang == "ru" else self.title_kk)[:TITLE_LIMIT]

    def message(self, lang: Lang = "kk") -> str:
        """Both languages when they fit Excel's 255 characters (the workbook's language first),
        else the workbook's language alone."""
        first, second = (self.message_ru, self.message_kk) if lang == "ru" else (self.message_kk, self.message_ru)
        both = f"{first}\n{second}"
        return both if len(both) <= MESSAGE_LIMIT else first[:MESSAGE_LIMIT]


def _date(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def column_rule(column: Column, *, strict: bool, lang: Lang = "kk") -> EntryRule | None:
    """The rule for one column, or None when the column takes any text."""
    kk_title, ru_title = _TITLES["list"]
    kk_head, ru_head = column.kk, column.ru
    if column.type == "enum" or (column.type == "level" and not strict):
        choices = tuple(column.choices(lang))
        if not choices:
            return None
        return EntryRule(
            column.key, "list", strict, choices=choices, title_kk=kk_title, title_ru=ru_title,
            message_kk=f"«{kk_head}»: тек тізімдегі мәндердің бірін таңдаңыз.",
            message_ru=f"«{ru_head}»: выберите одно из значений списка.",
        )
    kk_title, ru_title = _TITLES["whole"]
    if column.type == "level":
        return EntryRule(
            column.key, "whole", strict, minimum=1, maximum=3, title_kk=kk_title, title_ru=ru_title,
            message_kk=f"«{kk_head}»: деңгей 1, 2 немесе 3 (1 төмен, 2 орташа, 3 жоғары).",
            message_ru=f"«{ru_head}»: уровень 1, 2 или 3 (1 низкий, 2 средний, 3 высокий).",
        )
    if column.type == "count":
        return EntryRule(
            column.key, "whole", strict, minimum=0, title_kk=kk_title, title_ru=ru_title,
            message_kk=f"«{kk_head}»: 0 немесе одан көп бүтін сан.",
            message_ru=f"«{ru_head}»: целое число, 0 или больше.",
        )
    if column.type == "date":
        start = EARLY_START if column.early_dates else PILOT_START
        kk_title, ru_title = _TITLES["date"]
        return EntryRule(
            column.key, "date", strict, minimum=start, maximum=PILOT_END, title_kk=kk_title, title_ru=ru_title,
            message_kk=f"«{kk_head}»: {_date(start)} – {_date(PILOT_END)} аралығындағы күн, мысалы 12.03.2026.",
            message_ru=f"«{ru_head}»: дата с {_date(start)} по {_date(PILOT_END)}, например 12.03.2026.",
        )
    return None


def entry_rules(spec: SheetSpec, lang: Lang = "kk") -> tuple[EntryRule, ...]:
    """Every rule of a sheet, in column order.

    A kindergarten's sheet: strict lists, levels, counts and dates for every column but the
    software's own. The master: lists only (vocabulary and levels), offering without refusing.
    """
    strict = spec.side == "kindergarten"
    rules: list[EntryRule] = []
    for column in spec.columns:
        if strict and column.owner == "system":
            continue
        if not strict and column.type not in ("enum", "level"):
            continue
        rule = column_rule(column, strict=strict, lang=lang)
        if rule is not None:
            rules.append(rule)
    return tuple(rules)
