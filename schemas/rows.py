"""A sheet's rows (lists of cell values, as any backend returns them) into a Table. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from schemas import catalogue
from schemas.finding import Finding, make_finding
from schemas.headers import match_headers
from schemas.sheets import SheetSpec

if TYPE_CHECKING:  # pandas is imported where a table is made: the row helpers stay light to import
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from schemas.table import Table
from schemas.tabs import META_TAB
from schemas.text import normalise

HEADER_SCAN_ROWS = 10
Rows = Sequence[Sequence[object]]
"""A sheet's values, row by row, as any backend returns them."""
Tabs = Mapping[str, Rows]
"""A whole sheet (workbook): each tab's values by its title."""
Record = Mapping[str, object]
"""One row by column key, in canonical values."""


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letter: str) -> int:
    """A → 1, AA → 27."""
    index = 0
    for ch in letter.upper():
        index = index * 26 + ord(ch) - 64
    return index


def header_row(rows: Rows, spec: SheetSpec) -> int:
    """The 1-based row among the first few whose cells match the most of the spec's headers."""
    known = {normalise(s) for c in spec.columns for s in c.spellings()}
    best, best_hits = 1, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        hits = sum(1 for v in row if v is not None and normalise(str(v)) in known)
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def table_from_rows(rows: Rows, spec: SheetSpec, *, org: str, title: str) -> tuple[Table, list[Finding]]:
    """Match the header row, then keep every non-blank row under its sheet row number."""
    top = header_row(rows, spec)
    header = rows[top - 1] if rows else []
    cells = [(column_letter(i), v) for i, v in enumerate(header, start=1)]
    match = match_headers(spec, cells, org=org, sheet=title, header_row=top)
    positions = {key: column_index(letter) - 1 for key, letter in match.letters.items()}
    wanted = list(positions.values())
    width = max(wanted, default=-1) + 1
    records: list[tuple[object, ...]] = []
    index: list[int] = []
    for number, row in enumerate(rows[top:], start=top + 1):
        padded = row if len(row) >= width else [*row, *([None] * (width - len(row)))]
        record = tuple(padded[pos] for pos in wanted)
        if any(_filled(v) for v in record):
            records.append(record)
            index.append(number)
    from schemas.table import Table

    frame = as_objects(records, index, list(positions))
    return Table(spec, org, title, frame, match.letters, match.headers, top), match.findings


def as_objects(records: list[tuple[object, ...]], index: list[int], columns: list[str]) -> pd.DataFrame:
    """The frame of ``records`` as pandas reads them — ``DataFrame.from_records`` (a column of whole
    numbers with a gap becomes floats, dates ``Timestamp``), every cell then an object and each
    missing one None (``frame.astype(object).where(frame.notna(), None)``). The columns whose outcome
    is plain (text, whole numbers, numbers, true/false, dates with a time of day, empty) are made so
    here; a table with any other column goes through pandas (:func:`objects_by_pandas`)."""

    if not records:  # pandas numbers no rows from 0
        return objects_by_pandas(records, index, columns)
    data: list[list[object]] = []
    for i in range(len(columns)):
        made = _plain([r[i] for r in records])
        if made is None:
            return objects_by_pandas(records, index, columns)
        data.append(made)
    return object_frame(data, index, columns)


def object_frame(data: Sequence[Sequence[object] | npt.NDArray[np.object_]], index: list[int] | pd.Index,
                 columns: list[str] | pd.Index) -> pd.DataFrame:
    """A frame of objects from its columns' values, each value as it is (a list stays one cell;
    one block: no column is inferred or converted); a column may be given as an array of objects."""
    import numpy as np
    import pandas as pd

    grid = np.empty((len(columns), len(index)), dtype=object)
    for i, values in enumerate(data):
        grid[i] = values if isinstance(values, np.ndarray) else np.fromiter(values, dtype=object, count=len(index))
    return pd.DataFrame(grid.T, index=index, columns=columns, dtype=object)


def objects_by_pandas(records: list[tuple[object, ...]], index: list[int], columns: list[str]) -> pd.DataFrame:
    """:func:`as_objects` done by pandas itself (the reference)."""
    import pandas as pd

    frame = pd.DataFrame.from_records(records, index=index, columns=columns, coerce_float=False)
    return frame.astype(object).where(frame.notna(), None)


_EXACT = 2**53
"""Whole numbers below this are exact as floats."""


def _plain(values: list[object]) -> list[object] | None:
    """One column as :func:`objects_by_pandas` gives it, or None where pandas is left to say."""
    kinds = {type(v) for v in values}
    kinds.discard(type(None))
    if not kinds or kinds == {str} or kinds == {bool}:
        return values  # text, true/false (a gap: objects as they are), empty
    if kinds <= {int, float}:
        if any(type(v) is int and not -_EXACT < v < _EXACT for v in values):
            return None
        if kinds == {int} and all(v is not None for v in values):
            return values  # int64, back to the same whole numbers
        return [None if v is None or v != v else float(v) for v in values]  # type: ignore[arg-type]
    if kinds == {dt.datetime}:
        if any(v is not None and (v.tzinfo is not None or not 1900 <= v.year <= 9999)  # type: ignore[attr-defined]
               for v in values):
            return None
        import pandas as pd

        return [None if v is None else pd.Timestamp(v) for v in values]  # type: ignore[arg-type]
    return None


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def find_tab(tabs: Mapping[str, Rows], spec: SheetSpec) -> str | None:
    """The title of the tab that holds ``spec`` (kk, ru, key or alias, loosely spelled)."""
    return next((title for title in tabs if spec.titles(title)), None)


def tables_from_tabs(
    tabs: Mapping[str, Rows], specs: Iterable[SheetSpec], *, org: str, required: bool = True,
) -> tuple[dict[str, Table], list[Finding]]:
    """A Table for every spec whose tab is there; a missing tab is a finding when ``required``."""
    tables: dict[str, Table] = {}
    findings: list[Finding] = []
    for spec in specs:
        title = find_tab(tabs, spec)
        if title is None:
            if required:
                findings.append(make_finding(catalogue.SHEET_MISSING, org=org, sheet=spec.kk, sheet_ru=spec.ru))
            continue
        table, found = table_from_rows(tabs[title], spec, org=org, title=title)
        tables[spec.key] = table
        findings.extend(found)
    return tables, findings


def meta_from_tabs(tabs: Mapping[str, Rows], name: str = META_TAB) -> dict[str, str]:
    """The key/value rows of the workbook's hidden meta tab."""
    return {str(r[0]): str(r[1]) for r in tabs.get(name, []) if len(r) >= 2 and r[0] is not None
            and r[1] is not None}
