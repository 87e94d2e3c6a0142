"""The hidden ``_baulu`` sheet: what kind of workbook this is, for whom, in which language.

Key/value rows, key in column A and value in column B, for example ``kind`` ("master" or
"kindergarten"), ``org`` (the organisation code of a kindergarten workbook), ``lang`` ("kk" or
"ru") and ``version`` (the schema version).
"""

from __future__ import annotations

from openpyxl import Workbook

from schemas.tabs import META_TAB

META_SHEET = META_TAB
SCHEMA_VERSION = "1"


def read_meta(wb: Workbook) -> dict[str, str]:
    """The key/value pairs of the meta sheet; an empty dict when there is none."""
    if META_SHEET not in wb.sheetnames:
        return {}
    meta: dict[str, str] = {}
    for key, value, *_ in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if key is None or not str(key).strip():
            continue
        meta[str(key).strip()] = "" if value is None else str(value)
    return meta


def write_meta(wb: Workbook, **values: str) -> None:
    """Set the given keys (others kept; ``version`` defaults to the current schema version)."""
    meta = {"version": SCHEMA_VERSION, **read_meta(wb), **values}
    if META_SHEET in wb.sheetnames:
        ws = wb[META_SHEET]
        ws.delete_rows(1, ws.max_row)
    else:
        ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    for row, (key, value) in enumerate(meta.items(), start=1):
        ws.cell(row=row, column=1, value=key)
        ws.cell(row=row, column=2, value=value)
