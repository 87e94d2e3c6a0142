"""Validation's fast paths give exactly what the plain per-cell code gave.

``plain_validate_table`` below is validation as it was before each distinct value's answer was
remembered: every cell coerced, searched for personal data, masked and its child code parsed one by
one, every finding built by ``make_finding`` as it was (templates rendered whole). Both run over
tables with planted IINs (text and number cells), names, look-alike codes, codes that do not fit,
codes of the other group, wrong values, control characters, too-long text, mixed types
(``1``, ``1.0``, ``True`` in one column) and NaN; the findings must be equal field by field, in
the same order, and the typed tables equal cell by cell, type included.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from schemas import catalogue
from schemas.catalogue import STANDARD_PARAMS, Rule, TemplateError
from schemas.celltext import EXCEL_CELL_LIMIT, has_illegal_characters, writable_text
from schemas.checks import element_rules, message_params
from schemas.childcode import CodeFormat, code_key
from schemas.coerce import coerce, looks_like_iin, looks_like_name, split_list
from schemas.finding import WHOLE_VALUE_PERSONAL, Finding, finding_maker, make_finding, show_value
from schemas.personal import find_personal, is_masked, mask_personal, mask_whole
from schemas.rules import Context, contest_rules, org_rules, plan_rules
from schemas.sheets import CONTEST_RESULTS, MONITORING, PLAN_STATUS, POSTS, SheetSpec, consolidated_spec
from schemas.table import Table
from schemas.validate import validate_table
from schemas.vocabulary import GROUP_KINDS, PERIODS, find_term, term
from tests.tables import make_table

# --------------------------------------------------------------------------- the plain path


def plain_render(rule: Rule, **params: object) -> tuple[str, str]:
    def base(name: str) -> str:
        return name[:-3] if name.endswith(("_kk", "_ru")) else name

    def lang_of(suffix: str) -> dict[str, object]:
        values = {k: v for k, v in params.items() if not k.endswith(("_kk", "_ru"))}
        values.update({k[:-3]: v for k, v in params.items() if k.endswith(suffix)})
        return values

    given = {base(n) for n in params}
    if set(rule.params) - given or given - set(rule.params) - set(STANDARD_PARAMS):
        raise TemplateError(rule.code)
    return rule.kk.format_map(lang_of("_kk")), rule.ru.format_map(lang_of("_ru"))


def plain_finding(rule: Rule, *, org: str, sheet: str, row: int | None = None, column: str = "", cell: str = "",
                  value: object = None, **params: object) -> Finding:
    shown = mask_whole(show_value(value)) if rule in WHOLE_VALUE_PERSONAL else mask_personal(show_value(value))
    column = mask_personal(column)
    kk, ru = plain_render(rule, **{"value": shown, "column": column, "sheet": sheet, **params})
    return Finding(org=org, sheet=sheet, row=row, column=column, cell=cell, value=shown, severity=rule.severity,
                   rule=rule.code, message_kk=kk, message_ru=ru)


def plain_coerce(raw: Table) -> tuple[Table, list[Finding], set[tuple[int, str]]]:
    findings: list[Finding] = []
    failed: set[tuple[int, str]] = set()
    data: dict[str, list[object]] = {}
    for key in raw.frame.columns:
        column = raw.spec.column(str(key))
        data[str(key)] = []
        for row, value in raw.frame[key].items():
            typed, rule = coerce(column, value)
            data[str(key)].append(typed)
            if rule is not None:
                failed.add((int(str(row)), column.key))
                findings.append(plain_finding(rule, org=raw.org, sheet=raw.sheet_title, row=int(str(row)),
                                              column=raw.header_of(column.key),
                                              cell=raw.cell(column.key, int(str(row))), value=value))
    return replace(raw, frame=pd.DataFrame(data, index=raw.frame.index, dtype=object)), findings, failed


def plain_text(raw: Table) -> list[Finding]:
    findings: list[Finding] = []
    for key in raw.frame.columns:
        for row, value in raw.frame[key].items():
            if not isinstance(value, str):
                continue
            too_long, illegal = len(value) > EXCEL_CELL_LIMIT, has_illegal_characters(value)
            quoted = writable_text(str(mask_personal(value))[:60])
            where = {"org": raw.org, "sheet": raw.sheet_title, "row": int(str(row)),
                     "column": raw.header_of(str(key)), "cell": raw.cell(str(key), int(str(row)))}
            if too_long:
                findings.append(plain_finding(catalogue.VALUE_TOO_LONG, **where, value=quoted + "…",  # type: ignore[arg-type]
                                              length=len(value), limit=EXCEL_CELL_LIMIT))
            if illegal:
                findings.append(plain_finding(catalogue.VALUE_CONTROL_CHARS, **where, value=quoted))  # type: ignore[arg-type]
    return findings


def plain_schema(coerced: Table, raw: Table, skip: set[tuple[int, str]]) -> list[Finding]:
    """Each column's checks asked of each cell; the required check first, then in declared order,
    the findings in pandera's order: by column, then by check, then by row."""
    findings: list[Finding] = []
    for key in coerced.frame.columns:
        column = coerced.spec.column(str(key))
        checks: list[tuple[Rule, Any]] = []
        if column.required:
            checks.append((catalogue.VALUE_REQUIRED, lambda v: v is not None))
        checks += [(rule, lambda v, fn=fn: v is None or fn(v)) for rule, fn in element_rules(column)]
        for rule, ok in checks:
            for row, value in coerced.frame[key].items():
                if ok(value) or (int(str(row)), str(key)) in skip or str(key) not in coerced.letters:
                    continue
                findings.append(plain_finding(
                    rule, org=coerced.org, sheet=coerced.sheet_title, row=int(str(row)),
                    column=coerced.header_of(str(key)), cell=coerced.cell(str(key), int(str(row))),
                    value=value if column.type == "date" else raw.frame.at[row, key], **message_params(rule, column)))
    return findings


def plain_child_codes(table: Table, ctx: Context) -> tuple[Table, list[Finding]]:
    keys = [c.key for c in table.spec.columns if c.type in ("code", "codes") and c.key in table.frame.columns]
    frame = table.frame.copy()
    findings: list[Finding] = []
    n = len(frame)
    orgs = list(frame["org"]) if "org" in frame.columns else [table.org] * n
    kinds = [k if k in ("experimental", "control") else None for k in frame["group_kind"]] \
        if "group_kind" in frame.columns else [None] * n
    for key in keys:
        many = table.spec.column(key).type == "codes"
        values = list(frame[key])
        for i, (row, value) in enumerate(zip(frame.index, values, strict=True)):
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            r = int(str(row))
            fmt = ctx.code_format(orgs[i] if orgs[i] is not None else table.org)
            items = split_list(str(value)) if many else [str(value).strip()]
            canonical: list[str] = []
            wrong: list[str] = []
            for item in items:
                parsed = fmt.parse(item)
                if parsed is None:
                    canonical.append(item)
                    if not (looks_like_name(item) or looks_like_iin(item) or is_masked(item)):
                        wrong.append(item)
                    continue
                canonical.append(parsed.canonical)
                kind = kinds[i]
                if not many and kind is not None and kind != parsed.kind:
                    findings.append(plain_finding(
                        catalogue.CHILD_CODE_GROUP, org=table.org, sheet=table.sheet_title, row=r,
                        column=table.header_of(key), cell=table.cell(key, r), value=parsed.canonical,
                        letter=fmt.letter(parsed.kind), expected=fmt.letter(kind),
                        kind_kk=term(GROUP_KINDS, kind).kk, kind_ru=term(GROUP_KINDS, kind).ru))
            if wrong:
                findings.append(plain_finding(
                    catalogue.CHILD_CODE_FORMAT, org=table.org, sheet=table.sheet_title, row=r,
                    column=table.header_of(key), cell=table.cell(key, r), value=", ".join(wrong),
                    example=fmt.example(), prefix=fmt.prefix, letters=fmt.letters()))
            if canonical != items:
                values[i] = ", ".join(canonical)
        frame[key] = pd.Series(values, index=frame.index, dtype=object)
    return replace(table, frame=frame), findings


def plain_monitoring(table: Table) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[tuple[object, str, object], list[int]] = defaultdict(list)
    kinds: dict[tuple[object, str], object] = {}
    frame = table.frame
    for row in frame.index:
        r = {k: frame.at[row, k] if k in frame.columns else None for k in ("org", "child_code", "period", "group_kind")}
        code = r["child_code"]
        if code is None or is_masked(code):
            continue
        org = r["org"] if "org" in frame.columns else table.org
        rows = seen[(org, code_key(code), r["period"])]
        rows.append(int(row))
        where = {"org": table.org, "sheet": table.sheet_title, "row": int(row)}
        if len(rows) > 1:
            period = find_term(PERIODS, r["period"] or "")
            findings.append(plain_finding(
                catalogue.CHILD_DUPLICATE, **where, column=table.header_of("child_code"),  # type: ignore[arg-type]
                cell=table.cell("child_code", int(row)), value=code,
                period_kk=period.kk if period else r["period"], period_ru=period.ru if period else r["period"],
                rows=", ".join(map(str, rows))))
        kind = r["group_kind"]
        if kind is None:
            continue
        if kinds.setdefault((org, code_key(code)), kind) != kind:
            findings.append(plain_finding(catalogue.CHILD_GROUP_CONFLICT, **where,  # type: ignore[arg-type]
                                          column=table.header_of("group_kind"),
                                          cell=table.cell("group_kind", int(row)), value=code))
    return findings


def plain_personal(raw: Table) -> list[Finding]:
    findings: list[Finding] = []
    for key in raw.frame.columns:
        column = raw.spec.column(str(key))
        if column.type in ("code", "codes"):
            continue
        for row, value in raw.frame[key].items():
            if value is None or isinstance(value, float):
                continue
            hits = find_personal(value)
            if hits:
                rule = catalogue.PERSONAL_IIN if any(h.kind == "iin" for h in hits) else catalogue.PERSONAL_NAME
                findings.append(plain_finding(rule, org=raw.org, sheet=raw.sheet_title, row=int(str(row)),
                                              column=raw.header_of(column.key),
                                              cell=raw.cell(column.key, int(str(row))), value=value))
    return findings


def plain_masked(table: Table) -> Table:
    frame = table.frame.copy()
    for key in frame.columns:
        code = table.spec.column(str(key)).type in ("code", "codes")
        shown: list[object] = []
        for value in frame[key]:
            if value is None or isinstance(value, float | dt.date):
                shown.append(value)
                continue
            if code and any(looks_like_name(i) or looks_like_iin(i) for i in split_list(str(value))):
                value = mask_whole(value)
            if find_personal(value):
                value = mask_personal(value) if isinstance(value, str) else None
            shown.append(value)
        frame[key] = pd.Series(shown, index=frame.index, dtype=object)
    return replace(table, frame=frame)


def plain_validate_table(raw: Table, ctx: Context) -> tuple[Table, list[Finding]]:
    coerced, findings, failed = plain_coerce(raw)
    findings += plain_text(raw)
    findings += plain_schema(coerced, raw, failed)
    coerced, found = plain_child_codes(coerced, ctx)
    findings += found
    kind = coerced.spec.source or coerced.spec.key
    findings += org_rules(coerced, ctx)
    findings += {"plan_status": plan_rules, "contest_results": contest_rules}.get(kind, lambda t, c: [])(coerced, ctx)
    if kind == "monitoring":
        findings += plain_monitoring(coerced)
    if raw.spec.side == "kindergarten" or raw.spec.source:
        findings += plain_personal(raw)
        coerced = plain_masked(coerced)
    return coerced, sorted(findings, key=lambda f: f.sort_key)


# --------------------------------------------------------------------------- planted tables

IIN = "150320500121"
IIN_NUMBER = 20315500128  # an IIN of one born in the 2000s, as Excel keeps it: the leading zero lost
NAMES = ["Асанова Айгерім", "Иванов Иван Иванович", "Ответственный Иванов И.И.", "А.Б. Жумабаева"]
TEXTS = [*NAMES, f"ЖСН {IIN} қате", "ИИН: 1503 2050 0121", "«Жас Дизайнер» байқауы", "Орал қаласы", "жақсы",
         "бала\x07ауырды", "x" * (EXCEL_CELL_LIMIT + 5), "Петрова Мария " + "y" * 40, "", "  ", None, 3, 2.5,
         float("nan"), IIN_NUMBER, float(IIN_NUMBER), True, dt.date(2026, 3, 1)]
CODES = ["47-Э-01", "47-E-01", "47-e-1", "47 э 007", "47-Б-02", "47-B-2", "47-6-03", "47-Э-1234", "34-Э-07",
         "47-В-07", "Асанов Нұрсұлтан", IIN, "1503 2050 0121", "47-Э-00101", "0203******12", "А*** Б***", None, 7,
         7.0, True, "47-Ж-07", "Айша"]
KINDS = ["эксперименттік", "бақылау", "experimental", "control", "Экспериментальная", "басқа", None, 1]
PERIODS_TYPED = ["бастапқы", "Q1", "қорытынды", "IV тоқсан", "ортаңғы", None, "жоқ", 2]
LEVELS = [1, 2, 3, 4, "2", "бір", 1.0, True, 2.5, None, "  ", "үш", 0]


def _pick(rng: random.Random, values: Sequence[object]) -> object:
    return values[rng.randrange(len(values))]


def _monitoring_rows(rng: random.Random, n: int, orgs: list[str] | None = None) -> dict[int, dict[str, object]]:
    rows: dict[int, dict[str, object]] = {}
    for i in range(n):
        org = orgs[i % len(orgs)] if orgs else "47"
        code = _pick(rng, CODES)
        if isinstance(code, str) and code.startswith("47") and org not in ("47", None):
            code = org + code[2:]
        record: dict[str, object] = {
            "child_code": code, "group_kind": _pick(rng, KINDS), "group_name": _pick(rng, TEXTS),
            "age_group": _pick(rng, ["ересек топ (4–5)", "мектепалды даярлық тобы (5–6)", "жасы", None, 5]),
            "sex": _pick(rng, ["ұл", "қыз", "м", "Иванов Иван", None]), "period": _pick(rng, PERIODS_TYPED),
            **{f"K{k}": _pick(rng, LEVELS) for k in range(1, 6)},
        }
        if orgs:
            record["org"] = org
        rows[i + 2] = record
    return rows


CTX = replace(Context.default(), code_formats={**Context.default().code_formats,
                                              "ailin1": CodeFormat("А1", "Э", "К")})


def _equal(fast: tuple[Table, list[Finding]], plain: tuple[Table, list[Finding]]) -> None:
    (typed, findings), (typed_plain, findings_plain) = fast, plain
    assert len(findings) == len(findings_plain)
    for a, b in zip(findings, findings_plain, strict=True):
        assert a == b
    assert findings == findings_plain
    assert list(typed.frame.columns) == list(typed_plain.frame.columns)
    assert list(typed.frame.index) == list(typed_plain.frame.index)
    for key in typed.frame.columns:
        for a, b in zip(typed.frame[key].tolist(), typed_plain.frame[key].tolist(), strict=True):
            same_nan = isinstance(a, float) and isinstance(b, float) and a != a and b != b
            assert (a == b or same_nan) and type(a) is type(b), (key, a, b)


@pytest.mark.parametrize("seed", [1, 2])
def test_monitoring_fast_equals_plain(seed: int) -> None:
    rng = random.Random(seed)
    table = make_table(MONITORING, _monitoring_rows(rng, 300))
    _equal(validate_table(table, CTX), plain_validate_table(table, CTX))


def test_consolidated_monitoring_fast_equals_plain() -> None:
    rng = random.Random(3)
    spec = consolidated_spec(MONITORING)
    rows = _monitoring_rows(rng, 300, orgs=["47", "34", "ailin1", "unknown", None])  # type: ignore[list-item]
    table = make_table(spec, rows, org="")
    _equal(validate_table(table, CTX), plain_validate_table(table, CTX))


def _text_sheet(spec: SheetSpec, rng: random.Random, n: int) -> Table:
    rows: dict[int, dict[str, object]] = {}
    for i in range(n):
        record: dict[str, object] = {}
        for c in spec.columns:
            if c.type == "codes":
                record[c.key] = ", ".join(str(_pick(rng, CODES)) for _ in range(rng.randint(1, 3)))
            elif c.type in ("date",):
                record[c.key] = _pick(rng, ["01.03.2026", dt.date(2026, 2, 1), dt.datetime(2025, 1, 1), 46082,
                                            "вчера", None, IIN_NUMBER])
            elif c.type == "count":
                record[c.key] = _pick(rng, [3, -1, "5", 2.0, "көп", None, True])
            elif c.type == "url":
                record[c.key] = _pick(rng, ["https://instagram.com/p/2", "instagram", None, "www.x.kz",
                                            "Асанова Айгерім"])
            elif c.type == "enum":
                record[c.key] = _pick(rng, [*(t.kk for t in c.vocabulary()), "басқа", None, 1])
            else:
                record[c.key] = _pick(rng, [*TEXTS, "C1", "C2", "1.1", "1.2", "Z9"])
        rows[i + 2] = record
    return make_table(spec, rows)


@pytest.mark.parametrize("spec", [CONTEST_RESULTS, PLAN_STATUS, POSTS], ids=lambda s: s.key)
def test_other_sheets_fast_equal_plain(spec: SheetSpec) -> None:
    table = _text_sheet(spec, random.Random(4), 200)
    _equal(validate_table(table, CTX), plain_validate_table(table, CTX))


def test_a_column_of_one_value_and_an_empty_table() -> None:
    one = make_table(MONITORING, {r: {"child_code": "47-E-01", "group_kind": "бақылау", "period": "Q1",
                                      "group_name": NAMES[0], "K1": 2} for r in range(2, 40)})
    _equal(validate_table(one, CTX), plain_validate_table(one, CTX))
    empty = make_table(MONITORING, {})
    _equal(validate_table(empty, CTX), plain_validate_table(empty, CTX))


def test_the_plain_path_finds_what_was_planted() -> None:
    """The reference is not vacuous: every kind of planted mistake is among its findings."""
    table = make_table(MONITORING, _monitoring_rows(random.Random(1), 300))
    _, findings = plain_validate_table(table, CTX)
    rules = {f.rule for f in findings}
    assert {"personal.iin", "personal.name", "child.code_format", "child.code_group", "child.iin", "child.name",
            "child.duplicate", "value.level", "value.choice", "value.required", "type.integer",
            "value.control_chars", "value.too_long"} <= rules


MARK_LIKE = "\x00\ufdd0value\ufdd1\x00"


@pytest.mark.parametrize("rule", catalogue.CATALOGUE, ids=lambda r: r.code)
def test_make_finding_equals_rendering_whole(rule: Rule) -> None:
    """Messages rendered once per rule, column and parameters, the value put in its place, are
    the messages rendered whole: for odd headers, values and parameters too."""
    odd: dict[str, object] = {p: f"{{{p}}} {MARK_LIKE if p == rule.params[0] else p}" for p in rule.params}
    unhashable: dict[str, object] = {p: [p] for p in rule.params}
    values: list[object] = [None, "Асанова Айгерім", IIN, IIN_NUMBER, 12.0, dt.date(2026, 3, 1), "{value}",
                            MARK_LIKE, "47-Э-07, Айша"]
    columns = ("Бала коды", "Иванов Иван Иванович", "{column}", MARK_LIKE, "")
    for column, params in [(c, p) for c in columns for p in (odd, unhashable)]:
        for value in values * 2:  # the second time from what was prepared
            fast = make_finding(rule, org="47", sheet="Мониторинг", row=3, column=column, cell="A3", value=value,
                                **params)  # type: ignore[arg-type]
            assert fast == plain_finding(rule, org="47", sheet="Мониторинг", row=3, column=column, cell="A3",
                                         value=value, **params)
        maker = finding_maker(rule, org="47", sheet="Мониторинг", column=column, **params)  # type: ignore[arg-type]
        for row, value in enumerate(values * 2, start=2):
            assert maker(row, f"B{row}", value) == plain_finding(
                rule, org="47", sheet="Мониторинг", row=row, column=column, cell=f"B{row}", value=value, **params)
