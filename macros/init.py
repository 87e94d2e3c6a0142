"""`baulu init`: a new workspace with the master and one workbook per kindergarten."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from schemas.errors import WorkspaceError
from schemas.lang import Lang
from schemas.seed import ORGANISATIONS
from sync.engine import Progress
from sync.workspace import Workspace, load_workspace, write_config
from workbook.build import build_kindergarten, build_master
from workbook.save import save_atomic


@dataclass
class InitReport:
    workspace: Workspace
    kindergartens: dict[str, Path] = field(default_factory=dict)  # org code -> its new workbook


def init_workspace(root: Path, *, lang: Lang = "kk", force: bool = False,
                   progress: Progress | None = None) -> InitReport:
    """Create ``root/baulu.toml``, ``root/master.xlsx`` and ``root/kindergartens/<code>.xlsx``.

    ``progress(org, stage)`` hears ``("", "master")`` and then ``(code, "built")`` per kindergarten.
    """
    notify = progress or (lambda org, stage: None)
    root = Path(root)
    if (root / "master.xlsx").exists() and not force:
        raise WorkspaceError(
            f"{root}: жұмыс папкасы бұрыннан бар; қайта жасау үшін --force қосыңыз.",
            f"{root}: рабочая папка уже есть; чтобы пересоздать, добавьте --force."
        )
    write_config(root, lang=lang)
    ws = load_workspace(root)
    paths = {o.code: f"{ws.kindergartens_name}/{o.code}.xlsx" for o in ORGANISATIONS}
    report = InitReport(ws)
    notify("", "master")
    save_atomic(build_master(lang=lang, sheet_paths=paths), ws.master, backup_dir=ws.backup_dir,
                keep=ws.backups)
    for org in ORGANISATIONS:
        path = ws.resolve(paths[org.code])
        save_atomic(build_kindergarten(org, lang=lang), path)
        report.kindergartens[org.code] = path
        notify(org.code, "built")
    return report
