"""The Google backend gives the same round as the local one: the demo's filled workspace, its
kindergartens' tabs typed into Google Sheets (provisioned by Baulu, through the stand-in), synced
over Google and over the .xlsx files: the same findings, the same consolidated master, and each
kindergarten's feedback tab the same as its .xlsx feedback tab."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from macros.backends import backend_for
from schemas.seed import ORGANISATIONS
from schemas.sheets import FEEDBACK, FINDINGS, KINDERGARTEN_SHEETS, consolidated_spec
from sync.engine import SyncReport, run_sync
from sync.google_backend import spreadsheet_id
from sync.google_provision import provision
from sync.local import LocalBackend
from sync.store import Store
from sync.workspace import load_workspace, write_config
from tests.conftest import Filled
from tests.google.conftest import SERVICE_ACCOUNT, google_backend
from tests.google.workspace import kindergarten_email, master_links, set_emails
from tests.google_standin import ManualClock, StandIn
from workbook.reader import find_sheet

ORGS = [o.code for o in ORGANISATIONS]


def _typed(value: object) -> object:
    """A cell as a person types it into Google Sheets (RAW): dates as they read, blanks blank."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else value


def _filled(rows: list[list[object]]) -> list[list[object]]:
    """The rows down to the last one with a value (the .xlsx carries formatted empty rows)."""
    last = max((i for i, r in enumerate(rows) if any(v is not None for v in r)), default=-1)
    return rows[:last + 1]


def _round(root: Path, backend: object) -> SyncReport:
    ws = load_workspace(root)
    with Store.for_workspace(ws.root) as store:
        return run_sync(ws, store, backend)  # type: ignore[arg-type]


def _values(path: Path, title: str, skip: tuple[str, ...]) -> list[list[object]]:
    ws = openpyxl.load_workbook(path, read_only=True)[title]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    drop = {i for i, h in enumerate(rows[0]) if h in skip}
    return [[v for i, v in enumerate(r) if i not in drop] for r in rows if any(v is not None for v in r)]


def test_a_google_round_is_the_same_round_as_a_local_one(filled_workspace: Filled, tmp_path: Path) -> None:
    local_root = Path(shutil.copytree(filled_workspace.root, tmp_path / "local"))
    google_root = Path(shutil.copytree(local_root, tmp_path / "google"))
    write_config(google_root, backend="google")
    clock = ManualClock()
    standin = StandIn(clock).start()
    try:
        ws = load_workspace(google_root)
        set_emails(ws, {code: kindergarten_email(code) for code in ORGS})
        backend = google_backend(standin, clock, ws.state / "google.json")
        provision(ws, backend, editor=SERVICE_ACCOUNT)
        files = LocalBackend(load_workspace(local_root))
        http = backend.client.http_client
        for code, link in master_links(ws).items():
            sid = spreadsheet_id(link)
            assert sid is not None
            tabs = files.pull(code, f"kindergartens/{code}.xlsx").tabs
            data = [{"range": f"'{title}'!A1", "values": [[_typed(v) for v in row] for row in _filled(rows)]}
                    for title, rows in tabs.items() if any(s.titles(title) for s in KINDERGARTEN_SHEETS)]
            http.values_batch_update(sid, {"valueInputOption": "RAW", "data": data})
        shutil.rmtree(google_root / "kindergartens")
        clock.advance(60)
        google = _round(google_root, google_backend(standin, clock, ws.state / "google.json"))
        local = _round(local_root, backend_for(load_workspace(local_root)))

        assert [f.to_dict() for f in google.findings] == [f.to_dict() for f in local.findings]
        assert len(local.findings) >= 7
        assert [(o.org, o.status, o.rows) for o in google.orgs] == [(o.org, o.status, o.rows) for o in local.orgs]
        skip = ("Нұсқа", "Дереккөз")  # when each round pulled; where from (a file, a Google link)
        for spec in (*(consolidated_spec(s) for s in KINDERGARTEN_SHEETS), FINDINGS):
            title = spec.title("kk")
            assert _values(google_root / "master.xlsx", title, skip) == \
                _values(local_root / "master.xlsx", title, skip), title
        for code, link in master_links(ws).items():
            sid = spreadsheet_id(link)
            assert sid is not None
            theirs = standin.drive.books[sid].values_get(f"'{FEEDBACK.kk}'", render="UNFORMATTED_VALUE")
            book = openpyxl.load_workbook(local_root / f"kindergartens/{code}.xlsx", read_only=True)
            sheet = find_sheet(book, FEEDBACK)
            assert sheet is not None
            mine = [[v for v in r] for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
            padded = [r + [""] * (len(FEEDBACK.columns) - len(r)) for r in theirs.get("values", [])]
            assert padded == [["" if v is None else v for v in r] for r in mine], code
    finally:
        standin.stop()


pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
