"""What a round can skip, and the small records in the store's state that let it.

* A file unchanged since its last pull is not parsed: the backend gives a cheap fingerprint (local
  files: size, modification time and a hash of the file's last 64 KiB, which in an .xlsx is the zip
  directory holding every part's CRC-32), kept under ``pulled:<org>`` with the version it gave.
* A version already validated against the same master is not validated again: its findings and
  row counts are kept under ``checked:<org>``; its typed tables are only rebuilt (from the stored
  snapshot) when the master has to be written.

Every record is a cache: delete the ``state`` rows and the next round just parses and validates
everything again, with the same result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from schemas.finding import Finding
from schemas.rules import Context
from schemas.table import Table
from schemas.vocabulary import Indicator
from sync.store import Store
from sync.typed import TYPED

PULLED = "pulled:"
CHECKED = "checked:"
TAIL = 64 * 1024


@runtime_checkable
class Fingerprinted(Protocol):
    def fingerprint(self, location: str) -> str | None:
        """A cheap token that changes whenever the sheet at ``location`` may have changed; None
        when the backend cannot tell (then the sheet is always pulled)."""
        ...


def file_fingerprint(path: Path) -> str | None:
    """``size:mtime_ns:hash of the last 64 KiB`` of a file; None when it cannot be read."""
    try:
        with path.open("rb") as fh:
            stat = path.stat()
            fh.seek(max(0, stat.st_size - TAIL))
            tail = fh.read()
    except OSError:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}:{hashlib.blake2b(tail, digest_size=16).hexdigest()}"


def fingerprint(backend: object, location: str) -> str | None:
    return backend.fingerprint(location) if isinstance(backend, Fingerprinted) else None


def unchanged_version(store: Store, org: str, location: str, token: str | None, latest: int | None) -> bool:
    """Whether the sheet is as it was when ``latest`` (the org's newest stored version) was pulled."""
    if token is None or latest is None:
        return False
    known = _load(store, PULLED + org)
    return known == {"token": token, "location": location, "version": latest}


def remember_pull(store: Store, org: str, location: str, token: str | None, version: int) -> None:
    if token is not None:
        store.set_state(PULLED + org, json.dumps({"token": token, "location": location, "version": version}))


def context_key(context: Context, indicators: tuple[Indicator, ...]) -> str:
    """What a kindergarten's findings depend on besides its own sheet."""
    text = json.dumps([sorted(context.orgs), sorted(context.contest_months.items()), sorted(context.plan_items),
                       [(i.code, i.kk, i.ru) for i in indicators]], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CheckedVersion:
    findings: list[Finding]
    rows: dict[str, int]
    kept: dict[str, int] = field(default_factory=dict)
    """Tabs the version lacks, kept from older versions (spec key → that version; ``sync.lost``)."""


def reuse_checked(store: Store, org: str, version: int, context: str) -> CheckedVersion | None:
    known = _load(store, CHECKED + org)
    if not isinstance(known, dict) or known.get("version") != version or known.get("context") != context:
        return None
    return CheckedVersion([Finding(**f) for f in known["findings"]], {str(k): int(v) for k, v in known["rows"].items()},
                          {str(k): int(v) for k, v in known.get("kept", {}).items()})


def remember_checked(store: Store, org: str, version: int, context: str, findings: list[Finding],
                     rows: Mapping[str, int], *, kept: Mapping[str, int] | None = None) -> None:
    store.set_state(CHECKED + org, json.dumps(
        {"version": version, "context": context, "findings": [f.to_dict() for f in findings], "rows": dict(rows),
         "kept": dict(kept or {})},
        ensure_ascii=False))


class LazyTables(Mapping[str, Table]):
    """A kindergarten's typed tables, built on first use (only a round that writes the master needs
    them; a round where nothing changed never does)."""

    def __init__(self, build: Callable[[], Mapping[str, Table]]) -> None:
        self._build = build
        self._tables: Mapping[str, Table] | None = None

    def _get(self) -> Mapping[str, Table]:
        if self._tables is None:
            self._tables = self._build()
        return self._tables

    def __getitem__(self, key: str) -> Table:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


MASTER_ROWS = "master_rows"
"""What the master file Baulu last wrote holds (``sync.master_edits``)."""


def forget(store: Store) -> int:
    """Drop every pull fingerprint and remembered validation (findings and typed tables), and what
    the master Baulu last wrote holds: the next round parses and validates every kindergarten and
    reads the master (the full path); returns how many records there were."""
    return (store.delete_state(PULLED) + store.delete_state(CHECKED) + store.delete_state(TYPED)
            + store.delete_state(MASTER_ROWS))


def _load(store: Store, key: str) -> object:
    text = store.get_state(key)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
