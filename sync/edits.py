"""The coordinator's edits to kindergarten-owned cells of the consolidated sheets. Pure.

Baulu remembers what it last wrote into each kindergarten-owned cell (by the row's natural key;
as digests only, so the store's state holds no value a kindergarten typed).
A cell that now holds something else — neither what Baulu wrote nor what it is about to write —
was changed by hand in the master: a ``master.edited`` finding names the cell, the value typed
there and the kindergarten's value, in the same round that writes the kindergarten's value back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence

from schemas import catalogue
from schemas.finding import Finding, make_finding, show_value
from schemas.lang import Lang
from schemas.personal import mask_personal
from schemas.rows import Rows, column_letter
from schemas.sheetmap import map_rows, record_key
from schemas.sheets import SheetSpec, consolidated_spec
from sync.consolidate import Consolidated
from sync.plan_master import shown

Written = dict[str, dict[str, dict[str, str | None]]]
"""consolidated spec key → natural key's digest → column key → the written value's digest."""
STATE_KEY = "master_written"


def normal(value: object) -> str | None:
    """One spelling per value, so that what openpyxl reads back equals what a plan wrote; kept
    in the store only as a digest (:func:`_digest`), never as the value itself."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _owned(spec: SheetSpec) -> list[str]:
    return [c.key for c in spec.columns if c.owner != "coordinator"]


def _digest(text: str | None) -> str | None:
    """What the store keeps of a value: a short digest — never a child's code or a comment."""
    if text is None:
        return None
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _join(natural: tuple[str, ...]) -> str:
    return _digest(json.dumps(natural, ensure_ascii=False)) or ""


def written_values(specs: Sequence[SheetSpec], gathered: Consolidated, *, lang: Lang) -> Written:
    """What a round writes into the kindergarten-owned cells, for the next round to compare with."""
    out: Written = {}
    for source in specs:
        spec = consolidated_spec(source)
        records = gathered.records.get(spec.key, [])
        counts = Counter(record_key(spec, r) for r in records)
        out[spec.key] = {
            _join(record_key(spec, r)): {k: _digest(normal(shown(spec, k, r.get(k), lang))) for k in _owned(spec)}
            for r in records if counts[record_key(spec, r)] == 1
        }
    return out


def maybe_edited(specs: Sequence[SheetSpec], current: Mapping[str, Rows], written: Written) -> bool:
    """Whether any kindergarten-owned cell holds something other than what Baulu last wrote there
    (digests only: cheap; :func:`coordinator_edits` then says which, against the round's values)."""
    for source in specs:
        spec = consolidated_spec(source)
        title = next((t for t in current if spec.titles(t)), None)
        before = written.get(spec.key)
        if title is None or not before:
            continue
        rows = current[title]
        sheet = map_rows(rows, spec, title)
        for line in rows[sheet.header_row:]:
            natural = sheet.natural_key_of(line)
            last = before.get(_join(natural)) if natural is not None else None
            if last is None:
                continue
            for key, digest in last.items():
                index = sheet.columns.get(key)
                typed = line[index - 1] if index is not None and index <= len(line) else None
                if index is not None and _digest(normal(typed)) != digest:
                    return True
    return False


def coordinator_edits(specs: Sequence[SheetSpec], titles: Sequence[str], current: Mapping[str, Rows],
                      gathered: Consolidated, written: Written, *, lang: Lang) -> list[Finding]:
    """A finding for every kindergarten-owned cell changed by hand since Baulu wrote it, where
    the round is about to write something else."""
    found: list[Finding] = []
    for source in specs:
        spec = consolidated_spec(source)
        title = next((t for t in titles if spec.titles(t)), None)
        before = written.get(spec.key)
        if title is None or not before or title not in current:
            continue
        rows = current[title]
        sheet = map_rows(rows, spec, title)
        at: dict[tuple[str, ...], int] = {}
        for row in range(sheet.header_row + 1, len(rows) + 1):
            natural = sheet.natural_key_of(rows[row - 1])
            if natural is not None:
                at.setdefault(natural, row)
        records = gathered.records.get(spec.key, [])
        counts = Counter(record_key(spec, r) for r in records)
        for position, record in enumerate(records):
            natural = record_key(spec, record)
            last = before.get(_join(natural))
            found_row = at.get(natural)
            if counts[natural] != 1 or last is None or found_row is None:
                continue
            line = rows[found_row - 1]
            for key in _owned(spec):
                index = sheet.columns.get(key)
                if index is None or key not in last:
                    continue
                typed = line[index - 1] if index <= len(line) else None
                new = shown(spec, key, record.get(key), lang)
                if normal(typed) == normal(new) or _digest(normal(typed)) == last[key]:
                    continue
                cell = f"{column_letter(index)}{sheet.header_row + 1 + position}"
                found.append(make_finding(
                    catalogue.MASTER_EDITED, org="master", sheet=title, row=sheet.header_row + 1 + position,
                    column=str(rows[sheet.header_row - 1][index - 1]), cell=cell, value=typed,
                    expected=mask_personal(show_value(new)), kg=record.get("org"), place=cell,
                ))
    return found
