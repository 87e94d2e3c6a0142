"""Validate a master or a kindergarten workbook (openpyxl): its values through
:mod:`schemas.check`."""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from schemas.check import Checked, check_kindergarten_tabs, check_master_tabs, context_from_master
from schemas.rules import Context
from schemas.vocabulary import DEFAULT_INDICATORS, Indicator
from workbook.reader import workbook_tabs


def check_master(wb: Workbook, *, org: str = "master", consolidated: bool = True) -> Checked:
    return check_master_tabs(workbook_tabs(wb), org=org, consolidated=consolidated)


def check_kindergarten(
    wb: Workbook,
    *,
    org: str,
    context: Context | None = None,
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS,
) -> Checked:
    """Validate one kindergarten's workbook; ``org`` is its code (the meta sheet's, if it has one)."""
    return check_kindergarten_tabs(workbook_tabs(wb), org=org, context=context, indicators=indicators)


__all__ = ["Checked", "check_kindergarten", "check_kindergarten_tabs", "check_master", "context_from_master"]
