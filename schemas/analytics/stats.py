"""The statistics of the comparison: Mann–Whitney U, Wilcoxon signed-rank, difference-in-differences.

scipy computes the tests; here they get the shape the reports need (effect size, small samples).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as _stats

MIN_GROUP = 8
"""Below this many children in a group a p-value is not presented as meaningful."""


@dataclass(frozen=True)
class MannWhitney:
    n1: int
    n2: int
    u: float  # U of the first sample: pairs (x, y) with x > y, ties counting one half
    p: float  # two-sided
    rank_biserial: float  # 2U/(n1·n2) − 1: +1 every x above every y, −1 the reverse

    @property
    def small(self) -> bool:
        return min(self.n1, self.n2) < MIN_GROUP


def mann_whitney(x: Sequence[float], y: Sequence[float]) -> MannWhitney | None:
    """Two independent samples; None when either is empty. Exact p for small samples without ties,
    the normal approximation with tie and continuity correction otherwise (scipy's ``auto``)."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(a) == 0 or len(b) == 0:
        return None
    result = _stats.mannwhitneyu(a, b, alternative="two-sided", method="auto")
    u = float(result.statistic)
    p = float(result.pvalue)
    return MannWhitney(len(a), len(b), u, 1.0 if math.isnan(p) else p, 2 * u / (len(a) * len(b)) - 1)


@dataclass(frozen=True)
class Wilcoxon:
    n: int  # matched pairs
    nonzero: int  # pairs that changed (zero differences are dropped)
    w_plus: float  # sum of the ranks of the rises
    w_minus: float  # sum of the ranks of the falls
    p: float  # two-sided
    mean_change: float

    @property
    def small(self) -> bool:
        return self.n < MIN_GROUP


def wilcoxon_signed_rank(before: Sequence[float], after: Sequence[float]) -> Wilcoxon | None:
    """Matched pairs (one child, two periods); None without pairs."""
    b, a = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    if len(a) != len(b):
        raise ValueError("before and after must be matched pairs")
    if len(a) == 0:
        return None
    diffs = a - b
    moved = diffs[diffs != 0]
    ranks = _stats.rankdata(np.abs(moved))
    w_plus, w_minus = float(ranks[moved > 0].sum()), float(ranks[moved < 0].sum())
    if len(moved) == 0:
        p = 1.0
    else:
        p = float(_stats.wilcoxon(moved, zero_method="wilcox", alternative="two-sided").pvalue)
    return Wilcoxon(len(a), len(moved), w_plus, w_minus, p, float(diffs.mean()))


@dataclass(frozen=True)
class DiD:
    """Difference-in-differences of group means: (E after − E before) − (C after − C before)."""

    treated_before: float
    treated_after: float
    control_before: float
    control_after: float

    @property
    def treated_change(self) -> float:
        return self.treated_after - self.treated_before

    @property
    def control_change(self) -> float:
        return self.control_after - self.control_before

    @property
    def effect(self) -> float:
        return self.treated_change - self.control_change
