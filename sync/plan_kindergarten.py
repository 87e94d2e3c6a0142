"""One kindergarten's writes for a round: the plan items and contest calendar it is given (the
master-owned columns only), its feedback tab, and its marked cells. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from schemas.finding import Finding
from schemas.lang import Lang
from schemas.rows import Rows, find_tab
from schemas.sheetmap import map_rows, record_key
from schemas.sheets import FEEDBACK, spec_by_key
from schemas.writeplan import SheetWrite, Value, WorkbookPlan, blocks_from_cells
from sync.plan_findings import findings_sheet, in_sheets, marks
from sync.plan_master import shown

Record = Mapping[str, object]


def given_write(title: str, key: str, rows: Rows, records: Sequence[Record], *, lang: Lang) -> SheetWrite:
    """Set the master-owned columns of each given row (found by natural key, appended when the
    sheet lacks it); what the kindergarten typed stays. Only cells that differ are written."""
    spec = spec_by_key(key)
    sheet = map_rows(rows, spec, title)
    found: dict[tuple[str, ...], int] = {}
    last = sheet.header_row
    for row in range(sheet.header_row + 1, len(rows) + 1):
        natural = sheet.natural_key_of(rows[row - 1])
        if natural is not None:
            found.setdefault(natural, row)
            last = row
    given = [c.key for c in spec.columns if c.owner == "master" and c.key in sheet.columns]
    cells: list[tuple[int, int, Value]] = []
    for record in records:
        natural = record_key(spec, record)
        if natural not in found:
            last += 1
            found[natural] = last
        row = found[natural]
        line = rows[row - 1] if row <= len(rows) else []
        for k in given:
            index = sheet.columns[k]
            value = shown(spec, k, record.get(k), lang)
            if (line[index - 1] if index <= len(line) else None) != value:
                cells.append((row, index, value))
    blocks = blocks_from_cells(cells) if cells else ()
    return SheetWrite(title=title, spec=spec, header_row=sheet.header_row, blocks=blocks, table_end=last,
                      grow_only=True)


def plan_kindergarten(org: str, tabs: Mapping[str, Rows], findings: Sequence[Finding],
                      given: Mapping[str, Sequence[Record]], *, lang: Lang) -> WorkbookPlan:
    """``tabs``: the sheet's data tabs as pulled; ``findings``: this kindergarten's own only."""
    sheets: list[SheetWrite] = []
    for key, records in given.items():
        title = find_tab(tabs, spec_by_key(key))
        if title is not None:
            sheets.append(given_write(title, key, tabs[title], records, lang=lang))
    locate = in_sheets(list(tabs))
    sheets.append(findings_sheet(findings, spec=FEEDBACK, lang=lang, locate=locate))
    return WorkbookPlan(org, lang, tuple(sheets), marks(findings, lang=lang, locate=locate))
