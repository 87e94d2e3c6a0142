"""The tabs Baulu keeps for itself in every workbook it writes. One place for their names."""

from __future__ import annotations

META_TAB = "_baulu"
"""Very hidden: what the workbook is (master or kindergarten) and whose."""

MARKS_TAB = "_baulu_marks"
"""Very hidden: which cells Baulu marked, and their own fill and note before it did."""

LISTS_TAB = "_lists"
"""Hidden: long dropdown lists."""

HIDDEN_TABS = (META_TAB, MARKS_TAB, LISTS_TAB)

NOT_DATA_TABS = (MARKS_TAB, LISTS_TAB)
"""Tabs that hold no kindergarten data: not stored, not part of a sheet's revision. (The meta tab
is stored: it says whose the sheet is.)"""
