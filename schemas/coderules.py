"""Child codes in a table: folded to their kindergarten's format, or a finding. Pure.

Every cell of a ``code`` column (the monitoring sheet's child code) and every item of a ``codes``
column (contest winners) is read against the format of the row's organisation. A code that fits
is written back in its canonical spelling (``47-e-7`` → ``47-Э-07``), so the duplicate and group
checks, the master and the statistics all see one child; one that does not fit is a finding.
A name or an IIN in a code cell is left to the ``child.name`` / ``child.iin`` checks.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from schemas import catalogue
from schemas.childcode import CodeFormat, GroupKind
from schemas.coerce import looks_like_iin, looks_like_name, split_list
from schemas.finding import Finding, make_finding
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


def _format_finding(table: Table, key: str, row: int, value: object, fmt: CodeFormat) -> Finding:
    return make_finding(
        catalogue.CHILD_CODE_FORMAT, org=table.org, sheet=table.sheet_title, row=row, column=table.header_of(key),
        cell=table.cell(key, row), value=value, example=fmt.example(), prefix=fmt.prefix, letters=fmt.letters(),
    )


def child_codes(table: Table, ctx: Context) -> tuple[Table, list[Finding]]:
    """The table with every fitting child code in its canonical spelling, and a finding for each
    code that does not fit its organisation's format or names the other group kind."""
    keys = [c.key for c in table.spec.columns if c.type in ("code", "codes") and c.key in table.frame.columns]
    if not keys:
        return table, []
    frame = table.frame.copy()
    findings: list[Finding] = []
    n = len(frame)
    orgs = list(frame["org"]) if "org" in frame.columns else [table.org] * n
    kinds = [_kind(k) for k in frame["group_kind"]] if "group_kind" in frame.columns else [None] * n
    for key in keys:
        many = table.spec.column(key).type == "codes"
        values = list(frame[key])
        changed = False
        for i, (row, value) in enumerate(zip(frame.index, values, strict=True)):
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            r = int(str(row))
            fmt = ctx.code_format(orgs[i] if orgs[i] is not None else table.org)
            items = split_list(str(value)) if many else [str(value).strip()]
            canonical: list[str] = []
            wrong: list[str] = []
            for item in items:
                parsed = fmt.parse(item)
                if parsed is None:
                    canonical.append(item)
                    if not _personal(item):
                        wrong.append(item)
                    continue
                canonical.append(parsed.canonical)
                kind = kinds[i]
                if not many and kind is not None and kind != parsed.kind:
                    findings.append(make_finding(
                        catalogue.CHILD_CODE_GROUP, org=table.org, sheet=table.sheet_title, row=r,
                        column=table.header_of(key), cell=table.cell(key, r), value=parsed.canonical,
                        letter=fmt.letter(parsed.kind), expected=fmt.letter(kind),
                        kind_kk=term(GROUP_KINDS, kind).kk, kind_ru=term(GROUP_KINDS, kind).ru,
                    ))
            if wrong:
                findings.append(_format_finding(table, key, r, ", ".join(wrong), fmt))
            if canonical != items:
                values[i] = ", ".join(canonical)
                changed = True
        if changed:
            frame[key] = pd.Series(values, index=frame.index, dtype=object)
    return replace(table, frame=frame), findings
