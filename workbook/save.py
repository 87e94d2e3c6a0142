"""Save a workbook atomically (temporary file in the same folder, then replace), keeping backups."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from openpyxl.workbook.workbook import Workbook

from schemas.errors import WorkbookLocked

DEFAULT_BACKUPS = 5
TEMP_PREFIX = ".~baulu-"
"""How :func:`save_atomic` names its temporary file, beside the workbook it replaces."""


def excel_lock_file(path: Path) -> Path:
    """The owner file Excel keeps beside a workbook it has open: ``~$name.xlsx``."""
    return path.with_name("~$" + path.name)


def ensure_not_open(path: Path) -> None:
    if excel_lock_file(path).exists():
        raise WorkbookLocked(
            f"{path.name} Excel-де ашық тұр: жабыңыз да, қайта іске қосыңыз.",
            f"{path.name} открыт в Excel: закройте его и повторите."
        )


def save_atomic(wb: Workbook, path: Path, *, backup_dir: Path | None = None,
                keep: int = DEFAULT_BACKUPS) -> Path | None:
    """Write ``wb`` to ``path`` so that a reader sees the old file or the new one, never half.

    The previous file, if any, is copied to ``backup_dir`` first (the newest ``keep`` are kept);
    returns the backup's path.
    """
    return _write_atomic(wb.save, path, backup_dir=backup_dir, keep=keep)


def save_bytes_atomic(data: bytes, path: Path, *, backup_dir: Path | None = None,
                      keep: int = DEFAULT_BACKUPS) -> Path | None:
    """The same as :func:`save_atomic`, for a workbook already made as .xlsx bytes."""
    return _write_atomic(lambda fh: fh.write(data), path, backup_dir=backup_dir, keep=keep)


def _write_atomic(write: Callable[[IO[bytes]], object], path: Path, *, backup_dir: Path | None,
                  keep: int) -> Path | None:
    path = Path(path)
    ensure_not_open(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".xlsx", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        backup = _backup(path, backup_dir, keep) if backup_dir is not None else None
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return backup


def _backup(path: Path, backup_dir: Path, keep: int) -> Path | None:
    if not path.exists():
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{path.stem}.{stamp}{path.suffix}"
    shutil.copy2(path, target)
    backups = sorted(backup_dir.glob(f"{path.stem}.*{path.suffix}"))
    for old in backups[: max(0, len(backups) - keep)]:
        old.unlink(missing_ok=True)
    return target


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files a save that was killed half-way left in ``folder`` (only
    Baulu's own ``.~baulu-*.xlsx``); call it only while no save can be running (under the sync
    lock). Returns what was removed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for leftover in sorted(folder.glob(f"{TEMP_PREFIX}*.xlsx")):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed
