"""Built workbooks open in LibreOffice: it converts them, and computes the summary's formulas.

Skipped where ``soffice`` is missing, except on CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from schemas import sheets
from schemas.seed import ORGANISATIONS
from workbook.build import build_kindergarten, build_master
from workbook.layout import display_value

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


def test_summary_formulas_count_what_the_consolidated_sheets_hold(soffice: str, tmp_path: Path) -> None:
    wb = build_master()
    _add(wb, sheets.master_sheets()[5], [  # consolidated plan status
        {"org": "47", "item_id": "3.1", "status": "done"},
        {"org": "47", "item_id": "3.2", "status": "done"},
        {"org": "47", "item_id": "3.3", "status": "in_progress"},
        {"org": "34", "item_id": "3.1", "status": "done"},
    ])
    _add(wb, sheets.master_sheets()[6], [  # consolidated contests: one held, one not yet
        {"org": "47", "contest": "C1", "date_held": dt.date(2026, 2, 20)},
        {"org": "47", "contest": "C2"},
    ])
    _add(wb, sheets.master_sheets()[8], [{"org": "ayana", "link": f"https://x.kz/{i}"} for i in range(3)])
    source = tmp_path / "master.xlsx"
    wb.save(source)
    with convert(soffice, source, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "csv").open(
        encoding="utf-8",
    ) as handle:
        by_code = {row[0]: row[2:7] for row in csv.reader(handle) if row}
    assert by_code["47"] == ["2", "1", "0", "0", "0"]
    assert by_code["34"] == ["1", "0", "0", "0", "0"]
    assert by_code["ayana"] == ["0", "0", "0", "3", "0"]


def _add(wb: Workbook, spec: sheets.SheetSpec, records: list[dict[str, object]]) -> None:
    ws = wb[spec.title()]
    for offset, record in enumerate(records):
        for index, column in enumerate(spec.columns, start=1):
            ws.cell(row=2 + offset, column=index, value=display_value(column, record.get(column.key)))  # type: ignore[union-attr]
