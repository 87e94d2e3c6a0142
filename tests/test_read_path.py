"""The fast read path gives what openpyxl gives: values (python-calamine vs openpyxl data_only,
type for type), typed-only snapshots whose meaning is unchanged, and no new version for a store
that holds snapshots taken the old way."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from macros.sync_cmd import sync_once
from schemas.rows import tables_from_tabs
from schemas.sheets import kindergarten_sheets
from sync.local import data_tabs, value_tabs
from sync.store import Store, content_revision, encode_tabs, typed_only
from sync.workspace import load_workspace
from tests.conftest import Filled
from workbook.reader import workbook_tabs
from workbook.values import read_values


@pytest.fixture(scope="module")
def demo(filled_workspace: Filled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo workspace, synced once, so the files also hold feedback, marks and notes."""
    root = Path(shutil.copytree(filled_workspace.root, tmp_path_factory.mktemp("read") / "ws"))
    sync_once(root)
    yield root


def _files(root: Path) -> list[Path]:
    return [root / "master.xlsx", *sorted((root / "kindergartens").glob("*.xlsx"))]


def test_calamine_values_are_openpyxl_values_type_for_type(demo: Path) -> None:
    for path in _files(demo):
        slow = workbook_tabs(openpyxl.load_workbook(path, data_only=True))
        fast = read_values(path)
        assert list(fast) == list(slow), path.name
        # encode_tabs tells 12 from 12.0 and a date from a datetime: the JSON must be identical
        assert encode_tabs(typed_only(fast)) == encode_tabs(typed_only(slow)), path.name


def test_a_pull_is_what_openpyxl_reads_less_the_formatted_empty_space(demo: Path) -> None:
    for path in sorted((demo / "kindergartens").glob("*.xlsx")):
        full = data_tabs(openpyxl.load_workbook(path, data_only=True))
        pulled = value_tabs(path)
        assert encode_tabs(pulled) == encode_tabs(typed_only(full))
        assert sum(map(len, pulled.values())) < sum(map(len, full.values())) / 10  # ~1,000 empty rows a tab
        specs = kindergarten_sheets()
        before, found_before = tables_from_tabs(full, specs, org=path.stem)
        after, found_after = tables_from_tabs(pulled, specs, org=path.stem)
        assert found_after == found_before
        assert before.keys() == after.keys()
        for key, table in before.items():
            assert table.frame.equals(after[key].frame) and table.letters == after[key].letters, key


def test_typed_only_drops_only_empty_space() -> None:
    tabs = {"t": [["h1", None, "h2", None, " "], [None], [], [1, None, "x", ""], [None, None], ["  "]],
            "empty": [[None, None], []]}
    assert typed_only(tabs) == {"t": [["h1", None, "h2"], [], [], [1, None, "x"]], "empty": []}


def test_a_store_of_old_full_snapshots_gets_no_new_version(demo: Path, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(demo, root, ignore=shutil.ignore_patterns(".baulu"))
    ws = load_workspace(root)
    with Store.for_workspace(root) as store:  # a store as the openpyxl pull filled it
        for path in sorted(ws.kindergartens.glob("*.xlsx")):
            tabs = data_tabs(openpyxl.load_workbook(path, data_only=True))
            store.add(path.stem, f"kindergartens/{path.name}", tabs, revision=content_revision(tabs))
        before = store.history()
    report = sync_once(root)
    assert not any(o.new_version for o in report.orgs)
    with Store.for_workspace(root) as store:
        assert store.history() == before
