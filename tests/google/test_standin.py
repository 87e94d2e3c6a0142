"""The stand-in's own behaviour, driven through the real gspread: users and permissions, quotas on a
test clock, fault injection, request counts, Drive listing."""

from __future__ import annotations

import time

import gspread
import pytest
import requests

from tests.google_standin import Fault, ManualClock, Quotas, StandIn, standin_client, standin_session

OWNER = "baulu-sync@baulu-pilot.iam.gserviceaccount.com"


def _client(standin: StandIn, email: str) -> gspread.Client:
    return standin_client(standin.base_url, standin.add_user(email))


def test_a_user_without_permission_gets_googles_403_and_a_shared_user_gets_in(standin: StandIn) -> None:
    owner = _client(standin, OWNER)
    book = owner.create("МДҰ №1")
    book.sheet1.update([["код", "аты"]], "A1")
    stranger = _client(standin, "stranger@example.kz")
    with pytest.raises(gspread.exceptions.APIError) as err:
        stranger.http_client.values_get(book.id, "Sheet1")
    assert err.value.response.status_code == 403
    assert err.value.response.json() == {"error": {
        "code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}}

    book.share("stranger@example.kz", perm_type="user", role="writer", notify=False)
    assert stranger.open_by_key(book.id).sheet1.get_values("A1:B1") == [["код", "аты"]]
    assert {p["emailAddress"]: p["role"] for p in book.list_permissions()} == {
        OWNER: "owner", "stranger@example.kz": "writer"}


def test_a_deleted_sheet_is_404_for_sheets_and_drive(standin: StandIn) -> None:
    owner = _client(standin, OWNER)
    book = owner.create("gone")
    owner.del_spreadsheet(book.id)
    with pytest.raises(gspread.exceptions.APIError) as err:
        owner.http_client.values_get(book.id, "Sheet1")
    assert err.value.response.status_code == 404
    with pytest.raises(gspread.exceptions.APIError) as drive_err:
        owner.http_client.get_file_drive_metadata(book.id)
    assert drive_err.value.response.json()["error"]["errors"][0]["reason"] == "notFound"


def test_writes_into_a_protected_range_are_refused_to_others(standin: StandIn) -> None:
    owner = _client(standin, OWNER)
    book = owner.create("protected")
    book.sheet1.update([["header"]], "A1")
    book.sheet1.add_protected_range("A1:Z1")
    book.share("kg@example.kz", perm_type="user", role="writer", notify=False)
    theirs = _client(standin, "kg@example.kz").open_by_key(book.id).sheet1
    with pytest.raises(gspread.exceptions.APIError, match="protected cell"):
        theirs.update([["mine"]], "A1")
    theirs.update([["row"]], "A2")
    assert book.sheet1.get_values("A1:A2") == [["header"], ["row"]]


def test_per_user_read_quota_gives_googles_429_until_the_minute_turns(standin: StandIn,
                                                                     clock: ManualClock) -> None:
    owner = _client(standin, OWNER)
    book = owner.create("quota")
    standin.quotas = Quotas(read_per_user=3)
    for _ in range(3):
        owner.http_client.values_get(book.id, "Sheet1")
    with pytest.raises(gspread.exceptions.APIError) as err:
        owner.http_client.values_get(book.id, "Sheet1")
    body = err.value.response.json()["error"]
    assert err.value.response.status_code == 429
    assert body["status"] == "RESOURCE_EXHAUSTED"
    assert body["message"].startswith("Quota exceeded for quota metric 'Read requests' and limit "
                                      "'Read requests per minute per user' of service 'sheets.googleapis.com'")
    assert "Retry-After" not in err.value.response.headers
    owner.http_client.values_update(book.id, "Sheet1!A1", params={"valueInputOption": "RAW"},
                                    body={"values": [["writes have their own bucket"]]})
    clock.advance(60)
    assert owner.http_client.values_get(book.id, "Sheet1!A1")["values"] == [["writes have their own bucket"]]


def test_per_project_quota_is_shared_between_users_and_can_say_retry_after(standin: StandIn) -> None:
    a, b = _client(standin, "a@example.kz"), _client(standin, "b@example.kz")
    book_a, book_b = a.create("a"), b.create("b")
    standin.quotas = Quotas(read_per_project=2, retry_after=True)
    a.http_client.values_get(book_a.id, "Sheet1")
    b.http_client.values_get(book_b.id, "Sheet1")
    with pytest.raises(gspread.exceptions.APIError) as err:
        a.http_client.values_get(book_a.id, "Sheet1")
    assert "'Read requests per minute'" in err.value.response.json()["error"]["message"]
    assert 1 <= int(err.value.response.headers["Retry-After"]) <= 60


def test_faults_on_the_nth_call_and_at_a_rate_and_counts_by_endpoint(standin: StandIn) -> None:
    token = standin.add_user(OWNER)
    session = standin_session(standin.base_url, token)
    book = standin_client(standin.base_url, token).create("faults")
    url = f"https://sheets.googleapis.com/v4/spreadsheets/{book.id}/values/Sheet1"
    standin.reset_counts()
    standin.faults = [Fault("status", nth=2, status=503), Fault("drop", nth=4)]
    assert session.get(url).status_code == 200
    second = session.get(url)
    assert second.status_code == 503
    assert second.json()["error"]["status"] == "UNAVAILABLE"
    assert session.get(url).status_code == 200
    with pytest.raises(requests.ConnectionError):
        session.get(url)
    assert session.get(url).status_code == 200
    assert standin.counts == {"sheets.values.get": 5}
    assert [entry.status for entry in standin.log] == [200, 503, 200, 0, 200]

    standin.faults = [Fault("status", rate=0.5, status=500, endpoint="sheets.values.get")]
    statuses = [session.get(url).status_code for _ in range(40)]
    assert 8 <= statuses.count(500) <= 32 and statuses.count(200) + statuses.count(500) == 40

    standin.faults = [Fault("latency", rate=1.0, seconds=0.05)]
    started = time.perf_counter()
    assert session.get(url).status_code == 200
    assert time.perf_counter() - started >= 0.05


def test_drive_lists_pages_and_modified_time_moves_with_writes(standin: StandIn, clock: ManualClock) -> None:
    owner = _client(standin, OWNER)
    books = [owner.create(f"МДҰ {n}") for n in range(5)]
    session = owner.http_client
    seen, token = [], ""
    while True:
        params: dict[str, str | int | bool | float | list[str] | None] = {"q": "mimeType='application/vnd.google-apps.spreadsheet'", "pageSize": 2,
                  "fields": "nextPageToken,files(id,modifiedTime)"}
        if token:
            params["pageToken"] = token
        page = session.request("get", "https://www.googleapis.com/drive/v3/files", params=params).json()
        seen.extend(page["files"])
        token = page.get("nextPageToken", "")
        if not token:
            break
    assert [f["id"] for f in seen] == [b.id for b in books]
    before = {f["id"]: f["modifiedTime"] for f in seen}
    clock.advance(30)
    books[2].sheet1.update([["changed"]], "A1")
    after = {f["id"]: f["modifiedTime"] for f in owner.list_spreadsheet_files()}
    assert [i for i in after if after[i] != before[i]] == [books[2].id]
    newer = session.request("get", "https://www.googleapis.com/drive/v3/files", params={
        "q": f"modifiedTime > '{max(before.values())}'", "fields": "files(id)"}).json()
    assert newer == {"files": [{"id": books[2].id}]}
