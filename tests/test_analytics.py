"""The analytics against published and hand-computed values, on small crafted data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from schemas.analytics.calendar import (
    DEFAULT_DEADLINES,
    Quarter,
    deadline_moment,
    oral_time,
    parse_deadlines,
    parse_quarter,
)
from schemas.analytics.dashboard import contest_status, dashboard
from schemas.analytics.implementation import overall, quarter_monitoring, timeliness
from schemas.analytics.inputs import ContestDue, Org, PilotData, PlanTask
from schemas.analytics.outcomes import compare, monitoring_frame, outcomes
from schemas.analytics.stats import mann_whitney, wilcoxon_signed_rank
from schemas.analytics.wording import comparison_sentences
from schemas.analytics.words import of
from schemas.errors import BauluError

Q1, Q3 = Quarter(2026, 1), Quarter(2026, 3)

# --------------------------------------------------------------------------- statistics


def test_mann_whitney_textbook_example() -> None:
    """The example of scipy's documentation (after Wikipedia): U = 17, exact two-sided p = 1/9."""
    males, females = [19, 22, 16, 29, 24], [20, 11, 17, 12]
    result = mann_whitney(males, females)
    assert result is not None
    assert result.u == 17
    assert result.p == pytest.approx(0.1111111, abs=1e-6)
    assert result.rank_biserial == pytest.approx(2 * 17 / 20 - 1)  # 0.7
    reverse = mann_whitney(females, males)
    assert reverse is not None and reverse.u == 20 - 17 and reverse.rank_biserial == pytest.approx(-0.7)
    assert result.small  # 5 and 4 children: under 8 a p-value is not presented


def test_mann_whitney_with_ties_uses_the_tie_corrected_normal_approximation() -> None:
    # levels 1–3 tie a lot: U counts a tie as one half
    x, y = [3, 3, 2, 2, 2, 3, 3, 2], [1, 2, 1, 1, 2, 1, 2, 1]
    result = mann_whitney(x, y)
    assert result is not None
    wins = sum((a > b) + 0.5 * (a == b) for a in x for b in y)
    assert result.u == wins == 4 * 8 + 4 * 5 + 0.5 * 4 * 3  # 58
    assert 0 < result.p < 0.01
    assert mann_whitney([], [1.0]) is None


def test_wilcoxon_signed_rank_hand_computed() -> None:
    """Wikipedia's example: ten pairs, one zero difference dropped, W+ = 27, W− = 18 (W = 9)."""
    after = [125, 115, 130, 140, 140, 115, 140, 125, 140, 135]
    before = [110, 122, 125, 120, 140, 124, 123, 137, 135, 145]
    result = wilcoxon_signed_rank(before, after)
    assert result is not None
    assert (result.n, result.nonzero) == (10, 9)
    assert (result.w_plus, result.w_minus) == (27, 18)
    assert result.mean_change == pytest.approx(2.4)
    assert result.p > 0.5  # nowhere near significant
    unchanged = wilcoxon_signed_rank([1, 2], [1, 2])
    assert unchanged is not None and unchanged.p == 1.0 and unchanged.nonzero == 0


def _child(org: str, code: str, group: str, period: str, level: object) -> dict[str, object]:
    return {"org": org, "child_code": code, "group_kind": group, "period": period, "K1": level}


# E: base 1, 2, 1, 2 (mean 1.5) → Q4 2, 3, 2, 2 (2.25); C: base 1, 2, 2, 1 (1.5) → Q4 2, 2, 1, 2 (1.75)
DID_ROWS = [
    *(_child("47", f"E{i}", "experimental", "base", v) for i, v in enumerate((1, 2, 1, 2))),
    *(_child("47", f"E{i}", "experimental", "Q4", v) for i, v in enumerate((2, 3, 2, 2))),
    *(_child("47", f"C{i}", "control", "base", v) for i, v in enumerate((1, 2, 2, 1))),
    *(_child("47", f"C{i}", "control", "Q4", v) for i, v in enumerate((2, 2, 1, 2))),
]


def test_difference_in_differences_hand_computed_table() -> None:
    frame = monitoring_frame(DID_ROWS, ["K1"])
    c = compare(frame, "all", "Q4")
    assert c.did is not None
    assert (c.did.treated_before, c.did.treated_after) == (1.5, 2.25)
    assert (c.did.control_before, c.did.control_after) == (1.5, 1.75)
    assert c.did.treated_change == 0.75 and c.did.control_change == 0.25
    assert c.did.effect == 0.5
    assert c.difference == 0.5
    # the same children: rises 1, 1, 1 and one unchanged → three tied ranks of 2, all rises
    assert c.matched_experimental is not None
    assert (c.matched_experimental.nonzero, c.matched_experimental.w_plus, c.matched_experimental.w_minus) == (3, 6, 0)
    assert c.small  # 4 and 4 children


def test_small_samples_are_said_in_words_not_p_values() -> None:
    c = compare(monitoring_frame(DID_ROWS, ["K1"]), "all", "Q4")
    kk = " ".join(comparison_sentences(c, "kk", "Барлығы"))
    ru = " ".join(comparison_sentences(c, "ru", "Всего"))
    assert "8 баладан аз" in kk and "p =" not in kk and "p <" not in kk
    assert "меньше 8 детей" in ru and "+0,50" in ru


def test_outcomes_levels_shares_and_change_from_baseline() -> None:
    rows = [
        *DID_ROWS,
        _child("47", "E0", "experimental", "Q4", 3),  # the same child twice in a period: the first counts
        _child("47", "E9", "experimental", "Q4", 4),  # an impossible level: left out
        _child("47", "X1", "unknown", "Q4", 3),  # no group: left out
    ]
    frame = monitoring_frame(rows, ["K1"])
    found = {(o.group, o.period, o.indicator): o for o in outcomes(frame, ["K1"])}
    e4 = found[("experimental", "Q4", "K1")]
    assert e4.n == 4 and e4.mean == 2.25 and e4.change == 0.75
    assert e4.shares == (0.0, 0.75, 0.25)
    assert found[("control", "base", "all")].change == 0.0


# --------------------------------------------------------------------------- implementation monitoring

PLAN = (PlanTask("3.6", "Feb contest", "month", 2026, 2), PlanTask("3.9", "Aug item", "month", 2026, 8),
        PlanTask("3.1", "ongoing", "ongoing"))
CONTESTS = (ContestDue("C1", "Feb", 2, "3.6"), ContestDue("C4", "Aug", 8, "3.9"), ContestDue("C8", "all year", None))
D = dt.date


def _crafted() -> PilotData:
    rows: dict[str, list[dict[str, object]]] = {
        "plan_status": [
            {"org": "47", "item_id": "3.6", "status": "done", "date_done": D(2026, 2, 20)},
            {"org": "47", "item_id": "3.9", "status": "in_progress"},
            {"org": "47", "item_id": "3.1", "status": "in_progress"},
            {"org": "34", "item_id": "3.6", "status": "done", "date_done": D(2026, 3, 10)},  # a month late
        ],
        "contest_results": [
            {"org": "47", "contest": "C1", "date_held": D(2026, 2, 20), "children": 20, "parents": 9,
             "winners": "47-Э-01"},
            {"org": "47", "contest": "C4", "date_held": D(2026, 8, 15), "children": 12, "parents": -3},
            {"org": "34", "contest": "C1", "date_held": D(2026, 3, 10), "children": 7, "parents": 4},
        ],
        "monitoring": [_child("47", "47-Э-01", "experimental", p, 2) for p in ("base", "Q1", "Q3")],
        "posts": [{"org": "47", "date": D(2026, 1, 15)}, {"org": "47", "date": D(2026, 3, 1)},
                  {"org": "47", "date": D(2026, 8, 1)}, {"org": "34", "date": D(2026, 9, 30)}],
        "environment": [{"org": "47", "direction": "cooking", "ready": "yes", "since": D(2026, 1, 10)},
                        {"org": "47", "direction": "jewellery", "ready": "yes", "since": D(2026, 5, 1)},
                        {"org": "47", "direction": "tailoring", "ready": "no"}],
    }
    return PilotData((Org("47", "№47", "state"), Org("34", "№34", "state")), PLAN, CONTESTS, rows, ("K1",))


def test_every_monitoring_count_on_a_crafted_workspace() -> None:
    data = _crafted()
    today = D(2026, 9, 15)
    q1 = quarter_monitoring(data, "47", Q1, today=today, deadline=D(2026, 4, 5))
    assert (q1.plan_total, q1.plan_done, q1.plan_in_progress, q1.plan_not_started) == (3, 1, 2, 0)
    assert q1.plan_overdue == 0
    assert (q1.contests_due, q1.contests_held, q1.contests_held_late, q1.contests_results) == (1, 1, 0, 1)
    assert (q1.children, q1.parents, q1.posts) == (20, 9, 2)
    assert (q1.environment_ready, q1.environment_total) == (1, 8)  # jewellery only from May
    assert q1.filled == ("plan_status", "contest_results", "monitoring", "posts") and q1.complete

    q3 = quarter_monitoring(data, "47", Q3, today=today, deadline=D(2026, 10, 5))
    assert (q3.plan_done, q3.plan_in_progress, q3.plan_not_started) == (1, 2, 0)
    assert (q3.plan_overdue, q3.overdue_items) == (1, ("3.9",))  # due 31 August, not done by 15 September
    assert (q3.contests_due, q3.contests_held, q3.contests_held_late, q3.contests_results) == (1, 1, 0, 0)
    assert (q3.children, q3.parents, q3.posts) == (12, 0, 1)  # a negative count is not a count
    assert q3.environment_ready == 2
    assert q3.filled == ("plan_status", "contest_results", "monitoring", "posts")
    assert q3.timeliness == "on_time"  # complete, never seen late, the deadline not passed

    late = quarter_monitoring(data, "34", Q1, today=today, deadline=D(2026, 4, 5))
    assert (late.plan_done, late.plan_not_started, late.plan_overdue) == (1, 2, 0)  # 3.9 not due by 31 March
    assert (late.contests_held, late.contests_held_late) == (1, 1)  # C1 (February) held 10 March
    assert late.filled == ("plan_status", "contest_results")  # no monitoring; no post in Q1
    assert quarter_monitoring(data, "34", Q3, today=today, deadline=D(2026, 10, 5)).overdue_items == ("3.9",)
    assert late.timeliness == "missing"


def test_timeliness_against_the_deadline_in_oral_time() -> None:
    deadline = D(2026, 10, 5)
    # the deadline day ends at midnight in Oral: 19:00 UTC
    assert deadline_moment(deadline) == dt.datetime(2026, 10, 5, 19, 0, tzinfo=dt.UTC)
    assert timeliness(True, "2026-10-05T18:59:00+00:00", Q3, deadline, D(2026, 11, 1)) == "on_time"
    assert timeliness(True, "2026-10-05T19:00:00Z", Q3, deadline, D(2026, 11, 1)) == "late"
    assert timeliness(False, None, Q3, deadline, D(2026, 10, 6)) == "missing"
    assert timeliness(False, None, Q3, deadline, D(2026, 10, 5)) == "open"
    assert timeliness(False, None, Q3, deadline, D(2026, 6, 1)) == "not_due"


def test_reporting_and_on_time_rates() -> None:
    data = _crafted()
    today = D(2026, 9, 15)
    rows = [quarter_monitoring(data, o.code, Q1, today=today, deadline=D(2026, 4, 5),
                               submitted_at="2026-04-01T05:00:00Z") for o in data.orgs]
    q1 = overall(rows, Q1, today)
    assert (q1.expected, q1.complete, q1.on_time, q1.missing) == (2, 1, 1, 1)
    assert q1.reporting_rate == 0.5 and q1.on_time_rate == 0.5
    assert overall([], Quarter(2026, 4), today).expected == 0


def test_dashboard_rows_and_contest_status() -> None:
    data = _crafted()
    board = dashboard(data, now=dt.datetime(2026, 9, 15, 6, 0, tzinfo=dt.UTC), deadlines=DEFAULT_DEADLINES,
                      freshness={"47": ("2026-09-14T20:30:00Z", False), "34": ("2026-08-01T05:00:00Z", True)},
                      findings=[("47", "error"), ("47", "warning"), ("47", "warning"), ("34", "error")])
    first, second = board.orgs
    assert board.quarter == "Q3" and board.updated == "15.09.2026 11:00"
    assert (first.pulled, first.stale, first.errors, first.warnings) == ("15.09.2026 01:30", False, 1, 2)
    assert (second.stale, second.errors, second.warnings) == (True, 1, 0)
    assert (first.plan_done, first.plan_total, first.plan_overdue) == (1, 3, 1)
    status = {(c.org, c.contest): c.status for c in board.contest_grid}
    assert status == {("47", "C1"): "held", ("47", "C4"): "held", ("47", "C8"): "upcoming",
                      ("34", "C1"): "held_late", ("34", "C4"): "overdue", ("34", "C8"): "upcoming"}
    assert contest_status(None, D(2026, 2, 28), D(2026, 2, 28)) == "upcoming"


# --------------------------------------------------------------------------- words and calendar


@pytest.mark.parametrize(("part", "whole", "kk", "ru"), [
    (7, 13, "13-тен 7", "7 из 13"), (1, 10, "10-нан 1", "1 из 10"), (0, 6, "6-дан 0", "0 из 6"),
    (3, 4, "4-тен 3", "3 из 4"), (5, 5, "5-тен 5", "5 из 5"), (2, 8, "8-ден 2", "2 из 8"),
    (40, 40, "40-тан 40", "40 из 40"), (9, 100, "100-ден 9", "9 из 100"), (1, 2, "2-ден 1", "1 из 2"),
])
def test_counts_read_as_people_say_them(part: int, whole: int, kk: str, ru: str) -> None:
    assert of(part, whole, "kk") == kk
    assert of(part, whole, "ru") == ru


def test_quarters_deadlines_and_oral_time() -> None:
    assert parse_quarter("2026-Q3") == Q3 == parse_quarter("2026Q3")
    assert (Q3.start, Q3.end, Q3.label("kk"), Q3.label("ru")) == (
        D(2026, 7, 1), D(2026, 9, 30), "2026 III тоқсан", "2026 III квартал")
    with pytest.raises(BauluError):
        parse_quarter("Q3")
    assert parse_deadlines({"Q3": "2026-10-10"})["Q3"] == D(2026, 10, 10)
    assert parse_deadlines({})["Q4"] == D(2026, 12, 20)
    with pytest.raises(BauluError):
        parse_deadlines({"Q5": "2026-01-01"})
    with pytest.raises(BauluError):
        parse_deadlines({"Q1": "5 April"})
    assert oral_time("2026-11-27T20:10:00Z") == "28.11.2026 01:10"


def test_the_round_rewrites_the_dashboard_when_the_day_in_oral_changes_not_the_hour(new_workspace: Path,
                                                                                    tmp_path: Path) -> None:
    """A round with no new version writes the master only when what the dashboard reads changed:
    the date in Oral (UTC+5) — plan items and contests fall overdue at its midnight — not the hour."""
    import shutil

    from sync.master import MasterFile, read_master
    from sync.pilot import dashboard_inputs
    from sync.workspace import load_workspace

    shutil.copytree(new_workspace, tmp_path / "ws")
    ws = load_workspace(tmp_path / "ws")
    master = read_master(ws, MasterFile.of(ws))
    evening = dashboard_inputs(ws, master, dt.datetime(2026, 10, 5, 12, 0, tzinfo=dt.UTC))
    assert dashboard_inputs(ws, master, dt.datetime(2026, 10, 5, 18, 59, tzinfo=dt.UTC)) == evening  # 23:59 Oral
    assert dashboard_inputs(ws, master, dt.datetime(2026, 10, 5, 19, 0, tzinfo=dt.UTC)) != evening  # 00:00 Oral
