"""The master's consolidated rows, planned column by column, are what each cell shown by itself
gives (``shown``): the same values in the same cells, rows below the new last one cleared."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.columns import Column
from schemas.display import AS_IS, display_value, shown_as_is
from schemas.sheets import MASTER_SHEETS, consolidated_spec, kindergarten_sheets
from sync.plan_master import consolidated_write, shown

SPECS = [consolidated_spec(s) for s in kindergarten_sheets()]
ALL_COLUMNS = [c for spec in MASTER_SHEETS for c in spec.columns]

VALUES = st.one_of(
    st.none(), st.text(max_size=8), st.integers(min_value=-5, max_value=5), st.booleans(),
    st.sampled_from(["experimental", "control", "done", "yes", "base", "Q1", "2", "3"]),
    st.just(math.nan), st.just(2.0), st.just(dt.date(2026, 3, 1)), st.just(dt.datetime(2026, 3, 1)),
    st.just(dt.datetime(2026, 3, 1, 9, 30)),
)


@settings(max_examples=200, deadline=None)
@given(column=st.sampled_from(ALL_COLUMNS), value=st.one_of(st.none(), st.text(max_size=8), st.integers()))
def test_as_is_columns_give_their_values_back(column: Column, value: object) -> None:
    assert value.__class__ in AS_IS
    if shown_as_is(column):
        assert display_value(column, value) is value


def test_enums_and_levels_are_not_as_is() -> None:
    kinds = {c.type: shown_as_is(c) for c in ALL_COLUMNS}
    assert kinds["enum"] is False and kinds["level"] is False and kinds["text"] is True


def values_of(column: Column, *, clean: bool) -> st.SearchStrategy[object]:
    """Values for one column: its own enum keys and levels as text among them; ``clean``: only
    text, whole numbers and gaps (what a consolidated column mostly holds)."""
    own = [t.key for t in column.vocabulary()] if column.type == "enum" else ["1", "2", "3", "x"]
    plain = st.one_of(st.none(), st.text(max_size=6), st.integers(min_value=-3, max_value=4), st.sampled_from(own))
    return plain if clean else st.one_of(plain, VALUES)


@settings(max_examples=200, deadline=None)
@given(spec_at=st.integers(min_value=0, max_value=len(SPECS) - 1), data=st.data(), clean=st.booleans(),
       extra=st.integers(min_value=0, max_value=4), lang=st.sampled_from(["kk", "ru"]))
def test_planned_rows_are_each_cell_shown(spec_at: int, data: st.DataObject, clean: bool, extra: int,
                                          lang: str) -> None:
    spec = SPECS[spec_at]
    keys = {c.key: c for c in reversed(spec.columns)}
    records = data.draw(st.lists(st.fixed_dictionaries(
        {}, optional={k: values_of(c, clean=clean) for k, c in keys.items()}), max_size=8))
    header = [c.header(lang) for c in spec.columns]  # type: ignore[arg-type]
    old: list[object] = ["old"]
    rows: list[list[object]] = [list(header), *([old] * (len(records) + extra))]
    write, sheet = consolidated_write(spec.title(lang), spec, rows, records, lang=lang)  # type: ignore[arg-type]
    grid = [list(r) for b in write.blocks for r in b.values]
    assert len(grid) == max(len(rows) - 1, len(records))
    for position, line in enumerate(grid):
        assert len(line) == len(spec.columns)
        for key, index in sheet.columns.items():
            column = spec.column(key)
            if column.owner == "coordinator" or position >= len(records):
                want = None
            else:
                want = shown(spec, key, records[position].get(key), lang)  # type: ignore[arg-type]
            got = line[index - 1]
            assert type(got) is type(want) and (got == want or got is want), (key, position, got, want)


def test_records_of_another_mapping_kind_are_planned_alike() -> None:
    from types import MappingProxyType

    spec = SPECS[2]
    header: list[object] = [c.header("kk") for c in spec.columns]
    records: list[dict[str, object]] = [{"org": "47", "group_kind": "control", "K1": 2, "period": "base"},
                                        {"org": "47", "K2": "3"}]
    plain, _ = consolidated_write(spec.kk, spec, [header], records, lang="kk")
    proxied, _ = consolidated_write(spec.kk, spec, [header], [MappingProxyType(r) for r in records], lang="kk")
    assert plain.blocks == proxied.blocks and plain.blocks[0].values[0][0] == "47"
