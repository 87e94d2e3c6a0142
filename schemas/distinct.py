"""Ask a pure function once per distinct value of a column. Pure.

A column of 60,000 cells holds a few labels, levels and codes many times over; coercion, the
element checks, the child-code and personal-data checks each answer per distinct value and hand
the answer to every cell that holds it. Values are told apart by type as well as by value — ``1``,
``1.0`` and ``True`` are three values, as a cell-by-cell pass would see them — and each NaN
(never equal to itself) is its own value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
G = TypeVar("G")

# types no two of which hold equal values, so a value alone tells them apart …
_APART = frozenset({str, type(None), dt.date, dt.datetime})
# … and types whose values can equal each other's (1 == 1.0 == True): at most one of them
_NUMBERS = frozenset({bool, int, float})


def _by_value(values: Sequence[object]) -> bool:
    """Whether the values alone (not their types) tell them apart."""
    types = set(map(type, values))
    return types <= _APART | _NUMBERS and len(types & _NUMBERS) <= 1


def each(fn: Callable[[T], R], values: Sequence[T]) -> list[R]:
    """``[fn(v) for v in values]``, with ``fn`` asked once per distinct value (``fn`` is pure)."""
    if _by_value(values):
        answers = {v: fn(v) for v in set(values)}
        return list(map(answers.__getitem__, values))
    keys = list(zip(map(type, values), values, strict=True))
    try:
        firsts = dict.fromkeys(keys)
    except TypeError:  # a value that cannot be hashed: ask for each
        return [fn(v) for v in values]
    typed = {key: fn(key[1]) for key in firsts}
    return list(map(typed.__getitem__, keys))


def each_pair(fn: Callable[[G, T], R], groups: Sequence[G], values: Sequence[T]) -> list[R]:
    """``[fn(g, v) for g, v in zip(groups, values)]``, asked once per distinct (group, value); a
    group is told apart from another by identity (a row's kindergarten format, say)."""
    if _by_value(values):
        keys: list[tuple[int, object]] = list(zip(map(id, groups), values, strict=True))
    else:
        keys = list(zip(map(id, groups), zip(map(type, values), values, strict=True), strict=True))
    try:
        firsts = dict.fromkeys(keys)
    except TypeError:  # a value that cannot be hashed: ask for each
        return [fn(g, v) for g, v in zip(groups, values, strict=True)]
    where = dict(zip(keys, range(len(keys)), strict=True))  # the last row of each key: any row will do
    answers = {key: fn(groups[where[key]], values[where[key]]) for key in firsts}
    return list(map(answers.__getitem__, keys))


def distinct(values: Sequence[T]) -> list[T] | None:
    """One of each distinct value (by type and value); None if a value cannot be hashed."""
    if _by_value(values):
        return list(set(values))
    try:
        return [v for _, v in dict.fromkeys(zip(map(type, values), values, strict=True))]
    except TypeError:
        return None


@dataclass(frozen=True)
class Cells:
    """A column's cells as positions into one of each of its distinct values, so that several
    questions about one column share a single pass over it."""

    firsts: list[Any]  # one of each distinct value (by type and value), in order of first appearance
    at: list[int]  # each cell's value, as a position in ``firsts``

    @classmethod
    def of(cls, values: Sequence[object]) -> Cells | None:
        """The column's cells; None if a value cannot be hashed."""
        keys: Sequence[object] = values if _by_value(values) else list(zip(map(type, values), values, strict=True))
        try:
            position = {key: i for i, key in enumerate(dict.fromkeys(keys))}
        except TypeError:
            return None
        firsts = list(position) if keys is values else [key[1] for key in position]  # type: ignore[index]
        return cls(firsts, list(map(position.__getitem__, keys)))

    def each(self, fn: Callable[[Any], R]) -> list[R]:
        """``fn`` of each cell, asked once per distinct value."""
        answers = [fn(v) for v in self.firsts]
        return list(map(answers.__getitem__, self.at))

    def mapped(self, firsts: list[Any]) -> Cells:
        """The cells of a column made from this one value by value (each cell's value a function of
        this one's): the same positions, the new values."""
        return Cells(firsts, self.at)


def each_of(fn: Callable[[Any], R], values: Sequence[object], cells: Cells | None) -> list[R]:
    """``fn`` of each value: through ``cells`` (the same column, already split) when given."""
    return cells.each(fn) if cells is not None else each(fn, values)
