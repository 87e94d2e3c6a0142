"""One sync round: pull → store → consolidate → validate → write master → feed back → push.

One broken kindergarten never blocks the others: its last good rows stay in the master, marked
stale, with a finding. With ``dry_run`` nothing is written anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from schemas import catalogue
from schemas.check import Checked, check_kindergarten_tabs
from schemas.clock import local, utc_now
from schemas.errors import BauluError
from schemas.finding import Finding, make_finding
from schemas.lang import Lang
from schemas.rows import Tabs, tables_from_tabs
from schemas.sheets import ORGANISATIONS, consolidated_spec, kindergarten_sheets
from schemas.table import Table
from schemas.tabs import META_TAB
from schemas.writeplan import RoundPlan
from sync.backend import Backend
from sync.checkpoint import checkpoint
from sync.collector import fewer_collections
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
from sync.lost import keep_lost_tabs, mass_deletions
from sync.master import MasterBook, MasterFile, MasterInputs, read_master
from sync.master_edits import arrange_runs, check_edits, consolidated_now, remember_written
from sync.pilot import dashboard_inputs, round_dashboard
from sync.plan_kindergarten import plan_kindergarten
from sync.plan_master import plan_master
from sync.plan_organisations import phone_state, plan_phones
from sync.plan_restore import plan_restore
from sync.store import SnapshotInfo, Store, same_content
from sync.typed import remember_tables, stored_tables
from sync.workspace import Workspace

MASTER_FORMAT = 3  # what the master digest is made of; a new value rewrites every master once
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


@fewer_collections()  # a round keeps a region's rows alive: see sync/collector.py
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
    write_back: Collection[str] = (),
) -> SyncReport:
    """Do the whole round over ``backend``, writing into ``master`` (the workspace's master file
    unless given). The store's pins (``baulu restore``), and ``pins`` (org → version) for this
    round only, rebuild those organisations' rows from stored versions; for the orgs in
    ``write_back`` the pinned version's values are also written into their own sheets."""
    lang = lang or ws.lang
    book = master if master is not None else MasterFile.of(ws)
    lasting = store.pins()
    pins = {**{org: p.version for org, p in lasting.items()}, **(pins or {})}
    notify = progress or (lambda org, stage: None)
    inputs = read_master(ws, book)
    report = SyncReport(dry_run=dry_run, started_at=utc_now(), findings=list(inputs.findings))
    for org in write_back:
        if org not in pins:
            raise BauluError(f"{org}: бекітілген нұсқа жоқ", f"{org}: нет закреплённой версии")
    for org, version in pins.items():
        pinned = store.get_info(version)
        if pinned is None or pinned.org != org:
            raise BauluError(f"{org}: v{version} нұсқасы жоқ", f"{org}: версии v{version} нет")
        if org in lasting and org in inputs.locations:
            report.findings.append(make_finding(catalogue.VERSION_PINNED, org=org, sheet="", value=f"v{version}",
                                                version=version, at=local(lasting[org].pinned_at), kg=org))
    specs = kindergarten_sheets(inputs.indicators)
    sources: list[Source] = []
    pulled: dict[str, Callable[[], Tabs]] = {}
    own_views: dict[str, list[Finding]] = {}  # a pinned kindergarten's findings on what its sheet holds now
    current: dict[str, int] = {}  # the version each kindergarten's sheet holds now (a pinned one's too)
    checked_against = context_key(inputs.context, inputs.indicators)
    for org, location in inputs.locations.items():
        notify(org, "pull")
        checkpoint(f"pull:{org}")
        pull = _pull_one(store, backend, inputs, org, location, dry_run=dry_run, pin=pins.get(org),
                         context=checked_against)
        report.orgs.append(pull.report)
        report.findings.extend(pull.findings)
        if pull.source is not None:
            sources.append(pull.source)
        if pull.tabs is not None:
            pulled[org] = pull.tabs
        if pull.own_view is not None:
            own_views[org] = pull.own_view
        if pull.current is not None:
            current[org] = pull.current
        notify(org, "checked")
        checkpoint(f"stored:{org}")
    report.findings.sort(key=lambda f: f.sort_key)
    consolidated = [consolidated_spec(s) for s in specs]
    gathered: list[Consolidated] = []

    def gather() -> Consolidated:
        if not gathered:
            gathered.append(consolidate(sources, specs))
        return gathered[0]

    # the coordinator's hand edits to kindergarten-owned cells (read only when the master file
    # changed since Baulu last wrote or checked it); found ones make this round rewrite the master
    edits = check_edits(store, book, specs, gather, lang=lang, dry_run=dry_run)
    # what the consolidated rows are made of (each version's typed tables, labelled), not the rows
    # themselves: a round where nothing changed never builds them. The summary's dashboard reads
    # the same rows, the master's plan, contests and organisations, the deadlines and today's date
    # in Oral: those are what can change it without a new version.
    moment = dt.datetime.now(dt.UTC)
    made_of = [(s.org, s.location, s.version, s.pulled_at, s.stale, s.pinned, sorted(s.kept.items()))
               for s in sources]
    master_digest = _digest([MASTER_FORMAT, made_of, [(s.key, [c.key for c in s.columns]) for s in specs],
                             [f.to_dict() for f in report.findings], lang,
                             phone_state(inputs.records("organisations")),
                             dashboard_inputs(ws, inputs, moment)])
    if edits:
        report.findings = sorted([*report.findings, *edits], key=lambda f: f.sort_key)
    if edits or master_digest != store.get_state("master_digest"):
        report.master_written = True
        board = round_dashboard(ws, store, inputs, gather().records, sources, report.findings,
                                now=moment, save=not dry_run)
        titles = book.titles()
        now = consolidated_now(store, book, [t for t in titles if any(c.titles(t) for c in consolidated)])
        plan = plan_master(
            titles, now, indicators=inputs.indicators, names=inputs.names, gathered=gather(),
            sources=sources, findings=report.findings, lang=lang, board=board,
        )
        organisations = next((t for t in titles if ORGANISATIONS.titles(t)), None)
        phones = (plan_phones(organisations, book.values(organisations), inputs.records("organisations"),
                              lang=lang) if organisations is not None else None)
        report.plan.master = replace(plan, sheets=(*plan.sheets, phones)) if phones is not None else plan
        shape = [MASTER_FORMAT, lang, checked_against, [(s.key, [c.key for c in s.columns]) for s in specs]]
        arrange_runs(store, book, report.plan.master, gather(), {entry[0]: _digest([shape, entry]) for entry in made_of})
        if not dry_run:
            checkpoint("master:save")
            book.apply(report.plan.master)
            checkpoint("master:saved")
            remember_written(store, book, specs, gather(), sources, lang=lang, read=now)
            store.set_state("master_digest", master_digest)
    for org in write_back:
        _write_back(report, store, backend, pulled, org, pins[org], lang=lang)
    given = inputs.given()
    for org_report in report.orgs:
        org = org_report.org
        if org in write_back or not (org_report.status == "ok" or org in own_views):
            continue
        if org in own_views:
            pinned_note = [f for f in report.findings if f.org == org and f.rule == catalogue.VERSION_PINNED.code]
            own = sorted([*own_views[org], *pinned_note], key=lambda f: f.sort_key)
        else:
            own = [f for f in report.findings if f.org == org]
        digest = _digest([[f.to_dict() for f in own], given, lang])
        key = f"feedback:{org}"
        if digest == store.get_state(key):
            continue
        org_report.feedback_written = True
        plan = plan_kindergarten(org, pulled[org](), own, given, lang=lang)
        report.plan.kindergartens[org] = plan
        if not dry_run:
            notify(org, "feedback")
            checkpoint(f"feedback:{org}")
            try:
                backend.apply(org, org_report.location, plan)
                checkpoint(f"feedback-saved:{org}")
                store.set_state(key, digest)
                _refresh_pull(store, backend, org_report, current.get(org))
            except BauluError as exc:
                org_report.feedback_written = False
                org_report.message = exc.message(lang)
    return report


def _write_back(report: SyncReport, store: Store, backend: Backend, pulled: Mapping[str, Callable[[], Tabs]],
                org: str, pin: int, *, lang: Lang) -> None:
    """Set a pinned kindergarten's data tabs to the pinned version's values (asked for explicitly:
    what it typed since is kept in the store, as the version pulled this round)."""
    org_report = next((o for o in report.orgs if o.org == org), None)
    pinned = store.get(pin)
    if org_report is None or pinned is None:
        raise BauluError(f"{org}: бекітілген нұсқа жоқ", f"{org}: нет закреплённой версии")
    if org not in pulled:
        org_report.message = "парақ оқылмады / таблица не прочитана"
        return
    plan = plan_restore(org, pulled[org](), _without_meta(pinned.tabs), lang=lang)
    report.plan.kindergartens[org] = plan
    if not report.dry_run:
        backend.apply(org, org_report.location, plan)
        org_report.feedback_written = True
        store.delete_state(f"feedback:{org}")  # its feedback tab is written again next round


@dataclass
class _Pull:
    source: Source | None
    report: OrgReport
    findings: list[Finding]
    tabs: Callable[[], Tabs] | None
    """The sheet's tabs as it holds them now (parsed this round, or read from the store)."""
    own_view: list[Finding] | None = None
    """A pinned kindergarten's findings on what its sheet holds now (its feedback)."""
    current: int | None = None
    """The stored version the sheet holds now."""


@dataclass
class _Seen:
    """One stored version, checked: its findings, row counts, typed tables and kept tabs."""

    findings: list[Finding]
    rows: dict[str, int]
    tables: Mapping[str, Table]
    kept: dict[str, int]
    previous_rows: dict[str, int] | None = None


def _pull_one(
    store: Store, backend: Backend, master: MasterInputs, org: str, location: str, *,
    dry_run: bool, pin: int | None, context: str,
) -> _Pull:
    """One kindergarten's source, report and findings, and how to get its tabs (parsed this round,
    or read from the store when the file was not parsed). A pinned one is still pulled and stored
    (nothing it types is lost, and it is not parsed when unchanged), but its pinned version is
    what the master shows; its own feedback is about what its sheet holds now."""
    report = OrgReport(org, location)
    findings: list[Finding] = []
    latest = store.latest_info(org)
    tabs: Tabs | None = None  # None: not parsed this round (the stored version is read if needed)
    pulled_at = utc_now()
    stale = False
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
                return _Pull(None, report, findings, None)
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
    stored_tabs = _tabs_of(store, report, tabs)
    seen = _seen(store, master, org, report.version, stored_tabs, context=context, cache=org,
                 new=report.new_version, latest=latest, dry_run=dry_run)
    report.previous_rows = seen.previous_rows if seen.previous_rows is not None else dict(seen.rows)
    own_view: list[Finding] | None = None
    now = report.version
    if pin is not None:
        if report.status == "ok":
            own_view = sorted([*findings, *seen.findings], key=lambda f: f.sort_key)
        pinned = store.get_info(pin)
        assert pinned is not None  # run_sync checked every pin before pulling anything
        seen = _seen(store, master, org, pin, _tabs_of(store, replace(report, version=pin), None),
                     context=context, cache=f"{org}{PINNED}", new=False, latest=None, dry_run=dry_run,
                     deletions=False)
        report.version, pulled_at, report.status = pin, pinned.pulled_at, "pinned"
        report.previous_rows = dict(seen.rows)
        stale = False
        if now is not None and now != pin:
            report.message = f"v{pin} (v{now})"
    findings.extend(seen.findings)
    report.rows = seen.rows
    report.errors = sum(f.severity == "error" for f in findings)
    report.warnings = sum(f.severity == "warning" for f in findings)
    source = Source(org, location, report.version, pulled_at, stale, seen.tables, kept=seen.kept,
                    pinned=pin is not None)
    return _Pull(source, report, findings, stored_tabs, own_view, now)


PINNED = "#pinned"
"""The findings cache of a pinned version is kept apart from the sheet's own (``checked:<org>#pinned``)."""


def _tabs_of(store: Store, report: OrgReport, tabs: Tabs | None) -> Callable[[], Tabs]:
    """``tabs`` if parsed this round, else the stored version's (read once, when first asked for)."""
    memo: list[Tabs] = [tabs] if tabs is not None else []
    version = report.version

    def get() -> Tabs:
        if not memo:
            assert version is not None
            snapshot = store.get(version)
            assert snapshot is not None
            memo.append(snapshot.tabs)
        return memo[0]

    return get


def _seen(
    store: Store, master: MasterInputs, org: str, version: int | None, stored_tabs: Callable[[], Tabs], *,
    context: str, cache: str, new: bool, latest: SnapshotInfo | None, dry_run: bool, deletions: bool = True,
) -> _Seen:
    """Check ``version`` of ``org``'s sheet, or reuse what an earlier round found of it against the
    same master. Tabs the version lacks are kept from the newest stored version that has them
    (``sync.lost``); more than a quarter of a tab's rows gone since the version before is a
    finding (``rows.deleted``), remembered with the version's other findings."""
    specs = kindergarten_sheets(master.indicators)

    def check() -> tuple[Checked, dict[str, int], list[Finding]]:
        kept = keep_lost_tabs(store, org, _without_meta(stored_tabs()), specs, below=version)
        checked = check_kindergarten_tabs(kept.tabs, org=org, context=master.context, indicators=master.indicators)
        return checked, kept.versions, kept.findings

    def typed() -> Mapping[str, Table]:
        """The typed tables (what validation gives): kept in the store, or validated again."""
        assert version is not None
        stored = stored_tables(store, org, version, context, specs)
        if stored is not None:
            return stored
        built = check()[0].tables
        if not dry_run:
            remember_tables(store, org, version, context, built)
        return built

    known = None
    if version is not None and not new:
        known = reuse_checked(store, cache, version, context)
    if known is not None:  # this version was validated against this master already
        return _Seen(known.findings, known.rows, LazyTables(typed), known.kept)
    checked, kept, kept_findings = check()
    if version is not None and not dry_run:
        remember_tables(store, org, version, context, checked.tables)
    findings = [*kept_findings, *checked.findings]
    rows = _row_counts(checked.tables)
    previous_rows: dict[str, int] | None = None
    if deletions:
        prior = latest if new else (store.previous_info(org, version) if version is not None else None)
        if prior is not None:
            before, before_kept = _rows_of(store, master, org, prior.version, context)
            if new:
                previous_rows = before
            titles = {key: table.sheet_title for key, table in checked.tables.items()}
            findings.extend(mass_deletions(org, {k: n for k, n in before.items() if k not in before_kept},
                                           {k: n for k, n in rows.items() if k not in kept}, titles,
                                           version=prior.version))
    findings.sort(key=lambda f: f.sort_key)
    if version is not None and not dry_run:
        remember_checked(store, cache, version, context,
                         [f for f in findings if f.rule != catalogue.FILE_UNREADABLE.code], rows, kept=kept)
    return _Seen(findings, rows, checked.tables, kept, previous_rows)


def _rows_of(store: Store, master: MasterInputs, org: str, version: int, context: str,
             ) -> tuple[dict[str, int], set[str]]:
    """A stored version's row counts per tab and the tabs it kept from older versions (from the
    findings cache when it holds that version; else counted from the stored tabs)."""
    known = reuse_checked(store, org, version, context)
    if known is not None:
        return known.rows, set(known.kept)
    snapshot = store.get(version)
    assert snapshot is not None
    old, _ = tables_from_tabs(snapshot.tabs, kindergarten_sheets(master.indicators), org=org, required=False)
    return _row_counts(old), set()


def _same(store: Store, latest: SnapshotInfo, revision: str) -> bool:
    """Whether a pull of ``revision`` holds what the org's latest version holds (decoded only when
    the revisions differ: a version stored before pulls kept only typed cells)."""
    if latest.revision == revision:
        return True
    snapshot = store.get(latest.version)
    return snapshot is not None and same_content(snapshot, revision)


def _refresh_pull(store: Store, backend: Backend, org_report: OrgReport, version: int | None) -> None:
    """Feedback rewrote the file: if its values are still the stored version's (``version``, the one
    the sheet holds), remember the file as it is now, so that the next round does not parse it again."""
    token = fingerprint(backend, org_report.location)
    info = store.latest_info(org_report.org)
    if token is None or info is None or info.version != version:
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


