"""Named points of a round, for the kill test: with ``BAULU_CHECKPOINTS`` set to a file path,
each point appends its name to that file as it is reached. Unset (always, in use) it does nothing.

The test kills ``baulu sync`` when a chosen point has been reached (plus a delay that lands the
kill inside the next write); the same code runs on Windows, where nothing here is POSIX-only.
"""

from __future__ import annotations

import os

ENV = "BAULU_CHECKPOINTS"


def checkpoint(stage: str) -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(stage + "\n")
