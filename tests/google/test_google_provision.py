"""`baulu provision` and `baulu audit` against the stand-in, gspread over HTTP."""

from __future__ import annotations

from pathlib import Path

import gspread
import pytest

from schemas import sheets
from sync.google_backend import GoogleBackend, spreadsheet_id
from sync.google_provision import audit, provision
from tests.google.conftest import SERVICE_ACCOUNT, user_client
from tests.google.workspace import google_workspace, kindergarten_email, master_links, set_emails
from tests.google_standin import StandIn

CODES = ("47", "34", "37", "ailin1", "ayana")


def test_provision_makes_one_sheet_per_kindergarten_shared_with_its_own_emails_only(
        standin: StandIn, backend: GoogleBackend, tmp_path: Path) -> None:
    ws = google_workspace(tmp_path)
    report = provision(ws, backend, editor=SERVICE_ACCOUNT)
    assert report.created == list(CODES) and not report.failed and report.master_written
    assert standin.counts == {"drive.files.list": 1, "drive.files.create": 5, "sheets.spreadsheets.batchUpdate": 5,
                              "sheets.values.batchUpdate": 5, "drive.permissions.list": 5,
                              "drive.permissions.create": 5}
    links = master_links(ws)
    assert set(links) == set(CODES)
    for code in CODES:
        sid = spreadsheet_id(links[code])
        assert sid is not None
        file = standin.drive.files[sid]
        assert {(p.email, p.role) for p in file.permissions} == {
            (SERVICE_ACCOUNT, "owner"), (kindergarten_email(code), "writer")}

    # the kindergarten's own person sees the tabs, frozen headers, strict dropdowns, protection
    sid = spreadsheet_id(links["47"])
    assert sid is not None
    mine = user_client(standin, kindergarten_email("47")).open_by_key(sid)
    titles = [w.title for w in mine.worksheets()]
    assert titles[0] == sheets.INSTRUCTIONS.kk
    assert [s.kk for s in sheets.KINDERGARTEN_SHEETS] + [sheets.FEEDBACK.kk] == titles[1:7]
    plan_tab = mine.worksheet(sheets.PLAN_STATUS.kk)
    assert plan_tab.frozen_row_count == 1
    assert plan_tab.row_values(1) == [c.kk for c in sheets.PLAN_STATUS.columns]
    assert plan_tab.acell("A2").value  # the order's plan items come pre-filled
    book = mine.fetch_sheet_metadata({"includeGridData": "true", "ranges": [f"'{sheets.PLAN_STATUS.kk}'!D2"]})
    rule = book["sheets"][0]["data"][0]["rowData"][0]["values"][0]["dataValidation"]
    assert rule["strict"] is True and rule["condition"]["type"] == "ONE_OF_LIST"
    with pytest.raises(gspread.exceptions.APIError, match="protected"):
        plan_tab.update([["өзгертілген"]], "A1")          # the header row
    with pytest.raises(gspread.exceptions.APIError, match="protected"):
        mine.worksheet(sheets.FEEDBACK.kk).update([["x"]], "A5")
    plan_tab.update([["орындалды"]], "D2")                 # their own column: allowed

    # another kindergarten's person is refused
    other = user_client(standin, kindergarten_email("34"))
    with pytest.raises(PermissionError) as err:  # gspread's word for Google's 403
        other.open_by_key(sid)
    cause = err.value.__cause__
    assert isinstance(cause, gspread.exceptions.APIError) and cause.response.status_code == 403


def test_provision_again_changes_nothing_and_follows_the_masters_emails(
        standin: StandIn, backend: GoogleBackend, tmp_path: Path) -> None:
    ws = google_workspace(tmp_path, codes=("47", "34"))
    provision(ws, backend, editor=SERVICE_ACCOUNT)
    before = master_links(ws)
    master_bytes = ws.master.read_bytes()
    standin.reset_counts()
    backend.new_round()
    again = provision(ws, backend, editor=SERVICE_ACCOUNT)
    assert (again.created, again.granted, again.revoked, again.master_written) == ([], [], [], False)
    assert standin.counts == {"drive.files.list": 1, "drive.permissions.list": 2}
    assert master_links(ws) == before and ws.master.read_bytes() == master_bytes
    assert len(standin.drive.files) == 2

    set_emails(ws, {"47": "new-lead@kindergarten.example.kz, deputy@kindergarten.example.kz", "34": ""})
    backend.new_round()
    changed = provision(ws, backend, editor=SERVICE_ACCOUNT)
    assert sorted(changed.granted) == [("47", "deputy@kindergarten.example.kz"),
                                       ("47", "new-lead@kindergarten.example.kz")]
    assert sorted(changed.revoked) == [("34", kindergarten_email("34")), ("47", kindergarten_email("47"))]
    sid = spreadsheet_id(before["47"])
    assert sid is not None
    assert {p.email for p in standin.drive.files[sid].permissions} == {
        SERVICE_ACCOUNT, "new-lead@kindergarten.example.kz", "deputy@kindergarten.example.kz"}


def test_audit_flags_every_permission_the_master_does_not_account_for(
        standin: StandIn, backend: GoogleBackend, tmp_path: Path) -> None:
    ws = google_workspace(tmp_path, codes=("47", "34"))
    provision(ws, backend, editor=SERVICE_ACCOUNT)
    assert all(row.accounted for row in audit(ws, backend, editor=SERVICE_ACCOUNT))
    sid = spreadsheet_id(master_links(ws)["34"])
    assert sid is not None
    # someone with the sheet open shares it onwards, and publishes a link
    user_client(standin, kindergarten_email("34")).open_by_key(sid).share(
        "friend@gmail.com", perm_type="user", role="writer", notify=False)
    backend.client.http_client.insert_permission(sid, None, perm_type="anyone", role="reader")
    flagged = [(r.org, r.who, r.role) for r in audit(ws, backend, editor=SERVICE_ACCOUNT) if not r.accounted]
    assert sorted(flagged) == [("34", "anyone", "reader"), ("34", "friend@gmail.com", "writer")]
