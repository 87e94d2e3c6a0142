"""Hostile files posing as a kindergarten's .xlsx, made from a real workbook (for the tests)."""

from __future__ import annotations

import io
import zipfile

from schemas.seed import ORGANISATIONS
from workbook.build import build_kindergarten

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
BOMB_SHEET = "xl/worksheets/sheet2.xml"


def real_workbook() -> bytes:
    buffer = io.BytesIO()
    build_kindergarten(ORGANISATIONS[0]).save(buffer)
    return buffer.getvalue()


def _replace(workbook: bytes, name: str, write: object) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename == name:
                with target.open(name, "w", force_zip64=True) as fh:
                    write(fh)  # type: ignore[operator]
            else:
                target.writestr(info, source.read(info))
    return out.getvalue()


def zip_bomb(workbook: bytes, megabytes: int = 200) -> bytes:
    """A sheet of ``megabytes`` MB of blanks that packs into a few hundred KB."""
    chunk = b" " * (1024 * 1024)

    def write(fh: io.BufferedIOBase) -> None:
        fh.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>'.encode())
        for _ in range(megabytes):
            fh.write(chunk)
        fh.write(b"</sheetData></worksheet>")

    return _replace(workbook, BOMB_SHEET, write)


def entity_bomb(workbook: bytes, part: str = BOMB_SHEET) -> bytes:
    """«Billion laughs»: ten levels of ten entities, 10⁹ «lol»s from under a kilobyte."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    root = "worksheet" if "worksheets" in part else "workbook"
    body = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
            if root == "worksheet" else "<sheets>&lol9;</sheets>")
    doc = f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]><{root} xmlns="{MAIN_NS}">{body}</{root}>'
    return _replace(workbook, part, lambda fh: fh.write(doc.encode()))


def grid_bomb(workbook: bytes) -> bytes:
    """Two cells, A1 and the last cell Excel has: a 1,048,576 × 16,384 grid to walk."""
    doc = (f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
           '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row>'
           "</sheetData></worksheet>")
    return _replace(workbook, BOMB_SHEET, lambda fh: fh.write(doc.encode()))


def broken_xml(workbook: bytes) -> bytes:
    """A sheet cut off in the middle of a tag."""
    doc = f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData><row r='
    return _replace(workbook, BOMB_SHEET, lambda fh: fh.write(doc.encode()))
