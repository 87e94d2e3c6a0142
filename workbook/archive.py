"""Refuse an .xlsx that would take unbounded time or memory to open, before anything is inflated.

An .xlsx is a zip of XML files. A zip bomb declares (or hides) gigabytes behind a few kilobytes;
the zip directory says each member's compressed and uncompressed size, so the archive is measured
there — nothing is decompressed. XML entity bombs («billion laughs») are refused by the parser:
openpyxl parses through ``defusedxml`` when it is installed (a dependency of Baulu), which
forbids entity declarations outright. A sheet that claims a million rows by a million columns
with two cells in it is refused once loaded, before its grid is walked.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections import OrderedDict
from typing import IO

from openpyxl.workbook.workbook import Workbook

from schemas.errors import BauluError
from schemas.rows import column_index

MAX_MEMBERS = 5_000
MAX_UNPACKED = 192 * 1024 * 1024
"""All members together, uncompressed (a filled kindergarten workbook is about 1.2 MB; the master
of a region of 300 kindergartens, 60,000 consolidated rows, about 60–80 MB)."""
MAX_RATIO = 100
"""Uncompressed ÷ compressed for any member past :data:`RATIO_FROM` (real sheets: about 10–20)."""
RATIO_FROM = 1024 * 1024
MAX_GRID = 5_000_000
"""Rows × columns of one sheet as openpyxl would walk it."""


class UnsafeWorkbook(BauluError):
    """A file posing as a workbook that would exhaust time or memory if opened."""


def check_archive(source: IO[bytes]) -> None:
    """Raise :class:`UnsafeWorkbook` when the zip directory of ``source`` describes a bomb.

    Only the directory is read (``source`` is rewound afterwards); a file that is not a zip
    at all is left for the workbook reader to refuse.
    """
    start = source.tell()
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        return
    finally:
        source.seek(start)
    if len(infos) > MAX_MEMBERS:
        raise _unsafe(f"{len(infos)} files inside", f"{len(infos)} ішкі файл", f"{len(infos)} файлов внутри")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED:
        mb = total // (1024 * 1024)
        raise _unsafe(f"{mb} MB unpacked", f"ашқанда {mb} МБ", f"{mb} МБ в распакованном виде")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise _unsafe(f"{info.filename} packed {ratio:.0f}:1", f"{info.filename} {ratio:.0f} есе сығылған",
                          f"{info.filename} сжат в {ratio:.0f} раз")


_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')


def check_parts(source: IO[bytes]) -> None:
    """Raise :class:`UnsafeWorkbook` for what a fast reader must never be handed: an XML part
    declaring a DTD (entity bombs; a real workbook has none), or a worksheet whose cells span a
    grid no real table has. Reads the parts (already bounded by :func:`check_archive`)."""
    start = source.tell()
    try:
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                data = archive.read(info)
                if b"<!DOCTYPE" in data[:8192] or b"<!ENTITY" in data[:8192]:
                    raise _unsafe(f"{info.filename}: DTD / Entities", f"{info.filename}: DTD жарияланған",
                                  f"{info.filename}: объявлен DTD")
                if info.filename.startswith("xl/worksheets/") and not _small(data):
                    rows, columns = _extent(_CELL.findall(data))
                    if rows * columns > MAX_GRID:
                        raise grid_bomb(info.filename, rows, columns)
    except zipfile.BadZipFile:
        return
    finally:
        source.seek(start)


_ROOMY = re.compile(rb'r="(?:[A-Z]{2,3}[0-9]|[A-Z][0-9]{6})')
"""A cell reference with two or more letters or six or more digits (and a few other ``r="…"``
attributes: a superset of what ``_CELL`` finds)."""
_SMALL = 99_999 * 26
"""The most rows × columns of a sheet without any such reference (A1 … Z99999; ≤ :data:`MAX_GRID`)."""


def _small(data: bytes) -> bool:
    """Whether the cells of a worksheet part surely span at most :data:`MAX_GRID`: no reference
    beyond column Z or row 99,999 (one scan in C, no object per cell). Otherwise the cells are
    counted one by one (:func:`_extent`), so what is refused, and the refusal's numbers, do not
    depend on this."""
    return _ROOMY.search(data) is None


_PASSED: OrderedDict[bytes, None] = OrderedDict()
"""Digests of the files that passed both checks in this process (most recent last)."""
PASSED_KEPT = 4_096


def check_bytes(data: bytes) -> None:
    """:func:`check_archive` and :func:`check_parts` on a whole file's bytes, each distinct content
    once per process: a round reads a kindergarten's workbook to pull it and again to see whether
    its feedback would change anything, and hashing the file is far cheaper than reading its parts.
    Only passes are remembered; a refused file is checked (and refused) again every time."""
    digest = hashlib.sha256(data).digest()
    if digest in _PASSED:
        _PASSED.move_to_end(digest)
        return
    check_archive(io.BytesIO(data))
    check_parts(io.BytesIO(data))
    _PASSED[digest] = None
    if len(_PASSED) > PASSED_KEPT:
        _PASSED.popitem(last=False)


def _extent(cells: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """The last row and column the cells reach (each distinct letter and number converted once:
    a sheet has tens of columns and thousands of rows but hundreds of thousands of cells)."""
    if not cells:
        return 0, 0
    letters, numbers = zip(*cells, strict=True)
    return max(map(int, set(numbers))), max(column_index(letter.decode()) for letter in set(letters))


def check_grid(wb: Workbook) -> None:
    """Raise :class:`UnsafeWorkbook` when a sheet's extent is far beyond any real table."""
    for ws in wb.worksheets:
        if ws.max_row * ws.max_column > MAX_GRID:
            raise grid_bomb(ws.title, ws.max_row, ws.max_column)


def grid_bomb(title: str, rows: int, columns: int) -> UnsafeWorkbook:
    return _unsafe(f"{title}: {rows} × {columns}", f"«{title}» парағы {rows} жол × {columns} баған",
                   f"лист «{title}»: {rows} строк × {columns} столбцов")


def _unsafe(detail: str, kk: str, ru: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        f"файл тым үлкен не қауіпті ({kk}), ол ашылмайды. [{detail}]",
        f"файл слишком велик или опасен ({ru}), он не открывается. [{detail}]",
    )
