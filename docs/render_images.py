"""Render the pictures in docs/img from the demo: the master's summary sheet and the final report.

    .venv/bin/python docs/render_images.py

Builds the demo workspace in a temporary folder, prints the summary sheet and the final report
through LibreOffice (``soffice --headless --convert-to pdf``) and turns pages into PNG with
``pdftoppm`` (Debian: libreoffice-calc, libreoffice-writer, poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.demo import run_demo  # noqa: E402
from macros.report import write_report  # noqa: E402
from schemas.sheets import SUMMARY  # noqa: E402
from workbook.report.pdf import find_soffice, to_pdf  # noqa: E402

IMG = ROOT / "docs" / "img"
DPI = "80"


def pages(pdf: Path, first: int, last: int, stem: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", DPI, "-f", str(first), "-l", str(last), str(pdf), str(stem)],
                   check=True)
    return sorted(stem.parent.glob(stem.name + "-*.png"))


def main() -> int:
    if find_soffice() is None or shutil.which("pdftoppm") is None:
        print("needs LibreOffice (soffice) and pdftoppm (poppler-utils)")
        return 1
    IMG.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="baulu-img-") as tmp:
        work = Path(tmp)
        demo = work / "demo"
        run_demo(demo, lang="kk")
        # the summary alone: the other sheets hidden in a copy
        wb = openpyxl.load_workbook(demo / "master.xlsx")
        for ws in wb.worksheets:
            if not SUMMARY.titles(ws.title):
                ws.sheet_state = "hidden"
        wb.active = 0
        summary = work / "summary.xlsx"
        wb.save(summary)
        summary_pdf = to_pdf(summary)
        assert summary_pdf is not None, "LibreOffice could not print the summary"
        rendered = pages(summary_pdf, 1, 6, work / "summary")
        names = ["summary-glance.png", "summary-quarters.png", "summary-contests.png", "summary-means.png",
                 "summary-levels.png", "summary-plan.png"]
        for page, name in zip(rendered, names, strict=False):
            shutil.copy(page, IMG / name)
        report = write_report(demo, out=work / "reports")
        assert report.pdf is not None, "LibreOffice could not print the report"
        for index, page in enumerate(pages(report.pdf, 1, 4, work / "report"), start=1):
            shutil.copy(page, IMG / f"report-{index}.png")
    print(f"written: {sorted(p.name for p in IMG.glob('*.png'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
