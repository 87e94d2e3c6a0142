"""A child's name and IIN typed into a kindergarten's comments: found by a sync, shown masked in the
master, its findings and the kindergarten's feedback, kept only in the store until `baulu redact`."""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from macros.cli import main
from macros.sync_cmd import sync_once
from schemas.sheets import FEEDBACK, MONITORING, PLAN_STATUS, POSTS, SheetSpec
from sync.engine import SyncReport
from sync.store import Store
from workbook.marks import AUTHOR
from workbook.reader import find_sheet
from workbook.sheetmap import map_sheet

IIN = "150320500121"
NAME = "Асанова Айгерім"
CHILD = "Сейітқали Аружан"
RAW = (IIN, NAME, "Айгерім", CHILD, "Аружан")


def _put(wb: openpyxl.Workbook, spec: SheetSpec, row: int, values: dict[str, object]) -> None:
    sheet = find_sheet(wb, spec)
    assert sheet is not None
    found = map_sheet(sheet, spec)
    for key, value in values.items():
        sheet.cell(row=found.header_row + row, column=found.columns[key]).value = value  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def synced(new_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SyncReport]:
    root = Path(shutil.copytree(new_workspace, tmp_path_factory.mktemp("privacy") / "ws"))
    path = root / "kindergartens" / "47.xlsx"
    wb = openpyxl.load_workbook(path)
    _put(wb, POSTS, 1, {"date": dt.date(2026, 3, 1), "network": "Instagram", "link": "https://instagram.com/p/1",
                        "comment": f"{NAME} сурет салды, ЖСН {IIN}"})
    _put(wb, PLAN_STATUS, 1, {"status": "орындалуда", "comment": f"Жауапты: {NAME}"})
    _put(wb, MONITORING, 1, {"child_code": CHILD, "group_kind": "бақылау", "period": "бастапқы", "K1": 2})
    _put(wb, MONITORING, 2, {"child_code": "47-Б-01", "group_kind": "бақылау", "period": "бастапқы", "K1": 2})
    wb.save(path)
    report = sync_once(root)
    return root, report


def _xlsx_text(path: Path) -> str:
    """Every part's text, XML character references read (openpyxl over lxml writes «С» as &#1057;)."""
    with zipfile.ZipFile(path) as z:
        return html.unescape("\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()))


def test_a_sync_finds_them_and_shows_them_masked_only(synced: tuple[Path, SyncReport]) -> None:
    root, report = synced
    found = {(f.org, f.rule, f.cell, f.value) for f in report.findings if f.org == "47"}
    assert {(r, v) for _, r, _, v in found} >= {
        ("personal.iin", "А*** А*** сурет салды, ЖСН 1503******21"), ("personal.name", "Жауапты: А*** А***"),
        ("child.name", "С*** А***"),
    }
    text = json.dumps(report.to_dict(), ensure_ascii=False, default=str)
    assert not any(raw in text for raw in RAW)

    master = _xlsx_text(root / "master.xlsx")  # consolidated sheets, findings, notes: every part
    assert "1503******21" in master and "С*** А***" in master
    assert not any(raw in master for raw in RAW)

    wb = openpyxl.load_workbook(root / "kindergartens" / "47.xlsx")
    feedback = find_sheet(wb, FEEDBACK)
    assert feedback is not None
    shown = "\n".join(str(v) for row in feedback.iter_rows(values_only=True) for v in row if v is not None)
    assert "1503******21" in shown and not any(raw in shown for raw in RAW)
    notes = [c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.comment is not None and c.comment.author == AUTHOR]
    assert notes and not any(raw in n for n in notes for raw in RAW)


def test_only_the_store_keeps_them_until_redacted(synced: tuple[Path, SyncReport], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(shutil.copytree(synced[0], tmp_path / "ws"))
    with Store.for_workspace(root) as store:
        (info,) = store.history("47")
        snap = store.get(info.version)
        assert snap is not None and IIN in json.dumps(snap.tabs, ensure_ascii=False, default=str)
    assert main(["redact", str(root), "--org", "47", "--value", IIN, "--why", "ата-ана өтінді"]) == 0
    assert main(["redact", str(root), "--org", "47", "--sheet", "Мониторинг", "--cell", "A2",
                 "--why", "ата-ана өтінді"]) == 0
    capsys.readouterr()
    with Store.for_workspace(root) as store:
        snap = store.get(info.version)
        assert snap is not None
        text = json.dumps(snap.tabs, ensure_ascii=False, default=str)
        assert IIN not in text and CHILD not in text and NAME in text  # only what was asked for
        assert [a.why for a in store.redactions()] == ["ата-ана өтінді", "ата-ана өтінді"]
