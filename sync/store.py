"""The snapshot store: every pulled version of every kindergarten's sheet, kept forever.

One SQLite file per workspace, ``<workspace>/.baulu/store.sqlite``, in WAL mode so a reader
(the CLI, a report) never blocks the sync writer. Standard library ``sqlite3`` only.

* ``snapshots``: append-only; a version is a global autoincrement integer. Triggers refuse any
  UPDATE or DELETE, so nothing is ever lost. The tabs are kept as zlib-compressed UTF-8 of the
  canonical JSON from :func:`encode_tabs`.
* ``runs``: one row per sync run (start, finish, status, JSON summary).
* ``state``: a small key/value table (e.g. digests of what was last written).
* ``redactions`` and ``redaction_cells``: the audit of ``baulu redact`` — who (the OS user),
  when, why, and which versions, sheets and cells (or backup files) were rewritten; never the
  value. Append-only like the snapshots.
* ``pins``: the coordinator's restores that last — an organisation's consolidated rows come from
  this stored version until she releases it.

The one change a snapshot may undergo is a redaction: its ``tabs`` rewritten, every other column
the same, and only with a permit (``redaction_permits``) that names an audit row of the same
transaction listing that version. The triggers refuse any other UPDATE or DELETE.

Every write is one transaction. Close the store (or use ``with Store(...) as s:``) so that on
Windows the file can be moved or deleted afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import sqlite3
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from schemas.clock import utc_now
from schemas.errors import BauluError
from schemas.rows import Tabs

_TAGS: dict[str, type[dt.date | dt.time]] = {"$date": dt.date, "$datetime": dt.datetime, "$time": dt.time}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshots (version INTEGER PRIMARY KEY AUTOINCREMENT, org TEXT NOT NULL,
    location TEXT NOT NULL, revision TEXT NOT NULL, pulled_at TEXT NOT NULL, tabs BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS snapshots_org ON snapshots (org, version);
CREATE TRIGGER IF NOT EXISTS snapshots_no_delete BEFORE DELETE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are append-only'); END;
CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL,
    finished_at TEXT, status TEXT NOT NULL, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS redactions (audit_id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
    who TEXT NOT NULL, why TEXT NOT NULL, org TEXT);
CREATE TABLE IF NOT EXISTS redaction_cells (audit_id INTEGER NOT NULL REFERENCES redactions (audit_id),
    place TEXT NOT NULL, version INTEGER, sheet TEXT NOT NULL, cell TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS redaction_permits (version INTEGER PRIMARY KEY, audit_id INTEGER NOT NULL,
    tabs BLOB NOT NULL);
CREATE TRIGGER IF NOT EXISTS redactions_no_update BEFORE UPDATE ON redactions
BEGIN SELECT RAISE(ABORT, 'the redaction audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS redactions_no_delete BEFORE DELETE ON redactions
BEGIN SELECT RAISE(ABORT, 'the redaction audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS redaction_cells_no_update BEFORE UPDATE ON redaction_cells
BEGIN SELECT RAISE(ABORT, 'the redaction audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS redaction_cells_no_delete BEFORE DELETE ON redaction_cells
BEGIN SELECT RAISE(ABORT, 'the redaction audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS redaction_permits_audited BEFORE INSERT ON redaction_permits
WHEN NEW.audit_id IS NOT (SELECT max(audit_id) FROM redactions)
    OR NOT EXISTS (SELECT 1 FROM redaction_cells c
                   WHERE c.audit_id = NEW.audit_id AND c.place = 'store' AND c.version = NEW.version)
BEGIN SELECT RAISE(ABORT, 'a redaction needs its audit row first'); END;
CREATE TRIGGER IF NOT EXISTS snapshots_redacted AFTER UPDATE ON snapshots
BEGIN DELETE FROM redaction_permits WHERE version = NEW.version; END;
CREATE TABLE IF NOT EXISTS pins (org TEXT PRIMARY KEY, version INTEGER NOT NULL REFERENCES snapshots (version),
    pinned_at TEXT NOT NULL);
"""

# A snapshot's only permitted change: its tabs, to the content a permit of this transaction names.
_UPDATE_GUARD = """
DROP TRIGGER IF EXISTS snapshots_no_update;
CREATE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots
WHEN NOT (NEW.version IS OLD.version AND NEW.org IS OLD.org AND NEW.location IS OLD.location
          AND NEW.revision IS OLD.revision AND NEW.pulled_at IS OLD.pulled_at
          AND EXISTS (SELECT 1 FROM redaction_permits p WHERE p.version = OLD.version AND p.tabs = NEW.tabs))
BEGIN SELECT RAISE(ABORT, 'snapshots are append-only'); END;
"""
SCHEMA_VERSION = 2
REDACTED = "[өшірілді / удалено]"  # what a redacted cell holds from then on


def _encode_cell(value: object) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None  # NaN/inf are not data: store as empty
    if isinstance(value, dt.datetime):  # before date: datetime is a subclass of date
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    raise TypeError(f"unsupported cell value {value!r} ({type(value).__name__})")


def _decode_cell(value: object) -> object:
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, text),) = value.items()
            kind = _TAGS.get(tag)
            if kind is not None and isinstance(text, str):
                return kind.fromisoformat(text)
        raise ValueError(f"unknown tagged cell {value!r}")
    return value


def encode_tabs(tabs: Tabs) -> str:
    """Canonical JSON of ``tabs``: sorted keys, compact, non-ASCII kept as is.

    Dates, datetimes and times become ``{"$date": ...}``, ``{"$datetime": ...}``,
    ``{"$time": ...}`` (ISO 8601); non-finite floats become ``null``. Tab order is not kept.
    """
    plain = {str(title): [[_encode_cell(c) for c in row] for row in rows] for title, rows in tabs.items()}
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def decode_tabs(text: str) -> Tabs:
    """The exact inverse of :func:`encode_tabs` (bool, int, date vs datetime all preserved)."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("tabs JSON must be an object of sheet title -> rows")
    return {title: [[_decode_cell(c) for c in row] for row in rows] for title, rows in data.items()}


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def content_revision(tabs: Tabs) -> str:
    """``"sha256:<hex>"`` of the canonical JSON: same content, same revision, whatever the file bytes."""
    return "sha256:" + hashlib.sha256(_utf8(encode_tabs(tabs))).hexdigest()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def typed_only(tabs: Tabs) -> Tabs:
    """What was typed, without a sheet's formatted empty space: each row without its trailing empty
    cells, each tab without its trailing empty rows; a cell of spaces is empty. Meaning is kept:
    every reader treats a missing cell, an empty one and one of spaces alike (row numbers stay)."""
    result: dict[str, list[list[object]]] = {}
    for title, rows in tabs.items():
        kept: list[list[object]] = []
        for row in rows:
            cells = [None if _blank(v) else v for v in row]
            while cells and cells[-1] is None:
                cells.pop()
            kept.append(cells)
        while kept and not kept[-1]:
            kept.pop()
        result[title] = kept
    return result


def same_content(snapshot: Snapshot, revision: str) -> bool:
    """Whether a pull of ``revision`` holds what ``snapshot`` holds. A snapshot stored before pulls
    kept only what was typed (see :func:`typed_only`) has a revision of its formatted empty space
    too: its typed content is compared, so upgrading makes no kindergarten look changed."""
    if snapshot.revision == revision:
        return True
    return content_revision(typed_only(snapshot.tabs)) == revision


@dataclass(frozen=True)
class SnapshotInfo:
    version: int
    org: str
    location: str  # where it was pulled from: a file path or a Google Sheet id/URL
    revision: str
    pulled_at: str  # ISO 8601 UTC, seconds


@dataclass(frozen=True)
class Snapshot(SnapshotInfo):
    tabs: Tabs

    @property
    def info(self) -> SnapshotInfo:
        return SnapshotInfo(self.version, self.org, self.location, self.revision, self.pulled_at)


@dataclass(frozen=True)
class Pin:
    """A stored version the master shows for ``org`` until released."""

    org: str
    version: int
    pinned_at: str


@dataclass(frozen=True)
class RunInfo:
    run_id: int
    started_at: str
    finished_at: str | None
    status: str
    summary: dict[str, object]


_INFO_COLS = "version, org, location, revision, pulled_at"


class Store:
    """The snapshot store on one SQLite file. Not thread-safe: one Store per thread/process."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, timeout=10.0)
        try:
            self._conn.execute("PRAGMA busy_timeout = 10000")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"could not switch {self.path} to WAL (got {mode})")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            with self._conn:
                self._conn.executescript(_SCHEMA)
                if self._conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                    self._conn.executescript(_UPDATE_GUARD)  # opening an up-to-date store writes nothing
                    self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def for_workspace(cls, root: Path) -> Store:
        return cls(Path(root) / ".baulu" / "store.sqlite")

    def close(self) -> None:
        """Close the connection (idempotent); WAL side files are checkpointed and removed."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def add(
        self,
        org: str,
        location: str,
        tabs: Tabs,
        *,
        revision: str | None = None,
        pulled_at: str | None = None,
    ) -> tuple[SnapshotInfo, bool]:
        """Keep a pulled version of ``org``'s sheet.

        If the org's latest snapshot has the same revision nothing is stored and
        ``(that latest, False)`` is returned; otherwise ``(the new one, True)``.
        """
        rev = revision if revision is not None else content_revision(tabs)
        blob = zlib.compress(_utf8(encode_tabs(tabs)))
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")  # the check and the insert are one transaction
            row = self._conn.execute(
                f"SELECT {_INFO_COLS} FROM snapshots WHERE org = ? ORDER BY version DESC LIMIT 1", (org,)
            ).fetchone()
            if row is not None and (row[3] == rev or self._typed_revision(row[0]) == rev):
                return SnapshotInfo(*row), False
            when = pulled_at or utc_now()
            cur = self._conn.execute(
                "INSERT INTO snapshots (org, location, revision, pulled_at, tabs) VALUES (?, ?, ?, ?, ?)",
                (org, location, rev, when, blob),
            )
            assert cur.lastrowid is not None
            return SnapshotInfo(cur.lastrowid, org, location, rev, when), True

    def _typed_revision(self, version: int) -> str:
        """The revision of what was typed in a stored version (see :func:`same_content`)."""
        snapshot = self.get(version)
        assert snapshot is not None
        return content_revision(typed_only(snapshot.tabs))

    def _snapshot(self, where: str, params: tuple[object, ...]) -> Snapshot | None:
        row = self._conn.execute(f"SELECT {_INFO_COLS}, tabs FROM snapshots {where}", params).fetchone()
        if row is None:
            return None
        tabs = decode_tabs(zlib.decompress(row[5]).decode("utf-8", "surrogatepass"))
        return Snapshot(row[0], row[1], row[2], row[3], row[4], tabs)

    def latest_info(self, org: str) -> SnapshotInfo | None:
        """The org's newest version without its tabs (nothing decoded)."""
        row = self._conn.execute(
            f"SELECT {_INFO_COLS} FROM snapshots WHERE org = ? ORDER BY version DESC LIMIT 1", (org,)
        ).fetchone()
        return None if row is None else SnapshotInfo(*row)

    def latest(self, org: str) -> Snapshot | None:
        return self._snapshot("WHERE org = ? ORDER BY version DESC LIMIT 1", (org,))

    def get(self, version: int) -> Snapshot | None:
        return self._snapshot("WHERE version = ?", (version,))

    def get_info(self, version: int) -> SnapshotInfo | None:
        """A version without its tabs (nothing decoded)."""
        row = self._conn.execute(f"SELECT {_INFO_COLS} FROM snapshots WHERE version = ?", (version,)).fetchone()
        return None if row is None else SnapshotInfo(*row)

    def previous_info(self, org: str, version: int) -> SnapshotInfo | None:
        """The org's version just before ``version``, without its tabs."""
        row = self._conn.execute(
            f"SELECT {_INFO_COLS} FROM snapshots WHERE org = ? AND version < ? ORDER BY version DESC LIMIT 1",
            (org, version)).fetchone()
        return None if row is None else SnapshotInfo(*row)

    def pin(self, org: str, version: int) -> Pin:
        """Show ``version`` of ``org`` in the master until :meth:`unpin`; it must be that org's."""
        when = utc_now()
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            row = self._conn.execute("SELECT org FROM snapshots WHERE version = ?", (version,)).fetchone()
            if row is None or row[0] != org:
                raise KeyError(f"{org}: no stored version {version}")
            self._conn.execute(
                "INSERT INTO pins (org, version, pinned_at) VALUES (?, ?, ?) ON CONFLICT (org) DO UPDATE"
                " SET version = excluded.version, pinned_at = excluded.pinned_at", (org, version, when))
        return Pin(org, version, when)

    def unpin(self, org: str) -> Pin | None:
        """Release ``org``'s pin; returns what was pinned (None: nothing was)."""
        with self._conn:
            row = self._conn.execute("SELECT org, version, pinned_at FROM pins WHERE org = ?", (org,)).fetchone()
            self._conn.execute("DELETE FROM pins WHERE org = ?", (org,))
        return None if row is None else Pin(*row)

    def pins(self) -> dict[str, Pin]:
        return {r[0]: Pin(*r) for r in self._conn.execute("SELECT org, version, pinned_at FROM pins ORDER BY org")}

    def history(self, org: str | None = None) -> list[SnapshotInfo]:
        """Snapshots (without their tabs), oldest first; all orgs or just ``org``."""
        sql = f"SELECT {_INFO_COLS} FROM snapshots"
        params: tuple[object, ...] = ()
        if org is not None:
            sql, params = sql + " WHERE org = ?", (org,)
        return [SnapshotInfo(*r) for r in self._conn.execute(sql + " ORDER BY version", params)]

    def orgs(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT DISTINCT org FROM snapshots ORDER BY org")]

    def start_run(self) -> int:
        with self._conn:
            cur = self._conn.execute(
                "INSERT INTO runs (started_at, status, summary) VALUES (?, 'running', '{}')", (utc_now(),)
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def finish_run(self, run_id: int, status: str, summary: dict[str, object]) -> None:
        """Record how a run ended; ``summary`` must be JSON-able (other values are stored as str)."""
        text = json.dumps(summary, ensure_ascii=False, sort_keys=True, default=str)
        with self._conn:
            cur = self._conn.execute(
                "UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE run_id = ?",
                (utc_now(), status, text, run_id),
            )
        if cur.rowcount != 1:
            raise KeyError(f"no run {run_id}")

    def runs(self, limit: int = 20) -> list[RunInfo]:
        """The last ``limit`` runs, newest first."""
        rows = self._conn.execute(
            "SELECT run_id, started_at, finished_at, status, summary FROM runs ORDER BY run_id DESC LIMIT ?",
            (limit,),
        )
        return [RunInfo(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def get_state(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def delete_state(self, prefix: str) -> int:
        """Forget every state key starting with ``prefix``; returns how many there were."""
        with self._conn:
            cur = self._conn.execute("DELETE FROM state WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
        return cur.rowcount

    def set_state(self, key: str, value: str) -> None:
        with self._conn:
            self._conn.execute(
                "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, value, utc_now()),
            )

    # ----------------------------------------------------------------------- redaction

    def redact(self, changes: Sequence[Redaction], *, who: str, why: str, org: str | None) -> int:
        """Rewrite the listed snapshots' tabs, all in one transaction with their audit row.

        Each change names a version, its tabs with the matching cells already replaced by
        :data:`REDACTED`, and the (sheet, cell) places replaced. Returns the audit id. The old
        content is overwritten on disk (``secure_delete``); call :meth:`compact` afterwards so
        that no free page or WAL frame keeps it either.
        """
        self._conn.execute("PRAGMA secure_delete = ON")
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            cur = self._conn.execute("INSERT INTO redactions (at, who, why, org) VALUES (?, ?, ?, ?)",
                                     (utc_now(), who, why, org))
            audit_id = cur.lastrowid
            assert audit_id is not None
            for change in changes:
                self._conn.executemany(
                    "INSERT INTO redaction_cells (audit_id, place, version, sheet, cell) VALUES (?, 'store', ?, ?, ?)",
                    [(audit_id, change.version, sheet, cell) for sheet, cell in change.cells],
                )
                blob = zlib.compress(_utf8(encode_tabs(change.tabs)))
                self._conn.execute("INSERT INTO redaction_permits (version, audit_id, tabs) VALUES (?, ?, ?)",
                                   (change.version, audit_id, blob))
                done = self._conn.execute("UPDATE snapshots SET tabs = ? WHERE version = ?", (blob, change.version))
                if done.rowcount != 1:
                    raise KeyError(f"no snapshot v{change.version}")
        return audit_id

    def audit_files(self, audit_id: int, place: str, cells: Sequence[tuple[str, str]]) -> None:
        """Add to an audit row the cells rewritten in a file outside the store (a backup)."""
        with self._conn:
            self._conn.executemany(
                "INSERT INTO redaction_cells (audit_id, place, version, sheet, cell) VALUES (?, ?, NULL, ?, ?)",
                [(audit_id, place, sheet, cell) for sheet, cell in cells],
            )

    def compact(self) -> None:
        """Rebuild the file (VACUUM) and empty the WAL, so that nothing rewritten survives in it."""
        self._conn.execute("VACUUM")
        busy, _, _ = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise BauluError(
                f"{self.path.name}: басқа бағдарлама дерекқорды ұстап тұр — оны жауып, қайталаңыз (өшіру "
                f"аяқталды, бірақ файл әлі тазартылмады).",
                f"{self.path.name}: базу держит другая программа — закройте её и "
                f"повторите (удаление выполнено, но файл ещё не очищен)."
            )

    def redactions(self) -> list[RedactionInfo]:
        """Every redaction, oldest first, with how many cells of which versions and files."""
        out: list[RedactionInfo] = []
        for audit_id, at, who, why, org in self._conn.execute(
            "SELECT audit_id, at, who, why, org FROM redactions ORDER BY audit_id"
        ).fetchall():
            cells = self._conn.execute(
                "SELECT place, version, sheet, cell FROM redaction_cells WHERE audit_id = ? ORDER BY rowid",
                (audit_id,),
            ).fetchall()
            out.append(RedactionInfo(audit_id, at, who, why, org, [tuple(c) for c in cells]))
        return out


@dataclass(frozen=True)
class Redaction:
    """One snapshot's rewrite: its new tabs and the (sheet, cell) places that were replaced."""

    version: int
    tabs: Tabs
    cells: list[tuple[str, str]]


@dataclass(frozen=True)
class RedactionInfo:
    audit_id: int
    at: str  # ISO 8601 UTC
    who: str
    why: str
    org: str | None
    cells: list[tuple[str, int | None, str, str]]  # place ('store' or a file), version, sheet, cell
