"""Personal data in free text: IINs (check digit) and likely full names, found in every cell, masked."""

from __future__ import annotations

import pytest

from schemas import catalogue
from schemas.check import check_kindergarten_tabs
from schemas.finding import make_finding
from schemas.personal import find_personal, iin_check_digit, is_iin, mask_iin, mask_name, mask_personal
from schemas.rules import Context
from schemas.sheets import CONTEST_RESULTS, ENVIRONMENT, MONITORING, PLAN_STATUS, POSTS, consolidated_spec
from schemas.sheets import ORGANISATIONS as ORG_SHEET
from schemas.validate import validate_table
from tests.tables import make_table

IIN = "150320500121"  # 20.03.2015, 5: born in the 2000s; check digit 1 by the first pass
IIN_SECOND_PASS = "150320500304"  # the first pass gives 10, the second 4
NAME = "Асанова Айгерім"
POST = {"date": "01.03.2026", "network": "Instagram", "link": "https://instagram.com/p/3"}


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        (IIN, True), (IIN_SECOND_PASS, True), ("020315600451", True), ("910715300126", True),
        ("1503 2050 0121", True), ("150320-500121", True),
        ("150320500122", False),  # wrong check digit
        ("150320500335", False),  # both passes give 10: no such IIN is issued
        ("151320500121", False),  # month 13
        ("150231500121", False),  # 31 February
        ("150320700121", False),  # century digit 7
        ("15032050012", False), ("1503205001211", False), ("87051234567", False),
    ],
)
def test_iin_check_digit_and_birth_date(digits: str, valid: bool) -> None:
    assert is_iin(digits) is valid


def test_check_digit_two_passes() -> None:
    assert iin_check_digit("15032050012") == 1
    assert iin_check_digit("15032050030") == 4
    assert iin_check_digit("15032050033") is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Иванов Иван Иванович ауырып қалды", ["Иванов Иван Иванович"]),
        ("Жеңімпаз: Асанов Нұрсұлтан", ["Асанов Нұрсұлтан"]),
        ("Сейітқали Аружан келмеді", ["Сейітқали Аружан"]),
        ("Айша Серікқызы мен Ержан Болатұлы", ["Айша Серікқызы", "Ержан Болатұлы"]),
        ("марапатталды: Петрова Мария", ["Петрова Мария"]),
        ("Ответственный Иванов И.И.", ["Ответственный Иванов И.И."]),
        ("А.Б. Жумабаева", ["А.Б. Жумабаева"]),
        (f"ЖСН {IIN} қате жазылды", [IIN]),
        ("ИИН: 1503 2050 0121", ["1503 2050 0121"]),
        ("Батыс Қазақстан облысы, Орал қаласы", []),
        ("«Жас Дизайнер» байқауы өтті", []),
        ("«Смарт Қала – Ақылды Бала»", []),
        ("Instagram, Telegram парақшаларында жариялымдар", []),
        ("Ата-аналар жиналысы, ашық есік күндері", []),
        ("№47 «Бәйтерек» бөбекжайы МКҚК", []),
        ("https://www.facebook.com/baiterek47_oral/posts/1503205001211234", []),
        ("ИИН150320500121, тел. 87051234567", [IIN]),  # glued to a word: still an IIN
        ("https://t.me/balbulak34/1503205001210", []),  # part of a longer number
        ("Тел. 87051234567", []),
        ("Жабдықтау жоспарлануда", []),
    ],
)
def test_names_and_iins_in_free_text(text: str, found: list[str]) -> None:
    assert [h.text for h in find_personal(text)] == found


def test_an_iin_that_excel_turned_into_a_number() -> None:
    (hit,) = find_personal(20315600451)  # 020315600451 without its leading zero
    assert (hit.kind, hit.text) == ("iin", "020315600451")
    assert find_personal(12) == [] and find_personal(87051234567) == [] and find_personal(True) == []


def test_masks() -> None:
    assert mask_iin(IIN) == "1503******21"
    assert mask_name("Асанова Айгерім Серікқызы") == "А*** А*** С***"
    assert mask_personal(f"{NAME} ауырды, ЖСН {IIN}") == "А*** А*** ауырды, ЖСН 1503******21"
    assert mask_personal("Экскурсия") == "Экскурсия"


@pytest.mark.parametrize(
    ("spec", "row", "key", "cell"),
    [
        (POSTS, {**POST, "comment": f"{NAME} сурет салды"}, "comment", "E2"),
        (PLAN_STATUS, {"item_id": "3.1", "status": "орындалуда", "comment": f"ЖСН {IIN}"}, "comment", "G2"),
        (ENVIRONMENT, {"direction": "Зергерлік шеберхана", "description": f"Ұсынған: {NAME}"}, "description", "D2"),
        (CONTEST_RESULTS, {"contest": "C1", "title": f"«Зергер әке» — {NAME}"}, "title", "B2"),
        (MONITORING, {"child_code": "47-Э-01", "group_kind": "эксперименттік", "period": "бастапқы",
                      "group_name": f"Тәрбиеші {NAME}"}, "group_name", "C2"),
    ],
)
def test_personal_data_in_any_text_cell_is_a_finding_and_never_leaves_unmasked(
    spec: object, row: dict[str, object], key: str, cell: str,
) -> None:
    table = make_table(spec, {2: row})  # type: ignore[arg-type]
    typed, found = validate_table(table, Context.default())
    personal = [f for f in found if f.rule.startswith("personal.")]
    assert [(f.rule, f.cell, f.severity) for f in personal] == [
        ("personal.iin" if IIN in str(row[key]) else "personal.name", cell, "error")]
    for f in found:
        for text in (f.value, f.message_kk, f.message_ru, f.column):
            assert IIN not in text and NAME not in text and "Айгерім" not in text
    assert personal[0].value == mask_personal(row[key]) and "***" in personal[0].value
    shown = typed.frame.at[2, key]
    assert shown == mask_personal(row[key]) and IIN not in str(shown) and NAME not in str(shown)


def test_an_iin_typed_into_a_number_column_is_found_and_dropped() -> None:
    table = make_table(CONTEST_RESULTS, {2: {"contest": "C1", "children": 150320500121}})
    typed, found = validate_table(table, Context.default())
    assert [(f.rule, f.cell, f.value) for f in found] == [("personal.iin", "F2", "1503******21")]
    assert typed.frame.at[2, "children"] is None


def test_a_name_in_the_code_column_is_masked_in_the_finding_and_the_table() -> None:
    table = make_table(MONITORING, {2: {"child_code": "Сейітқали Аружан", "group_kind": "бақылау",
                                        "period": "Q3"}})
    typed, (finding,) = validate_table(table, Context.default())
    assert (finding.rule, finding.value) == ("child.name", "С*** А***")
    assert "Аружан" not in finding.message_kk + finding.message_ru
    assert typed.frame.at[2, "child_code"] == "С*** А***"


def test_two_masked_names_are_not_one_duplicate_child() -> None:
    rows = {2: {"child_code": "Сейітқали Аружан", "group_kind": "бақылау", "period": "Q3"},
            3: {"child_code": "Серікова Айдана", "group_kind": "бақылау", "period": "Q3"}}
    _, found = validate_table(make_table(MONITORING, rows), Context.default())
    assert [f.rule for f in found] == ["child.name", "child.name"]


def test_consolidated_sheets_are_checked_too_but_the_master_s_own_staff_are_not() -> None:
    spec = consolidated_spec(POSTS)
    _, found = validate_table(make_table(spec, {2: {**POST, "org": "47", "comment": f"ЖСН {IIN}"}}, org="master"),
                              Context.default())
    assert [f.rule for f in found] == ["personal.iin"]
    head = {"code": "47", "short_name": "№47", "ownership": "мемлекеттік", "head": "Еришова Эльмира Айдынгалиевна"}
    assert validate_table(make_table(ORG_SHEET, {2: head}), Context.default())[1] == []


def test_what_baulu_masked_is_not_reported_again_in_the_master() -> None:
    spec = consolidated_spec(MONITORING)
    rows = {r: {"org": "ailin1", "child_code": "С*** А***", "group_kind": "control", "period": "Q3"} for r in (2, 3)}
    assert validate_table(make_table(spec, rows, org="master"), Context.default())[1] == []


def test_every_finding_masks_what_it_quotes() -> None:
    f = make_finding(catalogue.VALUE_CHOICE, org="47", sheet="x", column=f"Баған {NAME}", value=f"{NAME} {IIN}",
                     choices="иә, жоқ")
    assert f.value == "А*** А*** 1503******21" and NAME not in f.column
    assert NAME not in f.message_kk and IIN not in f.message_ru


def test_a_children_s_list_in_an_extra_tab_is_found_too() -> None:
    tabs = {
        "Жариялымдар": [["Күні", "Желі", "Сілтеме"], ["01.03.2026", "Instagram", "https://instagram.com/p/3"]],
        "Балалар тізімі": [["№", "Аты-жөні", "ЖСН"], [1, NAME, int(IIN)], [2, "Аружан", "—"]],
        "Кері байланыс": [["Мәні"], ["1503******21"], [f"{NAME}"]],  # Baulu's own: not searched here
        "Нұсқаулық": [["Бала коды: 47-Э-07, Иванов Иван емес"]],
    }
    checked = check_kindergarten_tabs(tabs, org="47")
    found = [(f.rule, f.sheet, f.cell, f.value) for f in checked.findings if f.rule.startswith("personal.")]
    assert found == [("personal.name", "Балалар тізімі", "B2", "А*** А***"),
                     ("personal.iin", "Балалар тізімі", "C2", "1503******21")]
