"""The master's large consolidated sheets written in one streaming pass, the rest by openpyxl.

Loading and saving a master of 60,000 consolidated rows cell by cell with openpyxl is most of a
round's cost. Here the consolidated sheets' data rows never enter openpyxl:

1. the master's .xlsx is copied in memory with each consolidated sheet cut to its header rows;
2. that light copy is loaded with openpyxl and given the plan as usual — the findings sheet, the
   summary, marks and notes, tables' ranges, protection, the organisations' phones — except the
   consolidated rows: only the cells a mark lands on are written there (so each gets its fill and
   note exactly as the applier gives them), and a few probe rows below the data, one per kind of
   value (text, text kept as text, date, anything else, empty), from which each column's cell
   style is read;
3. the light copy is saved, and each consolidated sheet's rows are written into its sheet part as
   XML, one pass, each cell in its column's style for its kind of value (the probe rows dropped),
   the marked cells taken as openpyxl wrote them. Every other part is the light copy's own.
   Within :func:`remembered_rows` (the caller vouches that the source is the file it last wrote,
   and says each row's digest there), a row whose values digest to one the source holds is that
   row's bytes, renumbered if it moved: a round with one kindergarten changed writes its rows only.

Values are written as :func:`workbook.cells.put` writes them: a :class:`Formula` as a formula,
every other text as text (a quote prefix where Excel would convert it), dates as dates. Anything
this module cannot vouch for (a consolidated sheet missing or to be laid out again, shared or array
formulas in it) raises :class:`NotStreamable`, and the caller uses the openpyxl path instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from html import unescape
from posixpath import join, normpath
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from schemas.celltext import needs_quote, writable_text
from schemas.rows import column_letter
from schemas.writeplan import Block, Formula, SheetWrite, Value, WorkbookPlan, split_cell
from workbook.apply import apply_plan
from workbook.segments import Segmented, SegmentMemory, cut_points, deflate
from workbook.values import Rows
from workbook.zipcopy import replaced, stored_bytes

MAIN_RELS = "xl/_rels/workbook.xml.rels"
KINDS = ("text", "quoted", "date", "other", "empty")
PROBES: dict[str, Value] = {"text": "x", "quoted": "=x", "date": dt.date(2000, 1, 1), "other": 1, "empty": None}

_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"', re.S)
_SHEET_ID_FIRST = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"', re.S)
_REL = re.compile(rb'<Relationship\b[^>]*?/?>', re.S)
_ATTR = re.compile(rb'\b(Id|Target)="([^"]*)"')
_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>(.*?)</sheetData>", re.S)
_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)
_STYLE = re.compile(rb'\bs="(\d+)"')
_F = re.compile(rb"<f>([^<]*)</f>")
_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]+\d+)"')
_FORMULA_WITH_ATTRIBUTES = re.compile(rb"<f\s")
_DIMENSION = re.compile(rb'<dimension\b[^>]*?/>')


RowMemory = dict[str, tuple[str, dict[int, str]]]
"""Consolidated sheet title → (the signature of how its rows were written, row number → the
digest of the plan's values in that row). A row's bytes are a function of its values, its number
and the sheet's signature (each column's style per kind of value, the width, the header row), so a
row of the same digest under the same signature is the same bytes but for its number."""
FORMAT = 2
"""What :func:`_rows_xml` writes a row as; a new value makes every row written again once."""
PART_LEVEL = 3
"""zlib's level for the parts a write compresses again: the consolidated sheets (60-80 MB of XML at
N = 300) compress in less than half the time of level 6, about 15 % larger."""


@dataclass(frozen=True)
class Shape:
    """What a values read of a consolidated sheet just written gives, when that is little: its
    header rows are the source's, every data cell of the columns Baulu does not own is empty, no
    cell holds a formula and none lies right of the plan's columns. ``height``: the last row with
    a value (python-calamine's height); the data rows hold Baulu's own columns only."""

    header_row: int
    height: int


Runs = dict[str, list[tuple[int, int, int]]]
"""Consolidated sheet title → runs of rows the source holds as the plan writes them: (first row in
the plan, first row in the source, how many)."""


@dataclass
class _Memory:
    before: RowMemory
    after: RowMemory
    shapes: dict[str, Shape]
    runs: Runs
    segments: SegmentMemory
    """How each consolidated part of the source was compressed (``workbook.segments``)."""
    written_segments: dict[str, Segmented]
    cuts: Mapping[str, Sequence[int]]
    """Consolidated sheet title → the rows its part is cut before (each organisation's first)."""


_MEMORY: ContextVar[_Memory | None] = ContextVar("baulu_rows", default=None)
_ROW_START = re.compile(rb'<row r="(\d+)"')
_REFS = re.compile(rb'(<(?:row|c) r="[A-Z]*)\d+"')


@contextmanager
def remembered_rows(before: RowMemory, shapes: dict[str, Shape] | None = None, runs: Runs | None = None, *,
                    segments: SegmentMemory | None = None, written_segments: dict[str, Segmented] | None = None,
                    cuts: Mapping[str, Sequence[int]] | None = None) -> Iterator[RowMemory]:
    """Within it, :func:`streamed_apply` keeps the bytes of every row whose digest ``before`` says
    the source already holds (``before`` must describe that very file: the caller checks its
    fingerprint), and fills the memory it yields with what it wrote; ``shapes`` gets the
    :class:`Shape` of each consolidated sheet written that has one. ``runs``: rows the caller
    vouches the source holds as the plan writes them (the same values, made of the same source):
    their bytes are kept, renumbered, without digesting them again. ``cuts``: where to cut each
    consolidated part into separately compressed pieces (``workbook.segments``), ``segments``: how
    the source's parts were so cut (the same file, as with ``before``), ``written_segments``: gets
    how the written parts are."""
    after: RowMemory = {}
    token = _MEMORY.set(_Memory(before, after, shapes if shapes is not None else {}, runs or {}, segments or {},
                                written_segments if written_segments is not None else {}, cuts or {}))
    try:
        yield after
    finally:
        _MEMORY.reset(token)


class NotStreamable(Exception):
    """The streaming pass cannot vouch for this workbook or plan: use the openpyxl path."""


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → its part's name in the zip (``xl/worksheets/sheet3.xml``)."""
    book = archive.read("xl/workbook.xml")
    rels: dict[str, str] = {}
    for rel in _REL.findall(archive.read(MAIN_RELS)):
        attrs = dict(_ATTR.findall(rel))
        if b"Id" in attrs and b"Target" in attrs:
            target = unescape(attrs[b"Target"].decode("utf-8"))
            rels[attrs[b"Id"].decode()] = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    pairs = [(n, r) for n, r in _SHEET.findall(book)] + [(n, r) for r, n in _SHEET_ID_FIRST.findall(book)]
    return {unescape(name.decode("utf-8")): rels[rid.decode()] for name, rid in pairs if rid.decode() in rels}


def formulas(part: bytes) -> dict[str, Formula]:
    """The formulas of a sheet part by cell (``D5`` → ``=SUM(...)``); raises :class:`NotStreamable`
    for shared or array formulas (openpyxl expands them; this reader does not)."""
    if b"<f" not in part:
        return {}
    if _FORMULA_WITH_ATTRIBUTES.search(part):
        raise NotStreamable("shared or array formulas")
    out: dict[str, Formula] = {}
    for found in _F.finditer(part):
        opening = part.rfind(b"<c ", 0, found.start())
        ref = _REF.match(part, opening) if opening >= 0 else None
        if ref is not None:
            out[ref.group(1).decode()] = Formula("=" + unescape(found.group(1).decode("utf-8")))
    return out


def overlay_formulas(rows: Rows, found: Mapping[str, Formula]) -> Rows:
    """Values as read (formulas' results) with each formula cell holding its :class:`Formula`, as
    openpyxl gives a sheet loaded with formulas."""
    for ref, formula in found.items():
        row, col = split_cell(ref)
        while len(rows) < row:
            rows.append([])
        line = rows[row - 1]
        if len(line) < col:
            line.extend([None] * (col - len(line)))
        line[col - 1] = formula
    return rows


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class _Cut:
    """A sheet part split around its rows: what comes before ``<sheetData>``, the rows, after."""

    head: bytes
    rows: bytes
    tail: bytes

    @classmethod
    def of(cls, part: bytes) -> _Cut:
        start = part.find(b"<sheetData")
        close = part.find(b">", start) if start >= 0 else -1
        if close < 0:
            raise NotStreamable("no sheetData")
        if _SHEET_DATA.fullmatch(part, start, close + 1) and part[close - 1:close] == b"/":  # <sheetData/>
            return cls(part[:start], b"", part[close + 1:])
        end = part.find(b"</sheetData>", close)
        if part[start:close + 1] != b"<sheetData>" or end < 0:
            raise NotStreamable("no sheetData")
        return cls(part[:start], part[close + 1:end], part[end + len(b"</sheetData>"):])

    def header_rows(self, header_row: int) -> bytes:
        kept: list[bytes] = []
        for row in _ROW.finditer(self.rows):
            if int(row.group(1)) > header_row:
                break
            kept.append(row.group(0))
        return b"".join(kept)

    def probe_rows(self, header_row: int, probe_row: int) -> bytes:
        """Empty rows at ``probe_row`` on, one per kind of value, each cell in the style of the
        first data row's cell of its column (the layout formats that row by column)."""
        first = next((r for r in _ROW.finditer(self.rows) if int(r.group(1)) > header_row), None)
        styles: dict[bytes, bytes] = {}
        if first is not None and int(first.group(1)) == header_row + 1:
            for cell in _CELL.finditer(first.group(2) or b""):
                found = _STYLE.search(cell.group(0)[: cell.group(0).find(b">")])
                if found:
                    styles[cell.group(1)] = found.group(1)
        rows = []
        for i in range(len(KINDS)):
            r = str(probe_row + i).encode()
            cells = b"".join(b'<c r="' + letters + r + b'" s="' + style + b'"/>' for letters, style in styles.items())
            rows.append(b'<row r="' + r + b'">' + cells + b"</row>")
        return b"".join(rows)

    def last_row(self) -> int:
        at = self.rows.rfind(b"<row ")
        found = _ROW.match(self.rows, at) if at >= 0 else None
        return int(found.group(1)) if found else 0

    def with_rows(self, rows: bytes) -> bytes:
        return self.head + b"<sheetData>" + rows + b"</sheetData>" + self.tail


def _kind(value: Value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "empty"
    if isinstance(value, Formula):
        return "other"
    if isinstance(value, str):
        return "quoted" if needs_quote(writable_text(value)) else "text"
    if isinstance(value, dt.date):
        return "date"
    return "other"


def _cell_xml(ref: str, value: Value, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or (isinstance(value, float) and (value != value or value in (float("inf"), float("-inf")))):
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, Formula):
        return f'<c r="{ref}"{s}><f>{escape(value[1:] if value.startswith("=") else value)}</f><v></v></c>'
    if isinstance(value, str):
        text = writable_text(value)
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, float):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{s}><v>{_serial(value)}</v></c>'
    raise NotStreamable(f"a value of type {type(value).__name__}")


class _Cells:
    """:func:`_cell_xml` with each value's kind and XML worked out once (a consolidated sheet's
    values repeat: labels, dates, versions): the same text, a dictionary look-up per cell."""

    def __init__(self) -> None:
        self.known: dict[tuple[type, Value], tuple[str, str | None]] = {}

    def kind_and_rest(self, value: Value) -> tuple[str, str | None]:
        """The value's kind, and its cell's XML after the reference and style (None: an empty cell)."""
        key = (value.__class__, value)
        try:
            return self.known[key]
        except KeyError:
            keep = True
        except TypeError:  # unhashable: worked out each time
            keep = False
        whole = _cell_xml("A1", value, 1)
        found = (_kind(value), whole[len('<c r="A1" s="1"'):] if whole.endswith("</c>") else None)
        if keep:
            self.known[key] = found
        return found

    def xml(self, ref: str, rest: str | None, style: int) -> str:
        s = f' s="{style}"' if style else ""
        if rest is None:
            return f'<c r="{ref}"{s}/>' if style else ""
        return f'<c r="{ref}"{s}{rest}'


_EPOCH = dt.datetime(1899, 12, 30)


def _serial(value: dt.date) -> int | float:
    """A date as Excel's serial number (days since 1899-12-30, the 1900 date system), as openpyxl
    writes it."""
    if not isinstance(value, dt.datetime):
        return (value - _EPOCH.date()).days
    delta = value.replace(tzinfo=None) - _EPOCH
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return int(serial) if serial == int(serial) else serial


def _grid(write: SheetWrite) -> dict[int, dict[int, Value]]:
    """Row → column → value of what the sheet write sets (later blocks win)."""
    out: dict[int, dict[int, Value]] = {}
    for block in (*write.clear, *write.blocks):
        for r, line in enumerate(block.values, start=block.row):
            row = out.get(r)
            if row is None:
                out[r] = dict(enumerate(line, start=block.col))
            else:
                row.update(enumerate(line, start=block.col))
    return out


def _width(grid: Mapping[int, Mapping[int, Value]]) -> int:
    """The last column the grid writes (1 if none)."""
    return max(map(max, filter(None, grid.values())), default=1)


@dataclass
class _Pending:
    write: SheetWrite
    cut: _Cut
    grid: dict[int, dict[int, Value]]
    marked: set[tuple[int, int]]
    probe_row: int
    beyond: dict[tuple[int, int], bytes]
    """Cells right of every column the plan writes (a column without a header she typed in): the
    openpyxl path leaves them where they are, and so does this one."""
    part: bytes = b""
    """The sheet part as the source holds it."""
    info: zipfile.ZipInfo | None = None
    """Its entry in the source archive (a part written the same is copied from there as stored)."""
    width: int = 1
    """The last column the grid writes (:func:`_width`)."""


def _light_write(write: SheetWrite, grid: dict[int, dict[int, Value]], marked: set[tuple[int, int]],
                 probe_row: int, width: int) -> SheetWrite:
    cells = [(r, c, grid.get(r, {}).get(c)) for r, c in sorted(marked)]
    blocks = [Block(r, c, ((v,),)) for r, c, v in cells]
    blocks += [Block(probe_row + i, 1, (tuple(PROBES[kind] for _ in range(width)),)) for i, kind in enumerate(KINDS)]
    return replace(write, blocks=tuple(blocks), clear=())


def _styles(rows: Mapping[int, Mapping[int, bytes]], probe_row: int, width: int) -> dict[str, list[int]]:
    """Each kind's style per column (index 0 unused), read from the probe rows openpyxl wrote."""
    out: dict[str, list[int]] = {}
    for i, kind in enumerate(KINDS):
        line = rows.get(probe_row + i, {})
        styles = [0] * (width + 1)
        for c, xml in line.items():
            found = _STYLE.search(xml)
            if c <= width and found:
                styles[c] = int(found.group(1))
        out[kind] = styles
    return out


def _parsed_rows(rows: bytes) -> dict[int, dict[int, bytes]]:
    out: dict[int, dict[int, bytes]] = {}
    for row in _ROW.finditer(rows):
        cells = out.setdefault(int(row.group(1)), {})
        for cell in _CELL.finditer(row.group(2) or b""):
            cells[_column(cell.group(1))] = cell.group(0)
    return out


def _letters_beyond(width: int) -> bytes:
    """A regex alternation matching every column name right of column ``width``."""
    if width < 26:  # one letter from the next column on, or any two or three letters
        return b"(?:[" + column_letter(width + 1).encode() + b"-Z]|[A-Z]{2,3})"
    alternatives = [re.escape(column_letter(c)).encode() for c in range(width + 1, 703)]
    return b"(?:" + b"|".join(alternatives) + b"|[A-Z]{3})"


def _beyond(rows: bytes, width: int, header_row: int, shared: Callable[[], list[str]]) -> dict[tuple[int, int], bytes]:
    """The data rows' cells right of column ``width``, each as XML that stands on its own (a shared
    string made inline, since the sheet's strings table is the light copy's)."""
    pattern = re.compile(rb' r="(' + _letters_beyond(width) + rb')(\d+)"')
    out: dict[tuple[int, int], bytes] = {}
    for found in pattern.finditer(rows):
        row = int(found.group(2))
        opening = rows.rfind(b"<c ", 0, found.start() + 1)
        cell = _CELL.match(rows, opening) if row > header_row and opening >= 0 else None
        if cell is None:
            continue
        xml = cell.group(0)
        head = xml[: xml.find(b">") + 1]
        if b't="s"' in head:
            index = re.search(rb"<v>(\d+)</v>", xml)
            strings = shared()
            if index is None or int(index.group(1)) >= len(strings):
                continue
            text = escape(strings[int(index.group(1))]).encode("utf-8")
            head = head.replace(b't="s"', b't="inlineStr"')
            xml = head + b'<is><t xml:space="preserve">' + text + b"</t></is></c>"
        out[(row, _column(cell.group(1)))] = xml
    return out


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    try:
        data = archive.read("xl/sharedStrings.xml")
    except KeyError:
        return []
    items = re.findall(rb"<si>(.*?)</si>", data, re.S)
    return [unescape(b"".join(re.findall(rb"<t[^>]*>([^<]*)</t>", item)).decode("utf-8")) for item in items]


def _column(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index


def _row_digest(line: Mapping[int, Value]) -> str:
    # the mapping's own repr (its items in order): half the time of a tuple of its items'
    return hashlib.blake2b(repr(line).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _row_spans(rows: bytes) -> dict[int, tuple[int, int]]:
    """Row number → where that row's bytes are in ``rows``, as :func:`_rows_xml` wrote them."""
    starts = [(m.start(), int(m.group(1))) for m in _ROW_START.finditer(rows)]
    out: dict[int, tuple[int, int]] = {}
    for (start, number), (end, _) in zip(starts, [*starts[1:], (len(rows), 0)], strict=True):
        if rows.endswith(b"</row>", start, end):
            out[number] = (start, end)
    return out


class _SourceRows:
    """:func:`_row_spans` of the source's rows, found a piece at a time where the source's pieces
    are known (``workbook.segments``: each organisation's rows), else all at once when first asked.
    ``pieces``: (first row, start, end) in ``rows``, ascending."""

    def __init__(self, rows: bytes, pieces: Sequence[tuple[int, int, int]] = ()) -> None:
        self.rows = rows
        self.pieces = list(pieces)
        self.firsts = [first for first, _, _ in self.pieces]
        self.spans: dict[int, tuple[int, int]] = {}
        self.read: set[int] = set()
        self.whole = False

    def get(self, row: int) -> tuple[int, int] | None:
        if not self.whole:
            at = bisect_right(self.firsts, row) - 1
            if at < 0:  # before the first piece (or no pieces): every row, once
                self.spans, self.whole = _row_spans(self.rows), True
            elif at not in self.read:
                _, start, end = self.pieces[at]
                found = _row_spans(self.rows[start:end])
                self.spans.update({row: (begin + start, finish + start) for row, (begin, finish) in found.items()})
                self.read.add(at)
        return self.spans.get(row)

    def __contains__(self, row: int) -> bool:
        return self.get(row) is not None

    def __getitem__(self, row: int) -> tuple[int, int]:
        span = self.get(row)
        if span is None:
            raise KeyError(row)
        return span


def _whole_pieces(held: bytes, pieces: Sequence[tuple[int, int, int]], runs: Sequence[tuple[int, int, int]],
                  usable: Callable[[int], bool]) -> dict[int, tuple[int, int, int]]:
    """The runs (first row, first row in the source, how many) that did not move and whose source
    piece holds exactly their rows, each of them ``usable``: first row → (start, end, how many)."""
    by_first = {first: (start, end) for first, start, end in pieces}
    out: dict[int, tuple[int, int, int]] = {}
    for first, at, count in runs:
        span = by_first.get(at) if first == at and count > 0 else None
        if span is None:
            continue
        start, end = span
        last_at = held.rfind(b'<row r="', start, end)
        if not held.startswith(b'<row r="%d">' % (at + count - 1), last_at) or not all(map(usable, range(at, at + count))):
            continue
        out[at] = (start, end, count)
    return out


def _renumbered(row: bytes, number: int) -> bytes:
    """A row's bytes moved to row ``number`` (its ``<row r>`` and every cell's ``r``; text cannot
    hold ``<``, so only tags match)."""
    new = str(number).encode()
    return _REFS.sub(lambda m: m.group(1) + new + b'"', row)


def _valued(row: bytes) -> bool:
    """Whether a row's XML holds a value a values reader sees (a number, or text inline or shared)."""
    return b"<is>" in row or (b"<v>" in row and b"<v></v>" not in row)


def _rows_xml(pending: _Pending, light: bytes, before: tuple[str, dict[int, str]] | None = None,
              runs: Sequence[tuple[int, int, int]] = (), pieces: Segmented | None = None,
              ) -> tuple[bytes, int, int, tuple[str, dict[int, str]], Shape | None]:
    """The sheet's rows: the light copy's header rows, then the plan's rows (marked cells as
    openpyxl wrote them); with the last row and column, and what to remember of the rows. A row
    without marks, formulas or cells right of the plan's columns whose digest ``before`` has in
    the source (at any row) is the source's bytes, renumbered; every other row is written.
    ``pieces``: how the source's part was cut (``workbook.segments``, checked against its member):
    a run that did not move and is one piece of the source is copied whole, row by row unread."""
    write, probe = pending.write, pending.probe_row
    cut = _Cut.of(light)
    parsed = _parsed_rows(cut.rows)
    width = pending.width
    styles = _styles(parsed, probe, width)
    signature = _row_digest({0: repr((FORMAT, write.header_row, width, sorted(styles.items())))})
    then = before[1] if before is not None and before[0] == signature else {}  # row → digest in the source
    known = {d: r for r, d in then.items()}
    held = pending.cut.rows
    rows_at = len(pending.cut.head) + len(b"<sheetData>")  # where the source part's rows begin
    cuts = [(g.row, g.raw_start - rows_at, min(g.raw_start + g.raw_size - rows_at, len(held)))
            for g in (pieces.segments if pieces is not None else ()) if g.raw_start >= rows_at]
    source = _SourceRows(held, cuts)
    copied = {first + i: at + i for first, at, count in runs for i in range(count) if at + i in then}
    beyond: dict[int, dict[int, bytes]] = {}
    for (br, c), xml in pending.beyond.items():
        beyond.setdefault(br, {})[c] = xml
    letters = [""] + [column_letter(c) for c in range(1, width + 1)]
    shown = _Cells()
    marked_rows = {r for r, _ in pending.marked}
    out: list[bytes] = [cut.header_rows(write.header_row)]
    digests: dict[int, str] = {}
    last = 0
    height = max((int(r.group(1)) for r in _ROW.finditer(out[0]) if _valued(r.group(0))), default=0)
    theirs = set(range(1, width + 1)) - set(write.locked) if write.locked else None
    bare = theirs is not None and not beyond
    order = sorted(set(pending.grid) | {r for r in parsed if write.header_row < r < probe} | set(beyond))

    def vouched(r: int) -> bool:
        """Row ``r`` is in a run the caller vouches for, at the same row as in the source, and the
        plan writes it without a mark or a cell beyond its columns."""
        return copied.get(r) == r and r not in marked_rows and r not in beyond and bool(pending.grid.get(r))

    def unmoved(r: int) -> bool:
        """Row ``r`` is vouched for and the source holds it, as it was."""
        return vouched(r) and r in source

    whole = _whole_pieces(held, cuts, runs, vouched) if then else {}
    i = 0
    while i < len(order):
        r = order[i]
        i += 1
        if r in whole:  # one piece of the source, its rows where they were: its bytes as they are
            start, stop, count = whole[r]
            end = r + count - 1
            while i < len(order) and order[i] <= end:
                i += 1
            for k in range(r, end + 1):
                digests[k] = then[k]
            out.append(held[start:stop])
            last = end
            if _valued(held[held.rfind(b'<row r="', start, stop):stop]):
                height = end
            else:
                height = next((k for k in range(end - 1, r - 1, -1) if _valued(held[source[k][0]:source[k][1]])),
                              height)
            continue
        if unmoved(r):  # a stretch of rows the source holds where they are: one slice of its bytes
            end = r
            while i < len(order) and order[i] == end + 1 and unmoved(order[i]):
                end, i = order[i], i + 1
            for k in range(r, end + 1):
                digests[k] = then[k]
            out.append(held[source[r][0]:source[end][1]])
            last = end
            height = next((k for k in range(end, r - 1, -1) if _valued(held[source[k][0]:source[k][1]])), height)
            continue
        line = pending.grid.get(r, {})
        at = copied.get(r)
        if at is not None and line and r not in marked_rows and r not in beyond and at in source:
            # a run the caller vouches for, moved: the same values, so the same bytes, renumbered
            digests[r] = then[at]
            out.append(chunk := _renumbered(held[source[at][0]:source[at][1]], r))
            last = r
            height = r if _valued(chunk) else height
            continue
        kept = {c: x for c, x in parsed.get(r, {}).items() if (r, c) in pending.marked}
        kept.update(beyond.get(r, {}))
        if bare and r > write.header_row and (
                Formula in map(type, line.values()) or any(line.get(c) is not None for c in theirs or ())):
            bare = False
        if line and not kept and Formula not in map(type, line.values()):
            digest = digests[r] = _row_digest(line)
            at = known.get(digest)
            span = source.get(at) if at is not None else None
            if span is not None:
                old = held[span[0]:span[1]]
                out.append(chunk := old if at == r else _renumbered(old, r))
                last = r
                height = r if _valued(chunk) else height
                continue
        cells: list[str] = []
        for c in sorted(set(line) | set(kept)):
            if c in kept:
                cells.append(kept[c].decode("utf-8"))
                continue
            kind, rest = shown.kind_and_rest(line[c])
            cells.append(shown.xml(f"{letters[c]}{r}", rest, styles[kind][c] if c <= width else 0))
        text = "".join(cells)
        if text:
            out.append(written := f'<row r="{r}">{text}</row>'.encode())
            last = r
            height = r if _valued(written) else height
    rows = b"".join(out)
    part = cut.head + b"<sheetData>" + rows + b"</sheetData>" + cut.tail
    shape = Shape(write.header_row, height) if bare else None
    return part, max(last, write.header_row), width, (signature, digests), shape


_COL = re.compile(rb"<col\b[^>]*>")
_MIN = re.compile(rb'\bmin="(\d+)"')
_WIDTH = re.compile(rb"\bwidth=")


def _keep_default_widths(ws: Worksheet, head: bytes) -> None:
    """Columns the part gives no width keep none: openpyxl reads such a column as 13 wide and would
    write that width (a spare column set open, ``workbook.protect``, would widen a round later)."""
    for col in _COL.finditer(head):
        found = _MIN.search(col.group(0))
        if found and not _WIDTH.search(col.group(0)):
            letter = column_letter(int(found.group(1)))
            if letter in ws.column_dimensions:
                ws.column_dimensions[letter].width = 0


def _with_dimension(part: bytes, last_row: int, width: int) -> bytes:
    found = _DIMENSION.search(part, 0, max(part.find(b"<sheetData"), 0))  # it comes before the rows
    if found is None:
        return part
    new = f'<dimension ref="A1:{column_letter(max(width, 1))}{max(last_row, 1)}"/>'.encode()
    return part[:found.start()] + new + part[found.end():]


def streamed_apply(source: bytes, plan: WorkbookPlan) -> bytes:
    """The workbook ``source`` (an .xlsx's bytes) with ``plan`` applied, as .xlsx bytes."""
    consolidated = [w for w in plan.sheets if w.spec.source is not None]
    if not consolidated or any(w.layout for w in consolidated):
        raise NotStreamable("a consolidated sheet is laid out again")
    memory = _MEMORY.get()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        parts = sheet_parts(archive)
        pending: dict[str, _Pending] = {}
        read: list[list[str]] = []

        def strings() -> list[str]:
            if not read:
                read.append(_shared_strings(archive))
            return read[0]

        light_parts: dict[str, bytes] = {}
        for write in consolidated:
            name = parts.get(write.title)
            if name is None:
                raise NotStreamable(f"{write.title}: no such sheet")
            part = archive.read(name)
            if not (memory and memory.before.get(write.title)):  # Baulu's own last write holds none
                formulas(part)  # refuses shared and array formulas
            cut = _Cut.of(part)
            grid = _grid(write)
            marked = {split_cell(m.cell) for m in plan.marks if m.sheet == write.title}
            marked = {(r, c) for r, c in marked if r > write.header_row}
            probe = max(cut.last_row(), max(grid, default=0), *(r for r, _ in marked), write.header_row) + 2
            width = _width(grid)
            # a sheet the caller vouches was written bare (its runs are known) has no cell beyond
            beyond = {} if memory and write.title in memory.runs else _beyond(cut.rows, width, write.header_row, strings)
            pending[write.title] = _Pending(write, cut, grid, marked, probe, beyond, part, archive.getinfo(name), width)
            light_parts[name] = cut.with_rows(cut.header_rows(write.header_row) + cut.probe_rows(write.header_row, probe))
        summary = parts.get(plan.summary.title) if plan.summary is not None else None
        if summary is not None and summary not in light_parts:  # laid out anew (``apply_summary``):
            light_parts[summary] = _Cut.of(archive.read(summary)).with_rows(b"")  # its cells unread
    light = replaced(source, light_parts)
    wb: Workbook = openpyxl.load_workbook(io.BytesIO(light))
    for title, cut_at in pending.items():
        _keep_default_widths(wb[title], cut_at.cut.head)
    sheets = []
    for write in plan.sheets:
        p = pending.get(write.title) if write.spec.source is not None else None
        if p is None:
            sheets.append(write)
            continue
        sheets.append(_light_write(write, p.grid, p.marked, p.probe_row, p.width))
    apply_plan(wb, replace(plan, sheets=tuple(sheets)))
    saved = io.BytesIO()
    wb.save(saved)
    written = saved.getvalue()
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        parts = sheet_parts(archive)
        final: dict[str, bytes] = {}
        same: dict[str, tuple[bytes, zipfile.ZipInfo]] = {}
        deflated: dict[str, tuple[bytes, int, int]] = {}
        for title, p in pending.items():
            name = parts[title]
            before = _pieces_of(p, memory.segments.get(title)) if memory is not None else None
            part, last, width, rows, shape = _rows_xml(p, archive.read(name), memory.before.get(title) if memory else None,
                                                       memory.runs.get(title, []) if memory else [], before)
            final[name] = _with_dimension(part, last, width)
            if p.info is not None and final[name] == p.part:  # written as the source holds it
                same[name] = (source, p.info)
                if memory is not None and before is not None:  # the same member, so the same pieces
                    memory.written_segments[title] = before
            elif memory is not None and title in memory.cuts:
                old = stored_bytes(source, p.info) if before is not None and p.info is not None else None
                done = deflate(final[name], cut_points(final[name], memory.cuts[title]), level=PART_LEVEL,
                               before=before if old is not None else None, old_part=p.part, old_data=old or b"")
                deflated[name] = (done.data, done.crc, len(final[name]))
                memory.written_segments[title] = done.written
            if memory is not None:
                memory.after[title] = rows
                if shape is not None:
                    memory.shapes[title] = shape
    return replaced(written, final, kept=same, compressed=deflated, compresslevel=PART_LEVEL)


def _pieces_of(pending: _Pending, remembered: Segmented | None) -> Segmented | None:
    """``remembered``, if it describes the source's member of this part as it is (its CRC and sizes)."""
    info = pending.info
    if remembered is None or info is None or info.compress_type != zipfile.ZIP_DEFLATED:
        return None
    if (info.CRC, info.compress_size, info.file_size, len(pending.part)) != (
            remembered.crc, remembered.compressed_size, remembered.size, remembered.size):
        return None
    return remembered


def titles_of(data: bytes) -> list[str]:
    """The workbook's sheet titles, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = archive.read("xl/workbook.xml")
    names = re.findall(rb'<sheet\b[^>]*?\bname="([^"]*)"', book, re.S)
    return [unescape(n.decode("utf-8")) for n in names]


def sheet_formulas(data: bytes, titles: Iterable[str]) -> dict[str, dict[str, Formula]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = sheet_parts(archive)
        return {t: formulas(archive.read(parts[t])) for t in titles if t in parts}


__all__ = ["NotStreamable", "RowMemory", "Runs", "Shape", "overlay_formulas", "remembered_rows", "sheet_formulas", "sheet_parts", "streamed_apply", "titles_of"]

