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
import zlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from schemas import catalogue
from schemas.finding import Finding, make_finding, show_value
from schemas.lang import Lang
from schemas.personal import mask_personal
from schemas.rows import Rows, column_letter
from schemas.sheetmap import map_rows, record_key
from schemas.sheets import SheetSpec, consolidated_spec
from sync.consolidate import Consolidated
from sync.plan_master import shown
from sync.shown import Shown

Written = dict[str, dict[str, object]]
"""consolidated spec key → ``{"columns": [column keys], "rows": {row digest: cell digests}}``:
a row's digest is its natural key's, its cell digests one string, :data:`CELL` characters per
owned column in ``columns`` order. Compact: a region's master (60,000 rows) is a few MB."""
CELL = 4
"""Hex characters per cell digest (16 bits: one edit in 65,536 could go unnoticed)."""
_EMPTY = "-" * CELL


def normal(value: object) -> str | None:
    """One spelling per value, so that what openpyxl reads back equals what a plan wrote; kept
    in the store only as a digest (:func:`_cell`), never as the value itself."""
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


def _cell(value: object) -> str:
    """What the store keeps of a cell's value: a short digest — never a child's code or a comment."""
    text = normal(value)
    if text is None:
        return _EMPTY
    return f"{zlib.crc32(text.encode('utf-8', 'surrogatepass')) & 0xFFFF:04x}"


def _cells() -> Callable[[object], str]:
    """:func:`_cell`, each distinct value digested once (a region's master repeats its levels,
    periods, dates and names thousands of times). Keyed by type too: ``True``, ``1`` and ``1.0``
    are one key to a dict but not one spelling."""
    memo: dict[tuple[type, object], str] = {}

    def cell(value: object) -> str:
        key = (type(value), value)
        try:
            return memo[key]
        except KeyError:
            digest = memo[key] = _cell(value)
            return digest
        except TypeError:  # a value that cannot be a key
            return _cell(value)

    return cell


def _join(natural: tuple[str, ...]) -> str:
    text = json.dumps(natural, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def written_values(specs: Sequence[SheetSpec], gathered: Mapping[str, Sequence[Mapping[str, object]]], *,
                   lang: Lang, display: Callable[[SheetSpec], Shown] | None = None) -> Written:
    """What a round writes into the kindergarten-owned cells (``gathered``: consolidated records by
    consolidated spec key, of one organisation or all), for the next round to compare with
    (``display``: each consolidated sheet's :class:`Shown`, the plan's own)."""
    out: Written = {}
    cell = _cells()
    for source in specs:
        spec = consolidated_spec(source)
        records = gathered.get(spec.key, [])
        keys = [record_key(spec, r) for r in records]
        counts = Counter(keys)
        owned = _owned(spec)
        show = display(spec) if display is not None else Shown(spec, lang)
        out[spec.key] = {"columns": owned, "rows": {
            _join(natural): "".join([cell(show(k, r.get(k))) for k in owned])
            for natural, r in zip(keys, records, strict=True) if counts[natural] == 1
        }}
    return out


def _last(written: Written, spec: SheetSpec) -> tuple[list[str], Mapping[str, str]] | None:
    """The columns and rows remembered for ``spec`` (None: nothing, or a state from another format)."""
    entry = written.get(spec.key)
    if not isinstance(entry, dict):
        return None
    columns, rows = entry.get("columns"), entry.get("rows")
    if not isinstance(columns, list) or not isinstance(rows, dict) or not rows:
        return None
    return [str(c) for c in columns], rows


def _digests(cells: str, columns: Sequence[str]) -> dict[str, str]:
    return {key: cells[i * CELL:(i + 1) * CELL] for i, key in enumerate(columns)}


def maybe_edited(specs: Sequence[SheetSpec], current: Mapping[str, Rows], written: Written) -> bool:
    """Whether any kindergarten-owned cell holds something other than what Baulu last wrote there
    (digests only: cheap; :func:`coordinator_edits` then says which, against the round's values)."""
    for source in specs:
        spec = consolidated_spec(source)
        title = next((t for t in current if spec.titles(t)), None)
        last = _last(written, spec)
        if title is None or last is None:
            continue
        columns, before = last
        rows = current[title]
        sheet = map_rows(rows, spec, title)
        at = [(i, sheet.columns.get(key)) for i, key in enumerate(columns)]
        for line in rows[sheet.header_row:]:
            natural = sheet.natural_key_of(line)
            cells = before.get(_join(natural)) if natural is not None else None
            if cells is None:
                continue
            for i, index in at:
                if index is None:
                    continue
                typed = line[index - 1] if index <= len(line) else None
                if _cell(typed) != cells[i * CELL:(i + 1) * CELL]:
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
        remembered = _last(written, spec)
        if title is None or remembered is None or title not in current:
            continue
        columns, before = remembered
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
            cells = before.get(_join(natural))
            found_row = at.get(natural)
            if counts[natural] != 1 or cells is None or found_row is None:
                continue
            last = _digests(cells, columns)
            line = rows[found_row - 1]
            for key in _owned(spec):
                index = sheet.columns.get(key)
                if index is None or key not in last:
                    continue
                typed = line[index - 1] if index <= len(line) else None
                new = shown(spec, key, record.get(key), lang)
                if normal(typed) == normal(new) or _cell(typed) == last[key]:
                    continue
                cell = f"{column_letter(index)}{sheet.header_row + 1 + position}"
                found.append(make_finding(
                    catalogue.MASTER_EDITED, org="master", sheet=title, row=sheet.header_row + 1 + position,
                    column=str(rows[sheet.header_row - 1][index - 1]), cell=cell, value=typed,
                    expected=mask_personal(show_value(new)), kg=record.get("org"), place=cell,
                ))
    return found
