"""Validate one table: coerce every cell, run the pandera schema, then the cross-row rules."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from schemas import catalogue
from schemas.catalogue import Rule
from schemas.celltext import EXCEL_CELL_LIMIT, has_illegal_characters, writable_text
from schemas.checks import schema_findings
from schemas.coderules import split_child_codes
from schemas.coerce import coerce
from schemas.distinct import Cells, each, hits
from schemas.finding import Finding, finding_maker, make_finding
from schemas.personal import mask_personal
from schemas.privacy import masked, personal_findings
from schemas.rows import object_frame
from schemas.rules import Context, row_rules
from schemas.table import Table

Split = Mapping[str, "Cells | None"]
"""Each column's cells split into distinct values (``schemas.distinct.Cells``), by column key."""


def split_columns(table: Table) -> dict[str, Cells | None]:
    """Each column of the table split once, for every check that asks about its cells."""
    return {str(key): Cells.of(table.frame[key].tolist()) for key in table.frame.columns}


def coerce_table(raw: Table) -> tuple[Table, list[Finding], set[tuple[int, str]]]:
    """Typed values for every cell; a cell that cannot be read becomes a finding and stays empty.
    Each distinct value of a column is coerced once (a column repeats its values)."""
    typed, findings, failed, _ = _coerce_table(raw, {})
    return typed, findings, failed


def _coerce_table(raw: Table, split: Split) -> tuple[Table, list[Finding], set[tuple[int, str]], Split]:
    """``coerce_table``, with each column's cells split (``split``) where known; also gives the
    typed columns split the same way (a typed cell's value is a function of its raw value)."""
    findings: list[Finding] = []
    failed: set[tuple[int, str]] = set()
    data: dict[str, Sequence[object] | npt.NDArray[np.object_]] = {}
    typed_split: dict[str, Cells | None] = {}
    rows = raw.frame.index.tolist()
    for key in raw.frame.columns:
        column = raw.spec.column(str(key))
        known = split.get(str(key))
        if known is not None:  # each distinct value coerced once, the cells given theirs in C
            answers = known.answers(functools.partial(coerce, column))
            typed_split[str(key)] = typed = known.mapped([value for value, _ in answers])
            data[str(key)] = typed.cells()
            unread = known.where([rule for _, rule in answers])
            if unread:
                cells = raw.frame[key].tolist()
                rules = [(i, answers[first][1]) for i, first in zip(unread, known.at[unread].tolist(), strict=True)]
                findings += _unread(raw, column.key, rows, cells, rules, failed)
            continue
        cells = raw.frame[key].tolist()
        coerced = each(functools.partial(coerce, column), cells)
        if any(map(itemgetter(1), coerced)):  # a rule: a cell that could not be read
            findings += _unread(raw, column.key, rows, cells, [(i, rule) for i, (_, rule) in enumerate(coerced)],
                                failed)
        data[str(key)] = list(map(itemgetter(0), coerced))
    frame = object_frame(list(data.values()), raw.frame.index, list(data))
    return replace(raw, frame=frame), findings, failed, typed_split


def _unread(raw: Table, key: str, rows: Sequence[object], cells: Sequence[object],
            rules: Sequence[tuple[int, Rule | None]], failed: set[tuple[int, str]]) -> list[Finding]:
    """A finding for each cell (by position) that could not be read, and its (row, key) in ``failed``."""
    findings: list[Finding] = []
    makers: dict[str, Callable[[int | None, str, object], Finding]] = {}
    for i, rule in rules:
        if rule is None:
            continue
        r = int(str(rows[i]))
        failed.add((r, key))
        if rule.code not in makers:
            makers[rule.code] = finding_maker(rule, org=raw.org, sheet=raw.sheet_title, column=raw.header_of(key))
        findings.append(makers[rule.code](r, raw.cell(key, r), cells[i]))
    return findings


QUOTED = 60
"""How much of a too-long text a finding quotes."""


def _unwritable(value: object) -> tuple[bool, bool] | None:
    """Whether a text is too long for a cell, and whether it holds control characters (None: fine)."""
    if not isinstance(value, str):
        return None
    too_long, illegal = len(value) > EXCEL_CELL_LIMIT, has_illegal_characters(value)
    return (too_long, illegal) if too_long or illegal else None


def text_findings(raw: Table, split: Split | None = None) -> list[Finding]:
    """Text a spreadsheet cell cannot hold as it is: longer than Excel's 32,767 characters, or
    with control characters. The master and the feedback show it cut or with U+FFFD; the store
    keeps it whole; never a silent change. The finding quotes the text's beginning, personal data
    masked. Each distinct value of a column is looked at once."""
    findings: list[Finding] = []
    for key in raw.frame.columns:
        cells = (split or {}).get(str(key))
        found = hits(_unwritable, raw.frame[key].tolist() if cells is None else [], cells)
        if not found:
            continue
        values = raw.frame[key].tolist()
        rows = raw.frame.index.tolist()
        for i, answer in found:
            too_long, illegal = answer or (False, False)  # hits gives only true answers
            row, value = rows[i], values[i]
            quoted = writable_text(str(mask_personal(value))[:QUOTED])
            if too_long:
                findings.append(_text_finding(raw, str(key), int(str(row)), catalogue.VALUE_TOO_LONG, quoted + "…",
                                              length=len(str(value)), limit=EXCEL_CELL_LIMIT))
            if illegal:
                findings.append(_text_finding(raw, str(key), int(str(row)), catalogue.VALUE_CONTROL_CHARS, quoted))
    return findings


def _text_finding(raw: Table, key: str, row: int, rule: Rule, shown: str, **params: Any) -> Finding:
    return make_finding(rule, org=raw.org, sheet=raw.sheet_title, row=row, column=raw.header_of(key),
                        cell=raw.cell(key, row), value=shown, **params)


def validate_table(raw: Table, ctx: Context | None = None) -> tuple[Table, list[Finding]]:
    """The coerced table and every finding about it, in sheet order.

    Child codes come out in their kindergarten's canonical spelling, and personal data (IINs,
    likely full names) only masked: the table is what the master and the reports may show.
    """
    ctx = ctx or Context.default()
    split = split_columns(raw)  # each column read once for all the checks that follow
    coerced, findings, failed, typed_split = _coerce_table(raw, split)
    findings += text_findings(raw, split)
    findings += schema_findings(coerced, raw, failed, typed_split)
    coerced, found, code_split = split_child_codes(coerced, ctx, typed_split)
    findings += found
    # child codes were rewritten in their canonical spelling: their columns as they are now (not
    # split where the codes were read cell by cell)
    now = {**{k: c for k, c in typed_split.items() if raw.spec.column(k).type not in ("code", "codes")},
           **code_split}
    findings += row_rules(coerced, ctx, now)
    if raw.spec.side == "kindergarten" or raw.spec.source:  # the master's own sheets name its staff
        findings += personal_findings(raw, split)
        coerced = masked(coerced, now)
    return coerced, sorted(findings, key=lambda f: f.sort_key)
