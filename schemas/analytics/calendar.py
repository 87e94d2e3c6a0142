"""The pilot's calendar: quarters, their deadlines (``[deadlines]`` in baulu.toml) and Oral time."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from schemas.clock import ORAL, local, parse
from schemas.errors import BauluError
from schemas.lang import Lang
from schemas.seed import PILOT_YEAR

QUARTER_KEYS: tuple[str, ...] = ("Q1", "Q2", "Q3", "Q4")
ROMAN = {"Q1": "I", "Q2": "II", "Q3": "III", "Q4": "IV"}
DEFAULT_DEADLINES: dict[str, dt.date] = {
    "Q1": dt.date(2026, 4, 5), "Q2": dt.date(2026, 7, 5), "Q3": dt.date(2026, 10, 5), "Q4": dt.date(2026, 12, 20),
}
_QUARTER = re.compile(r"^\s*(\d{4})\s*[-–/ ]?\s*[QqКк]?\s*([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def key(self) -> str:
        return f"Q{self.number}"

    @property
    def first_month(self) -> int:
        return 3 * self.number - 2

    @functools.cached_property  # a dashboard asks each quarter about every dated row
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @functools.cached_property
    def end(self) -> dt.date:
        return month_end(self.year, self.first_month + 2)

    def months(self) -> tuple[int, int, int]:
        m = self.first_month
        return (m, m + 1, m + 2)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def label(self, lang: Lang = "kk") -> str:
        return f"{self.year} {ROMAN[self.key]} {'квартал' if lang == 'ru' else 'тоқсан'}"

    def __str__(self) -> str:
        return f"{self.year}-{self.key}"


PILOT_QUARTERS: tuple[Quarter, ...] = tuple(Quarter(PILOT_YEAR, n) for n in range(1, 5))


def parse_quarter(text: str) -> Quarter:
    """``2026-Q3`` (also ``2026Q3``, ``2026 3``) → Quarter(2026, 3)."""
    found = _QUARTER.match(str(text))
    if found is None:
        raise BauluError(f"«{text}»: тоқсан 2026-Q3 түрінде жазылады", f"«{text}»: квартал пишется как 2026-Q3")
    return Quarter(int(found[1]), int(found[2]))


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


@functools.cache  # asked for every plan item and dated row, of a handful of months
def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def parse_deadlines(raw: Mapping[str, object] | None) -> dict[str, dt.date]:
    """The ``[deadlines]`` table: each quarter's data is due by this date (defaults where absent)."""
    deadlines = dict(DEFAULT_DEADLINES)
    for key, value in (raw or {}).items():
        quarter = str(key).strip().upper()
        if quarter not in QUARTER_KEYS:
            raise BauluError(f"[deadlines] {key}: Q1…Q4 болуы керек", f"[deadlines] {key}: должно быть Q1…Q4")
        if isinstance(value, dt.datetime):
            deadlines[quarter] = value.date()
        elif isinstance(value, dt.date):
            deadlines[quarter] = value
        else:
            try:
                deadlines[quarter] = dt.date.fromisoformat(str(value).strip())
            except ValueError as exc:
                raise BauluError(f"[deadlines] {key} = «{value}»: күн 2026-10-05 түрінде",
                                 f"[deadlines] {key} = «{value}»: дата как 2026-10-05") from exc
    return deadlines


def deadline_moment(day: dt.date) -> dt.datetime:
    """Data is on time when pulled before the end of the deadline day, Oral time (UTC)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), ORAL).astimezone(dt.UTC)


def parse_utc(stamp: str) -> dt.datetime:
    """An ISO 8601 time as the store keeps it (``...Z`` or ``+00:00``)."""
    return parse(stamp.strip())


def oral_time(stamp: str | dt.datetime) -> str:
    """``27.11.2026 19:05``: a stored UTC time as the coordinator reads it (Oral, UTC+5)."""
    return local(stamp) if isinstance(stamp, str) else stamp.astimezone(ORAL).strftime("%d.%m.%Y %H:%M")


def oral_today(now: dt.datetime) -> dt.date:
    return now.astimezone(ORAL).date()
