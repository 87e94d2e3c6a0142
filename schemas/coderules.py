"""Child codes in a table: folded to their kindergarten's format, or a finding. Pure.

Every cell of a ``code`` column (the monitoring sheet's child code) and every item of a ``codes``
column (contest winners) is read against the format of the row's organisation. A code that fits
is written back in its canonical spelling (``47-e-7`` → ``47-Э-07``), so the duplicate and group
checks, the master and the statistics all see one child; one that does not fit is a finding.
A name or an IIN in a code cell is left to the ``child.name`` / ``child.iin`` checks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from schemas import catalogue
from schemas.childcode import ChildCode, CodeFormat, GroupKind
from schemas.coerce import looks_like_iin, looks_like_name, split_list
from schemas.distinct import each, each_pair
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


def child_codes(table: Table, ctx: Context) -> tuple[Table, list[Finding]]:
    """The table with every fitting child code in its canonical spelling, and a finding for each
    code that does not fit its organisation's format or names the other group kind.

    Each distinct (organisation, value) is read once; a row only looks its reading up."""
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
            if read.canonical is not None:
                values[i] = read.canonical
                changed = True
        if changed:
            frame[key] = pd.Series(values, index=frame.index, dtype=object)
    return replace(table, frame=frame), findings
