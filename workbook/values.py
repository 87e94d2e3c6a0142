"""A workbook's cell values, read fast with python-calamine (a Rust reader, about 20× openpyxl on a
kindergarten workbook), given exactly as openpyxl's ``data_only`` load gives them.

Only values: where styles, notes or the workbook itself are needed (feedback, the master), openpyxl
stays. calamine gives every number as a float, an empty cell as ``""`` and a date cell as a
``date``; openpyxl gives whole numbers as ``int``, an empty cell as ``None`` and a date cell as a
``datetime`` at midnight, and the rest of the code (coercion, the store's revisions) was built on
that, so each value is turned into what openpyxl would have given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetTypeEnum

from schemas.errors import BauluError

Rows = list[list[object]]

_EXACT = 2**53  # every whole float below this is an exact integer, as Excel writes it ("12")


def as_openpyxl(value: object) -> object:
    """One calamine value as openpyxl (data_only) gives the same cell."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < _EXACT else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def read_values(path: Path, skip: Iterable[str] = (), only: Callable[[str], bool] | None = None,
                ) -> dict[str, Rows]:
    """Every worksheet's values by title (chart sheets have none), from A1; ``skip``: titles not read;
    ``only``: read just the titles it accepts."""
    skipped = set(skip)
    try:
        book = CalamineWorkbook.from_path(str(path))
        tabs: dict[str, Rows] = {}
        for sheet in book.sheets_metadata:
            if sheet.typ != SheetTypeEnum.WorkSheet or sheet.name in skipped or (only and not only(sheet.name)):
                continue
            rows = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
            tabs[sheet.name] = [[as_openpyxl(v) for v in row] for row in rows]
        return tabs
    except BauluError:
        raise
    except Exception as exc:  # calamine raises its own errors for a file that is not a workbook
        raise BauluError(f"{Path(path).name}: not a readable .xlsx workbook ({exc})") from exc
