"""The master's writes for one round: consolidated sheets, the findings sheet, marks, summary.

Pure: it reads the master's current values (formulas as :class:`~schemas.writeplan.Formula`)
and returns a :class:`~schemas.writeplan.WorkbookPlan`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import cast

from schemas.analytics.dashboard import Dashboard
from schemas.display import AS_IS, display_value, shown_as_is
from schemas.finding import Finding
from schemas.lang import Lang
from schemas.rows import Rows, column_letter
from schemas.sheetmap import SheetMap, map_rows, record_key
from schemas.sheets import (
    FINDINGS,
    NOTES,
    SUMMARY,
    SheetSpec,
    consolidated_spec,
    kindergarten_sheets,
)
from schemas.vocabulary import Indicator
from schemas.writeplan import Block, SheetWrite, Summary, Value, WorkbookPlan
from sync.consolidate import Consolidated, Source, column_key
from sync.plan_findings import Place, findings_sheet, in_sheets, marks
from sync.shown import Shown
from workbook.formulas import moved

Record = Mapping[str, object]


def shown(spec: SheetSpec, key: str, value: object, lang: Lang) -> Value:
    return cast(Value, display_value(spec.column(key), value, lang))


def _shown_column(key: str, values: list[object], show: Shown) -> list[Value]:
    """One column's values as the master shows them."""
    classes = set(map(type, values))
    if classes <= AS_IS:  # text, whole numbers, gaps: never two equal values of different classes
        if shown_as_is(show.columns[key]):
            return cast(list[Value], values)
        shown_once = {v: show(key, v) for v in set(values)}  # enum keys, levels: few distinct
        return list(map(shown_once.__getitem__, values))
    memo = show.memo
    out: list[Value] = []
    for value in values:
        try:  # Shown's own memo, looked up here: a call per cell is most of the cost
            out.append(memo[(key, type(value), value)])
        except (KeyError, TypeError):
            out.append(show(key, value))
    return out


def _column_of(records: Sequence[Record], key: str) -> list[object]:
    """Each record's value of ``key`` (None where it has none)."""
    try:  # the records a round consolidates are dicts: their own ``get``, without a call per row here
        return list(map(dict.get, records, repeat(key)))  # type: ignore[arg-type]
    except TypeError:  # another kind of mapping
        return [r.get(key) for r in records]


def consolidated_write(title: str, spec: SheetSpec, rows: Rows, records: Sequence[Record], *, lang: Lang,
                       layout: bool = False, display: Shown | None = None) -> tuple[SheetWrite, SheetMap]:
    """Replace the data rows with ``records``. The coordinator's own columns (comment, acceptance,
    any column she added, formulas included) travel with their row, joined by natural key."""
    sheet = map_rows(rows, spec, title)
    kept = sorted({*(i for k, i in sheet.columns.items() if spec.column(k).owner == "coordinator"),
                   *sheet.foreign})
    saved: dict[tuple[str, ...], tuple[int, dict[int, object]]] = {}
    for row in range(sheet.header_row + 1, len(rows) + 1):
        line = rows[row - 1]
        if not line:
            continue
        values = {i: (line[i - 1] if i <= len(line) else None) for i in kept}
        if any(v is not None for v in values.values()):
            natural = sheet.natural_key_of(line)
            if natural is not None:
                saved.setdefault(natural, (row, values))
    width = max(sheet.width, *sheet.columns.values(), 1)
    ours = [k for k in sheet.columns if spec.column(k).owner != "coordinator"]
    first = sheet.header_row + 1
    last = sheet.header_row + len(records)
    height = max(len(rows), last) - first + 1  # rows below the new last one are cleared
    show = display if display is not None else Shown(spec, lang)
    blank: tuple[Value, ...] = (None,) * height
    columns: list[Sequence[Value]] = [blank] * width
    tail = [None] * (height - len(records))
    for key in ours:  # column by column: a column's values are mostly text shown as they are
        columns[sheet.columns[key] - 1] = [*_shown_column(key, _column_of(records, key), show), *tail]
    grid: list[tuple[Value, ...]] = list(zip(*columns, strict=True))
    for position, record in enumerate(records if saved else ()):
        natural = record_key(spec, record)
        if natural in saved:
            old_row, values = saved[natural]
            joined = list(grid[position])
            for index, value in values.items():
                joined[index - 1] = cast(Value, moved(value, index, old_row, first + position))
            grid[position] = tuple(joined)
    blocks = (Block(first, 1, tuple(grid)),) if grid else ()
    locked = tuple(sorted(sheet.columns[k] for k in ours)) if not layout else tuple(
        i for i, c in enumerate(spec.columns, start=1) if c.owner != "coordinator")
    write = SheetWrite(title=title, spec=spec, header_row=sheet.header_row, layout=layout, blocks=blocks,
                       table_end=last, protect=True, locked=locked)
    return write, sheet


def plan_master(
    titles: Sequence[str], current: Mapping[str, Rows], *, indicators: tuple[Indicator, ...],
    names: Mapping[str, str], gathered: Consolidated, sources: Sequence[Source],
    findings: Sequence[Finding], lang: Lang, board: Dashboard,
) -> WorkbookPlan:
    """``titles``: the master's sheet titles; ``current``: the values of its consolidated sheets;
    ``board``: the summary's dashboard, computed for this round."""
    sheets: list[SheetWrite] = []
    placed: dict[str, tuple[str, SheetMap]] = {}
    all_titles = list(titles)
    for source_spec in kindergarten_sheets(indicators):
        spec = consolidated_spec(source_spec)
        title = next((t for t in titles if spec.titles(t)), None)
        layout = title is None
        if title is None:  # the coordinator deleted it: lay it out again
            title = spec.title(lang)
            all_titles.append(title)
            rows: Rows = [[c.header(lang) for c in spec.columns]]
        else:
            rows = current.get(title, [])
        write, sheet_map = consolidated_write(title, spec, rows, gathered.records.get(spec.key, []),
                                              lang=lang, layout=layout, display=gathered.display(spec, lang))
        sheets.append(write)
        placed[spec.key] = (title, sheet_map)
    own = in_sheets(all_titles)

    def locate(f: Finding) -> Place | None:
        origin = gathered.origin.get((f.org, f.sheet, f.row or 0))
        found = column_key(sources, f)
        if origin is None or found is None:
            return own(f) if f.org == "master" else None
        spec_key, position = origin
        title, sheet_map = placed[spec_key]
        index = sheet_map.columns.get(found[1])
        if index is None:
            return None
        return title, f"{column_letter(index)}{sheet_map.header_row + 1 + position}"

    sheets.append(findings_sheet(findings, spec=FINDINGS, lang=lang, locate=locate))
    # the coordinator's own sheet: created when missing, its cells never written
    sheets.append(SheetWrite(title=NOTES.title(lang), spec=NOTES))
    summary_title = next((t for t in titles if SUMMARY.titles(t)), SUMMARY.title(lang))
    summary = Summary(summary_title, board)
    return WorkbookPlan("master", lang, tuple(sheets), marks(findings, lang=lang, locate=locate), summary)
