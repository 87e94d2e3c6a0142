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
