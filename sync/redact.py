"""`baulu redact`: the one sanctioned way to erase a value from the store and the backups.

The value is searched in every stored version (of one organisation or all), in every master
backup in ``.baulu/backups/`` and in the master itself. Each matching cell is replaced by a
marker; the store records who (the OS user), when, why and which versions and cells — never
the value — in its append-only audit tables, then rebuilds its file (VACUUM) and empties its
WAL, so the old bytes are gone from disk as SQLite sees it. All under the workspace's sync lock.

The revision a version was stored under is kept: an unchanged kindergarten file is not stored
again. The value stays in the kindergarten's own sheet until it is deleted there.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from pathlib import Path

from schemas.errors import BauluError
from schemas.redaction import MIN_LENGTH, cell_value, fold, redact_tabs
from schemas.sheets import kindergarten_sheets
from sync.incremental import forget
from sync.lock import sync_lock
from sync.store import REDACTED, Redaction, Store
from sync.workspace import Workspace
from workbook.redact import redact_workbook, workbook_places
from workbook.save import ensure_not_open


@dataclass
class RedactResult:
    """What was (or, in a dry run, would be) erased: versions and cells in the store, cells per file."""

    dry_run: bool
    org: str | None
    audit_id: int | None = None
    store: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # version -> places
    files: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # path in workspace -> places

    @property
    def cells(self) -> int:
        return sum(len(p) for p in self.store.values()) + sum(len(p) for p in self.files.values())

    @property
    def found(self) -> bool:
        return self.cells > 0


def os_user() -> str:
    """Who runs this, as the operating system knows them (USERNAME on Windows, USER elsewhere)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "?"


def value_at(store: Store, org: str, sheet: str, cell: str, version: int | None = None) -> str:
    """The text at ``sheet``!``cell`` of ``org``'s version ``version`` (default: its latest)."""
    snap = store.get(version) if version is not None else store.latest(org)
    if snap is None or snap.org != org:
        if version is not None:
            raise BauluError(f"{org}: v{version} нұсқасы жоқ", f"{org}: версии v{version} нет")
        raise BauluError(f"{org}: сақталған нұсқа жоқ", f"{org}: сохранённых версий нет")
    title = sheet if sheet in snap.tabs else next(
        (t for t in snap.tabs for s in kindergarten_sheets() if s.titles(t) and s.titles(sheet)), None)
    value = cell_value(snap.tabs, title, cell) if title is not None else None
    if value is None or str(value).strip() in ("", REDACTED):
        raise BauluError(f"{org} v{snap.version} «{sheet}»!{cell}: бос ұяшық",
                         f"{org} v{snap.version} «{sheet}»!{cell}: пустая ячейка")
    return str(value)


def _files(ws: Workspace) -> list[Path]:
    backups = sorted(ws.backup_dir.glob("*.xlsx")) if ws.backup_dir.is_dir() else []
    return [*backups, *([ws.master] if ws.master.exists() else [])]


def _rel(ws: Workspace, path: Path) -> str:
    try:
        return path.relative_to(ws.root).as_posix()
    except ValueError:
        return str(path)


def redact(ws: Workspace, value: str, *, why: str, org: str | None = None, who: str | None = None,
           dry_run: bool = False) -> RedactResult:
    """Erase every cell holding ``value`` from the store (``org``'s versions, or all) and the files."""
    needle = fold(value)
    if len(needle) < MIN_LENGTH:
        raise ValueError(f"at least {MIN_LENGTH} characters")
    if not why.strip():
        raise ValueError("why")
    result = RedactResult(dry_run=dry_run, org=org)
    with sync_lock(ws.state), Store.for_workspace(ws.root) as store:
        if org is not None and org not in store.orgs():
            raise BauluError(f"«{org}»: бұл ұйымның сақталған нұсқасы жоқ",
                             f"«{org}»: у этой организации нет сохранённых версий")
        changes: list[Redaction] = []
        for info in store.history(org):
            snap = store.get(info.version)
            assert snap is not None
            tabs, places = redact_tabs(snap.tabs, needle, REDACTED)
            if places:
                changes.append(Redaction(info.version, tabs, places))
                result.store[info.version] = places
        files = {path: workbook_places(path, needle) for path in _files(ws)}
        for path, places in files.items():
            if places:
                result.files[_rel(ws, path)] = places
        if dry_run:
            return result
        if not result.found:
            store.compact()  # a run cut short before its compaction finishes it now
            return result
        if ws.master.exists() and files.get(ws.master):
            ensure_not_open(ws.master)
        result.audit_id = store.redact(changes, who=who or os_user(), why=why.strip(), org=org)
        forget(store)  # remembered findings quote cell values: gone before the compaction
        store.compact()
        for path, places in files.items():
            if places:
                done = redact_workbook(path, needle, REDACTED)
                store.audit_files(result.audit_id, _rel(ws, path), done)
    return result
