"""One spreadsheet in memory and the Sheets v4 operations on it: get, values.*, batchUpdate."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from typing import Any

from . import a1
from .cells import apply_fields, effective_value, entered_value, rendered, with_color_styles
from .errors import ApiError, invalid_argument
from .fields import parse_mask

PROTECTED = ("You are trying to edit a protected cell or object. Please contact the spreadsheet owner "
             "to remove protection if you need to edit.")

DEFAULT_FORMAT: dict[str, Any] = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10, "bold": False,
        "italic": False, "strikethrough": False, "underline": False,
        "foregroundColorStyle": {"rgbColor": {}},
    },
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}
THEME: dict[str, Any] = {
    "primaryFontFamily": "Arial",
    "themeColors": [
        {"colorType": kind, "color": {"rgbColor": rgb}}
        for kind, rgb in (("TEXT", {}), ("BACKGROUND", {"red": 1, "green": 1, "blue": 1}),
                          ("ACCENT1", {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}),
                          ("LINK", {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}))
    ],
}

Cell = dict[str, Any]


@dataclass
class Sheet:
    props: dict[str, Any]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    protected: list[dict[str, Any]] = field(default_factory=list)

    def put(self, at: tuple[int, int], key: str, value: Any) -> None:
        """Set (or, with None, remove) one field of a cell. Cells are replaced, never changed in
        place, so a shallow copy of ``cells`` is a snapshot."""
        cell = dict(self.cells.get(at, {}))
        if value is None:
            cell.pop(key, None)
        else:
            cell[key] = value
        if cell:
            self.cells[at] = cell
        else:
            self.cells.pop(at, None)

    def snapshot(self) -> Sheet:
        return Sheet(copy.deepcopy(self.props), dict(self.cells), copy.deepcopy(self.protected))

    @property
    def sheet_id(self) -> int:
        return int(self.props["sheetId"])

    @property
    def title(self) -> str:
        return str(self.props["title"])

    @property
    def rows(self) -> int:
        return int(self.props["gridProperties"]["rowCount"])

    @property
    def cols(self) -> int:
        return int(self.props["gridProperties"]["columnCount"])


def new_sheet(sheet_id: int, title: str, index: int, rows: int = 1000, cols: int = 26) -> Sheet:
    return Sheet({"sheetId": sheet_id, "title": title, "index": index, "sheetType": "GRID",
                  "gridProperties": {"rowCount": rows, "columnCount": cols}})


@dataclass
class Spreadsheet:
    id: str
    title: str
    owner: str
    sheets: list[Sheet]
    rng: random.Random
    locale: str = "en_US"
    time_zone: str = "Etc/GMT"

    # ---- lookups -------------------------------------------------------------------------------
    def by_title(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def by_id(self, sheet_id: int) -> Sheet | None:
        return next((s for s in self.sheets if s.sheet_id == sheet_id), None)

    def resolve(self, text: str) -> tuple[Sheet, int, int, int, int]:
        """A1 text → (sheet, start_row, end_row, start_col, end_col) clipped to the grid's edges."""
        title, cells = a1.split_range(text)
        sheet = self.by_title(title)
        if sheet is None and cells is None:
            parsed = a1.parse_cells(title)
            if parsed is not None and self.sheets:  # "A1:B2" alone means the first sheet
                sheet, cells = self.sheets[0], title
        if sheet is None:
            raise invalid_argument(f"Unable to parse range: {text}")
        if cells is None:
            return sheet, 0, sheet.rows, 0, sheet.cols
        parsed = a1.parse_cells(cells)
        if parsed is None:
            raise invalid_argument(f"Unable to parse range: {text}")
        r0, r1, c0, c1 = parsed
        r1 = sheet.rows if r1 is None else r1
        c1 = sheet.cols if c1 is None else c1
        if r1 > sheet.rows or c1 > sheet.cols:
            raise invalid_argument(
                f"Range ({a1.format_range(sheet.title, r0, r1, c0, c1)}) exceeds grid limits. "
                f"Max rows: {sheet.rows}, max columns: {sheet.cols}")
        return sheet, r0, r1, c0, c1

    def grid_range(self, gr: dict[str, Any]) -> tuple[Sheet, int, int, int, int]:
        sheet = self.by_id(int(gr.get("sheetId", 0)))
        if sheet is None:
            raise invalid_argument(f"No grid with id: {gr.get('sheetId', 0)}")
        return (sheet, int(gr.get("startRowIndex", 0)), int(gr.get("endRowIndex", sheet.rows)),
                int(gr.get("startColumnIndex", 0)), int(gr.get("endColumnIndex", sheet.cols)))

    # ---- protection ----------------------------------------------------------------------------
    def check_editable(self, user: str, sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> None:
        if user == self.owner:
            return
        for pr in sheet.protected:
            if pr.get("warningOnly"):
                continue
            if user in pr.get("editors", {}).get("users", []):
                continue
            g = pr["range"]
            pr0, pr1 = int(g.get("startRowIndex", 0)), int(g.get("endRowIndex", sheet.rows))
            pc0, pc1 = int(g.get("startColumnIndex", 0)), int(g.get("endColumnIndex", sheet.cols))
            if r0 < pr1 and pr0 < r1 and c0 < pc1 and pc0 < c1:
                raise invalid_argument(PROTECTED)

    # ---- get -----------------------------------------------------------------------------------
    def resource(self, include_grid: bool, ranges: list[str]) -> dict[str, Any]:
        wanted: dict[int, list[tuple[int, int, int, int]]] = {}
        for text in ranges:
            sheet, r0, r1, c0, c1 = self.resolve(text)
            wanted.setdefault(sheet.sheet_id, []).append((r0, r1, c0, c1))
        sheets_out = []
        for sheet in sorted(self.sheets, key=lambda s: int(s.props["index"])):
            if ranges and sheet.sheet_id not in wanted:
                continue
            item: dict[str, Any] = {"properties": copy.deepcopy(sheet.props)}
            if sheet.protected:
                item["protectedRanges"] = [_public_protected(pr) for pr in sheet.protected]
            if include_grid:
                boxes = wanted.get(sheet.sheet_id) or [(0, sheet.rows, 0, sheet.cols)]
                item["data"] = [self._grid_data(sheet, *box) for box in boxes]
            sheets_out.append(item)
        return {
            "spreadsheetId": self.id,
            "properties": {"title": self.title, "locale": self.locale, "autoRecalc": "ON_CHANGE",
                           "timeZone": self.time_zone, "defaultFormat": copy.deepcopy(DEFAULT_FORMAT),
                           "spreadsheetTheme": copy.deepcopy(THEME)},
            "sheets": sheets_out,
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.id}/edit",
        }

    def _grid_data(self, sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for r in range(r0, r1):
            values = [_public_cell(sheet.cells.get((r, c))) for c in range(c0, c1)]
            while values and not values[-1]:
                values.pop()
            rows.append({"values": values} if values else {})
        while rows and not rows[-1]:
            rows.pop()
        data: dict[str, Any] = {}
        if r0:
            data["startRow"] = r0
        if c0:
            data["startColumn"] = c0
        if rows:
            data["rowData"] = rows
        data["rowMetadata"] = [{"pixelSize": 21} for _ in range(r0, r1)]
        data["columnMetadata"] = [{"pixelSize": 100} for _ in range(c0, c1)]
        return data

    # ---- values --------------------------------------------------------------------------------
    def values_get(self, text: str, major: str = "ROWS", render: str = "FORMATTED_VALUE") -> dict[str, Any]:
        sheet, r0, r1, c0, c1 = self.resolve(text)
        used = [(r, c) for (r, c), cell in sheet.cells.items()
                if r0 <= r < r1 and c0 <= c < c1 and "userEnteredValue" in cell]
        body: dict[str, Any] = {"range": a1.format_range(sheet.title, r0, r1, c0, c1), "majorDimension": major}
        if not used:
            return body
        last_r, last_c = max(r for r, _ in used) + 1, max(c for _, c in used) + 1
        grid = [[rendered(sheet.cells.get((r, c), {}).get("userEnteredValue"), render)
                 for c in range(c0, last_c)] for r in range(r0, last_r)]
        if major == "COLUMNS":
            grid = [list(col) for col in zip(*grid, strict=True)]
        out_rows: list[list[Any]] = []
        for row in grid:
            cells = ["" if v is None else v for v in row]
            while cells and cells[-1] == "":
                cells.pop()
            out_rows.append(cells)
        while out_rows and not out_rows[-1]:
            out_rows.pop()
        if out_rows:
            body["values"] = out_rows
        return body

    def values_update(self, user: str, text: str, values: Any, input_option: str,
                      major: str = "ROWS", field: str = "data.values") -> dict[str, Any]:
        if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
            shown = values if isinstance(values, str) else str(values)
            raise invalid_argument(
                f"Invalid value at '{field}' (type.googleapis.com/google.protobuf.ListValue), \"{shown}\"",
                field)
        if input_option not in ("RAW", "USER_ENTERED"):
            raise invalid_argument("Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
        rows = values if major != "COLUMNS" else [list(c) for c in zip(*values, strict=False)]
        sheet, r0, r1, c0, c1 = self.resolve(text)
        height = len(rows)
        width = max((len(row) for row in rows), default=0)
        if height > r1 - r0 or width > c1 - c0:
            _title, cells = a1.split_range(text)
            if cells is not None and ":" in cells:
                raise invalid_argument(
                    f"Requested writing within range [{text}], but tried writing to row [{r0 + height}]"
                    if height > r1 - r0 else
                    f"Requested writing within range [{text}], but tried writing to column "
                    f"[{a1.col_letters(c0 + width - 1)}]")
            if r0 + height > sheet.rows or c0 + width > sheet.cols:
                raise invalid_argument(
                    f"Range ({a1.format_range(sheet.title, r0, r0 + height, c0, c0 + width)}) exceeds "
                    f"grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}")
        if height and width:
            self.check_editable(user, sheet, r0, r0 + height, c0, c0 + width)
        touched_rows: set[int] = set()
        touched_cols: set[int] = set()
        count = 0
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is None:
                    continue
                entered = entered_value(value, input_option)
                sheet.put((r0 + i, c0 + j), "userEnteredValue", entered)
                touched_rows.add(i)
                touched_cols.add(j)
                count += 1
        out: dict[str, Any] = {"spreadsheetId": self.id}
        if count:
            out["updatedRange"] = a1.format_range(sheet.title, r0, r0 + height, c0, c0 + width)
            out["updatedRows"] = len(touched_rows)
            out["updatedColumns"] = len(touched_cols)
            out["updatedCells"] = count
        else:
            out["updatedRange"] = a1.format_range(sheet.title, r0, r0 + max(height, 1), c0, c0 + max(width, 1))
        return out

    def values_clear(self, user: str, text: str) -> dict[str, Any]:
        sheet, r0, r1, c0, c1 = self.resolve(text)
        self.check_editable(user, sheet, r0, r1, c0, c1)
        for (r, c) in list(sheet.cells):
            if r0 <= r < r1 and c0 <= c < c1:
                sheet.put((r, c), "userEnteredValue", None)
        return {"spreadsheetId": self.id, "clearedRange": a1.format_range(sheet.title, r0, r1, c0, c1)}

    def values_append(self, user: str, text: str, values: Any, input_option: str,
                      insert_rows: bool) -> dict[str, Any]:
        sheet, r0, r1, c0, c1 = self.resolve(text)
        used = [r for (r, c), cell in sheet.cells.items()
                if r0 <= r < r1 and c0 <= c < c1 and "userEnteredValue" in cell]
        start = (max(used) + 1) if used else r0
        height = len(values) if isinstance(values, list) else 0
        width = max((len(row) for row in values if isinstance(row, list)), default=0) if height else 0
        grid = sheet.props["gridProperties"]
        if start + height > sheet.rows or insert_rows:
            grid["rowCount"] = max(sheet.rows, start + height) + (height if insert_rows else 0)
        if c0 + width > sheet.cols:
            grid["columnCount"] = c0 + width
        table = None
        if used:
            used_cols = [c for (r, c), cell in sheet.cells.items()
                         if r0 <= r < r1 and c0 <= c < c1 and "userEnteredValue" in cell]
            table = a1.format_range(sheet.title, min(used), max(used) + 1, min(used_cols), max(used_cols) + 1)
        target = a1.format_range(sheet.title, start, start + max(height, 1), c0, c0 + max(width, 1))
        updates = self.values_update(user, target, values, input_option)
        out: dict[str, Any] = {"spreadsheetId": self.id}
        if table:
            out["tableRange"] = table
        out["updates"] = updates
        return out

    # ---- batchUpdate ---------------------------------------------------------------------------
    def batch_update(self, user: str, requests: Any) -> list[dict[str, Any]]:
        """Apply every request or none (Google's batchUpdate is atomic)."""
        if not isinstance(requests, list):
            raise invalid_argument("Invalid JSON payload received. Unknown name \"requests\": Proto field is not repeating, cannot start list.")
        work = Spreadsheet(self.id, self.title, self.owner, [s.snapshot() for s in self.sheets], self.rng,
                           self.locale, self.time_zone)
        replies = [work._one(user, i, req) for i, req in enumerate(requests)]
        self.title, self.sheets, self.locale, self.time_zone = work.title, work.sheets, work.locale, work.time_zone
        return replies

    def _one(self, user: str, i: int, req: Any) -> dict[str, Any]:
        if not isinstance(req, dict) or len(req) != 1:
            raise invalid_argument(f"Invalid requests[{i}]: No request set.")
        (kind, body), = req.items()
        handler = getattr(self, f"_req_{kind}", None)
        if handler is None:
            raise invalid_argument(
                f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{i}]': Cannot find field.")
        try:
            reply: dict[str, Any] = handler(user, body or {})
        except ApiError as err:
            msg = err.body["error"]["message"]
            if msg.startswith("Invalid requests") or msg == PROTECTED or msg.startswith("Invalid JSON"):
                raise
            raise invalid_argument(f"Invalid requests[{i}].{kind}: {msg}") from None
        return reply

    def _req_addSheet(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        props = dict(body.get("properties") or {})
        title = props.get("title") or f"Sheet{len(self.sheets) + 1}"
        if self.by_title(title):
            raise invalid_argument(f"A sheet with the name \"{title}\" already exists. Please enter another name.")
        sheet_id = int(props.get("sheetId", 0)) or self.rng.randrange(1, 2**31 - 1)
        if self.by_id(sheet_id):
            raise invalid_argument(f"Sheet with id {sheet_id} already exists.")
        index = int(props.get("index", len(self.sheets)))
        for s in self.sheets:
            if int(s.props["index"]) >= index:
                s.props["index"] = int(s.props["index"]) + 1
        grid = {"rowCount": 1000, "columnCount": 26, **(props.get("gridProperties") or {})}
        sheet = Sheet({"sheetId": sheet_id, "title": title, "index": index,
                       "sheetType": props.get("sheetType", "GRID"), "gridProperties": grid})
        if props.get("hidden"):
            sheet.props["hidden"] = True
        self.sheets.append(sheet)
        return {"addSheet": {"properties": copy.deepcopy(sheet.props)}}

    def _req_deleteSheet(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        sheet = self.by_id(int(body.get("sheetId", 0)))
        if sheet is None:
            raise invalid_argument(f"No sheet with id: {body.get('sheetId', 0)}")
        if len(self.sheets) == 1:
            raise invalid_argument("You can't remove all the sheets in a document.")
        self.sheets.remove(sheet)
        for s in self.sheets:
            if int(s.props["index"]) > int(sheet.props["index"]):
                s.props["index"] = int(s.props["index"]) - 1
        return {}

    def _req_updateSheetProperties(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        props = body.get("properties") or {}
        sheet = self.by_id(int(props.get("sheetId", 0)))
        if sheet is None:
            raise invalid_argument(f"No grid with id: {props.get('sheetId', 0)}")
        if "fields" not in body:
            raise invalid_argument("At least one field must be updated, but none was specified.")
        source = {k: v for k, v in props.items() if k != "sheetId"}
        apply_fields(sheet.props, {**source, "sheetId": sheet.sheet_id}, parse_mask(body["fields"]))
        sheet.props["sheetId"] = sheet.sheet_id
        if sheet.props.get("hidden") is False:
            del sheet.props["hidden"]
        if all(s.props.get("hidden") for s in self.sheets):
            raise invalid_argument("You can't hide all the sheets in a document.")
        if self.sum_titles() != len(self.sheets):
            raise invalid_argument(f"A sheet with the name \"{sheet.title}\" already exists. Please enter another name.")
        sheet.cells = {k: v for k, v in sheet.cells.items() if k[0] < sheet.rows and k[1] < sheet.cols}
        return {}

    def sum_titles(self) -> int:
        return len({s.title for s in self.sheets})

    def _req_updateSpreadsheetProperties(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        props = body.get("properties") or {}
        current = {"title": self.title, "locale": self.locale, "timeZone": self.time_zone}
        apply_fields(current, props, parse_mask(body.get("fields", "")))
        self.title = str(current.get("title", self.title))
        self.locale = str(current.get("locale", self.locale))
        self.time_zone = str(current.get("timeZone", self.time_zone))
        return {}

    def _req_addProtectedRange(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        given = dict(body.get("protectedRange") or {})
        grid = dict(given.get("range") or {})
        sheet = self.by_id(int(grid.get("sheetId", 0)))
        if sheet is None:
            raise invalid_argument(f"No grid with id: {grid.get('sheetId', 0)}")
        pr_id = int(given.get("protectedRangeId", 0)) or self.rng.randrange(1, 2**31 - 1)
        reply: dict[str, Any] = {"protectedRangeId": pr_id, "range": _public_grid(grid)}
        if given.get("description"):
            reply["description"] = given["description"]
        if given.get("warningOnly"):
            reply["warningOnly"] = True
        reply["requestingUserCanEdit"] = True
        editors = given.get("editors") or {}
        reply["editors"] = {k: v for k, v in editors.items() if v}
        stored = copy.deepcopy(reply)
        stored["range"] = {**grid, "sheetId": sheet.sheet_id}
        users = list(editors.get("users") or [])
        if user not in users:
            users.append(user)
        stored["editors"] = {**stored["editors"], "users": users}
        sheet.protected.append(stored)
        return {"addProtectedRange": {"protectedRange": reply}}

    def _req_deleteProtectedRange(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        pr_id = int(body.get("protectedRangeId", 0))
        for sheet in self.sheets:
            for pr in sheet.protected:
                if int(pr["protectedRangeId"]) == pr_id:
                    sheet.protected.remove(pr)
                    return {}
        raise invalid_argument(f"No protected range with id: {pr_id}")

    def _req_setDataValidation(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        sheet, r0, r1, c0, c1 = self.grid_range(body.get("range") or {})
        rule = copy.deepcopy(body.get("rule")) or None  # one copy, shared by the cells (never mutated)
        for r in range(r0, r1):
            for c in range(c0, c1):
                sheet.put((r, c), "dataValidation", rule)
        return {}

    def _req_repeatCell(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        sheet, r0, r1, c0, c1 = self.grid_range(body.get("range") or {})
        mask = parse_mask(body.get("fields", ""))
        if "userEnteredValue" in mask or "*" in mask:
            self.check_editable(user, sheet, r0, r1, c0, c1)
        source = body.get("cell") or {}
        for r in range(r0, r1):
            for c in range(c0, c1):
                self._set_cell(sheet, r, c, source, mask)
        return {}

    def _req_updateCells(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        if "fields" not in body:
            raise invalid_argument("At least one field must be updated, but none was specified.")
        mask = parse_mask(body["fields"])
        rows = body.get("rows") or []
        if "start" in body:
            start = body["start"]
            sheet = self.by_id(int(start.get("sheetId", 0)))
            if sheet is None:
                raise invalid_argument(f"No grid with id: {start.get('sheetId', 0)}")
            r0, c0 = int(start.get("rowIndex", 0)), int(start.get("columnIndex", 0))
            r1 = r0 + len(rows)
            c1 = c0 + max((len(row.get("values") or []) for row in rows), default=0)
        else:
            sheet, r0, r1, c0, c1 = self.grid_range(body.get("range") or {})
        if r1 > sheet.rows or c1 > sheet.cols:
            raise invalid_argument(
                f"Range ({a1.format_range(sheet.title, r0, r1, c0, c1)}) exceeds grid limits. "
                f"Max rows: {sheet.rows}, max columns: {sheet.cols}")
        if "userEnteredValue" in mask or "*" in mask:
            self.check_editable(user, sheet, r0, r1, c0, c1)
        for i, r in enumerate(range(r0, r1)):
            values = (rows[i].get("values") or []) if i < len(rows) else []
            for j, c in enumerate(range(c0, c1)):
                self._set_cell(sheet, r, c, values[j] if j < len(values) else {}, mask)
        return {}

    def _set_cell(self, sheet: Sheet, r: int, c: int, source: dict[str, Any], mask: Any) -> None:
        old = sheet.cells.get((r, c))
        if old is None and not source:
            return
        cell = copy.deepcopy(old) if old else {}
        apply_fields(cell, source, mask)
        if cell:
            sheet.cells[(r, c)] = cell
        else:
            sheet.cells.pop((r, c), None)


def _public_grid(grid: dict[str, Any]) -> dict[str, Any]:
    """Google leaves ``sheetId`` out when it is 0 (the proto default)."""
    return {k: v for k, v in grid.items() if not (k == "sheetId" and not v)}


def _public_protected(pr: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(pr)
    out["range"] = _public_grid(out["range"])
    return out


def _public_cell(cell: Cell | None) -> dict[str, Any]:
    if not cell:
        return {}
    out: dict[str, Any] = {}
    entered = cell.get("userEnteredValue")
    if entered:
        out["userEnteredValue"] = copy.deepcopy(entered)
        out["effectiveValue"] = effective_value(entered)
        out["formattedValue"] = rendered(entered, "FORMATTED_VALUE")
    if "userEnteredFormat" in cell:
        out["userEnteredFormat"] = with_color_styles(cell["userEnteredFormat"])
    if "note" in cell:
        out["note"] = cell["note"]
    if "dataValidation" in cell:
        out["dataValidation"] = copy.deepcopy(cell["dataValidation"])
    return out
