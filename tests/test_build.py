"""The master and kindergarten workbooks as built, saved and opened again."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from schemas import sheets
from schemas.columns import Column
from schemas.seed import ORGANISATIONS, Organisation
from schemas.sheets import SheetSpec
from schemas.vocabulary import DIRECTIONS
from workbook.build import build_kindergarten, build_master
from workbook.layout import INLINE_LIST_LIMIT, LISTS_SHEET, display_value, list_formula, write_table
from workbook.meta import META_SHEET, read_meta, write_meta


def reopen(wb: Workbook) -> Workbook:
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def visible(wb: Workbook) -> list[str]:
    return [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]


def sheet(wb: Workbook, spec: SheetSpec, lang: str = "kk") -> Worksheet:
    ws = wb[spec.title(lang)]
    assert isinstance(ws, Worksheet)
    return ws


def rows(ws: Worksheet, spec: SheetSpec, lang: str = "kk") -> list[dict[str, object]]:
    """The data rows by column key, read through the header row (blank rows skipped)."""
    header = [c.value for c in ws[1]]
    keys = {c.header(lang): c.key for c in spec.columns}
    assert header[: len(spec.columns)] == [c.header(lang) for c in spec.columns]
    result = []
    for values in ws.iter_rows(min_row=2, values_only=True):
        if any(v is not None for v in values):
            result.append({keys[str(h)]: v for h, v in zip(header, values, strict=False) if h in keys})
    return result


def validation_for(ws: Worksheet, cell: str) -> object | None:
    for dv in ws.data_validations.dataValidation:
        if cell in dv.sqref:
            return dv
    return None


@pytest.fixture(scope="module", params=["kk", "ru"])
def master(request: pytest.FixtureRequest) -> tuple[Workbook, str]:
    return reopen(build_master(lang=request.param)), request.param


@pytest.fixture(scope="module")
def master_kk() -> Workbook:
    return reopen(build_master())


@pytest.fixture(scope="module", params=["kk", "ru"])
def kindergarten(request: pytest.FixtureRequest) -> tuple[Workbook, str]:
    return reopen(build_kindergarten(ORGANISATIONS[3], lang=request.param)), request.param


# --------------------------------------------------------------------------- master


def test_master_sheets_are_the_specs_in_order(master: tuple[Workbook, str]) -> None:
    wb, lang = master
    # the coordinator's own notes sheet comes last
    assert visible(wb) == [spec.title(lang) for spec in (*sheets.master_sheets(), sheets.NOTES)]
    assert wb.active is not None and wb.active.title == sheets.SUMMARY.title(lang)
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert read_meta(wb) == {"version": "1", "kind": "master", "lang": lang}


def test_master_organisations_with_phones_as_written_and_normalised(master_kk: Workbook) -> None:
    records = rows(sheet(master_kk, sheets.ORGANISATIONS), sheets.ORGANISATIONS)
    assert [r["code"] for r in records] == ["47", "34", "37", "ailin1", "ayana"]
    ailin = records[3]
    assert ailin["lead_phone"] == "87017783888 87753704114"
    assert ailin["lead_phone_norm"] == "+77017783888, +77753704114"
    assert ailin["head_phone"] == "87023981607"
    assert ailin["head_phone_norm"] == "+77023981607"
    assert ailin["ownership"] == "жеке"
    assert ailin["sheet"] == "kindergartens/ailin1.xlsx"
    assert ailin["emails"] is None
    assert records[0]["full_name"].startswith("Батыс Қазақстан облысы әкімдігі")  # type: ignore[union-attr]
    assert [r["no"] for r in records] == [1, 2, 3, 4, 5]


def test_master_sheet_paths_are_taken_as_given() -> None:
    wb = reopen(build_master(sheet_paths={"47": "1AbCdEfGoogleId"}))
    records = rows(sheet(wb, sheets.ORGANISATIONS), sheets.ORGANISATIONS)
    assert records[0]["sheet"] == "1AbCdEfGoogleId"
    assert records[1]["sheet"] == "kindergartens/34.xlsx"


def test_master_plan_has_the_23_items_of_the_order(master: tuple[Workbook, str]) -> None:
    wb, lang = master
    records = rows(sheet(wb, sheets.PLAN, lang), sheets.PLAN, lang)
    assert len(records) == 23
    blocks = [r["block"] for r in records]
    labels = {t.key: t.label(lang) for t in sheets.PLAN.column("block").vocabulary()}
    assert [blocks.count(labels[k]) for k in ("region", "centre", "preschool")] == [5, 5, 13]
    first = records[0]
    assert (first["item_id"], first["deadline_year"]) == ("1.1", 2025)
    assert first["deadline_month"] == ("декабрь" if lang == "ru" else "желтоқсан")
    assert records[3]["deadline_month"] is None and records[3]["deadline_year"] is None


def test_master_contests_with_their_months(master_kk: Workbook) -> None:
    records = rows(sheet(master_kk, sheets.CONTEST_CALENDAR), sheets.CONTEST_CALENDAR)
    assert [r["code"] for r in records] == [f"C{i}" for i in range(1, 9)]
    assert [r["month"] for r in records] == [
        "ақпан", "наурыз", "маусым", "шілде", "қыркүйек", "қазан", "қараша", None,
    ]
    assert records[7]["direction"] == "Жылыжай, бау-бақша алаңы"


def test_master_indicators_are_active(master_kk: Workbook) -> None:
    records = rows(sheet(master_kk, sheets.INDICATORS), sheets.INDICATORS)
    assert [r["code"] for r in records] == ["K1", "K2", "K3", "K4", "K5"]
    assert {r["active"] for r in records} == {"иә"}


def test_every_data_sheet_is_an_excel_table_with_frozen_header_and_print_setup(
    master: tuple[Workbook, str],
) -> None:
    wb, lang = master
    for spec in sheets.master_sheets():
        if not spec.columns:
            continue
        ws = sheet(wb, spec, lang)
        assert list(ws.tables) == [spec.excel_table]
        table = ws.tables[spec.excel_table]
        first, last = table.ref.split(":")
        assert first == "A1"
        last_col, last_row = re.fullmatch(r"([A-Z]+)(\d+)", last).groups()  # type: ignore[union-attr]
        assert ws[f"{last_col}1"].column == len(spec.columns)
        assert int(last_row) >= 2
        assert table.autoFilter is not None
        assert table.tableStyleInfo.name.startswith("TableStyleMedium")
        assert [c.name for c in table.tableColumns] == [c.header(lang) for c in spec.columns]
        assert ws.freeze_panes == "A2"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws["A1"].font.b


def test_consolidated_and_findings_sheets_start_empty(master_kk: Workbook) -> None:
    for spec in sheets.master_sheets()[5:]:
        assert rows(sheet(master_kk, spec), spec) == [], spec.key


def test_dropdowns_for_enum_and_level_columns(master_kk: Workbook) -> None:
    lists = master_kk[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    for spec in sheets.master_sheets():
        ws = master_kk[spec.title()] if spec.columns else None
        for index, column in enumerate(spec.columns, start=1):
            letter = ws.cell(row=1, column=index).column_letter  # type: ignore[union-attr]
            dv = validation_for(ws, f"{letter}2")  # type: ignore[arg-type]
            if column.type not in ("enum", "level"):
                assert dv is None, (spec.key, column.key)
                continue
            assert dv is not None, (spec.key, column.key)
            assert dv.type == "list" and not dv.showErrorMessage  # type: ignore[attr-defined]
            assert validation_for(ws, f"{letter}1001") is dv  # type: ignore[arg-type]
            formula = dv.formula1  # type: ignore[attr-defined]
            if formula.startswith('"'):
                assert formula.strip('"').split(",") == column.choices("kk")
            else:
                assert formula.startswith(f"'{LISTS_SHEET}'!")
                cells = lists[formula.split("!")[1].replace("$", "")]
                assert [c[0].value for c in cells] == column.choices("kk")
            if column.help("kk"):
                assert dv.prompt == column.help("kk")  # type: ignore[attr-defined]
                assert ws.cell(row=1, column=index).comment.text == column.help("kk")  # type: ignore[union-attr]


def test_a_list_with_commas_or_past_255_characters_is_not_inlined() -> None:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    long = [f"нұсқа {i:02d} " + "ұзын мәтін" * 2 for i in range(20)]
    assert len(",".join(long)) > INLINE_LIST_LIMIT
    ref = list_formula(ws, long)
    assert ref == f"'{LISTS_SHEET}'!$A$1:$A$20"
    assert list_formula(ws, long) == ref  # written once
    directions = [t.kk for t in DIRECTIONS]
    assert list_formula(ws, directions) == f"'{LISTS_SHEET}'!$B$1:$B$8"
    assert list_formula(ws, ["1", "2", "3"]) == '"1,2,3"'


def test_column_widths_follow_the_spec(master_kk: Workbook) -> None:
    ws = sheet(master_kk, sheets.PLAN)
    for index, column in enumerate(sheets.PLAN.columns, start=1):
        width = ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width
        assert column.width <= width <= column.width + 6


def test_summary_is_the_dashboard_of_a_pilot_with_nothing_pulled_yet(master_kk: Workbook) -> None:
    ws = sheet(master_kk, sheets.SUMMARY)
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("Ерте жастан еңбекке және кәсіпке баулу" in t for t in texts)
    assert any("1218" in t and "29.12.2025" in t for t in texts)
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "ayana")
    assert ws.cell(row=row, column=3).value == "алынған жоқ"  # never pulled
    assert ws.cell(row=row, column=7).value == "13-тен 0"  # plan items done, of the order's 13
    assert len(ws._charts) == 1  # the plan chart; no monitoring yet, so no chart of levels


# --------------------------------------------------------------------------- kindergarten


def test_kindergarten_tabs_in_order(kindergarten: tuple[Workbook, str]) -> None:
    wb, lang = kindergarten
    expected = [sheets.INSTRUCTIONS, *sheets.kindergarten_sheets(), sheets.FEEDBACK]
    assert visible(wb) == [spec.title(lang) for spec in expected]
    assert read_meta(wb) == {"version": "1", "kind": "kindergarten", "org": "ailin1", "lang": lang}


def test_kindergarten_is_prefilled_from_the_plan(kindergarten: tuple[Workbook, str]) -> None:
    wb, lang = kindergarten
    plan = rows(sheet(wb, sheets.PLAN_STATUS, lang), sheets.PLAN_STATUS, lang)
    assert [r["item_id"] for r in plan] == [f"3.{i}" for i in range(1, 14)]
    assert all(r["status"] is None and r["text"] for r in plan)
    contests = rows(sheet(wb, sheets.CONTEST_RESULTS, lang), sheets.CONTEST_RESULTS, lang)
    assert [r["contest"] for r in contests] == [f"C{i}" for i in range(1, 9)]
    assert contests[0]["month"] == ("февраль" if lang == "ru" else "ақпан")
    assert all(r["date_held"] is None for r in contests)
    environment = rows(sheet(wb, sheets.ENVIRONMENT, lang), sheets.ENVIRONMENT, lang)
    assert [r["direction"] for r in environment] == [t.label(lang) for t in DIRECTIONS]
    for spec in (sheets.MONITORING, sheets.POSTS, sheets.FEEDBACK):
        assert rows(sheet(wb, spec, lang), spec, lang) == []


@pytest.mark.parametrize("org", ORGANISATIONS, ids=lambda o: o.code)
def test_no_personal_data_of_any_organisation_in_a_kindergarten_workbook(org: Organisation) -> None:
    wb = reopen(build_kindergarten(org))
    text = "\n".join(
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    )
    digits = re.sub(r"\D", "", text)
    for other in ORGANISATIONS:
        for phone in re.findall(r"\d{11}", other.head_phone + " " + other.lead_phone):
            assert phone[1:] not in digits, phone
        assert other.head not in text and other.lead not in text
    assert org.short_name in text and org.code in text


def test_kindergarten_protection_locks_what_the_master_gives(kindergarten: tuple[Workbook, str]) -> None:
    wb, lang = kindergarten
    for spec in sheets.kindergarten_sheets():
        ws = sheet(wb, spec, lang)
        assert ws.protection.sheet
        assert not ws.protection.formatCells and not ws.protection.sort
        assert not ws.protection.autoFilter and not ws.protection.insertRows
        assert ws["A1"].protection.locked  # the header
        for index, column in enumerate(spec.columns, start=1):
            for row in (2, 500, 1001):
                locked = ws.cell(row=row, column=index).protection.locked
                assert locked == (column.owner == "master"), (spec.key, column.key, row)
    plan = sheet(wb, sheets.PLAN_STATUS, lang)
    assert plan["A2"].protection.locked and not plan["D2"].protection.locked
    for spec in (sheets.FEEDBACK, sheets.INSTRUCTIONS):
        ws = sheet(wb, spec, lang)
        assert ws.protection.sheet and ws.protection.formatCells
        assert ws["A2"].protection.locked


def test_instructions_in_kazakh_then_russian_whatever_the_language(kindergarten: tuple[Workbook, str]) -> None:
    wb, lang = kindergarten
    ws = sheet(wb, sheets.INSTRUCTIONS, lang)
    lines = [str(c.value) for c in ws["A"] if c.value is not None]
    text = "\n".join(lines)
    assert "ailin1" in lines[2] and "«Айлин-1»" in lines[2]
    kk = next(i for i, line in enumerate(lines) if line.startswith("Бұл файлды ұйымның жоба жетекшісі"))
    ru = next(i for i, line in enumerate(lines) if line.startswith("Этот файл заполняет руководитель"))
    assert kk < ru
    for needle in ("47-Э-07", "12.03.2026", "ЖСН", "ИИН", "1 — төмен", "1 — низкий"):
        assert needle in text
    for spec in (*sheets.kindergarten_sheets(), sheets.FEEDBACK):
        assert text.count(f"«{spec.title(lang)}»") == 2, spec.key


# --------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("column", "value", "lang", "shown"),
    [
        (sheets.PLAN_STATUS.column("status"), "done", "kk", "орындалды"),
        (sheets.PLAN_STATUS.column("status"), "done", "ru", "выполнено"),
        (sheets.CONTEST_CALENDAR.column("month"), "2", "kk", "ақпан"),
        (sheets.CONTEST_CALENDAR.column("month"), 11, "ru", "ноябрь"),
        (sheets.MONITORING.column("group_kind"), "experimental", "kk", "эксперименттік"),
        (sheets.MONITORING.column("group_kind"), "unknown", "kk", "unknown"),
        (sheets.MONITORING.column("K1"), "3", "kk", 3),
        (sheets.MONITORING.column("K1"), 2, "ru", 2),
        (sheets.POSTS.column("date"), dt.date(2026, 3, 12), "kk", dt.date(2026, 3, 12)),
        (sheets.POSTS.column("date"), dt.datetime(2026, 3, 12), "kk", dt.date(2026, 3, 12)),
        (sheets.CONTEST_RESULTS.column("children"), 12, "kk", 12),
        (sheets.POSTS.column("comment"), None, "kk", None),
        (sheets.POSTS.column("comment"), float("nan"), "kk", None),
    ],
)
def test_display_value(column: Column, value: object, lang: str, shown: object) -> None:
    assert display_value(column, value, lang) == shown


def test_write_table_at_a_later_row_with_canonical_values() -> None:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    record = {"date": dt.date(2026, 3, 12), "network": "instagram", "link": "https://x.kz/p/1",
              "direction": "cooking"}
    write_table(ws, sheets.POSTS, [record], lang="ru", start_row=3)
    ws = reopen(wb).active
    assert isinstance(ws, Worksheet)
    assert ws["A3"].value == "Дата" and ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert ws["A4"].value == dt.datetime(2026, 3, 12) and ws["A4"].number_format == "DD.MM.YYYY"
    assert (ws["B4"].value, ws["D4"].value) == ("Instagram", "Кулинарная мастерская")
    assert ws.tables["t_posts"].ref == "A3:E4"
    assert validation_for(ws, "B1003") is not None and validation_for(ws, "B3") is None


def test_meta_round_trip() -> None:
    wb = Workbook()
    assert read_meta(wb) == {}
    write_meta(wb, kind="kindergarten", org="47", lang="ru")
    write_meta(wb, lang="kk")
    again = reopen(wb)
    assert read_meta(again) == {"version": "1", "kind": "kindergarten", "org": "47", "lang": "kk"}
    assert again[META_SHEET].sheet_state == "veryHidden"
