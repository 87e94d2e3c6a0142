"""End-to-end sync rounds on real workspaces: init, demo data, sync, edit, sync again.

One filled and synced workspace is built per module and copied per test (filling and a first
sync take seconds; a copy takes milliseconds). Tests that only read use the shared copy directly.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from rich.console import Console

from macros.cli import main
from macros.demo_data import Mistake
from macros.render_sync import print_report
from macros.sync_cmd import serve, sync_once
from schemas.errors import BauluError, WorkbookLocked
from schemas.seed import ORGANISATIONS
from schemas.sheets import (
    CONTEST_RESULTS,
    FEEDBACK,
    FINDINGS,
    KINDERGARTEN_SHEETS,
    MONITORING,
    PLAN_STATUS,
    POSTS,
    SheetSpec,
    consolidated_spec,
)
from sync.engine import SyncReport
from sync.lock import SyncBusy, sync_lock
from sync.store import SnapshotInfo, Store
from sync.workspace import load_workspace
from tests.conftest import Filled
from workbook.marks import AUTHOR, ERROR_FILL, MARKS_SHEET, WARNING_FILL
from workbook.reader import find_sheet
from workbook.sheetmap import SheetMap, map_sheet

ORGS = [o.code for o in ORGANISATIONS]
HIGHLIGHTS = {ERROR_FILL, WARNING_FILL}
STALE = "ескірген"
# the one example child code the product's own texts use (messages, help, instructions): not data
DOCUMENTED_EXAMPLE = "47-Э-07"


# --------------------------------------------------------------------------- fixtures and helpers


@dataclass(frozen=True)
class Synced:
    root: Path
    mistakes: list[Mistake]
    report: SyncReport


@pytest.fixture(scope="module")
def synced(filled_workspace: Filled, tmp_path_factory: pytest.TempPathFactory) -> Synced:
    """A workspace filled with the demo data (7 planted mistakes) after one sync. Read-only."""
    root = Path(shutil.copytree(filled_workspace.root, tmp_path_factory.mktemp("sync") / "ws"))
    return Synced(root, list(filled_workspace.mistakes), _sync(root))


@pytest.fixture
def ws(synced: Synced, tmp_path: Path) -> Path:
    """A private copy of the synced workspace, free to change."""
    return Path(shutil.copytree(synced.root, tmp_path / "ws"))


@pytest.fixture(autouse=True)
def _no_stray_files(synced: Synced) -> Iterator[None]:
    """No test changes the shared workspace (but its log: see test_a_sync_logs_into_its_own_workspace)."""
    before = _digests(synced.root)
    yield
    after = _digests(synced.root)
    assert {k: v for k, v in after.items() if not k.startswith("logs/")} == {
        k: v for k, v in before.items() if not k.startswith("logs/")
    }


def _sync(root: Path, **kwargs: object) -> SyncReport:
    return sync_once(root, **kwargs)  # type: ignore[arg-type]


def _digests(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root``, by relative path."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def _kg(root: Path, org: str) -> Path:
    return root / "kindergartens" / f"{org}.xlsx"


def _history(root: Path) -> list[SnapshotInfo]:
    with Store.for_workspace(root) as store:
        return store.history()


def _sheet(wb: Workbook, spec: SheetSpec) -> tuple[Worksheet, SheetMap]:
    sheet = find_sheet(wb, spec)
    assert sheet is not None, spec.key
    return sheet, map_sheet(sheet, spec)


def _records(wb: Workbook, spec: SheetSpec) -> list[dict[str, object]]:
    """The rows of a spec'd table that hold anything, by column key, with ``_row`` the sheet row."""
    sheet, found = _sheet(wb, spec)
    out: list[dict[str, object]] = []
    for row in range(found.header_row + 1, sheet.max_row + 1):
        values = {k: sheet.cell(row=row, column=i).value for k, i in found.columns.items()}
        if any(v is not None for v in values.values()):
            out.append({**values, "_row": row})
    return out


def _master(root: Path) -> Workbook:
    return openpyxl.load_workbook(root / "master.xlsx")


def _consolidated(master: Path | Workbook, spec: SheetSpec) -> list[dict[str, object]]:
    """The master's consolidated rows for the kindergarten sheet ``spec`` (rows with an org code);
    ``master`` is the workspace folder or the master workbook already open."""
    wb = _master(master) if isinstance(master, Path) else master
    return [r for r in _records(wb, consolidated_spec(spec)) if r.get("org")]


def _one(rows: list[dict[str, object]], **wanted: object) -> dict[str, object]:
    found = [r for r in rows if all(r.get(k) == v for k, v in wanted.items())]
    assert len(found) == 1, (wanted, len(found))
    return found[0]


def _findings(path: Path, spec: SheetSpec) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(path)
    return [{k: v for k, v in r.items() if k != "_row"} for r in _records(wb, spec)]


def _edit(path: Path, spec: SheetSpec, row: int, key: str, value: object) -> object:
    """Set one cell of a kindergarten tab as a project lead would (openpyxl, save); returns the old value."""
    wb = openpyxl.load_workbook(path)
    sheet, found = _sheet(wb, spec)
    cell = sheet.cell(row=row, column=found.columns[key])
    old, cell.value = cell.value, value
    wb.save(path)
    return old


def _other_level(level: object) -> int:
    return 3 if level != 3 else 1


def _mistake(synced: Synced, rule: str) -> Mistake:
    (found,) = [m for m in synced.mistakes if m.rule.code == rule]
    return found


# --------------------------------------------------------------------------- consolidation


def test_sync_consolidates_exactly_the_rows_each_kindergarten_entered(synced: Synced) -> None:
    root = synced.root
    master = _master(root)
    kindergartens = {org: openpyxl.load_workbook(_kg(root, org)) for org in ORGS}
    totals: dict[str, int] = {}
    for spec in KINDERGARTEN_SHEETS:
        gathered = _consolidated(master, spec)
        totals[spec.key] = len(gathered)
        for org in ORGS:
            own = _records(kindergartens[org], spec)
            assert len(own) > 0
            assert sum(r["org"] == org for r in gathered) == len(own), (spec.key, org)
            (report,) = [o for o in synced.report.orgs if o.org == org]
            assert report.rows[spec.key] == len(own)
        assert {r["org"] for r in gathered} == set(ORGS)
    assert totals["plan_status"] == 5 * 13
    assert totals["contest_results"] == 5 * 8
    assert totals["environment"] == 5 * 8
    assert totals["monitoring"] == 215 + 210 + 170 + 185 + 210

    # sampled values: a child's code and levels, a post's link
    child = _records(kindergartens["34"], MONITORING)[0]
    row = _one(_consolidated(master, MONITORING), org="34", child_code=child["child_code"],
               period=child["period"])
    assert [row[k] for k in ("K1", "K2", "K3", "K4", "K5")] == [child[k] for k in ("K1", "K2", "K3", "K4", "K5")]
    assert row["group_kind"] == child["group_kind"]
    post = _records(kindergartens["37"], POSTS)[3]
    shown = _one(_consolidated(master, POSTS), org="37", link=post["link"])
    assert shown["network"] == post["network"]
    assert str(shown["source_cell"]).endswith(f"› {post['_row']}")
    assert str(shown["version"]).startswith("v3 · ")


def test_second_sync_without_changes_stores_and_writes_nothing(ws: Path) -> None:
    before, history = _digests(ws), _history(ws)
    report = _sync(ws)
    assert _history(ws) == history
    assert report.master_written is False
    assert [o.new_version for o in report.orgs] == [False] * 5
    assert [o.feedback_written for o in report.orgs] == [False] * 5
    after = _digests(ws)
    assert after["master.xlsx"] == before["master.xlsx"]
    for org in ORGS:
        key = f"kindergartens/{org}.xlsx"
        assert after[key] == before[key], org


def test_changed_cell_flows_to_the_master_as_a_new_version_of_that_org_only(ws: Path) -> None:
    child = _records(openpyxl.load_workbook(_kg(ws, "37")), MONITORING)[5]
    level = _other_level(child["K2"])
    _edit(_kg(ws, "37"), MONITORING, int(str(child["_row"])), "K2", level)
    history = _history(ws)

    report = _sync(ws)

    row = _one(_consolidated(ws, MONITORING), org="37", child_code=child["child_code"], period=child["period"])
    assert row["K2"] == level != child["K2"]
    added = _history(ws)[len(history):]
    assert [(i.org, i.version) for i in added] == [("37", 6)]
    assert str(row["version"]).startswith("v6 · ")
    assert {o.org: o.new_version for o in report.orgs} == {o: o == "37" for o in ORGS}
    assert report.master_written is True


# --------------------------------------------------------------------------- findings and feedback


def test_fixed_mistake_clears_its_finding_and_highlight_in_both_places(synced: Synced, ws: Path) -> None:
    negative = _mistake(synced, "value.negative")
    assert negative.org == "ayana" and negative.cell == "G3"
    master_before = _findings(ws / "master.xlsx", FINDINGS)
    assert len(master_before) == 7
    (listed,) = [f for f in master_before if f["rule"] == "value.negative"]
    # where the master highlighted it: the consolidated contests row of ayana's C2, parents column
    wb = openpyxl.load_workbook(ws / "master.xlsx")
    sheet, found = _sheet(wb, consolidated_spec(CONTEST_RESULTS))
    master_row = _one(_records(wb, consolidated_spec(CONTEST_RESULTS)), org="ayana", contest="C2")["_row"]
    master_cell = sheet.cell(row=int(str(master_row)), column=found.columns["parents"])
    assert master_cell.fill.fgColor.rgb == ERROR_FILL and master_cell.comment.author == AUTHOR
    assert len(_findings(_kg(ws, "ayana"), FEEDBACK)) == 1

    wb = openpyxl.load_workbook(_kg(ws, "ayana"))
    wb[CONTEST_RESULTS.kk][negative.cell].value = 5
    wb.save(_kg(ws, "ayana"))
    report = _sync(ws)

    master_after = _findings(ws / "master.xlsx", FINDINGS)
    assert [f for f in master_before if f != listed] == master_after
    assert len(master_after) == 6
    assert _findings(_kg(ws, "ayana"), FEEDBACK) == []
    assert {o.org: o.feedback_written for o in report.orgs} == {o: o == "ayana" for o in ORGS}

    kg_cell = openpyxl.load_workbook(_kg(ws, "ayana"))[CONTEST_RESULTS.kk][negative.cell]
    assert kg_cell.value == 5
    assert kg_cell.comment is None
    assert kg_cell.fill.fgColor.rgb not in HIGHLIGHTS
    sheet = openpyxl.load_workbook(ws / "master.xlsx")[sheet.title]
    master_cell = sheet.cell(row=master_cell.row, column=master_cell.column)
    assert master_cell.value == 5
    assert master_cell.comment is None
    assert master_cell.fill.fgColor.rgb not in HIGHLIGHTS
    # the other mistakes are still marked in their kindergartens
    level = _mistake(synced, "value.level")
    other = openpyxl.load_workbook(_kg(ws, level.org))[MONITORING.kk][level.cell]
    assert other.fill.fgColor.rgb == ERROR_FILL and other.comment.author == AUTHOR


def test_fixed_header_gets_its_help_note_back(ws: Path) -> None:
    """A finding's note covers the cell's own note (a header's help) only while the finding lasts."""
    path = _kg(ws, "47")

    def rename(header: str) -> None:
        wb = openpyxl.load_workbook(path)
        cell = wb[PLAN_STATUS.kk]["D1"]
        for table in wb[PLAN_STATUS.kk].tables.values():
            for column in table.tableColumns:
                if column.name == cell.value:
                    column.name = header
        cell.value = header
        wb.save(path)

    def header() -> tuple[object, str | None, str | None, object]:
        cell = openpyxl.load_workbook(path)[PLAN_STATUS.kk]["D1"]
        note = cell.comment
        return cell.value, note.text if note else None, note.author if note else None, cell.fill.fgColor.rgb

    original = header()
    assert original[:3] == ("Орындалуы", "орындалды / орындалуда / орындалмады", AUTHOR)
    rename("Орындалу барысы")
    renamed = _sync(ws)
    assert [(f.rule, f.cell) for f in renamed.findings if f.org == "47" and f.sheet == PLAN_STATUS.kk] == [
        ("header.renamed", "D1")]
    assert header()[3] == WARNING_FILL and "Орындалу барысы" in str(header()[1])

    rename("Орындалуы")
    _sync(ws)
    assert header() == original


def test_feedback_of_one_kindergarten_never_holds_another_ones_data(synced: Synced) -> None:
    root = synced.root
    books = {org: openpyxl.load_workbook(_kg(root, org)) for org in ORGS}
    codes = {org: {str(r["child_code"]) for r in _records(wb, MONITORING)} for org, wb in books.items()}
    for org, wb in books.items():
        rows = _records(wb, FEEDBACK)
        assert len(rows) == sum(m.org == org for m in synced.mistakes) > 0
        assert {r["org"] for r in rows} == {org}
        sheet = find_sheet(wb, FEEDBACK)
        assert sheet is not None
        texts = [str(v) for r in sheet.iter_rows(values_only=True) for v in r if v is not None]
        marked = [(title, ref) for title, ref, *_ in wb[MARKS_SHEET].iter_rows(values_only=True)]
        assert len(marked) == len(rows)
        texts += [wb[str(title)][str(ref)].comment.text for title, ref in marked]
        text = "\n".join(texts).replace(DOCUMENTED_EXAMPLE, "")
        for other in ORGS:
            if other == org:
                continue
            assert f"{other}-" not in text, (org, other)
            assert not [c for c in codes[other] if c in text], (org, other)


def test_unreadable_file_keeps_its_last_rows_stale_and_others_fresh(ws: Path) -> None:
    broken = _kg(ws, "37")
    garbage = b"PK\x03\x04 this is not a workbook " * 64
    broken.write_bytes(garbage)

    report = _sync(ws)

    status = {o.org: o.status for o in report.orgs}
    assert status == {"47": "ok", "34": "ok", "37": "stale", "ailin1": "ok", "ayana": "ok"}
    (stale,) = [o for o in report.orgs if o.org == "37"]
    assert stale.version == 3 and stale.new_version is False and stale.feedback_written is False
    assert "37.xlsx" in stale.message
    unreadable = [f for f in report.findings if f.rule == "file.unreadable"]
    assert [(f.org, f.severity) for f in unreadable] == [("37", "error")]
    listed = [f["org"] for f in _findings(ws / "master.xlsx", FINDINGS) if f["rule"] == "file.unreadable"]
    assert listed == ["37"]
    monitoring = _consolidated(ws, MONITORING)
    counts = {org: sum(r["org"] == org for r in monitoring) for org in ORGS}
    assert counts == {"47": 215, "34": 210, "37": 170, "ailin1": 185, "ayana": 210}
    for spec in KINDERGARTEN_SHEETS:
        for r in _consolidated(ws, spec):
            assert (STALE in str(r["version"])) == (r["org"] == "37"), (spec.key, r["org"], r["version"])
    assert broken.read_bytes() == garbage


def test_coordinator_columns_sheets_and_formulas_survive_a_sync(ws: Path) -> None:
    spec = consolidated_spec(MONITORING)
    wb = openpyxl.load_workbook(ws / "master.xlsx")
    sheet, found = _sheet(wb, spec)
    target = _one(_records(wb, spec), org="34", child_code="34-Б-03", period="2026 II тоқсан")
    old_row = int(str(target["_row"]))
    sheet.cell(row=old_row, column=found.columns["coord_comment"]).value = "Қайта тексеру керек"
    sheet.cell(row=old_row, column=found.columns["accepted"]).value = "иә"
    extra = found.width + 2  # her own column, one blank column to the right of the table
    sheet.cell(row=1, column=extra).value = "Менің бағам"
    k1 = get_column_letter(found.columns["K1"])
    sheet.cell(row=old_row, column=extra).value = f"=2*{k1}{old_row}"
    wb.create_sheet("Менің парағым")["B2"] = "жоспар: 5 бала"
    wb.save(ws / "master.xlsx")
    # an unrelated change that moves every row after kindergarten 47 down by one: a new child
    kg = openpyxl.load_workbook(_kg(ws, "47"))
    tab, tab_map = _sheet(kg, MONITORING)
    last = max(int(str(r["_row"])) for r in _records(kg, MONITORING))
    for key, value in {"child_code": "47-Э-30", "group_kind": "эксперименттік", "period": "2026 IV тоқсан",
                       "K1": 2, "K2": 2, "K3": 2, "K4": 2, "K5": 2}.items():
        tab.cell(row=last + 1, column=tab_map.columns[key]).value = value
    kg.save(_kg(ws, "47"))

    report = _sync(ws)

    assert report.master_written is True
    wb = openpyxl.load_workbook(ws / "master.xlsx")
    sheet, found = _sheet(wb, spec)
    moved = _one(_records(wb, spec), org="34", child_code="34-Б-03", period="2026 II тоқсан")
    new_row = int(str(moved["_row"]))
    assert new_row == old_row + 1
    assert moved["coord_comment"] == "Қайта тексеру керек"
    assert moved["accepted"] == "иә"
    assert sheet.cell(row=1, column=extra).value == "Менің бағам"
    assert sheet.cell(row=new_row, column=extra).value == f"=2*{k1}{new_row}"
    assert sheet.cell(row=old_row, column=extra).value is None
    marked = [r for r in _records(wb, spec) if r["coord_comment"] is not None or r["accepted"] is not None]
    assert [r["_row"] for r in marked] == [new_row]
    assert "Менің парағым" in wb.sheetnames and wb["Менің парағым"]["B2"].value == "жоспар: 5 бала"


# --------------------------------------------------------------------------- dry run, history, restore


def test_dry_run_writes_nothing_but_reports_what_it_would_do(ws: Path) -> None:
    child = _records(openpyxl.load_workbook(_kg(ws, "34")), MONITORING)[10]
    _edit(_kg(ws, "34"), MONITORING, int(str(child["_row"])), "K4", _other_level(child["K4"]))
    before = _digests(ws)
    assert any(k.startswith(".baulu/") for k in before)

    report = _sync(ws, dry_run=True)

    assert _digests(ws) == before
    assert report.dry_run is True
    assert report.master_written is True
    assert {o.org: o.new_version for o in report.orgs} == {o: o == "34" for o in ORGS}
    assert {o.org: o.feedback_written for o in report.orgs} == {o: False for o in ORGS}
    assert [o.version for o in report.orgs] == [1, None, 3, 4, 5]
    assert len(_history(ws)) == 5


def test_history_and_restore_round_trip(ws: Path) -> None:
    child = _records(openpyxl.load_workbook(_kg(ws, "ailin1")), MONITORING)[0]
    row, key = int(str(child["_row"])), {"org": "ailin1", "child_code": child["child_code"], "period": child["period"]}
    v_a = 4
    assert [i.version for i in _history(ws) if i.org == "ailin1"] == [v_a]
    _edit(_kg(ws, "ailin1"), MONITORING, row, "K1", _other_level(child["K1"]))
    _sync(ws)
    v_b = _history(ws)[-1].version
    assert (v_b, _history(ws)[-1].org) == (6, "ailin1")
    assert _one(_consolidated(ws, MONITORING), **key)["K1"] == _other_level(child["K1"])

    restored = _sync(ws, pins={"ailin1": v_a})

    assert {o.org: o.status for o in restored.orgs}["ailin1"] == "pinned"
    shown = _one(_consolidated(ws, MONITORING), **key)
    assert shown["K1"] == child["K1"]
    assert str(shown["version"]).startswith(f"бекітілген / закреплено v{v_a} · ")
    assert len(_history(ws)) == 6  # restoring stores nothing

    _sync(ws)
    shown = _one(_consolidated(ws, MONITORING), **key)
    assert shown["K1"] == _other_level(child["K1"])
    assert str(shown["version"]).startswith(f"v{v_b} · ")


def test_restore_of_a_version_of_another_org_is_refused(ws: Path) -> None:
    before = _digests(ws)
    with pytest.raises(BauluError, match="v2"):
        _sync(ws, pins={"47": 2})  # v2 belongs to 34
    assert _digests(ws) == before


# --------------------------------------------------------------------------- refusals and the service


def test_master_open_in_excel_is_not_written(ws: Path) -> None:
    (ws / "~$master.xlsx").write_bytes(b"owner")
    _edit(_kg(ws, "47"), MONITORING, 2, "K5", 3)
    before = _digests(ws)

    with pytest.raises(WorkbookLocked) as caught:
        _sync(ws)
    assert isinstance(caught.value, BauluError)
    assert "master.xlsx" in str(caught.value)
    assert _digests(ws) == before
    assert main(["sync", str(ws)]) == 1
    assert _digests(ws) == before


def test_one_sync_at_a_time(ws: Path) -> None:
    before = _digests(ws)
    with sync_lock(load_workspace(ws).state), pytest.raises(SyncBusy) as caught:
        _sync(ws)
    assert "уже идёт синхронизация" in str(caught.value)
    assert "басқа синхрондау жүріп жатыр" in str(caught.value)
    assert _digests(ws) == before


def test_serve_survives_a_failed_round_and_runs_the_next(ws: Path) -> None:
    _edit(_kg(ws, "ayana"), MONITORING, 2, "K1", 3)
    out = io.StringIO()
    slept: list[float] = []
    with ExitStack() as held:
        held.enter_context(sync_lock(load_workspace(ws).state))  # the first round finds the lock taken

        def sleep(seconds: float) -> None:
            slept.append(seconds)
            held.close()  # the other sync ends between rounds

        console = Console(file=out, width=200)
        assert serve(ws, 0.05, lang=None, rounds=2, sleep=sleep,
                     on_report=lambda report: print_report(console, report, "ru"),
                     on_error=lambda exc: console.print(str(exc))) == 0
    assert slept == [0.05]
    text = out.getvalue()
    assert text.count("уже идёт синхронизация") == 1
    assert "ayana" in text
    assert [(i.org, i.version) for i in _history(ws)][5:] == [("ayana", 6)]
    with Store.for_workspace(ws) as store:
        assert len(store.runs()) == 2  # the fixture's round and the second round of the service


def test_a_sync_logs_into_its_own_workspace(ws: Path) -> None:
    log = ws / "logs" / "baulu.log"

    def done() -> int:
        return log.read_text(encoding="utf-8").count("sync done") if log.exists() else 0

    before = done()
    _sync(ws)
    assert done() == before + 1


# --------------------------------------------------------------------------- the command line


def test_cli_sync_json_and_history(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", str(ws), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [o["org"] for o in data["orgs"]] == ORGS
    assert [o["status"] for o in data["orgs"]] == ["ok"] * 5
    assert data["dry_run"] is False and data["master_written"] is False
    assert len(data["findings"]) == 7

    assert main(["history", str(ws), "--org", "47"]) == 0
    out = capsys.readouterr().out
    assert "v1" in out and "kindergartens/47.xlsx" in out
    assert "kindergartens/34.xlsx" not in out and "v2" not in out
