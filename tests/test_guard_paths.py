"""The bomb guard's shortcuts refuse exactly what counting every cell refuses.

``check_parts`` lets a worksheet part pass without counting its cells when no reference goes past
column Z or row 99,999, and ``check_bytes`` checks each distinct file content once per process.
Here the reference is the count itself (``_extent`` over every cell), on sheets made to sit on
either side of the limit, with odd but matching references (leading zeros, prefixes, attributes
before ``r``)."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.errors import BauluError
from schemas.rows import column_letter
from tests.bombs import BOMB_SHEET, MAIN_NS, grid_bomb, real_workbook
from workbook import archive
from workbook.archive import MAX_GRID, UnsafeWorkbook, check_bytes, check_parts


def _with_sheet(workbook: bytes, cells: list[str]) -> bytes:
    doc = (f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData><row r="1">'
           + "".join(cells) + "</row></sheetData></worksheet>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, doc if info.filename == BOMB_SHEET else source.read(info))
    return out.getvalue()


@pytest.fixture(scope="module")
def real() -> bytes:
    return real_workbook()


def _counted(data: bytes) -> bool:
    """The reference: refused when the cells counted one by one span more than the limit."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                rows, columns = archive._extent(archive._CELL.findall(zf.read(info)))
                if rows * columns > MAX_GRID:
                    return True
    return False


_TAGS = st.sampled_from(['<c r="{}"/>', '<c s="3" r="{}" t="n"/>', '<x:c r="{}"><v>1</v></x:c>',
                         '<c t="s" r="{}"><v>0</v></c>'])


@st.composite
def _cells(draw: st.DrawFn) -> list[str]:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        column = draw(st.one_of(st.integers(1, 30), st.integers(1, 16384)))
        row = draw(st.one_of(st.integers(1, 120_000), st.integers(1, 1_048_576)))
        padded = "0" * draw(st.integers(0, 2)) + str(row)
        digits = padded if len(padded) <= 7 else str(row)
        out.append(draw(_TAGS).format(f"{column_letter(column)}{digits}"))
    return out


@settings(max_examples=60, deadline=None)
@given(cells=_cells())
def test_check_parts_refuses_what_counting_every_cell_refuses(real: bytes, cells: list[str]) -> None:
    data = _with_sheet(real, cells)
    refused = False
    try:
        check_parts(io.BytesIO(data))
    except UnsafeWorkbook:
        refused = True
    assert refused == _counted(data), cells


@pytest.mark.parametrize(("cells", "refused"), [
    (['<c r="Z99999"/>'], False),           # the largest part passed without counting: 2,599,974
    (['<c r="A1"/>', '<c r="AZ99999"/>'], True),  # 52 × 99,999
    (['<c r="AX99999"/>'], False),          # 50 × 99,999 = 4,999,950: counted, passes
    (['<c r="A0000009"/>', '<c r="ZZ9"/>'], False),  # leading zeros: counted as 9 rows
    (['<c r="D1048576"/>'], False),         # 4 × 1,048,576
    (['<c r="E1048576"/>'], True),          # 5 × 1,048,576
])
def test_the_edges(real: bytes, cells: list[str], refused: bool) -> None:
    data = _with_sheet(real, cells)
    assert _counted(data) == refused
    if refused:
        with pytest.raises(UnsafeWorkbook):
            check_parts(io.BytesIO(data))
    else:
        check_parts(io.BytesIO(data))


def test_check_bytes_remembers_passes_only(real: bytes) -> None:
    check_bytes(real)
    check_bytes(real)  # remembered: passes again
    bomb = grid_bomb(real)
    for _ in range(2):  # a refusal is never remembered
        with pytest.raises(UnsafeWorkbook) as caught:
            check_bytes(bomb)
        assert "1048576" in str(caught.value)
    assert isinstance(caught.value, BauluError)
