"""The demo data: clean data validates clean, and every planted mistake is found exactly where planted."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from macros.demo_data import Mistake, fill_kindergarten, fill_workspace
from macros.validate import validate
from schemas.finding import Finding
from schemas.seed import ORGANISATIONS
from schemas.sheets import KINDERGARTEN_SHEETS, MONITORING
from tests.conftest import Filled
from workbook.build import build_kindergarten
from workbook.check import check_kindergarten
from workbook.reader import find_sheet, open_workbook, sheet_rows

INDICATORS = ["K1", "K2", "K3", "K4", "K5"]


def _filled(new_workspace: Path, root: Path, seed: int = 2026) -> tuple[Path, list[Mistake]]:
    """A copy of the fresh workspace ``new_workspace``, filled with the demo data of ``seed``."""
    shutil.copytree(new_workspace, root)
    return root, fill_workspace(root, seed=seed)


@pytest.fixture(scope="module")
def workspace(filled_workspace: Filled, tmp_path_factory: pytest.TempPathFactory,
              ) -> tuple[Path, list[Mistake], list[Finding]]:
    """The demo data of seed 2026 (``fill_workspace``'s default), made once per test process."""
    root = Path(shutil.copytree(filled_workspace.root, tmp_path_factory.mktemp("demo") / "ws"))
    return root, list(filled_workspace.mistakes), validate(root).findings


def _monitoring(root: Path, code: str) -> pd.DataFrame:
    wb = open_workbook(root / "kindergartens" / f"{code}.xlsx")
    return check_kindergarten(wb, org=code).tables["monitoring"].frame


def _data(root: Path) -> dict[tuple[str, str], list[list[object]]]:
    """Every value of every data tab of every kindergarten file."""
    values: dict[tuple[str, str], list[list[object]]] = {}
    for org in ORGANISATIONS:
        wb = open_workbook(root / "kindergartens" / f"{org.code}.xlsx")
        for spec in KINDERGARTEN_SHEETS:
            ws = find_sheet(wb, spec)
            assert ws is not None
            values[(org.code, spec.key)] = sheet_rows(ws)
    return values


def test_findings_are_exactly_the_planted_mistakes(workspace: tuple[Path, list[Mistake], list[Finding]]) -> None:
    _, mistakes, findings = workspace
    found = {(f.org, f.rule, f.cell) for f in findings}
    planted = {(m.org, m.rule.code, m.cell) for m in mistakes}
    assert found == planted
    assert len(findings) == len(mistakes) == 7


def test_mistakes_are_the_seven_kinds_spread_over_kindergartens(
    workspace: tuple[Path, list[Mistake], list[Finding]],
) -> None:
    _, mistakes, _ = workspace
    assert {m.rule.code for m in mistakes} == {
        "contest.month", "child.duplicate", "child.name", "value.level", "value.negative",
        "plan.done_without_evidence", "header.renamed",
    }
    assert {m.org for m in mistakes} == {o.code for o in ORGANISATIONS}
    assert all(m.what and re.fullmatch(r"[A-Z]+\d+", m.cell) for m in mistakes)
    assert {m.sheet for m in mistakes} <= {s.key for s in KINDERGARTEN_SHEETS}


def test_experimental_groups_improve_more_than_control(
    workspace: tuple[Path, list[Mistake], list[Finding]],
) -> None:
    root = workspace[0]
    rises: dict[str, list[float]] = {"experimental": [], "control": []}
    for org in ORGANISATIONS:
        frame = _monitoring(root, org.code)

        def mean(kind: str, period: str, frame: pd.DataFrame = frame) -> float:
            rows = frame[(frame["group_kind"] == kind) & (frame["period"] == period)]
            levels = [v for v in rows[INDICATORS].to_numpy().ravel() if v in (1, 2, 3)]
            return float(sum(levels)) / len(levels)

        base_e, base_c = mean("experimental", "base"), mean("control", "base")
        assert abs(base_e - base_c) < 0.35, org.code
        assert 1.0 <= base_c < 2.0 and 1.0 <= base_e < 2.0, org.code
        rise_e, rise_c = mean("experimental", "Q4") - base_e, mean("control", "Q4") - base_c
        assert rise_e > rise_c + 0.2, (org.code, rise_e, rise_c)
        rises["experimental"].append(rise_e)
        rises["control"].append(rise_c)
    assert sum(rises["experimental"]) > 2 * sum(rises["control"]) > 0


def test_each_group_has_15_to_25_children(workspace: tuple[Path, list[Mistake], list[Finding]]) -> None:
    root = workspace[0]
    for org in ORGANISATIONS:
        frame = _monitoring(root, org.code)
        for kind, letter in (("experimental", "Э"), ("control", "Б")):
            pattern = re.compile(rf"{re.escape(org.code)}-{letter}-\d{{2}}")
            codes = {str(c) for c in frame.loc[frame["group_kind"] == kind, "child_code"]}
            assert 15 <= sum(1 for c in codes if pattern.fullmatch(c)) <= 25, (org.code, kind)
            assert set(frame.loc[frame["group_kind"] == kind, "period"]) == {"base", "Q1", "Q2", "Q3", "Q4"}


def test_same_seed_same_data(new_workspace: Path, tmp_path: Path,
                             workspace: tuple[Path, list[Mistake], list[Finding]]) -> None:
    root, mistakes, _ = workspace
    again, mistakes_again = _filled(new_workspace, tmp_path / "again")
    assert mistakes_again == mistakes
    assert _data(again) == _data(root)


def test_another_seed_other_data() -> None:
    def monitoring(seed: int) -> list[list[object]]:
        wb = build_kindergarten(ORGANISATIONS[0])
        fill_kindergarten(wb, ORGANISATIONS[0], random.Random(seed))
        ws = find_sheet(wb, MONITORING)
        assert ws is not None
        return sheet_rows(ws)

    assert monitoring(1) == monitoring(1)
    assert monitoring(1) != monitoring(2)
