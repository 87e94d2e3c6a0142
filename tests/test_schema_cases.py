"""The schema's failure cases found directly are pandera's, case for case (their order does not
matter: ``validate_table`` sorts every finding by row, cell and rule, and no two cases share all
three).

``schemas.checks.direct_cases`` stands in for pandera's lazy validation where it can vouch for the
outcome; here both run on the planted tables of ``test_validation_speed_paths`` (wrong values,
empty required cells, mixed types, NaN, dates out of the pilot, bad URLs …), coerced, every column
asked."""

from __future__ import annotations

import math
import random

import pandera.pandas as pa
import pytest

from schemas import catalogue
from schemas.checks import _BUILTIN, _schema, direct_cases
from schemas.sheets import CONTEST_RESULTS, MONITORING, PLAN_STATUS, POSTS, consolidated_spec
from schemas.table import Table
from schemas.validate import coerce_table
from tests.tables import make_table
from tests.test_validation_speed_paths import _monitoring_rows, _text_sheet


def _pandera(coerced: Table, keep: tuple[str, ...]) -> list[tuple[str, str, object]]:
    try:
        _schema(coerced.spec, keep).validate(coerced.frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return [(str(c.column), (_BUILTIN.get(str(c.check)) or catalogue.by_code(str(c.check))).code, c.index)
                for c in errors.failure_cases.itertuples(index=False)]
    return []


def _tables() -> list[Table]:
    rng = random.Random(7)
    tables = [make_table(MONITORING, _monitoring_rows(rng, 300)),
              make_table(consolidated_spec(MONITORING), _monitoring_rows(rng, 200, orgs=["47", "34", "x"]), org=""),
              make_table(MONITORING, {2: {"child_code": None, "period": math.nan, "K1": 7, "group_kind": None}})]
    tables += [_text_sheet(spec, rng, 150) for spec in (CONTEST_RESULTS, PLAN_STATUS, POSTS)]
    return tables


@pytest.mark.parametrize("table", _tables(), ids=lambda t: t.spec.key)
def test_direct_cases_are_panderas(table: Table) -> None:
    coerced, _, _ = coerce_table(table)
    keep = tuple(k for k in dict.fromkeys(coerced.spec.column_keys()) if k in coerced.frame.columns)
    direct = direct_cases(coerced, keep)
    assert direct is not None
    slow = _pandera(coerced, keep)
    assert slow, "the planted mistakes give failure cases"
    fast = [(k, r.code, i) for k, r, i in direct]
    assert len(set(fast)) == len(fast)
    assert sorted(fast, key=repr) == sorted(slow, key=repr)
