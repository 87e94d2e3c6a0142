"""Turn what people type into Excel or Google Sheets into typed values. Pure functions.

Each coercer returns ``(value, None)`` on success and ``(None, rule)`` when the text cannot be
read as the column's type; an empty cell is ``(None, None)``.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from schemas import catalogue
from schemas.catalogue import Rule
from schemas.columns import Column
from schemas.text import normalise
from schemas.vocabulary import MONTHS, find_term

Coerced = tuple[object, Rule | None]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})(?:\s*ж\.?|\s*г\.?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s+([^\s\d]+)\s+(\d{4})(?:\s*(?:ж|жыл|жылы|г|года)\.?)?$")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
_LIST_SEP = re.compile(r"[,;\n]+")
_TWELVE_DIGITS = re.compile(r"\d{12}")
_SPACES_DASHES = re.compile(r"[\s-]")
_DIGIT = re.compile(r"\d")
_LETTER_WORDS = re.compile(r"[^\W\d_]+([\s.-]+[^\W\d_]+)*\.?")


def is_blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and not raw.strip()


def to_text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def coerce_date(raw: object) -> Coerced:
    if isinstance(raw, dt.datetime):
        return raw.date(), None
    if isinstance(raw, dt.date):
        return raw, None
    if isinstance(raw, bool):
        return None, catalogue.TYPE_DATE
    if isinstance(raw, int | float):
        if 20000 <= raw <= 80000:  # an Excel serial date
            return _EXCEL_EPOCH + dt.timedelta(days=int(raw)), None
        return None, catalogue.TYPE_DATE
    text = normalise(str(raw))
    try:
        if m := _NUMERIC_DATE.match(text):
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            return dt.date(year + 2000 if year < 100 else year, month, day), None
        if m := _ISO_DATE.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3])), None
        if m := _WORD_DATE.match(text):
            month_term = find_term(MONTHS, m[2])
            if month_term is not None:
                return dt.date(int(m[3]), int(month_term.key), int(m[1])), None
    except ValueError:
        pass
    return None, catalogue.TYPE_DATE


def coerce_int(raw: object) -> Coerced:
    if isinstance(raw, bool):
        return None, catalogue.TYPE_INTEGER
    if isinstance(raw, int):
        return raw, None
    if isinstance(raw, float):
        return (int(raw), None) if raw.is_integer() else (None, catalogue.TYPE_INTEGER)
    text = re.sub(r"[\s\u00a0\u202f']", "", str(raw))
    # "12,0" and "12.00" are whole numbers; "1,234" with three digits after is a thousands mark
    if m := re.fullmatch(r"([+-]?\d+)[.,](\d+)", text):
        if set(m[2]) == {"0"}:
            return int(m[1]), None
        if len(m[2]) == 3 and "," in text:
            return int(m[1] + m[2]), None
        return None, catalogue.TYPE_INTEGER
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text), None
    return None, catalogue.TYPE_INTEGER


def normalise_phones(raw: object) -> tuple[list[str], bool]:
    """Phone numbers as +7 and ten digits; the flag says whether every number was readable."""
    text = to_text(raw)
    phones: list[str] = []
    for part in re.split(r"[,;/\n]+", text):
        digits = re.sub(r"\D", "", part)
        if not digits:
            continue
        chunks = [digits[i:i + 11] for i in range(0, len(digits), 11)] if len(digits) > 11 else [digits]
        for chunk in chunks:
            if len(chunk) == 11 and chunk[0] in "78":
                phones.append("+7" + chunk[1:])
            elif len(chunk) == 10 and chunk[0] == "7":
                phones.append("+7" + chunk)
            else:
                return phones, False
    return phones, bool(phones)


def coerce_phone(raw: object) -> Coerced:
    phones, ok = normalise_phones(raw)
    return (", ".join(phones), None) if ok else (None, catalogue.PHONE_INVALID)


def coerce_level(raw: object) -> Coerced:
    value, rule = coerce_int(raw)
    if rule is None:
        return value, None
    from schemas.vocabulary import LEVELS

    found = find_term(LEVELS, raw)
    if found is not None:
        return int(found.key), None
    return None, catalogue.TYPE_INTEGER


def coerce_enum(column: Column, raw: object) -> Coerced:
    found = find_term(column.vocabulary(), to_text(raw))
    # an unknown term stays as typed, so the choice check can quote it
    return (found.key if found else to_text(raw)), None


def coerce(column: Column, raw: object) -> Coerced:
    """Read one cell's raw value as the column's type."""
    if is_blank(raw):
        return None, None
    match column.type:
        case "date":
            return coerce_date(raw)
        case "int" | "count":
            return coerce_int(raw)
        case "level":
            return coerce_level(raw)
        case "enum":
            return coerce_enum(column, raw)
        case "phone":
            return coerce_phone(raw)
        case _:
            return to_text(raw), None


def split_list(text: str) -> list[str]:
    """The items of a comma/semicolon/line separated list."""
    if "," not in text and ";" not in text and "\n" not in text:  # one item, as most cells hold
        item = text.strip()
        return [item] if item else []
    return [p.strip() for p in _LIST_SEP.split(text) if p.strip()]


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def looks_like_url(text: str) -> bool:
    t = text.strip().lower()
    return t.startswith(("http://", "https://", "www.")) or bool(re.match(r"^[\w-]+(\.[\w-]+)+/", t))


def looks_like_iin(text: str) -> bool:
    return bool(_TWELVE_DIGITS.fullmatch(_SPACES_DASHES.sub("", text)))


def looks_like_name(text: str) -> bool:
    """Letters only (no digit a code would have), e.g. «Асанов Нұрсұлтан» or «Айша»."""
    t = text.strip()
    return len(t) >= 3 and not _DIGIT.search(t) and bool(_LETTER_WORDS.fullmatch(t))


