"""The monitoring tab's outcomes: levels per period, group and indicator, and experimental vs control.

A child's **score** in a period is the mean of their valid levels (1–3) over the indicators; a
level outside 1–3 is a validation finding and is left out here. A child is its kindergarten and
code; a code typed twice in one period counts once (its first row).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pandas as pd

from schemas.analytics.inputs import PilotData, Record
from schemas.analytics.stats import DiD, MannWhitney, Wilcoxon, mann_whitney, wilcoxon_signed_rank
from schemas.vocabulary import PERIODS

GROUPS: tuple[str, ...] = ("experimental", "control")
PERIOD_KEYS: tuple[str, ...] = tuple(p.key for p in PERIODS)
BASELINE = "base"
OVERALL = "all"
LEVEL_VALUES = (1, 2, 3)


def _level(value: object) -> float:
    """A valid level (1–3, an integer and not a bool) as a float; anything else NaN."""
    if value.__class__ is int or (isinstance(value, int) and not isinstance(value, bool)):
        return _LEVELS.get(value, math.nan)  # type: ignore[call-overload]
    return math.nan


_LEVELS: dict[int, float] = {v: float(v) for v in LEVEL_VALUES}
_PLAIN_LEVELS = frozenset({int, type(None)})


def _levels(values: list[object]) -> list[float]:
    """:func:`_level` of each value; a column of whole numbers and gaps (the usual) by look-up."""
    if set(map(type, values)) <= _PLAIN_LEVELS:  # no bool, no subclass: a look-up is exact
        return list(map(_LEVELS.get, values, repeat(math.nan, len(values))))  # type: ignore[arg-type]
    return [_level(v) for v in values]


def monitoring_frame(rows: Sequence[Record], indicators: Sequence[str]) -> pd.DataFrame:
    """One row per (org, child, period): group, the indicators' levels (NaN when invalid) and score."""
    columns = ["org", "child", "group", "period", *indicators, "score"]
    kept: list[Record] = []
    keys: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        child, group, period = r.get("child_code"), r.get("group_kind"), r.get("period")
        if child is None or group not in GROUPS or period not in PERIOD_KEYS:
            continue
        key = (str(r.get("org")), str(child), str(period))
        if key in seen:
            continue
        seen.add(key)
        kept.append(r)
        keys.append(key)
    if not kept:
        return pd.DataFrame.from_records([], columns=columns)
    # column by column: a row's dict of levels for 60,000 rows was most of a dashboard's time
    levels = np.array([_levels([r.get(k) for r in kept]) for k in indicators], dtype=float).reshape(
        len(indicators), len(kept))
    valid = ~np.isnan(levels)
    counts = valid.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(counts > 0, np.where(valid, levels, 0.0).sum(axis=0) / counts, math.nan)
    data: dict[str, object] = {
        "org": [k[0] for k in keys], "child": [k[1] for k in keys],
        "group": [r.get("group_kind") for r in kept], "period": [k[2] for k in keys],
        **{k: levels[i] for i, k in enumerate(indicators)}, "score": score,
    }
    return pd.DataFrame(data, columns=columns)


def frame_of(data: PilotData) -> pd.DataFrame:
    return monitoring_frame(data.rows.get("monitoring", ()), data.indicators)


def in_scope(frame: pd.DataFrame, data: PilotData, scope: str) -> pd.DataFrame:
    """``all``, an ownership (``state``/``private``) or one kindergarten's code."""
    if scope == OVERALL:
        return frame
    owned = {o.code for o in data.orgs if o.ownership == scope}
    codes = owned if owned or scope in ("state", "private") else {scope}
    return frame[frame["org"].isin(codes)]


@dataclass(frozen=True)
class Outcome:
    period: str
    group: str
    indicator: str  # an indicator code or "all"
    n: int  # children with a valid level (for "all": a valid score)
    mean: float | None
    shares: tuple[float, float, float]  # share of ratings at level 1, 2, 3
    change: float | None  # mean − the baseline mean of the same group and indicator


def _mean(values: pd.Series) -> float | None:
    clean = values.dropna()
    return float(clean.mean()) if len(clean) else None


def outcomes(frame: pd.DataFrame, indicators: Sequence[str], *, overall_only: bool = False) -> list[Outcome]:
    """Per period, group and indicator (and ``all``): n, mean level, level shares, change from baseline."""
    found: list[Outcome] = []
    if frame.empty:
        return found
    grouped = {(str(g), str(p)): rows for (g, p), rows in frame.groupby(["group", "period"], sort=False)}
    for indicator in [OVERALL] if overall_only else [*indicators, OVERALL]:
        column = "score" if indicator == OVERALL else indicator
        rated = list(indicators) if indicator == OVERALL else [indicator]
        for group in GROUPS:
            base: float | None = None
            for period in PERIOD_KEYS:
                rows = grouped.get((group, period))
                if rows is None:
                    continue
                mean = _mean(rows[column])
                ratings = rows[rated].to_numpy(dtype=float).ravel()
                ratings = ratings[~np.isnan(ratings)]
                shares = tuple(float((ratings == v).sum() / len(ratings)) if len(ratings) else 0.0
                               for v in LEVEL_VALUES)
                if period == BASELINE:
                    base = mean
                change = mean - base if mean is not None and base is not None else None
                found.append(Outcome(period, group, indicator, int(rows[column].notna().sum()), mean,
                                     (shares[0], shares[1], shares[2]), change))
    return found


def latest_period(frame: pd.DataFrame) -> str | None:
    """The last period in which both groups were assessed (after the baseline)."""
    for period in reversed(PERIOD_KEYS[1:]):
        rows = frame[frame["period"] == period]
        if all((rows["group"] == g).any() for g in GROUPS):
            return period
    return None


@dataclass(frozen=True)
class Comparison:
    scope: str
    period: str
    n_experimental: int
    n_control: int
    mean_experimental: float | None
    mean_control: float | None
    test: MannWhitney | None  # experimental vs control at ``period``
    matched_experimental: Wilcoxon | None  # baseline → period, the same children
    matched_control: Wilcoxon | None
    did: DiD | None

    @property
    def difference(self) -> float | None:
        if self.mean_experimental is None or self.mean_control is None:
            return None
        return self.mean_experimental - self.mean_control

    @property
    def small(self) -> bool:
        return min(self.n_experimental, self.n_control) < 8


def _scores(frame: pd.DataFrame, group: str, period: str) -> pd.Series:
    rows = frame[(frame["group"] == group) & (frame["period"] == period)]
    return rows.set_index("child")["score"].dropna() if not rows.empty else pd.Series(dtype=float)


def _matched(frame: pd.DataFrame, group: str, period: str) -> Wilcoxon | None:
    rows = frame[frame["group"] == group].assign(key=lambda f: f["org"] + "\x1f" + f["child"])
    before = rows[rows["period"] == BASELINE].set_index("key")["score"].dropna()
    after = rows[rows["period"] == period].set_index("key")["score"].dropna()
    both = before.index.intersection(after.index)
    return wilcoxon_signed_rank(before[both].tolist(), after[both].tolist())


def compare(frame: pd.DataFrame, scope: str, period: str) -> Comparison:
    """Experimental vs control at ``period`` within an already scoped frame."""
    e, c = _scores(frame, "experimental", period), _scores(frame, "control", period)
    base_e, base_c = _mean(_scores(frame, "experimental", BASELINE)), _mean(_scores(frame, "control", BASELINE))
    now_e, now_c = _mean(e), _mean(c)
    did = None
    if base_e is not None and now_e is not None and base_c is not None and now_c is not None \
            and period != BASELINE:
        did = DiD(base_e, now_e, base_c, now_c)
    return Comparison(
        scope, period, len(e), len(c), now_e, now_c, mann_whitney(e.tolist(), c.tolist()),
        _matched(frame, "experimental", period) if period != BASELINE else None,
        _matched(frame, "control", period) if period != BASELINE else None,
        did,
    )


def comparisons(data: PilotData, frame: pd.DataFrame, period: str) -> list[Comparison]:
    """Overall, by ownership (state, private) and per kindergarten, at ``period``."""
    scopes = [OVERALL, *(s for s in ("state", "private") if any(o.ownership == s for o in data.orgs)),
              *(o.code for o in data.orgs)]
    return [compare(in_scope(frame, data, s), s, period) for s in scopes]
