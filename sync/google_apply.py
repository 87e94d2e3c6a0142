"""A kindergarten's writes turned into Google requests: pure, no I/O.

Input: per tab, the cells to set (a ``Formula`` — a ``str`` subclass Baulu marks as its own
formula — is the only value written as a formula; every other string is literal text), whether the
tab is laid out again (the feedback tab), its links and protection; and the marks the sheet must
carry after the round, with the marks of the previous round and each marked cell's own look.

Output: at most one ``spreadsheets:batchUpdate`` body and one ``values:batchUpdate`` body
(``valueInputOption=RAW``). Tabs Baulu owns (laid out again) go in ``updateCells`` over the whole
tab, so rows of an earlier, longer list are cleared; cells on the kindergarten's own tabs go in the
RAW values write, cell block by cell block, and nothing else on those tabs is touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas.errors import BauluError
from schemas.lang import Lang
from schemas.rows import column_letter
from schemas.sheets import SheetSpec
from schemas.writeplan import WorkbookPlan, split_cell
from sync.google_layout import HEADER_BACKGROUND, MIN_ROWS, a1
from sync.google_state import Marked

Value = str | int | float | bool | dt.date | dt.datetime | None
Cell = tuple[int, int]  # 1-based row, column

ERROR_FILL = {"red": 1.0, "green": 0.78, "blue": 0.808}    # FFC7CE, as the .xlsx marks
WARNING_FILL = {"red": 1.0, "green": 0.922, "blue": 0.612}  # FFEB9C


def is_formula(value: object) -> bool:
    """Only a value of the plan's ``Formula`` type (a ``str`` subclass of that name) is a formula."""
    return isinstance(value, str) and type(value).__name__ == "Formula"


@dataclass(frozen=True)
class TabWrite:
    title: str
    spec: SheetSpec
    cells: Mapping[Cell, Value]
    layout: bool = False
    header_row: int = 1
    links: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # A1 → (tab, A1)
    protect: bool = False
    locked: tuple[int, ...] = ()  # with protect: only these columns (1-based); empty: the whole tab


@dataclass(frozen=True)
class CellMark:
    tab: str
    cell: str  # A1
    severity: str
    note: str


@dataclass
class Requests:
    batch: list[dict[str, Any]] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)
    new_tabs: dict[str, int] = field(default_factory=dict)
    protected: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.batch and not self.values


def plan_writes(plan: WorkbookPlan) -> tuple[list[TabWrite], list[CellMark]]:
    """A kindergarten's round plan as tab writes and marks. Excel-table extents (``table_end``)
    have no Google counterpart. A summary (the master's, protected with its notice) is refused,
    not dropped: the master is an .xlsx, never a Google sheet."""
    if plan.summary is not None:
        raise BauluError("Google парағына жиынтық жазылмайды: жиынтық кітап — .xlsx файлы",
                         "Сводка не пишется в таблицу Google: сводная книга — файл .xlsx")
    writes = [
        TabWrite(title=sw.title, spec=sw.spec, cells=sw.values(), layout=sw.layout, header_row=sw.header_row,
                 links={link.cell: (link.target_sheet, link.target_cell) for link in sw.links},
                 protect=sw.protect, locked=sw.locked)
        for sw in plan.sheets
    ]
    marks = [CellMark(m.sheet, m.cell, m.severity, m.note) for m in plan.marks]
    return writes, marks


def _text(value: Value) -> Value:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return value


def entered(value: Value) -> dict[str, Any]:
    """The ``userEnteredValue`` of a plan value; text is always ``stringValue`` (never parsed)."""
    value = _text(value)
    if value is None or value == "":
        return {}
    if is_formula(value):
        return {"formulaValue": str(value)}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    return {"stringValue": str(value)}


def build_requests(writes: Sequence[TabWrite], marks: Sequence[CellMark], *, lang: Lang,
                   sheet_ids: Mapping[str, int], protected: Sequence[str],
                   previous: Mapping[str, Marked], next_id: int = 2000) -> Requests:
    """``sheet_ids``: the tabs the spreadsheet has (title → id); ``protected``: tabs Baulu already
    protected; ``previous``: the cells marked last round ("tab!A1" → each cell's own look, given
    back when its mark goes)."""
    out = Requests()
    ids = dict(sheet_ids)
    for write in writes:
        title = next((t for t in ids if write.spec.titles(t)), write.title)
        if title not in ids:
            ids[title] = next_id + len(out.new_tabs)
            out.new_tabs[title] = ids[title]
            out.batch.append({"addSheet": {"properties": {
                "sheetId": ids[title], "title": title,
                "gridProperties": {"rowCount": MIN_ROWS, "columnCount": max(26, len(write.spec.columns)),
                                   "frozenRowCount": write.header_row}}}})
        sheet_id = ids[title]
        if write.layout or title in out.new_tabs:
            out.batch.extend(_laid_out(write, sheet_id, ids, lang))
        else:
            out.values.extend(_value_blocks(title, write, out.batch, sheet_id))
        if write.protect and title not in protected:
            out.batch.extend({"addProtectedRange": {"protectedRange": {
                "range": grid, "description": "Baulu", "warningOnly": False}}}
                for grid in protected_grids(sheet_id, write.locked))
            out.protected.append(title)
    out.batch.extend(_marks(marks, ids, previous))
    return out


def protected_grids(sheet_id: int, locked: Sequence[int]) -> list[dict[str, int]]:
    """The ranges to protect: the whole tab, or each run of adjacent ``locked`` columns (every
    row, so rows added later are covered; the other columns stay open)."""
    if not locked:
        return [{"sheetId": sheet_id}]
    runs: list[list[int]] = []
    for column in sorted(set(locked)):
        if runs and column == runs[-1][1] + 1:
            runs[-1][1] = column
        else:
            runs.append([column, column])
    return [{"sheetId": sheet_id, "startColumnIndex": a - 1, "endColumnIndex": b} for a, b in runs]


def _laid_out(write: TabWrite, sheet_id: int, ids: Mapping[str, int], lang: Lang) -> list[dict[str, Any]]:
    """The whole tab written again: header, rows, links; every other cell of the tab cleared."""
    cells: dict[Cell, Value] = {(write.header_row, i + 1): c.header(lang) for i, c in enumerate(write.spec.columns)}
    cells.update(write.cells)
    height = max((r for r, _ in cells), default=write.header_row)
    width = max(len(write.spec.columns), max((c for _, c in cells), default=1))
    rows = max(MIN_ROWS, height + 1)
    links = {split_cell(ref): target for ref, target in write.links.items()}
    grid_rows = []
    for r in range(1, height + 1):
        line = []
        for c in range(1, width + 1):
            cell: dict[str, Any] = {}
            value = entered(cells.get((r, c)))
            if value:
                cell["userEnteredValue"] = value
            target = links.get((r, c))
            if target is not None and target[0] in ids and value:
                uri = f"#gid={ids[target[0]]}&range={target[1]}"
                cell["textFormatRuns"] = [{"startIndex": 0, "format": {"link": {"uri": uri}}}]
            line.append(cell)
        grid_rows.append({"values": line})
    return [
        {"updateSheetProperties": {"properties": {"sheetId": sheet_id, "gridProperties": {
            "rowCount": rows, "frozenRowCount": write.header_row}},
            "fields": "gridProperties.rowCount,gridProperties.frozenRowCount"}},
        {"updateCells": {"range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": rows,
                                   "startColumnIndex": 0, "endColumnIndex": width},
                         "rows": grid_rows, "fields": "userEnteredValue,textFormatRuns"}},
        {"repeatCell": {"range": {"sheetId": sheet_id, "startRowIndex": write.header_row - 1,
                                  "endRowIndex": write.header_row, "startColumnIndex": 0,
                                  "endColumnIndex": len(write.spec.columns)},
                        "cell": {"userEnteredFormat": {"backgroundColor": HEADER_BACKGROUND,
                                                       "textFormat": {"bold": True}}},
                        "fields": "userEnteredFormat(backgroundColor,textFormat.bold)"}},
    ]


def _value_blocks(title: str, write: TabWrite, batch: list[dict[str, Any]], sheet_id: int) -> list[dict[str, Any]]:
    """Cells on a kindergarten's tab: runs of adjacent cells in a row, each one RAW range. A
    formula (Baulu's own) goes into the batchUpdate instead, since RAW would write it as text."""
    data: list[dict[str, Any]] = []
    by_row: dict[int, dict[int, Value]] = {}
    for (r, c), value in sorted(write.cells.items()):
        if is_formula(value):
            batch.append({"updateCells": {
                "start": {"sheetId": sheet_id, "rowIndex": r - 1, "columnIndex": c - 1},
                "rows": [{"values": [{"userEnteredValue": {"formulaValue": str(value)}}]}],
                "fields": "userEnteredValue"}})
            continue
        by_row.setdefault(r, {})[c] = value
    for r, row in sorted(by_row.items()):
        cols = sorted(row)
        start = prev = cols[0]
        run: list[Value] = [row[start]]
        for c in cols[1:]:
            if c != prev + 1:
                data.append(_range(title, r, start, run))
                start, run = c, []
            run.append(row[c])
            prev = c
        data.append(_range(title, r, start, run))
    return data


def _range(title: str, row: int, col: int, run: Sequence[Value]) -> dict[str, Any]:
    shown = [_text(v) for v in run]
    values = ["" if v is None else v for v in shown]
    end = f"{column_letter(col + len(run) - 1)}{row}"
    return {"range": a1(title, f"{column_letter(col)}{row}:{end}"), "values": [values]}


def _marks(marks: Sequence[CellMark], ids: Mapping[str, int],
           previous: Mapping[str, Marked]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    now = {f"{m.tab}!{m.cell}": m for m in marks if m.tab in ids}
    for key, own in sorted(previous.items()):
        if key in now:
            continue
        tab, ref = key.rsplit("!", 1)
        if tab in ids:
            out.append(_cell_look(ids[tab], ref, own.fill, own.note))
    for _key, mark in sorted(now.items()):
        fill = ERROR_FILL if mark.severity == "error" else WARNING_FILL
        out.append(_cell_look(ids[mark.tab], mark.cell, fill, mark.note))
    return out


def _cell_look(sheet_id: int, ref: str, fill: Mapping[str, float] | None, note: str | None) -> dict[str, Any]:
    r, c = split_cell(ref)
    cell: dict[str, Any] = {}
    if fill:
        cell["userEnteredFormat"] = {"backgroundColor": dict(fill)}
    if note:
        cell["note"] = note
    return {"updateCells": {"start": {"sheetId": sheet_id, "rowIndex": r - 1, "columnIndex": c - 1},
                            "rows": [{"values": [cell]}], "fields": "note,userEnteredFormat.backgroundColor"}}
