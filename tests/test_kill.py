"""`baulu sync` killed hard (SIGKILL; TerminateProcess on Windows) at many points of a round —
while pulling, storing, saving the master, saving a kindergarten's feedback — loses nothing:

- every workbook opens and equals its state before the round or after a clean round;
- the store passes ``PRAGMA integrity_check``;
- the next sync leaves everything as a clean round does (workbooks and stored versions).

Kill points are named checkpoints of the round (``sync/checkpoint.py``, switched on by an
environment variable) plus a delay after one, which lands the kill inside the write that follows.
The normal suite kills at a few points; ``make stress`` (``BAULU_KILLS=all``) at every checkpoint
with several delays.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from macros.sync_cmd import sync_once
from schemas.sheets import MONITORING, ORGANISATIONS, PLAN_STATUS, SheetSpec
from sync.checkpoint import ENV
from sync.store import Store
from workbook.reader import find_sheet
from workbook.sheetmap import map_sheet

REPO = Path(__file__).resolve().parent.parent
ORGS = ("47", "34")  # two kindergartens keep each kill quick; the round is the same for five
DROPPED = ("37", "ailin1", "ayana")
_STAMP = re.compile(rb"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?Z?|\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}")  # UTC stamps and Oral-time ones

# (checkpoint, delay in seconds after it): the few the normal suite kills at
REDUCED: tuple[tuple[str, float], ...] = (
    ("stored:47", 0.0),
    ("master:save", 0.0),
    ("master:save", 0.2),
    ("feedback:47", 0.05),
    ("feedback-saved:34", 0.0),
)
DELAYS = (0.0, 0.01, 0.03, 0.08, 0.15, 0.3, 0.6)


def _all_points() -> tuple[tuple[str, float], ...]:
    names = [*(f"pull:{o}" for o in ORGS), *(f"stored:{o}" for o in ORGS), "master:save", "master:saved",
             *(f"feedback:{o}" for o in ORGS), *(f"feedback-saved:{o}" for o in ORGS)]
    return tuple((name, delay) for name in names for delay in DELAYS)


POINTS = _all_points() if os.environ.get("BAULU_KILLS") == "all" else REDUCED


def _sync(root: Path) -> None:
    sync_once(root)


def _type(path: Path, spec: SheetSpec, values: dict[str, object], *, index: int | None = None) -> None:
    """Type ``values`` into a tab's row ``index`` (of its filled rows), or a new row after them."""
    wb = openpyxl.load_workbook(path)
    sheet = find_sheet(wb, spec)
    assert sheet is not None
    found = map_sheet(sheet, spec)
    filled = [r for r in range(found.header_row + 1, sheet.max_row + 1)
              if any(sheet.cell(row=r, column=i).value is not None for i in found.columns.values())]
    row = filled[index] if index is not None else max(filled, default=found.header_row) + 1
    for key, value in values.items():
        sheet.cell(row=row, column=found.columns[key]).value = value
    wb.save(path)


@dataclass(frozen=True)
class Scene:
    start: Path  # a synced workspace, then edited: the next round pulls, stores, writes everything
    before: dict[str, object]
    after: dict[str, object]  # after a clean round from ``start``
    versions: list[tuple[int, str, str]]


def _workbooks(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.xlsx")
                  if not p.name.startswith((".~", "~$")) and "backups" not in p.parts)


def _state(path: Path) -> dict[str, bytes]:
    """A workbook's parts as saved (times masked; ``docProps`` — when it was saved — left out).
    Equal parts mean an equal workbook: one that opens as the state it equals opens."""
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None, path
        return {n: _STAMP.sub(b"<t>", z.read(n)) for n in z.namelist() if not n.startswith("docProps/")}


def _states(root: Path) -> dict[str, object]:
    return {str(p.relative_to(root)): _state(p) for p in _workbooks(root)}


def _versions(root: Path) -> list[tuple[int, str, str]]:
    with Store.for_workspace(root) as store:
        return [(i.version, i.org, i.revision) for i in store.history()]


def _drop_organisations(root: Path, codes: tuple[str, ...]) -> None:
    """Take organisations out of the master (their rows blanked) and their files away."""
    path = root / "master.xlsx"
    wb = openpyxl.load_workbook(path)
    sheet = find_sheet(wb, ORGANISATIONS)
    assert sheet is not None
    found = map_sheet(sheet, ORGANISATIONS)
    for row in range(found.header_row + 1, sheet.max_row + 1):
        if str(sheet.cell(row=row, column=found.columns["code"]).value) in codes:
            for cell in sheet[row]:
                cell.value = None
    wb.save(path)
    for code in codes:
        (root / "kindergartens" / f"{code}.xlsx").unlink()


@pytest.fixture(scope="module")
def scene(new_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Scene:
    base = tmp_path_factory.mktemp("kill")
    start = Path(shutil.copytree(new_workspace, base / "start"))
    _drop_organisations(start, DROPPED)
    for org in ORGS:
        _type(start / "kindergartens" / f"{org}.xlsx", MONITORING,
              {"child_code": f"{org}-Э-01", "group_kind": "эксперименттік", "period": "2026 I тоқсан", "K1": 2})
    _sync(start)
    for number, org in enumerate(ORGS, start=2):
        path = start / "kindergartens" / f"{org}.xlsx"
        _type(path, PLAN_STATUS, {"status": "орындалды"}, index=number)  # done, no date: a finding
        _type(path, MONITORING, {"child_code": f"{org}-Б-0{number}", "group_kind": "бақылау",
                                 "period": "2026 I тоқсан", "K1": 7})  # not a level: a finding
    clean = Path(shutil.copytree(start, base / "clean"))
    _sync(clean)
    return Scene(start, _states(start), _states(clean), _versions(clean))


def _kill_at(root: Path, point: str, delay: float, trace: Path) -> bool:
    """Run ``baulu sync`` in a subprocess and kill it ``delay`` seconds after ``point``; False when
    the round finished first."""
    env = {**os.environ, ENV: str(trace), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "macros.cli", "sync", str(root)], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            if trace.exists() and point in trace.read_text(encoding="utf-8").split():
                break
            time.sleep(0.002)
        if delay:
            time.sleep(delay)
        finished = proc.poll() is not None
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
    finally:
        proc.wait(timeout=60)
    assert proc.returncode in (0, -9, 1) or os.name == "nt", proc.returncode
    return not finished


@pytest.mark.parametrize(("point", "delay"), POINTS, ids=[f"{p}+{d}" for p, d in POINTS])
def test_a_killed_sync_loses_nothing(scene: Scene, tmp_path: Path, point: str, delay: float) -> None:
    root = Path(shutil.copytree(scene.start, tmp_path / "ws"))
    trace = tmp_path / "trace.txt"

    _kill_at(root, point, delay, trace)

    assert point in trace.read_text(encoding="utf-8").split()
    for name, state in _states(root).items():
        assert state in (scene.before[name], scene.after[name]), name
    with sqlite3.connect(root / ".baulu" / "store.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    _sync(root)

    assert _states(root) == scene.after
    assert _versions(root) == scene.versions
