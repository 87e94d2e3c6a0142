"""The ribbon path, through xlwings itself — honestly: no Excel runs here.

xlwings' remote engine (``xw.Book(json=...)``: the same Book/Sheet/Range API, without Excel) is
given the values of a real master, the ribbon's code runs against it, and the actions it records
are carried out on that master by openpyxl standing in for Excel (``tests/xlremote.py``). So:

- the xlwings applier and the openpyxl applier give the same master from the same plan;
- each ribbon action does its work, ends with one message box in the workspace's language, and a
  failure ends in a clear message box, never a traceback;
- text stays text: ``=…`` a kindergarten typed is written with Excel's text apostrophe.

The remote engine is xlwings PRO under the PolyForm Noncommercial licence (docs/excel-addin.md):
``XLWINGS_LICENSE_KEY=noncommercial`` is set for the test session (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings as xw
from openpyxl.workbook.workbook import Workbook

from macros import ribbon
from macros.sync_cmd import sync_once
from macros.xlbook import apply_plan as apply_xlwings
from macros.xlbook import summary_cells, with_formulas
from schemas.celltext import EXCEL_CELL_LIMIT, writable_text
from schemas.sheets import FINDINGS, SUMMARY
from schemas.tabs import MARKS_TAB
from schemas.writeplan import Block, Formula, SheetWrite, WorkbookPlan, blocks_from_cells
from sync.engine import SyncReport
from sync.store import Store
from tests.conftest import Filled
from tests.test_injection import PAYLOADS
from tests.xlremote import apply_actions, payload
from workbook.apply import apply_plan as apply_openpyxl


@pytest.fixture(scope="module")
def filled(filled_workspace: Filled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the demo's data in every kindergarten file, never synced."""
    return Path(shutil.copytree(filled_workspace.root, tmp_path_factory.mktemp("ribbon") / "ws"))


def copy_of(root: Path, tmp: Path, name: str) -> Path:
    target = tmp / name
    shutil.copytree(root, target)
    return target


def through_xlwings(wb: Workbook, work: Any) -> tuple[Workbook, list[dict[str, Any]]]:
    """Run ``work(book)`` on the remote engine fed ``wb``; carry its actions out on ``wb``."""
    book = xw.Book(json=payload(wb))
    work(book)
    actions = book.json()["actions"]
    apply_actions(wb, actions)
    return reloaded(wb), actions


def reloaded(wb: Workbook) -> Workbook:
    data = io.BytesIO()
    wb.save(data)
    return openpyxl.load_workbook(io.BytesIO(data.getvalue()))


def picture(wb: Workbook) -> dict[str, Any]:
    """What a coordinator sees of a workbook: every value (text kept apart from formulas), every
    link, and every mark (fill and note); the marks registry's own fill and note columns too."""
    seen: dict[str, Any] = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and c.hyperlink is None and c.comment is None:
                    continue
                fill = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
                cells[c.coordinate] = (
                    c.value, c.data_type == "f", c.hyperlink.location if c.hyperlink else None,
                    c.comment.text if c.comment else None, fill if fill in ("FFFFC7CE", "FFFFEB9C") else None,
                )
        seen[ws.title] = cells
        seen[ws.title + ":visible"] = ws.sheet_state == "visible"
        seen[ws.title + ":tables"] = {t.name: t.ref for t in ws.tables.values()}
    return seen


@pytest.fixture(scope="module")
def cli_round(filled: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SyncReport]:
    """The same workspace synced from the command line (openpyxl on the closed file)."""
    root = copy_of(filled, tmp_path_factory.mktemp("cli"), "ws")
    return root, sync_once(root)


def test_both_appliers_give_the_same_master_from_one_plan(filled: Path, cli_round: tuple[Path, SyncReport]) -> None:
    """The plan the command line applied with openpyxl, applied with xlwings to the same master."""
    root, report = cli_round
    plan = report.plan.master
    assert plan is not None and plan.marks and any(s.links for s in plan.sheets)
    by_xlwings, actions = through_xlwings(openpyxl.load_workbook(filled / "master.xlsx"),
                                          lambda book: apply_xlwings(book, plan))
    assert picture(openpyxl.load_workbook(root / "master.xlsx")) == picture(by_xlwings)
    writes = [a for a in actions if a["func"] == "setValues"]
    blocks = sum(len(s.blocks) + len(s.clear) for s in plan.sheets if not s.layout)
    assert plan.summary is not None  # the dashboard: one Range write per block of its cells
    blocks += len(blocks_from_cells(summary_cells(plan.summary, by_xlwings.sheetnames, lang=plan.lang)[0]))
    assert len(writes) <= blocks + 10  # one Range write per block (and a few for the laid-out sheets)


_STAMP = re.compile(r"· \d{4}-\d\d-\d\d \d\d:\d\d|\d\d\.\d\d\.\d{4} \d\d:\d\d")  # and Oral-time stamps


def unstamped(seen: dict[str, Any]) -> dict[str, Any]:
    """A picture with the pull times in the version column («v1 · 2026-… 10:31») taken out: two
    rounds a minute apart differ only there."""
    def clean(value: object) -> object:
        return _STAMP.sub("· —", value) if isinstance(value, str) else value
    return {k: ({cell: (clean(v[0]), *v[1:]) for cell, v in cells.items()} if isinstance(cells, dict) else cells)
            for k, cells in seen.items()}


def test_ribbon_and_command_line_give_the_same_master(
    ribbon_round: tuple[Path, Workbook, list], cli_round: tuple[Path, SyncReport],
) -> None:
    by_ribbon, master, (outcome, _) = ribbon_round
    by_cli, _ = cli_round
    assert not outcome.failed
    assert unstamped(picture(master)) == unstamped(picture(openpyxl.load_workbook(by_cli / "master.xlsx")))
    for org in ("47", "ayana"):  # the kindergartens got the same feedback either way
        ribbon_fed = openpyxl.load_workbook(by_ribbon / "kindergartens" / f"{org}.xlsx")
        cli_fed = openpyxl.load_workbook(by_cli / "kindergartens" / f"{org}.xlsx")
        assert unstamped(picture(ribbon_fed)) == unstamped(picture(cli_fed))


def test_text_stays_text_and_formulas_stay_formulas(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = FINDINGS.kk
    typed = ("=1+2", "+77051234567", "@SUM(A1)", "-3", "3.6", "12.03.2026", "'quoted")
    plan = WorkbookPlan("master", "kk", (SheetWrite(
        FINDINGS.kk, FINDINGS, blocks=(Block(2, 1, (typed, (Formula("=1+2"), 7, None, "", "x", "y", "z"))),),
    ),))
    by_openpyxl = openpyxl.Workbook()
    by_openpyxl.active.title = FINDINGS.kk
    apply_openpyxl(by_openpyxl, plan)
    by_xlwings, actions = through_xlwings(wb, lambda book: apply_xlwings(book, plan))
    sent = next(a["values"] for a in actions if a["func"] == "setValues")
    assert sent[0] == ["'" + t for t in typed]
    assert sent[1][:2] == ["=1+2", 7]
    first = [(c.value, c.data_type) for c in by_xlwings[FINDINGS.kk][2]]
    assert first == [(t, "s") for t in typed]
    assert by_xlwings[FINDINGS.kk]["A3"].data_type == "f"
    assert picture(reloaded(by_openpyxl)) == picture(by_xlwings)


@pytest.fixture(scope="module")
def ribbon_round(filled: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Workbook, list]]:
    root = copy_of(filled, tmp_path_factory.mktemp("round"), "ws")
    on_disk = (root / "master.xlsx").read_bytes()
    wb = openpyxl.load_workbook(root / "master.xlsx")
    outcomes: list[ribbon.Outcome] = []
    master, actions = through_xlwings(wb, lambda book: outcomes.append(ribbon.run("collect", book, root=root)))
    assert (root / "master.xlsx").read_bytes() == on_disk  # written through Excel, never saved behind it
    yield root, master, [outcomes[0], actions]


def test_collect_writes_the_round_into_the_open_master(ribbon_round: tuple[Path, Workbook, list]) -> None:
    root, master, (outcome, actions) = ribbon_round
    assert not outcome.failed
    alerts = [a["args"] for a in actions if a["func"] == "alert"]
    assert alerts == [[outcome.text, "Баулу", "ok", "info", ""]]
    assert outcome.text.splitlines()[0] == "Жинау және тексеру: аяқталды."
    assert "МДҰ: 5-тен 5 жаңартылды." in outcome.text
    findings = master[FINDINGS.kk]
    assert findings.max_row > 2 and MARKS_TAB in master.sheetnames
    with Store.for_workspace(root) as store:
        assert len(store.history()) == 5  # the round stored every kindergarten's version


def test_check_then_report_then_history(ribbon_round: tuple[Path, Workbook, list], tmp_path: Path) -> None:
    root, master, _ = ribbon_round
    checked: list[ribbon.Outcome] = []
    after_check, actions = through_xlwings(master, lambda book: checked.append(ribbon.run("check", book, root=root)))
    assert not checked[0].failed and checked[0].text.startswith("Тексеру: аяқталды.")
    assert any(a["func"] == "addNote" for a in actions)
    reported: list[ribbon.Outcome] = []
    after_report, actions = through_xlwings(after_check, lambda b: reported.append(ribbon.run("report", b, root=root)))
    assert not reported[0].failed
    assert any(a["func"] == "setValues" for a in actions)
    # the dashboard laid out again from the open book says what the round's said: each
    # kindergarten's plan, this quarter's completeness and timeliness (columns G, I, J)
    def glance(wb: Workbook) -> dict[object, tuple[object, ...]]:
        ws = wb[SUMMARY.kk]
        codes = {"47", "34", "37", "ailin1", "ayana"}
        return {r[0]: (r[6], r[8], r[9]) for r in ws.iter_rows(values_only=True) if r[0] in codes}
    assert len(glance(after_report)) == 5 and glance(after_report) == glance(master)
    told: list[ribbon.Outcome] = []
    after_history, _ = through_xlwings(after_report, lambda b: told.append(ribbon.run("history", b, root=root)))
    assert "5 нұсқа «Тарих» парағына шығарылды." in told[0].text
    sheet = after_history["Тарих"]
    assert [c.value for c in sheet[1]] == ["Нұсқа", "Ұйым", "Алынған уақыты (Орал)", "Қайдан", "Ревизия"]
    assert sheet.max_row == 6 and str(sheet["A2"].value).startswith("v")


def test_a_russian_workspace_is_answered_in_russian(filled: Path, tmp_path: Path) -> None:
    root = copy_of(filled, tmp_path, "ru")
    config = root / "baulu.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('lang = "kk"', 'lang = "ru"'), encoding="utf-8")
    told: list[ribbon.Outcome] = []
    through_xlwings(openpyxl.load_workbook(root / "master.xlsx"),
                    lambda b: told.append(ribbon.run("check", b, root=root)))
    assert told[0].text.startswith("Проверить: готово.")


def test_failures_end_in_a_clear_message_box(filled: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(filled / "master.xlsx")
    told: list[ribbon.Outcome] = []
    _, actions = through_xlwings(wb, lambda b: told.append(ribbon.run("collect", b, root=tmp_path)))
    assert told[0].failed
    assert "baulu.toml" in told[0].text and "Traceback" not in told[0].text
    assert [a["args"][3] for a in actions if a["func"] == "alert"] == ["critical"]

    broken = copy_of(filled, tmp_path, "broken")
    (broken / ".baulu").mkdir(exist_ok=True)
    (broken / ".baulu" / "store.sqlite").mkdir()  # a store that cannot be opened
    told.clear()
    through_xlwings(openpyxl.load_workbook(broken / "master.xlsx"),
                    lambda b: told.append(ribbon.run("history", b, root=broken)))
    assert told[0].failed and told[0].text.startswith("Тарих: Күтпеген қате болды")
    assert "Traceback" not in told[0].text



@pytest.mark.parametrize(("values", "formulas", "expected"), [
    (3.0, "=1+2", [[Formula("=1+2")]]),  # Excel hands a lone cell over as a scalar
    ("=1+2", "=1+2", [["=1+2"]]),  # text typed as «=1+2»: its formula is its own text
    ([[12.0, 2.5, None]], (("12", "2.5", ""),), [[12, 2.5, None]]),
    ([["a"], [7.0]], (("a",), ("=3+4",)), [["a"], [Formula("=3+4")]]),  # a column: tuples of tuples
    ([[dt.datetime(2026, 3, 1), "x"]], None, [[dt.datetime(2026, 3, 1), "x"]]),  # an engine without formulas
])
def test_values_read_from_excel(values: object, formulas: object, expected: list[list[object]]) -> None:
    got = with_formulas(values, formulas)
    assert got == expected
    assert [[type(v) for v in line] for line in got] == [[type(v) for v in line] for line in expected]


def test_every_payload_goes_through_xlwings_as_the_text_the_file_path_writes(tmp_path: Path) -> None:
    """Formula starts, DDE forms, text Excel would convert, a text longer than a cell holds and
    control characters: through xlwings each is Excel's text apostrophe and the same text the
    openpyxl applier writes (cut at 32,767 characters with «…», U+FFFD for what a cell cannot hold)."""
    typed = (*PAYLOADS, "  1 200 ", "3/4", "a" * 40_000, "x\x01y")
    plan = WorkbookPlan("master", "kk", (SheetWrite(
        FINDINGS.kk, FINDINGS, blocks=(Block(2, 1, tuple((t,) for t in typed)),)),))
    wb = openpyxl.Workbook()
    wb.active.title = FINDINGS.kk
    by_xlwings, actions = through_xlwings(wb, lambda book: apply_xlwings(book, plan))
    sent = [line[0] for a in actions if a["func"] == "setValues" for line in a["values"]]
    assert sent == ["'" + writable_text(t) for t in typed]
    assert max(len(s) for s in sent) == EXCEL_CELL_LIMIT + 1  # the apostrophe is not part of the text
    by_openpyxl = openpyxl.Workbook()
    by_openpyxl.active.title = FINDINGS.kk
    apply_openpyxl(by_openpyxl, plan)
    written = [(c.value, c.data_type) for (c,) in by_xlwings[FINDINGS.kk].iter_rows(min_row=2)]
    assert written == [(writable_text(t).replace("\r", "\n"), "s") for t in typed]
    assert picture(reloaded(by_openpyxl)) == picture(by_xlwings)
