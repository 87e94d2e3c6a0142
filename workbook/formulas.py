"""Formulas the coordinator wrote, moved with their row."""

from __future__ import annotations

from openpyxl.formula.translate import Translator

from schemas.rows import column_letter
from schemas.writeplan import Formula


def moved(value: object, column: int, old_row: int, new_row: int) -> object:
    """A formula keeps pointing at its own row when the row moves; other values stay as they are."""
    if isinstance(value, Formula) and old_row != new_row:
        letter = column_letter(column)
        return Formula(Translator(value, origin=f"{letter}{old_row}").translate_formula(f"{letter}{new_row}"))
    return value
