"""A validated table's records are made once per table and are what its frame gives."""

from __future__ import annotations

import gc

from schemas.check import check_kindergarten_tabs
from schemas.rows import table_from_rows
from schemas.sheets import MONITORING
from schemas.table import Table
from sync.typed import _MADE, table_records


def _table() -> Table:
    rows: list[list[object]] = [
        [c.kk for c in MONITORING.columns],
        ["47-Э-07", "Ерте жастан", None, "3-4 жас", "ұл", "Қыркүйек", 1, 2, 3],
        ["47-Э-08", "Ерте жастан", "Күншуақ", None, None, "Қыркүйек", 2, None, 3],
    ]
    return check_kindergarten_tabs({MONITORING.kk: rows}, org="47").tables["monitoring"]


def test_records_are_the_frames_and_made_once() -> None:
    table = _table()
    index, records = table_records(table)
    assert index == [int(i) for i in table.frame.index]
    assert records == [{str(k): v for k, v in r.items()} for r in table.frame.to_dict("records")]
    assert table_records(table)[1] is records  # the second ask is the same lists


def test_a_new_frame_gives_new_records_and_a_dead_table_is_forgotten() -> None:
    table = _table()
    _, before = table_records(table)
    other, _ = table_from_rows([[c.kk for c in MONITORING.columns], ["47-Э-09"] + [None] * 8], MONITORING,
                               org="47", title=MONITORING.kk)
    table.frame = other.frame
    _, after = table_records(table)
    assert after is not before and [r["child_code"] for r in after] == ["47-Э-09"]
    key = id(table)
    assert key in _MADE
    del table
    gc.collect()
    assert key not in _MADE


def test_frame_records_are_to_dict_type_for_type() -> None:
    import datetime as dt

    import numpy as np
    import pandas as pd

    from sync.typed import frame_records

    plain = pd.DataFrame({"a": [1, None, "x"], "b": [1.5, float("nan"), True],
                          "c": [pd.Timestamp("2026-01-01"), dt.date(2026, 1, 2), None]}, dtype=object)
    numpy = pd.DataFrame({"a": [np.int64(3), 4], "b": [np.float64(1.0), None]}, dtype=object)
    typed = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    for frame in (plain, numpy, typed, plain.iloc[:0]):
        fast = frame_records(frame)
        slow = [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
        assert len(fast) == len(slow)
        for a, b in zip(fast, slow, strict=True):
            assert list(a) == list(b)
            for key in a:
                assert type(a[key]) is type(b[key]) and (a[key] == b[key] or (a[key] != a[key] and b[key] != b[key]))
