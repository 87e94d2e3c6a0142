"""Pulling kindergarten sheets: one Drive list per round, one values:batchGet per changed sheet,
bounded retries through faults and quotas, and 403/404 as a clear error for that sheet only."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.errors import BauluError
from schemas.sheets import MONITORING
from sync.google_api import RetryPolicy
from sync.google_backend import GoogleBackend, spreadsheet_id
from sync.google_provision import provision
from tests.google.conftest import SERVICE_ACCOUNT, google_backend, user_client
from tests.google.workspace import google_workspace, kindergarten_email, master_links
from tests.google_standin import Fault, ManualClock, Quotas, StandIn


def _provisioned(standin: StandIn, backend: GoogleBackend, root: Path,
                 codes: tuple[str, ...] = ("47", "34")) -> dict[str, str]:
    ws = google_workspace(root, codes=codes)
    provision(ws, backend, editor=SERVICE_ACCOUNT)
    standin.reset_counts()
    backend.new_round()
    return master_links(ws)


def test_changed_sheets_cost_one_batch_get_unchanged_ones_none(standin: StandIn, backend: GoogleBackend,
                                                             clock: ManualClock, tmp_path: Path) -> None:
    links = _provisioned(standin, backend, tmp_path)
    first = {code: backend.pull(code, link) for code, link in links.items()}
    assert standin.counts == {"drive.files.list": 1, "sheets.values.batchGet": 2}

    standin.reset_counts()
    backend.new_round()
    again = {code: backend.pull(code, link) for code, link in links.items()}
    assert standin.counts == {"drive.files.list": 1}
    assert {c: p.revision for c, p in again.items()} == {c: p.revision for c, p in first.items()}

    clock.advance(60)
    sid = spreadsheet_id(links["47"])
    assert sid is not None
    tab = user_client(standin, kindergarten_email("47")).open_by_key(sid).worksheet(MONITORING.kk)
    tab.update([["47-Э-07", "эксперименттік", "Күншуақ", None, None, "бастапқы", 2, 1, 3, 2, 1]], "A2")
    standin.reset_counts()
    backend.new_round()
    third = {code: backend.pull(code, link) for code, link in links.items()}
    assert standin.counts == {"drive.files.list": 1, "sheets.values.batchGet": 1}
    assert third["47"].revision != first["47"].revision and third["34"].revision == first["34"].revision
    assert third["47"].tabs[MONITORING.kk][1][:3] == ["47-Э-07", "эксперименттік", "Күншуақ"]


def test_a_deleted_or_unshared_sheet_is_a_clear_error_for_that_sheet_only(
        standin: StandIn, backend: GoogleBackend, tmp_path: Path) -> None:
    links = _provisioned(standin, backend, tmp_path, ("47", "34", "37"))
    gone, locked = spreadsheet_id(links["47"]), spreadsheet_id(links["34"])
    assert gone is not None and locked is not None
    standin.drive.delete(SERVICE_ACCOUNT, gone)
    owner_perm = standin.drive.files[locked].permissions[0]
    standin.drive.files[locked].owner = "someone@else.kz"   # the sheet now belongs to someone else
    owner_perm.email = "someone@else.kz"
    with pytest.raises(BauluError, match=r"\(404\).*/.*\(404\)"):
        backend.pull("47", links["47"])
    with pytest.raises(BauluError, match=r"қолжетім жоқ \(403\).*Нет доступа к таблице Google \(403\)"):
        backend.pull("34", links["34"])
    assert backend.pull("37", links["37"]).tabs
    refused = [entry.status for entry in standin.log if entry.status in (403, 404)]
    assert refused == [404, 403]  # never retried


def test_faults_on_a_fifth_of_calls_give_the_same_result_as_none(tmp_path: Path) -> None:
    results = []
    for faults in ([], [Fault("status", rate=0.1, status=503), Fault("drop", rate=0.1)]):
        clock = ManualClock()
        standin = StandIn(clock, seed=99).start()
        try:
            backend = google_backend(standin, clock)
            standin.faults = faults
            links = _provisioned(standin, backend, tmp_path / str(len(faults)), ("47", "34", "37"))
            pulled = {code: backend.pull(code, link).tabs for code, link in links.items()}
            shared = sorted((f.name, p.email, p.role) for f in standin.drive.files.values() for p in f.permissions)
            results.append((sorted(links), pulled, shared, len(standin.drive.files),
                            backend.client.http_client.retries))
        finally:
            standin.stop()
    clean, faulty = results
    assert clean[:4] == faulty[:4]
    assert clean[4] == 0 and faulty[4] >= 3


def test_fifty_sheets_under_sixty_reads_a_minute_all_arrive(standin: StandIn, clock: ManualClock) -> None:
    owner = SERVICE_ACCOUNT
    ids = [standin.drive.create(owner, {"name": f"Baulu {n}"}, clock.now()).id for n in range(50)]
    standin.quotas = Quotas(read_per_user=60)
    backend = google_backend(standin, clock)
    pulled = [backend.pull(str(n), sid) for n, sid in enumerate(ids)]   # titles unknown: 2 reads each
    assert len(pulled) == 50 and all("Sheet1" in p.tabs for p in pulled)
    statuses = [entry.status for entry in standin.log]
    assert statuses.count(429) >= 1 and statuses.count(200) == 1 + 100
    assert clock.slept < 5 * 60


def test_retries_are_bounded_and_honour_retry_after(standin: StandIn, clock: ManualClock,
                                                   tmp_path: Path) -> None:
    links = _provisioned(standin, google_backend(standin, clock), tmp_path, ("47",))
    standin.faults = [Fault("status", rate=1.0, status=503, endpoint="sheets.values.batchGet")]
    backend = google_backend(standin, clock)
    backend.client.http_client.policy = RetryPolicy(attempts=4, sleep=clock.sleep, clock=clock.now)
    with pytest.raises(BauluError):
        backend.pull("47", links["47"])
    assert standin.counts["sheets.values.batchGet"] == 4

    standin.faults = []
    standin.quotas = Quotas(read_per_user=1, retry_after=True)
    fresh = google_backend(standin, clock)  # it knows no tab titles: two reads
    before = clock.slept
    fresh.client.http_client.policy = RetryPolicy(attempts=5, base=0.01, cap=0.02,
                                                  sleep=clock.sleep, clock=clock.now)
    assert fresh.pull("47", links["47"]).tabs  # the 2nd read waits as long as Retry-After says
    assert clock.slept - before >= 1.0
    assert [e.status for e in standin.log[-3:]] == [200, 429, 200]


def test_a_total_time_budget_stops_retrying(standin: StandIn, clock: ManualClock, tmp_path: Path) -> None:
    links = _provisioned(standin, google_backend(standin, clock), tmp_path, ("47",))
    standin.faults = [Fault("status", rate=1.0, status=500)]
    backend = google_backend(standin, clock)
    backend.client.http_client.policy = RetryPolicy(attempts=100, base=10, cap=10, budget=35,
                                                    sleep=clock.sleep, clock=clock.now)
    with pytest.raises(BauluError):
        backend.pull("47", links["47"])
    assert clock.slept <= 35
