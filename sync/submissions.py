"""When each kindergarten's quarter was first complete: the store's versions, read once each.

Timeliness needs the moment a quarter's report was complete, not just whether it is now. Every
stored version is examined once (the answer is kept in the store's state table), so a round
reads at most the versions pulled since the last one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

from schemas.analytics.calendar import PILOT_QUARTERS
from schemas.analytics.implementation import QUARTER_TABS, filled_tabs
from schemas.analytics.inputs import ContestDue, PlanTask, Record
from schemas.check import check_kindergarten_tabs
from schemas.rules import Context
from schemas.table import Table
from schemas.vocabulary import Indicator
from sync.store import Store
from sync.typed import table_records

STATE_KEY = "quarters:{org}"
Rows = Mapping[str, Sequence[Record]]


def table_rows(tables: Mapping[str, Table]) -> dict[str, Sequence[Record]]:
    """Each table's records (shared with consolidation: the same validated table's records are
    made once a round, ``sync.typed.table_records``; read them, do not change them)."""
    return {key: table_records(t)[1] for key, t in tables.items()}


def first_complete(
    store: Store, org: str, plan: Sequence[PlanTask], contests: Sequence[ContestDue], *,
    context: Context, indicators: tuple[Indicator, ...],
    current: tuple[int, Callable[[], Rows]] | None = None, save: bool = True,
) -> dict[str, str]:
    """Quarter key → the pulled-at (UTC ISO) of the first stored version in which that quarter was
    complete. ``current`` (version, its rows when asked) spares re-reading the version this round
    already read; a round with no new version asks for nothing."""
    key = STATE_KEY.format(org=org)
    raw = store.get_state(key)
    state: dict[str, object] = json.loads(raw) if raw else {}
    seen = int(str(state.get("version", 0)))
    first = {str(k): str(v) for k, v in dict(state.get("first", {})).items()}  # type: ignore[call-overload]
    changed = False
    for info in store.history(org):
        if info.version <= seen:
            continue
        if current is not None and current[0] == info.version:
            rows: Rows = current[1]()
        else:
            snapshot = store.get(info.version)
            assert snapshot is not None
            tabs = {t: r for t, r in snapshot.tabs.items() if t != "_baulu"}
            rows = table_rows(check_kindergarten_tabs(tabs, org=org, context=context,
                                                      indicators=indicators).tables)
        for quarter in PILOT_QUARTERS:
            if quarter.key not in first and len(filled_tabs(rows, plan, contests, quarter)) == len(QUARTER_TABS):
                first[quarter.key] = info.pulled_at
        seen, changed = info.version, True
    if changed and save:
        store.set_state(key, json.dumps({"version": seen, "first": first}, sort_keys=True))
    return first
