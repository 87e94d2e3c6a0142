"""`baulu init`: a new workspace with the master and one workbook per kindergarten."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from schemas.errors import WorkspaceError
from schemas.seed import ORGANISATIONS
from sync.workspace import Workspace, load_workspace, write_config
from workbook.build import build_kindergarten, build_master
from workbook.save import save_atomic


@dataclass
class InitResult:
    workspace: Workspace
    kindergartens: dict[str, Path] = field(default_factory=dict)


def init_workspace(root: Path, *, lang: str = "kk", force: bool = False) -> InitResult:
    """Create ``root/baulu.toml``, ``root/master.xlsx`` and ``root/kindergartens/<code>.xlsx``."""
    root = Path(root)
    if (root / "master.xlsx").exists() and not force:
        raise WorkspaceError(
            f"{root}: жұмыс папкасы бұрыннан бар; қайта жасау үшін --force қосыңыз. / "
            f"рабочая папка уже есть; чтобы пересоздать, добавьте --force."
        )
    write_config(root, lang=lang)
    ws = load_workspace(root)
    paths = {o.code: f"{ws.kindergartens_name}/{o.code}.xlsx" for o in ORGANISATIONS}
    result = InitResult(ws)
    save_atomic(build_master(lang=lang, sheet_paths=paths), ws.master, backup_dir=ws.backup_dir,
                keep=ws.backups)
    for org in ORGANISATIONS:
        path = ws.resolve(paths[org.code])
        save_atomic(build_kindergarten(org, lang=lang), path)
        result.kindergartens[org.code] = path
    return result
