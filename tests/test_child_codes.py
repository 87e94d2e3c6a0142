"""Child codes: each kindergarten's format as data in the master, look-alikes folded, misfits found."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from schemas.childcode import CodeFormat
from schemas.rules import Context
from schemas.seed import ORGANISATIONS
from schemas.sheets import CONTEST_RESULTS, MONITORING, consolidated_spec
from schemas.sheets import ORGANISATIONS as ORG_SHEET
from schemas.validate import validate_table
from tests.tables import make_table
from workbook.build import build_master
from workbook.check import check_master
from workbook.reader import find_sheet, open_workbook
from workbook.sheetmap import map_sheet

FORMAT = CodeFormat("47")
CHILD = {"child_code": "47-Э-01", "group_kind": "эксперименттік", "period": "бастапқы", "K1": 2}
CONTEST = {"contest": "C1", "date_held": "20.02.2026", "children": 12, "parents": 8, "teachers": 2,
           "winners": "47-Э-01, 47-Э-02", "evidence": "https://instagram.com/p/2"}


def _check(spec: object, *rows: dict[str, object], ctx: Context | None = None, org: str = "47") -> tuple[
        list[object], list[tuple[str, str, str]]]:
    table = make_table(spec, {i: r for i, r in enumerate(rows, start=2)}, org=org)  # type: ignore[arg-type]
    typed, found = validate_table(table, ctx or Context.default())
    codes = list(typed.frame["child_code" if "child_code" in typed.frame else "winners"])
    return codes, [(f.rule, f.cell, f.value) for f in found]


@pytest.mark.parametrize(
    "typed",
    ["47-Э-07", "47-E-07", "47-e-7", "47 э 007", "47Э07", "47-Е-07", "47_Э_07", "47–Э–07", " 47-э-07 ",
     "４７-Э-０７"],
)
def test_look_alikes_and_spellings_fold_to_one_experimental_code(typed: str) -> None:
    parsed = FORMAT.parse(typed)
    assert parsed is not None and (parsed.canonical, parsed.kind) == ("47-Э-07", "experimental")


@pytest.mark.parametrize("typed", ["47-Б-07", "47-B-07", "47-b-7", "47-6-07", "47 б 07"])
def test_look_alikes_fold_to_one_control_code(typed: str) -> None:
    parsed = FORMAT.parse(typed)
    assert parsed is not None and (parsed.canonical, parsed.kind) == ("47-Б-07", "control")


@pytest.mark.parametrize(
    "typed",
    ["47607",  # a 6 is a Б only between separators
     "47-В-07", "34-Э-07", "47-Э-0", "47-Э-1234", "47-Э", "Э-07", "47-Э-07-1", "47-Ж-07", "Асанов"],
)
def test_what_does_not_fit_is_not_folded(typed: str) -> None:
    assert FORMAT.parse(typed) is None


def test_letters_and_prefix_are_data() -> None:
    fmt = CodeFormat.from_cells("А1", "э / к", org="ailin1")
    assert (fmt.prefix, fmt.experimental, fmt.control) == ("А1", "Э", "К")
    assert fmt.parse("a1-k-3") is not None and fmt.parse("a1-k-3").canonical == "А1-К-03"  # type: ignore[union-attr]
    assert fmt.parse("А1-Б-03") is None
    assert CodeFormat.from_cells(None, None, org="34") == CodeFormat("34", "Э", "Б")
    assert CodeFormat.from_cells("", "Э/Э", org="34") == CodeFormat("34", "Э", "Б")  # one letter for both: default


def test_a_latin_e_does_not_make_a_new_child() -> None:
    codes, found = _check(MONITORING, CHILD, {**CHILD, "child_code": "47-E-01", "K1": 3})
    assert codes == ["47-Э-01", "47-Э-01"]
    assert found == [("child.duplicate", "A3", "47-Э-01")]


def test_a_look_alike_cannot_sneak_a_child_into_the_other_group() -> None:
    _, found = _check(MONITORING, CHILD, {**CHILD, "child_code": "47-e-1", "period": "Q1",
                                              "group_kind": "бақылау"})
    assert ("child.group_conflict", "B3", "47-Э-01") in found


def test_the_group_letter_must_agree_with_the_group_kind() -> None:
    _, found = _check(MONITORING, {**CHILD, "child_code": "47-Б-05"})
    assert found == [("child.code_group", "A2", "47-Б-05")]
    table = make_table(MONITORING, {2: {**CHILD, "child_code": "47-Б-05"}})
    (finding,) = validate_table(table, Context.default())[1]
    assert "«Б»" in finding.message_kk and "«Э»" in finding.message_kk and "эксперименттік" in finding.message_kk
    assert "«Б»" in finding.message_ru and "экспериментальная" in finding.message_ru


@pytest.mark.parametrize("code", ["34-Э-01", "47-Ж-01", "47/Э", "Э-47-01", "47-В-01"])
def test_a_code_that_still_does_not_fit_is_a_finding_in_both_languages(code: str) -> None:
    table = make_table(MONITORING, {2: {**CHILD, "child_code": code}})
    typed, (finding,) = validate_table(table, Context.default())
    assert (finding.rule, finding.cell, finding.value, finding.severity) == ("child.code_format", "A2", code, "error")
    assert "47-Э-07" in finding.message_kk and "Э/Б" in finding.message_kk
    assert "47-Э-07" in finding.message_ru and "формату" in finding.message_ru
    assert typed.frame.at[2, "child_code"] == code  # kept as typed


def test_names_and_iins_in_a_code_cell_are_not_also_a_format_finding() -> None:
    _, found = _check(MONITORING, {**CHILD, "child_code": "Асанов Нұрлан"})
    assert [f[0] for f in found] == ["child.name"]


def test_winners_are_folded_and_a_misfit_among_them_is_named() -> None:
    codes, found = _check(CONTEST_RESULTS, {**CONTEST, "winners": "47-E-01, 47-Э-2"})
    assert codes == ["47-Э-01, 47-Э-02"] and found == []
    _, found = _check(CONTEST_RESULTS, {**CONTEST, "winners": "47-Э-01, 34-Э-02, 47-Б-3"})
    assert found == [("child.code_format", "I2", "34-Э-02")]


def test_consolidated_rows_follow_each_row_s_own_organisation() -> None:
    spec = consolidated_spec(MONITORING)
    rows = {2: {**CHILD, "org": "47", "child_code": "47-e-1"}, 3: {**CHILD, "org": "34", "child_code": "34-E-1"},
            4: {**CHILD, "org": "34", "child_code": "47-Э-01"}}
    typed, found = validate_table(make_table(spec, rows, org="master"), Context.default())
    assert list(typed.frame["child_code"]) == ["47-Э-01", "34-Э-01", "47-Э-01"]
    assert [(f.rule, f.cell) for f in found] == [("child.code_format", "B4")]


def test_the_format_lives_on_the_master_s_organisation_sheet() -> None:
    wb = build_master()
    sheet = find_sheet(wb, ORG_SHEET)
    assert sheet is not None
    found = map_sheet(sheet, ORG_SHEET)
    seeded = {sheet.cell(row=r, column=found.columns["code"]).value:
              (sheet.cell(row=r, column=found.columns["child_prefix"]).value,
               sheet.cell(row=r, column=found.columns["child_letters"]).value)
              for r in range(found.header_row + 1, found.header_row + 1 + len(ORGANISATIONS))}
    assert seeded == {o.code: (o.code, "Э/Б") for o in ORGANISATIONS}
    row = next(r for r in range(2, 8) if sheet.cell(row=r, column=found.columns["code"]).value == "47")
    sheet.cell(row=row, column=found.columns["child_prefix"]).value = "Б47"
    sheet.cell(row=row, column=found.columns["child_letters"]).value = "Э/К"
    buffer = io.BytesIO()
    wb.save(buffer)
    checked = check_master(open_workbook(io.BytesIO(buffer.getvalue())), consolidated=False)
    assert checked.context is not None
    ctx = checked.context
    assert ctx.code_format("47") == CodeFormat("Б47", "Э", "К")
    assert ctx.code_format("34") == CodeFormat("34", "Э", "Б")
    codes, found_rules = _check(MONITORING, {**CHILD, "child_code": "б47-e-1"},
                                {**CHILD, "child_code": "Б47-к-2", "group_kind": "бақылау"}, ctx=ctx)
    assert codes == ["Б47-Э-01", "Б47-К-02"] and found_rules == []
    _, found_rules = _check(MONITORING, CHILD, ctx=ctx)
    assert found_rules == [("child.code_format", "A2", "47-Э-01")]


def test_a_master_from_before_the_format_columns_uses_the_org_code_and_e_b() -> None:
    wb = build_master()
    sheet = find_sheet(wb, ORG_SHEET)
    assert sheet is not None
    found = map_sheet(sheet, ORG_SHEET)
    sheet.delete_cols(found.columns["child_prefix"], 2)
    for name in list(sheet.tables):  # the Excel table would still name the two columns
        del sheet.tables[name]
    buffer = io.BytesIO()
    wb.save(buffer)
    checked = check_master(open_workbook(io.BytesIO(buffer.getvalue())), consolidated=False)
    assert checked.context is not None
    assert {o.code: checked.context.code_format(o.code) for o in ORGANISATIONS} == {
        o.code: CodeFormat(o.code, "Э", "Б") for o in ORGANISATIONS}
    assert replace(Context.default(), code_formats={}).code_format("ayana") == CodeFormat("ayana", "Э", "Б")
