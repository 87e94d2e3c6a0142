"""A spec'd table on an openpyxl worksheet: :func:`schemas.sheetmap.map_rows` over its values."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from schemas.sheetmap import SheetMap, map_rows
from schemas.sheets import SheetSpec
from workbook.reader import sheet_rows


def map_sheet(ws: Worksheet, spec: SheetSpec) -> SheetMap:
    return map_rows(sheet_rows(ws), spec, ws.title)


__all__ = ["SheetMap", "map_sheet"]
