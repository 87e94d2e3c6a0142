"""What a kindergarten typed reaches a .docx report as text only: a formula or a DDE form stays
literal (no field is made of it), and children appear only as codes."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from macros.report import write_report
from macros.sync_cmd import sync_once
from schemas.sheets import CONTEST_RESULTS, MONITORING, SheetSpec
from workbook.reader import find_sheet
from workbook.sheetmap import map_sheet

FORMULA = "=1+1"
DDE = "=cmd|' /C calc'!A0"
CHILD = "Сейітқали Аружан"
IIN = "150320500121"


def _put(wb: openpyxl.Workbook, spec: SheetSpec, row: int, values: dict[str, object]) -> None:
    sheet = find_sheet(wb, spec)
    assert sheet is not None
    found = map_sheet(sheet, spec)
    for key, value in values.items():
        cell = sheet.cell(row=found.header_row + row, column=found.columns[key])
        cell.value = value  # type: ignore[assignment]
        if isinstance(value, str):
            cell.data_type = "s"  # typed as text ('=…), as a kindergarten's cell holds it


@pytest.fixture(scope="module")
def document_xml(new_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    root = Path(shutil.copytree(new_workspace, tmp_path_factory.mktemp("safety") / "ws"))
    for org, winners in (("47", FORMULA), ("34", DDE)):
        path = root / "kindergartens" / f"{org}.xlsx"
        wb = openpyxl.load_workbook(path)
        _put(wb, CONTEST_RESULTS, 1, {"contest": "C1", "date_held": dt.date(2026, 2, 20), "children": 12,
                                       "parents": 5, "winners": winners})
        _put(wb, MONITORING, 1, {"child_code": CHILD, "group_kind": "бақылау", "period": "бастапқы", "K1": 2})
        _put(wb, MONITORING, 2, {"child_code": f"{org}-Б-01", "group_kind": "бақылау", "period": "бастапқы",
                                 "K1": 2})
        _put(wb, MONITORING, 3, {"child_code": IIN, "group_kind": "бақылау", "period": "бастапқы", "K1": 3})
        wb.save(path)
    sync_once(root)
    written = write_report(root, pdf=False)
    with zipfile.ZipFile(written.docx) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def _texts(xml: str) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_typed_formulas_and_dde_are_literal_text_never_fields(document_xml: str) -> None:
    text = html.unescape(_texts(document_xml))
    assert FORMULA in text and DDE in text  # shown as typed, in the winners table
    fields = [html.unescape(f) for f in re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", document_xml)]
    assert fields and {f.strip() for f in fields} <= {"PAGE", "NUMPAGES"}  # page numbers, nothing of the data
    simple = re.findall(r'<w:fldSimple[^>]*w:instr="([^"]*)"', document_xml)
    assert not simple
    assert "DDE" not in " ".join(fields).upper()


def test_children_appear_only_as_codes(document_xml: str) -> None:
    everything = html.unescape(document_xml)
    assert CHILD not in everything and "Аружан" not in everything and IIN not in everything
