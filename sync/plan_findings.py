"""Findings as writes: the findings (or feedback) sheet's rows and links, and the marked cells."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from schemas.display import display_value
from schemas.finding import Finding
from schemas.lang import Lang
from schemas.rows import column_letter
from schemas.sheets import FEEDBACK, SheetSpec
from schemas.writeplan import Block, Link, Mark, SheetWrite, Value

Place = tuple[str, str]  # sheet title, A1 cell
Locate = Callable[[Finding], "Place | None"]


def in_sheets(titles: Sequence[str]) -> Locate:
    """Findings about this very workbook: the finding's own sheet and cell, when both exist."""
    known = set(titles)

    def locate(f: Finding) -> Place | None:
        return (f.sheet, f.cell) if f.cell and f.sheet in known else None
    return locate


def findings_sheet(findings: Sequence[Finding], *, spec: SheetSpec, lang: Lang, locate: Locate) -> SheetWrite:
    """The sheet laid out again with one row per finding, its cell column linked to the cell."""
    keys = spec.column_keys()
    rows: list[tuple[Value, ...]] = []
    links: list[Link] = []
    letter = column_letter(keys.index("cell") + 1)
    for row, f in enumerate(findings, start=2):
        record = f.to_dict()
        place = locate(f)
        if place is not None:  # the cell column names where its link goes: «Мониторинг (МДҰ)!H45»
            record["cell"] = place[1] if place[0] == f.sheet else f"{place[0]}!{place[1]}"
            links.append(Link(f"{letter}{row}", *place))
        rows.append(tuple(_shown(spec, k, record.get(k), lang) for k in keys))
    return SheetWrite(
        title=spec.title(lang), spec=spec, layout=True,
        blocks=(Block(2, 1, tuple(rows)),) if rows else (), links=tuple(links), protect=spec.key == FEEDBACK.key,
    )


def _shown(spec: SheetSpec, key: str, value: object, lang: Lang) -> Value:
    shown = display_value(spec.column(key), value, lang)
    assert shown is None or isinstance(shown, str | int | float)
    return None if shown == "" else shown


def marks(findings: Sequence[Finding], *, lang: Lang, locate: Locate) -> tuple[Mark, ...]:
    """One mark per cell a finding is about: red when any of its findings is an error, else
    yellow; its note lists every finding's message, the chosen language first."""
    by_cell: dict[Place, list[Finding]] = defaultdict(list)
    for f in findings:
        place = locate(f)
        if place is not None:
            by_cell[place].append(f)
    first, second = ("ru", "kk") if lang == "ru" else ("kk", "ru")  # type: Lang, Lang
    return tuple(
        Mark(title, ref, "error" if any(f.severity == "error" for f in found) else "warning",
             "\n".join(f"• {f.message(first)}\n  {f.message(second)}" for f in found))
        for (title, ref), found in sorted(by_cell.items())
    )
