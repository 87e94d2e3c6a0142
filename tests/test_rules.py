"""Every rule: one passing and one failing case, each failure at its exact A1 cell."""

from __future__ import annotations

import pytest

from schemas.headers import match_headers
from schemas.rules import Context
from schemas.sheets import (
    CONTEST_RESULTS,
    MONITORING,
    ORGANISATIONS,
    PLAN_STATUS,
    POSTS,
    consolidated_spec,
)
from schemas.validate import validate_table
from tests.tables import make_table

OK_PLAN = {"item_id": "3.6", "status": "done", "date_done": "20.02.2026", "evidence": "https://instagram.com/p/1"}
OK_CONTEST = {"contest": "C1", "date_held": "20.02.2026", "children": 12, "parents": 8, "teachers": 2,
              "winners": "47-Э-01, 47-Э-02", "evidence": "https://instagram.com/p/2"}
OK_CHILD = {"child_code": "47-Э-01", "group_kind": "эксперименттік", "period": "бастапқы", "K1": 2}
OK_POST = {"date": "01.03.2026", "network": "Instagram", "link": "https://instagram.com/p/3"}
OK_ORG = {"code": "47", "short_name": "№47", "ownership": "мемлекеттік", "head_phone": "87056723477",
          "emails": "lead@example.kz"}

SPECS = {"plan": PLAN_STATUS, "contest": CONTEST_RESULTS, "child": MONITORING, "post": POSTS, "org": ORGANISATIONS}
OK = {"plan": OK_PLAN, "contest": OK_CONTEST, "child": OK_CHILD, "post": OK_POST, "org": OK_ORG}


def findings(kind: str, *rows: dict[str, object]) -> list[tuple[str, str, str]]:
    table = make_table(SPECS[kind], {i: r for i, r in enumerate(rows, start=2)})
    _, found = validate_table(table, Context.default())
    return [(f.rule, f.cell, f.severity) for f in found]


@pytest.mark.parametrize("kind", list(SPECS))
def test_good_rows_pass(kind: str) -> None:
    assert findings(kind, OK[kind]) == []


@pytest.mark.parametrize(
    ("kind", "change", "expected"),
    [
        ("child", {"child_code": None}, ("value.required", "A2", "error")),
        ("child", {"group_kind": "аралас"}, ("value.choice", "B2", "error")),
        ("child", {"K1": 4}, ("value.level", "G2", "error")),
        ("child", {"K1": "көп"}, ("type.integer", "G2", "error")),
        ("child", {"child_code": "Асанов Нұрлан"}, ("child.name", "A2", "error")),
        ("child", {"child_code": "Айша"}, ("child.name", "A2", "error")),
        ("child", {"child_code": "060315 500123"}, ("child.iin", "A2", "error")),
        ("child", {"child_code": 60315500123 * 10}, ("child.iin", "A2", "error")),
        ("contest", {"children": -3}, ("value.negative", "F2", "error")),
        ("contest", {"parents": "12,5"}, ("type.integer", "G2", "error")),
        ("contest", {"date_held": "ертең"}, ("type.date", "E2", "error")),
        ("contest", {"date_held": "20.02.2025"}, ("date.out_of_pilot", "E2", "error")),
        ("contest", {"date_held": "12.03.2026"}, ("contest.month", "E2", "warning")),
        ("contest", {"contest": "C9"}, ("contest.unknown", "A2", "error")),
        ("contest", {"winners": "47-Э-01, Асанова Айгерім"}, ("child.name", "I2", "error")),
        ("contest", {"evidence": "фото бар"}, ("type.url", "J2", "warning")),
        ("plan", {"date_done": None}, ("plan.done_without_date", "E2", "error")),
        ("plan", {"evidence": None}, ("plan.done_without_evidence", "F2", "error")),
        ("plan", {"item_id": "3.99"}, ("plan.unknown_item", "A2", "error")),
        ("plan", {"status": "жартылай"}, ("value.choice", "D2", "error")),
        ("post", {"date": "15.01.2027"}, ("date.out_of_pilot", "A2", "error")),
        ("post", {"network": "ВКонтакте"}, ("value.choice", "B2", "error")),
        ("org", {"head_phone": "8705672347"}, ("phone.invalid", "H2", "error")),
        ("org", {"emails": "lead@"}, ("type.email", "N2", "error")),
    ],
)
def test_each_rule_fails_at_its_cell(kind: str, change: dict[str, object], expected: tuple[str, str, str]) -> None:
    assert findings(kind, {**OK[kind], **change}) == [expected]


def test_december_2025_is_allowed_only_where_the_plan_says_so() -> None:
    assert findings("plan", {**OK_PLAN, "date_done": "20.12.2025"}) == []
    assert findings("post", {**OK_POST, "date": "20.12.2025"}) == [("date.out_of_pilot", "A2", "error")]


def test_duplicate_child_code_in_a_period() -> None:
    same_period = findings("child", OK_CHILD, {**OK_CHILD, "K1": 3})
    assert same_period == [("child.duplicate", "A3", "error")]
    other_period = findings("child", OK_CHILD, {**OK_CHILD, "period": "I тоқсан"})
    assert other_period == []


def test_child_in_one_group_kind_only() -> None:
    assert findings("child", OK_CHILD, {**OK_CHILD, "period": "Q1", "group_kind": "бақылау"}) == [
        ("child.code_group", "A3", "error"),  # and its letter Э says experimental
        ("child.group_conflict", "B3", "error"),
    ]


def test_unknown_organisation_in_a_consolidated_sheet() -> None:
    spec = consolidated_spec(POSTS)
    table = make_table(spec, {2: {**OK_POST, "org": "47"}, 3: {**OK_POST, "org": "99", "link": "https://t.me/x"}})
    _, found = validate_table(table, Context.default())
    assert [(f.rule, f.cell) for f in found] == [("org.unknown", "A3")]


def test_messages_in_both_languages_name_the_value() -> None:
    table = make_table(CONTEST_RESULTS, {7: {**OK_CONTEST, "children": -3}})
    _, (finding,) = validate_table(table, Context.default())
    assert finding.org == "47" and finding.row == 7 and finding.cell == "F7" and finding.value == "-3"
    assert "-3" in finding.message_kk and "теріс" in finding.message_kk
    assert "-3" in finding.message_ru and "отрицательным" in finding.message_ru
    assert finding.column == CONTEST_RESULTS.column("children").kk


@pytest.mark.parametrize(
    ("headers", "rules"),
    [
        (["Бала коды", "Топ түрі", "Кезең"], []),
        (["КОД РЕБЁНКА", "вид  группы", "Период"], []),  # Russian, case and spacing
        (["Бала\nкоды", "Tоп түрі", "кезең:"], []),  # line break, Latin T, trailing colon
        (["child_code", "group_kind", "period"], []),  # keys
        (["Бала коды", "Топ түрі", "Кезең", "Бала коды"], [("header.duplicate", "D1")]),
        (["Бала коды", "Топ түрі", "Кезең", "Ескерту"], [("header.unknown", "D1")]),
        (["Бала коды", "Топ түрі"], [("header.missing", "")]),
    ],
)
def test_header_matching(headers: list[str], rules: list[tuple[str, str]]) -> None:
    cells = [(chr(ord("A") + i), h) for i, h in enumerate(headers)]
    match = match_headers(MONITORING, cells, org="47", sheet="Мониторинг")
    errors = [(f.rule, f.cell) for f in match.findings if f.severity == "error" or f.rule != "header.missing"]
    assert errors == rules
    if not rules:
        assert match.letters["child_code"] == "A" and match.letters["period"] == "C"


def test_one_renamed_header_is_one_finding() -> None:
    headers = [c.kk for c in MONITORING.columns]
    headers[5] = "Оқу кезеңі"  # was «Кезең»
    cells = [(chr(ord("A") + i), h) for i, h in enumerate(headers)]
    match = match_headers(MONITORING, cells, org="47", sheet="Мониторинг")
    # recognised as the renamed «Кезең»: its values are carried, with a warning
    assert [(f.rule, f.cell, f.severity) for f in match.findings] == [("header.renamed", "F1", "warning")]
    assert "Кезең" in match.findings[0].message_kk and "Период" in match.findings[0].message_ru
    assert match.letters["period"] == "F" and match.headers["period"] == "Оқу кезеңі"
    assert match.unknown == {}
