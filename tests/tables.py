"""Build Tables in memory for rule tests: columns laid out A, B, C … in the spec's order."""

from __future__ import annotations

import pandas as pd
from openpyxl.utils import get_column_letter

from schemas.sheets import SheetSpec
from schemas.table import Table


def make_table(spec: SheetSpec, rows: dict[int, dict[str, object]], org: str = "47") -> Table:
    letters = {c.key: get_column_letter(i) for i, c in enumerate(spec.columns, start=1)}
    frame = pd.DataFrame.from_records(list(rows.values()), index=list(rows), columns=spec.column_keys())
    frame = frame.astype(object).where(frame.notna(), None)
    return Table(spec, org, spec.kk, frame, letters, {c.key: c.kk for c in spec.columns}, 1)
