"""On a synced demo workspace: the summary dashboard, its charts, the findings sheet and the reports
— every number in a report is the workbook's, the documents open and convert to PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from macros.cli import main
from macros.demo_history import plant_history
from macros.report import workspace_data, write_report
from macros.sync_cmd import sync_once
from schemas.analytics.calendar import DEFAULT_DEADLINES, Quarter
from schemas.analytics.dashboard import dashboard
from schemas.analytics.outcomes import comparisons, frame_of
from schemas.sheets import FINDINGS, SUMMARY
from sync.workspace import load_workspace
from tests.conftest import Filled
from tests.test_libreoffice import convert
from workbook.marks import ERROR_FILL, WARNING_FILL
from workbook.reader import find_sheet
from workbook.report.pdf import to_pdf

NOW = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture(scope="module")
def demo(filled_workspace: Filled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = Path(shutil.copytree(filled_workspace.root, tmp_path_factory.mktemp("reports") / "ws"))
    plant_history(root, today=TODAY)
    sync_once(root)
    return root


@pytest.fixture(scope="module")
def final(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The final report as of the sync's own day (so that it and the summary see the same date)."""
    written = write_report(demo, pdf=False, out=tmp_path_factory.mktemp("final"))
    return written.docx, written.document


def _summary(root: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(root / "master.xlsx")
    ws = find_sheet(wb, SUMMARY)
    assert ws is not None
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _rows_from(rows: list[list[object]], header: str, column: int = 0) -> tuple[int, list[list[object]]]:
    """The rows under the first header row whose ``column`` says ``header``, up to a blank line."""
    start = next(i for i, r in enumerate(rows) if len(r) > column and r[column] == header)
    body = []
    for r in rows[start + 1:]:
        if r[column] is None:
            break
        body.append(r)
    return start + 1, body


def test_the_story_as_of_late_november(demo: Path) -> None:
    data, submitted = workspace_data(load_workspace(demo))
    board = dashboard(data, now=NOW, deadlines=DEFAULT_DEADLINES, submissions=submitted)
    status = {(r.org, r.quarter): r.timeliness for r in board.grid}
    assert status[("34", "Q2")] == "late"  # complete a week after 5 July
    assert status[("ailin1", "Q3")] == status[("37", "Q3")] == "missing"  # no September contest; no posts
    assert status[("ayana", "Q4")] == "open"  # November's contest not held yet
    assert sum(v == "on_time" for v in status.values()) == 20 - 4
    overdue = {o.code: o.overdue_items for o in board.orgs}
    assert overdue == {"47": (), "34": (), "37": (), "ailin1": ("3.10",), "ayana": ()}
    everyone = comparisons(data, frame_of(data), "Q4")[0]
    assert everyone.scope == "all" and everyone.did is not None and everyone.test is not None
    assert 0.3 < everyone.did.effect < 0.7  # the experimental groups gained more, plausibly
    assert 0.4 < everyone.test.rank_biserial < 0.9 and everyone.test.p < 0.001


def test_every_number_of_the_report_is_the_summary_sheets(demo: Path, final: tuple[Path, object]) -> None:
    from schemas.analytics.document import Document

    document = final[1]
    assert isinstance(document, Document)
    sheet = _summary(demo)
    names = {str(r[1]): str(r[0]) for r in sheet if r[0] and r[1]}
    # plan "7 of 13" and overdue items, per kindergarten
    _, glance = _rows_from(sheet, "Код")
    shown = {str(r[0]): (r[6], r[7]) for r in glance}
    plan = {names[r[0]]: (r[1], r[4]) for r in document.table("plan").rows}
    assert plan == shown and len(plan) == 5
    # completeness and timeliness, per kindergarten and quarter
    start, _ = _rows_from(sheet, "Код", 0)
    grid_start = next(i for i, r in enumerate(sheet) if i > start and r[0] == "Код")
    grid_rows = sheet[grid_start + 1: grid_start + 6]
    on_sheet = {str(r[0]): [f"{str(r[c]).splitlines()[0]} · {r[c + 1]}" for c in (2, 4, 6, 8)] for r in grid_rows}
    in_report = {names[r[0]]: list(r[1:]) for r in document.table("completeness").rows[:-1]}
    assert in_report == on_sheet
    # mean level by period and group: the chart's table on the sheet, the outcomes table in the report
    _, means = _rows_from(sheet, "Кезең", 1)
    chart = {(str(r[1]), g): f"{v:.2f}".replace(".", ",") for r in means for g, v in zip(
        ("эксперименттік", "бақылау"), (r[2], r[3]), strict=True)}
    report = {(r[0], r[1]): r[3] for r in document.table("outcomes").rows}
    assert chart == report and len(chart) == 10


def test_documents_open_with_python_docx(demo: Path, final: tuple[Path, object], tmp_path: Path) -> None:
    from schemas.analytics.document import Document

    path, document = final
    assert isinstance(document, Document)
    opened = docx.Document(str(path))
    headings = [p.text for p in opened.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [s.title for s in document.sections] and headings[0].startswith("1. ")
    assert len(opened.tables) == len(document.tables())
    captions = [p.text for p in opened.paragraphs if re.match(r"\d+-кесте — ", p.text)]
    assert [int(c.split("-")[0]) for c in captions] == list(range(1, len(document.tables()) + 1))
    assert len(opened.inline_shapes) == len(document.figures()) >= 4
    for table, spec in zip(opened.tables, document.tables(), strict=True):
        assert tuple(c.text for c in table.rows[0].cells) == spec.header
        assert len(table.rows) == 1 + len(spec.rows)
    footer = opened.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "ЖОБА:" in text and "Манн–Уитни" in text  # conclusions marked for review, with the test named
    assert "Сейітқали" not in text and "Сейітқали" not in "".join(c.text for t in opened.tables for r in t.rows
                                                                   for c in r.cells)
    quarterly = write_report(demo, quarter=Quarter(2026, 3), lang="kk", now=NOW, pdf=False, out=tmp_path).docx
    assert any("2026 III тоқсан" in p.text for p in docx.Document(str(quarterly)).paragraphs)


def test_summary_charts_reference_their_tables(demo: Path) -> None:
    sheet = _summary(demo)
    with zipfile.ZipFile(demo / "master.xlsx") as z:
        charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        refs = {n: re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", z.read(n).decode("utf-8")) for n in charts}
    assert len(charts) == 3
    found = {tuple(r) for r in refs.values()}
    expected = set()
    for header, columns in (("Кезең", "CD"), ("Топ · кезең", "CDE"), ("Код", "CDE")):
        top = next(i for i, r in enumerate(sheet, start=1) if r[1] == header)  # 1-based sheet row
        last = next(i for i in range(top + 1, len(sheet) + 2) if i > len(sheet) or sheet[i - 1][1] is None) - 1
        refs_for = []
        for column in columns:
            refs_for += [f"'Жиынтық'!{column}{top}", f"'Жиынтық'!$B${top + 1}:$B${last}",
                         f"'Жиынтық'!${column}${top + 1}:${column}${last}"]
        expected.add(tuple(refs_for))
    assert found == expected


def test_findings_sheet_colours_severity_and_names_the_linked_cell(demo: Path) -> None:
    wb = openpyxl.load_workbook(demo / "master.xlsx")
    ws = find_sheet(wb, FINDINGS)
    assert ws is not None
    keys = FINDINGS.column_keys()
    severity, cell_col = keys.index("severity") + 1, keys.index("cell") + 1
    seen = set()
    for row in range(2, ws.max_row + 1):
        level = ws.cell(row=row, column=severity)
        fill = level.fill.fgColor.rgb
        assert fill == (ERROR_FILL if level.value == "қате" else WARNING_FILL)
        seen.add(level.value)
        cell = ws.cell(row=row, column=cell_col)
        if cell.hyperlink is not None:
            title, ref = str(cell.hyperlink.location).rsplit("!", 1)
            assert cell.value in (ref, f"{title.strip(chr(39))}!{ref}")
            assert title.strip("'") in wb.sheetnames
    assert seen == {"қате", "ескерту"}


def test_the_report_and_the_summary_convert_to_pdf(soffice: str, final: tuple[Path, object], demo: Path,
                                                    tmp_path: Path) -> None:
    pdf = to_pdf(final[0], soffice)
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    assert convert(soffice, demo / "master.xlsx", "pdf", tmp_path).read_bytes().startswith(b"%PDF")


def test_report_command_line(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["report", "quarterly", str(demo)])  # no --quarter
    assert usage.value.code == 2
    assert main(["report", "quarterly", str(demo), "--quarter", "Q3"]) == 2
    assert "--quarter 2026-Q3" in capsys.readouterr().out
    assert main(["report", "quarterly", str(demo), "--quarter", "2026-Q2", "--lang", "ru", "--no-pdf"]) == 0
    out = capsys.readouterr().out
    assert "baulu-quarterly-2026-Q2-ru.docx" in out and "проверьте" in out
    ru = docx.Document(str(demo / "reports" / "baulu-quarterly-2026-Q2-ru.docx"))
    assert any(p.text.startswith("О реализации") and "2026 II квартал" in p.text for p in ru.paragraphs)

