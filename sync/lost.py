"""Nothing a kindergarten typed silently drops out of the master.

* A data tab deleted or renamed beyond recognition: its rows from the last stored version that
  had it stay in the master, marked stale, with a ``sheet.kept`` finding.
* Most of a tab's rows gone in one version (more than a quarter): a ``rows.deleted`` finding,
  which the master's findings sheet and the kindergarten's own feedback tab both show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from schemas import catalogue
from schemas.finding import Finding, make_finding
from schemas.rows import Rows, Tabs, find_tab, tables_from_tabs
from schemas.sheets import SheetSpec
from sync.store import Store

LOOK_BACK = 200
"""How many stored versions back a lost tab is looked for."""
MIN_ROWS = 4
"""Fewer rows than this: deleting them is no mass deletion."""
SHARE = 0.25
"""More than this share of a tab's rows gone at once is a finding."""


@dataclass
class Kept:
    """The tabs as pulled, plus the lost tabs' stored rows under their stored titles."""

    tabs: dict[str, Rows]
    versions: dict[str, int] = field(default_factory=dict)  # spec key -> stored version
    findings: list[Finding] = field(default_factory=list)


def keep_lost_tabs(store: Store, org: str, tabs: Tabs, specs: Sequence[SheetSpec], *,
                   below: int | None = None) -> Kept:
    """For each spec the sheet lacks, the newest stored version (at most ``below``) that has it."""
    kept = Kept(dict(tabs))
    lost = [spec for spec in specs if find_tab(tabs, spec) is None]
    if not lost:
        return kept
    infos = [i for i in store.history(org) if below is None or i.version <= below][-LOOK_BACK:]
    for info in reversed(infos):
        if not lost:
            break
        snapshot = store.get(info.version)
        if snapshot is None:
            continue
        for spec in list(lost):
            title = find_tab(snapshot.tabs, spec)
            if title is None:
                continue
            lost.remove(spec)
            rows = snapshot.tabs[title]
            kept.tabs[title] = rows
            kept.versions[spec.key] = info.version
            tables, _ = tables_from_tabs({title: rows}, [spec], org=org, required=False)
            count = len(tables[spec.key].frame) if spec.key in tables else 0
            kept.findings.append(make_finding(catalogue.SHEET_KEPT, org=org, sheet=title, value=title,
                                              version=info.version, rows=count))
    return kept


def mass_deletions(org: str, before: Mapping[str, int], now: Mapping[str, int], titles: Mapping[str, str], *,
                   version: int) -> list[Finding]:
    """A finding for each tab (spec key → filled rows) that lost more than a quarter of its rows
    from ``before`` (stored ``version``) to ``now`` (a tab gone altogether is ``sheet.kept``'s)."""
    found: list[Finding] = []
    for key, count in before.items():
        if key not in now:
            continue
        left = now[key]
        gone = count - left
        if count >= MIN_ROWS and gone > SHARE * count:
            found.append(make_finding(catalogue.ROWS_DELETED, org=org, sheet=titles.get(key, key),
                                      value=f"{count} → {left}", before=count, gone=gone, version=version))
    return found
