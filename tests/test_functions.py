"""The add-in's worksheet functions as plain Python, on tables of cases (no Excel here)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from macros import functions as fn
from schemas.rowcheck import check_row, check_rows
from schemas.rows import table_from_rows
from schemas.sheets import CONTEST_RESULTS, MONITORING, PLAN_STATUS, POSTS, SheetSpec
from schemas.validate import validate_table

MON = [c.kk for c in MONITORING.columns]
MON_RU = [c.ru for c in MONITORING.columns]
PLAN = [c.kk for c in PLAN_STATUS.columns]
CONTEST = [c.kk for c in CONTEST_RESULTS.columns]
GOOD_CHILD = ["47-Э-07", "эксперименттік", "Күншуақ", "ересек топ (4–5)", "ұл", "2026-Q1", 1, 2, 3.0, 2, 2]
GOOD_PLAN = ["3.6", "Байқау", "ақпан", "орындалды", "20.02.2026", "https://instagram.com/p/1", ""]


@pytest.mark.parametrize(("raw", "expected"), [
    ("87056723477", "+77056723477"),
    ("8 705 672 34 77", "+77056723477"),
    (87056723477.0, "+77056723477"),
    ("8 (7112) 27-24-44", "+77112272444"),
    ("87017783888, 87753704114", "+77017783888, +77753704114"),
    ("+7 705 672 3477", "+77056723477"),
    (None, ""),
    ("  ", ""),
])
def test_phone_normalised(raw: object, expected: str) -> None:
    assert fn.BAULU_PHONE(raw) == expected
    assert fn.BAULU_TELEFON(raw) == expected


@pytest.mark.parametrize(("raw", "lang", "words"), [
    ("123", "kk", "телефон нөмірі емес"),
    ("123", "ru", "не номер телефона"),
    ("8705672347", "kk", "8 және 10 цифр"),
    ("телефон жоқ", "ru", "«телефон жоқ»"),
])
def test_phone_unreadable_says_why(raw: object, lang: str, words: str) -> None:
    assert words in fn.BAULU_PHONE(raw, lang)


@pytest.mark.parametrize(("code", "lang", "expected"), [
    ("47-Э-07", "kk", "OK"),
    ("ailin1-Б-3", "ru", "OK"),
    ("ailin1-Ж-3", "ru", "пишите как ailin1-Э-07"),  # the format of the kindergarten it begins with
    ("47-е-7", "kk", "OK"),  # folded to 47-Э-07
    ("47-X-07", "kk", "47-Э-07 сияқты жазыңыз"),
    ("123456789012", "kk", "ЖСН (12 цифр)"),
    ("1234 5678 9012", "ru", "ИИН (12 цифр)"),
    ("Асанов Нұрсұлтан", "kk", "аты-жөні"),
    ("Айша", "ru", "ФИО ребёнка"),
    (None, "kk", "«Бала коды» толтырылуы керек"),
    ("", "ru", "Поле «Бала коды» обязательно"),
])
def test_child_code(code: object, lang: str, expected: str) -> None:
    answer = fn.BAULU_CHILD_CODE(code, lang)
    assert (answer == "OK") if expected == "OK" else (expected in answer)
    assert fn.BAULU_BALA_KODY(code, lang) == answer


@pytest.mark.parametrize(("sheet", "header", "row", "lang", "expected"), [
    ("Мониторинг", MON, GOOD_CHILD, "kk", ["OK"]),
    ("monitoring", MON_RU, GOOD_CHILD, "ru", ["OK"]),
    ("Мониторинг", MON, [*GOOD_CHILD[:6], 4, 2, 3, 2, 2], "kk", ["Деңгей 1, 2 немесе 3 болуы керек, ал мұнда 4."]),
    ("Мониторинг", MON, ["Асанов Нұрсұлтан", *GOOD_CHILD[1:]], "ru", ["Похоже, здесь ФИО ребёнка"]),
    ("Мониторинг", MON, [*GOOD_CHILD[:5], None, *GOOD_CHILD[6:]], "kk", ["«Кезең» толтырылуы керек."]),
    ("Мониторинг", MON, [*GOOD_CHILD[:6], "бес", *GOOD_CHILD[7:]], "kk", ["«бес» бүтін сан емес."]),
    ("Мониторинг", MON, [None] * 11, "kk", ["OK"]),
    ("Жоспар орындалуы", PLAN, GOOD_PLAN, "kk", ["OK"]),
    ("Выполнение плана", PLAN, [*GOOD_PLAN[:4], None, None, ""], "ru",
     ["нет даты выполнения", "нет подтверждения"]),
    ("Жоспар орындалуы", PLAN, ["9.9", *GOOD_PLAN[1:]], "kk", ["«9.9» тармағы жұмыс жоспарында жоқ."]),
    ("Байқаулар", CONTEST, ["C1", "", "", "", "20.05.2026", 12, 8, 2, "47-Э-01", "https://x.kz/a"], "kk",
     ["күнтізбе", "айында"]),
    ("Жоқ парақ", MON, GOOD_CHILD, "kk", ["«Жоқ парақ» парағы танылмады"]),
])
def test_check_row(sheet: str, header: list[Any], row: list[Any], lang: str, expected: list[str]) -> None:
    answer = fn.BAULU_CHECK_ROW(sheet, header, row, lang)
    assert isinstance(answer, str)
    if expected == ["OK"]:
        assert answer == "OK"
    else:
        for words in expected:
            assert words in answer, answer
    assert fn.BAULU_JOLDY_TEKSERU(sheet, header, [row], lang) == answer


def test_contest_month_message_names_the_month() -> None:
    row = ["C1", "", "", "", "20.05.2026", 12, 8, 2, "47-Э-01", "https://x.kz/a"]
    assert "ақпан" in str(fn.BAULU_CHECK_ROW("Байқаулар", CONTEST, row))


def test_check_several_rows_answers_one_per_row_and_sees_duplicates() -> None:
    rows = [GOOD_CHILD, [None] * 11, [*GOOD_CHILD[:6], 7, 2, 3, 2, 2], GOOD_CHILD]
    answer = fn.BAULU_CHECK_ROW("Мониторинг", MON, rows)
    assert isinstance(answer, list) and [len(r) for r in answer] == [1, 1, 1, 1]
    first, blank, bad, duplicate = (r[0] for r in answer)
    assert blank == ""
    assert "ал мұнда 7" in bad
    assert "қайталанады" in duplicate and "қайталанады" in bad  # rows 2, 4 and 5 share one code
    assert first == "OK"


SAMPLES: list[tuple[SheetSpec, list[Any]]] = [
    (MONITORING, GOOD_CHILD),
    (MONITORING, ["123456789012", "бақылау", "", "кіші топ", "қыз", "2026-Q2", 0, "3", 1, None, 2]),
    (MONITORING, ["47-Э-08", "x", "", "жоқ топ", "?", "2027-Q1", 2, 2, 2, 2, 2]),
    (MONITORING, ["47-Б-09", "эксперименттік", "", "", "", "2026-Q1", 2, 2, 2, 2, 2]),  # the other group's letter
    (MONITORING, ["47-X-9", "бақылау", "Асанов Нұрлан Серікұлы", "", "", "2026-Q1", 1, 1, 1, 1, 1]),
    (CONTEST_RESULTS, ["C1", "", "", "", "20.02.2026", 3, 2, 1, "47-Э-01, 34-Э-02, 47-е-3", "https://x.kz"]),
    (PLAN_STATUS, GOOD_PLAN),
    (PLAN_STATUS, ["3.7", "", "", "орындалды", "01.01.2025", "не ссылка", ""]),
    (PLAN_STATUS, ["3.8", "", "", "жоқ статус", "31/02/2026", None, ""]),
    (CONTEST_RESULTS, ["C2", "", "", "", "14.03.2026", -1, "2,5", 1, "Айша, 47-Э-01", "https://x.kz"]),
    (POSTS, ["01.03.2026", "Instagram", "https://instagram.com/p/3", "Аспаздық шеберхана", ""]),
    (POSTS, ["сегодня", "MySpace", "", "", ""]),
]


@pytest.mark.parametrize(("spec", "row"), SAMPLES)
def test_one_row_check_finds_what_the_whole_sheet_check_finds(spec: SheetSpec, row: list[Any]) -> None:
    header = [c.kk for c in spec.columns]
    raw, _ = table_from_rows([header, row], spec, org="47", title=spec.kk)
    _, whole = validate_table(raw)
    fast = check_row(spec, header, row, row=2, org="47")
    batch = check_rows(spec, header, [row], org="47")[0]
    expected = sorted((f.rule, f.cell, f.message_kk, f.message_ru) for f in whole)
    assert sorted((f.rule, f.cell, f.message_kk, f.message_ru) for f in fast) == expected
    assert sorted((f.rule, f.cell, f.message_kk, f.message_ru) for f in batch) == expected


def test_findings_table_spills_with_headers_and_cells() -> None:
    cells = [MON, GOOD_CHILD, ["Асанов Нұрсұлтан", *GOOD_CHILD[1:]], [*GOOD_CHILD[:6], 5, 2, 3, 2, 2], [None] * 11]
    table = fn.BAULU_FINDINGS("Мониторинг", cells)
    assert isinstance(table, list)
    assert table[0] == ["Жол", "Баған", "Ұяшық", "Мәні", "Деңгейі", "Ереже", "Түсініктеме (қаз.)"]
    rows = {(r[2], r[5]) for r in table[1:]}
    assert ("A3", "child.name") in rows
    assert ("G4", "value.level") in rows
    assert ("A2", "child.duplicate") in rows or ("A4", "child.duplicate") in rows
    assert all(len(r) == 7 for r in table)
    ru = fn.BAULU_ESKERTULER("Мониторинг", cells, "ru")
    assert isinstance(ru, list) and ru[0][-1] == "Пояснение (рус.)"
    assert ru[1][4] in ("ошибка", "предупреждение")


def test_findings_of_a_clean_range_is_ok() -> None:
    assert fn.BAULU_FINDINGS("Мониторинг", [MON, GOOD_CHILD, [None] * 11, [None] * 11]) == "OK"


def test_findings_report_header_problems() -> None:
    header = ["Бала коды", "Топ түрі", "Кезең", "Бір нәрсе"]
    table = fn.BAULU_FINDINGS("Мониторинг", [header, ["47-Э-01", "эксперименттік", "2026-Q1", "x"]])
    assert isinstance(table, list)
    assert "header.unknown" in {r[5] for r in table[1:]}


def test_every_function_has_help_and_a_kazakh_twin() -> None:
    names = [f.__name__ for f in fn.FUNCTIONS]
    assert names == ["BAULU_CHECK_ROW", "BAULU_JOLDY_TEKSERU", "BAULU_PHONE", "BAULU_TELEFON",
                     "BAULU_CHILD_CODE", "BAULU_BALA_KODY", "BAULU_FINDINGS", "BAULU_ESKERTULER"]
    for f in fn.FUNCTIONS:
        doc = inspect.getdoc(f) or ""
        assert len(doc) > 30 and len(doc) <= 255, f.__name__  # Excel's description field holds 255
        assert any(ch in doc for ch in "әғқңөұүі"), f.__name__  # the help is Kazakh first
    for english, kazakh in zip(fn.FUNCTIONS[::2], fn.FUNCTIONS[1::2], strict=True):
        assert len(inspect.signature(english).parameters) == len(inspect.signature(kazakh).parameters)
