"""`baulu provision`: an organisation typed into the master's «Ұйымдар» gets its workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from macros.cli import main
from macros.provision import provision
from macros.sync_cmd import sync_once
from schemas.sheets import ORGANISATIONS
from sync.workspace import write_config
from workbook.meta import read_meta
from workbook.reader import find_sheet, open_workbook

NEW = {"code": "112", "short_name": "№112 «Ақбота» бөбекжайы МКҚК", "ownership": "мемлекеттік",
       "head_phone": "87051234567"}


def type_organisation(root: Path, values: dict[str, object], sheet: str | None = None) -> None:
    """What the coordinator does in Excel: one more row under the last organisation."""
    wb = openpyxl.load_workbook(root / "master.xlsx")
    ws = find_sheet(wb, ORGANISATIONS)
    assert ws is not None
    columns = {c.kk: c.key for c in ORGANISATIONS.columns}
    where = {columns[str(c.value)]: c.column for c in ws[1] if str(c.value) in columns}
    row = max(r for r in range(2, ws.max_row + 1) if ws.cell(r, where["code"]).value is not None) + 1
    for key, value in {**values, **({"sheet": sheet} if sheet else {})}.items():
        ws.cell(row=row, column=where[key], value=value)  # type: ignore[arg-type]
    wb.save(root / "master.xlsx")


@pytest.fixture
def workspace(new_workspace: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(new_workspace, tmp_path / "ws"))


def test_a_typed_organisation_gets_its_workbook_and_nothing_else_changes(workspace: Path) -> None:
    before = {p.name: p.read_bytes() for p in (workspace / "kindergartens").iterdir()}
    type_organisation(workspace, NEW)
    assert main(["provision", str(workspace)]) == 0
    created = workspace / "kindergartens" / "112.xlsx"
    assert created.exists()
    for name, data in before.items():  # the five that were there are not touched
        assert (workspace / "kindergartens" / name).read_bytes() == data
    wb = open_workbook(created)
    assert read_meta(wb)["org"] == "112"
    assert any("«Ақбота»" in str(c) for row in wb.worksheets[0].iter_rows(values_only=True) for c in row)
    # a second run creates nothing: the file is already there
    again = provision(workspace)
    assert not again.created and set(again.existing) == {"47", "34", "37", "ailin1", "ayana", "112"}


def test_the_new_kindergarten_syncs_like_the_others(workspace: Path) -> None:
    type_organisation(workspace, NEW, sheet="kindergartens/new/112.xlsx")
    result = provision(workspace)
    assert set(result.created) == {"112"}
    assert result.created["112"] == workspace / "kindergartens" / "new" / "112.xlsx"
    report = sync_once(workspace)
    org = next(o for o in report.orgs if o.org == "112")
    assert org.status == "ok" and org.rows["plan_status"] > 0
    assert not [f for f in report.findings if f.org == "112" and f.severity == "error"]


def test_a_sheet_that_is_not_a_local_file_is_left_alone(workspace: Path) -> None:
    type_organisation(workspace, NEW, sheet="1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")
    result = provision(workspace)
    assert result.not_local == {"112": "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"}
    assert not result.created


def test_another_backend_is_refused_clearly(workspace: Path) -> None:
    write_config(workspace, backend="google")
    assert main(["provision", str(workspace)]) == 1
