"""The organisations sheet's software-owned columns: each ``… (+7)`` phone follows its source.

The coordinator writes a phone as the order has it («8 (7112) 50-12-34», two numbers, …); the
column beside it shows the same number(s) as +7 and ten digits, planned every time the master
is written, and emptied when the source cannot be read as a phone (a ``phone.invalid`` finding).
Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from schemas.display import display_value
from schemas.lang import Lang
from schemas.rows import Rows
from schemas.sheetmap import map_rows
from schemas.sheets import ORGANISATIONS
from schemas.writeplan import SheetWrite, Value, blocks_from_cells

PHONE_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (c.key.removesuffix("_norm"), c.key) for c in ORGANISATIONS.columns
    if c.owner == "system" and c.type == "phone"
)
"""(source column, normalised column) keys."""

Record = Mapping[str, object]


def phone_state(records: Sequence[Record]) -> list[object]:
    """What the phone columns must show, per organisation (part of the master's digest, so that
    a changed phone alone rewrites the master)."""
    return [[r.get("code"), *(r.get(source) for source, _ in PHONE_PAIRS)] for r in records]


def plan_phones(title: str, rows: Rows, records: Sequence[Record], *, lang: Lang) -> SheetWrite | None:
    """Each organisation's normalised phones, from ``records`` (the sheet's typed rows, whose phone
    columns hold +7 numbers, or None where the source is not a phone); None when nothing differs."""
    sheet = map_rows(rows, ORGANISATIONS, title)
    by_code = {str(r["code"]): r for r in records if r.get("code") is not None}
    cells: list[tuple[int, int, Value]] = []
    for number in range(sheet.header_row + 1, len(rows) + 1):
        line = rows[number - 1]
        natural = sheet.natural_key_of(line)
        record = by_code.get(natural[0]) if natural else None
        if record is None:
            continue
        for source, target in PHONE_PAIRS:
            index = sheet.columns.get(target)
            if source not in sheet.columns or index is None:
                continue
            wanted = cast(Value, display_value(ORGANISATIONS.column(target), record.get(source), lang))
            current = line[index - 1] if index <= len(line) else None
            if wanted != current:
                cells.append((number, index, wanted))
    if not cells:
        return None
    return SheetWrite(title=title, spec=ORGANISATIONS, header_row=sheet.header_row,
                      blocks=blocks_from_cells(cells))
