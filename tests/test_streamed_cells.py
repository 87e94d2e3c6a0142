"""A cell's XML worked out once per value (``workbook.streamed._Cells``) is :func:`_cell_xml`'s."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.writeplan import Formula
from workbook.streamed import _cell_xml, _Cells, _kind

VALUES = st.one_of(
    st.none(), st.text(max_size=12), st.sampled_from(["=1+1", "+7 701", "  spaced ", "#N/A", "12.5", "\x01bad"]),
    st.integers(), st.booleans(), st.floats(allow_nan=True, allow_infinity=True),
    st.dates(), st.datetimes(), st.sampled_from([Formula("=SUM(A1:A2)"), Formula("B2*2")]),
)


@settings(max_examples=400, deadline=None)
@given(values=st.lists(VALUES, min_size=1, max_size=6), style=st.integers(min_value=0, max_value=40),
       row=st.integers(min_value=1, max_value=1_048_576))
def test_the_same_xml_and_kind(values: list[object], style: int, row: int) -> None:
    cells = _Cells()
    for value in [*values, *values]:  # the second time from what was worked out
        kind, rest = cells.kind_and_rest(value)  # type: ignore[arg-type]
        assert kind == _kind(value)  # type: ignore[arg-type]
        assert cells.xml(f"C{row}", rest, style) == _cell_xml(f"C{row}", value, style)  # type: ignore[arg-type]


def test_equal_values_of_other_classes_are_apart() -> None:
    cells = _Cells()
    for value in (1, True, 1.0, dt.date(2026, 1, 1), dt.datetime(2026, 1, 1), "1", math.nan):
        kind, rest = cells.kind_and_rest(value)
        assert cells.xml("A2", rest, 3) == _cell_xml("A2", value, 3) and kind == _kind(value)
