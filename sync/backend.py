"""What a backend does: pull a kindergarten's sheet whole, and write feedback and pushes into it.

The local backend (a folder of .xlsx files) implements it first; the Google backend next.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from schemas.finding import Finding

Rows = list[list[object]]
Tabs = dict[str, Rows]
Record = dict[str, object]

# tabs that hold no kindergarten data: not stored, not part of the revision
SKIPPED_TABS = ("_baulu_marks", "_lists")


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
        """Every tab of the sheet at ``location`` in one go; raises BauluError when unreadable."""
        ...

    def write_back(self, org: str, location: str, findings: Sequence[Finding], push: Push,
                   *, lang: str) -> None:
        """Replace the feedback tab with ``findings`` (this kindergarten's only), highlight and note
        their cells (clearing the previous run's), and apply ``push`` to the master-owned columns."""
        ...
