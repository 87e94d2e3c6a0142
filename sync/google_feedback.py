"""A kindergarten's feedback for the Google backend, from its findings and what the master gives
it: the writes and marks ``sync.google_apply`` turns into requests. Pure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from schemas.coerce import coerce
from schemas.finding import Finding
from schemas.headers import match_headers
from schemas.rows import column_index, column_letter, find_tab, header_row
from schemas.sheets import FEEDBACK, SheetSpec, spec_by_key
from sync.backend import Push, Rows
from sync.google_apply import CellMark, TabWrite, Value
from workbook.layout import display_value


def feedback_write(findings: Sequence[Finding], titles: Sequence[str], *, lang: str) -> TabWrite:
    keys = FEEDBACK.column_keys()
    cells: dict[tuple[int, int], Value] = {}
    links: dict[str, tuple[str, str]] = {}
    cell_col = keys.index("cell") + 1
    for row, f in enumerate(findings, start=2):
        record = f.to_dict()
        for col, key in enumerate(keys, start=1):
            shown = display_value(FEEDBACK.column(key), record.get(key), lang)
            cells[(row, col)] = None if shown in (None, "") else shown  # type: ignore[assignment]
        if f.cell and f.sheet in titles:
            links[f"{column_letter(cell_col)}{row}"] = (f.sheet, f.cell)
    return TabWrite(FEEDBACK.title(lang), FEEDBACK, cells, layout=True, links=links, protect=True)


def cell_marks(findings: Sequence[Finding], titles: Sequence[str], *, lang: str) -> list[CellMark]:
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.cell and f.sheet in titles:
            by_cell[(f.sheet, f.cell)].append(f)
    first, second = ("ru", "kk") if lang == "ru" else ("kk", "ru")
    return [
        CellMark(tab, cell, "error" if any(f.severity == "error" for f in found) else "warning",
                 "\n".join(f"• {f.message(first)}\n  {f.message(second)}" for f in found))
        for (tab, cell), found in sorted(by_cell.items())
    ]


def given_writes(tabs: Mapping[str, Rows], push: Push, *, lang: str) -> list[TabWrite]:
    """The master-owned columns of each given row, found by natural key (appended when missing);
    only cells that differ."""
    out = []
    for key, records in push.given.items():
        spec = spec_by_key(key)
        title = find_tab(tabs, spec)
        if title is None:
            continue
        rows = tabs[title]
        top = header_row(rows, spec)
        header = rows[top - 1] if len(rows) >= top else []
        match = match_headers(spec, [(column_letter(i), v) for i, v in enumerate(header, start=1)],
                              org="", sheet=title, header_row=top)
        columns = {k: column_index(letter) for k, letter in match.letters.items()}
        found: dict[tuple[str, ...], int] = {}
        last = top
        for number in range(top + 1, len(rows) + 1):
            natural = _natural(spec, columns, rows[number - 1])
            if natural is not None:
                found.setdefault(natural, number)
                last = number
        given = [c.key for c in spec.columns if c.owner == "master" and c.key in columns]
        cells: dict[tuple[int, int], Value] = {}
        for record in records:
            natural = tuple(str(record.get(k)) for k in spec.natural_key)
            if natural not in found:
                last += 1
                found[natural] = last
            number = found[natural]
            line = rows[number - 1] if number <= len(rows) else []
            for k in given:
                index = columns[k]
                shown = display_value(spec.column(k), record.get(k), lang)
                current = line[index - 1] if index <= len(line) else None
                if current != shown and not (current in (None, "") and shown in (None, "")):
                    cells[(number, index)] = shown  # type: ignore[assignment]
        if cells:
            out.append(TabWrite(title, spec, cells))
    return out


def _natural(spec: SheetSpec, columns: Mapping[str, int], line: Sequence[object]) -> tuple[str, ...] | None:
    parts = []
    for key in spec.natural_key:
        index = columns.get(key)
        raw = line[index - 1] if index and index <= len(line) else None
        value, _ = coerce(spec.column(key), raw)
        if value is None:
            return None
        parts.append(str(value))
    return tuple(parts)
