"""The fast path (unchanged files not parsed, validated versions not validated again, tables built
only to write the master) gives the same stores, masters, kindergarten files and findings as the
full path (every file parsed and validated each round), round after round, on one workspace."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from schemas.check import check_kindergarten_tabs
from schemas.sheets import CONTEST_RESULTS, MONITORING, consolidated_spec, kindergarten_sheets
from schemas.tabs import META_TAB
from schemas.writeplan import WorkbookPlan
from sync.backend import Pulled
from sync.engine import SyncReport, run_sync
from sync.incremental import context_key, forget
from sync.local import LocalBackend
from sync.master import MasterFile, read_master
from sync.store import Store, encode_tabs
from sync.typed import remember_tables, stored_tables, table_records
from sync.workspace import Workspace, load_workspace
from tests.conftest import Filled
from workbook.reader import workbook_tabs

# when a version was pulled, and when the summary was updated (Oral time, «28.11.2026 00:25»), differ
STAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?Z?|\d\d\.\d\d\.\d{4} \d\d:\d\d")


class CountingBackend(LocalBackend):
    """The local backend, counting the files it parses."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.parsed: list[str] = []

    def pull(self, org: str, location: str) -> Pulled:
        self.parsed.append(org)
        return super().pull(org, location)


def round_(root: Path, *, full: bool) -> tuple[SyncReport, list[str]]:
    ws = load_workspace(root)
    backend = CountingBackend(ws)
    with Store.for_workspace(root) as store:
        if full:
            forget(store)
        report = run_sync(ws, store, backend=backend)
    return report, backend.parsed


_VALUES: dict[bytes, str] = {}  # a file's SHA-256 -> its values: the same bytes are parsed once


def _values(path: Path) -> str:
    """Every tab's values, stamps masked. A file the rounds left byte for byte as it was when last
    read here has those values still, and is not parsed again (most files, most rounds)."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).digest()
    if digest not in _VALUES:
        tabs = workbook_tabs(openpyxl.load_workbook(io.BytesIO(data)))
        _VALUES[digest] = STAMP.sub("<when>", encode_tabs({t: [[v for v in r] for r in rows]
                                                           for t, rows in tabs.items()}))
    return _VALUES[digest]


def _store(root: Path) -> list[tuple[object, ...]]:
    with Store.for_workspace(root) as store:
        return [(i.version, i.org, i.location, i.revision, encode_tabs(snapshot.tabs))
                for i in store.history() if (snapshot := store.get(i.version)) is not None]


def _masked(finding: dict[str, object]) -> dict[str, object]:
    """A finding with its stamps masked: «pinned (28.11.2026 05:12)» names the minute each
    workspace's pin was made, and the two are made one after the other."""
    return {k: STAMP.sub("<when>", v) if isinstance(v, str) else v for k, v in finding.items()}


def assert_same(fast: Path, full: Path, a: SyncReport, b: SyncReport) -> None:
    assert [_masked(f.to_dict()) for f in a.findings] == [_masked(f.to_dict()) for f in b.findings]
    strip = {"new_version", "feedback_written"}
    assert [{k: v for k, v in vars(o).items() if k not in strip} for o in a.orgs] == \
        [{k: v for k, v in vars(o).items() if k not in strip} for o in b.orgs]
    assert _store(fast) == _store(full)
    for name in ["master.xlsx", *(f"kindergartens/{p.name}" for p in (fast / "kindergartens").glob("*.xlsx"))]:
        assert _values(fast / name) == _values(full / name), name


def edit(root: Path, code: str, sheet: str, cell: str, value: object) -> None:
    path = root / "kindergartens" / f"{code}.xlsx"
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value  # type: ignore[index]
    wb.save(path)


@pytest.fixture(scope="module")
def pair(filled_workspace: Filled, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("fast")
    return shutil.copytree(filled_workspace.root, base / "fast"), shutil.copytree(filled_workspace.root, base / "full")


def test_fast_and_full_paths_agree_round_after_round(pair: tuple[Path, Path]) -> None:
    fast, full = pair
    a, parsed = round_(fast, full=False)
    b, _ = round_(full, full=True)
    assert set(parsed) == {"47", "34", "37", "ailin1", "ayana"}
    assert_same(fast, full, a, b)

    # nothing changed: the fast path parses nothing, the full path everything, same outcome
    a, parsed = round_(fast, full=False)
    b, parsed_full = round_(full, full=True)
    assert parsed == [] and len(parsed_full) == 5
    assert not a.master_written and not b.master_written
    assert_same(fast, full, a, b)

    # one kindergarten changes two cells (one of them a new mistake): only it is parsed
    for root in (fast, full):
        edit(root, "37", "Байқаулар", "F2", 33)
        edit(root, "37", "Байқаулар", "G2", -4)
    a, parsed = round_(fast, full=False)
    b, _ = round_(full, full=True)
    assert set(parsed) == {"37"}  # pulled, and read once more after its feedback was written
    assert a.master_written and any(f.org == "37" and f.rule == "value.negative" for f in a.findings)
    assert_same(fast, full, a, b)

    # the master changes (a contest moves to another month): every version is checked again
    for root in (fast, full):
        wb = openpyxl.load_workbook(root / "master.xlsx")
        sheet = next(s for s in wb.worksheets if s.title == "Байқаулар күнтізбесі")
        month = next(c.column for c in sheet[1] if str(c.value).startswith("Ай"))
        sheet.cell(row=4, column=month, value="шілде")
        wb.save(root / "master.xlsx")
    a, parsed = round_(fast, full=False)
    b, _ = round_(full, full=True)
    assert set(parsed) <= {o.org for o in a.orgs if o.feedback_written}  # only read after feedback
    assert_same(fast, full, a, b)

    # a kindergarten loses a tab (its rows kept, stale) and another is pinned at its first version
    for root in (fast, full):
        path = root / "kindergartens" / "34.xlsx"
        wb = openpyxl.load_workbook(path)
        del wb[MONITORING.kk]
        wb.save(path)
        with Store.for_workspace(root) as store:
            store.pin("47", store.history("47")[0].version)
    a, parsed = round_(fast, full=False)
    b, _ = round_(full, full=True)
    assert {o.org: o.status for o in a.orgs}["47"] == "pinned"
    assert {f.org for f in a.findings if f.rule in ("sheet.kept", "version.pinned")} == {"34", "47"}
    assert_same(fast, full, a, b)

    # and nothing changes: the fast path parses nothing, the pinned and the tab-less sheets included
    a, parsed = round_(fast, full=False)
    b, _ = round_(full, full=True)
    assert parsed == [] and not a.master_written
    assert_same(fast, full, a, b)

def test_typed_tables_kept_in_the_store_are_what_validation_gave(pair: tuple[Path, Path]) -> None:
    """A round that writes the master takes unchanged kindergartens' typed tables from the store
    (``sync.typed``): read back, they give the very records validation gave, value for value."""
    fast, _ = pair
    ws = load_workspace(fast)
    inputs = read_master(ws, MasterFile.of(ws))
    context = context_key(inputs.context, inputs.indicators)
    specs = kindergarten_sheets(inputs.indicators)
    with Store.for_workspace(fast) as store:
        for org in inputs.locations:
            latest = store.latest(org)
            assert latest is not None
            checked = check_kindergarten_tabs({t: r for t, r in latest.tabs.items() if t != META_TAB}, org=org,
                                              context=inputs.context, indicators=inputs.indicators)
            assert remember_tables(store, org, latest.version, context, checked.tables)
            kept = stored_tables(store, org, latest.version, context, specs)
            assert kept is not None and set(kept) == set(checked.tables)
            for key, table in checked.tables.items():
                assert repr(table_records(kept[key])) == repr(table_records(table)), (org, key)
                assert kept[key].frame.shape == table.frame.shape
            assert stored_tables(store, org, latest.version, "another master", specs) is None


def _cells(path: Path) -> dict[tuple[str, str], tuple[object, ...]]:
    """Every cell with a value: its value, kept-as-text mark, fill and note (what a person sees)."""
    wb = openpyxl.load_workbook(path)
    out: dict[tuple[str, str], tuple[object, ...]] = {}
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                fill = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
                note = c.comment.text if c.comment is not None else None
                if c.value is not None or fill is not None or note is not None:
                    value = STAMP.sub("<when>", c.value) if isinstance(c.value, str) else c.value
                    out[(sheet.title, c.coordinate)] = (value, c.quotePrefix and c.data_type == "s", fill, note)
    return out


def _twins(seed: Path, tmp_path: Path) -> tuple[dict[bool, Path], Callable[[], None]]:
    """Two copies of the demo workspace ``seed`` (streamed master: True; openpyxl master: False) and
    a check that runs one round on each and finds the same findings and the same master cells."""
    roots = {True: shutil.copytree(seed, tmp_path / "streamed"),
             False: shutil.copytree(seed, tmp_path / "openpyxl")}

    def round_of(streaming: bool) -> SyncReport:
        ws = load_workspace(roots[streaming])
        with Store.for_workspace(ws.root) as store:
            return run_sync(ws, store, LocalBackend(ws),
                            master=MasterFile(ws.master, backup_dir=ws.backup_dir, streaming=streaming))

    def same() -> None:
        a, b = round_of(True), round_of(False)
        assert [f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings]
        assert _cells(roots[True] / "master.xlsx") == _cells(roots[False] / "master.xlsx")

    return roots, same


def test_streamed_master_is_the_openpyxl_master(filled_workspace: Filled, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The master's consolidated sheets written in one streaming pass (``workbook.streamed``) give the
    master the openpyxl path gives — values, formulas, text kept as text, marks and notes — round
    after round, with the coordinator's comment and formula travelling with their row."""
    import sync.master as master_module
    from workbook.streamed import streamed_apply

    streamed: list[str] = []

    def counted(source: bytes, plan: WorkbookPlan) -> bytes:
        streamed.append(plan.target)
        return streamed_apply(source, plan)

    monkeypatch.setattr(master_module, "streamed_apply", counted)
    roots, same = _twins(filled_workspace.root, tmp_path)

    same()
    assert streamed == ["master"]
    spec = consolidated_spec(CONTEST_RESULTS)
    for root in roots.values():  # the coordinator comments on a row and adds a formula beside it
        wb = openpyxl.load_workbook(root / "master.xlsx")
        sheet = wb[spec.kk]
        header = {c.value: c.column for c in sheet[1] if c.value is not None}
        sheet.cell(row=9, column=header[spec.column("coord_comment").kk], value="тексерілді")
        sheet.cell(row=9, column=max(header.values()) + 2, value="=1+1")
        wb.save(root / "master.xlsx")
        edit(root, "34", "Байқаулар", "G2", -4)  # a new mistake: a mark and a note
        edit(root, "34", "Байқаулар", "C3", "=HYPERLINK(\"x\")")  # text that looks like a formula
        wb = openpyxl.load_workbook(root / "kindergartens" / "34.xlsx")  # a row fewer: rows below move
        sheet = wb["Байқаулар"]
        sheet.delete_rows(4)
        wb.save(root / "kindergartens" / "34.xlsx")
    same()
    assert streamed == ["master", "master"]
    cells = _cells(roots[True] / "master.xlsx")
    assert any(v[0] == "тексерілді" for (t, _), v in cells.items() if t == spec.kk)
    assert any(v[0] == "=1+1" for (t, _), v in cells.items() if t == spec.kk)
    assert any(v[1] for (t, _), v in cells.items() if t == spec.kk)  # the formula-like text, kept as text
    assert any(v[2] is not None and v[3] for (t, _), v in cells.items() if t == spec.kk)  # the mistake's mark


def test_splice_keeps_rows_below_a_kindergarten_that_grows_and_shrinks(filled_workspace: Filled, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A round after Baulu's own write keeps the bytes of every consolidated row it would write the
    same (``workbook.streamed``: row digests remembered with the file's fingerprint), renumbering the
    rows below a kindergarten whose row count changed: the master is still the openpyxl path's —
    a coordinator's comment below stays with its row, a mark below lands on its cell."""
    import workbook.streamed as streamed_module

    moved: list[int] = []
    renumbered = streamed_module._renumbered

    def counted(row: bytes, number: int) -> bytes:
        moved.append(number)
        return renumbered(row, number)

    monkeypatch.setattr(streamed_module, "_renumbered", counted)
    spliced: list[int] = []  # rows of the source looked up for their bytes
    spans = streamed_module._row_spans

    def looked_up(rows: bytes) -> dict[int, bytes]:
        found = spans(rows)
        spliced.append(len(found))
        return found

    monkeypatch.setattr(streamed_module, "_row_spans", looked_up)
    roots, same = _twins(filled_workspace.root, tmp_path)
    spec = consolidated_spec(CONTEST_RESULTS)

    def rows_of(root: Path) -> list[dict[str, object]]:
        sheet = openpyxl.load_workbook(root / "master.xlsx")[spec.kk]
        header = [c.value for c in sheet[1]]
        return [dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)]

    def commented(root: Path) -> list[tuple[object, object]]:
        org, code = spec.column("org").kk, spec.column("contest").kk
        return [(r[org], r[code]) for r in rows_of(root) if r.get(spec.column("coord_comment").kk) == "тексерілді"]

    same()
    orgs = list(dict.fromkeys(str(r[spec.column("org").kk]) for r in rows_of(roots[True])))
    middle, below = orgs[len(orgs) // 2], orgs[-1]
    for root in roots.values():  # a comment on a row below the middle kindergarten, a mistake below it
        wb = openpyxl.load_workbook(root / "master.xlsx")
        sheet = wb[spec.kk]
        header = {c.value: c.column for c in sheet[1] if c.value is not None}
        row = next(r for r in range(2, sheet.max_row + 1)
                   if sheet.cell(row=r, column=header[spec.column("org").kk]).value == below)
        sheet.cell(row=row + 1, column=header[spec.column("coord_comment").kk], value="тексерілді")
        wb.save(root / "master.xlsx")
        edit(root, below, "Байқаулар", "G3", -4)
    spliced.clear()
    same()
    assert spliced == []  # she saved the master: Baulu's memory of its rows is not of this file
    target = commented(roots[True])
    assert len(target) == 1 and target[0][0] == below

    for root in roots.values():  # the middle kindergarten adds two contests: every row below moves down
        path = root / "kindergartens" / f"{middle}.xlsx"
        wb = openpyxl.load_workbook(path)
        sheet = wb["Байқаулар"]
        last = max(c.row for c in sheet["A"] if c.value is not None)
        for i in (1, 2):
            for column in range(1, sheet.max_column + 1):
                sheet.cell(row=last + i, column=column, value=sheet.cell(row=2, column=column).value)
            sheet.cell(row=last + i, column=1, value=f"C{90 + i}")
            sheet.cell(row=last + i, column=2, value=f"«Жаңа байқау {i}»")
        wb.save(path)
    moved.clear()
    same()
    assert spliced and len(moved) > 1  # rows below were kept and renumbered, not written again
    assert commented(roots[True]) == target

    for root in roots.values():  # and drops three: every row below moves up
        path = root / "kindergartens" / f"{middle}.xlsx"
        wb = openpyxl.load_workbook(path)
        wb["Байқаулар"].delete_rows(2, 3)
        wb.save(path)
    moved.clear()
    same()
    assert len(moved) > 1
    assert commented(roots[True]) == target
    cells = _cells(roots[True] / "master.xlsx")
    assert any(v[2] is not None and v[3] for (t, _), v in cells.items() if t == spec.kk)  # the mistake's mark
