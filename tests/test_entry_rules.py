"""Wrong values are stopped at the source: the kindergarten workbook's data validation, opened
from the saved file, follows the specs' entry rules."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from schemas import sheets
from schemas.entry_rules import MESSAGE_LIMIT, TITLE_LIMIT, entry_rules
from schemas.lang import Lang
from schemas.rows import column_letter
from schemas.seed import ORGANISATIONS
from sync.google_layout import kindergarten_tabs, layout_requests
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


# --------------------------------------------------------------------------- both backends, one rule

Normal = tuple[str, tuple[object, ...], bool, str]
"""A column's rule as either backend states it: kind, choices or bounds, strict, message."""

_DATE = re.compile(r"^=?DATE\((\d+),(\d+),(\d+)\)$")


def _day(text: str) -> dt.date:
    match = _DATE.match(text)
    assert match, text
    return dt.date(*(int(g) for g in match.groups()))


def _xlsx_rules(wb: Workbook, spec: sheets.SheetSpec, lang: str) -> dict[str, Normal]:
    ws = wb[spec.title(lang)]
    out: dict[str, Normal] = {}
    for index, column in enumerate(spec.columns, start=1):
        dv = _validation(ws, f"{ws.cell(row=1, column=index).column_letter}2")
        if dv is None:
            continue
        strict = dv.errorStyle == "stop" and bool(dv.showErrorMessage)
        if dv.type == "list":
            bounds: tuple[object, ...] = tuple(_list(wb, str(dv.formula1)))
        elif dv.type == "whole":
            bounds = (int(str(dv.formula1)), int(str(dv.formula2)) if dv.formula2 is not None else None)
        else:
            bounds = (_day(str(dv.formula1)), _day(str(dv.formula2)))
        out[column.key] = (str(dv.type), bounds, strict, str(dv.error))
    return out


def _google_rules(requests: list[dict[str, Any]], titles: dict[int, str], spec: sheets.SheetSpec,
                  lang: str) -> dict[str, Normal]:
    out: dict[str, Normal] = {}
    for request in requests:
        body = request.get("setDataValidation")
        if body is None or titles[body["range"]["sheetId"]] != spec.title(lang):
            continue
        grid, rule = body["range"], body["rule"]
        assert (grid["startRowIndex"], grid["endColumnIndex"] - grid["startColumnIndex"]) == (1, 1)
        assert grid["endRowIndex"] >= 1000
        column = spec.columns[grid["startColumnIndex"]]
        condition, values = rule["condition"]["type"], [v["userEnteredValue"] for v in rule["condition"].get("values", [])]
        if condition == "ONE_OF_LIST":
            kind, bounds = "list", tuple(values)
            assert rule["showCustomUi"] is True
        elif condition == "CUSTOM_FORMULA":
            anchor = f"{column_letter(grid['startColumnIndex'] + 1)}2"
            (formula,) = values
            assert formula.startswith(f"=AND(ISNUMBER({anchor}),{anchor}=INT({anchor})"), formula
            low = re.search(rf"{anchor}>=(\d+)", formula)
            high = re.search(rf"{anchor}<=(\d+)", formula)
            kind, bounds = "whole", (int(low.group(1)) if low else None, int(high.group(1)) if high else None)
        else:
            assert condition == "DATE_BETWEEN", condition
            kind, bounds = "date", tuple(_day(v) for v in values)
        assert column.key not in out, column.key
        out[column.key] = (kind, bounds, bool(rule["strict"]), str(rule.get("inputMessage", "")))
    return out


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_google_sheet_and_the_workbook_stop_the_same_entries(lang: Lang) -> None:
    """Provisioning a Google sheet sends, for every column of every kindergarten tab, the rule the
    .xlsx holds: the same lists, bounds, strictness and kk/ru message (from ``entry_rules``)."""
    org = ORGANISATIONS[0]
    buffer = io.BytesIO()
    build_kindergarten(org, lang=lang).save(buffer)
    wb = openpyxl.load_workbook(buffer)
    layout = layout_requests(kindergarten_tabs(org, lang=lang), editor="baulu@example.iam", lang=lang)
    titles = {}
    for request in layout.requests:
        props = (request.get("addSheet") or request.get("updateSheetProperties") or {}).get("properties")
        if props:
            titles[props["sheetId"]] = props["title"]
    compared = 0
    for spec in sheets.KINDERGARTEN_SHEETS:
        xlsx, google = _xlsx_rules(wb, spec, lang), _google_rules(layout.requests, titles, spec, lang)
        assert google == xlsx, spec.key
        assert all(strict for _, _, strict, _ in google.values())
        compared += len(google)
    kinds = {kind for spec in sheets.KINDERGARTEN_SHEETS for kind, *_ in _google_rules(
        layout.requests, titles, spec, lang).values()}
    assert kinds == {"list", "whole", "date"} and compared >= 20
