"""Rules across rows and sheets, beyond what one cell's pandera check can see. Pure functions."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from schemas import catalogue
from schemas.catalogue import Rule
from schemas.childcode import CodeFormat, code_key
from schemas.distinct import Cells, each
from schemas.finding import Finding, make_finding
from schemas.personal import is_masked
from schemas.seed import CONTESTS, ORGANISATIONS, preschool_items
from schemas.table import Table
from schemas.vocabulary import MONTHS, PERIODS, find_term, term

Split = Mapping[str, "Cells | None"]
"""Each column's cells split into distinct values (``schemas.distinct.Cells``), by column key."""


@dataclass(frozen=True)
class Context:
    """What the master says, against which kindergarten sheets are checked."""

    orgs: frozenset[str]
    contest_months: dict[str, int | None]
    plan_items: frozenset[str]
    code_formats: Mapping[str, CodeFormat] = field(default_factory=dict)
    """Each organisation's child-code format (the org code and «Э/Б» where the master says none)."""

    @classmethod
    def default(cls) -> Context:
        return cls(
            orgs=frozenset(o.code for o in ORGANISATIONS),
            contest_months={c.code: c.month for c in CONTESTS},
            plan_items=frozenset(p.item_id for p in preschool_items()),
            code_formats={o.code: CodeFormat.from_cells(o.child_prefix, o.child_letters, org=o.code)
                          for o in ORGANISATIONS},
        )

    def code_format(self, org: object) -> CodeFormat:
        return self.code_formats.get(str(org)) or CodeFormat(str(org))


def _rows(table: Table, *keys: str) -> Iterable[tuple[int, dict[str, object]]]:
    frame = table.frame
    columns = [frame[k].tolist() if k in frame.columns else [None] * len(frame) for k in keys]
    for row, *values in zip(frame.index, *columns, strict=True):
        yield int(row), {k: _clean(v) for k, v in zip(keys, values, strict=True)}


_PLAIN = frozenset({str, int, bool, dt.date, dt.datetime})


def _clean(value: object) -> object:
    if value is None:
        return None
    if type(value) in _PLAIN:  # never missing: spare pandas the question
        return value
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return None
    except (TypeError, ValueError):
        pass
    return value


def _finding(table: Table, rule: Rule, row: int, key: str, value: object, **params: Any) -> Finding:
    return make_finding(
        rule, org=table.org, sheet=table.sheet_title, row=row,
        column=table.header_of(key) if key in table.spec.column_keys() else key,
        cell=table.cell(key, row), value=value, **params,
    )


def _child_row(table: Table, findings: list[Finding], seen: dict[tuple[object, str, object], list[int]],
               kinds: dict[tuple[object, str], object], at: tuple[object, str, object], row: int, code: object,
               kind: object) -> None:
    """One monitoring row's child: a duplicate of the same child in the same period, or a group kind
    other than its first row's (``seen`` and ``kinds`` carry what earlier rows held)."""
    org, key, period = at
    rows = seen[at]
    rows.append(row)
    if len(rows) > 1:
        found = find_term(PERIODS, period or "")
        findings.append(_finding(
            table, catalogue.CHILD_DUPLICATE, row, "child_code", code,
            period_kk=found.kk if found else period, period_ru=found.ru if found else period,
            rows=", ".join(map(str, rows)),
        ))
    if kind is None:
        return
    first = kinds.setdefault((org, key), kind)
    if first != kind:
        findings.append(_finding(table, catalogue.CHILD_GROUP_CONFLICT, row, "group_kind", code))


def org_rules(table: Table, ctx: Context, split: Split | None = None) -> list[Finding]:
    """Every row's organisation exists (consolidated sheets carry an ``org`` column); ``split``:
    the table's columns split into their distinct values, where known."""
    if "org" not in table.frame.columns:
        return []
    cells = (split or {}).get("org")
    if cells is not None:  # each distinct organisation asked once, only the rows of unknown ones visited
        cleaned = cells.answers(_clean)
        positions = cells.where([org is not None and str(org) not in ctx.orgs for org in cleaned])
        rows = table.frame.index.tolist() if positions else []
        return [_finding(table, catalogue.ORG_UNKNOWN, int(rows[i]), "org", cleaned[first])
                for i, first in zip(positions, cells.at[positions].tolist(), strict=True)]
    orgs = each(_clean, table.frame["org"].tolist())
    unknown = each(lambda org: org is not None and str(org) not in ctx.orgs, orgs)
    return [
        _finding(table, catalogue.ORG_UNKNOWN, int(row), "org", org)
        for row, org, wrong in zip(table.frame.index, orgs, unknown, strict=True) if wrong
    ]


def plan_rules(table: Table, ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for row, r in _rows(table, "item_id", "status", "date_done", "evidence"):
        if r["item_id"] is not None and str(r["item_id"]) not in ctx.plan_items:
            findings.append(_finding(table, catalogue.PLAN_UNKNOWN_ITEM, row, "item_id", r["item_id"]))
        if r["status"] == "done":
            if r["date_done"] is None:
                findings.append(_finding(table, catalogue.PLAN_DONE_WITHOUT_DATE, row, "date_done", None))
            if r["evidence"] is None:
                findings.append(_finding(table, catalogue.PLAN_DONE_WITHOUT_EVIDENCE, row, "evidence", None))
    return findings


def contest_rules(table: Table, ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for row, r in _rows(table, "contest", "date_held"):
        code = r["contest"]
        if code is None:
            continue
        if str(code) not in ctx.contest_months:
            findings.append(_finding(table, catalogue.CONTEST_UNKNOWN, row, "contest", code))
            continue
        month = ctx.contest_months[str(code)]
        held = r["date_held"]
        if month is not None and held is not None and getattr(held, "month", month) != month:
            m = term(MONTHS, str(month))
            findings.append(_finding(
                table, catalogue.CONTEST_MONTH, row, "date_held", held, month_kk=m.kk, month_ru=m.ru,
            ))
    return findings


def _child_key(code: object) -> str | None:
    """What a child code is compared by; None for an empty cell or a masked name or IIN."""
    if code is None or is_masked(code):  # a name or IIN, reported where it was typed
        return None
    return code_key(code)


def monitoring_rules(table: Table, ctx: Context, split: Split | None = None) -> list[Finding]:
    """Child codes are unique per organisation and period; a child is in one group kind only.
    ``split``: the table's columns split into their distinct values, where known."""
    if split:
        by_values = _split_monitoring(table, split)
        if by_values is not None:
            return by_values
    findings: list[Finding] = []
    seen: dict[tuple[object, str, object], list[int]] = defaultdict(list)
    kinds: dict[tuple[object, str], object] = {}
    frame = table.frame
    n = len(frame)

    def cleaned(key: str) -> list[object]:
        return each(_clean, frame[key].tolist()) if key in frame.columns else [None] * n

    codes = cleaned("child_code")
    orgs = cleaned("org") if "org" in frame.columns else [table.org] * n
    keys, periods, group_kinds = each(_child_key, codes), cleaned("period"), cleaned("group_kind")
    # only the rows of a code seen twice in a period, or of a child given two group kinds, can
    # have a finding: counted at C speed, the loop below visits those rows alone, in sheet order
    counts = Counter(zip(orgs, keys, periods, strict=True))
    kinds_of = Counter((o, k) for o, k, g in set(zip(orgs, keys, group_kinds, strict=True)) if g is not None)
    two_kinds = {pair for pair, c in kinds_of.items() if c > 1}
    rows_of = frame.index.tolist()
    for i in range(n) if len(counts) < n or two_kinds else ():
        org, key, period = orgs[i], keys[i], periods[i]
        if key is None or (counts[(org, key, period)] < 2 and (org, key) not in two_kinds):
            continue
        _child_row(table, findings, seen, kinds, (org, key, period), int(rows_of[i]), codes[i], group_kinds[i])
    return findings


def _split_monitoring(table: Table, split: Split) -> list[Finding] | None:
    """:func:`monitoring_rules` from the columns split into their distinct values: each distinct
    value cleaned and its child key made once; the rows of a code seen twice in a period, or of a
    child given two group kinds, found with numpy over numbers standing for the values (equal
    values, equal numbers, as the dictionaries below compare them); those rows alone visited, in
    sheet order, as :func:`monitoring_rules` visits them. None where a column is not split."""
    frame = table.frame
    n = len(frame)
    none = np.zeros(n, dtype=np.intp)

    def column(key: str, absent: object = None) -> tuple[list[object], npt.NDArray[np.intp]] | None:
        if key not in frame.columns:
            return [absent], none
        cells = split.get(key)
        return (cells.answers(_clean), cells.at) if cells is not None else None

    codes, orgs = column("child_code"), column("org", table.org)
    periods, kinds = column("period"), column("group_kind")
    if codes is None or orgs is None or periods is None or kinds is None or not n:
        return None
    child_keys = [_child_key(code) for code in codes[0]]
    org_key, _ = _numbered(_numbers(orgs[0])[orgs[1]], _numbers(child_keys)[codes[1]])
    same_period, counts = _numbered(org_key, _numbers(periods[0])[periods[1]])
    kind_numbers = _numbers(kinds[0])
    kind_at = kind_numbers[kinds[1]]
    given = kind_at >= 0  # a group kind given (None is numbered -1)
    pair_kinds, _ = _numbered(org_key[given], kind_at[given])  # each distinct (org and key, kind) …
    kinds_of_pair = np.bincount(org_key[given][np.unique(pair_kinds, return_index=True)[1]], minlength=n)
    two_kinds = kinds_of_pair[org_key] > 1  # … counted per (org and key)
    has_key = np.fromiter((k is not None for k in child_keys), dtype=bool, count=len(child_keys))[codes[1]]
    visit = np.flatnonzero(has_key & ((counts[same_period] > 1) | two_kinds)).tolist()
    findings: list[Finding] = []
    seen: dict[tuple[object, str, object], list[int]] = defaultdict(list)
    first_kinds: dict[tuple[object, str], object] = {}
    rows_of = frame.index.tolist()
    for i in visit:
        org, code = orgs[0][orgs[1][i]], codes[0][codes[1][i]]
        key, period, kind = child_keys[codes[1][i]], periods[0][periods[1][i]], kinds[0][kinds[1][i]]
        assert key is not None
        _child_row(table, findings, seen, first_kinds, (org, key, period), int(rows_of[i]), code, kind)
    return findings


def _numbers(values: list[Any]) -> npt.NDArray[np.intp]:
    """Each value as a number, equal values (as a dictionary compares them) the same; None is -1."""
    numbered: dict[object, int] = {None: -1}
    return np.fromiter((numbered.setdefault(v, len(numbered) - 1) for v in values), dtype=np.intp,
                       count=len(values))


def _numbered(a: npt.NDArray[np.intp], b: npt.NDArray[np.intp]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """A number for each distinct pair (a[i], b[i]), and how many times each number occurs."""
    if not len(a):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    width = int(b.max()) + 2  # b is -1 or more
    _, at, counts = np.unique(a.astype(np.int64) * width + (b + 1), return_inverse=True, return_counts=True)
    return at.reshape(-1).astype(np.intp, copy=False), counts


RULES_BY_SHEET = {
    "plan_status": (plan_rules,),
    "contest_results": (contest_rules,),
    "monitoring": (monitoring_rules,),
}


def row_rules(table: Table, ctx: Context, split: Split | None = None) -> list[Finding]:
    """The cross-row rules of the table's sheet (consolidated master sheets included); ``split``:
    the table's columns split into their distinct values, where known."""
    kind = table.spec.source or table.spec.key
    findings = org_rules(table, ctx, split)
    for rule in RULES_BY_SHEET.get(kind, ()):
        findings.extend(monitoring_rules(table, ctx, split) if rule is monitoring_rules else rule(table, ctx))
    return findings
