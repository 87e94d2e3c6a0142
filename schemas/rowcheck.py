"""Check one row, or one value, as a worksheet function does: fast, and by the same rules.

A whole sheet goes through ``table_from_rows`` and ``validate_table`` (pandera, lazily). A worksheet
function is called once per row, so it cannot afford pandera per call; it runs the same pieces
directly: the header match, ``coerce``, the required flag, the element rules the pandera schema is
built from (``checks.element_rules``) and the sheet's row rules. Rules that need several rows
(duplicate child codes) are the whole-sheet check's. Pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from schemas.checks import MessageParams, element_rules, message_params
from schemas.coerce import coerce
from schemas.columns import Column
from schemas.finding import Finding, make_finding
from schemas.headers import match_headers
from schemas.rows import column_index, column_letter, table_from_rows
from schemas.rules import Context, row_rules
from schemas.sheets import SheetSpec, kindergarten_sheets, master_sheets
from schemas.table import Table
from schemas.text import normalise
from schemas.validate import validate_table


def spec_titled(title: str) -> SheetSpec | None:
    """The sheet spec a title names (kk, ru, key or alias, loosely spelled), kindergarten sheets first."""
    return _SPECS_BY_TITLE.get(normalise(title))


def _titles() -> dict[str, SheetSpec]:
    found: dict[str, SheetSpec] = {}
    for spec in (*kindergarten_sheets(), *master_sheets()):
        if spec.columns:
            for spelling in spec.spellings():
                found.setdefault(normalise(spelling), spec)
    return found


_SPECS_BY_TITLE = _titles()


@dataclass(frozen=True)
class _Place:
    """One matched column of a header row: where its values are and how they are checked."""

    column: Column
    index: int
    letter: str
    written: str
    rules: tuple[tuple[str, Callable[[object], bool]], ...]
    params: MessageParams


_LAYOUTS: dict[tuple[int, tuple[str, ...]], tuple[SheetSpec, tuple[_Place, ...]]] = {}


def _layout(spec: SheetSpec, header: tuple[str, ...]) -> tuple[_Place, ...]:
    """The matched columns of a header row; worked out once per spec and header row."""
    entry = _LAYOUTS.get((id(spec), header))
    if entry is not None and entry[0] is spec:
        return entry[1]
    cells: list[tuple[str, object]] = [(column_letter(i), v or None) for i, v in enumerate(header, start=1)]
    match = match_headers(spec, cells, org="", sheet=spec.kk)
    places = tuple(
        _Place(spec.column(key), column_index(letter) - 1, letter, match.headers[key],
               tuple(element_rules(spec.column(key))), message_params(spec.column(key)))
        for key, letter in match.letters.items()
    )
    if len(_LAYOUTS) > 512:
        _LAYOUTS.clear()
    _LAYOUTS[(id(spec), header)] = (spec, places)
    return places


def value_findings(
    column: Column, raw: object, *, org: str = "", sheet: str = "", row: int | None = None,
    cell: str = "", header: str = "",
) -> tuple[object, list[Finding]]:
    """The typed value of one cell and its findings: unreadable, required, or failing a column check."""
    return _value_findings(column, raw, tuple(element_rules(column)), message_params(column),
                           org=org, sheet=sheet, row=row, cell=cell, header=header or column.kk)


def _value_findings(
    column: Column, raw: object, rules: tuple[tuple[str, Callable[[object], bool]], ...],
    params: MessageParams, *, org: str, sheet: str, row: int | None, cell: str, header: str,
) -> tuple[object, list[Finding]]:
    typed, rule = coerce(column, raw)
    if rule is not None:
        return None, [make_finding(rule, org=org, sheet=sheet, row=row, column=header, cell=cell, value=raw)]
    if typed is None:
        if not column.required:
            return None, []
        return None, [make_finding("value.required", org=org, sheet=sheet, row=row, column=header, cell=cell)]
    shown = typed if column.type == "date" else raw
    return typed, [
        make_finding(rule, org=org, sheet=sheet, row=row, column=header, cell=cell, value=shown, **params)
        for rule, test in rules
        if not test(typed)
    ]


# Rules of these sheets can fire on a single row; the monitoring sheet's need several rows.
_SINGLE_ROW_RULES = frozenset({"plan_status", "contest_results"})


def check_row(
    spec: SheetSpec, header: Sequence[object], values: Sequence[object], *, row: int = 2,
    org: str = "", title: str = "", ctx: Context | None = None,
) -> list[Finding]:
    """Every finding about one row of ``spec``'s sheet, its header row given as written.

    Columns the header row does not show are not checked, nor rules that need several rows
    (duplicate child codes): the whole-sheet check reports those.
    """
    sheet = title or spec.kk
    head = tuple("" if v is None else str(v) for v in header)
    findings: list[Finding] = []
    record: dict[str, object] = {}
    letters: dict[str, str] = {}
    headers: dict[str, str] = {}
    blank = True
    for place in _layout(spec, head):
        raw = values[place.index] if place.index < len(values) else None
        if raw is not None and not (isinstance(raw, str) and not raw.strip()):
            blank = False
        typed, found = _value_findings(
            place.column, raw, place.rules, place.params, org=org, sheet=sheet, row=row,
            cell=f"{place.letter}{row}", header=place.written,
        )
        findings += found
        key = place.column.key
        record[key], letters[key], headers[key] = typed, place.letter, place.written
    if blank:
        return []
    if "org" in record or (spec.source or spec.key) in _SINGLE_ROW_RULES:
        frame = pd.DataFrame([record], index=[row], dtype=object)
        table = Table(spec, org, sheet, frame, letters, headers)
        findings += row_rules(table, ctx or _DEFAULT_CONTEXT)
    return sorted(findings, key=lambda f: f.sort_key)


_DEFAULT_CONTEXT = Context.default()


def check_rows(
    spec: SheetSpec, header: Sequence[object], rows: Sequence[Sequence[object]], *, org: str = "",
    title: str = "", ctx: Context | None = None,
) -> list[list[Finding]]:
    """The findings of each of several rows, through the whole-sheet check (pandera, row rules).

    The header is sheet row 1 and ``rows[i]`` sheet row ``i + 2``; header findings are not the rows'.
    """
    raw, _ = table_from_rows([list(header), *rows], spec, org=org, title=title or spec.kk)
    _, findings = validate_table(raw, ctx or _DEFAULT_CONTEXT)
    per_row: list[list[Finding]] = [[] for _ in rows]
    for f in findings:
        if f.row is not None and 2 <= f.row < 2 + len(rows):
            per_row[f.row - 2].append(f)
    return per_row
