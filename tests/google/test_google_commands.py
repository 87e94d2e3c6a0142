"""`baulu provision` and `baulu audit` as a coordinator runs them: the service account's key found
through BAULU_GOOGLE_CREDENTIALS (a file outside the workspace), its token obtained from the
stand-in's OAuth endpoint with the key's signature checked, scope drive.file only."""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from macros.google_cmd import google_backend_for, run_audit, run_provision
from sync.google_api import CREDENTIALS_ENV, SCOPES
from sync.google_backend import spreadsheet_id
from tests.google.workspace import google_workspace, master_links
from tests.google_standin import RewriteAdapter, StandIn

ACCOUNT = "baulu-sync@baulu-pilot.iam.gserviceaccount.com"


def test_provision_then_audit_from_the_command_actions(standin: StandIn, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "secrets" / "baulu-key.json"
    key.parent.mkdir()
    key.write_text(json.dumps(standin.add_service_account(ACCOUNT)), encoding="utf-8")
    monkeypatch.setenv(CREDENTIALS_ENV, str(key))
    ws = google_workspace(tmp_path / "ws", codes=("47", "34"), lang="ru")
    backend_for = functools.partial(google_backend_for, adapter=RewriteAdapter(standin.base_url))
    out = io.StringIO()
    console = Console(file=out, width=200)

    assert run_provision(ws.root, console, lang=None, backend_for=backend_for) == 0
    assert "Создано: 47, 34" in out.getvalue() and "Ссылки записаны в сводную книгу" in out.getvalue()
    assert list(standin.scopes.values()) == [list(SCOPES)]
    assert all(spreadsheet_id(link) for link in master_links(ws).values())

    out.truncate(0)
    assert run_provision(ws.root, console, lang="kk", backend_for=backend_for) == 0
    assert "Өзгеріс жоқ" in out.getvalue()

    assert run_audit(ws.root, console, lang="ru", backend_for=backend_for) == 0
    assert "Все доступы соответствуют сводной книге." in out.getvalue()
    sid = spreadsheet_id(master_links(ws)["47"])
    assert sid is not None
    standin.drive.share(ACCOUNT, sid, {"type": "user", "role": "writer", "emailAddress": "stranger@mail.kz"})
    out.truncate(0)
    assert run_audit(ws.root, console, lang="kk", backend_for=backend_for) == 1
    assert "stranger@mail.kz" in out.getvalue() and "1 қолжетім жиынтық кітапта көрсетілмеген." in out.getvalue()


def test_a_dry_runs_backend_writes_nothing_to_disk(standin: StandIn, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "key.json"
    key.write_text(json.dumps(standin.add_service_account(ACCOUNT)), encoding="utf-8")
    monkeypatch.setenv(CREDENTIALS_ENV, str(key))
    ws = google_workspace(tmp_path / "ws", codes=("47",))
    adapter = RewriteAdapter(standin.base_url)
    assert run_provision(ws.root, Console(file=io.StringIO()), lang=None,
                         backend_for=functools.partial(google_backend_for, adapter=adapter)) == 0
    state = ws.state / "google.json"
    before = state.read_bytes()
    backend, _ = google_backend_for(ws, adapter=adapter, persist=False)
    assert backend.pull("47", master_links(ws)["47"]).tabs
    assert state.read_bytes() == before
