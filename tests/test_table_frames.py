"""A sheet's rows become the same frame on the fast path as pandas makes them (the reference).

``schemas.rows.as_objects`` makes the plain columns (text, whole numbers, numbers, true/false,
dates, empty) itself and leaves every other table to ``objects_by_pandas`` (``from_records``, then
every cell an object and each missing one None): here both run on columns mixed from every kind
of value a reader or the store gives, and each cell must come out the same value of the same
type."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.rows import as_objects, objects_by_pandas, table_from_rows
from schemas.sheets import MONITORING, POSTS

_VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "47-Э-07", "Иә", "1"]),
    st.text(max_size=5),
    st.integers(-3, 3),
    st.integers(-(2**64), 2**64),
    st.sampled_from([2**53 - 1, 2**53, -(2**53), 2**63 - 1, 2**63]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.5, math.nan]),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 1, 1)),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.dates(),
    st.times(),
)

# a column is mostly of one kind, as a real one is, with a few others mixed in
_COLUMN_KINDS = [st.none(), st.text(max_size=3), st.integers(0, 9), st.floats(allow_nan=False),
                 st.booleans(), st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 1, 1))]


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[tuple[object, ...]], list[int], list[str]]:
    width = draw(st.integers(0, 4))
    rows = draw(st.integers(0, 6))
    columns = []
    for _ in range(width):
        main = draw(st.sampled_from(_COLUMN_KINDS))
        columns.append([draw(st.one_of(main, main, main, st.none(), _VALUES)) for _ in range(rows)])
    records = [tuple(column[r] for column in columns) for r in range(rows)]
    index = sorted(draw(st.sets(st.integers(2, 2000), min_size=rows, max_size=rows)))
    return records, index, [f"c{i}" for i in range(width)]


def _same(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    assert list(fast.columns) == list(slow.columns) and fast.columns.dtype == slow.columns.dtype
    assert list(fast.index) == list(slow.index) and fast.index.dtype == slow.index.dtype
    assert list(fast.dtypes) == list(slow.dtypes)
    for key in slow.columns:
        for a, b in zip(fast[key].tolist(), slow[key].tolist(), strict=True):
            assert type(a) is type(b), (key, a, b)
            assert a == b or (a != a and b != b), (key, a, b)
            if isinstance(b, pd.Timestamp):
                assert a.unit == b.unit, (key, a, b)


@settings(max_examples=300, deadline=None)
@given(table=_tables())
def test_as_objects_is_what_pandas_makes(table: tuple[list[tuple[object, ...]], list[int], list[str]]) -> None:
    records, index, columns = table
    _same(as_objects(records, index, columns), objects_by_pandas(records, index, columns))


def test_the_kinds_a_region_holds() -> None:
    rows: list[list[object]] = [
        [c.kk for c in MONITORING.columns],
        ["47-Э-07", "Ерте жастан", None, "3-4 жас", "ұл", "Қыркүйек", 1, 2, 3],
        ["47-Э-08", "Ерте жастан", "Күншуақ", None, None, "Қыркүйек", 2, None, 3],
        [None] * 9,
        ["47-Э-09", "Ерте жастан", "  ", "3-4 жас", "қыз", "Мамыр", 3, 1, 1.5],
    ]
    table, _ = table_from_rows(rows, MONITORING, org="47", title=MONITORING.kk)
    assert list(table.frame.index) == [2, 3, 5]
    header: list[object] = [c.kk for c in POSTS.columns]
    posts: list[list[object]] = [header, ["x", dt.datetime(2026, 3, 1), 5, True], ["y", None, None, None]]
    for spec, sheet in ((MONITORING, rows), (POSTS, posts)):
        fast, _ = table_from_rows(sheet, spec, org="47", title=spec.kk)
        width = len(sheet[0])
        records = [tuple((r + [None] * width)[:width]) for r in sheet[1:]]
        kept = [(i + 2, r) for i, r in enumerate(records)
                if any(v is not None and not (isinstance(v, str) and not v.strip()) for v in r)]
        keys = [str(k) for k in fast.frame.columns]
        order = [next(i for i, c in enumerate(spec.columns) if c.key == k) for k in keys]
        slow = objects_by_pandas([tuple(r[i] for i in order) for _, r in kept], [n for n, _ in kept], keys)
        _same(fast.frame, slow)
