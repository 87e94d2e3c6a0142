"""A round after Baulu's own write of the master does not read the consolidated sheets it wrote bare
(``sync.master_edits.consolidated_now``): what it plans from is what a read of the file gives —
the same header, the same number of rows, nothing in the columns Baulu does not own — round after
round, as kindergartens grow and shrink, and a sheet the coordinator wrote in is read again."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from schemas.rows import Rows
from schemas.sheetmap import map_rows
from schemas.sheets import CONTEST_RESULTS, SheetSpec, consolidated_spec, kindergarten_sheets
from sync.engine import run_sync
from sync.local import LocalBackend
from sync.master import MasterFile
from sync.master_edits import consolidated_now
from sync.store import Store
from sync.workspace import load_workspace
from tests.conftest import Filled

SPECS = [consolidated_spec(s) for s in kindergarten_sheets()]


def _spec(title: str) -> SheetSpec:
    return next(s for s in SPECS if s.titles(title))


def _planned(rows: Rows, spec: SheetSpec, title: str) -> tuple[object, ...]:
    """All that planning a write reads of a consolidated sheet's values (``consolidated_write``):
    its header map, its length, and the values of the columns Baulu does not own."""
    sheet = map_rows(rows, spec, title)
    theirs = sorted({*(i for k, i in sheet.columns.items() if spec.column(k).owner == "coordinator"), *sheet.foreign})
    kept = [(r, i, rows[r - 1][i - 1]) for r in range(sheet.header_row + 1, len(rows) + 1) for i in theirs
            if i <= len(rows[r - 1]) and rows[r - 1][i - 1] is not None]
    return sheet.header_row, sheet.columns, sheet.foreign, sheet.width, len(rows), kept


def _round(root: Path) -> dict[str, bool]:
    """One round; then, for each consolidated sheet, whether the next round would take it as known
    (not read), after checking that what it would take is what a read gives."""
    ws = load_workspace(root)
    with Store.for_workspace(root) as store:
        run_sync(ws, store, LocalBackend(ws))
        book = MasterFile.of(ws)
        titles = [t for t in book.titles() if any(s.titles(t) for s in SPECS)]
        known = consolidated_now(store, book, titles)
        read = MasterFile.of(ws)
        taken: dict[str, bool] = {}
        for title in titles:
            real = read.values(title)
            assert _planned(known[title], _spec(title), title) == _planned(real, _spec(title), title), title
            taken[title] = known[title] is not book.values(title)
        return taken


def _edit_kindergarten(root: Path, org: str, change: str) -> None:
    path = root / "kindergartens" / f"{org}.xlsx"
    wb = openpyxl.load_workbook(path)
    sheet = wb["Байқаулар"]
    if change == "shrink":
        sheet.delete_rows(2, 2)
    elif change == "change":
        sheet["F2"] = (sheet["F2"].value if isinstance(sheet["F2"].value, int) else 0) + 1
    else:
        last = max(c.row for c in sheet["A"] if c.value is not None)
        for column in range(1, sheet.max_column + 1):
            sheet.cell(row=last + 1, column=column, value=sheet.cell(row=2, column=column).value)
        sheet.cell(row=last + 1, column=1, value="C77")
        sheet.cell(row=last + 1, column=2, value="«Жаңа байқау»")
    wb.save(path)


@pytest.fixture(scope="module")
def root(filled_workspace: Filled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(filled_workspace.root, tmp_path_factory.mktemp("known") / "ws"))


def test_a_master_baulu_wrote_is_known_without_reading_it(root: Path) -> None:
    contests = consolidated_spec(CONTEST_RESULTS).kk
    taken = _round(root)  # the first round writes every consolidated sheet bare
    assert taken and all(taken.values())

    _edit_kindergarten(root, "37", "shrink")  # rows below move up: the sheet is shorter
    assert all(_round(root).values())
    _edit_kindergarten(root, "34", "grow")  # and down
    assert all(_round(root).values())

    # the coordinator comments on a row: that sheet is read from then on, the others stay known
    wb = openpyxl.load_workbook(root / "master.xlsx")
    sheet = wb[contests]
    column = next(c.column for c in sheet[1] if c.value == consolidated_spec(CONTEST_RESULTS).column("coord_comment").kk)
    sheet.cell(row=3, column=column, value="тексерілді")
    wb.save(root / "master.xlsx")
    _edit_kindergarten(root, "47", "grow")
    taken = _round(root)
    assert taken[contests] is False
    assert all(v for t, v in taken.items() if t != contests)

    # a master she saved since Baulu wrote it is read, every sheet of it
    wb = openpyxl.load_workbook(root / "master.xlsx")
    wb.save(root / "master.xlsx")
    ws = load_workspace(root)
    with Store.for_workspace(root) as store:
        book = MasterFile.of(ws)
        titles = [t for t in book.titles() if any(s.titles(t) for s in SPECS)]
        known = consolidated_now(store, book, titles)
        assert all(known[t] is book.values(t) for t in titles)


def test_one_kindergarten_changed_digests_its_rows_only(filled_workspace: Filled, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows of every other kindergarten are copied as runs from the file Baulu wrote: only the
    changed kindergarten's rows are digested again (``workbook.streamed``), and a master she saved
    in between is written whole again."""
    import workbook.streamed as streamed_module

    root = Path(shutil.copytree(filled_workspace.root, tmp_path / "ws"))
    digested: list[int] = []
    digest = streamed_module._row_digest

    def counted(line: dict[int, object]) -> str:
        digested.append(1)
        return digest(line)  # type: ignore[arg-type]

    monkeypatch.setattr(streamed_module, "_row_digest", counted)
    _round(root)
    everything = len(digested)
    digested.clear()
    _edit_kindergarten(root, "37", "grow")
    _round(root)
    assert 0 < len(digested) < everything / 3, (len(digested), everything)

    wb = openpyxl.load_workbook(root / "master.xlsx")
    wb.save(root / "master.xlsx")
    digested.clear()
    _edit_kindergarten(root, "37", "shrink")
    _round(root)
    assert len(digested) >= everything - 10


def test_unchanged_kindergartens_rows_are_copied_compressed(filled_workspace: Filled, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each consolidated part is compressed in pieces, one per organisation (``workbook.segments``):
    a round after one kindergarten changed copies the other pieces compressed from the file Baulu
    wrote; the file reads back the same with openpyxl and python-calamine; a master she saved in
    between is compressed whole again."""
    import zipfile

    import workbook.streamed as streamed_module
    from workbook.segments import Deflated, deflate
    from workbook.values import read_values

    root = Path(shutil.copytree(filled_workspace.root, tmp_path / "ws"))
    calls: list[tuple[int, int]] = []

    def counted(*args: object, **kwargs: object) -> Deflated:
        done = deflate(*args, **kwargs)  # type: ignore[arg-type]
        calls.append((done.reused, len(done.written.segments)))
        return done

    monkeypatch.setattr(streamed_module, "deflate", counted)
    looked_up: list[int] = []  # rows of the source whose bytes were looked for one by one
    spans = streamed_module._row_spans

    def counted_spans(rows: bytes) -> dict[int, tuple[int, int]]:
        found = spans(rows)
        looked_up.append(len(found))
        return found

    monkeypatch.setattr(streamed_module, "_row_spans", counted_spans)
    master = root / "master.xlsx"

    def rows_in_order() -> int:
        """Every consolidated part's rows once each, ascending (Excel refuses a file otherwise); how many."""
        total = 0
        with zipfile.ZipFile(master) as archive:
            assert archive.testzip() is None
            parts = streamed_module.sheet_parts(archive)
            for title in (t for t in parts if any(s.titles(t) for s in SPECS)):
                numbers = [int(n) for n in re.findall(rb'<row r="(\d+)"', archive.read(parts[title]))]
                assert numbers == sorted(set(numbers)), title
                total += len(numbers)
        return total

    _round(root)
    rows_in_order()
    assert calls and all(reused == 0 and pieces > 1 for reused, pieces in calls), calls
    written = sum(pieces for _, pieces in calls)
    calls.clear()
    _edit_kindergarten(root, "34", "grow")  # a row more in one sheet: the organisations after it move down
    _round(root)
    rows = rows_in_order()
    calls.clear()
    looked_up.clear()
    _edit_kindergarten(root, "37", "change")  # one value changed: nothing moves
    _round(root)
    assert rows_in_order() == rows
    assert calls and sum(r for r, _ in calls) >= written - 2 * len(calls), calls
    assert all(r < p for r, p in calls), calls  # the changed one's piece is compressed again
    # pieces copied whole, unread: the rows looked up one by one are those of the pieces with a
    # change or a mark (the demo's planted mistakes mark most kindergartens' monitoring rows)
    assert 0 < sum(looked_up) < rows * 3 // 4, (looked_up, rows)
    values = read_values(master, only=lambda t: any(s.titles(t) for s in SPECS))
    wb = openpyxl.load_workbook(master, read_only=True)
    for title, read in values.items():
        full = [list(r) for r in wb[title].iter_rows(values_only=True)]
        assert [r for r in read if any(v is not None for v in r)] == \
            [r[:len(read[0])] for r in full if any(v is not None for v in r)], title
    wb.close()

    wb = openpyxl.load_workbook(master)
    wb.save(master)
    calls.clear()
    _edit_kindergarten(root, "37", "shrink")
    _round(root)
    assert calls and all(r == 0 for r, _ in calls), calls
