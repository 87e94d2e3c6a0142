"""Child codes in a table: folded to their kindergarten's format, or a finding. Pure.

Every cell of a ``code`` column (the monitoring sheet's child code) and every item of a ``codes``
column (contest winners) is read against the format of the row's organisation. A code that fits
is written back in its canonical spelling (``47-e-7`` → ``47-Э-07``), so the duplicate and group
checks, the master and the statistics all see one child; one that does not fit is a finding.
A name or an IIN in a code cell is left to the ``child.name`` / ``child.iin`` checks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from schemas import catalogue
from schemas.childcode import ChildCode, CodeFormat, GroupKind, canonical_kind
from schemas.coerce import looks_like_iin, looks_like_name, split_list
from schemas.distinct import Cells, each, each_pair
from schemas.finding import Finding, finding_maker, make_finding
from schemas.personal import is_masked
from schemas.rules import Context
from schemas.table import Table
from schemas.vocabulary import GROUP_KINDS, term


def _kind(value: object) -> GroupKind | None:
    if value == "experimental":
        return "experimental"
    if value == "control":
        return "control"
    return None


def _personal(item: str) -> bool:
    """A name, an IIN or what Baulu masked of one: the personal-data checks speak for it."""
    return looks_like_name(item) or looks_like_iin(item) or is_masked(item)


def _format_finding(table: Table, key: str, fmt: CodeFormat) -> Callable[[int | None, str, object], Finding]:
    return finding_maker(
        catalogue.CHILD_CODE_FORMAT, org=table.org, sheet=table.sheet_title, column=table.header_of(key),
        example=fmt.example(), prefix=fmt.prefix, letters=fmt.letters(),
    )


@dataclass(frozen=True)
class _Read:
    """What one typed cell says against one format: its canonical spelling (None: unchanged),
    the items that do not fit, and the code it names (a single code that fits)."""

    canonical: str | None
    wrong: str | None
    parsed: ChildCode | None


def _code_findings(findings: list[Finding], table: Table, key: str, r: int, read: _Read, kind: GroupKind | None,
                   fmt: CodeFormat, wrong_format: dict[int, Callable[[int | None, str, object], Finding]]) -> None:
    """A code's findings on row ``r``: of the other group kind than the row says, or not in its
    kindergarten's format (``wrong_format``: each format's finding maker, by identity)."""
    parsed = read.parsed
    if parsed is not None and kind is not None and kind != parsed.kind:
        findings.append(make_finding(
            catalogue.CHILD_CODE_GROUP, org=table.org, sheet=table.sheet_title, row=r,
            column=table.header_of(key), cell=table.cell(key, r), value=parsed.canonical,
            letter=fmt.letter(parsed.kind), expected=fmt.letter(kind),
            kind_kk=term(GROUP_KINDS, kind).kk, kind_ru=term(GROUP_KINDS, kind).ru,
        ))
    if read.wrong is not None:
        if id(fmt) not in wrong_format:
            wrong_format[id(fmt)] = _format_finding(table, key, fmt)
        findings.append(wrong_format[id(fmt)](r, table.cell(key, r), read.wrong))


def _read(fmt: CodeFormat, value: object, many: bool) -> _Read:
    items = split_list(str(value)) if many else [str(value).strip()]
    canonical: list[str] = []
    wrong: list[str] = []
    parsed: ChildCode | None = None
    for item in items:
        parsed = fmt.parse(item)
        if parsed is None:
            canonical.append(item)
            if not _personal(item):
                wrong.append(item)
            continue
        canonical.append(parsed.canonical)
    return _Read(", ".join(canonical) if canonical != items else None, ", ".join(wrong) if wrong else None,
                 None if many else parsed)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def _read_cell(fmt: CodeFormat, many: bool, value: object) -> _Read | None:
    return None if _blank(value) else _read(fmt, value, many)


def _read_format_cell(many: bool, fmt: CodeFormat, value: object) -> _Read | None:
    return _read_cell(fmt, many, value)


def child_codes(table: Table, ctx: Context, split: Mapping[str, Cells | None] | None = None,
                ) -> tuple[Table, list[Finding]]:
    """The table with every fitting child code in its canonical spelling, and a finding for each
    code that does not fit its organisation's format or names the other group kind.

    Each distinct (organisation, value) is read once; a row only looks its reading up
    (``split``: the table's columns already split into their distinct values)."""
    typed, findings, _ = split_child_codes(table, ctx, split or {})
    return typed, findings


def split_child_codes(table: Table, ctx: Context, split: Mapping[str, Cells | None],
                      ) -> tuple[Table, list[Finding], dict[str, Cells | None]]:
    """:func:`child_codes`, also giving the code columns of the new table split into their
    distinct values. Each distinct (organisation, value) is read once — a code already in its
    kindergarten's canonical spelling recognised by its prefix, letter and number — and only the rows whose reading
    says something (a code that does not fit, one to respell, a group letter against the row's
    group kind, found with numpy) are visited."""
    keys = [c.key for c in table.spec.columns if c.type in ("code", "codes") and c.key in table.frame.columns]
    if not keys:
        return table, [], {}
    frame = table.frame

    def cells_of(key: str) -> Cells | None:
        return split.get(key) or Cells.of(frame[key].tolist())

    orgs = cells_of("org") if "org" in frame.columns else None
    kinds = cells_of("group_kind") if "group_kind" in frame.columns else None
    codes = {key: cells_of(key) for key in keys}
    if ("org" in frame.columns and orgs is None) or ("group_kind" in frame.columns and kinds is None) \
            or any(c is None for c in codes.values()):
        return (*_child_codes_by_pairs(table, ctx), {})  # a value that cannot be hashed
    frame = frame.copy()
    n = len(frame)
    findings: list[Finding] = []
    new_split: dict[str, Cells | None] = {}
    if orgs is None:
        fmt_of = [ctx.code_format(table.org)]
        org_at = np.zeros(n, dtype=np.intp)
    else:
        formats = {org: ctx.code_format(org if org is not None else table.org) for org in set(orgs.firsts)}
        fmt_of = [formats[org] for org in orgs.firsts]
        org_at = orgs.at
    kind_of: list[GroupKind | None] = kinds.answers(_kind) if kinds is not None else [None]
    row_kind = _kind_numbers(kind_of)[kinds.at] if kinds is not None else np.zeros(n, dtype=np.int8)
    rows = frame.index.tolist()
    for key in keys:
        many = table.spec.column(key).type == "codes"
        cells = codes[key]
        assert cells is not None
        pairs, pair_at = np.unique(org_at * len(cells.firsts) + cells.at, return_inverse=True)
        pair_at = pair_at.reshape(-1)
        reads: list[_Read | None] = []
        parsed_kind: list[GroupKind | None] = []
        for pair in pairs.tolist():
            fmt, value = fmt_of[pair // len(cells.firsts)], cells.firsts[pair % len(cells.firsts)]
            known = None if many or type(value) is not str else canonical_kind(fmt, value)
            if known is not None:  # as the format writes it: nothing to say but its group
                reads.append(None)
                parsed_kind.append(known)
                continue
            read = _read_cell(fmt, many, value)
            reads.append(read)
            parsed_kind.append(read.parsed.kind if read is not None and read.parsed is not None else None)
        says = np.fromiter((r is not None and (r.wrong is not None or r.canonical is not None) for r in reads),
                           dtype=bool, count=len(reads))
        code_kind = _kind_numbers(parsed_kind)[pair_at]
        other_kind = (code_kind != 0) & (row_kind != 0) & (code_kind != row_kind)
        visit = np.flatnonzero(says[pair_at] | other_kind).tolist()
        values: list[object] | None = None
        wrong_format: dict[int, Callable[[int | None, str, object], Finding]] = {}  # by id: fmt_of holds each
        for i, pair_index in zip(visit, pair_at[visit].tolist(), strict=True):
            read, fmt, kind = reads[pair_index], fmt_of[org_at[i]], kind_of[kinds.at[i]] if kinds is not None else None
            if read is None:  # a code in its canonical spelling, of the other group kind
                read = _Read(None, None, ChildCode(str(cells.firsts[cells.at[i]]), parsed_kind[pair_index]))  # type: ignore[arg-type]
            r = int(str(rows[i]))
            _code_findings(findings, table, key, r, read, kind, fmt, wrong_format)
            if read.canonical is not None:
                if values is None:
                    values = frame[key].tolist()
                values[i] = read.canonical
        if values is not None:
            frame[key] = pd.Series(values, index=frame.index, dtype=object)
            new_split[key] = Cells.of(values)
        else:
            new_split[key] = cells
    return replace(table, frame=frame), findings, new_split


_KIND_NUMBERS = {None: 0, "experimental": 1, "control": 2}


def _kind_numbers(kinds: list[GroupKind | None]) -> npt.NDArray[np.int8]:
    """Each group kind as a number (0: none), for comparing rows' kinds in numpy."""
    return np.fromiter(map(_KIND_NUMBERS.__getitem__, kinds), dtype=np.int8, count=len(kinds))


def _child_codes_by_pairs(table: Table, ctx: Context) -> tuple[Table, list[Finding]]:
    """:func:`child_codes` for a table with a value that cannot be hashed: each distinct
    (organisation, value) read once where it can be, every row looked at."""
    keys = [c.key for c in table.spec.columns if c.type in ("code", "codes") and c.key in table.frame.columns]
    if not keys:
        return table, []
    frame = table.frame.copy()
    findings: list[Finding] = []
    n = len(frame)
    rows = frame.index.tolist()
    orgs = list(frame["org"]) if "org" in frame.columns else None
    kinds = each(_kind, frame["group_kind"].tolist()) if "group_kind" in frame.columns else [None] * n
    for key in keys:
        many = table.spec.column(key).type == "codes"
        values = frame[key].tolist()
        if orgs is None:
            fmts = [ctx.code_format(table.org)] * n
            reads = each(functools.partial(_read_cell, fmts[0], many), values) if n else []
        else:
            formats = {org: ctx.code_format(org if org is not None else table.org) for org in set(orgs)}
            fmts = [formats[org] for org in orgs]
            reads = each_pair(functools.partial(_read_format_cell, many), fmts, values)
        changed = False
        wrong_format: dict[int, Callable[[int | None, str, object], Finding]] = {}  # by id: fmts holds each
        for i, read in enumerate(reads):
            if read is None:
                continue
            parsed, kind = read.parsed, kinds[i]
            if read.wrong is None and read.canonical is None and (kind is None or parsed is None or kind == parsed.kind):
                continue
            r, fmt = int(str(rows[i])), fmts[i]
            _code_findings(findings, table, key, r, read, kind, fmt, wrong_format)
            if read.canonical is not None:
                values[i] = read.canonical
                changed = True
        if changed:
            frame[key] = pd.Series(values, index=frame.index, dtype=object)
    return replace(table, frame=frame), findings
