"""What a backend does: pull a kindergarten's sheet whole, and apply a round's plan to it.

The engine takes a backend; which one a workspace uses is chosen where things are composed
(``macros/``). Implementations: the local folder of .xlsx files (``sync/local.py``) and an
in-memory one over dicts (``sync/memory.py``); the Google backend follows the same protocol.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from schemas.rows import Record, Tabs
from schemas.tabs import NOT_DATA_TABS
from schemas.writeplan import WorkbookPlan

SKIPPED_TABS = NOT_DATA_TABS


@dataclass(frozen=True)
class Pulled:
    org: str
    location: str
    tabs: Tabs
    revision: str


@dataclass(frozen=True)
class Push:
    """What the master holds for one kindergarten: its plan items and contest calendar rows,
    keyed by spec key (``plan_status``, ``contest_results``), in canonical values."""

    given: Mapping[str, Sequence[Record]] = field(default_factory=dict)


class Backend(Protocol):
    name: str

    def pull(self, org: str, location: str) -> Pulled:
        """Every data tab of the sheet at ``location`` in one go (not the feedback tab, nor
        :data:`~schemas.tabs.NOT_DATA_TABS`); raises BauluError when unreadable."""
        ...

    def apply(self, org: str, location: str, plan: WorkbookPlan) -> None:
        """Carry out ``plan`` on the sheet at ``location``; raises BauluError when it cannot."""
        ...


__all__ = ["SKIPPED_TABS", "Backend", "Pulled", "Push", "Record", "Tabs"]
