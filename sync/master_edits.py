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
from collections.abc import Callable, Sequence

from schemas.finding import Finding
from schemas.lang import Lang
from schemas.rows import Tabs
from schemas.sheets import SheetSpec, consolidated_spec
from sync.consolidate import Consolidated
from sync.edits import STATE_KEY, Written, coordinator_edits, maybe_edited, written_values
from sync.incremental import file_fingerprint
from sync.master import MasterBook, MasterFile
from sync.store import Store
from workbook.values import read_values

SEEN = "master_seen"
"""The master file's fingerprint when Baulu last wrote it or found no edit in it."""


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


def written(store: Store) -> Written:
    """What the last round wrote into the master's kindergarten-owned cells (empty: unknown)."""
    text = store.get_state(STATE_KEY)
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def check_edits(store: Store, book: MasterBook, specs: Sequence[SheetSpec], gathered: Callable[[], Consolidated],
                *, lang: Lang, dry_run: bool) -> list[Finding]:
    """A ``master.edited`` finding for each kindergarten-owned cell changed by hand since Baulu
    wrote it (``gathered``: the round's consolidated rows, built only when an edit is suspected)."""
    token = fingerprint(book)
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


def remember_written(store: Store, book: MasterBook, specs: Sequence[SheetSpec], gathered: Consolidated, *,
                     lang: Lang) -> None:
    """After a master write: what its kindergarten-owned cells hold, and the file as written."""
    store.set_state(STATE_KEY, json.dumps(written_values(specs, gathered, lang=lang), ensure_ascii=False))
    token = fingerprint(book)
    if token is not None:
        store.set_state(SEEN, token)
