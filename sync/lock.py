"""One sync at a time per workspace: a lock file in the workspace's state folder.

filelock gives a lock that works the same on Windows (msvcrt) and elsewhere, and that the
operating system releases when a process dies, so a crashed sync never blocks the next one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from schemas.errors import BauluError


class SyncBusy(BauluError):
    """Another sync of the same workspace is running."""


@contextmanager
def sync_lock(state_dir: Path, *, wait: float = 0) -> Iterator[None]:
    state_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(state_dir / "sync.lock"))
    try:
        lock.acquire(timeout=wait)
    except Timeout as exc:
        raise SyncBusy(
            "Бұл папкада басқа синхрондау жүріп жатыр: ол аяқталғанша күтіңіз.",
            "В этой папке уже идёт синхронизация: дождитесь её окончания."
        ) from exc
    try:
        yield
    finally:
        lock.release()
