"""A value a kindergarten typed into its Google Sheet is data, never code, on the Google path too.

The kindergarten's person types the payloads into its sheet as text (through gspread, RAW: what
Google stores when someone types ``'=1+1``); after a sync the master (.xlsx) holds them as string
cells, and the feedback tab Baulu writes into the Google sheet holds them as ``stringValue`` — not
one cell of the sheet is a formula Baulu wrote. A comment longer than Excel's 32,767 characters
(Google holds 50,000) is a ``value.too_long`` finding, cut visibly in the master and whole in the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell

from schemas.celltext import EXCEL_CELL_LIMIT
from schemas.sheets import FEEDBACK, FINDINGS, POSTS, consolidated_spec
from sync.engine import run_sync
from sync.google_api import CREDENTIALS_ENV, RetryPolicy, authorised_session, make_client
from sync.google_backend import GoogleBackend, spreadsheet_id
from sync.google_provision import provision
from sync.google_state import GoogleState
from sync.store import Store
from tests.google.conftest import SERVICE_ACCOUNT, user_client
from tests.google.workspace import google_workspace, kindergarten_email, master_links
from tests.google_standin import ManualClock, RewriteAdapter, StandIn
from tests.test_injection import PAYLOADS
from workbook.reader import find_sheet
from workbook.sheetmap import map_sheet

LONG = "Жоба туралы толық есеп. " * 1800  # 43,200 characters


def _entered(value: str) -> str:
    """What reading the sheet gives back for a typed value: surrounding blanks dropped."""
    return value.strip()


@pytest.fixture(scope="module")
def round_done(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, StandIn, str]]:
    """One provisioned kindergarten sheet, the payloads typed in, one sync (module-wide: ~10 s)."""
    clock = ManualClock()
    standin = StandIn(clock).start()
    try:
        yield _round(standin, clock, tmp_path_factory.mktemp("google-inject"))
    finally:
        standin.stop()


def _round(standin: StandIn, clock: ManualClock, tmp_path: Path) -> tuple[Path, StandIn, str]:
    key = standin.add_service_account(SERVICE_ACCOUNT)
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "key.json").write_text(json.dumps(key), encoding="utf-8")
    ws = google_workspace(tmp_path / "ws", codes=("47",))

    def backend() -> GoogleBackend:
        env = {CREDENTIALS_ENV: str(tmp_path / "secrets" / "key.json")}
        session = authorised_session(env, RewriteAdapter(standin.base_url))
        policy = RetryPolicy(sleep=clock.sleep, clock=clock.now)
        return GoogleBackend(make_client(session, policy), GoogleState.load(ws.state / "google.json"))

    provision(ws, backend(), editor=SERVICE_ACCOUNT)
    sid = spreadsheet_id(master_links(ws)["47"])
    assert sid is not None
    posts = user_client(standin, kindergarten_email("47")).open_by_key(sid).worksheet(POSTS.kk)
    rows = [[f"{n + 2:02d}.03.2026", payload, f"https://instagram.com/p/{n}", None, payload]
            for n, payload in enumerate(PAYLOADS)]
    rows.append(["01.04.2026", "Instagram", "https://instagram.com/p/long", None, LONG])
    posts.update(rows, "A2", raw=True)
    clock.advance(60)
    with Store.for_workspace(ws.root) as store:
        report = run_sync(ws, store, backend=backend())
    assert {o.org: o.status for o in report.orgs} == {"47": "ok"}
    (too_long,) = [f for f in report.findings if f.rule == "value.too_long"]
    assert (too_long.sheet, too_long.cell) == (POSTS.kk, f"E{len(PAYLOADS) + 2}")
    assert str(len(LONG)) in too_long.message_kk and str(EXCEL_CELL_LIMIT) in too_long.message_ru
    choice = {f.value for f in report.findings if f.rule == "value.choice"}
    assert set(PAYLOADS) <= choice  # a finding quotes the value as typed
    return ws.root, standin, sid


def test_typed_payloads_reach_the_master_as_text(round_done: tuple[Path, StandIn, str]) -> None:
    root, _, _ = round_done
    wb = openpyxl.load_workbook(root / "master.xlsx")
    spec = consolidated_spec(POSTS)
    sheet = find_sheet(wb, spec)
    assert sheet is not None
    columns = map_sheet(sheet, spec).columns
    comments = [sheet.cell(row=r, column=columns["comment"]) for r in range(2, sheet.max_row + 1)
                if sheet.cell(row=r, column=columns["org"]).value == "47"]
    by_text = {str(c.value): c for c in comments}
    cut = next(text for text in by_text if text.startswith(LONG[:100]))
    assert len(cut) == EXCEL_CELL_LIMIT and cut.endswith("…")
    assert set(by_text) - {cut} == {_entered(p) for p in PAYLOADS}
    assert all(c.data_type == "s" for c in comments)
    findings = find_sheet(wb, FINDINGS)
    assert findings is not None
    typed = {p.replace("\r", "\n") for p in PAYLOADS}  # XML reads a lone CR as a line end
    values = [c for c in next(findings.iter_cols(min_col=6, max_col=6))[1:] if c.value in typed]
    assert {c.value for c in values} == typed
    assert all(isinstance(c, Cell) and c.data_type == "s" for c in values)


def test_the_feedback_tab_in_google_holds_them_as_strings(round_done: tuple[Path, StandIn, str]) -> None:
    _, standin, sid = round_done
    book = standin.drive.books[sid]
    feedback = book.by_title(FEEDBACK.kk)
    assert feedback is not None
    value_column = [c.key for c in FEEDBACK.columns].index("value")
    shown = {cell["userEnteredValue"].get("stringValue") for (r, c), cell in feedback.cells.items()
             if r > 0 and c == value_column and "userEnteredValue" in cell}
    assert set(PAYLOADS) <= shown
    entered = [(sheet.props["title"], at, cell["userEnteredValue"]) for sheet in book.sheets
               for at, cell in sheet.cells.items() if "userEnteredValue" in cell]
    assert not [e for e in entered if "formulaValue" in e[2]]  # nothing in the sheet is a formula
    typed = [e for e in entered if e[0] == POSTS.kk and e[1][1] == 4 and e[1][0] > 0]
    assert len(typed) == len(PAYLOADS) + 1 and all(set(e[2]) == {"stringValue"} for e in typed)


def test_the_store_keeps_the_long_comment_whole(round_done: tuple[Path, StandIn, str]) -> None:
    root, _, _ = round_done
    with Store.for_workspace(root) as store:
        latest = store.latest("47")
    assert latest is not None
    assert LONG in [c for row in latest.tabs[POSTS.kk] for c in row]
