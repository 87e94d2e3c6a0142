"""``baulu provision`` and ``baulu audit`` for the Google backend.

Provision: one Google Sheet per kindergarten of the master, laid out from the same specs as the
.xlsx (``sync.google_layout``), shared as writer with that kindergarten's e-mails from the master
only, its link written back into the master. Running it again changes nothing and creates nothing;
an e-mail added in the master is granted, one removed is revoked.

Audit: every permission on every kindergarten sheet, flagging any the master does not account for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import gspread
import openpyxl
import requests

from schemas.errors import BauluError
from schemas.lang import Lang
from schemas.seed import Organisation
from schemas.sheets import ORGANISATIONS
from sync.google_backend import (
    DRIVE_FILES,
    GoogleBackend,
    api_failure,
    sheet_url,
    spreadsheet_id,
)
from sync.google_layout import kindergarten_tabs, layout_requests, sheet_id_for
from sync.master import MasterFile, read_master
from sync.workspace import Workspace
from workbook.reader import find_sheet
from workbook.save import ensure_not_open, save_atomic
from workbook.sheetmap import map_sheet

_EMAIL_SPLIT = re.compile(r"[\s,;]+")
INVITE = ("Baulu: «Ерте жастан еңбекке және кәсіпке баулу» пилотының парағы. / "
          "Таблица пилота «Приобщение к труду и профессиям».")


@dataclass(frozen=True)
class OrgEntry:
    code: str
    name: str
    emails: tuple[str, ...]
    location: str
    record: Mapping[str, object]


@dataclass
class ProvisionReport:
    created: list[str] = field(default_factory=list)
    granted: list[tuple[str, str]] = field(default_factory=list)
    revoked: list[tuple[str, str]] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    master_written: bool = False


@dataclass(frozen=True)
class AuditRow:
    org: str
    who: str  # an e-mail, or "anyone" / a domain
    role: str
    accounted: bool
    note: str = ""


def emails_of(value: object) -> tuple[str, ...]:
    text = "" if value is None else str(value)
    return tuple(dict.fromkeys(e.strip().lower() for e in _EMAIL_SPLIT.split(text) if "@" in e))


def sheet_name(code: str, name: str) -> str:
    return f"Baulu {code} — {name}"


def organisations(ws: Workspace) -> list[OrgEntry]:
    master = read_master(ws, MasterFile.of(ws))
    out = []
    for r in master.records("organisations"):
        if r.get("code") is None:
            continue
        code = str(r["code"])
        out.append(OrgEntry(code, str(r.get("short_name") or code), emails_of(r.get("emails")),
                            str(r.get("sheet") or ""), r))
    return out


def _organisation(entry: OrgEntry) -> Organisation:
    r = entry.record

    def text(key: str) -> str:
        value = r.get(key)
        return "" if value is None else str(value)

    no = r.get("no")
    return Organisation(entry.code, int(no) if isinstance(no, int | float) else 0, entry.name,
                        text("full_name") or entry.name, text("ownership") or "state", text("address"),
                        text("head"), text("head_phone"), text("lead"), text("lead_phone"))


def _permissions(client: gspread.Client, spreadsheet: str) -> list[dict[str, Any]]:
    return list(client.http_client.list_permissions(spreadsheet))


def provision(ws: Workspace, backend: GoogleBackend, *, editor: str, lang: Lang | None = None) -> ProvisionReport:
    """Create what is missing, grant and revoke to match the master, write the links back."""
    lang = lang or ws.lang
    report = ProvisionReport()
    client = backend.client
    try:
        listing = backend.listing()
    except (gspread.exceptions.APIError, requests.ConnectionError, requests.Timeout) as exc:
        raise api_failure("Google Drive", exc) from None
    by_name = {f.name: f.id for f in listing.values()}
    for entry in organisations(ws):
        try:
            found = spreadsheet_id(entry.location)
            if found is None or found not in listing:
                found = by_name.get(sheet_name(entry.code, entry.name))
            if found is None:
                found = _create(backend, entry, editor=editor, lang=lang)
                report.created.append(entry.code)
            granted, revoked = _share(client, found, entry.emails, editor=editor)
        except (gspread.exceptions.APIError, requests.ConnectionError, requests.Timeout) as exc:
            report.failed[entry.code] = str(api_failure(entry.location or entry.code, exc))
            continue
        report.granted += [(entry.code, e) for e in granted]
        report.revoked += [(entry.code, e) for e in revoked]
        report.links[entry.code] = sheet_url(found)
    backend.state.save()
    report.master_written = write_links(ws, report.links)
    return report


def _create(backend: GoogleBackend, entry: OrgEntry, *, editor: str, lang: Lang) -> str:
    client = backend.client
    reply = client.http_client.request("post", DRIVE_FILES, json={
        "name": sheet_name(entry.code, entry.name), "mimeType": "application/vnd.google-apps.spreadsheet"})
    spreadsheet = str(reply.json()["id"])
    layout = layout_requests(kindergarten_tabs(_organisation(entry), lang=lang), editor=editor, lang=lang)
    client.http_client.batch_update(spreadsheet, {"requests": layout.requests})
    client.http_client.values_batch_update(spreadsheet, {"valueInputOption": "RAW", "data": layout.values})
    state = backend.state.sheet(spreadsheet)
    state.titles = list(layout.titles)
    state.sheet_ids = {title: sheet_id_for(i) for i, title in enumerate(layout.titles)}
    state.protected = list(layout.protected)
    return spreadsheet


def _share(client: gspread.Client, spreadsheet: str, emails: Sequence[str], *,
           editor: str) -> tuple[list[str], list[str]]:
    """Writers are exactly ``emails``; the owner (Baulu's account) stays; anything else goes."""
    current = _permissions(client, spreadsheet)
    held = {str(p.get("emailAddress", "")).lower() for p in current if p.get("type") in ("user", "group")}
    granted = []
    for email in emails:
        if email not in held:
            client.http_client.insert_permission(spreadsheet, email, perm_type="user", role="writer",
                                                 notify=True, email_message=INVITE)
            granted.append(email)
    revoked = []
    for perm in current:
        who = str(perm.get("emailAddress") or perm.get("domain") or perm.get("type", "")).lower()
        if perm.get("role") == "owner" or who == editor.lower():
            continue
        if perm.get("type") in ("user", "group") and who in emails and perm.get("role") == "writer":
            continue
        client.http_client.remove_permission(spreadsheet, str(perm["id"]))
        revoked.append(who)
    return granted, revoked


def write_links(ws: Workspace, links: Mapping[str, str]) -> bool:
    """Each organisation's sheet link into the master's organisations sheet; False when nothing
    changed (the master is then not written at all)."""
    wb = openpyxl.load_workbook(ws.master)
    sheet = find_sheet(wb, ORGANISATIONS)
    if sheet is None:
        raise BauluError(f"{ws.master.name}: «{ORGANISATIONS.kk}» парағы жоқ. / нет листа «{ORGANISATIONS.ru}».")
    mapped = map_sheet(sheet, ORGANISATIONS)
    code_col, link_col = mapped.columns.get("code"), mapped.columns.get("sheet")
    if code_col is None or link_col is None:
        raise BauluError(f"{ws.master.name}: «{ORGANISATIONS.kk}» парағында код не парақ бағаны жоқ. / "
                         f"на листе «{ORGANISATIONS.ru}» нет столбца кода или таблицы.")
    changed = False
    for row in range(mapped.header_row + 1, sheet.max_row + 1):
        code = sheet.cell(row=row, column=code_col).value
        link = links.get(str(code)) if code is not None else None
        if link is not None and sheet.cell(row=row, column=link_col).value != link:
            sheet.cell(row=row, column=link_col).value = link
            changed = True
    if changed:
        ensure_not_open(ws.master)
        save_atomic(wb, ws.master, backup_dir=ws.backup_dir, keep=ws.backups)
    return changed


def audit(ws: Workspace, backend: GoogleBackend, *, editor: str) -> list[AuditRow]:
    """Every permission on every kindergarten sheet; ``accounted`` is False for any the master
    does not account for (and for a sheet Baulu cannot reach)."""
    rows: list[AuditRow] = []
    for entry in organisations(ws):
        found = spreadsheet_id(entry.location)
        if found is None:
            rows.append(AuditRow(entry.code, "", "", False, "Google парағы жоқ / нет таблицы Google"))
            continue
        try:
            current = _permissions(backend.client, found)
        except (gspread.exceptions.APIError, requests.ConnectionError, requests.Timeout) as exc:
            rows.append(AuditRow(entry.code, "", "", False, str(api_failure(entry.location, exc))))
            continue
        for perm in current:
            who = str(perm.get("emailAddress") or perm.get("domain") or perm.get("type", "")).lower()
            role = str(perm.get("role", ""))
            ok = (role == "owner" and who == editor.lower()) or (
                perm.get("type") in ("user", "group") and who in entry.emails and role == "writer")
            rows.append(AuditRow(entry.code, who, role, ok))
    return rows
