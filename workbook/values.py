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
import io
from collections.abc import Callable, Iterable
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetTypeEnum

from schemas.errors import BauluError
from workbook.archive import MAX_GRID, check_bytes, grid_bomb
from workbook.reasons import unreadable

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
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
        check_bytes(data)  # a bomb is refused before the fast reader sees it
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        tabs: dict[str, Rows] = {}
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet or meta.name in skipped or (only and not only(meta.name)):
                continue
            sheet = book.get_sheet_by_name(meta.name)
            grid = (sheet.start[0] if sheet.start else 0) + sheet.height, (sheet.start[1] if sheet.start else 0) + sheet.width
            if grid[0] * grid[1] > MAX_GRID:  # a sheet claiming a grid no real table has
                raise grid_bomb(meta.name, *grid)
            rows = sheet.to_python(skip_empty_area=False)
            tabs[meta.name] = [[as_openpyxl(v) for v in row] for row in rows]
        return tabs
    except BauluError as exc:
        raise BauluError(f"{name}: {exc.kk}", f"{name}: {exc.ru}") from exc
    except Exception as exc:  # calamine raises its own errors for a file that is not a workbook
        raise unreadable(name, exc) from exc
