"""Personal data in free text: Kazakhstan IINs and likely full names, found and masked. Pure.

A child is known to Baulu only by a code. Whatever a kindergarten types elsewhere — a comment,
an evidence note, a header — is searched for

* an **IIN** (ЖСН / ИИН): twelve digits whose first six are a plausible birth date (YYMMDD), whose
  seventh gives the century and sex, and whose twelfth is the check digit of the two-pass
  weighted mod-11 algorithm;
* a likely **full name**: two or three capitalised Cyrillic words (initials allowed) of which one
  ends like a surname (-ов, -ева, -ин, -баев, -ұлы …), a patronymic (-ович, -овна, -қызы …) or a
  common Kazakh given name (-жан, -гүл, -бек). Words inside «…» or "…" (contest and organisation
  titles) are never names.

What is found is shown masked everywhere Baulu writes: ``0203******12``, ``А*** Б***``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["iin", "name"]

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# the seventh digit: century of birth (and sex); 0 is used for some non-residents
_CENTURY = {"1": (1800,), "2": (1800,), "3": (1900,), "4": (1900,), "5": (2000,), "6": (2000,),
            "0": (1900, 2000)}

# twelve digits, alone or in groups split by single spaces or dashes, not part of a longer number
_IIN_RUN = re.compile(r"(?<![\d])\d(?:[ \u00a0-]?\d){11}(?![\d])")

_UP = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "а-яёәғқңөұүһі"
_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}{_LOW}][{_LOW}]+)?"
_INITIAL = rf"[{_UP}]\."
_TOKEN = rf"(?:{_WORD}|{_INITIAL})"
_RUN = re.compile(rf"(?<![\w.]){_TOKEN}(?:[ \u00a0]+{_TOKEN}|(?<=\.) ?{_INITIAL}){{1,3}}(?![\w])")
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]")

SURNAME_ENDINGS = (
    "ов", "ев", "ёв", "ова", "ева", "ёва", "ин", "ина", "ын", "ына", "ский", "ская", "цкий", "цкая",
    "енко", "ұлы", "улы", "қызы", "кызы",
)
PATRONYMIC_ENDINGS = ("ович", "евич", "ьич", "овна", "евна", "ична", "инична")
GIVEN_NAME_ENDINGS = ("жан", "гүл", "гул", "бек")
_ENDINGS = SURNAME_ENDINGS + PATRONYMIC_ENDINGS + GIVEN_NAME_ENDINGS

MASK = "***"


@dataclass(frozen=True)
class Hit:
    """One piece of personal data in a text: what kind, where (``text[start:end]``) and as written."""

    kind: Kind
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        return mask_iin(self.text) if self.kind == "iin" else mask_name(self.text)


def iin_check_digit(digits: str) -> int | None:
    """The twelfth digit of an IIN whose first eleven are ``digits``; None if no IIN can end them."""
    if len(digits) != 11 or not digits.isdigit():
        raise ValueError("eleven digits expected")
    d = [int(c) for c in digits]
    check = sum(a * w for a, w in zip(d, _W1, strict=True)) % 11
    if check == 10:
        check = sum(a * w for a, w in zip(d, _W2, strict=True)) % 11
    return None if check == 10 else check


def _plausible_birth(digits: str) -> bool:
    centuries = _CENTURY.get(digits[6])
    if centuries is None:
        return False
    yy, mm, dd = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    for century in centuries:
        try:
            dt.date(century + yy, mm, dd)
        except ValueError:
            continue
        return True
    return False


def is_iin(text: str) -> bool:
    """Twelve digits (spaces and dashes between them ignored) that form a valid IIN."""
    digits = re.sub(r"[\s-]", "", text)
    if len(digits) != 12 or not digits.isdigit():
        return False
    return _plausible_birth(digits) and iin_check_digit(digits[:11]) == int(digits[11])


def iin_of_number(value: object) -> str | None:
    """The IIN a number cell holds, as twelve digits (Excel drops the leading zero of one born in
    the 2000s); None if the value is not such a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return None
        value = int(value)
    if not isinstance(value, int) or value < 0:
        return None
    text = str(value)
    return text.zfill(12) if len(text) in (11, 12) and is_iin(text.zfill(12)) else None


def _name_word(word: str) -> bool:
    w = word.casefold()
    return any(w.endswith(e) and len(w) >= len(e) + 2 for e in _ENDINGS)


def find_names(text: str) -> list[Hit]:
    """Likely full names: 2–3 capitalised Cyrillic words (or initials), one with a name's ending."""
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    hits: list[Hit] = []
    for m in _RUN.finditer(text):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        words = re.findall(_TOKEN, m.group())
        full = [w for w in words if not w.endswith(".")]
        if len(words) > 4 or not full or not any(_name_word(w) for w in full):
            continue
        hits.append(Hit("name", m.start(), m.end(), m.group()))
    return hits


def find_iins(text: str) -> list[Hit]:
    return [Hit("iin", m.start(), m.end(), m.group()) for m in _IIN_RUN.finditer(text) if is_iin(m.group())]


def find_personal(value: object) -> list[Hit]:
    """Every IIN and likely full name in one cell's value, in order."""
    number = iin_of_number(value)
    if number is not None:
        return [Hit("iin", 0, len(number), number)]
    if not isinstance(value, str) or not _MAYBE.search(value):
        return []
    return list(_find_in_text(value))


# what every hit needs somewhere: twelve digits (an IIN's run without its borders), or two
# capitalised words / an initial
_MAYBE = re.compile(rf"\d(?:[ \u00a0-]?\d){{11}}|[{_UP}][{_LOW}]*\.|[{_UP}][{_LOW}]+[ \u00a0]+[{_UP}]")


@functools.lru_cache(maxsize=8192)
def _find_in_text(text: str) -> tuple[Hit, ...]:
    hits = find_iins(text)
    taken = [(h.start, h.end) for h in hits]
    hits += [h for h in find_names(text) if not any(a < h.end and h.start < b for a, b in taken)]
    return tuple(sorted(hits, key=lambda h: h.start))


_MASKED_IIN = re.compile(r"\d{4}\*{6}\d{2}")


def is_masked(value: object) -> bool:
    """Whether a value is personal data Baulu already masked (``1503******21``, ``А*** Б***``)."""
    return isinstance(value, str) and (MASK in value or bool(_MASKED_IIN.search(value)))


def mask_iin(text: str) -> str:
    """``020315500123`` → ``0203******23``."""
    digits = re.sub(r"\D", "", text).zfill(12)
    return digits[:4] + "*" * 6 + digits[-2:]


def mask_name(text: str) -> str:
    """``Асанова Айгерім Серікқызы`` → ``А*** А*** С***``: each word's first letter only."""
    return " ".join(w[0] + MASK for w in re.split(r"[\s.]+", text.strip()) if w)


def mask_personal(value: object) -> str:
    """The value as text with every IIN and likely full name in it masked."""
    hits = find_personal(value)
    text = iin_of_number(value) or ("" if value is None else str(value))
    for hit in reversed(hits):
        text = text[: hit.start] + hit.masked + text[hit.end:]
    return text


def mask_whole(value: object) -> str:
    """A code cell that holds a name or an IIN instead of a child's code: every list item that is
    one (letters only, or ten digits and more) masked whole, the codes kept."""
    text = "" if value is None else str(value).strip()
    items = [p.strip() for p in re.split(r"[,;\n]+", text) if p.strip()]
    shown: list[str] = []
    for item in items:
        digits = re.sub(r"[\s-]", "", item)
        if digits.isdigit() and len(digits) >= 10:
            shown.append(mask_iin(digits))
        elif not re.search(r"\d", item):
            shown.append(mask_name(item))
        else:
            shown.append(mask_personal(item))
    return ", ".join(shown)
