"""A workspace folder: its config (baulu.toml) and where everything lives in it."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from schemas.analytics.calendar import DEFAULT_DEADLINES, parse_deadlines
from schemas.errors import BauluError, WorkspaceError
from schemas.lang import Lang, as_lang

CONFIG = "baulu.toml"

_TEMPLATE = """\
# Baulu workspace — «Ерте жастан еңбекке және кәсіпке баулу» pilot, Oral, 2026.
# Secrets (Google service-account keys) never go here: point to them with the
# BAULU_GOOGLE_CREDENTIALS environment variable instead.

lang = "{lang}"            # kk | ru: the language of labels and messages
backend = "{backend}"      # local: kindergartens/<code>.xlsx | google: one Google Sheet each
master = "master.xlsx"
kindergartens = "kindergartens"
backups = 5                # how many earlier masters .baulu/backups keeps

[deadlines]                # quarterly monitoring: each quarter's data is due by this date
Q1 = "2026-04-05"
Q2 = "2026-07-05"
Q3 = "2026-10-05"
Q4 = "2026-12-20"
"""


@dataclass(frozen=True)
class Workspace:
    root: Path
    lang: Lang = "kk"
    backend: str = "local"
    master_name: str = "master.xlsx"
    kindergartens_name: str = "kindergartens"
    backups: int = 5
    deadlines: dict[str, dt.date] = field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    """``[deadlines]``: each quarter's data is due by the end of this day (Oral time)."""

    @property
    def master(self) -> Path:
        return self.root / self.master_name

    @property
    def kindergartens(self) -> Path:
        return self.root / self.kindergartens_name

    @property
    def state(self) -> Path:
        return self.root / ".baulu"

    @property
    def backup_dir(self) -> Path:
        return self.state / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def resolve(self, location: str) -> Path:
        """A kindergarten sheet's location as the master writes it, relative to the workspace."""
        path = Path(location.replace("\\", "/"))
        return path if path.is_absolute() else self.root / path


def write_config(root: Path, *, lang: Lang = "kk", backend: str = "local") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / CONFIG
    path.write_text(_TEMPLATE.format(lang=lang, backend=backend), encoding="utf-8")
    return path


def load_workspace(root: Path) -> Workspace:
    """Read ``root/baulu.toml``; a folder with only a master.xlsx is a workspace with defaults."""
    root = Path(root)
    if not root.is_dir():
        raise WorkspaceError(f"{root}: папка жоқ", f"{root}: папка не найдена")
    config = root / CONFIG
    if not config.exists():
        if (root / "master.xlsx").exists():
            return Workspace(root)
        raise WorkspaceError(
            f"{root}: бұл Baulu жұмыс папкасы емес (baulu.toml жоқ). «baulu init» іске қосыңыз.",
            f"{root}: не рабочая папка Baulu (нет baulu.toml). Запустите «baulu init»."
        )
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        at_kk, at_ru = (f" ({line[1]}-жол)", f" (строка {line[1]})") if line else ("", "")
        raise WorkspaceError(f"{config}: файлда жазу қатесі бар{at_kk}; Блокнотта ашып түзетіңіз.",
                             f"{config}: в файле ошибка записи{at_ru}; откройте в Блокноте и исправьте.") from exc
    deadlines = data.get("deadlines", {})
    try:
        parsed = parse_deadlines(deadlines if isinstance(deadlines, dict) else {})
    except BauluError as exc:
        raise WorkspaceError(f"{config}: {exc.kk}", f"{config}: {exc.ru}") from exc
    return Workspace(
        root=root,
        lang=as_lang(data.get("lang", "kk")),
        backend=str(data.get("backend", "local")),
        master_name=str(data.get("master", "master.xlsx")),
        kindergartens_name=str(data.get("kindergartens", "kindergartens")),
        backups=int(data.get("backups", 5)),
        deadlines=parsed,
    )
