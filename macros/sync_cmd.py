"""`baulu sync`, `baulu restore`, `baulu history` and the service: the actions around a sync round.

Each takes plain arguments and an optional ``progress(org, stage)`` callback and returns a report;
showing it is someone else's job (``macros.render_sync`` on the terminal, the ribbon in Excel).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from macros.backends import backend_for
from schemas.errors import BauluError
from schemas.lang import Lang
from sync.engine import Progress, SyncReport, run_sync
from sync.lock import sync_lock
from sync.master import MasterFile, read_master
from sync.store import Pin, SnapshotInfo, Store
from sync.workspace import Workspace, load_workspace
from workbook.save import ensure_not_open, remove_leftovers

log = logging.getLogger("baulu")

def setup_logging(ws: Workspace) -> None:
    """Log into this workspace's ``logs/baulu.log`` (rotated), and only there."""
    ws.logs.mkdir(parents=True, exist_ok=True)
    path = str((ws.logs / "baulu.log").resolve())
    for old in [h for h in log.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        if old.baseFilename == path:
            return
        log.removeHandler(old)
        old.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def sync_once(root: Path, *, lang: Lang | None = None, dry_run: bool = False, wait: float = 0,
              pins: Mapping[str, int] | None = None, progress: Progress | None = None,
              write_back: Collection[str] = ()) -> SyncReport:
    """One round under the workspace lock; a dry run takes no lock and writes nothing at all.

    ``progress(org, stage)`` hears each kindergarten's ``pull``, ``checked`` and ``feedback``;
    ``write_back``: pinned organisations whose own sheets get the pinned version's values."""
    ws = load_workspace(root)
    lang = lang or ws.lang
    if dry_run:
        with tempfile.TemporaryDirectory(prefix="baulu-dry-") as tmp, _store_copy(ws, Path(tmp)) as store:
            return run_sync(ws, store, backend_for(ws, dry_run=True), dry_run=True, lang=lang, progress=progress, pins=pins,
                            write_back=write_back)
    setup_logging(ws)
    ensure_not_open(ws.master)  # the command line writes a closed file; the ribbon writes the open book
    with sync_lock(ws.state, wait=wait), Store.for_workspace(ws.root) as store:
        for folder in {ws.master.parent, ws.kindergartens}:
            for leftover in remove_leftovers(folder):
                log.info("removed a temporary file left by an interrupted save: %s", leftover)
        report = run_sync(ws, store, backend_for(ws), dry_run=False, lang=lang, progress=progress, pins=pins,
                          write_back=write_back)
        store.finish_run(store.start_run(), "ok", _summary(report))
    errors = sum(f.severity == "error" for f in report.findings)
    log.info("sync done: %d organisations, %d findings (%d errors), master written: %s",
             len(report.orgs), len(report.findings), errors, report.master_written)
    return report


def _store_copy(ws: Workspace, tmp: Path) -> Store:
    """A dry run reads a copy of the store, so that not even SQLite's own files change."""
    source = ws.state / "store.sqlite"
    for suffix in ("", "-wal", "-shm"):
        extra = source.with_name(source.name + suffix)
        if extra.exists():
            shutil.copy2(extra, tmp / extra.name)
    return Store(tmp / source.name)


def _summary(report: SyncReport) -> dict[str, object]:
    return {
        "findings": len(report.findings),
        "errors": sum(f.severity == "error" for f in report.findings),
        "master_written": report.master_written,
        "orgs": {o.org: {"status": o.status, "version": o.version, "rows": o.rows} for o in report.orgs},
    }


_EVERY = re.compile(r"^(\d+)\s*([smh]?)$")


def parse_every(text: str) -> float:
    """'10m' → 600 seconds; '30s', '1h', '90' (seconds) too."""
    m = _EVERY.match(text.strip().lower())
    if not m or int(m[1]) <= 0:
        raise ValueError(text)
    return int(m[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[m[2]]


def parse_version(text: str) -> int:
    """'3' or 'v3' → 3; anything else (``latest``, ``-1``, ``3.5``) is a usage error."""
    m = re.fullmatch(r"[vV]?(\d+)", text.strip())
    if not m or int(m[1]) <= 0:
        raise ValueError(text)
    return int(m[1])


@dataclass
class RestoreReport:
    """A restore's round and the pins that hold after it."""

    org: str
    sync: SyncReport
    pins: list[Pin] = field(default_factory=list)
    released: int | None = None  # the version a --release let go


def restore(root: Path, org: str, at: str | int | None = None, *, release: bool = False, write_back: bool = False,
            lang: Lang | None = None, progress: Progress | None = None) -> RestoreReport:
    """Pin ``org`` at stored version ``at`` (``3`` or ``"v3"``) until released — the master shows
    that version, the kindergarten's sheet keeps being pulled and stored — or with ``release``
    let the pin go; then run the round that shows it. ``write_back`` also writes the pinned
    version's values into the kindergarten's own sheet."""
    ws = load_workspace(root)
    released = None
    with Store.for_workspace(ws.root) as store:
        if release:
            was = store.unpin(org)
            if was is None:
                raise BauluError(f"{org}: бекітілген нұсқа жоқ", f"{org}: нет закреплённой версии")
            released = was.version
        else:
            if at is None:
                raise BauluError("--at НҰСҚА немесе --release керек", "нужно --at ВЕРСИЯ или --release")
            version = at if isinstance(at, int) else parse_version(at)
            try:
                store.pin(org, version)
            except KeyError:
                raise BauluError(f"{org}: v{version} нұсқасы жоқ", f"{org}: версии v{version} нет") from None
    report = sync_once(root, lang=lang, progress=progress, write_back=(org,) if write_back else ())
    with Store.for_workspace(ws.root) as store:
        pins = list(store.pins().values())
    return RestoreReport(org, report, pins, released)


def serve(root: Path, every: float, *, lang: Lang | None = None, rounds: int | None = None,
          sleep: Callable[[float], None] = time.sleep, progress: Progress | None = None,
          on_report: Callable[[SyncReport], None] | None = None,
          on_error: Callable[[Exception], None] | None = None) -> int:
    """Sync every ``every`` seconds until stopped; a failed round is logged, told to ``on_error``
    and tried again at the next turn. Each finished round goes to ``on_report``."""
    done = 0
    while rounds is None or done < rounds:
        try:
            report = sync_once(root, lang=lang, wait=every, progress=progress)
        except BauluError as exc:
            log.error("sync round failed: %s", exc)
            if on_error:
                on_error(exc)
        except Exception as exc:  # the service survives a failed round
            log.exception("sync round failed")
            if on_error:
                on_error(exc)
        else:
            if on_report:
                on_report(report)
        done += 1
        if rounds is None or done < rounds:
            sleep(every)
    return 0


@dataclass
class HistoryReport:
    versions: list[SnapshotInfo] = field(default_factory=list)
    lang: Lang = "kk"  # the workspace's
    pins: dict[str, Pin] = field(default_factory=dict)
    """The versions the master shows until released (``baulu restore --at``), by organisation."""


def history(root: Path, org: str | None = None) -> HistoryReport:
    """Every stored version (of one organisation when ``org`` is given), oldest first."""
    ws = load_workspace(root)
    with Store.for_workspace(ws.root) as store:
        pins = {o: p for o, p in store.pins().items() if org is None or o == org}
        report = HistoryReport(store.history(org), ws.lang, pins)
        stored = store.orgs()
    if org is not None and org not in stored:
        known = read_master(ws, MasterFile.of(ws)).locations
        if org not in known:
            raise BauluError(f"«{org}» ұйымы жоқ; Ұйымдар парағындағы кодтар: {', '.join(known)}.",
                             f"Организации «{org}» нет; коды на листе «Организации»: {', '.join(known)}.")
    return report
