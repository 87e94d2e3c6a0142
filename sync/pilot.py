"""The analytics' inputs as a sync round (or a report) has them: the master and the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import partial

from schemas.analytics.calendar import oral_today
from schemas.analytics.dashboard import Dashboard, dashboard
from schemas.analytics.inputs import PilotData, Record, pilot_data
from schemas.check import check_master_tabs
from schemas.finding import Finding
from schemas.rows import Tabs, find_tab, tables_from_tabs
from schemas.sheets import FINDINGS
from sync.consolidate import STALE_KK, Source
from sync.master import MasterInputs
from sync.plan_organisations import PHONE_PAIRS
from sync.store import Store
from sync.submissions import first_complete, table_rows
from sync.workspace import Workspace


def pilot_from_master(master: MasterInputs, consolidated: Mapping[str, Sequence[Record]]) -> PilotData:
    return pilot_data({k: master.records(k) for k in ("organisations", "plan", "contests")}, consolidated,
                      [i.code for i in master.indicators])


def submissions(store: Store, data: PilotData, master: MasterInputs, *, save: bool,
                current: Mapping[str, tuple[int, Callable[[], Mapping[str, Sequence[Record]]]]] | None = None,
                ) -> dict[tuple[str, str], str]:
    """(org, quarter) → when the store first held that quarter complete."""
    found: dict[tuple[str, str], str] = {}
    for org in data.orgs:
        first = first_complete(store, org.code, data.plan, data.contests, context=master.context,
                               indicators=master.indicators, current=(current or {}).get(org.code), save=save)
        found.update({(org.code, q): at for q, at in first.items()})
    return found


def dashboard_inputs(ws: Workspace, master: MasterInputs, now: dt.datetime) -> object:
    """What, besides the kindergartens' versions and findings, can change the dashboard: the
    master's organisations, plan and contests, the deadlines and today's date in Oral (plan items
    and contests fall overdue, a new quarter starts). The time of day is no change, nor the
    normalised phones the round itself writes into «Ұйымдар» (phone_state covers what they come from)."""
    written = {target for _, target in PHONE_PAIRS}  # what the round itself writes there
    organisations = [{k: v for k, v in r.items() if k not in written} for r in master.records("organisations")]
    return [oral_today(now), sorted((k, v.isoformat()) for k, v in ws.deadlines.items()),
            [organisations, *(master.records(k) for k in ("plan", "contests"))]]


def round_dashboard(ws: Workspace, store: Store, master: MasterInputs, records: Mapping[str, Sequence[Record]],
                    sources: Sequence[Source], findings: Sequence[Finding], *, now: dt.datetime,
                    save: bool = True) -> Dashboard:
    """The summary's data for this round: the consolidated rows, freshness, findings, timeliness."""
    data = pilot_from_master(master, records)
    current = {s.org: (s.version, partial(table_rows, s.tables)) for s in sources
               if s.version is not None and not s.stale}
    return dashboard(
        data, now=now, deadlines=ws.deadlines,
        freshness={s.org: (s.pulled_at, s.stale) for s in sources},
        findings=[(f.org, f.severity) for f in findings],
        submissions=submissions(store, data, master, save=save, current=current),
    )


def book_dashboard(ws: Workspace, store: Store | None, master: MasterInputs, tabs: Tabs, *,
                   now: dt.datetime) -> Dashboard:
    """The dashboard of a master as it stands, without a pull (the ribbon's «Есеп»): the rows its
    consolidated sheets hold, stale as their version column says, when each kindergarten was last
    pulled as the store says, and the errors and warnings its findings sheet lists."""
    checked = check_master_tabs(tabs)
    records = {key: [{str(k): v for k, v in r.items()} for r in table.frame.to_dict("records")]
               for key, table in checked.tables.items() if key.startswith("c_")}
    stale = {str(r.get("org")) for rows in records.values() for r in rows
             if str(r.get("version") or "").startswith(STALE_KK)}
    freshness: dict[str, tuple[str, bool]] = {}
    for org in master.locations:
        info = store.latest_info(org) if store is not None else None
        if info is not None:
            freshness[org] = (info.pulled_at, org in stale)
    findings: list[tuple[str, str]] = []
    title = find_tab(tabs, FINDINGS)
    if title is not None:
        tables, _ = tables_from_tabs({title: tabs[title]}, [FINDINGS], org="master")
        frame = tables["findings"].frame if "findings" in tables else None
        if frame is not None and {"org", "severity"} <= set(frame.columns):
            findings = [(str(o), str(s)) for o, s in zip(frame["org"], frame["severity"], strict=True)]
    data = pilot_from_master(master, records)
    found = submissions(store, data, master, save=False) if store is not None else {}
    return dashboard(data, now=now, deadlines=ws.deadlines, freshness=freshness, findings=findings,
                     submissions=found)
