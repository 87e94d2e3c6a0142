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

import numpy as np
import numpy.typing as npt

T = TypeVar("T")
R = TypeVar("R")
G = TypeVar("G")

# types no two of which hold equal values, so a value alone tells them apart …
_APART = frozenset({str, type(None), dt.date, dt.datetime})
# … and types whose values can equal each other's (1 == 1.0 == True): at most one of them
_NUMBERS = frozenset({bool, int, float})


def _by_value(values: Sequence[object], types: set[type] | None = None) -> bool:
    """Whether the values alone (not their types) tell them apart (``types``: theirs, if known)."""
    types = set(map(type, values)) if types is None else types
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


_FACTORIZE_FROM = 256
"""A column of numbers this long is split by ``pandas.factorize`` (a hash table in C) rather
than a dict built in Python: the same distinct values, in the same order."""


@dataclass(frozen=True, eq=False)
class Cells:
    """A column's cells as positions into one of each of its distinct values, so that several
    questions about one column share a single pass over it (compared by identity: it holds an
    array)."""

    firsts: list[Any]  # one of each distinct value (by type and value), in order of first appearance
    at: npt.NDArray[np.intp]  # each cell's value, as a position in ``firsts``

    @classmethod
    def of(cls, values: Sequence[object]) -> Cells | None:
        """The column's cells; None if a value cannot be hashed."""
        types = set(map(type, values))
        if len(values) >= _FACTORIZE_FROM:
            made = _factorized(values, types)
            if made is not None:
                return made
        keys: Sequence[object] = values if _by_value(values, types) else list(zip(map(type, values), values,
                                                                                   strict=True))
        try:
            position = {key: i for i, key in enumerate(dict.fromkeys(keys))}
        except TypeError:
            return None
        firsts = list(position) if keys is values else [key[1] for key in position]  # type: ignore[index]
        return cls(firsts, np.fromiter(map(position.__getitem__, keys), dtype=np.intp, count=len(keys)))

    def cells(self) -> npt.NDArray[np.object_]:
        """Each cell's value, as an array of objects."""
        return _objects(self.firsts)[self.at]

    def answers(self, fn: Callable[[Any], R]) -> list[R]:
        """``fn`` of each distinct value (as ``firsts``)."""
        return [fn(v) for v in self.firsts]

    def spread(self, answers: Sequence[R]) -> list[R]:
        """Each cell's answer, from the answers of each distinct value (as ``firsts``)."""
        if not len(self.at):
            return []
        return _objects(answers)[self.at].tolist()  # type: ignore[no-any-return]

    def each(self, fn: Callable[[Any], R]) -> list[R]:
        """``fn`` of each cell, asked once per distinct value."""
        return self.spread(self.answers(fn))

    def where(self, flags: Sequence[object]) -> list[int]:
        """The positions (0, 1, …, in order) of the cells whose distinct value's flag is true."""
        if not any(flags):
            return []
        chosen = np.fromiter(map(bool, flags), dtype=bool, count=len(flags))
        return np.flatnonzero(chosen[self.at]).tolist()  # type: ignore[no-any-return]

    def mapped(self, firsts: list[Any]) -> Cells:
        """The cells of a column made from this one value by value (each cell's value a function of
        this one's): the same positions, the new values (which may repeat)."""
        return Cells(firsts, self.at)


def _objects(values: Sequence[object]) -> npt.NDArray[np.object_]:
    """The values as a one-dimensional array of objects (a tuple stays one element)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _factorized(values: Sequence[object], kinds: set[type]) -> Cells | None:
    """:meth:`Cells.of` of a column of numbers by ``pandas.factorize`` of their array (a hash
    table in C; numbers are hashed anew each time, text keeps its hash, so text is left to the
    dict): every value a ``float`` (no NaN: each NaN is its own value here) or every one an
    ``int`` that fits 64 bits (``kinds``: the values' types). None: the dict is left to do it."""
    if kinds == {float}:
        numbers = np.array(values, dtype=np.float64)
        if np.isnan(numbers).any():
            return None
    elif kinds == {int}:
        try:
            numbers = np.array(values, dtype=np.int64)
        except OverflowError:
            return None
    else:
        return None
    import pandas as pd

    codes, uniques = pd.factorize(numbers)
    return Cells(uniques.tolist(), codes.astype(np.intp, copy=False))


def each_of(fn: Callable[[Any], R], values: Sequence[object], cells: Cells | None) -> list[R]:
    """``fn`` of each value: through ``cells`` (the same column, already split) when given."""
    return cells.each(fn) if cells is not None else each(fn, values)


def hits(fn: Callable[[Any], R], values: Sequence[object], cells: Cells | None) -> list[tuple[int, R]]:
    """(position, answer) of each cell whose ``fn`` is true, in order: ``fn`` asked once per
    distinct value, through ``cells`` (the same column, already split) when given — then only
    the cells with an answer are visited."""
    if cells is None:
        return [(i, a) for i, a in enumerate(each(fn, values)) if a]
    answers = cells.answers(fn)
    positions = cells.where(answers)
    if not positions:
        return []
    return list(zip(positions, map(answers.__getitem__, cells.at[positions].tolist()), strict=True))

