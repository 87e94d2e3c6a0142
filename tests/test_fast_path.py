"""The fast path (unchanged files not parsed, validated versions not validated again, tables built
only to write the master) gives the same stores, masters, kindergarten files and findings as the
full path (every file parsed and validated each round), round after round, on one workspace."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from macros.demo_data import fill_workspace
from macros.init import init_workspace
from schemas.sheets import MONITORING
from sync.backend import Pulled
from sync.engine import SyncReport, run_sync
from sync.incremental import forget
from sync.local import LocalBackend
from sync.store import Store, encode_tabs
from sync.workspace import Workspace, load_workspace
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


def _values(path: Path) -> str:
    tabs = workbook_tabs(openpyxl.load_workbook(path))
    return STAMP.sub("<when>", encode_tabs({t: [[v for v in r] for r in rows] for t, rows in tabs.items()}))


def _store(root: Path) -> list[tuple[object, ...]]:
    with Store.for_workspace(root) as store:
        return [(i.version, i.org, i.location, i.revision, encode_tabs(snapshot.tabs))
                for i in store.history() if (snapshot := store.get(i.version)) is not None]


def assert_same(fast: Path, full: Path, a: SyncReport, b: SyncReport) -> None:
    assert [f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings]
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
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("fast")
    init_workspace(base / "seed")
    fill_workspace(base / "seed")
    return shutil.copytree(base / "seed", base / "fast"), shutil.copytree(base / "seed", base / "full")


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
