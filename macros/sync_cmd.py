"""`baulu sync`, `baulu history`, `baulu restore`: the actions around a sync round."""

from __future__ import annotations

import logging
import logging.handlers
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table as RichTable

from schemas.errors import BauluError
from sync.engine import SyncReport, run_sync
from sync.lock import sync_lock
from sync.store import Store
from sync.workspace import Workspace, load_workspace

log = logging.getLogger("baulu")

_STAGES = {"pull": 1, "checked": 2, "feedback": 3}
_WORDS = {
    "kk": {"org": "Ұйым", "status": "Күйі", "version": "Нұсқа", "rows": "Жолдар (парақ бойынша)",
           "errors": "Қате", "warnings": "Ескерту", "changes": "Өзгерістер", "new": "жаңа нұсқа",
           "same": "өзгеріс жоқ", "feedback": "кері байланыс жазылды", "master": "Жиынтық кітап жазылды",
           "master_same": "Жиынтық кітап өзгерген жоқ", "dry": "Сынақ режимі: ештеңе жазылған жоқ.",
           "ok": "жаңартылды", "stale": "ескірген", "failed": "оқылмады", "pinned": "бекітілген нұсқа"},
    "ru": {"org": "Организация", "status": "Статус", "version": "Версия", "rows": "Строки (по листам)",
           "errors": "Ошибки", "warnings": "Предупр.", "changes": "Изменения", "new": "новая версия",
           "same": "без изменений", "feedback": "обратная связь записана", "master": "Сводная книга записана",
           "master_same": "Сводная книга не изменилась", "dry": "Пробный режим: ничего не записано.",
           "ok": "обновлено", "stale": "устарело", "failed": "не прочитано", "pinned": "закреплённая версия"},
}


def setup_logging(ws: Workspace) -> None:
    ws.logs.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(ws.logs / "baulu.log", maxBytes=1_000_000,
                                                   backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in log.handlers):
        log.addHandler(handler)
    log.setLevel(logging.INFO)


def sync_once(root: Path, *, console: Console, lang: str | None = None, dry_run: bool = False,
              wait: float = 0, pins: Mapping[str, int] | None = None, show_progress: bool = True) -> SyncReport:
    ws = load_workspace(root)
    lang = lang or ws.lang
    if not dry_run:
        setup_logging(ws)
    with sync_lock(ws.state, wait=wait), Store.for_workspace(ws.root) if not dry_run else _readonly(ws) as store:
        with Progress(TextColumn("{task.description}"), BarColumn(), console=console,
                      disable=not show_progress, transient=True) as bar:
            tasks: dict[str, int] = {}

            def progress(org: str, stage: str) -> None:
                if org not in tasks:
                    tasks[org] = bar.add_task(org, total=len(_STAGES))
                bar.update(tasks[org], completed=_STAGES.get(stage, 0))

            report = run_sync(ws, store, dry_run=dry_run, lang=lang, progress=progress, pins=pins)
            if not dry_run:
                run_id = store.start_run()
                store.finish_run(run_id, "ok", _summary(report))
    if not dry_run:
        errors = sum(f.severity == "error" for f in report.findings)
        log.info("sync done: %d organisations, %d findings (%d errors), master written: %s",
                 len(report.orgs), len(report.findings), errors, report.master_written)
    return report


def _readonly(ws: Workspace) -> Store:
    """A dry run reads the store from a copy, so that not even SQLite's own files change."""
    import shutil
    import tempfile

    source = ws.state / "store.sqlite"
    tmp = Path(tempfile.mkdtemp(prefix="baulu-dry-"))
    if source.exists():
        shutil.copy2(source, tmp / "store.sqlite")
        for suffix in ("-wal", "-shm"):
            extra = source.with_name(source.name + suffix)
            if extra.exists():
                shutil.copy2(extra, tmp / ("store.sqlite" + suffix))
    return Store(tmp / "store.sqlite")


def _summary(report: SyncReport) -> dict[str, object]:
    return {
        "findings": len(report.findings),
        "errors": sum(f.severity == "error" for f in report.findings),
        "master_written": report.master_written,
        "orgs": {o.org: {"status": o.status, "version": o.version, "rows": o.rows} for o in report.orgs},
    }


def print_report(console: Console, report: SyncReport, lang: str) -> None:
    w = _WORDS[lang]
    table = RichTable(w["org"], w["status"], w["version"], w["rows"], w["errors"], w["warnings"],
                      w["changes"], header_style="bold")
    for o in report.orgs:
        rows = ", ".join(f"{k}: {n}" for k, n in o.rows.items())
        deltas = [f"{k} {o.rows.get(k, 0) - o.previous_rows.get(k, 0):+d}"
                  for k in o.rows if o.rows.get(k, 0) != o.previous_rows.get(k, 0)]
        changes = [w["new"] if o.new_version else w["same"], *deltas]
        if o.feedback_written:
            changes.append(w["feedback"])
        if o.message:
            changes.append(o.message)
        version = f"v{o.version}" if o.version is not None else "—"
        style = {"ok": "green", "stale": "yellow", "failed": "red"}.get(o.status, "")
        table.add_row(o.org, f"[{style}]{w[o.status]}" if style else w[o.status], version, rows,
                      str(o.errors), str(o.warnings), "; ".join(changes))
    console.print(table)
    console.print(w["master"] if report.master_written else w["master_same"])
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


def print_history(console: Console, root: Path, org: str | None, lang: str) -> None:
    ws = load_workspace(root)
    with Store.for_workspace(ws.root) as store:
        infos = store.history(org)
    heads = ("Нұсқа", "Ұйым", "Алынған уақыты (UTC)", "Қайдан", "Ревизия") if lang == "kk" else (
        "Версия", "Организация", "Получено (UTC)", "Откуда", "Ревизия")
    table = RichTable(*heads, header_style="bold")
    for info in infos:
        table.add_row(f"v{info.version}", info.org, info.pulled_at, info.location, info.revision[:19])
    console.print(table)
