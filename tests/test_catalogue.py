"""The rule catalogue: every rule complete in both languages, rendered with exactly its parameters,
referred to by object everywhere, and docs/rules.md generated from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.rules_doc import DOC, main, rules_markdown
from schemas import catalogue
from schemas.catalogue import CATALOGUE, STANDARD_PARAMS, Rule, TemplateError, placeholders
from schemas.finding import make_finding

ROOT = Path(__file__).resolve().parents[1]
CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)


def _sample(rule: Rule) -> dict[str, object]:
    return {name: f"<{name}>" for name in (*STANDARD_PARAMS, *rule.params)}


def test_codes_are_unique_and_every_rule_is_listed() -> None:
    codes = [r.code for r in CATALOGUE]
    assert len(codes) == len(set(codes))
    defined = {v.code for v in vars(catalogue).values() if isinstance(v, Rule)}
    assert defined == set(codes)
    assert all(catalogue.by_code(r.code) is r for r in CATALOGUE)


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.code)
def test_every_text_is_written_in_both_languages(rule: Rule) -> None:
    for kk, ru in ((rule.kk, rule.ru), (rule.about_kk, rule.about_ru), (rule.fix_kk, rule.fix_ru)):
        assert kk.strip() and ru.strip() and kk != ru
        assert CYRILLIC.search(kk) and CYRILLIC.search(ru)
    assert placeholders(rule.kk) == placeholders(rule.ru), "both languages quote the same things"
    assert set(rule.params) <= placeholders(rule.kk), "a declared parameter the message never shows"


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.code)
def test_rendered_with_exactly_its_parameters_leaves_no_gap(rule: Rule) -> None:
    kk, ru = rule.render(**_sample(rule))
    for text in (kk, ru):
        assert "{" not in text and "}" not in text
        for name in placeholders(rule.kk):
            assert f"<{name}>" in text


@pytest.mark.parametrize("rule", [r for r in CATALOGUE if r.params], ids=lambda r: r.code)
def test_a_missing_parameter_raises(rule: Rule) -> None:
    for name in rule.params:
        params = {k: v for k, v in _sample(rule).items() if k != name}
        with pytest.raises(TemplateError, match=name):
            rule.render(**params)


def test_an_unknown_parameter_raises_and_per_language_values_fill_their_language() -> None:
    with pytest.raises(TemplateError, match="mnth"):
        catalogue.CONTEST_MONTH.render(value="03.08.2026", mnth="шілде")
    kk, ru = catalogue.CONTEST_MONTH.render(value="03.08.2026", month_kk="шілде", month_ru="июль")
    assert "шілде" in kk and "июль" in ru and "июль" not in kk


def test_a_template_with_an_undeclared_placeholder_is_refused() -> None:
    with pytest.raises(TemplateError):
        Rule("x.y", "error", "{value} {when}", "{value} {when}", "а", "б", "в", "г")


def test_finding_keeps_the_code_and_the_rule_severity() -> None:
    f = make_finding(catalogue.CHILD_IIN, org="47", sheet="Мониторинг", row=6, column="Бала коды",
                     cell="A6", value="060315500123")
    assert f.rule == "child.iin" and f.severity == "error" and "ЖСН" in f.message_kk


def test_no_check_names_a_rule_by_a_string() -> None:
    codes = "|".join(re.escape(r.code) for r in CATALOGUE)
    quoted = re.compile(rf"[\"']({codes})[\"']")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for package in ("schemas", "workbook", "sync", "macros")
        for path in (ROOT / package).rglob("*.py")
        if path.name != "catalogue.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if quoted.search(line)
    ]
    assert offenders == []


def test_docs_rules_md_is_generated_from_the_catalogue() -> None:
    assert DOC.read_text(encoding="utf-8") == rules_markdown(), "run: python -m macros.rules_doc"
    assert main(["--check"]) == 0
    for rule in CATALOGUE:
        assert rule.about_kk in DOC.read_text(encoding="utf-8") and rule.fix_ru in rules_markdown()
