"""Wrong values are stopped at the source: the kindergarten workbook's data validation, opened
from the saved file, follows the specs' entry rules."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from schemas import sheets
from schemas.entry_rules import MESSAGE_LIMIT, TITLE_LIMIT, entry_rules
from schemas.seed import ORGANISATIONS
from workbook.build import build_kindergarten
from workbook.layout import LISTS_SHEET, MARGIN_ROWS


@pytest.fixture(scope="module", params=["kk", "ru"])
def built(request: pytest.FixtureRequest) -> tuple[Workbook, str]:
    buffer = io.BytesIO()
    build_kindergarten(ORGANISATIONS[0], lang=request.param).save(buffer)
    return openpyxl.load_workbook(buffer), request.param


def _validation(ws: Worksheet, cell: str) -> DataValidation | None:
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) <= 1, cell
    return found[0] if found else None


def _list(wb: Workbook, formula: str) -> list[str]:
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    cells = wb[LISTS_SHEET][formula.split("!")[1].replace("$", "")]
    return [str(c[0].value) for c in cells]


EXPECTED = {
    # (sheet key, column key): (type, operator, formula1, formula2)
    ("plan_status", "date_done"): ("date", "between", "DATE(2025,12,1)", "DATE(2026,12,31)"),
    ("contest_results", "date_held"): ("date", "between", "DATE(2026,1,1)", "DATE(2026,12,31)"),
    ("contest_results", "children"): ("whole", "greaterThanOrEqual", "0", None),
    ("contest_results", "parents"): ("whole", "greaterThanOrEqual", "0", None),
    ("contest_results", "teachers"): ("whole", "greaterThanOrEqual", "0", None),
    ("monitoring", "K1"): ("whole", "between", "1", "3"),
    ("monitoring", "K5"): ("whole", "between", "1", "3"),
    ("posts", "date"): ("date", "between", "DATE(2026,1,1)", "DATE(2026,12,31)"),
    ("environment", "since"): ("date", "between", "DATE(2025,12,1)", "DATE(2026,12,31)"),
}


def test_every_kindergarten_column_with_a_rule_stops_a_wrong_entry(built: tuple[Workbook, str]) -> None:
    wb, lang = built
    seen: set[tuple[str, str]] = set()
    for spec in sheets.KINDERGARTEN_SHEETS:
        ws = wb[spec.title(lang)]
        rules = {r.column: r for r in entry_rules(spec, lang)}
        for index, column in enumerate(spec.columns, start=1):
            letter = ws.cell(row=1, column=index).column_letter
            dv = _validation(ws, f"{letter}2")
            if column.key not in rules:
                assert dv is None, (spec.key, column.key)
                assert column.type in ("text", "url", "code", "codes"), column.type
                continue
            assert dv is not None, (spec.key, column.key)
            assert _validation(ws, f"{letter}{MARGIN_ROWS + 1}") is dv
            assert dv.errorStyle == "stop" and dv.showErrorMessage and dv.allow_blank
            assert dv.errorTitle and len(dv.errorTitle) <= TITLE_LIMIT
            assert dv.error and len(dv.error) <= MESSAGE_LIMIT
            assert column.header(lang) in dv.error
            if len(dv.error.split("\n")) == 2:  # both languages, the workbook's first
                assert column.header("ru" if lang == "kk" else "kk") in dv.error.split("\n")[1]
            if column.type == "enum":
                assert dv.type == "list"
                assert _list(wb, str(dv.formula1)) == column.choices(lang)
            else:
                wanted = EXPECTED.get((spec.key, column.key))
                if wanted is None:
                    wanted = {"level": EXPECTED[("monitoring", "K1")],
                              "count": EXPECTED[("contest_results", "children")]}[column.type]
                assert (dv.type, dv.operator, dv.formula1, dv.formula2) == wanted, (spec.key, column.key)
                seen.add((spec.key, column.key))
    assert set(EXPECTED) <= seen


def test_rules_are_data_the_google_backend_can_send() -> None:
    (since,) = [r for r in entry_rules(sheets.ENVIRONMENT) if r.column == "since"]
    assert (since.kind, since.minimum, since.maximum, since.strict) == (
        "date", dt.date(2025, 12, 1), dt.date(2026, 12, 31), True)
    assert "01.12.2025" in since.message_kk and "01.12.2025" in since.message_ru
    levels = [r for r in entry_rules(sheets.MONITORING) if r.kind == "whole"]
    assert [(r.column, r.minimum, r.maximum) for r in levels] == [(f"K{i}", 1, 3) for i in range(1, 6)]
    (period,) = [r for r in entry_rules(sheets.MONITORING, "ru") if r.column == "period"]
    assert period.choices[0] == "входной (2026 I квартал)"
    # the feedback tab is the software's: nothing to enter there
    assert entry_rules(sheets.FEEDBACK) == ()
    # the master's lists offer without refusing (the coordinator may keep what a kindergarten sent)
    assert all(r.kind == "list" and not r.strict for s in sheets.MASTER_SHEETS for r in entry_rules(s))
