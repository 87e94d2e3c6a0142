"""The ribbon's actions: what each button of ``baulu.xlam`` runs, in the master open in Excel.

«Жинау және тексеру» (:func:`collect_and_check`) is a sync round written into the open book;
«Тексеру» (:func:`check`) validates what the book holds, without a pull; «Есеп» (:func:`report`)
lays the summary out again; «Тарих» (:func:`history`) puts the stored versions on a sheet. Each
shows its progress in Excel's status bar and ends with a message box in the workspace's
language; a failure ends in a message box that says what went wrong, never a traceback.

The workspace is the folder of the open master (its ``baulu.toml``). Nothing here saves the
book: the coordinator does, when she wants.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlwings as xw

from macros.backends import backend_for
from macros.sync_cmd import setup_logging
from macros.xlbook import ExcelMaster, apply_marks, apply_sheet, apply_summary
from schemas.check import check_master_tabs
from schemas.clock import local
from schemas.columns import Column
from schemas.errors import BauluError
from schemas.finding import Finding
from schemas.lang import Lang
from schemas.sheets import FINDINGS, SUMMARY, SheetSpec
from schemas.writeplan import Block, SheetWrite, Summary
from sync.engine import SyncReport, run_sync
from sync.lock import sync_lock
from sync.master import read_master
from sync.plan_findings import findings_sheet, in_sheets, marks
from sync.store import Store
from sync.workspace import Workspace, load_workspace

log = logging.getLogger("baulu")

TITLE = "Баулу"

_WORDS = {
    "kk": {
        "collect": "Жинау және тексеру", "check": "Тексеру", "report": "Есеп", "history": "Тарих",
        "reading": "кітап оқылып жатыр…", "pull": "жиналып жатыр", "checked": "тексерілді",
        "feedback": "кері байланыс жазылып жатыр", "writing": "кітапқа жазылып жатыр…",
        "done": "аяқталды.", "orgs": "МДҰ: {total}-тен {ok} жаңартылды",
        "stale": "{n} МДҰ файлы оқылмады (ескі нұсқасы қалды)",
        "counts": "Қате: {errors}, ескерту: {warnings}.", "where": "Толығы «{sheet}» парағында.",
        "same": "Жиынтық кітап өзгерген жоқ.", "summary": "«{sheet}» парағы жаңартылды.",
        "versions": "{n} нұсқа «{sheet}» парағына шығарылды.",
        "failed": "Орындалмады.", "unexpected": "Күтпеген қате болды; толығы logs/baulu.log ішінде.",
        "unprotected": "Назар аударыңыз: бұл Excel парақты қорғай алмайды, {sheets} парағы қорғалмады — "
                       "МДҰ бағандарын қолмен өзгертпеңіз.",
    },
    "ru": {
        "collect": "Собрать и проверить", "check": "Проверить", "report": "Отчёт", "history": "История",
        "reading": "чтение книги…", "pull": "сбор", "checked": "проверено",
        "feedback": "запись обратной связи", "writing": "запись в книгу…",
        "done": "готово.", "orgs": "ДО: обновлено {ok} из {total}",
        "stale": "файлы {n} ДО не прочитаны (осталась прежняя версия)",
        "counts": "Ошибок: {errors}, предупреждений: {warnings}.", "where": "Подробно — на листе «{sheet}».",
        "same": "Сводная книга не изменилась.", "summary": "Лист «{sheet}» обновлён.",
        "versions": "{n} версий выведено на лист «{sheet}».",
        "failed": "Не выполнено.", "unexpected": "Непредвиденная ошибка; подробности в logs/baulu.log.",
        "unprotected": "Внимание: этот Excel не умеет защищать листы, лист(ы) {sheets} не защищены — "
                       "не меняйте столбцы ДО вручную.",
    },
}


def words(lang: Lang) -> dict[str, str]:
    return _WORDS["ru" if lang == "ru" else "kk"]


class Screen:
    """Where an action speaks to the coordinator: Excel's status bar and a message box."""

    def __init__(self, book: xw.Book) -> None:
        self.app = book.app
        self.status_bar = True

    def progress(self, text: str) -> None:
        if not self.status_bar:
            return
        try:
            self.app.status_bar = f"{TITLE}: {text}"
        except NotImplementedError:  # an engine without a status bar (xlwings' remote engine)
            self.status_bar = False

    def tell(self, text: str, *, error: bool = False) -> None:
        self.app.alert(text, title=TITLE, mode="critical" if error else "info")

    def done(self) -> None:
        self.progress_reset()

    def progress_reset(self) -> None:
        if not self.status_bar:
            return
        try:
            self.app.status_bar = False
        except NotImplementedError:
            self.status_bar = False


Action = Callable[[xw.Book, Workspace, Screen], str]


def _counts(findings: list[Finding], lang: Lang) -> str:
    errors = sum(f.severity == "error" for f in findings)
    return words(lang)["counts"].format(errors=errors, warnings=len(findings) - errors)


def _findings_title(book: xw.Book, lang: Lang) -> str:
    return next((s.name for s in book.sheets if FINDINGS.titles(s.name)), FINDINGS.title(lang))


def do_collect(book: xw.Book, ws: Workspace, screen: Screen) -> str:
    """A whole sync round: pull, store, consolidate, validate, write the open master, feed back."""
    w = words(ws.lang)
    master = ExcelMaster(book)
    setup_logging(ws)
    screen.progress(w["reading"])
    with sync_lock(ws.state), Store.for_workspace(ws.root) as store:
        total = len(read_master(ws, master).locations)
        seen: list[str] = []

        def notify(org: str, stage: str) -> None:
            if org not in seen:
                seen.append(org)
            screen.progress(f"{org} — {w.get(stage, stage)} ({_of(len(seen), total, ws.lang)})")

        report = run_sync(ws, store, backend_for(ws), master=master, lang=ws.lang, progress=notify)
        store.finish_run(store.start_run(), "ok", {"findings": len(report.findings), "ribbon": True})
    message = _collect_message(report, book, ws.lang)
    if master.unprotected:
        log.warning("sheets left unprotected (this engine cannot protect sheets): %s", master.unprotected)
        message += "\n" + w["unprotected"].format(sheets=", ".join(f"«{t}»" for t in master.unprotected))
    return message


def _of(done: int, total: int, lang: Lang) -> str:
    return f"{done} из {total}" if lang == "ru" else f"{total}-тен {done}"


def _collect_message(report: SyncReport, book: xw.Book, lang: Lang) -> str:
    w = words(lang)
    ok = sum(o.status in ("ok", "pinned") for o in report.orgs)
    stale = sum(o.status in ("stale", "failed") for o in report.orgs)
    lines = [f"{w['collect']}: {w['done']}", w["orgs"].format(ok=ok, total=len(report.orgs)) + "."]
    if stale:
        lines.append(w["stale"].format(n=stale) + ".")
    lines.append(_counts(report.findings, lang))
    lines.append(w["where"].format(sheet=_findings_title(book, lang)) if report.master_written else w["same"])
    return "\n".join(lines)


def do_check(book: xw.Book, ws: Workspace, screen: Screen) -> str:
    """The open book checked as it is (no pull): findings sheet and marks written into it."""
    w = words(ws.lang)
    screen.progress(w["reading"])
    master = ExcelMaster(book)
    checked = check_master_tabs(master.tabs())
    findings = sorted(checked.findings, key=lambda f: f.sort_key)
    screen.progress(w["writing"])
    titles = master.titles()
    locate = in_sheets(titles)
    apply_sheet(book, findings_sheet(findings, spec=FINDINGS, lang=ws.lang, locate=locate), lang=ws.lang)
    apply_marks(book, marks(findings, lang=ws.lang, locate=locate))
    return "\n".join([f"{w['check']}: {w['done']}", _counts(findings, ws.lang),
                      w["where"].format(sheet=_findings_title(book, ws.lang))])


def do_report(book: xw.Book, ws: Workspace, screen: Screen) -> str:
    """The dashboard laid out again from what the open book holds (no pull)."""
    from sync.pilot import book_dashboard

    w = words(ws.lang)
    screen.progress(w["reading"])
    master = ExcelMaster(book)
    inputs = read_master(ws, master)
    title = next((t for t in master.titles() if SUMMARY.titles(t)), SUMMARY.title(ws.lang))
    now = dt.datetime.now(dt.UTC)
    if (ws.state / "store.sqlite").exists():
        with Store.for_workspace(ws.root) as store:
            board = book_dashboard(ws, store, inputs, master.tabs(), now=now)
    else:
        board = book_dashboard(ws, None, inputs, master.tabs(), now=now)
    summary = Summary(title, board)
    screen.progress(w["writing"])
    protected = apply_summary(book, summary, lang=ws.lang)
    done = f"{w['report']}: {w['done']}\n" + w["summary"].format(sheet=title)
    return done if protected else done + "\n" + w["unprotected"].format(sheets=f"«{title}»")


HISTORY = SheetSpec(
    "history", "Тарих", "История", "master",
    (
        Column("version", "Нұсқа", "Версия", width=9),
        Column("org", "Ұйым", "Организация", width=10),
        Column("pulled_at", "Алынған уақыты (Орал)", "Получено (Уральск)", width=24),
        Column("location", "Қайдан", "Откуда", width=34),
        Column("revision", "Ревизия", "Ревизия", width=22),
    ),
    natural_key=("version",),
)
"""The sheet «Тарих» shows: every stored version, newest first, times in Oral's local time."""


def history_write(ws: Workspace, lang: Lang) -> SheetWrite:
    with Store.for_workspace(ws.root) as store:
        infos = store.history()
    rows = tuple((f"v{i.version}", i.org, local(i.pulled_at), i.location, i.revision[:19]) for i in infos)
    return SheetWrite(HISTORY.title(lang), HISTORY, layout=True, blocks=(Block(2, 1, rows),) if rows else ())


def do_history(book: xw.Book, ws: Workspace, screen: Screen) -> str:
    w = words(ws.lang)
    screen.progress(w["reading"])
    write = history_write(ws, ws.lang)
    screen.progress(w["writing"])
    sheet = apply_sheet(book, write, lang=ws.lang)
    count = sum(b.height for b in write.blocks)
    return f"{w['history']}: {w['done']}\n" + w["versions"].format(n=count, sheet=sheet.name)


ACTIONS: dict[str, Action] = {
    "collect": do_collect, "check": do_check, "report": do_report, "history": do_history,
}


@dataclass(frozen=True)
class Outcome:
    """What the coordinator was told: the message box's text, and whether it reported a failure."""

    text: str
    failed: bool = False


def run(action: str, book: xw.Book | None = None, *, root: Path | None = None) -> Outcome:
    """Run one ribbon action on ``book`` (the caller's workbook when not given), its workspace
    being ``root`` or the book's folder; whatever happens ends in one message box."""
    book = book if book is not None else xw.Book.caller()
    screen = Screen(book)
    lang: Lang = "kk"
    try:
        ws = load_workspace(root if root is not None else Path(book.fullname).parent)
        lang = ws.lang
        outcome = Outcome(ACTIONS[action](book, ws, screen))
    except BauluError as exc:
        outcome = Outcome(f"{words(lang)[action]}: {words(lang)['failed']}\n\n{exc}", failed=True)
    except Exception as exc:  # whatever went wrong, Excel shows a sentence, not a traceback
        log.exception("ribbon action %s failed", action)
        outcome = Outcome(f"{words(lang)[action]}: {words(lang)['unexpected']}\n\n{type(exc).__name__}: {exc}",
                          failed=True)
    finally:
        screen.done()
    screen.tell(outcome.text, error=outcome.failed)
    return outcome


def collect_and_check() -> None:
    """«Жинау және тексеру»: pull, consolidate, validate, feed back — into the open master."""
    run("collect")


def check() -> None:
    """«Тексеру»: validate what is in the open workbook, without a pull."""
    run("check")


def report() -> None:
    """«Есеп»: refresh the summary."""
    run("report")


def history() -> None:
    """«Тарих»: the stored versions, as a sheet."""
    run("history")
