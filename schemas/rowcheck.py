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
from functools import lru_cache
from typing import Any

import pandas as pd

from schemas import catalogue
from schemas.catalogue import Rule
from schemas.checks import element_rules, message_params
from schemas.coerce import coerce, looks_like_iin, looks_like_name, split_list
from schemas.columns import Column
from schemas.finding import Finding, make_finding
from schemas.headers import match_headers
from schemas.personal import find_personal, is_masked
from schemas.rows import column_index, column_letter, table_from_rows
from schemas.rules import Context, row_rules
from schemas.sheets import SheetSpec, kindergarten_sheets, master_sheets
from schemas.table import Table
from schemas.text import normalise
from schemas.validate import validate_table
from schemas.vocabulary import GROUP_KINDS, term


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
    rules: tuple[tuple[Rule, Callable[[object], bool], dict[str, Any]], ...]


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
               _rules(spec.column(key)))
        for key, letter in match.letters.items()
    )
    if len(_LAYOUTS) > 512:
        _LAYOUTS.clear()
    _LAYOUTS[(id(spec), header)] = (spec, places)
    return places


def _rules(column: Column) -> tuple[tuple[Rule, Callable[[object], bool], dict[str, Any]], ...]:
    """The column's element rules, each with the message parameters it declares."""
    return tuple((rule, test, message_params(rule, column)) for rule, test in element_rules(column))


def value_findings(
    column: Column, raw: object, *, org: str = "", sheet: str = "", row: int | None = None,
    cell: str = "", header: str = "",
) -> tuple[object, list[Finding]]:
    """The typed value of one cell and its findings: unreadable, required, or failing a column check."""
    return _value_findings(column, raw, _rules(column), org=org, sheet=sheet, row=row, cell=cell, header=header or column.kk)


def _value_findings(
    column: Column, raw: object, rules: tuple[tuple[Rule, Callable[[object], bool], dict[str, Any]], ...],
    *, org: str, sheet: str, row: int | None, cell: str, header: str,
) -> tuple[object, list[Finding]]:
    typed, rule = coerce(column, raw)
    if rule is not None:
        return None, [make_finding(rule, org=org, sheet=sheet, row=row, column=header, cell=cell, value=raw)]
    if typed is None:
        if not column.required:
            return None, []
        return None, [make_finding(catalogue.VALUE_REQUIRED, org=org, sheet=sheet, row=row, column=header, cell=cell)]
    shown = typed if column.type == "date" else raw
    return typed, [
        make_finding(rule, org=org, sheet=sheet, row=row, column=header, cell=cell, value=shown, **params)
        for rule, test, params in rules
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
    places = _layout(spec, head)
    raw_values: list[object] = []
    for place in places:
        raw = values[place.index] if place.index < len(values) else None
        raw_values.append(raw)
        if raw is not None and not (isinstance(raw, str) and not raw.strip()):
            blank = False
        typed, found = _value_findings(
            place.column, raw, place.rules, org=org, sheet=sheet, row=row,
            cell=f"{place.letter}{row}", header=place.written,
        )
        findings += found
        key = place.column.key
        record[key], letters[key], headers[key] = typed, place.letter, place.written
    if blank:
        return []
    ctx = ctx or _DEFAULT_CONTEXT
    findings += _code_findings(spec, places, raw_values, record, org=org, sheet=sheet, row=row, ctx=ctx)
    if spec.side == "kindergarten" or spec.source:  # the master's own sheets name its staff
        findings += _personal_findings(places, raw_values, org=org, sheet=sheet, row=row)
    if "org" in record or (spec.source or spec.key) in _SINGLE_ROW_RULES:
        frame = pd.DataFrame([record], index=[row], dtype=object)
        table = Table(spec, org, sheet, frame, letters, headers)
        findings += row_rules(table, ctx)
    return sorted(findings, key=lambda f: f.sort_key)


_DEFAULT_CONTEXT = Context.default()


def _code_findings(
    spec: SheetSpec, places: Sequence[_Place], raw_values: Sequence[object], record: dict[str, object], *,
    org: str, sheet: str, row: int, ctx: Context,
) -> list[Finding]:
    """Child codes against their kindergarten's format, as ``coderules.child_codes`` reads a table."""
    findings: list[Finding] = []
    for place in places:
        column, value = place.column, record.get(place.column.key)
        if column.type not in ("code", "codes") or value is None:
            continue
        fmt = ctx.code_format(record.get("org") or org)
        many = column.type == "codes"
        items = split_list(str(value)) if many else [str(value).strip()]
        wrong: list[str] = []
        where = {"org": org, "sheet": sheet, "row": row, "column": place.written, "cell": f"{place.letter}{row}"}
        for item in items:
            parsed = fmt.parse(item)
            if parsed is None:
                if not (looks_like_name(item) or looks_like_iin(item) or is_masked(item)):
                    wrong.append(item)
                continue
            kind = record.get("group_kind")
            if not many and kind in ("experimental", "control") and kind != parsed.kind:
                findings.append(make_finding(
                    catalogue.CHILD_CODE_GROUP, value=parsed.canonical, letter=fmt.letter(parsed.kind),
                    expected=fmt.letter(kind),  # type: ignore[arg-type]
                    kind_kk=term(GROUP_KINDS, str(kind)).kk, kind_ru=term(GROUP_KINDS, str(kind)).ru,
                    **where,  # type: ignore[arg-type]
                ))
        if wrong:
            findings.append(make_finding(
                catalogue.CHILD_CODE_FORMAT, value=", ".join(wrong), example=fmt.example(), prefix=fmt.prefix,
                letters=fmt.letters(), **where,  # type: ignore[arg-type]
            ))
    return findings


def _personal_findings(
    places: Sequence[_Place], raw_values: Sequence[object], *, org: str, sheet: str, row: int,
) -> list[Finding]:
    """IINs and likely full names in the row's other cells, as ``privacy.personal_findings`` finds them."""
    findings: list[Finding] = []
    for place, value in zip(places, raw_values, strict=True):
        if place.column.type in ("code", "codes") or value is None or isinstance(value, float):
            continue
        hits = find_personal(value)
        if hits:
            rule = catalogue.PERSONAL_IIN if any(h.kind == "iin" for h in hits) else catalogue.PERSONAL_NAME
            findings.append(make_finding(rule, org=org, sheet=sheet, row=row, column=place.written,
                                         cell=f"{place.letter}{row}", value=value))
    return findings


def org_of_codes(spec: SheetSpec, header: Sequence[object], rows: Sequence[Sequence[object]],
                 ctx: Context | None = None) -> str:
    """The kindergarten whose child-code format the rows' codes fit most often ("" when none fits):
    a worksheet function does not know whose sheet it is in, its codes tell."""
    ctx = ctx or _DEFAULT_CONTEXT
    places = [p for p in _layout(spec, tuple("" if v is None else str(v) for v in header))
              if p.column.type in ("code", "codes")]
    counts: dict[str, int] = {}
    starts: dict[str, int] = {}  # codes that fit no format: whose prefix they begin with
    for values in rows:
        for place in places:
            raw = values[place.index] if place.index < len(values) else None
            for item in split_list(str(raw)) if raw is not None else []:
                fits, prefixes = _fitting(item) if ctx is _DEFAULT_CONTEXT else _formats_of(item, ctx)
                for code in fits:
                    counts[code] = counts.get(code, 0) + 1
                for code in prefixes if not fits else ():
                    starts[code] = starts.get(code, 0) + 1
    chosen = counts or starts
    return max(chosen, key=lambda c: chosen[c]) if chosen else ""


def _formats_of(item: str, ctx: Context) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The organisations whose code format ``item`` fits, and those whose prefix it begins with."""
    fits = tuple(code for code, fmt in ctx.code_formats.items() if fmt.parse(item) is not None)
    folded = item.casefold()
    starts = tuple(c for c, f in ctx.code_formats.items() if f.prefix and folded.startswith(f.prefix.casefold()))
    return fits, starts


@lru_cache(maxsize=4096)
def _fitting(item: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return _formats_of(item, _DEFAULT_CONTEXT)


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
