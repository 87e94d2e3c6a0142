"""Built workbooks open in LibreOffice: it converts them and keeps their sheets and tables.

Skipped where ``soffice`` is missing, except on CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from schemas.seed import ORGANISATIONS
from workbook.build import build_kindergarten, build_master

TIMEOUT = 120


def convert(soffice: str, source: Path, target: str, outdir: Path) -> Path:
    """Run ``soffice --convert-to target`` with a private profile; return the converted file."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = (outdir / "lo-profile").as_uri()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
         "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )
    assert done.returncode == 0, done.stderr
    extension = target.split(":")[0]
    converted = outdir / f"{source.stem}.{extension}"
    assert converted.exists(), (done.stdout, done.stderr)
    assert converted.stat().st_size > 0
    return converted


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("built")
    paths = {"master": folder / "master.xlsx", "kindergarten": folder / "47.xlsx"}
    build_master().save(paths["master"])
    build_kindergarten(ORGANISATIONS[0]).save(paths["kindergarten"])
    return paths


@pytest.mark.parametrize("which", ["master", "kindergarten"])
def test_converts_to_pdf(soffice: str, built: dict[str, Path], which: str, tmp_path: Path) -> None:
    pdf = convert(soffice, built[which], "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("which", ["master", "kindergarten"])
def test_resaved_as_xlsx_keeps_sheets_and_tables(
    soffice: str, built: dict[str, Path], which: str, tmp_path: Path,
) -> None:
    resaved = load_workbook(convert(soffice, built[which], "xlsx", tmp_path))
    original = load_workbook(built[which])
    assert resaved.sheetnames == original.sheetnames
    for ws in original.worksheets:
        assert sorted(resaved[ws.title].tables) == sorted(ws.tables), ws.title
