"""`baulu sync`, `baulu history`, `baulu restore`: the actions around a sync round."""

from __future__ import annotations

import logging
import logging.handlers
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from rich.table import Table as RichTable

from macros.backends import backend_for
from schemas.errors import BauluError
from schemas.sheets import KINDERGARTEN_SHEETS
from sync.engine import SyncReport, run_sync
from sync.lock import sync_lock
from sync.master import MasterFile, read_master
from sync.store import Store
from sync.workspace import Workspace, load_workspace
from workbook.save import ensure_not_open, remove_leftovers

log = logging.getLogger("baulu")

_STAGES = {"pull": 1, "checked": 2, "feedback": 3}
_WORDS = {
    "kk": {"org": "Ұйым", "status": "Күйі", "version": "Нұсқа",
           "errors": "Қате", "warnings": "Ескерту", "changes": "Өзгерістер", "new": "жаңа нұсқа",
           "same": "өзгеріс жоқ", "feedback": "кері байланыс жазылды", "master": "Жиынтық кітап жазылды",
           "master_same": "Жиынтық кітап өзгерген жоқ", "dry": "Сынақ режимі: ештеңе жазылған жоқ.",
           "master_would": "Жиынтық кітап өзгерер еді", "feedback_would": "кері байланыс жазылар еді",
           "ok": "жаңартылды", "stale": "ескірген", "failed": "оқылмады", "pinned": "бекітілген нұсқа"},
    "ru": {"org": "Организация", "status": "Статус", "version": "Версия",
           "errors": "Ошибки", "warnings": "Предупр.", "changes": "Изменения", "new": "новая версия",
           "same": "без изменений", "feedback": "обратная связь записана", "master": "Сводная книга записана",
           "master_same": "Сводная книга не изменилась", "dry": "Пробный режим: ничего не записано.",
           "master_would": "Сводная книга изменилась бы", "feedback_would": "обратная связь была бы записана",
           "ok": "обновлено", "stale": "устарело", "failed": "не прочитано", "pinned": "закреплённая версия"},
}


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


def sync_once(root: Path, *, console: Console, lang: str | None = None, dry_run: bool = False,
              wait: float = 0, pins: Mapping[str, int] | None = None, show_progress: bool = True) -> SyncReport:
    """One round under the workspace lock; a dry run takes no lock and writes nothing at all."""
    ws = load_workspace(root)
    lang = lang or ws.lang
    if dry_run:
        with tempfile.TemporaryDirectory(prefix="baulu-dry-") as tmp, _store_copy(ws, Path(tmp)) as store:
            return _round(ws, store, console=console, lang=lang, dry_run=True, pins=pins,
                          show_progress=show_progress)
    setup_logging(ws)
    ensure_not_open(ws.master)  # the command line writes a closed file; the ribbon writes the open book
    with sync_lock(ws.state, wait=wait), Store.for_workspace(ws.root) as store:
        for folder in {ws.master.parent, ws.kindergartens}:
            for leftover in remove_leftovers(folder):
                log.info("removed a temporary file left by an interrupted save: %s", leftover)
        report = _round(ws, store, console=console, lang=lang, dry_run=False, pins=pins,
                        show_progress=show_progress)
        store.finish_run(store.start_run(), "ok", _summary(report))
    errors = sum(f.severity == "error" for f in report.findings)
    log.info("sync done: %d organisations, %d findings (%d errors), master written: %s",
             len(report.orgs), len(report.findings), errors, report.master_written)
    return report


def _round(ws: Workspace, store: Store, *, console: Console, lang: str, dry_run: bool,
           pins: Mapping[str, int] | None, show_progress: bool) -> SyncReport:
    columns = (TextColumn("{task.description}"), BarColumn())
    with Progress(*columns, console=console, disable=not show_progress, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(org: str, stage: str) -> None:
            if org not in tasks:
                tasks[org] = bar.add_task(org, total=len(_STAGES))
            bar.update(tasks[org], completed=_STAGES.get(stage, 0))

        return run_sync(ws, store, backend_for(ws, dry_run=dry_run), dry_run=dry_run, lang=lang, progress=progress, pins=pins)


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


def print_report(console: Console, report: SyncReport, lang: str) -> None:
    w = _WORDS[lang]
    tabs = [spec for spec in KINDERGARTEN_SHEETS]
    table = RichTable(w["org"], w["status"], w["version"], *(s.title(lang) for s in tabs), w["errors"],
                      w["warnings"], w["changes"], header_style="bold")
    for o in report.orgs:
        rows = [str(o.rows[s.key]) if s.key in o.rows else "—" for s in tabs]
        deltas = [f"{s.title(lang)} {o.rows.get(s.key, 0) - o.previous_rows.get(s.key, 0):+d}"
                  for s in tabs if o.rows.get(s.key, 0) != o.previous_rows.get(s.key, 0)]
        changes = [w["new"] if o.new_version else w["same"], *deltas]
        if o.feedback_written:
            changes.append(w["feedback_would" if report.dry_run else "feedback"])
        if o.message:
            changes.append(o.message)
        version = f"v{o.version}" if o.version is not None else "—"
        style = {"ok": "green", "stale": "yellow", "failed": "red"}.get(o.status, "")
        table.add_row(o.org, f"[{style}]{w[o.status]}" if style else w[o.status], version, *rows,
                      str(o.errors), str(o.warnings), "; ".join(changes))
    console.print(table)
    written = w["master_would" if report.dry_run else "master"]
    console.print(written if report.master_written else w["master_same"])
    if report.dry_run:
        console.print(w["dry"])


_EVERY = re.compile(r"^(\d+)\s*([smh]?)$")


def parse_every(text: str) -> float:
    """'10m' → 600 seconds; '30s', '1h', '90' (seconds) too."""
    m = _EVERY.match(text.strip().lower())
    if not m or int(m[1]) <= 0:
        raise ValueError(f"--every: «{text}» — e.g. 10m, 30s, 1h")
    return int(m[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[m[2]]


def serve(root: Path, every: float, *, console: Console, lang: str | None,
          rounds: int | None = None, sleep: Callable[[float], None] = time.sleep) -> int:
    """Sync every ``every`` seconds until stopped; a failed round is logged and tried again."""
    done = 0
    while rounds is None or done < rounds:
        try:
            report = sync_once(root, console=console, lang=lang, wait=every, show_progress=False)
            print_report(console, report, lang or load_workspace(root).lang)
        except BauluError as exc:
            log.error("sync round failed: %s", exc)
            console.print(f"[red]{exc}")
        except Exception as exc:  # the service survives a failed round
            log.exception("sync round failed")
            console.print(f"[red]{type(exc).__name__}: {exc}")
        done += 1
        if rounds is None or done < rounds:
            sleep(every)
    return 0


_VERSION = re.compile(r"^[vV]?(\d+)$")


def parse_version(text: str) -> int:
    """'3' or 'v3' → 3; anything else (``latest``, ``-1``, ``3.5``) is a usage error."""
    m = _VERSION.match(text.strip())
    if not m or int(m[1]) <= 0:
        raise ValueError(
            f"--at: «{text}» нұсқа нөмірі емес; нөмірді «baulu history» көрсетеді, мысалы --at 3 немесе --at v3. / "
            f"«{text}» не номер версии; номера показывает «baulu history», например --at 3 или --at v3."
        )
    return int(m[1])


def print_history(console: Console, root: Path, org: str | None, lang: str) -> None:
    ws = load_workspace(root)
    with Store.for_workspace(ws.root) as store:
        infos = store.history(org)
        stored = store.orgs()
    if org is not None and org not in stored:
        known = read_master(ws, MasterFile.of(ws)).locations
        if org not in known:
            raise BauluError(
                f"«{org}» ұйымы жоқ; Ұйымдар парағындағы кодтар: {', '.join(known)}. / "
                f"Организации «{org}» нет; коды на листе «Организации»: {', '.join(known)}."
            )
    heads = ("Нұсқа", "Ұйым", "Алынған уақыты (UTC)", "Қайдан", "Ревизия") if lang == "kk" else (
        "Версия", "Организация", "Получено (UTC)", "Откуда", "Ревизия")
    table = RichTable(*heads, header_style="bold")
    for info in infos:
        table.add_row(f"v{info.version}", info.org, info.pulled_at, info.location, info.revision[:19])
    console.print(table)
