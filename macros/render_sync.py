"""Show the reports of init, sync, restore, history and demo on the terminal (rich), and a
progress bar that is an action's ``progress(org, stage)`` callback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table as RichTable

from macros import texts
from macros.demo import DemoReport
from macros.init import InitReport
from macros.sync_cmd import HistoryReport, RestoreReport
from schemas import catalogue, clock
from schemas.lang import Lang
from schemas.sheets import KINDERGARTEN_SHEETS
from sync.engine import Progress as ProgressCallback
from sync.engine import SyncReport

_STAGES = ("pull", "checked", "feedback")


@contextmanager
def progress_bar(console: Console, lang: Lang, *, enabled: bool = True) -> Iterator[ProgressCallback]:
    """One line for the whole round, moved by the action's ``progress(org, stage)`` calls: how many
    kindergartens are done, and which one is at which stage. One line, redrawn four times a second,
    whatever the number of kindergartens (a bar each made every redraw cost more as the region grew)."""
    columns = (TextColumn("{task.completed:.0f}"), BarColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=console, disable=not enabled, transient=True, refresh_per_second=4) as bar:
        task = bar.add_task("", total=None)
        seen: set[str] = set()

        def progress(org: str, stage: str) -> None:
            if not org or stage not in _STAGES:
                return
            if stage == "checked":
                seen.add(org)
            bar.update(task, completed=len(seen), description=f"{org}: {texts.STAGES[stage](lang)}")

        yield progress


def print_init(console: Console, report: InitReport, lang: Lang) -> None:
    console.print(texts.INIT_DONE(lang, root=report.workspace.root))
    console.print("  " + texts.INIT_MASTER(lang, path=report.workspace.master))
    for code, path in report.kindergartens.items():
        console.print(f"  {code}: {path}")


def print_report(console: Console, report: SyncReport, lang: Lang) -> None:
    tabs = list(KINDERGARTEN_SHEETS)
    org, status, version, errors, warnings, changes_head = texts.SYNC_HEADS(lang).split("|")
    table = RichTable(org, status, version, *(s.title(lang) for s in tabs), errors, warnings, changes_head,
                      header_style="bold")
    unreadable = {f.org: f.message(lang) for f in report.findings if f.rule == catalogue.FILE_UNREADABLE.code}
    for o in report.orgs:
        rows = [str(o.rows[s.key]) if s.key in o.rows else "—" for s in tabs]
        deltas = [f"{s.title(lang)} {o.rows.get(s.key, 0) - o.previous_rows.get(s.key, 0):+d}"
                  for s in tabs if o.rows.get(s.key, 0) != o.previous_rows.get(s.key, 0)]
        changes = [(texts.NEW_VERSION if o.new_version else texts.SAME_VERSION)(lang), *deltas]
        if o.feedback_written:
            changes.append((texts.FEEDBACK_WOULD if report.dry_run else texts.FEEDBACK_WRITTEN)(lang))
        if o.org in unreadable:
            changes.append(unreadable[o.org])
        elif o.message:
            changes.append(o.message)
        shown_version = f"v{o.version}" if o.version is not None else "—"
        style = {"ok": "green", "stale": "yellow", "failed": "red", "pinned": "cyan"}.get(o.status, "")
        word = texts.STATUS[o.status](lang)
        table.add_row(o.org, f"[{style}]{word}" if style else word, shown_version, *rows,
                      str(o.errors), str(o.warnings), "; ".join(changes))
    console.print(table)
    if report.master_written:
        console.print((texts.MASTER_WOULD if report.dry_run else texts.MASTER_WRITTEN)(lang))
    else:
        console.print(texts.MASTER_SAME(lang))
    if report.dry_run:
        console.print(texts.DRY_RUN(lang))


def print_restore(console: Console, report: RestoreReport, lang: Lang) -> None:
    """The round's table, then what is pinned now (and what a --release let go)."""
    print_report(console, report.sync, lang)
    if report.released is not None:
        console.print(texts.RELEASED(lang, org=report.org, version=report.released))
    for pin in report.pins:
        console.print(texts.PINNED_LINE(lang, org=pin.org, version=pin.version, at=clock.local(pin.pinned_at)))
    if not report.pins:
        console.print(texts.NO_PINS(lang))


def print_history(console: Console, report: HistoryReport, lang: Lang) -> None:
    if not report.versions:
        console.print(texts.NO_HISTORY(lang))
        return
    table = RichTable(*texts.HISTORY_HEADS(lang).split("|"), header_style="bold")
    pinned = {(p.org, p.version): p for p in report.pins.values()}
    for info in report.versions:
        pin = pinned.get((info.org, info.version))
        version = f"v{info.version}" + (f" ({texts.HISTORY_PINNED(lang)})" if pin else "")
        table.add_row(version, info.org, clock.local(info.pulled_at), info.location, info.revision[:19])
    console.print(table)
    for pin in report.pins.values():
        console.print(texts.HISTORY_PIN(lang, org=pin.org, version=pin.version, at=clock.local(pin.pinned_at),
                                        release=f"baulu restore DIR --org {pin.org} --release"))


def print_demo(console: Console, report: DemoReport, lang: Lang) -> None:
    print_report(console, report.sync, lang)
    root = report.root
    console.print()
    console.print(texts.DEMO_READY(lang, root=root.resolve()))
    console.print(texts.DEMO_PLANTED(lang, n=len(report.planted)))
    for p in report.planted:
        console.print(f"  • {p.mistake.org} / {p.sheet} / {p.mistake.cell}: {p.message(lang)}")
    console.print(texts.DEMO_WHERE(lang))
    console.print(f"  {root / 'master.xlsx'} — {texts.DEMO_MASTER(lang)}")
    console.print(f"  {root / 'kindergartens'} — {texts.DEMO_KINDERGARTENS(lang)}")
    console.print(f"  {texts.DEMO_HISTORY(lang, root=root)}")
