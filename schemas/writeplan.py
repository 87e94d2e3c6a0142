"""What one round writes, as plain data: computed once, applied by openpyxl, gspread or xlwings.

A plan holds no workbook objects. Per workbook it says, sheet by sheet, which values go where
(rectangular blocks of values in the sheet's display form), which sheets are laid out again
from their spec (the findings and feedback tabs), which cells link where, and which cells carry
a mark (a fill by severity and a note). An applier carries it out and nothing else; applying
one plan twice leaves the workbook as the first application left it.

Values: a :class:`Formula` is a formula Baulu itself wrote. **Every other ``str`` is literal
text** — whatever it begins with (``=``, ``+``, ``@`` …) — and every applier writes it as text.
A value a kindergarten typed is data, never code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from schemas.lang import Lang
from schemas.rows import column_index, column_letter
from schemas.sheets import SheetSpec

if TYPE_CHECKING:  # the dashboard's statistics import pandas: only a round that writes a summary needs them
    from schemas.analytics.dashboard import Dashboard

Severity = Literal["error", "warning"]


class Formula(str):
    """A formula Baulu wrote (it starts with ``=``); any plain ``str`` is text."""

    __slots__ = ()


Value = str | int | float | bool | dt.date | dt.datetime | None
"""A cell's value in display form (enum labels, levels as numbers, dates as dates)."""


@dataclass(frozen=True)
class Block:
    """A rectangle of values whose top-left cell is (``row``, ``col``), both 1-based."""

    row: int
    col: int
    values: tuple[tuple[Value, ...], ...]

    @property
    def height(self) -> int:
        return len(self.values)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.values), default=0)

    @property
    def ref(self) -> str:
        """The block's A1 range, e.g. ``B2:D7``."""
        last_row, last_col = self.row + self.height - 1, self.col + self.width - 1
        return f"{column_letter(self.col)}{self.row}:{column_letter(last_col)}{last_row}"

    def cells(self) -> Iterator[tuple[int, int, Value]]:
        for r, line in enumerate(self.values, start=self.row):
            for c, value in enumerate(line, start=self.col):
                yield r, c, value


@dataclass(frozen=True)
class Link:
    """The cell ``cell`` of this sheet links to ``cell`` on ``target_sheet``."""

    cell: str
    target_sheet: str
    target_cell: str

    @property
    def location(self) -> str:
        """The link's in-workbook address, as Excel writes it: ``'Sheet'!A1``."""
        return "'{}'!{}".format(self.target_sheet.replace("'", "''"), self.target_cell)


@dataclass(frozen=True)
class Mark:
    """A cell coloured by severity, with a note saying why."""

    sheet: str
    cell: str
    severity: Severity
    note: str


@dataclass(frozen=True)
class SheetWrite:
    """The writes to one sheet.

    An applier finds the sheet by ``spec`` (any spelling of its title) and creates it as
    ``title`` when it is missing. ``layout``: the sheet is laid out again from ``spec`` (header,
    widths, filters, dropdowns) at ``header_row`` before the blocks are written — for sheets that
    are Baulu's own (findings, feedback) or that are missing. Otherwise only the listed cells change; ``clear`` blanks cells whose old values must go
    (rows below a shorter table), and ``table_end`` is the last row the sheet's Excel table
    reaches (``None``: leave the table as it is; ``grow_only``: never shrink it).
    """

    title: str
    spec: SheetSpec
    header_row: int = 1
    layout: bool = False
    blocks: tuple[Block, ...] = ()
    clear: tuple[Block, ...] = ()
    links: tuple[Link, ...] = ()
    table_end: int | None = None
    grow_only: bool = False
    protect: bool = False
    """Protect the sheet (no password: she can lift it knowingly)."""
    locked: tuple[int, ...] = ()
    """With ``protect``: only these columns (1-based) are locked — the kindergarten-owned ones of a
    consolidated sheet; every other column, and any she adds, stays open. Empty: the whole sheet."""

    def values(self) -> dict[tuple[int, int], Value]:
        """Every cell the sheet write sets, cleared ones as None (later blocks win)."""
        out: dict[tuple[int, int], Value] = {}
        for block in (*self.clear, *self.blocks):
            for r, c, v in block.cells():
                out[(r, c)] = v
        return out


@dataclass(frozen=True)
class Summary:
    """The master's summary sheet, laid out again every round (openpyxl keeps no chart it reads):
    the dashboard's values (:func:`schemas.analytics.dashboard.dashboard`), drawn by the applier."""

    title: str
    board: Dashboard


@dataclass(frozen=True)
class WorkbookPlan:
    """Everything one round writes into one workbook (the master, or one kindergarten's)."""

    target: str
    lang: Lang = "kk"
    sheets: tuple[SheetWrite, ...] = ()
    marks: tuple[Mark, ...] = ()
    """Every mark the workbook carries after the round; marks of an earlier round that are not
    here are cleared, each cell getting back its own fill and note."""
    summary: Summary | None = None

    def sheet(self, title: str) -> SheetWrite | None:
        return next((s for s in self.sheets if s.title == title), None)

    @property
    def empty(self) -> bool:
        return not self.sheets and not self.marks and self.summary is None


@dataclass
class RoundPlan:
    """A whole round: the master's plan and each kindergarten's."""

    master: WorkbookPlan | None = None
    kindergartens: dict[str, WorkbookPlan] = field(default_factory=dict)


def blocks_from_cells(cells: Iterable[tuple[int, int, Value]]) -> tuple[Block, ...]:
    """Group single cells into blocks: each run of adjacent cells in one row is one block, and
    runs of the same columns in consecutive rows merge into one rectangle."""
    by_row: dict[int, dict[int, Value]] = {}
    for r, c, v in cells:
        by_row.setdefault(r, {})[c] = v
    runs: list[tuple[int, int, list[Value]]] = []
    for r in sorted(by_row):
        row = by_row[r]
        cols = sorted(row)
        start = prev = cols[0]
        line: list[Value] = [row[start]]
        for c in cols[1:]:
            if c == prev + 1:
                line.append(row[c])
            else:
                runs.append((r, start, line))
                start, line = c, [row[c]]
            prev = c
        runs.append((r, start, line))
    blocks: list[tuple[int, int, list[tuple[Value, ...]]]] = []
    for r, c, line in runs:
        if blocks:
            top, left, lines = blocks[-1]
            if left == c and top + len(lines) == r and len(lines[0]) == len(line):
                lines.append(tuple(line))
                continue
        blocks.append((r, c, [tuple(line)]))
    return tuple(Block(r, c, tuple(lines)) for r, c, lines in blocks)


def split_cell(ref: str) -> tuple[int, int]:
    """``B12`` → (12, 2)."""
    letters = "".join(ch for ch in ref if ch.isalpha())
    return int(ref[len(letters):]), column_index(letters)


def rows_of(values: Sequence[Sequence[Value]]) -> tuple[tuple[Value, ...], ...]:
    return tuple(tuple(r) for r in values)
