"""One sync round: pull → store → consolidate → validate → write master → feed back → push.

One broken kindergarten never blocks the others: its last good rows stay in the master, marked
stale, with a finding. With ``dry_run`` nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from schemas import catalogue
from schemas.check import Checked, check_kindergarten_tabs
from schemas.clock import utc_now
from schemas.errors import BauluError
from schemas.finding import Finding, make_finding
from schemas.lang import Lang
from schemas.rows import Tabs, tables_from_tabs
from schemas.sheets import ORGANISATIONS, consolidated_spec, kindergarten_sheets
from schemas.table import Table
from schemas.tabs import META_TAB
from schemas.writeplan import RoundPlan
from sync.backend import Backend
from sync.consolidate import Consolidated, Source, consolidate
from sync.incremental import (
    LazyTables,
    context_key,
    fingerprint,
    remember_checked,
    remember_pull,
    reuse_checked,
    unchanged_version,
)
from sync.master import MasterBook, MasterFile, MasterInputs, read_master
from sync.plan_kindergarten import plan_kindergarten
from sync.plan_master import plan_master
from sync.plan_organisations import phone_state, plan_phones
from sync.store import SnapshotInfo, Store, same_content
from sync.typed import remember_tables, stored_tables
from sync.workspace import Workspace

MASTER_FORMAT = 2  # what the master digest is made of; a new value rewrites every master once
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
    plan: RoundPlan = field(default_factory=RoundPlan)
    """What the round wrote (or, in a dry run, would have written)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "dry_run": self.dry_run,
            "started_at": self.started_at,
            "master_written": self.master_written,
            "orgs": [vars(o) for o in self.orgs],
            "findings": [f.to_dict() for f in self.findings],
        }


def _digest(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _row_counts(tables: Mapping[str, Table]) -> dict[str, int]:
    return {key: len(table.frame) for key, table in tables.items()}


def _without_meta(tabs: Tabs) -> Tabs:
    """The master says which organisation a sheet belongs to, not the sheet's own meta."""
    return {title: rows for title, rows in tabs.items() if title != META_TAB}


def run_sync(
    ws: Workspace,
    store: Store,
    backend: Backend,
    *,
    master: MasterBook | None = None,
    dry_run: bool = False,
    lang: Lang | None = None,
    progress: Progress | None = None,
    pins: Mapping[str, int] | None = None,
) -> SyncReport:
    """Do the whole round over ``backend``, writing into ``master`` (the workspace's master file
    unless given). ``pins`` (org → version) rebuild the master from stored versions."""
    lang = lang or ws.lang
    book = master if master is not None else MasterFile.of(ws)
    pins = pins or {}
    notify = progress or (lambda org, stage: None)
    inputs = read_master(ws, book)
    report = SyncReport(dry_run=dry_run, started_at=utc_now(), findings=list(inputs.findings))
    for org, version in pins.items():
        pinned = store.get(version)
        if pinned is None or pinned.org != org:
            raise BauluError(f"{org}: v{version} нұсқасы жоқ", f"{org}: версии v{version} нет")
    specs = kindergarten_sheets(inputs.indicators)
    sources: list[Source] = []
    pulled: dict[str, Callable[[], Tabs]] = {}
    checked_against = context_key(inputs.context, inputs.indicators)
    for org, location in inputs.locations.items():
        notify(org, "pull")
        source, org_report, findings, tabs = _pull_one(store, backend, inputs, org, location,
                                                        dry_run=dry_run, pin=pins.get(org),
                                                        context=checked_against)
        report.orgs.append(org_report)
        report.findings.extend(findings)
        if source is not None and tabs is not None:
            sources.append(source)
            pulled[org] = tabs
        notify(org, "checked")
    report.findings.sort(key=lambda f: f.sort_key)
    # what the consolidated rows are made of (each version's typed tables, labelled), not the rows
    # themselves: a round where nothing changed never builds them
    made_of = [(s.org, s.location, s.version, s.pulled_at, s.stale) for s in sources]
    master_digest = _digest([MASTER_FORMAT, made_of, [(s.key, [c.key for c in s.columns]) for s in specs],
                             [f.to_dict() for f in report.findings], lang,
                             phone_state(inputs.records("organisations"))])
    if master_digest != store.get_state("master_digest"):
        report.master_written = True
        gathered = consolidate(sources, specs)
        titles = book.titles()
        consolidated = [consolidated_spec(s) for s in specs]
        current = {t: book.values(t) for t in titles if any(c.titles(t) for c in consolidated)}
        plan = plan_master(
            titles, current, indicators=inputs.indicators, names=inputs.names, gathered=gathered,
            sources=sources, findings=report.findings, lang=lang,
        )
        organisations = next((t for t in titles if ORGANISATIONS.titles(t)), None)
        phones = (plan_phones(organisations, book.values(organisations), inputs.records("organisations"),
                              lang=lang) if organisations is not None else None)
        report.plan.master = replace(plan, sheets=(*plan.sheets, phones)) if phones is not None else plan
        if not dry_run:
            book.apply(report.plan.master)
            store.set_state("master_digest", master_digest)
    given = inputs.given()
    for org_report in report.orgs:
        if org_report.status != "ok":
            continue
        own = [f for f in report.findings if f.org == org_report.org]
        digest = _digest([[f.to_dict() for f in own], given, lang])
        key = f"feedback:{org_report.org}"
        if digest == store.get_state(key):
            continue
        org_report.feedback_written = True
        plan = plan_kindergarten(org_report.org, pulled[org_report.org](), own, given, lang=lang)
        report.plan.kindergartens[org_report.org] = plan
        if not dry_run:
            notify(org_report.org, "feedback")
            try:
                backend.apply(org_report.org, org_report.location, plan)
                store.set_state(key, digest)
                _refresh_pull(store, backend, org_report)
            except BauluError as exc:
                org_report.feedback_written = False
                org_report.message = exc.message(lang)
    return report


def _pull_one(
    store: Store, backend: Backend, master: MasterInputs, org: str, location: str, *,
    dry_run: bool, pin: int | None, context: str,
) -> tuple[Source | None, OrgReport, list[Finding], Callable[[], Tabs] | None]:
    """One kindergarten's source, report and findings, and how to get its tabs (parsed this round,
    or read from the store when the file was not parsed)."""
    report = OrgReport(org, location)
    findings: list[Finding] = []
    latest = store.latest_info(org)
    tabs: Tabs | None = None  # None: not parsed this round (the stored version is read if needed)
    pulled_at = utc_now()
    stale = False
    if pin is not None:
        pinned = store.get(pin)
        assert pinned is not None  # run_sync checked every pin before pulling anything
        tabs, report.version, pulled_at, report.status = pinned.tabs, pinned.version, pinned.pulled_at, "pinned"
    else:
        token = fingerprint(backend, location)
        if latest is not None and unchanged_version(store, org, location, token, latest.version):
            report.version, pulled_at = latest.version, latest.pulled_at  # not parsed at all
        else:
            try:
                pulled = backend.pull(org, location)
            except BauluError as exc:
                findings.append(make_finding(catalogue.FILE_UNREADABLE, org=org, sheet=location, value=location,
                                             reason_kk=exc.kk, reason_ru=exc.ru))
                report.message = str(exc)
                if latest is None:
                    report.status = "failed"
                    return None, report, findings, None
                report.version, pulled_at, report.status = latest.version, latest.pulled_at, "stale"
                stale = True
            else:
                tabs = pulled.tabs
                report.new_version = latest is None or not _same(store, latest, pulled.revision)
                if dry_run:
                    if latest is not None and not report.new_version:
                        report.version, pulled_at = latest.version, latest.pulled_at
                else:
                    info, _ = store.add(org, location, pulled.tabs, revision=pulled.revision, pulled_at=pulled_at)
                    report.version, pulled_at = info.version, info.pulled_at
                    remember_pull(store, org, location, token, info.version)
    memo: list[Tabs] = [tabs] if tabs is not None else []

    def stored_tabs() -> Tabs:
        if not memo:
            assert report.version is not None
            snapshot = store.get(report.version)
            assert snapshot is not None
            memo.append(snapshot.tabs)
        return memo[0]

    def check() -> Checked:
        return check_kindergarten_tabs(_without_meta(stored_tabs()), org=org, context=master.context,
                                       indicators=master.indicators)

    def typed() -> Mapping[str, Table]:
        """The typed tables (what validation gives): kept in the store, or validated again."""
        assert report.version is not None
        kept = stored_tables(store, org, report.version, context, kindergarten_sheets(master.indicators))
        if kept is not None:
            return kept
        built = check().tables
        if not dry_run:
            remember_tables(store, org, report.version, context, built)
        return built

    known = None
    if report.version is not None and not report.new_version:
        known = reuse_checked(store, org, report.version, context)
    tables: Mapping[str, Table]
    if known is not None:  # this version was validated against this master already
        findings.extend(known.findings)
        report.rows = known.rows
        tables = LazyTables(typed)
    else:
        checked = check()
        findings.extend(checked.findings)
        report.rows = _row_counts(checked.tables)
        tables = checked.tables
        if report.version is not None and not dry_run:
            remember_tables(store, org, report.version, context, tables)
    if latest is not None and report.new_version:
        before = reuse_checked(store, org, latest.version, context)
        if before is not None:
            report.previous_rows = before.rows
        else:
            previous = store.get(latest.version)
            assert previous is not None
            old, _ = tables_from_tabs(previous.tabs, kindergarten_sheets(master.indicators), org=org,
                                      required=False)
            report.previous_rows = _row_counts(old)
    else:
        report.previous_rows = dict(report.rows)
    if known is None and report.version is not None and not dry_run:
        remember_checked(store, org, report.version, context,
                         [f for f in findings if f.rule != catalogue.FILE_UNREADABLE.code], report.rows)
    report.errors = sum(f.severity == "error" for f in findings)
    report.warnings = sum(f.severity == "warning" for f in findings)
    source = Source(org, location, report.version, pulled_at, stale, tables)
    return source, report, findings, stored_tabs


def _same(store: Store, latest: SnapshotInfo, revision: str) -> bool:
    """Whether a pull of ``revision`` holds what the org's latest version holds (decoded only when
    the revisions differ: a version stored before pulls kept only typed cells)."""
    if latest.revision == revision:
        return True
    snapshot = store.get(latest.version)
    return snapshot is not None and same_content(snapshot, revision)


def _refresh_pull(store: Store, backend: Backend, org_report: OrgReport) -> None:
    """Feedback rewrote the file: if its values are still the stored version's, remember the file as
    it is now, so that the next round does not parse it again."""
    token = fingerprint(backend, org_report.location)
    info = store.latest_info(org_report.org)
    if token is None or info is None or info.version != org_report.version:
        return
    if unchanged_version(store, org_report.org, org_report.location, token, info.version):
        return  # the plan changed nothing in the file (see LocalBackend.apply)
    try:
        pulled = backend.pull(org_report.org, org_report.location)
    except BauluError:
        return
    if _same(store, info, pulled.revision):
        remember_pull(store, org_report.org, org_report.location, token, info.version)


__all__ = ["Consolidated", "OrgReport", "SyncReport", "run_sync"]


