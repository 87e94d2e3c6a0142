"""What Baulu refuses or tidies on its own: a demo over a folder it did not make, a version that is
not a number, an organisation that does not exist; phones that follow their source; temporary
files of a killed save. One demo workspace (``baulu demo``) is built per module and copied per test.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from macros.cli import main
from macros.demo import DEMO_MARK, clear_for_demo, is_demo
from macros.sync_cmd import sync_once
from schemas.errors import WorkspaceError
from schemas.sheets import ORGANISATIONS, POSTS
from sync.engine import SyncReport
from sync.store import Store
from tests.bombs import entity_bomb, grid_bomb, zip_bomb
from workbook.reader import find_sheet
from workbook.save import TEMP_PREFIX
from workbook.sheetmap import map_sheet


def _digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "logs" not in p.parts}


def _sync(root: Path) -> SyncReport:
    return sync_once(root)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "baulu-demo"
    assert main(["demo", str(root)]) == 0
    return root


@pytest.fixture
def ws(demo: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo, tmp_path / "ws"))


# --------------------------------------------------------------------------- baulu demo


def test_demo_marks_its_folder_and_replaces_only_an_earlier_demo(demo: Path, ws: Path) -> None:
    assert is_demo(demo) and (demo / "master.xlsx").exists()
    (ws / "kindergartens" / "extra.txt").write_text("x", encoding="utf-8")
    clear_for_demo(ws)  # an earlier demo, whatever is in it, makes way
    assert not ws.exists()
    empty = ws.parent / "empty"
    empty.mkdir()
    clear_for_demo(empty)  # nothing to delete: fine
    assert empty.exists()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_demo_refuses_a_folder_it_did_not_make(ws: Path, tmp_path: Path, lang: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    own = tmp_path / "Менің құжаттарым"
    own.mkdir()
    (own / "есеп.xlsx").write_bytes(b"her own file")
    (ws / DEMO_MARK).unlink()  # a real workspace: what the demo would have wiped with its store
    for folder in (own, ws):
        before = _digests(folder)
        assert main(["demo", str(folder), "--lang", lang]) == 1
        out = " ".join(capsys.readouterr().out.split())
        assert ("демо емес" if lang == "kk" else "не демо") in out and "Traceback" not in out
        assert _digests(folder) == before
    with pytest.raises(WorkspaceError):
        clear_for_demo(own / "есеп.xlsx")


# --------------------------------------------------------------------------- restore and history


@pytest.mark.parametrize("at", ["latest", "v0", "-1", "3.5", "v"])
def test_restore_at_something_that_is_not_a_version_is_a_usage_error(
        ws: Path, at: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = _digests(ws)
    assert main(["restore", str(ws), "--org", "47", "--at", at]) == 2
    assert f"«{at}» нұсқа нөмірі емес" in " ".join(capsys.readouterr().out.split())
    assert main(["restore", str(ws), "--org", "47", "--at", at, "--lang", "ru"]) == 2
    out = " ".join(capsys.readouterr().out.split())
    assert f"«{at}» не номер версии" in out and "Непредвиденная" not in out
    assert _digests(ws) == before


def test_history_of_an_unknown_organisation_exits_1(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", str(ws), "--org", "99"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "«99» ұйымы жоқ" in out and "ailin1" in out
    assert main(["history", str(ws), "--org", "99", "--lang", "ru"]) == 1
    assert "Организации «99» нет" in " ".join(capsys.readouterr().out.split())
    assert main(["history", str(ws), "--org", "ayana"]) == 0
    with Store.for_workspace(ws) as store:
        latest = store.latest_info("ayana")
    assert latest is not None and f"v{latest.version}" in capsys.readouterr().out


# --------------------------------------------------------------------------- the master's own columns


def _organisation(root: Path, code: str) -> dict[str, object]:
    wb = openpyxl.load_workbook(root / "master.xlsx")
    ws = find_sheet(wb, ORGANISATIONS)
    assert ws is not None
    sheet = map_sheet(ws, ORGANISATIONS)
    for row in range(sheet.header_row + 1, ws.max_row + 1):
        if sheet.natural_key_of([c.value for c in ws[row]]) == (code,):
            return {k: ws.cell(row=row, column=i).value for k, i in sheet.columns.items()} | {"_row": row}
    raise AssertionError(code)


def _set_phone(root: Path, code: str, key: str, value: str) -> None:
    wb = openpyxl.load_workbook(root / "master.xlsx")
    ws = find_sheet(wb, ORGANISATIONS)
    assert ws is not None
    row = int(str(_organisation(root, code)["_row"]))
    ws.cell(row=row, column=map_sheet(ws, ORGANISATIONS).columns[key]).value = value
    wb.save(root / "master.xlsx")


def test_normalised_phones_follow_their_source_column(ws: Path) -> None:
    before = _organisation(ws, "47")
    assert str(before["head_phone_norm"]).startswith("+7")
    _set_phone(ws, "47", "head_phone", "8 (701) 123-45-67")
    _set_phone(ws, "34", "lead_phone", "87001112233, 8 777 444 55 66")
    assert _organisation(ws, "37")["lead_phone_norm"] is not None
    _set_phone(ws, "37", "lead_phone", "12-34")  # not a phone: a finding, and no stale +7 beside it
    report = _sync(ws)
    assert report.master_written
    assert _organisation(ws, "47")["head_phone_norm"] == "+77011234567"
    assert _organisation(ws, "34")["lead_phone_norm"] == "+77001112233, +77774445566"
    assert _organisation(ws, "37")["lead_phone_norm"] is None
    assert [(f.org, f.rule, f.value) for f in report.findings if f.rule == "phone.invalid"] == [
        ("master", "phone.invalid", "12-34")]


# --------------------------------------------------------------------------- a killed save


def test_temporary_files_of_a_killed_save_are_removed_at_the_next_run(ws: Path) -> None:
    left = [ws / f"{TEMP_PREFIX}k2j3.xlsx", ws / "kindergartens" / f"{TEMP_PREFIX}9x.xlsx"]
    for path in left:
        path.write_bytes(b"PK\x03\x04 half a workbook")
    hers = [ws / "~$master.xlsx.bak", ws / ".~lock.other.xlsx#", ws / "kindergartens" / "~baulu-note.xlsx"]
    for path in hers:
        path.write_bytes(b"not ours")
    _sync(ws)
    assert [p.exists() for p in left] == [False, False]
    assert [p.exists() for p in hers] == [True, True, True]
    assert "interrupted save" in (ws / "logs" / "baulu.log").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- hostile files


def test_bombs_posing_as_kindergartens_are_refused_and_the_others_sync(ws: Path) -> None:
    kg = ws / "kindergartens"
    (kg / "37.xlsx").write_bytes(zip_bomb((kg / "37.xlsx").read_bytes()))
    (kg / "34.xlsx").write_bytes(entity_bomb((kg / "34.xlsx").read_bytes()))
    (kg / "ailin1.xlsx").write_bytes(grid_bomb((kg / "ailin1.xlsx").read_bytes()))
    _set_cell(kg / "ayana.xlsx")

    report = _sync(ws)

    status = {o.org: o.status for o in report.orgs}
    assert status == {"47": "ok", "34": "stale", "37": "stale", "ailin1": "stale", "ayana": "ok"}
    assert {o.org: o.new_version for o in report.orgs}["ayana"] is True
    unreadable = sorted((f.org, f.rule) for f in report.findings if f.rule == "file.unreadable")
    assert unreadable == [("34", "file.unreadable"), ("37", "file.unreadable"), ("ailin1", "file.unreadable")]
    reasons = {f.org: f.message_ru for f in report.findings if f.rule == "file.unreadable"}
    assert "слишком велик или опасен" in reasons["37"] and "слишком велик или опасен" in reasons["ailin1"]
    assert "Entit" in reasons["34"]


def _set_cell(path: Path) -> None:
    """A real change in a kindergarten that is not a bomb: its new version still comes through."""
    wb = openpyxl.load_workbook(path)
    ws = find_sheet(wb, POSTS)
    assert ws is not None
    cell = ws.cell(row=2, column=map_sheet(ws, POSTS).columns["comment"])
    cell.value = "жаңа түсініктеме"
    wb.save(path)
