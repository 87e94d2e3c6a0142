"""The round is plan → applier, over any backend.

- The same round over the in-memory backend (dicts, no files) gives the same master, findings and
  feedback as over the local folder of .xlsx files.
- A plan applied twice changes nothing the second time (openpyxl and in-memory appliers).
- Text in a plan is written as text, Baulu's own formulas as formulas.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from macros.backends import backend_for
from schemas.seed import ORGANISATIONS
from schemas.sheetmap import map_rows
from schemas.sheets import FEEDBACK, FINDINGS, KINDERGARTEN_SHEETS, MONITORING, consolidated_spec
from schemas.writeplan import Block, Formula, blocks_from_cells
from sync.engine import SyncReport, run_sync
from sync.local import LocalBackend
from sync.master import MasterFile
from sync.memory import MemoryBackend, MemorySheet
from sync.store import Store
from sync.workspace import load_workspace
from tests.conftest import Filled
from workbook.apply import apply_plan
from workbook.cells import set_value
from workbook.reader import find_sheet

ORGS = [o.code for o in ORGANISATIONS]


@dataclass(frozen=True)
class Pair:
    """The same filled workspace synced twice: over files and over memory."""

    local_root: Path
    memory_root: Path
    local: SyncReport
    memory: SyncReport
    backend: MemoryBackend


def _memory_backend(root: Path) -> MemoryBackend:
    """Every kindergarten's data tabs, as the local backend reads them, held in dicts."""
    ws = load_workspace(root)
    local = LocalBackend(ws)
    memory = MemoryBackend()
    for org in ORGS:
        location = f"{ws.kindergartens_name}/{org}.xlsx"
        memory.add(location, local.pull(org, location).tabs)
    return memory


def _round(root: Path, backend: object) -> SyncReport:
    ws = load_workspace(root)
    with Store.for_workspace(ws.root) as store:
        return run_sync(ws, store, backend)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def pair(filled_workspace: Filled, tmp_path_factory: pytest.TempPathFactory) -> Pair:
    base = tmp_path_factory.mktemp("seams")
    local_root = Path(shutil.copytree(filled_workspace.root, base / "local"))
    memory_root = Path(shutil.copytree(local_root, base / "memory"))
    backend = _memory_backend(memory_root)
    shutil.rmtree(memory_root / "kindergartens")  # the memory round has no kindergarten files at all
    memory = _round(memory_root, backend)
    local = _round(local_root, backend_for(load_workspace(local_root)))
    return Pair(local_root, memory_root, local, memory, backend)


def _values(wb: Workbook, title: str, *, skip: tuple[str, ...] = ()) -> list[list[object]]:
    ws = wb[title]
    header = [c.value for c in ws[1]]
    drop = {i for i, h in enumerate(header) if h in skip}
    return [[v for i, v in enumerate(row) if i not in drop] for row in ws.iter_rows(values_only=True)]


def test_memory_round_gives_the_same_findings_as_the_file_round(pair: Pair) -> None:
    assert [f.to_dict() for f in pair.memory.findings] == [f.to_dict() for f in pair.local.findings]
    assert len(pair.memory.findings) >= 7
    assert [(o.org, o.status, o.rows) for o in pair.memory.orgs] == [(o.org, o.status, o.rows) for o in pair.local.orgs]


def test_memory_round_gives_the_same_master(pair: Pair) -> None:
    local = openpyxl.load_workbook(pair.local_root / "master.xlsx")
    memory = openpyxl.load_workbook(pair.memory_root / "master.xlsx")
    assert memory.sheetnames == local.sheetnames
    skip = ("Нұсқа",)  # the version column carries the minute each round pulled
    for spec in (*(consolidated_spec(s) for s in KINDERGARTEN_SHEETS), FINDINGS):
        title = spec.title("kk")
        assert _values(memory, title, skip=skip) == _values(local, title, skip=skip), title
    monitoring = _values(memory, consolidated_spec(MONITORING).title("kk"))
    assert len(monitoring) > 900


def test_memory_feedback_is_each_kindergartens_own(pair: Pair) -> None:
    for org in ORGS:
        location = f"kindergartens/{org}.xlsx"
        sheet = pair.backend.sheets[location]
        local = openpyxl.load_workbook(pair.local_root / location)
        feedback = find_sheet(local, FEEDBACK)
        assert feedback is not None
        rows = [list(r) for r in feedback.iter_rows(values_only=True)]
        mine = [r for r in sheet.tabs[FEEDBACK.title("kk")] if any(v is not None for v in r)]
        theirs = [r for r in rows if any(v is not None for v in r)]
        assert mine == theirs, org
        assert all(r[0] == org for r in mine[1:])
        marked = {(m.sheet, m.cell) for m in sheet.marks.values()}
        own = {(f.sheet, f.cell) for f in pair.memory.findings if f.org == org and f.cell}
        assert marked == own, org
        assert FEEDBACK.title("kk") in sheet.protected


def test_second_memory_round_pulls_nothing_new_and_writes_nothing(pair: Pair, tmp_path: Path) -> None:
    root = Path(shutil.copytree(pair.memory_root, tmp_path / "again"))
    applied = {loc: s.applied for loc, s in pair.backend.sheets.items()}
    report = _round(root, pair.backend)
    assert [o.new_version for o in report.orgs] == [False] * 5
    assert [o.feedback_written for o in report.orgs] == [False] * 5
    assert report.master_written is False
    assert {loc: s.applied for loc, s in pair.backend.sheets.items()} == applied


def test_a_change_in_memory_is_a_new_version_of_that_kindergarten_only(pair: Pair, tmp_path: Path) -> None:
    root = Path(shutil.copytree(pair.memory_root, tmp_path / "change"))
    backend = MemoryBackend({loc: _copy(s) for loc, s in pair.backend.sheets.items()})
    tab = backend.sheets["kindergartens/34.xlsx"].tabs[MONITORING.title("kk")]
    found = map_rows(tab, MONITORING)
    k1 = found.columns["K1"] - 1
    row = next(r for r in tab[found.header_row:] if r[k1] in (1, 2, 3))
    row[k1] = 7  # not a level
    report = _round(root, backend)
    assert {o.org: o.new_version for o in report.orgs} == {o: o == "34" for o in ORGS}
    assert any(f.org == "34" and f.rule == "value.level" and f.value == "7" for f in report.findings)
    assert report.plan.kindergartens.keys() == {"34"}


def _copy(sheet: MemorySheet) -> MemorySheet:
    return MemorySheet({t: [list(r) for r in rows] for t, rows in sheet.tabs.items()}, dict(sheet.marks))


# --------------------------------------------------------------------------- applying twice


def _state(wb: Workbook) -> dict[str, object]:
    """Everything an applier may touch: values and their types, fills, notes, links, tables."""
    state: dict[str, object] = {"sheets": list(wb.sheetnames)}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                fill = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
                note = c.comment.text if c.comment is not None else None
                link = c.hyperlink.location if c.hyperlink is not None else None
                if c.value is not None or fill or note or link:
                    cells[c.coordinate] = (c.value, c.data_type, fill, note, link)
        state[ws.title] = (cells, dict(ws.tables.items()), ws.sheet_state)
    return state


def test_a_master_plan_applied_twice_changes_nothing_the_second_time(pair: Pair, tmp_path: Path) -> None:
    plan = pair.local.plan.master
    assert plan is not None
    path = Path(shutil.copy(pair.local_root / "master.xlsx", tmp_path / "master.xlsx"))
    wb = openpyxl.load_workbook(path)
    apply_plan(wb, plan)
    once = _state(wb)
    apply_plan(wb, plan)
    assert _state(wb) == once
    # and applying it through the file book, twice, leaves the same file contents
    book = MasterFile(path)
    book.apply(plan)
    first = _state(openpyxl.load_workbook(path))
    MasterFile(path).apply(plan)
    assert _state(openpyxl.load_workbook(path)) == first


def test_a_kindergarten_plan_applied_twice_changes_nothing_the_second_time(pair: Pair, tmp_path: Path) -> None:
    plan = pair.local.plan.kindergartens["47"]
    path = Path(shutil.copy(pair.local_root / "kindergartens" / "47.xlsx", tmp_path / "47.xlsx"))
    wb = openpyxl.load_workbook(path)
    apply_plan(wb, plan)
    once = _state(wb)
    apply_plan(wb, plan)
    assert _state(wb) == once
    memory = MemoryBackend()
    memory.add("x", LocalBackend(load_workspace(pair.local_root)).pull("47", "kindergartens/47.xlsx").tabs)
    memory.apply("47", "x", plan)
    tabs = {t: [list(r) for r in rows] for t, rows in memory.sheets["x"].tabs.items()}
    memory.apply("47", "x", plan)
    assert memory.sheets["x"].tabs == tabs


# --------------------------------------------------------------------------- values and blocks


@pytest.mark.parametrize("text", ["=1+1", "+7 705", "-3", "@SUM(A1)", "=cmd|' /C calc'!A0", "\t=1", "＝1"])
def test_text_in_a_plan_is_written_as_text(text: str) -> None:
    wb = openpyxl.Workbook()
    cell = wb.active["A1"]  # type: ignore[index]
    set_value(cell, text)
    saved = io.BytesIO()
    wb.save(saved)
    again = openpyxl.load_workbook(io.BytesIO(saved.getvalue()))["Sheet"]["A1"]
    assert (again.value, again.data_type) == (text, "s")


def test_a_formula_in_a_plan_is_written_as_a_formula() -> None:
    wb = openpyxl.Workbook()
    cell = wb.active["A1"]  # type: ignore[index]
    set_value(cell, Formula("=SUM(B1:B3)"))
    assert (cell.value, cell.data_type) == ("=SUM(B1:B3)", "f")


def test_cells_group_into_rectangles() -> None:
    cells = [(2, 1, "a"), (2, 2, "b"), (3, 1, "c"), (3, 2, "d"), (3, 4, "e"), (7, 1, None)]
    assert blocks_from_cells(cells) == (
        Block(2, 1, (("a", "b"), ("c", "d"))),
        Block(3, 4, (("e",),)),
        Block(7, 1, ((None,),)),
    )
    assert Block(2, 1, (("a", "b"), ("c", "d"))).ref == "A2:B3"
