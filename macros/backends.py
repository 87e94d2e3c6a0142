"""Which backend a workspace uses, as its ``baulu.toml`` says: chosen here, where things are
composed, and handed to the engine."""

from __future__ import annotations

from schemas.errors import BauluError
from sync.backend import Backend
from sync.local import LocalBackend
from sync.workspace import Workspace


def backend_for(ws: Workspace, *, dry_run: bool = False) -> Backend:
    """``dry_run``: the backend keeps nothing on disk either (the Google backend's memory of what
    it read stays in memory)."""
    if ws.backend == "local":
        return LocalBackend(ws)
    if ws.backend == "google":
        from macros.google_cmd import google_backend_for

        return google_backend_for(ws, persist=not dry_run)[0]
    raise BauluError(
        f"backend «{ws.backend}»: қолжетімсіз; baulu.toml ішінде backend = \"local\" жазыңыз.",
        f"backend «{ws.backend}»: недоступен; укажите backend = \"local\" в baulu.toml.",
    )
