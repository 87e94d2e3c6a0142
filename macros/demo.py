"""`baulu demo`: a complete 2026 workspace with sample data and a few real-life mistakes, synced."""

from __future__ import annotations

import shutil
from pathlib import Path

from rich.console import Console

from macros.demo_data import fill_workspace
from macros.init import init_workspace
from macros.sync_cmd import print_report, sync_once
from schemas.errors import WorkspaceError

_TEXT = {
    "kk": ("Демо-папка дайын: {root}", "Бес МДҰ файлы үлгі деректермен толтырылды, {n} әдейі қате енгізілді:",
           "Қайда қарау керек:", "жиынтық кітап (Ескертулер парағы, қызыл/сары ұяшықтар, ескертпелер)",
           "әр МДҰ файлы: «Кері байланыс» парағы", "нұсқалар тарихы: baulu history {root}"),
    "ru": ("Демо-папка готова: {root}", "Пять файлов ДО заполнены примерными данными, внесено {n} ошибок:",
           "Куда смотреть:", "сводная книга (лист «Замечания», красные/жёлтые ячейки, примечания)",
           "каждый файл ДО: лист «Обратная связь»", "история версий: baulu history {root}"),
}


DEMO_MARK = ".baulu-demo"
"""A file ``baulu demo`` leaves in the folder it made: only such a folder is ever replaced."""


def is_demo(root: Path) -> bool:
    return (root / DEMO_MARK).is_file()


def clear_for_demo(root: Path) -> None:
    """Make way for a demo at ``root``: an earlier demo is removed, a missing or empty folder is
    fine, and anything else — a coordinator's workspace, any folder of her own — is refused."""
    if not root.exists():
        return
    if not root.is_dir():
        raise WorkspaceError(f"{root}: бұл файл, папка емес. / это файл, а не папка.")
    if is_demo(root):
        shutil.rmtree(root)
    elif any(root.iterdir()):
        raise WorkspaceError(
            f"{root}: бұл папка демо емес және бос емес — Baulu оны өшірмейді. Басқа папка атын беріңіз. / "
            f"эта папка не демо и не пуста — Baulu её не удалит. Укажите другую папку."
        )


def run_demo(root: Path, *, console: Console, lang: str = "kk") -> None:
    clear_for_demo(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / DEMO_MARK).write_text(
        "baulu demo: бұл папканы «baulu demo» қайта жасай алады. / эту папку может пересоздать «baulu demo».\n",
        encoding="utf-8")
    init_workspace(root, lang=lang)
    mistakes = fill_workspace(root)
    report = sync_once(root, console=console, lang=lang)
    print_report(console, report, lang)
    t = _TEXT[lang]
    console.print()
    console.print(t[0].format(root=root.resolve()))
    console.print(t[1].format(n=len(mistakes)))
    found = {(f.org, f.rule, f.cell): f for f in report.findings}
    for m in mistakes:
        f = found.get((m.org, m.rule, m.cell))
        where = f.sheet if f else m.sheet
        text = f.message(lang) if f else m.what
        console.print(f"  • {m.org} / {where} / {m.cell}: {text}")
    console.print(t[2])
    console.print(f"  {root / 'master.xlsx'} — {t[3]}")
    console.print(f"  {root / 'kindergartens'} — {t[4]}")
    console.print(f"  {t[5].format(root=root)}")
