"""Draw a report :class:`~schemas.analytics.document.Document` as a .docx a department files:
title block, numbered headings, captioned tables (header row repeated on every page) and figures,
page numbers in the footer, the conclusions shaded for the coordinator's review."""

from __future__ import annotations

import io
from typing import IO

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from schemas.analytics.document import Document, Figure, Paragraph, Table
from workbook.report.charts import figure_png

FONT = "Times New Roman"
BODY_PT, TABLE_PT = 12, 9.5
TEXT_WIDTH_CM = 17.0
HEADER_SHADE = "D9E2F3"
REVIEW_SHADE = "FFF2CC"


def _font(paragraph: DocxParagraph, size: float, *, bold: bool = False, italic: bool = False) -> None:
    for run in paragraph.runs:
        run.font.name, run.font.size, run.font.bold, run.font.italic = FONT, Pt(size), bold, italic


def _shade(element: _Cell | DocxParagraph, colour: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    if isinstance(element, _Cell):
        element._tc.get_or_add_tcPr().append(shd)
    else:
        element._p.get_or_add_pPr().append(shd)


def _field(paragraph: DocxParagraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    run = paragraph.add_run()
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {code} "
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)
    run.font.name, run.font.size = FONT, Pt(10)


def _setup(doc: DocxDocument, footer: str) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)  # type: ignore[attr-defined]
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        fonts.set(qn("w:cs"), FONT)
        fonts.set(qn("w:eastAsia"), FONT)
    for level in (1, 2):
        heading = doc.styles[f"Heading {level}"]
        heading.font.name, heading.font.size = FONT, Pt(14 if level == 1 else 12)  # type: ignore[attr-defined]
        heading.font.color.rgb = RGBColor(0, 0, 0)  # type: ignore[attr-defined]
        heading.font.bold = True  # type: ignore[attr-defined]
        fonts = heading.element.get_or_add_rPr().find(qn("w:rFonts"))
        if fonts is not None:  # the theme's heading font would win over the name
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(f"{footer} · ")
    run.font.name, run.font.size = FONT, Pt(9)
    _field(paragraph, "PAGE")
    slash = paragraph.add_run(" / ")
    slash.font.name, slash.font.size = FONT, Pt(10)
    _field(paragraph, "NUMPAGES")


def _title(doc: DocxDocument, report: Document) -> None:
    for line in report.lines[:1]:
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p, BODY_PT)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(60)
    title = doc.add_paragraph(report.title)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title, 16, bold=True)
    subtitle = doc.add_paragraph(report.subtitle)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(subtitle, BODY_PT, italic=True)
    _shade(subtitle, REVIEW_SHADE)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(40)
    for line in report.lines[1:]:
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p, BODY_PT)


def _paragraph(doc: DocxDocument, block: Paragraph) -> None:
    p = doc.add_paragraph(block.text)
    p.paragraph_format.first_line_indent = Cm(1.25) if block.style == "body" else None
    p.paragraph_format.space_after = Pt(6)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _font(p, BODY_PT if block.style != "note" else 10, italic=block.style == "note")
    if block.style == "review":
        _shade(p, REVIEW_SHADE)


def _table(doc: DocxDocument, block: Table) -> None:
    caption = doc.add_paragraph(block.caption)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(6)
    _font(caption, 11, bold=True)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = block.widths or tuple(1.0 for _ in block.header)
    scale = TEXT_WIDTH_CM / sum(widths)
    for index, text in enumerate(block.header):
        cell = table.rows[0].cells[index]
        cell.text = text
        _shade(cell, HEADER_SHADE)
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p, TABLE_PT, bold=True)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for r, values in enumerate(block.rows, start=1):
        for index, text in enumerate(values):
            cell = table.rows[r].cells[index]
            cell.text = text
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT if index == 0 else WD_ALIGN_PARAGRAPH.CENTER
                _font(p, TABLE_PT)
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width * scale)
        for row in table.rows:
            row.cells[index].width = Cm(width * scale)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _figure(doc: DocxDocument, block: Figure) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(figure_png(block)), width=Cm(15.5))
    caption = doc.add_paragraph(block.caption)
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(10)
    _font(caption, 11, italic=True)


def write_docx(report: Document, target: IO[bytes] | str) -> None:
    """The whole document, saved to ``target`` (a path or a binary stream)."""
    doc = new_document()
    _setup(doc, report.footer)
    doc.core_properties.title = report.title
    doc.core_properties.author = "Baulu"
    doc.core_properties.language = "ru-RU" if report.lang == "ru" else "kk-KZ"
    _title(doc, report)
    doc.add_page_break()  # type: ignore[no-untyped-call]
    for section in report.sections:
        doc.add_heading(section.title, level=1)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _paragraph(doc, block)
            elif isinstance(block, Table):
                _table(doc, block)
            else:
                _figure(doc, block)
    doc.save(target)
