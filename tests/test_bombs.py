"""A zip bomb, an XML entity bomb and a grid bomb posing as a kindergarten's .xlsx are refused
within bounded time and memory, before openpyxl inflates or walks anything.

Time is bounded relative to opening the real workbook the bombs are made from (no absolute
speed target: the machine may be busy); memory by Python's own allocations (tracemalloc)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from schemas.errors import BauluError
from tests.bombs import broken_xml, entity_bomb, grid_bomb, real_workbook, zip_bomb
from workbook.archive import MAX_UNPACKED, UnsafeWorkbook, check_archive
from workbook.reader import open_workbook

PEAK_BYTES = 32 * 1024 * 1024
"""Opening the real workbook itself takes about 10 MB."""


@pytest.fixture(scope="module")
def real() -> bytes:
    return real_workbook()


@pytest.fixture(scope="module")
def seconds(real: bytes) -> float:
    """The time bound: twice what opening the real workbook takes, and a second."""
    started = time.perf_counter()
    open_workbook(io.BytesIO(real))
    return 2 * (time.perf_counter() - started) + 1


def _refused(payload: bytes) -> tuple[BauluError, float, int]:
    started = time.perf_counter()
    with pytest.raises(BauluError) as caught:
        open_workbook(io.BytesIO(payload))
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        with pytest.raises(BauluError):
            open_workbook(io.BytesIO(payload))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return caught.value, elapsed, peak


def test_a_real_workbook_passes_the_checks(real: bytes) -> None:
    check_archive(io.BytesIO(real))
    assert open_workbook(io.BytesIO(real)).sheetnames


def test_zip_bomb_is_refused_from_its_directory_alone(real: bytes, seconds: float) -> None:
    bomb = zip_bomb(real, megabytes=200)
    assert len(bomb) < 2 * 1024 * 1024 < MAX_UNPACKED < 200 * 1024 * 1024
    error, elapsed, peak = _refused(bomb)
    assert isinstance(error.__cause__, UnsafeWorkbook)
    assert "тым үлкен не қауіпті" in str(error) and "слишком велик или опасен" in str(error)
    assert elapsed < seconds and peak < 1024 * 1024, (elapsed, peak)  # nothing inflated


@pytest.mark.parametrize("part", ["xl/worksheets/sheet2.xml", "xl/workbook.xml"])
def test_billion_laughs_is_refused(real: bytes, seconds: float, part: str) -> None:
    error, elapsed, peak = _refused(entity_bomb(real, part))
    assert elapsed < seconds and peak < PEAK_BYTES, (elapsed, peak)
    assert "Entit" in str(error) or "entit" in str(error), str(error)


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_a_sheet_claiming_a_million_rows_by_sixteen_thousand_columns_is_refused(real: bytes,
                                                                                seconds: float) -> None:
    error, elapsed, peak = _refused(grid_bomb(real))
    assert isinstance(error.__cause__, UnsafeWorkbook)
    assert "1048576" in str(error)
    assert elapsed < seconds and peak < PEAK_BYTES, (elapsed, peak)


@pytest.mark.parametrize("damage", [
    lambda b: b[: len(b) // 2],
    broken_xml,
    lambda b: b"PK\x03\x04" + b"\x00" * 100,
])
def test_any_other_broken_file_is_one_clear_error(real: bytes, damage: Callable[[bytes], bytes]) -> None:
    with pytest.raises(BauluError):
        open_workbook(io.BytesIO(damage(real)))


_MEASURE = r"""
import io, json, sys, time
try:
    import resource
except ImportError:  # Windows: the refusals are still run, only the peak is not measured
    resource = None
from schemas.errors import BauluError
from tests.bombs import entity_bomb, grid_bomb, real_workbook, zip_bomb
from workbook.reader import open_workbook

def peak_kb():
    if resource is None:
        return None
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb // 1024 if sys.platform == "darwin" else kb

real = real_workbook()
bombs = {"zip": zip_bomb(real, megabytes=200), "entities": entity_bomb(real), "grid": grid_bomb(real)}
open_workbook(io.BytesIO(real))  # the baseline: Python, openpyxl and one real workbook opened
out = {"baseline_kb": peak_kb()}
for name, payload in bombs.items():
    started = time.perf_counter()
    try:
        open_workbook(io.BytesIO(payload))
        out[name] = "opened"
    except BauluError:
        out[name] = [time.perf_counter() - started, peak_kb()]
print(json.dumps(out))
"""


def test_bombs_peak_memory_of_a_whole_process_stays_bounded() -> None:
    """tracemalloc sees only Python's allocations; the XML parser's and zlib's are C. A fresh
    process opens the real workbook (the baseline), then each bomb: every bomb is refused and the
    process's peak resident memory (getrusage; not on Windows) grows by less than 64 MB."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", _MEASURE], cwd=root, capture_output=True, text=True,
                          timeout=300, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    baseline = out.pop("baseline_kb")
    assert set(out) == {"zip", "entities", "grid"} and all(v != "opened" for v in out.values()), out
    if baseline is not None:
        grown = {name: (peak - baseline) / 1024 for name, (_, peak) in out.items()}
        assert max(grown.values()) < 64, grown  # MB above the baseline
