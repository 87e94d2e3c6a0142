"""Nothing a kindergarten typed is silently dropped; a restore lasts; the coordinator's own words
and edits are never lost without a word.

One filled and synced workspace per module, copied per test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from rich.console import Console

from macros.cli import main
from macros.render_sync import print_history
from macros.sync_cmd import history, restore, serve, sync_once
from schemas.errors import BauluError
from schemas.sheets import (
    FEEDBACK,
    FINDINGS,
    MONITORING,
    NOTES,
    PLAN_STATUS,
    SUMMARY,
    SheetSpec,
    consolidated_spec,
)
from sync.engine import SyncReport
from sync.store import Store
from tests.conftest import Filled
from workbook.marks import AUTHOR
from workbook.reader import find_sheet
from workbook.sheetmap import map_sheet

STALE = "ескірген / устарело"
PINNED = "бекітілген / закреплено"


@pytest.fixture(scope="module")
def base(filled_workspace: Filled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = Path(shutil.copytree(filled_workspace.root, tmp_path_factory.mktemp("reliability") / "ws"))
    _sync(root)
    return root


@pytest.fixture
def ws(base: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(base, tmp_path / "ws"))


def _sync(root: Path, **kwargs: object) -> SyncReport:
    return sync_once(root, **kwargs)  # type: ignore[arg-type]


def _kg(root: Path, org: str) -> Path:
    return root / "kindergartens" / f"{org}.xlsx"


def _rows(wb: Workbook, spec: SheetSpec) -> list[dict[str, object]]:
    """A spec'd table's filled rows by column key, ``_row`` the sheet row."""
    sheet = find_sheet(wb, spec)
    assert sheet is not None, spec.key
    found = map_sheet(sheet, spec)
    out = []
    for row in range(found.header_row + 1, sheet.max_row + 1):
        values = {k: sheet.cell(row=row, column=i).value for k, i in found.columns.items()}
        if any(v is not None for v in values.values()):
            out.append({**values, "_row": row})
    return out


def _consolidated(root: Path, spec: SheetSpec, org: str) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(root / "master.xlsx")
    return [r for r in _rows(wb, consolidated_spec(spec)) if r.get("org") == org]


def _listed(path: Path, spec: SheetSpec, rule: str) -> list[dict[str, object]]:
    return [r for r in _rows(openpyxl.load_workbook(path), spec) if r.get("rule") == rule]


# --------------------------------------------------------------------------- nothing dropped


@pytest.mark.parametrize("change", ["deleted", "renamed"])
def test_a_lost_tab_keeps_its_last_rows_stale_with_a_finding(ws: Path, change: str) -> None:
    before = _consolidated(ws, MONITORING, "37")
    assert len(before) == 170
    wb = openpyxl.load_workbook(_kg(ws, "37"))
    if change == "deleted":
        wb.remove(wb[MONITORING.kk])
    else:
        wb[MONITORING.kk].title = "Парақ1"
    wb.save(_kg(ws, "37"))

    report = _sync(ws)

    after = _consolidated(ws, MONITORING, "37")
    strip = ("version", "_row")
    assert [{k: v for k, v in r.items() if k not in strip} for r in after] == [
        {k: v for k, v in r.items() if k not in strip} for r in before]
    assert {r["version"] for r in after} == {f"{STALE}: v3"}
    assert all(STALE not in str(r["version"]) for r in _consolidated(ws, PLAN_STATUS, "37"))
    assert len(_consolidated(ws, MONITORING, "34")) == 210
    (kept,) = [f for f in report.findings if f.rule == "sheet.kept"]
    assert (kept.org, kept.sheet, kept.severity) == ("37", MONITORING.kk, "error")
    assert "v3" in kept.message_kk and "170" in kept.message_ru
    assert [r["org"] for r in _listed(ws / "master.xlsx", FINDINGS, "sheet.kept")] == ["37"]
    assert len(_listed(_kg(ws, "37"), FEEDBACK, "sheet.kept")) == 1  # and the kindergarten is told
    with Store.for_workspace(ws) as store:
        assert store.latest("37") is not None and store.latest("37").version == 6  # type: ignore[union-attr]
    if change == "deleted":  # the next round, from a stored version without the tab, keeps them too
        _sync(ws)
        assert len(_consolidated(ws, MONITORING, "37")) == 170


def test_a_renamed_column_carries_its_values_and_warns(ws: Path) -> None:
    path = _kg(ws, "47")
    wb = openpyxl.load_workbook(path)
    sheet = wb[PLAN_STATUS.kk]
    header = next(c for c in sheet[1] if c.value == PLAN_STATUS.column("status").kk)
    for table in sheet.tables.values():
        for column in table.tableColumns:
            if column.name == header.value:
                column.name = "Орындалу барысы"
    header.value = "Орындалу барысы"
    wb.save(path)
    typed = {r["item_id"]: r["status"] for r in _rows(openpyxl.load_workbook(path), PLAN_STATUS)}
    assert sum(v is not None for v in typed.values()) >= 5

    report = _sync(ws)

    shown = {r["item_id"]: r["status"] for r in _consolidated(ws, PLAN_STATUS, "47")}
    assert shown == typed
    renamed = [f for f in report.findings if f.rule == "header.renamed" and f.org == "47"]
    assert [(f.severity, f.cell) for f in renamed] == [("warning", header.coordinate)]


def _delete_rows(path: Path, spec: SheetSpec, count: int) -> int:
    """Blank the last ``count`` filled rows of a tab, as selecting them and pressing Delete does."""
    wb = openpyxl.load_workbook(path)
    sheet = wb[spec.kk]
    rows = _rows(wb, spec)
    for record in rows[-count:]:
        for cell in sheet[int(str(record["_row"]))]:
            cell.value = None
    wb.save(path)
    return len(rows)


def test_deleting_most_of_a_tab_is_a_finding_on_both_sides(ws: Path) -> None:
    total = _delete_rows(_kg(ws, "34"), MONITORING, 120)
    _delete_rows(_kg(ws, "47"), MONITORING, 10)  # a few rows: no finding

    report = _sync(ws)

    deleted = [f for f in report.findings if f.rule == "rows.deleted"]
    assert [(f.org, f.sheet, f.value) for f in deleted] == [("34", MONITORING.kk, f"{total} → {total - 120}")]
    assert "120" in deleted[0].message_kk and f"из {total}" in deleted[0].message_ru
    assert [r["org"] for r in _listed(ws / "master.xlsx", FINDINGS, "rows.deleted")] == ["34"]
    assert len(_listed(_kg(ws, "34"), FEEDBACK, "rows.deleted")) == 1
    # it lasts while that version is the latest, not only in the round that saw it
    again = _sync(ws)
    assert [f.org for f in again.findings if f.rule == "rows.deleted"] == ["34"]


# --------------------------------------------------------------------------- restore that lasts


def _edit_level(path: Path, index: int, level: int) -> dict[str, object]:
    wb = openpyxl.load_workbook(path)
    record = _rows(wb, MONITORING)[index]
    found = map_sheet(wb[MONITORING.kk], MONITORING)
    wb[MONITORING.kk].cell(row=int(str(record["_row"])), column=found.columns["K1"]).value = level
    wb.save(path)
    return record


def _shown(root: Path, record: dict[str, object]) -> dict[str, object]:
    (row,) = [r for r in _consolidated(root, MONITORING, "ailin1")
              if (r["child_code"], r["period"]) == (record["child_code"], record["period"])]
    return row


def test_a_restore_lasts_until_released(ws: Path) -> None:
    path = _kg(ws, "ailin1")
    first = _edit_level(path, 0, 1)
    original = first["K1"]
    assert original != 1
    _sync(ws)  # v6: the edit
    typed = _rows(openpyxl.load_workbook(path), MONITORING)

    restore(ws, "ailin1", 4)

    assert _shown(ws, first)["K1"] == original
    assert {str(r["version"]).split(" · ")[0] for r in _consolidated(ws, MONITORING, "ailin1")} == {f"{PINNED} v4"}
    listed = _listed(ws / "master.xlsx", FINDINGS, "version.pinned")
    assert [(r["org"], r["value"]) for r in listed] == [("ailin1", "v4")]
    assert _rows(openpyxl.load_workbook(path), MONITORING) == typed  # its data untouched without --write-back
    assert len(_listed(path, FEEDBACK, "version.pinned")) == 1  # and its feedback tab says why

    _edit_level(path, 1, 1)  # the kindergarten types on: stored, not shown
    report = _sync(ws)
    assert {o.org: o.status for o in report.orgs}["ailin1"] == "pinned"
    assert _shown(ws, first)["K1"] == original
    with Store.for_workspace(ws) as store:
        assert [i.version for i in store.history("ailin1")] == [4, 6, 7]
        assert {o: p.version for o, p in store.pins().items()} == {"ailin1": 4}
    listing = Console(record=True, width=200)
    print_history(listing, history(ws, "ailin1"), "kk")
    shown = listing.export_text()
    assert "v4 (бекітілген)" in shown and "v6 (бекітілген)" not in shown
    assert "ailin1: бас кітап v4 нұсқасын көрсетеді" in shown
    serve(ws, 0.01, rounds=1, sleep=lambda s: None)
    assert _shown(ws, first)["K1"] == original

    assert main(["restore", str(ws), "--org", "ailin1", "--release"]) == 0
    assert history(ws, "ailin1").pins == {}
    assert _shown(ws, first)["K1"] == 1
    assert str(_shown(ws, first)["version"]).startswith("v7 · ")
    assert _listed(ws / "master.xlsx", FINDINGS, "version.pinned") == []
    assert _listed(path, FEEDBACK, "version.pinned") == []


def test_restore_writes_back_into_the_kindergartens_sheet_only_when_asked(ws: Path) -> None:
    path = _kg(ws, "ailin1")
    first = _edit_level(path, 0, 1)
    _delete_rows(path, MONITORING, 100)

    restore(ws, "ailin1", 4, write_back=True)

    rows = _rows(openpyxl.load_workbook(path), MONITORING)
    assert len(rows) == 185
    assert rows[0]["K1"] == first["K1"] != 1
    with Store.for_workspace(ws) as store:
        kept = store.latest("ailin1")
        assert kept is not None and kept.version == 6  # what she had typed is kept, not lost
        assert kept.tabs[MONITORING.kk] != store.get(4).tabs[MONITORING.kk]  # type: ignore[union-attr]
    report = _sync(ws)
    assert {o.org: o.status for o in report.orgs}["ailin1"] == "pinned"
    with Store.for_workspace(ws) as store:
        latest = store.latest("ailin1")
        assert latest is not None and latest.tabs[MONITORING.kk] == store.get(4).tabs[MONITORING.kk]  # type: ignore[union-attr]


def test_restore_usage(ws: Path) -> None:
    assert main(["restore", str(ws), "--org", "47", "--release", "--write-back"]) == 2
    assert main(["restore", str(ws), "--org", "47", "--release"]) == 1  # nothing pinned
    with pytest.raises(BauluError, match="v2"):
        restore(ws, "47", 2)  # v2 is 34's


# --------------------------------------------------------------------------- the coordinator's words


def test_the_summary_is_ours_and_her_notes_sheet_survives(ws: Path) -> None:
    wb = openpyxl.load_workbook(ws / "master.xlsx")
    summary = find_sheet(wb, SUMMARY)
    assert summary is not None and summary.protection.sheet is True
    texts = [str(c.value) for row in summary.iter_rows(max_row=20) for c in row if c.value]
    assert any("қайта жасайды" in t and NOTES.kk in t and "пересоздаёт" in t for t in texts)
    notes = find_sheet(wb, NOTES)
    assert notes is not None and notes.protection.sheet is False
    notes["A1"] = "Тамыз: 34-ке бару"
    notes["C7"] = "=2+2"
    wb.save(ws / "master.xlsx")
    _edit_level(_kg(ws, "ailin1"), 0, 1)

    assert _sync(ws).master_written is True

    notes = find_sheet(openpyxl.load_workbook(ws / "master.xlsx"), NOTES)
    assert notes is not None
    assert (notes["A1"].value, notes["C7"].value) == ("Тамыз: 34-ке бару", "=2+2")


def test_consolidated_columns_are_locked_and_her_edit_is_a_finding(ws: Path) -> None:
    spec = consolidated_spec(MONITORING)
    wb = openpyxl.load_workbook(ws / "master.xlsx")
    sheet = find_sheet(wb, spec)
    assert sheet is not None and sheet.protection.sheet is True and not sheet.protection.password
    found = map_sheet(sheet, spec)
    target = next(r for r in _rows(wb, spec) if r["org"] == "34")
    row, k1 = int(str(target["_row"])), found.columns["K1"]
    assert sheet.cell(row=row, column=k1).protection.locked is True
    assert sheet.cell(row=row, column=found.columns["coord_comment"]).protection.locked is False
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(found.width + 2)].protection.locked is False
    typed = 3 if target["K1"] != 3 else 1
    sheet.cell(row=row, column=k1).value = typed  # she lifts nothing: openpyxl ignores protection
    wb.save(ws / "master.xlsx")
    _edit_level(_kg(ws, "ailin1"), 0, 1)  # a kindergarten's own change is no edit of hers

    report = _sync(ws)

    edits = [f for f in report.findings if f.rule == "master.edited"]
    cell = f"{openpyxl.utils.get_column_letter(k1)}{row}"
    assert [(f.sheet, f.cell, f.value) for f in edits] == [(sheet.title, cell, str(typed))]
    assert str(target["K1"]) in edits[0].message_kk and "34" in edits[0].message_ru
    after = openpyxl.load_workbook(ws / "master.xlsx")[sheet.title][cell]
    assert after.value == target["K1"]  # the kindergarten's value is back, and the cell says why
    assert after.comment is not None and after.comment.author == AUTHOR and str(typed) in after.comment.text
    assert [r["cell"] for r in _listed(ws / "master.xlsx", FINDINGS, "master.edited")] == [cell]

    # the next write digested only what changed (ailin1); an edit in another kindergarten's rows is
    # still found against the digests of the first write, and a master saved unedited is no edit
    wb = openpyxl.load_workbook(ws / "master.xlsx")
    sheet = wb[sheet.title]
    other = next(r for r in _rows(wb, spec) if r["org"] == "47")
    sheet.cell(row=int(str(other["_row"])), column=k1).value = 3 if other["K1"] != 3 else 1
    wb.save(ws / "master.xlsx")
    assert [(f.rule, f.cell) for f in _sync(ws).findings if f.rule == "master.edited"] == [
        ("master.edited", f"{openpyxl.utils.get_column_letter(k1)}{other['_row']}")]
    openpyxl.load_workbook(ws / "master.xlsx").save(ws / "master.xlsx")
    assert not [f for f in _sync(ws).findings if f.rule == "master.edited"]
