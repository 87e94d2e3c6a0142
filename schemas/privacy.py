"""Personal data in a kindergarten's table: a finding for each cell, and the table masked. Pure.

Every cell of every column is searched (comments, evidence, titles, anything typed), except the
child-code columns, where the ``child.name`` / ``child.iin`` checks already speak. What leaves
this module — the typed table that becomes the master's consolidated rows, the statistics and
the reports — holds personal data only masked (``0203******12``, ``А*** Б***``); the raw values
stay in the kindergarten's own sheet and the snapshot store (see ``baulu redact``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import replace

import pandas as pd

from schemas import catalogue
from schemas.catalogue import Rule
from schemas.coerce import looks_like_iin, looks_like_name, split_list
from schemas.distinct import Cells, each, hits
from schemas.finding import Finding, finding_maker, make_finding
from schemas.personal import find_personal, mask_personal, mask_whole
from schemas.rows import Rows, column_letter
from schemas.sheets import FEEDBACK, INSTRUCTIONS
from schemas.table import Table
from schemas.tabs import HIDDEN_TABS

_CODE_TYPES = ("code", "codes")


def _personal_rule(value: object) -> Rule | None:
    """The rule a cell's value breaks: an IIN first, then a likely full name; None if neither."""
    if value is None or isinstance(value, float):
        return None
    hits = find_personal(value)
    if not hits:
        return None
    return catalogue.PERSONAL_IIN if any(h.kind == "iin" for h in hits) else catalogue.PERSONAL_NAME


def personal_findings(raw: Table, split: Mapping[str, Cells | None] | None = None) -> list[Finding]:
    """One finding per cell holding an IIN or a likely full name (IIN first when both); each
    distinct value of a column is searched once (``split``: the columns already split into
    their distinct values, see ``schemas.distinct.Cells``)."""
    findings: list[Finding] = []
    for key in raw.frame.columns:
        column = raw.spec.column(str(key))
        if column.type in _CODE_TYPES:
            continue
        cells = (split or {}).get(str(key))
        found = hits(_personal_rule, raw.frame[key].tolist() if cells is None else [], cells)
        if not found:
            continue
        values = raw.frame[key].tolist()
        rows = raw.frame.index.tolist()
        makers = {rule: finding_maker(rule, org=raw.org, sheet=raw.sheet_title, column=raw.header_of(column.key))
                  for rule in {rule for _, rule in found if rule is not None}}
        for i, rule in found:
            if rule is not None:  # hits gives only true answers
                r = int(str(rows[i]))
                findings.append(makers[rule](r, raw.cell(column.key, r), values[i]))
    return findings


def _mask_code(value: object) -> object:
    items = split_list(str(value))
    if any(looks_like_name(i) or looks_like_iin(i) for i in items):
        return mask_whole(value)
    return value


def _mask_cell(value: object, code: bool) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return value
    if code:
        value = _mask_code(value)
    if not find_personal(value):
        return value
    return mask_personal(value) if isinstance(value, str) else None


_SAME = object()  # a value shown as it is


def _shown(code: bool, value: object) -> object:
    if value is None or isinstance(value, float | dt.date):
        return _SAME
    shown = _mask_cell(value, code)
    return _SAME if shown is value else shown


def masked(table: Table, split: Mapping[str, Cells | None] | None = None) -> Table:
    """The typed table with personal data masked; a number that is an IIN becomes empty. Each
    distinct value of a column is looked at once (``split``: columns of the table as it is,
    already split into their distinct values)."""
    frame = table.frame.copy()
    for key in frame.columns:
        code = table.spec.column(str(key)).type in _CODE_TYPES
        cells = (split or {}).get(str(key))
        if cells is not None:  # each distinct value asked; the cells only if one is shown otherwise
            firsts = cells.answers(functools.partial(_shown, code))
            if firsts.count(_SAME) == len(firsts):
                continue
            answers = cells.spread(firsts)
        else:
            answers = each(functools.partial(_shown, code), frame[key].tolist())
            if answers.count(_SAME) == len(answers):
                continue
        values = frame[key].tolist()
        shown = [v if a is _SAME else a for v, a in zip(values, answers, strict=True)]
        frame[key] = pd.Series(shown, index=frame.index, dtype=object)
    return replace(table, frame=frame)


def personal_in_other_tabs(tabs: Mapping[str, Rows], known: Iterable[str], *, org: str) -> list[Finding]:
    """Personal data in a kindergarten's own extra tabs (a children's list added beside Baulu's):
    every cell searched, one finding per cell. Baulu's data tabs (``known``), its feedback,
    instructions and hidden tabs are not theirs to search here."""
    skip = set(known) | set(HIDDEN_TABS)
    findings: list[Finding] = []
    for title, rows in tabs.items():
        if title in skip or FEEDBACK.titles(title) or INSTRUCTIONS.titles(title):
            continue
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or isinstance(value, float | dt.date):
                    continue
                hits = find_personal(value)
                if hits:
                    rule = catalogue.PERSONAL_IIN if any(h.kind == "iin" for h in hits) else catalogue.PERSONAL_NAME
                    findings.append(make_finding(rule, org=org, sheet=title, row=r, column=column_letter(c),
                                                 cell=f"{column_letter(c)}{r}", value=value))
    return findings
