"""Each validated version's typed tables, kept in the store's state beside its findings.

The master shows what validation gives (codes in canonical spelling, personal data masked), not
what was typed: so a round that writes the master needs every kindergarten's typed tables. They are
kept under ``typed:<org>`` with the version and the master's context they were validated against,
and a kindergarten whose version and context are unchanged is never validated again — a round with
one kindergarten changed validates that one. The values are kept exactly as the validated frame
gives its records (``int``, ``float`` with NaN, ``str``, ``Timestamp`` …): anything else is not
kept, and that kindergarten is validated again the next time. A cache like the others in
``sync.incremental``: ``forget`` drops it, and the round rebuilds it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import weakref
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from schemas.sheets import SheetSpec
from schemas.table import Table
from sync.store import Store

TYPED = "typed:"
FORMAT = 1

Record = dict[str, object]


class StoredTable(Table):
    """A typed table read back from the store: its records as validation gave them; the frame is
    built only if something asks for it (consolidation reads the records)."""

    def __init__(self, spec: SheetSpec, org: str, sheet_title: str, *, letters: dict[str, str],
                 headers: dict[str, str], header_row: int, index: list[int], columns: list[str],
                 records: list[Record]) -> None:
        self.spec, self.org, self.sheet_title = spec, org, sheet_title
        self.letters, self.headers, self.header_row = letters, headers, header_row
        self.index, self.columns, self.records = index, columns, records
        self._frame: pd.DataFrame | None = None

    @property  # type: ignore[override]
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = pd.DataFrame.from_records(self.records, index=self.index, columns=self.columns)
        return self._frame

    @frame.setter
    def frame(self, value: pd.DataFrame) -> None:
        self._frame = value


_MADE: dict[int, tuple[weakref.ref[Table], pd.DataFrame, tuple[list[int], list[Record]]]] = {}
"""Records already made, by the table's id (while the table lives, and only for the frame it had)."""


def table_records(table: Table) -> tuple[list[int], list[Record]]:
    """A typed table's sheet rows and records (canonical values), as consolidation needs them.

    Made once per table: keeping it (``remember_tables``), consolidating it and the dashboard's
    quarters ask for the same records of the same validated table in one round. The lists are
    shared: read them, do not change them."""
    if isinstance(table, StoredTable):
        return table.index, table.records
    key = id(table)
    made = _MADE.get(key)
    if made is not None and made[0]() is table and made[1] is table.frame:
        return made[2]
    out = ([int(i) for i in table.frame.index], frame_records(table.frame))
    _MADE[key] = (weakref.ref(table, lambda _: _MADE.pop(key, None)), table.frame, out)
    return out


_AS_THEY_ARE = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, dt.time, pd.Timestamp})
"""Values ``DataFrame.to_dict`` gives back as they are (it turns numpy's scalars into Python's)."""


def frame_records(frame: pd.DataFrame) -> list[Record]:
    """``frame.to_dict("records")`` with string keys; a frame of objects whose every value pandas
    would give back as it is is read row by row without it."""
    keys = [str(k) for k in frame.columns]
    if all(str(t) == "object" for t in frame.dtypes):
        rows = frame.to_numpy(dtype=object).tolist()
        if {type(v) for row in rows for v in row} <= _AS_THEY_ARE:
            return [dict(zip(keys, row, strict=True)) for row in rows]
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


class _Unkept(TypeError):
    """A value this cache does not keep (the kindergarten is validated again next time)."""


def _encode(value: object) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if value is pd.NaT:
        return {"$nat": ""}
    if isinstance(value, pd.Timestamp):  # before datetime: a Timestamp is a datetime
        return {"$ts": value.isoformat()}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    raise _Unkept(type(value).__name__)


_DECODE: dict[str, Callable[[str], object]] = {
    "$float": float, "$nat": lambda _: pd.NaT, "$ts": pd.Timestamp, "$datetime": dt.datetime.fromisoformat,
    "$date": dt.date.fromisoformat, "$time": dt.time.fromisoformat,
}


def _tagged(value: dict[str, object]) -> object:
    """``json.loads``' hook: a tagged value (``{"$date": "2026-03-02"}``) decoded as the parser meets
    it; any other object as it is (a column key never starts with ``$``)."""
    if len(value) == 1:
        ((tag, text),) = value.items()
        decode = _DECODE.get(tag)
        if decode is not None and isinstance(text, str):
            return decode(text)
    return value


def remember_tables(store: Store, org: str, version: int, context: str, tables: Mapping[str, Table]) -> bool:
    """Keep ``tables`` (what validating ``version`` against ``context`` gave); False when a value
    could not be kept (nothing is kept then)."""
    kept: dict[str, object] = {}
    try:
        for key, table in tables.items():
            index, records = table_records(table)
            columns = [str(c) for c in table.frame.columns] if not isinstance(table, StoredTable) else table.columns
            kept[key] = {
                "title": table.sheet_title, "org": table.org, "letters": table.letters, "headers": table.headers,
                "header_row": table.header_row, "index": index, "columns": columns,
                "rows": [[_encode(r.get(c)) for c in columns] for r in records],
            }
    except _Unkept:
        store.delete_state(TYPED + org)
        return False
    store.set_state(TYPED + org, json.dumps({"format": FORMAT, "version": version, "context": context,
                                             "tables": kept}, ensure_ascii=False, allow_nan=False))
    return True


def stored_tables(store: Store, org: str, version: int, context: str,
                  specs: Sequence[SheetSpec]) -> dict[str, Table] | None:
    """The typed tables kept for ``version`` validated against ``context``, or None."""
    text = store.get_state(TYPED + org)
    if text is None:
        return None
    try:  # tagged values are decoded by the parser: the rows are then built in one pass each
        known = json.loads(text, object_hook=_tagged)
    except ValueError:
        return None
    if (not isinstance(known, dict) or known.get("format") != FORMAT or known.get("version") != version
            or known.get("context") != context):
        return None
    by_key = {s.key: s for s in specs}
    out: dict[str, Table] = {}
    for key, kept in known["tables"].items():
        spec = by_key.get(key)
        if spec is None:
            return None
        columns = [str(c) for c in kept["columns"]]
        out[key] = StoredTable(
            spec, str(kept["org"]), str(kept["title"]), letters=dict(kept["letters"]), headers=dict(kept["headers"]),
            header_row=int(kept["header_row"]), index=[int(i) for i in kept["index"]], columns=columns,
            records=[dict(zip(columns, row, strict=True)) for row in kept["rows"]],
        )
    return out


__all__ = ["TYPED", "StoredTable", "remember_tables", "stored_tables", "table_records"]
