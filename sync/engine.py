"""One sync round: pull → store → consolidate → validate → write master → feed back → push.

One broken kindergarten never blocks the others: its last good rows stay in the master, marked
stale, with a finding. With ``dry_run`` nothing is written anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from schemas.errors import BauluError
from schemas.finding import Finding, make_finding
from schemas.rows import tables_from_tabs
from schemas.sheets import kindergarten_sheets
from schemas.table import Table
from sync.backend import Backend, Push, Record, Tabs
from sync.consolidate import Consolidated, Source, consolidate
from sync.local import LocalBackend
from sync.master import MasterInputs, read_master, write_master
from sync.store import Store
from sync.workspace import Workspace
from workbook.check import check_kindergarten_tabs
from workbook.save import ensure_not_open

Status = Literal["ok", "stale", "failed", "pinned"]
Progress = Callable[[str, str], None]


@dataclass
class OrgReport:
    org: str
    location: str
    status: Status = "ok"
    version: int | None = None
    new_version: bool = False
    rows: dict[str, int] = field(default_factory=dict)
    previous_rows: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0
    feedback_written: bool = False
    message: str = ""


@dataclass
class SyncReport:
    dry_run: bool
    started_at: str
    orgs: list[OrgReport] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    master_written: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "dry_run": self.dry_run,
            "started_at": self.started_at,
            "master_written": self.master_written,
            "orgs": [vars(o) for o in self.orgs],
            "findings": [f.to_dict() for f in self.findings],
        }


def backend_for(ws: Workspace) -> Backend:
    if ws.backend == "local":
        return LocalBackend(ws)
    raise BauluError(f"backend «{ws.backend}»: not available yet; use backend = \"local\" in baulu.toml")


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _digest(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _row_counts(tables: Mapping[str, Table]) -> dict[str, int]:
    return {key: len(table.frame) for key, table in tables.items()}


def _without_meta(tabs: Tabs) -> Tabs:
    """The master says which organisation a sheet belongs to, not the sheet's own meta."""
    return {title: rows for title, rows in tabs.items() if title != "_baulu"}


def run_sync(
    ws: Workspace,
    store: Store,
    *,
    backend: Backend | None = None,
    dry_run: bool = False,
    lang: str | None = None,
    progress: Progress | None = None,
    pins: Mapping[str, int] | None = None,
) -> SyncReport:
    """Do the whole round. ``pins`` (org → version) rebuild the master from stored versions."""
    lang = lang or ws.lang
    backend = backend or backend_for(ws)
    pins = pins or {}
    notify = progress or (lambda org, stage: None)
    if not dry_run:
        ensure_not_open(ws.master)
    master = read_master(ws)
    report = SyncReport(dry_run=dry_run, started_at=_now(), findings=list(master.findings))
    for org, version in pins.items():
        pinned = store.get(version)
        if pinned is None or pinned.org != org:
            raise BauluError(f"{org}: v{version} нұсқасы жоқ / версии v{version} нет")
    specs = kindergarten_sheets(master.indicators)
    sources: list[Source] = []
    for org, location in master.locations.items():
        notify(org, "pull")
        source, org_report, findings = _pull_one(store, backend, master, org, location,
                                                  dry_run=dry_run, pin=pins.get(org))
        report.orgs.append(org_report)
        report.findings.extend(findings)
        if source is not None:
            sources.append(source)
        notify(org, "checked")
    report.findings.sort(key=lambda f: f.sort_key)
    gathered = consolidate(sources, specs)
    master_digest = _digest([gathered.records, [f.to_dict() for f in report.findings], lang])
    if master_digest != store.get_state("master_digest") or not ws.master.exists():
        report.master_written = True
        if not dry_run:
            write_master(ws, master, gathered, sources, report.findings, lang=lang)
            store.set_state("master_digest", master_digest)
    push = master_push(master)
    for org_report in report.orgs:
        if org_report.status != "ok":
            continue
        own = [f for f in report.findings if f.org == org_report.org]
        digest = _digest([[f.to_dict() for f in own], push.given, lang])
        key = f"feedback:{org_report.org}"
        if digest == store.get_state(key):
            continue
        org_report.feedback_written = True
        if not dry_run:
            notify(org_report.org, "feedback")
            try:
                backend.write_back(org_report.org, org_report.location, own, push, lang=lang)
                store.set_state(key, digest)
            except BauluError as exc:
                org_report.feedback_written = False
                org_report.message = str(exc)
    return report


def _pull_one(
    store: Store, backend: Backend, master: MasterInputs, org: str, location: str, *,
    dry_run: bool, pin: int | None,
) -> tuple[Source | None, OrgReport, list[Finding]]:
    report = OrgReport(org, location)
    findings: list[Finding] = []
    latest = store.latest(org)
    tabs: Tabs | None = None
    pulled_at = _now()
    stale = False
    if pin is not None:
        pinned = store.get(pin)
        assert pinned is not None  # run_sync checked every pin before pulling anything
        tabs, report.version, pulled_at, report.status = pinned.tabs, pinned.version, pinned.pulled_at, "pinned"
    else:
        try:
            pulled = backend.pull(org, location)
        except BauluError as exc:
            findings.append(make_finding("file.unreadable", org=org, sheet=location, value=location,
                                         reason=str(exc)))
            report.message = str(exc)
            if latest is None:
                report.status = "failed"
                return None, report, findings
            tabs, report.version, pulled_at, report.status = latest.tabs, latest.version, latest.pulled_at, "stale"
            stale = True
        else:
            tabs = pulled.tabs
            report.new_version = latest is None or latest.revision != pulled.revision
            if dry_run:
                if latest is not None and not report.new_version:
                    report.version, pulled_at = latest.version, latest.pulled_at
            else:
                info, _ = store.add(org, location, pulled.tabs, revision=pulled.revision, pulled_at=pulled_at)
                report.version, pulled_at = info.version, info.pulled_at
    checked = check_kindergarten_tabs(_without_meta(tabs), org=org, context=master.context,
                                      indicators=master.indicators)
    findings.extend(checked.findings)
    report.rows = _row_counts(checked.tables)
    if latest is not None and report.new_version:
        previous, _ = tables_from_tabs(latest.tabs, kindergarten_sheets(master.indicators), org=org,
                                       required=False)
        report.previous_rows = _row_counts(previous)
    else:
        report.previous_rows = dict(report.rows)
    report.errors = sum(f.severity == "error" for f in findings)
    report.warnings = sum(f.severity == "warning" for f in findings)
    source = Source(org, location, report.version, pulled_at, stale, checked.tables)
    return source, report, findings


def master_push(master: MasterInputs) -> Push:
    """The plan items and contest calendar the master holds for every kindergarten."""
    plan: list[Record] = [
        {"item_id": r.get("item_id"), "text": r.get("text"), "deadline_text": r.get("deadline_text")}
        for r in master.records("plan") if r.get("block") == "preschool"
    ]
    contests: list[Record] = [
        {"contest": r.get("code"), "title": r.get("title"), "direction": r.get("direction"),
         "month": r.get("month")}
        for r in master.records("contests")
    ]
    return Push(given={"plan_status": plan, "contest_results": contests})


__all__ = ["Consolidated", "OrgReport", "SyncReport", "run_sync"]


