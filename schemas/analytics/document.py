"""A report as plain data: sections of paragraphs, numbered tables and figures. Pure.

The content (every number and sentence) is decided here; ``workbook/report`` only draws it
(python-docx for the document, matplotlib for the figures).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from schemas.lang import Lang

ParagraphStyle = Literal["body", "note", "review", "bullet"]
FigureKind = Literal["line", "stacked", "bars"]


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: ParagraphStyle = "body"


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths
    key: str = ""  # a stable name for tests and readers ("plan", "comparison" …)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    colour: str = ""


@dataclass(frozen=True)
class Figure:
    caption: str
    kind: FigureKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    y_label: str = ""
    y_range: tuple[float, float] | None = None
    percent: bool = False
    key: str = ""


Block = Paragraph | Table | Figure


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    lang: Lang
    title: str
    subtitle: str
    lines: tuple[str, ...]  # the title block under the title: who, where, when
    sections: tuple[Section, ...]
    footer: str = ""
    numbers: dict[str, str] = field(default_factory=dict)
    """Key numbers by name, exactly as printed (for tests that trace them to the workbook)."""

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables() if t.key == key)
