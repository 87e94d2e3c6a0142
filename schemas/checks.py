"""pandera schemas built from the sheet specs, and their failure cases turned into findings."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import pandera.pandas as pa

from schemas import catalogue
from schemas.catalogue import Rule
from schemas.coerce import is_email, looks_like_iin, looks_like_name, looks_like_url, split_list
from schemas.columns import Column
from schemas.distinct import Cells, distinct, each
from schemas.finding import Finding, make_finding
from schemas.sheets import SheetSpec
from schemas.table import Table

PILOT_START = dt.date(2026, 1, 1)
EARLY_START = dt.date(2025, 12, 1)
PILOT_END = dt.date(2026, 12, 31)

# pandera's built-in check names, mapped to our rules
_BUILTIN = {"not_nullable": catalogue.VALUE_REQUIRED}


def _element(rule: Rule, fn: Callable[[object], bool]) -> pa.Check:
    """A pandera check named by its rule's code (pandera reports failures by that name)."""
    return pa.Check(_remembered(fn), element_wise=False, name=rule.code, error=rule.code)


def _remembered(fn: Callable[[object], bool]) -> Callable[[pd.Series], pd.Series]:
    """``fn`` of each cell of a column (the cells pandera checks: empty ones dropped), asked once
    per distinct value: a column repeats the same few labels, levels, codes."""

    def check(column: pd.Series) -> pd.Series:
        return pd.Series(each(fn, column.tolist()), index=column.index, name=column.name)

    return check


def _no_child_names(value: object) -> bool:
    return not any(looks_like_name(p) for p in split_list(str(value)))


def _no_iin(value: object) -> bool:
    text = str(value)
    if sum(map(str.isdigit, text)) < 12:  # an IIN has twelve digits (str.isdigit counts all that \d matches)
        return True
    return not any(looks_like_iin(p) for p in split_list(text))


def _one_of(keys: set[str]) -> Callable[[object], bool]:
    return lambda value: value in keys


def _in_pilot(start: dt.date) -> Callable[[object], bool]:
    return lambda value: isinstance(value, dt.date) and start <= value <= PILOT_END


def element_rules(column: Column) -> list[tuple[Rule, Callable[[object], bool]]]:
    """Each (rule, test) a typed value of the column must pass; the pandera checks are built from these."""
    rules: list[tuple[Rule, Callable[[object], bool]]] = []
    if column.type == "enum":
        rules.append((catalogue.VALUE_CHOICE, _one_of({t.key for t in column.vocabulary()})))
    elif column.type == "level":
        rules.append((catalogue.VALUE_LEVEL, lambda v: v in (1, 2, 3)))
    elif column.type == "count":
        rules.append((catalogue.VALUE_NEGATIVE, lambda v: isinstance(v, int) and v >= 0))
    elif column.type == "date":
        rules.append((catalogue.DATE_OUT_OF_PILOT, _in_pilot(EARLY_START if column.early_dates else PILOT_START)))
    elif column.type == "url":
        rules.append((catalogue.TYPE_URL, lambda v: looks_like_url(str(v))))
    elif column.type in ("code", "codes"):
        rules.append((catalogue.CHILD_IIN, _no_iin))
        rules.append((catalogue.CHILD_NAME, _no_child_names))
    elif column.type == "emails":
        rules.append((catalogue.TYPE_EMAIL, lambda v: all(is_email(p) for p in split_list(str(v)))))
    return rules


def column_checks(column: Column) -> list[pa.Check]:
    return [_element(rule, fn) for rule, fn in element_rules(column)]


def build_schema(spec: SheetSpec) -> pa.DataFrameSchema:
    """The pandera schema of a sheet: one column per spec column, every check named by its rule."""
    return pa.DataFrameSchema(
        {
            c.key: pa.Column(object, nullable=not c.required, required=False, checks=column_checks(c))
            for c in spec.columns
        },
        strict=False,
        coerce=False,
    )


@functools.lru_cache(maxsize=256)
def _schema(spec: SheetSpec, keep: tuple[str, ...]) -> pa.DataFrameSchema:
    """:func:`build_schema` of ``spec`` cut to the columns ``keep``, built once per process (building
    and cutting a pandera schema copies every column and check; validating does not change it)."""
    schema = build_schema(spec)
    return schema.select_columns(list(keep)) if len(keep) < len(schema.columns) else schema


@functools.lru_cache(maxsize=1024)
def _tests(column: Column) -> tuple[Callable[[object], bool], ...]:
    """The tests of :func:`element_rules`, made once per column."""
    return tuple(fn for _, fn in element_rules(column))


def schema_findings(coerced: Table, raw: Table, skip: set[tuple[int, str]],
                    split: Mapping[str, Cells | None] | None = None) -> list[Finding]:
    """Validate lazily and turn each failure case into a finding at its sheet row and cell.

    ``skip`` holds (row, column key) pairs already reported (a value that could not be read);
    ``split``: the coerced table's columns split into their distinct values, where known.
    """
    if split:
        found = _split_findings(coerced, raw, skip, split)
        if found is not None:
            return found
    # pandera is asked about the columns where it can find something: a column whose every
    # distinct value passes its checks (and that needs no value or has every one) has no failure
    # case, so leaving it out changes no finding
    keep = tuple(key for key in dict.fromkeys(coerced.spec.column_keys())
                 if key in coerced.frame.columns and _may_fail(coerced.spec.column(key), coerced.frame[key]))
    if not keep:
        return []
    cases = _cases(coerced, keep)
    findings: list[Finding] = []
    for key, rule, index in cases:
        if index is None or pd.isna(index) or key not in coerced.letters:  # type: ignore[call-overload]
            continue
        row = int(index)  # type: ignore[call-overload]
        if (row, key) in skip:
            continue
        column = coerced.spec.column(key)
        findings.append(make_finding(
            rule, org=coerced.org, sheet=coerced.sheet_title, row=row, column=coerced.header_of(key),
            cell=coerced.cell(key, row),
            value=coerced.frame.at[row, key] if column.type == "date" else raw.frame.at[row, key],
            **message_params(rule, column),
        ))
    return findings


def _split_findings(coerced: Table, raw: Table, skip: set[tuple[int, str]],
                    split: Mapping[str, Cells | None]) -> list[Finding] | None:
    """:func:`schema_findings` from the columns split into their distinct values: each check
    asked once per distinct value — whether a column may fail and which cells do, in one pass —
    and only the failing cells visited, found in the order :func:`direct_cases` gives them. None
    where that cannot be vouched for (as :func:`direct_cases` says), or a column is not split."""
    frame = coerced.frame
    if not frame.index.is_unique:
        return None
    found: list[tuple[str, Rule, list[int]]] = []
    for key in dict.fromkeys(coerced.spec.column_keys()):
        if key not in frame.columns:
            continue
        cells = split.get(key)
        if cells is None or frame[key].dtype != object or not {type(v) for v in cells.firsts} <= _PLAIN_TYPES:
            return None
        column = coerced.spec.column(key)
        empty = [_is_empty(v) for v in cells.firsts]
        failing: list[tuple[Rule, list[bool]]] = []
        for rule, test in element_rules(column):
            try:
                failing.append((rule, [not gap and not test(v) for v, gap in zip(cells.firsts, empty, strict=True)]))
            except Exception:  # pandera says what a check cannot answer its own way
                return None
        if column.required and any(empty):
            found.append((key, catalogue.VALUE_REQUIRED, cells.where(empty)))
        found += [(key, rule, cells.where(fails)) for rule, fails in failing if any(fails)]
    rows = frame.index.tolist()
    findings: list[Finding] = []
    for key, rule, positions in found:
        if key not in coerced.letters:
            continue
        column = coerced.spec.column(key)
        values = frame[key].tolist() if column.type == "date" else raw.frame[key].tolist()
        for i in positions:
            index = rows[i]
            if index is None or pd.isna(index):
                continue
            row = int(index)
            if (row, key) in skip:
                continue
            findings.append(make_finding(
                rule, org=coerced.org, sheet=coerced.sheet_title, row=row, column=coerced.header_of(key),
                cell=coerced.cell(key, row), value=values[i], **message_params(rule, column),
            ))
    return findings


def _cases(coerced: Table, keep: tuple[str, ...]) -> list[tuple[str, Rule, object]]:
    """(column key, rule, row) of each failure: pandera's failure cases, or the same found
    directly (:func:`direct_cases`) where that can be vouched for (in another order)."""
    direct = direct_cases(coerced, keep)
    if direct is not None:
        return direct
    try:
        _schema(coerced.spec, keep).validate(coerced.frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return [(str(case.column), _BUILTIN.get(str(case.check)) or catalogue.by_code(str(case.check)), case.index)
                for case in errors.failure_cases.itertuples(index=False)]
    return []


_PLAIN_TYPES = frozenset({str, int, bool, float, dt.date, dt.datetime, type(None)})


def direct_cases(coerced: Table, keep: tuple[str, ...]) -> list[tuple[str, Rule, object]] | None:
    """The failure cases pandera's lazy validation of the columns ``keep`` reports, found without
    it (not in pandera's order: the findings are sorted by row, cell and rule): an empty cell of a
    column that needs a value (``not_nullable``), each value a check rejects; empty cells are not
    asked (pandera drops them). Each distinct value is asked once. None — pandera is asked — where
    this could differ: a value of another kind than text, number, true/false or date, a check that
    raises, rows numbered twice, a column of another dtype than ``object``."""
    frame = coerced.frame
    if not frame.index.is_unique:
        return None
    rows = frame.index.tolist()
    cases: list[tuple[str, Rule, object]] = []
    for key in keep:
        cells = frame[key]
        if cells.dtype != object:
            return None
        values = cells.tolist()
        if not {type(v) for v in values} <= _PLAIN_TYPES:
            return None
        column = coerced.spec.column(key)
        empty = each(_is_empty, values)
        if column.required:
            cases += [(key, catalogue.VALUE_REQUIRED, row) for row, gap in zip(rows, empty, strict=True) if gap]
        for rule, test in element_rules(column):
            try:
                answers = each(lambda v, test=test: _is_empty(v) or test(v), values)  # type: ignore[misc]
            except Exception:  # pandera says what a check cannot answer its own way
                return None
            cases += [(key, rule, row) for row, gap, ok in zip(rows, empty, answers, strict=True)
                      if not gap and not ok]
    return cases


def _is_empty(value: object) -> bool:
    """pandas' missing value, for the plain kinds of :data:`_PLAIN_TYPES`."""
    return value is None or (type(value) is float and math.isnan(value))  # type: ignore[arg-type]


def _may_fail(column: Column, cells: pd.Series) -> bool:
    """Whether pandera could report anything about this column: a column of another dtype than
    ``object``, an empty cell where a value is required, or a value that one of the column's checks
    rejects (each distinct value asked once; empty cells, which pandera leaves out, skipped)."""
    if cells.dtype != object:
        return True
    values = distinct(cells.tolist())
    if values is None:  # a value that cannot be hashed: let pandera look
        return True
    if column.required and any(_maybe_null(v) for v in values):
        return True
    tests = _tests(column)
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        for test in tests:
            try:
                if not test(value):
                    return True
            except Exception:  # pandera reports what a check cannot answer
                return True
    return False


def _maybe_null(value: object) -> bool:
    """True for every value pandas counts as missing (and, where unsure, for others)."""
    if value is None:
        return True
    if type(value) in (str, int, bool, dt.date, dt.datetime):
        return False
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return True


def message_params(rule: Rule, column: Column) -> dict[str, Any]:
    """The template parameters a column check's rule declares."""
    if rule is catalogue.VALUE_CHOICE:
        return {"choices_kk": ", ".join(column.choices("kk")), "choices_ru": ", ".join(column.choices("ru"))}
    if rule is catalogue.DATE_OUT_OF_PILOT:
        return {"start": (EARLY_START if column.early_dates else PILOT_START).strftime("%d.%m.%Y")}
    return {}
