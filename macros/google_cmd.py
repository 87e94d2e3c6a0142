"""`baulu provision DIR` and `baulu audit DIR`: the Google backend's set-up and its check.

The service account's key is found through ``BAULU_GOOGLE_CREDENTIALS`` (a path, never a file in
the workspace); only its e-mail address is ever shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from requests.adapters import HTTPAdapter
from rich.console import Console
from rich.table import Table as RichTable

from schemas.lang import Lang
from sync.google_api import RetryPolicy, authorised_session, make_client, service_account_email
from sync.google_backend import GoogleBackend
from sync.google_provision import AuditRow, ProvisionReport, audit, provision
from sync.google_state import GoogleState
from sync.workspace import Workspace, load_workspace

BackendFactory = Callable[[Workspace], tuple[GoogleBackend, str]]

_WORDS = {
    "kk": {"created": "Жасалды", "granted": "Қолжетім берілді", "revoked": "Қолжетім алынды",
           "links": "Сілтемелер жиынтық кітапқа жазылды", "same": "Өзгеріс жоқ: бәрі орнында.",
           "failed": "Орындалмады", "org": "Ұйым", "who": "Кім", "role": "Рөлі", "ok": "Дұрыс",
           "extra": "Жиынтық кітапта жоқ", "audit_ok": "Барлық қолжетім жиынтық кітапқа сәйкес.",
           "audit_bad": "{n} қолжетім жиынтық кітапта көрсетілмеген."},
    "ru": {"created": "Создано", "granted": "Доступ выдан", "revoked": "Доступ отозван",
           "links": "Ссылки записаны в сводную книгу", "same": "Изменений нет: всё на месте.",
           "failed": "Не выполнено", "org": "Организация", "who": "Кто", "role": "Роль", "ok": "Верно",
           "extra": "Нет в сводной книге", "audit_ok": "Все доступы соответствуют сводной книге.",
           "audit_bad": "Доступов, не указанных в сводной книге: {n}."},
}


def google_backend_for(ws: Workspace, *, adapter: HTTPAdapter | None = None,
                       policy: RetryPolicy | None = None, persist: bool = True) -> tuple[GoogleBackend, str]:
    """The workspace's Google backend as its service account, and that account's e-mail.
    ``adapter``: where requests go (tests: the stand-in); Google itself when None. ``persist``:
    False for a dry run, whose backend reads ``.baulu/google.json`` but never writes it."""
    client = make_client(authorised_session(adapter=adapter), policy)
    state = GoogleState.load(ws.state / "google.json")
    if not persist:
        state.path = None
    return GoogleBackend(client, state), service_account_email()


def run_provision(root: Path, console: Console, *, lang: Lang | None,
                  backend_for: BackendFactory = google_backend_for) -> int:
    ws = load_workspace(root)
    lang = lang or ws.lang
    backend, editor = backend_for(ws)
    report = provision(ws, backend, editor=editor, lang=lang)
    print_provision(console, report, lang)
    return 1 if report.failed else 0


def print_provision(console: Console, report: ProvisionReport, lang: Lang) -> None:
    w = _WORDS["ru" if lang == "ru" else "kk"]
    if report.created:
        console.print(f"{w['created']}: {', '.join(report.created)}")
    for code, email in report.granted:
        console.print(f"{w['granted']}: {code} → {email}")
    for code, email in report.revoked:
        console.print(f"{w['revoked']}: {code} → {email}")
    for code, why in report.failed.items():
        console.print(f"[red]{w['failed']}[/red] {code}: {why}")
    if report.master_written:
        console.print(w["links"])
    if not (report.created or report.granted or report.revoked or report.failed or report.master_written):
        console.print(w["same"])


def run_audit(root: Path, console: Console, *, lang: Lang | None,
              backend_for: BackendFactory = google_backend_for) -> int:
    ws = load_workspace(root)
    lang = lang or ws.lang
    backend, editor = backend_for(ws)
    rows = audit(ws, backend, editor=editor)
    print_audit(console, rows, lang)
    return 1 if any(not r.accounted for r in rows) else 0


def print_audit(console: Console, rows: list[AuditRow], lang: Lang) -> None:
    w = _WORDS["ru" if lang == "ru" else "kk"]
    table = RichTable(w["org"], w["who"], w["role"], "")
    for r in rows:
        table.add_row(r.org, r.who or r.note, r.role, w["ok"] if r.accounted else f"[red]{w['extra']}[/red]")
    console.print(table)
    bad = sum(not r.accounted for r in rows)
    console.print(w["audit_bad"].format(n=bad) if bad else w["audit_ok"])
