"""Write a pinned version back into a kindergarten's own sheet: each data tab's values set to the
pinned version's, cell by cell, rows and columns it did not have then blanked. Pure.

Only when the coordinator asks (``baulu restore … --write-back``); what the kindergarten had
typed is the version pulled in the same round, kept in the store like every other."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from schemas.lang import Lang
from schemas.rows import Rows, find_tab
from schemas.sheets import kindergarten_sheets
from schemas.writeplan import Block, SheetWrite, Value, WorkbookPlan


def plan_restore(org: str, now: Mapping[str, Rows], pinned: Mapping[str, Rows], *, lang: Lang) -> WorkbookPlan:
    """``now``: the sheet's data tabs as pulled; ``pinned``: the pinned version's."""
    sheets: list[SheetWrite] = []
    for spec in kindergarten_sheets():
        old_title = find_tab(pinned, spec)
        if old_title is None:
            continue
        rows = pinned[old_title]
        title = find_tab(now, spec) or old_title
        current = now.get(title, [])
        height = max(len(rows), len(current))
        width = max((len(r) for r in (*rows, *current)), default=0)
        if not height or not width:
            continue
        grid = tuple(
            tuple(cast(Value, rows[r][c]) if r < len(rows) and c < len(rows[r]) else None for c in range(width))
            for r in range(height)
        )
        last = max((r for r, line in enumerate(rows, start=1) if any(v is not None for v in line)), default=1)
        sheets.append(SheetWrite(title=title, spec=spec, blocks=(Block(1, 1, grid),), table_end=last))
    return WorkbookPlan(org, lang, tuple(sheets))
