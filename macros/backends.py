"""Which backend a workspace uses, as its ``baulu.toml`` says: chosen here, where things are
composed, and handed to the engine."""

from __future__ import annotations

from schemas.errors import BauluError
from sync.backend import Backend
from sync.local import LocalBackend
from sync.workspace import Workspace


def backend_for(ws: Workspace) -> Backend:
    if ws.backend == "local":
        return LocalBackend(ws)
    raise BauluError(
        f"backend «{ws.backend}»: қолжетімсіз; baulu.toml ішінде backend = \"local\" жазыңыз.",
        f"backend «{ws.backend}»: недоступен; укажите backend = \"local\" в baulu.toml.",
    )
