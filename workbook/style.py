"""The look of every sheet Baulu writes: fonts, fills, alignments and the Excel table style."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

TABLE_STYLE = "TableStyleMedium2"
"""A medium, blue banded table style: readable on screen and in print."""

FONT_NAME = "Calibri"
"""Excel's default font; LibreOffice substitutes the metric-compatible Carlito."""
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)

CELL_ALIGNMENT = Alignment(vertical="top")
WRAP_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
CENTRE_ALIGNMENT = Alignment(horizontal="center", vertical="top")
WRAP_FROM_WIDTH = 20
"""Text columns at least this wide wrap their values instead of spilling over."""
CENTRE_UP_TO_WIDTH = 8
"""Numbers in columns at most this wide (№, year, level) are centred, not pushed right."""

GIVEN_FILL = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
"""Cells the kindergarten reads but may not change (pushed from the master)."""

TITLE_FONT = Font(name=FONT_NAME, bold=True, size=16, color="1F4E78")
SUBTITLE_FONT = Font(name=FONT_NAME, italic=True, size=11, color="404040")
SECTION_FONT = Font(name=FONT_NAME, bold=True, size=12, color="1F4E78")
TOTAL_FONT = Font(name=FONT_NAME, size=11, bold=True)
TOTAL_BORDER = Border(top=Side(style="thin", color="1F4E78"))

DATE_FORMAT = "DD.MM.YYYY"
INT_FORMAT = "0"

LINE_HEIGHT = 15.0
"""Points per line of 11 pt text; other sizes scale with it."""
