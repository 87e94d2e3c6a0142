"""Generated kindergarten sheets: arbitrary cells, header drift, tab changes. Nothing crashes, every
wrong cell is a finding at its cell, every row with data is kept, and nothing a kindergarten typed
is ever written as a formula.

Each example is one kindergarten's spreadsheet as a backend pulls it (tab title → rows): its data
tabs (each may be missing, renamed to its Russian title, key or alias, spelled loosely), extra tabs
of its own, header rows moved down, columns dropped, reordered and respelled, foreign columns, and
rows whose cells are valid values, wrong ones, blanks or anything at all (formula payloads,
control characters, numbers, dates). The default run checks 1,000 spreadsheets (the issue's floor;
300 of them held 1,470 tabs, 1,058 of them data tabs Baulu recognises, 6,672 planted cells of which
1,181 wrong); ``make stress`` runs
4,000 spreadsheets with fresh random seeds (``BAULU_STRESS=1``); ``BAULU_FUZZ_EXAMPLES=N`` runs N.
1,000 spreadsheets cost about 130 s of CPU on the shared 2-core machine (checking 57 ms each,
mostly pandera; applying the plans 27 ms; generating 41 ms), so the default stays 300.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cache

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import Cell

from schemas.analytics.calendar import DEFAULT_DEADLINES
from schemas.analytics.dashboard import dashboard
from schemas.analytics.inputs import pilot_data
from schemas.check import check_kindergarten_tabs
from schemas.coerce import looks_like_url
from schemas.columns import Column
from schemas.finding import Finding
from schemas.given import given_records
from schemas.rows import column_letter
from schemas.sheets import KINDERGARTEN_SHEETS, SheetSpec
from schemas.text import normalise
from schemas.vocabulary import DEFAULT_INDICATORS, find_term
from sync.consolidate import Consolidated, Source, consolidate
from sync.plan_kindergarten import plan_kindergarten
from sync.plan_master import plan_master
from workbook.apply import apply_sheet

STRESS = os.environ.get("BAULU_STRESS") == "1"
EXAMPLES = int(os.environ.get("BAULU_FUZZ_EXAMPLES", 4000 if STRESS else 1000))

PAYLOADS = ("=1+1", "+1+1", "-1+1", "@SUM(1,1)", "\t=1+1", "\r=1+1", "＝1+1", "=cmd|' /C calc'!A0",
            "#N/A", "1-2", "00123", "1e5", "12/03", "TRUE", "=HYPERLINK(\"http://x\",\"y\")")
JUNK_TABS = ("Sheet1", "Парақ2", "Лист3", "мои заметки", "=1+1", "Жоспар (ескі)")
JUNK_HEADERS = ("Қосымша", "Примечание 2", "=cmd|' /C calc'!A0", "@SUM(A1)", "x")

Kind = str  # "good" | "bad" | "any" | "blank"
_KINDS = st.sampled_from(["good", "good", "blank", "any"])
_KINDS_WITH_BAD = st.sampled_from(["good", "good", "blank", "any", "bad"])


@dataclass
class Planted:
    """What was generated, to judge the result by."""

    tabs: dict[str, list[list[object]]] = field(default_factory=dict)
    recognised: dict[str, str] = field(default_factory=dict)  # spec key -> tab title
    cells: dict[tuple[str, str], tuple[str, Kind]] = field(default_factory=dict)  # (title, A1) -> (key, kind)
    rows: dict[str, set[int]] = field(default_factory=dict)  # spec key -> sheet rows with data


# --------------------------------------------------------------------------- values by column type

_TEXT = st.text(max_size=40)
_ANY = st.one_of(
    _TEXT, st.sampled_from(PAYLOADS), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=False), st.booleans(),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
)
_DATES_2026 = st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
_NOT_2026 = st.one_of(st.dates(dt.date(1990, 1, 1), dt.date(2024, 12, 31)),
                      st.dates(dt.date(2027, 1, 1), dt.date(2100, 12, 31)))


def _variants(texts: list[str]) -> list[str]:
    """Each text as typed, upper case, lower case and with blanks around (strategies are built
    once per column and drawn from many times: building them per cell cost more than checking)."""
    return [v for text in texts for v in (text, text.upper(), text.lower(), f"  {text} ")]


@cache
def _cased(texts: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(_variants(list(texts)))


@cache
def good(column: Column) -> st.SearchStrategy[object]:
    match column.type:
        case "count":
            return st.one_of(st.integers(0, 500), st.integers(0, 500).map(str), st.just("1 200"))
        case "level":
            return st.one_of(st.integers(1, 3), st.sampled_from(["1", "2", "3", "жоғары", "низкий"]))
        case "date":
            return st.one_of(_DATES_2026, _DATES_2026.map(lambda d: d.strftime("%d.%m.%Y")),
                             _DATES_2026.map(lambda d: dt.datetime(d.year, d.month, d.day)))
        case "enum":
            terms = column.vocabulary()
            return _cased(tuple(s for t in terms for s in (t.kk, t.ru, t.key)))
        case "url":
            return st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True).map(lambda s: f"https://example.org/{s}")
        case "code":
            return st.builds(lambda g, n: f"47-{g}-{n:02d}", st.sampled_from("ЭБ"), st.integers(1, 40))
        case "codes":
            return st.lists(st.integers(1, 40), min_size=1, max_size=3).map(
                lambda ns: ", ".join(f"47-Э-{n:02d}" for n in ns))
        case _:
            return _TEXT.filter(lambda t: bool(t.strip()))


@cache
def bad(column: Column) -> st.SearchStrategy[object] | None:
    """Values that must each be a finding at their cell; None where every value is acceptable."""
    match column.type:
        case "count":
            return st.one_of(st.integers(max_value=-1), st.sampled_from(["көп", "x1", "1.5", "2,75"]))
        case "level":
            return st.one_of(st.integers().filter(lambda n: n not in (1, 2, 3)),
                             st.sampled_from(["x", "2.5", "өте жақсы"]))
        case "date":  # before December 2025 or after 2026: outside the pilot even for early dates
            return st.one_of(_NOT_2026, st.sampled_from(["ертең", "32.13.2026", "2026"]))
        case "enum":
            return _TEXT.filter(lambda t: bool(t.strip()) and find_term(column.vocabulary(), t) is None)
        case "url":
            return _TEXT.filter(lambda t: bool(t.strip()) and not looks_like_url(t))
        case "code" | "codes":
            return st.sampled_from(["Асанов Нұрлан", "Айша", "060315500123", "Иванова Мария"])
        case _:
            return None


# --------------------------------------------------------------------------- one spreadsheet


@cache
def _spellings(spec: SheetSpec, column: Column) -> list[str]:
    """The spellings of a column's header that header matching maps back to this column (the
    first column of the spec that has a spelling wins it)."""
    def owner(spelling: str) -> str:
        wanted = normalise(spelling)
        return next(c.key for c in spec.columns if any(normalise(s) == wanted for s in c.spellings()))
    return [s for s in column.spellings() if owner(s) == column.key]


@st.composite
def kindergarten(draw: st.DrawFn) -> Planted:
    planted = Planted()
    for spec in KINDERGARTEN_SHEETS:
        change = draw(st.sampled_from(["kept", "kept", "kept", "respelled", "missing", "junk"]))
        if change == "missing":
            continue
        if change == "junk":
            planted.tabs.setdefault(draw(st.sampled_from(JUNK_TABS)), [["x", "y"], [1, 2]])
            continue
        title = spec.kk if change == "kept" else draw(_cased(tuple(spec.spellings())))
        if title in planted.tabs:
            continue
        columns = draw(st.lists(st.sampled_from(spec.columns), min_size=2, max_size=len(spec.columns),
                                unique_by=lambda c: c.key))
        headers: list[object] = [draw(_cased(tuple(_spellings(spec, c)))) for c in columns]
        if draw(st.booleans()):
            at = draw(st.integers(0, len(headers)))
            headers.insert(at, draw(st.sampled_from(JUNK_HEADERS)))
            columns.insert(at, None)  # type: ignore[arg-type]
        top = draw(st.integers(1, 3))
        rows: list[list[object]] = [[None] * len(headers) for _ in range(top - 1)]
        rows.append(headers)
        planted.recognised[spec.key] = title
        planted.rows[spec.key] = set()
        for number in range(top + 1, top + 1 + draw(st.integers(0, 4))):
            line: list[object] = []
            for index, column in enumerate(columns, start=1):
                if column is None:
                    line.append(draw(_ANY))
                    continue
                wrong = bad(column)
                kind = draw(_KINDS if wrong is None else _KINDS_WITH_BAD)
                value: object = None
                if kind == "good":
                    value = draw(good(column))
                elif kind == "any":
                    value = draw(_ANY)
                elif kind == "bad" and wrong is not None:
                    value = draw(wrong)
                line.append(value)
                if kind != "blank":
                    planted.cells[(title, f"{column_letter(index)}{number}")] = (column.key, kind)
            if any(_filled(v) for v, c in zip(line, columns, strict=True) if c is not None):
                planted.rows[spec.key].add(number)
            rows.append(line)
        planted.tabs[title] = rows
    for extra in draw(st.lists(st.sampled_from(JUNK_TABS), max_size=2, unique=True)):
        planted.tabs.setdefault(extra, [[draw(_ANY) for _ in range(3)] for _ in range(2)])
    return planted


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


# --------------------------------------------------------------------------- the properties

_BOARD = dashboard(pilot_data({}, {}), now=dt.datetime(2026, 10, 1, tzinfo=dt.UTC), deadlines=DEFAULT_DEADLINES)
"""The summary's data, which is not applied here: only the sheets' writes are."""


def _no_formula_written(planted: Planted, findings: list[Finding], gathered: Consolidated,
                        source: Source) -> None:
    """The round's plans for the master and for the kindergarten, applied by the openpyxl applier
    to fresh workbooks: every value that is text is a string cell, none a formula (the master's
    summary, Baulu's own formulas, is not applied here)."""
    master = plan_master([], {}, indicators=DEFAULT_INDICATORS, names={"47": "47"}, gathered=gathered,
                         sources=[source], findings=findings, lang="kk", board=_BOARD)
    given = given_records([], [])
    own = plan_kindergarten("47", planted.tabs, findings, given, lang="kk")
    for plan in (master, own):
        wb = openpyxl.Workbook()
        for write in plan.sheets:
            apply_sheet(wb, write, lang=plan.lang)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell, Cell) and cell.value is not None:
                        assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                        if isinstance(cell.value, str):
                            assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not STRESS,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(kindergarten())
def test_generated_kindergarten_sheets(planted: Planted) -> None:
    checked = check_kindergarten_tabs(planted.tabs, org="47")

    at = {(f.sheet, f.cell) for f in checked.findings}
    missing = {f.sheet for f in checked.findings if f.rule == "sheet.missing"}
    for spec in KINDERGARTEN_SHEETS:
        if spec.key not in planted.recognised:
            assert spec.kk in missing, spec.key
    for (title, cell), (key, kind) in planted.cells.items():
        if kind == "bad":
            assert (title, cell) in at, (title, cell, key)
    for key, title in planted.recognised.items():
        table = checked.tables[key]
        assert table.sheet_title == title
        assert planted.rows[key] <= set(int(r) for r in table.frame.index), key
        for (cell_title, cell), (column_key, kind) in planted.cells.items():
            if cell_title != title or kind != "good":
                continue
            row = int("".join(ch for ch in cell if ch.isdigit()))
            assert table.frame.at[row, column_key] is not None, (title, cell, column_key)

    source = Source("47", "kindergartens/47.xlsx", 1, "2026-03-01T09:00:00+00:00", False, checked.tables)
    gathered = consolidate([source], KINDERGARTEN_SHEETS)
    for key, title in planted.recognised.items():  # every row with data reaches the master's records
        for row in planted.rows[key]:
            target, position = gathered.origin[("47", title, row)]
            assert gathered.records[target][position]["source_cell"].endswith(f" › {title} › {row}")
    _no_formula_written(planted, checked.findings, gathered, source)
