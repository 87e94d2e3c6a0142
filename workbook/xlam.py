"""An Excel add-in package (.xlam) made from a template: its ribbon, config sheet and VBA project replaced.

The template is an Office Open XML package with one (hidden) worksheet, the add-in's config sheet,
a ``customUI`` part for the ribbon and ``xl/vbaProject.bin``. Pure: bytes in, bytes out.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Sequence
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_UI_TYPES = (
    "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

ConfigValue = str | bool


class AddinError(ValueError):
    """The template is not an add-in package this builder understands."""


def _rels(data: bytes) -> list[tuple[str, str, str]]:
    """(Id, Type, Target) of each relationship in a .rels part."""
    root = ET.fromstring(data)
    return [(r.get("Id", ""), r.get("Type", ""), r.get("Target", "")) for r in root.iter(_REL)]


def config_sheet_xml(rows: Sequence[tuple[str, ConfigValue]]) -> str:
    """The config worksheet: keys in column A from A1 down, values in column B; text as inline strings."""
    cells = []
    for i, (key, value) in enumerate(rows, start=1):
        a = f'<c r="A{i}" s="1" t="inlineStr"><is><t>{escape(key)}</t></is></c>'
        if isinstance(value, bool):
            b = f'<c r="B{i}" s="1" t="b"><v>{int(value)}</v></c>'
        elif value:
            b = f'<c r="B{i}" s="1" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
        else:
            b = ""
        cells.append(f'<row r="{i}" spans="1:2">{a}{b}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{_MAIN}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheetPr codeName="Sheet2"/>'
        f'<dimension ref="A1:B{max(len(rows), 1)}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultColWidth="8.875" defaultRowHeight="15.75"/>'
        '<cols><col min="1" max="1" width="20" style="1" customWidth="1"/>'
        '<col min="2" max="2" width="60" style="1" customWidth="1"/></cols>'
        f'<sheetData>{"".join(cells)}</sheetData>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        '</worksheet>'
    )


def build_xlam(
    template: bytes, *, ribbon_xml: str, config_sheet: str, config: Sequence[tuple[str, ConfigValue]],
    vba_project: bytes,
) -> bytes:
    """The template with ``ribbon_xml`` as its ribbon, its one worksheet renamed ``config_sheet`` and
    holding ``config``, and ``vba_project`` as its VBA project."""
    try:
        source = zipfile.ZipFile(io.BytesIO(template))
        parts = {name: source.read(name) for name in source.namelist()}
    except zipfile.BadZipFile as exc:
        raise AddinError(f"the template is not a zip package: {exc}") from exc
    ui = [t for _, kind, t in _rels(parts["_rels/.rels"]) if kind in _UI_TYPES]
    if len(ui) != 1:
        raise AddinError("the template has no ribbon (customUI) part")
    workbook_rels = _rels(parts["xl/_rels/workbook.xml.rels"])
    sheets = [t for _, kind, t in workbook_rels if kind == _WORKSHEET]
    if len(sheets) != 1 or "xl/vbaProject.bin" not in parts:
        raise AddinError("the template must have one worksheet and a VBA project")
    sheet_part = posixpath.normpath(posixpath.join("xl", sheets[0]))

    parts[ui[0].lstrip("/")] = ribbon_xml.encode("utf-8")
    parts[sheet_part] = config_sheet_xml(config).encode("utf-8")
    parts["xl/vbaProject.bin"] = vba_project
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    workbook, renamed = re.subn(r'(<sheet\b[^>]*\bname=")[^"]*(")', rf"\g<1>{escape(config_sheet)}\g<2>",
                                workbook, count=1)
    if renamed != 1:
        raise AddinError("the template's workbook lists no sheet")
    # the template's author's folder is no business of this add-in
    workbook = re.sub(r"<mc:AlternateContent\b.*?</mc:AlternateContent>", "", workbook, flags=re.S)
    parts["xl/workbook.xml"] = workbook.encode("utf-8")

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in ["[Content_Types].xml", *(n for n in parts if n != "[Content_Types].xml")]:
            target.writestr(name, parts[name])
    return out.getvalue()
