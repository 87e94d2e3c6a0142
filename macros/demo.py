"""`baulu demo`: a complete 2026 workspace with sample data and a few real-life mistakes, synced."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from macros.demo_data import Mistake, fill_workspace
from macros.demo_history import plant_history
from macros.init import init_workspace
from macros.sync_cmd import sync_once
from schemas.errors import WorkspaceError
from schemas.finding import Finding
from schemas.lang import Lang
from sync.engine import Progress, SyncReport


@dataclass(frozen=True)
class Planted:
    """A mistake planted in the demo data, and the finding the sync made of it."""

    mistake: Mistake
    finding: Finding | None

    @property
    def sheet(self) -> str:
        return self.finding.sheet if self.finding else self.mistake.sheet

    def message(self, lang: Lang) -> str:
        return self.finding.message(lang) if self.finding else self.mistake.rule.about(lang)


@dataclass
class DemoReport:
    root: Path
    sync: SyncReport
    planted: list[Planted] = field(default_factory=list)


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
        raise WorkspaceError(f"{root}: бұл файл, папка емес.", f"{root}: это файл, а не папка.")
    if is_demo(root):
        shutil.rmtree(root)
    elif any(root.iterdir()):
        raise WorkspaceError(
            f"{root}: бұл папка демо емес және бос емес — Baulu оны өшірмейді. Басқа папка атын беріңіз.",
            f"{root}: эта папка не демо и не пуста — Baulu её не удалит. Укажите другую папку.",
        )


def run_demo(root: Path, *, lang: Lang = "kk", progress: Progress | None = None) -> DemoReport:
    """Make ``root`` afresh: a workspace, its kindergartens filled with sample data and mistakes, synced."""
    root = Path(root)
    clear_for_demo(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / DEMO_MARK).write_text(
        "baulu demo: бұл папканы «baulu demo» қайта жасай алады. / эту папку может пересоздать «baulu demo».\n",
        encoding="utf-8")
    init_workspace(root, lang=lang, progress=progress)
    mistakes = fill_workspace(root)
    plant_history(root, today=dt.datetime.now(dt.UTC).date())  # the year so far, as a store would hold it
    report = sync_once(root, lang=lang, progress=progress)
    found = {(f.org, f.rule, f.cell): f for f in report.findings}
    planted = [Planted(m, found.get((m.org, m.rule.code, m.cell))) for m in mistakes]
    return DemoReport(root, report, planted)
