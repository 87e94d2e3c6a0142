"""When a round looks for the coordinator's hand edits in the master, and what it remembers.

After every master write the store keeps digests of what was written into the kindergarten-owned
cells (``sync.edits``) and the master file's fingerprint (as ``sync.incremental`` takes it for a
kindergarten's file). A round reads the consolidated sheets for edits only when the file's
fingerprint differs from the one remembered — a master untouched since Baulu wrote (or last
checked) it cannot hold an edit — and then by values only (python-calamine), not with openpyxl.
A book without a fingerprint (the workbook open in Excel) is read every round.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from schemas.finding import Finding
from schemas.lang import Lang
from schemas.rows import Rows, Tabs
from schemas.sheets import SheetSpec, consolidated_spec
from schemas.writeplan import WorkbookPlan
from sync.consolidate import Consolidated, Source
from sync.edits import Written, coordinator_edits, maybe_edited, written_values
from sync.incremental import MASTER_ROWS, file_fingerprint
from sync.master import MasterBook, MasterFile
from sync.store import Store
from workbook.segments import Segmented, packed, unpacked
from workbook.streamed import RowMemory, Shape
from workbook.values import read_values

SEEN = "master_seen"
"""The master file's fingerprint when Baulu last wrote it or found no edit in it."""
ROWS = MASTER_ROWS
"""What the consolidated rows of the master file Baulu last wrote are (``workbook.streamed``'s row
digests), with that file's fingerprint: a later write keeps the bytes of every row it would write
the same, as long as the file is still the one written."""


def fingerprint(book: MasterBook) -> str | None:
    return file_fingerprint(book.path) if isinstance(book, MasterFile) else None


def consolidated_values(book: MasterBook, specs: Sequence[SheetSpec]) -> Tabs:
    """The consolidated sheets' values (formulas' results), by title."""
    consolidated = [consolidated_spec(s) for s in specs]

    def wanted(title: str) -> bool:
        return any(c.titles(title) for c in consolidated)

    if isinstance(book, MasterFile):
        return read_values(book.path, only=wanted)
    return {t: book.values(t) for t in book.titles() if wanted(t)}


INDEX = "master_written"
"""Which organisations' written cells are remembered, and from what (their source's version and
labels, the language, the columns): an organisation whose source is the same as at the last write
wrote the same cells, so a round that changed one kindergarten digests and stores that one only."""
PREFIX = "master_written:"


def _org_key(org: str) -> str:
    return f"{PREFIX}{org}:"  # the colon ends the code: delete_state takes prefixes


def _load(store: Store, key: str) -> dict[str, Any]:
    text = store.get_state(key)
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def written(store: Store) -> Written:
    """What the last master write put into the kindergarten-owned cells (empty: unknown)."""
    merged: Written = {}
    for org in _load(store, INDEX).get("orgs", {}):
        for spec_key, entry in _load(store, _org_key(org)).items():
            if not isinstance(entry, dict) or not isinstance(entry.get("rows"), dict):
                continue
            into = merged.setdefault(spec_key, {"columns": entry.get("columns"), "rows": {}})
            rows = into["rows"]
            assert isinstance(rows, dict)
            rows.update(entry["rows"])
    return merged


def check_edits(store: Store, book: MasterBook, specs: Sequence[SheetSpec], gathered: Callable[[], Consolidated],
                *, lang: Lang, dry_run: bool) -> list[Finding]:
    """A ``master.edited`` finding for each kindergarten-owned cell changed by hand since Baulu
    wrote it (``gathered``: the round's consolidated rows, built only when an edit is suspected)."""
    token = fingerprint(book)
    if isinstance(book, MasterFile):  # the file's fingerprint when it is written, not now
        book.remembered = lambda: remembered(store, fingerprint(book))
    if token is not None and token == store.get_state(SEEN):
        return []
    before = written(store)
    found: list[Finding] = []
    if before:
        current = consolidated_values(book, specs)
        if maybe_edited(specs, current, before):
            found = coordinator_edits(specs, list(current), current, gathered(), before, lang=lang)
    if not found and token is not None and not dry_run:
        store.set_state(SEEN, token)
    return found


def remember_written(store: Store, book: MasterBook, specs: Sequence[SheetSpec], gathered: Consolidated,
                     sources: Sequence[Source], *, lang: Lang, read: Mapping[str, Rows] | None = None) -> None:
    """After a master write: what its kindergarten-owned cells hold (digested again only for the
    organisations whose source changed), and the file as written (``read``: the consolidated
    sheets' values the write was planned from, whose header rows it kept)."""
    index = _load(store, INDEX)
    shape = [lang, [[c.key for c in consolidated_spec(s).columns] for s in specs]]
    known = index.get("orgs", {}) if index.get("shape") == shape else {}
    now = {s.org: [s.version, s.pulled_at, s.stale, s.pinned, sorted(s.kept.items())] for s in sources}
    changed = {org for org, signature in now.items() if known.get(org) != json.loads(json.dumps(signature))}
    if changed:
        by_org: dict[str, dict[str, list[Mapping[str, object]]]] = {org: {} for org in changed}
        for spec_key, records in gathered.records.items():
            for record in records:
                org = str(record.get("org"))
                if org in by_org:
                    by_org[org].setdefault(spec_key, []).append(record)
        for org, records_of in by_org.items():
            store.set_state(_org_key(org), json.dumps(written_values(
                specs, records_of, lang=lang, display=lambda spec: gathered.display(spec, lang))))
    for org in set(known) - set(now):
        store.delete_state(_org_key(org))
    store.set_state(INDEX, json.dumps({"shape": shape, "orgs": now}, ensure_ascii=False))
    token = fingerprint(book)
    if token is not None:
        store.set_state(SEEN, token)
    rows = book.written_rows if isinstance(book, MasterFile) else None
    if token is not None and rows is not None:
        assert isinstance(book, MasterFile)
        shapes = _shapes(book.written_shapes, read or {})
        store.set_state(ROWS, json.dumps({"token": token, "sheets": {
            title: {"signature": signature, **_packed(digests), **shapes.get(title, {}),
                    **({"orgs": book.placed[title]} if title in book.placed and title in shapes else {}),
                    **({"segments": packed(book.written_segments[title])} if title in book.written_segments else {})}
            for title, (signature, digests) in rows.items()
        }}, ensure_ascii=False))
    else:
        store.delete_state(ROWS)


_JSON_EXACT = (type(None), str, int, float, bool)
"""Header values kept as JSON only when they read back as the same type (a Formula would not)."""


def _shapes(written: Mapping[str, Shape], read: Mapping[str, Rows]) -> dict[str, dict[str, object]]:
    """The shape of each sheet written bare, with its header rows as they were read."""
    out: dict[str, dict[str, object]] = {}
    for title, shape in written.items():
        rows = read.get(title)
        if rows is None or len(rows) < shape.header_row:
            continue
        header = [list(r) for r in rows[: shape.header_row]]
        if all(type(v) in _JSON_EXACT and v == v for r in header for v in r):
            out[title] = {"header": header, "height": shape.height}
    return out


def consolidated_now(store: Store, book: MasterBook, titles: Sequence[str]) -> dict[str, Rows]:
    """The values of the consolidated sheets ``titles``, as a round plans its write from them. A
    sheet of the master file Baulu last wrote (its fingerprint unchanged) that was written bare
    (``workbook.streamed.Shape``) is not read: its header rows, as kept, then empty rows down to
    its height — all that planning reads of it, since no cell outside Baulu's own columns holds
    anything. ``tests/test_known_master.py`` holds this to a read of the file."""
    known = _last_written(store, fingerprint(book)) if isinstance(book, MasterFile) and book.streaming else {}
    out: dict[str, Rows] = {}
    for title in titles:
        entry = known.get(title)
        header = entry.get("header") if isinstance(entry, dict) else None
        height = entry.get("height") if isinstance(entry, dict) else None
        if isinstance(header, list) and isinstance(height, int) and all(isinstance(r, list) for r in header):
            rows: list[Sequence[object]] = [list(r) for r in header[:max(height, 0)]]
            rows.extend([()] * (height - len(rows)))  # one empty row for all: planning only reads them
            out[title] = rows
        else:
            out[title] = book.values(title)
    return out


_NONE = "-" * 16


def _packed(digests: Mapping[int, str]) -> dict[str, object]:
    """Row digests as one string, 16 hex characters a row from the first row on."""
    if not digests:
        return {"first": 0, "rows": ""}
    first, last = min(digests), max(digests)
    return {"first": first, "rows": "".join(digests.get(r, _NONE) for r in range(first, last + 1))}


def _last_written(store: Store, token: str | None) -> dict[str, Any]:
    """What the store keeps of each consolidated sheet of the master file Baulu last wrote, by
    title, if that file's fingerprint is ``token`` (empty: another file, or none kept)."""
    data = _load(store, ROWS)
    sheets = data.get("sheets")
    return sheets if token is not None and data.get("token") == token and isinstance(sheets, dict) else {}


def remembered(store: Store, token: str | None) -> tuple[RowMemory, dict[str, Segmented]]:
    """What a streamed write of the master file whose fingerprint is ``token`` uses of the store's
    record of it, read once (empty: another file): each consolidated sheet's row digests, and how
    its part is compressed (``workbook.segments``)."""
    rows_of: RowMemory = {}
    pieces: dict[str, Segmented] = {}
    for title, entry in _last_written(store, token).items():
        if not isinstance(entry, dict):
            continue
        found = unpacked(entry.get("segments"))
        if found is not None:
            pieces[str(title)] = found
        signature, first, text = entry.get("signature"), entry.get("first"), entry.get("rows")
        if not isinstance(signature, str) or not isinstance(first, int) or not isinstance(text, str):
            continue
        rows = {first + i: text[i * 16:(i + 1) * 16] for i in range(len(text) // 16)}
        rows_of[str(title)] = (signature, {r: d for r, d in rows.items() if d != _NONE})
    return rows_of, pieces


Placed = dict[str, dict[str, list[object]]]
"""Consolidated sheet title → organisation → [its rows' key, its first row, how many rows]."""


def placed_rows(plan: WorkbookPlan, gathered: Consolidated, keys: Mapping[str, str]) -> Placed:
    """Where each organisation's consolidated rows are in ``plan``, with the key of what they are
    made of (``keys``: org → a digest of its source, the language, the columns and the checks its
    version was validated against). An organisation whose rows are not in one run is left out."""
    out: Placed = {}
    for write in plan.sheets:
        if write.spec.source is None:
            continue
        first: dict[str, int] = {}
        count: dict[str, int] = {}
        broken: set[str] = set()
        previous: str | None = None
        for position, record in enumerate(gathered.records.get(write.spec.key, [])):
            org = str(record.get("org"))
            if org != previous:
                if org in first:
                    broken.add(org)
                first[org], count[org], previous = write.header_row + 1 + position, 0, org
            count[org] += 1
        out[write.title] = {org: [keys[org], row, count[org]] for org, row in first.items()
                            if org not in broken and org in keys}
    return out


def arrange_runs(store: Store, book: MasterBook, plan: WorkbookPlan, gathered: Consolidated,
                 keys: Mapping[str, str]) -> None:
    """Before ``plan`` is applied to ``book``: where its organisations' rows go (remembered after
    the write), and which runs of them the file already holds (``workbook.streamed`` copies those)."""
    if isinstance(book, MasterFile):
        placed = book.placed = placed_rows(plan, gathered, keys)
        book.runs = lambda: unchanged_runs(store, book, placed)


def unchanged_runs(store: Store, book: MasterBook, placed: Placed) -> dict[str, list[tuple[int, int, int]]]:
    """Per consolidated sheet, the runs of rows the master file Baulu last wrote (its fingerprint
    unchanged) holds as they are to be written: each organisation whose rows are made of the same
    source, language, columns and checks as then, as many rows — (first row now, first row then,
    how many). Only for a sheet written bare then and planned from its kept shape now
    (:func:`consolidated_now`), so no cell of the coordinator's travels with those rows."""
    sheets = _last_written(store, fingerprint(book))
    out: dict[str, list[tuple[int, int, int]]] = {}
    for title, orgs in placed.items():
        entry = sheets.get(title)
        before = entry.get("orgs") if isinstance(entry, dict) and "header" in entry else None
        if not isinstance(before, dict):
            continue
        runs = []
        for org, (key, first, count) in orgs.items():
            then = before.get(org)
            if (isinstance(then, list) and len(then) == 3 and then[0] == key and then[2] == count
                    and isinstance(then[1], int) and isinstance(first, int) and isinstance(count, int)):
                runs.append((first, then[1], count))
        out[title] = sorted(runs)
    return out
