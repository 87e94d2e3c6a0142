"""`baulu provision DIR`: every organisation typed into the master's «Ұйымдар» gets its
kindergarten sheet. Each backend provisions in its own module; this action only dispatches."""

from __future__ import annotations

from pathlib import Path

from schemas.errors import BauluError
from schemas.lang import Lang
from sync.master import MasterFile, read_master
from sync.provision_local import Provisioned, provision_local
from sync.workspace import load_workspace


def provision(root: Path, *, lang: Lang | None = None) -> Provisioned:
    """Create the sheet of every listed organisation that has none yet, on the workspace's backend."""
    ws = load_workspace(Path(root))
    master = read_master(ws, MasterFile.of(ws))
    if ws.backend == "local":
        return provision_local(ws, master, lang=lang)
    raise BauluError(f"backend «{ws.backend}»: provisioning is not available yet / ещё недоступно")
