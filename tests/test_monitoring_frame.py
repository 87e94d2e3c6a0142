"""The monitoring frame built column by column is the frame built a row at a time (the plain
definition kept here as the reference): same rows, order, values, NaNs and dtypes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.analytics.inputs import Record
from schemas.analytics.outcomes import GROUPS, LEVEL_VALUES, PERIOD_KEYS, monitoring_frame


def reference(rows: Sequence[Record], indicators: Sequence[str]) -> pd.DataFrame:
    columns = ["org", "child", "group", "period", *indicators, "score"]
    records: list[dict[str, object]] = []
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        org, child, group, period = r.get("org"), r.get("child_code"), r.get("group_kind"), r.get("period")
        if child is None or group not in GROUPS or period not in PERIOD_KEYS:
            continue
        key = (str(org), str(child), str(period))
        if key in seen:
            continue
        seen.add(key)
        levels = {k: (float(v) if isinstance(v, int) and not isinstance(v, bool) and v in LEVEL_VALUES
                      else math.nan) for k in indicators for v in (r.get(k),)}
        valid = [v for v in levels.values() if not math.isnan(v)]
        records.append({"org": key[0], "child": key[1], "group": group, "period": period, **levels,
                        "score": sum(valid) / len(valid) if valid else math.nan})
    return pd.DataFrame.from_records(records, columns=columns)


LEVELS = st.one_of(st.none(), st.sampled_from([0, 1, 2, 3, 4, -1]), st.booleans(), st.just(2.0), st.just("2"),
                   st.just(""))
ROWS = st.lists(st.fixed_dictionaries(
    {"org": st.sampled_from(["ds01", "ds02", None]),
     "child_code": st.one_of(st.none(), st.sampled_from(["A-01", "A-02", "B-07", 7])),
     "group_kind": st.sampled_from([*GROUPS, "other", None]),
     "period": st.sampled_from([*PERIOD_KEYS, "Q9", None]),
     "K1": LEVELS, "K2": LEVELS, "K3": LEVELS}), max_size=30)


@settings(max_examples=300, deadline=None)
@given(rows=ROWS, width=st.integers(min_value=0, max_value=3))
def test_same_frame_as_a_row_at_a_time(rows: list[Record], width: int) -> None:
    indicators = ["K1", "K2", "K3"][:width]
    got, want = monitoring_frame(rows, indicators), reference(rows, indicators)
    pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_levels_are_integers_one_to_three_only() -> None:
    rows: list[Record] = [{"org": "ds01", "child_code": "A-01", "group_kind": "experimental", "period": "base",
             "K1": 3, "K2": True, "K3": 2.0},
            {"org": "ds01", "child_code": "A-02", "group_kind": "control", "period": "base",
             "K1": None, "K2": 4, "K3": "2"}]
    frame = monitoring_frame(rows, ["K1", "K2", "K3"])
    assert frame["K1"].tolist()[0] == 3.0 and math.isnan(frame["K2"][0]) and math.isnan(frame["K3"][0])
    assert frame["score"][0] == 3.0
    assert math.isnan(frame["score"][1])  # no valid level at all: no score, no warning
