"""Coercion: what people type becomes a typed value, or a rule code saying why not."""

from __future__ import annotations

import datetime as dt

import pytest

from schemas import catalogue
from schemas.coerce import coerce, coerce_date, coerce_int, normalise_phones
from schemas.sheets import CONTEST_RESULTS, ENVIRONMENT, MONITORING, PLAN_STATUS

D = dt.date(2026, 3, 12)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(2026, 3, 12, 0, 0), D),
        (D, D),
        (46093, D),  # Excel serial date
        (46093.0, D),
        ("12.03.2026", D),
        ("12/03/2026", D),
        ("12.03.26", D),
        ("2026-03-12", D),
        ("2026-03-12 00:00:00", D),
        ("12 наурыз 2026", D),
        ("12 наурыз 2026 ж.", D),
        ("12 Наурыз 2026ж", D),
        ("12 марта 2026", D),
        ("12 марта 2026 г.", D),
        (" 12.03.2026 ", D),
    ],
)
def test_dates_read(raw: object, expected: dt.date) -> None:
    assert coerce_date(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["32.03.2026", "12.13.2026", "наурыз", "12 бла 2026", "ертең", 5, True])
def test_dates_refused(raw: object) -> None:
    assert coerce_date(raw) == (None, catalogue.TYPE_DATE)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12, 12), (12.0, 12), ("12", 12), (" 12 ", 12), ("1 200", 1200), ("1\u00a0200", 1200),
        ("12,0", 12), ("12.00", 12), ("1,200", 1200), ("1 200,00", 1200), ("-3", -3),
    ],
)
def test_integers_read(raw: object, expected: int) -> None:
    assert coerce_int(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["12,5", "12.5", 12.5, "он екі", "12 бала", True])
def test_integers_refused(raw: object) -> None:
    assert coerce_int(raw) == (None, catalogue.TYPE_INTEGER)


@pytest.mark.parametrize(
    ("column", "raw", "expected"),
    [
        (ENVIRONMENT.column("ready"), "иә", "yes"),
        (ENVIRONMENT.column("ready"), "Жоқ", "no"),
        (ENVIRONMENT.column("ready"), "да", "yes"),
        (ENVIRONMENT.column("ready"), "НЕТ", "no"),
        (PLAN_STATUS.column("status"), "орындалды", "done"),
        (PLAN_STATUS.column("status"), "Выполняется", "in_progress"),
        (MONITORING.column("group_kind"), "эксперименттік", "experimental"),
        (MONITORING.column("group_kind"), "Контрольная", "control"),
        (MONITORING.column("period"), "2026 I тоқсан", "Q1"),
        (MONITORING.column("K1"), "жоғары", 3),
        (MONITORING.column("K1"), 2.0, 2),
        (CONTEST_RESULTS.column("month"), "наурыз", "3"),
        (CONTEST_RESULTS.column("month"), "март", "3"),
        # Latin look-alike letters typed on a mixed keyboard layout
        (ENVIRONMENT.column("ready"), "нeт", "no"),
        (ENVIRONMENT.column("ready"), "maybe", "maybe"),  # kept as typed for the choice check
    ],
)
def test_vocabulary_terms(column: object, raw: object, expected: object) -> None:
    assert coerce(column, raw) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected", "ok"),
    [
        ("87056723477", ["+77056723477"], True),
        ("8 705 672 34 77", ["+77056723477"], True),
        ("+7 (705) 672-34-77", ["+77056723477"], True),
        (87112272444, ["+77112272444"], True),
        ("87017783888 87753704114", ["+77017783888", "+77753704114"], True),
        ("87017783888, 87753704114", ["+77017783888", "+77753704114"], True),
        ("7056723477", ["+77056723477"], True),
        ("8705672347", [], False),
        ("кабинет", [], False),
    ],
)
def test_phones(raw: object, expected: list[str], ok: bool) -> None:
    assert normalise_phones(raw) == (expected, ok)


def test_blank_is_none() -> None:
    for raw in (None, "", "   ", float("nan")):
        assert coerce(CONTEST_RESULTS.column("children"), raw) == (None, None)
