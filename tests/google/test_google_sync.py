"""Whole sync rounds over the Google backend, gspread talking HTTP to the stand-in: provision →
each kindergarten's person fills its sheet through gspread → sync → the master has every row, and
each kindergarten sees its own feedback only; request counts per round exactly."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import gspread
import openpyxl
import pytest
from rich.console import Console

from macros.render_sync import print_report
from macros.sync_cmd import setup_logging
from schemas.sheets import FEEDBACK, MONITORING, PLAN, PLAN_STATUS, POSTS, consolidated_spec
from sync.engine import SyncReport, run_sync
from sync.google_api import CREDENTIALS_ENV, RetryPolicy, authorised_session, make_client
from sync.google_backend import GoogleBackend, spreadsheet_id
from sync.google_provision import provision
from sync.google_state import GoogleState
from sync.store import Store
from sync.workspace import Workspace
from tests.google.conftest import SERVICE_ACCOUNT, user_client
from tests.google.workspace import google_workspace, kindergarten_email, master_links
from tests.google_standin import ManualClock, RewriteAdapter, StandIn
from workbook.reader import find_sheet
from workbook.sheetmap import map_sheet

CODES = ("47", "34", "37")
BAD_LEVEL = 7  # levels are 1–3: a finding, its cell marked


@dataclass
class World:
    standin: StandIn
    clock: ManualClock
    ws: Workspace
    store: Store
    key: dict[str, str]
    links: dict[str, str]

    def backend(self) -> GoogleBackend:
        """A round's backend, as the service builds it: the service account's key, its own token."""
        env = {CREDENTIALS_ENV: str(self.ws.root.parent / "secrets" / "key.json")}
        policy = RetryPolicy(sleep=self.clock.sleep, clock=self.clock.now)
        session = authorised_session(env, RewriteAdapter(self.standin.base_url))
        return GoogleBackend(make_client(session, policy), GoogleState.load(self.ws.state / "google.json"))

    def sync(self) -> SyncReport:
        self.standin.reset_counts()
        return run_sync(self.ws, self.store, backend=self.backend())

    def person(self, code: str) -> gspread.Spreadsheet:
        sid = spreadsheet_id(self.links[code])
        assert sid is not None
        return user_client(self.standin, kindergarten_email(code)).open_by_key(sid)


@pytest.fixture
def world(standin: StandIn, clock: ManualClock, tmp_path: Path) -> Iterator[World]:
    key = standin.add_service_account(SERVICE_ACCOUNT)
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "key.json").write_text(json.dumps(key), encoding="utf-8")
    ws = google_workspace(tmp_path / "ws", codes=CODES)
    setup_logging(ws)
    w = World(standin, clock, ws, Store.for_workspace(ws.root), key, {})
    provision(ws, w.backend(), editor=SERVICE_ACCOUNT)
    w.links = master_links(ws)
    for n, code in enumerate(CODES):
        book = w.person(code)
        level = BAD_LEVEL if code == "34" else 2
        book.worksheet(MONITORING.kk).update(
            [[f"{code}-Э-0{k}", "эксперименттік", f"Топ {code}", None, None, "бастапқы", level, 1, 3, 2, 1]
             for k in range(1, 3 + n)], "A2")
        book.worksheet(POSTS.kk).update([["12.03.2026", "Instagram", f"https://instagram.com/p/{code}",
                                          None, None]], "A2")
    clock.advance(60)
    try:
        yield w
    finally:
        w.store.close()


def _master_rows(ws: Workspace, key: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(ws.master, read_only=True)
    sheet = find_sheet(wb, consolidated_spec(next(s for s in (MONITORING, POSTS, PLAN_STATUS) if s.key == key)))
    assert sheet is not None
    return [r for r in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]


def test_provision_fill_sync_master_has_every_row_and_feedback_is_each_ones_own(world: World) -> None:
    report = world.sync()
    assert [o.status for o in report.orgs] == ["ok"] * 3
    monitoring = _master_rows(world.ws, "monitoring")
    assert sorted(str(r[0]) for r in monitoring) == ["34"] * 3 + ["37"] * 4 + ["47"] * 2
    assert len(_master_rows(world.ws, "posts")) == 3

    # 34's mistake: a finding on its feedback tab, its cell marked; nobody else sees it
    mine = world.person("34")
    feedback = mine.worksheet(FEEDBACK.kk).get_all_values()
    assert feedback[0] == [c.kk for c in FEEDBACK.columns]
    bad = [row for row in feedback[1:] if row[0] == "34" and row[4] == "G2"]
    assert bad and bad[0][5] == str(BAD_LEVEL)
    look = mine.fetch_sheet_metadata({"includeGridData": "true", "ranges": [f"'{MONITORING.kk}'!G2"]})
    cell = look["sheets"][0]["data"][0]["rowData"][0]["values"][0]
    assert "note" in cell and cell["userEnteredFormat"]["backgroundColor"]["red"] == 1.0
    for code in ("47", "37"):
        theirs = world.person(code).worksheet(FEEDBACK.kk).get_all_values()
        assert all(row[0] == code for row in theirs[1:])
    with pytest.raises(PermissionError):
        user_client(world.standin, kindergarten_email("47")).open_by_key(str(spreadsheet_id(world.links["34"])))


def test_request_counts_per_round_are_the_minimum(world: World) -> None:
    world.sync()
    first = dict(world.standin.counts)
    assert first == {
        "oauth2.token": 1, "drive.files.list": 1, "sheets.values.batchGet": 3,
        "drive.files.get": 6, "sheets.spreadsheets.batchUpdate": 3, "sheets.spreadsheets.get": 1,
    }
    world.sync()
    assert world.standin.counts == {"oauth2.token": 1, "drive.files.list": 1}

    world.clock.advance(60)
    world.person("47").worksheet(POSTS.kk).update([["13.03.2026", "Facebook", "https://fb.com/47/2"]], "A3")
    report = world.sync()
    assert [o.new_version for o in report.orgs] == [True, False, False]
    assert world.standin.counts == {"oauth2.token": 1, "drive.files.list": 1, "sheets.values.batchGet": 1}
    assert len(_master_rows(world.ws, "posts")) == 4


def test_a_sheet_deleted_during_a_round_is_that_kindergartens_finding_only(world: World) -> None:
    world.sync()
    gone = spreadsheet_id(world.links["37"])
    assert gone is not None
    world.clock.advance(60)
    for code in CODES:  # everyone changed something, so every sheet is read this round
        world.person(code).worksheet(POSTS.kk).update([["14.03.2026", "Instagram", f"https://ig.com/{code}/3"]], "A4")

    def delete_37_when_its_turn_comes(org: str, stage: str) -> None:
        if org == "37" and stage == "pull":
            world.standin.drive.delete(SERVICE_ACCOUNT, gone)

    report = run_sync(world.ws, world.store, backend=world.backend(), progress=delete_37_when_its_turn_comes)
    status = {o.org: o.status for o in report.orgs}
    assert status == {"47": "ok", "34": "ok", "37": "stale"}
    lost = [f for f in report.findings if f.org == "37" and f.rule == "file.unreadable"]
    assert lost and "(404)" in lost[0].message_kk and "(404)" in lost[0].message_ru
    assert len(_master_rows(world.ws, "posts")) == 5  # 37's last rows stay, marked stale


def test_no_key_or_token_ends_up_in_any_workbook_log_message_or_store(world: World) -> None:
    out = io.StringIO()
    report = world.sync()
    print_report(Console(file=out, width=200), report, "kk")
    world.sync()
    secrets = [world.key["private_key_id"], *world.key["private_key"].splitlines()[1:-1],
               *(u.token for u in world.standin.users.values())]
    assert len(secrets) > 10
    texts = [out.getvalue(), json.dumps(report.to_dict(), default=str)]
    for path in world.ws.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            texts.append(data.decode("utf-8", "replace"))
            if path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as z:
                    texts += [z.read(name).decode("utf-8", "replace") for name in z.namelist()]
    for book in world.standin.drive.books.values():  # nor in the Google sheets themselves
        texts.append(json.dumps(book.resource(True, []), ensure_ascii=False))
    leaked = [s for s in secrets if any(s in text for text in texts)]
    assert not leaked
    assert (world.ws.logs / "baulu.log").exists() and (world.ws.state / "google.json").exists()


def _set_plan_text(ws: Workspace, item: str, text: str) -> None:
    wb = openpyxl.load_workbook(ws.master)
    sheet = find_sheet(wb, PLAN)
    assert sheet is not None
    mapped = map_sheet(sheet, PLAN)
    for row in range(mapped.header_row + 1, sheet.max_row + 1):
        if str(sheet.cell(row=row, column=mapped.columns["item_id"]).value) == item:
            cell = sheet.cell(row=row, column=mapped.columns["text"])
            cell.value = text
            cell.data_type = "s"  # typed text, even when it begins with "="
    wb.save(ws.master)


def test_a_changed_plan_item_goes_out_as_text_in_one_raw_write_keeping_what_people_typed(world: World) -> None:
    world.sync()
    first_item = world.person("47").worksheet(PLAN_STATUS.kk).get_values("A2:D2")[0]
    for code in CODES:
        world.person(code).worksheet(PLAN_STATUS.kk).update([["орындалуда"]], "D2")
    world.clock.advance(60)
    world.sync()
    sneaky = '=IMPORTXML("http://example.com","//a")'
    _set_plan_text(world.ws, first_item[0], sneaky)
    world.sync()
    assert world.standin.counts == {
        "oauth2.token": 1, "drive.files.list": 1, "drive.files.get": 6,
        "sheets.spreadsheets.batchUpdate": 3, "sheets.values.batchUpdate": 3}
    for code in CODES:
        row = world.person(code).worksheet(PLAN_STATUS.kk).get_values("A2:D2", value_render_option="FORMULA")[0]
        assert row == [first_item[0], sneaky, first_item[2], "орындалуда"]
    sid = spreadsheet_id(world.links["47"])
    assert sid is not None
    sheet = world.standin.drive.books[sid].by_title(PLAN_STATUS.kk)
    assert sheet is not None and sheet.cells[(1, 1)]["userEnteredValue"] == {"stringValue": sneaky}


def test_an_edit_made_while_baulu_writes_is_kept_and_read_next_round(world: World) -> None:
    world.sync()
    world.clock.advance(60)
    world.person("34").worksheet(MONITORING.kk).update([[2]], "G2")   # fixes the mistake
    backend = world.backend()
    tab = world.person("34").worksheet(POSTS.kk)

    def meanwhile(org: str, stage: str) -> None:
        if org == "34" and stage == "feedback":  # Baulu has read 34's sheet and is about to write
            tab.update([["15.03.2026", "Instagram", "https://ig.com/34/late"]], "A3")

    world.standin.reset_counts()
    run_sync(world.ws, world.store, backend=backend, progress=meanwhile)
    assert tab.get_values("A3:C3") == [["15.03.2026", "Instagram", "https://ig.com/34/late"]]
    report = world.sync()
    assert world.standin.counts["sheets.values.batchGet"] == 1   # 34's sheet is read again
    assert {o.org: o.new_version for o in report.orgs}["34"] is True
    assert any(r[0] == "34" and "late" in str(r) for r in _master_rows(world.ws, "posts"))
