"""Push what the master holds (plan items, contest calendar) into a kindergarten's workbook.

Only the master-owned columns change; what the kindergarten typed stays. A row the master has
and the kindergarten's sheet lacks is appended.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl.workbook.workbook import Workbook

from schemas.sheets import spec_by_key
from workbook.reader import find_sheet
from workbook.sheetmap import map_sheet, put
from workbook.tables import extend_table


def push_given(wb: Workbook, key: str, records: Sequence[Mapping[str, object]], *, lang: str) -> int:
    """Update the master-owned columns of sheet ``key`` from ``records``; returns changed cells."""
    spec = spec_by_key(key)
    ws = find_sheet(wb, spec)
    if ws is None:
        return 0
    sheet = map_sheet(ws, spec)
    rows: dict[tuple[str, ...], int] = {}
    last = sheet.header_row
    for row in range(sheet.header_row + 1, ws.max_row + 1):
        natural = sheet.natural_key(ws, row)
        if natural is not None:
            rows.setdefault(natural, row)
            last = row
    given = [c.key for c in spec.columns if c.owner == "master" and c.key in sheet.columns]
    changed = 0
    for record in records:
        natural = tuple(str(record.get(k)) for k in spec.natural_key)
        if natural not in rows:
            last += 1
            rows[natural] = last
        row = rows[natural]
        for k in given:
            changed += put(ws, row, sheet.columns[k], spec, k, record.get(k), lang)
    extend_table(ws, spec, last)
    return changed
