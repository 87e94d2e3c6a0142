"""Gather every kindergarten's typed tables into the master's consolidated records. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from schemas.finding import Finding
from schemas.lang import Lang
from schemas.sheets import SheetSpec, consolidated_spec
from schemas.table import Table
from sync.backend import Record
from sync.shown import Shown
from sync.typed import table_records


@dataclass(frozen=True)
class Source:
    """One kindergarten's contribution: its typed tables and where they came from."""

    org: str
    location: str
    version: int | None
    pulled_at: str
    stale: bool
    tables: Mapping[str, Table]
    kept: Mapping[str, int] = field(default_factory=dict)
    """Tabs the sheet no longer has (spec key → the stored version their rows come from)."""
    pinned: bool = False
    """The coordinator pinned this version (``baulu restore``) until she releases it."""


@dataclass
class Consolidated:
    """Records for each consolidated master sheet, and where each came from (for highlights)."""

    records: dict[str, list[Record]] = field(default_factory=dict)  # consolidated spec key -> rows
    origin: dict[tuple[str, str, int], tuple[str, int]] = field(default_factory=dict)
    """(org, kindergarten sheet title, sheet row) -> (consolidated spec key, position in records)."""
    displays: dict[tuple[str, str], Shown] = field(default_factory=dict)
    """How the rows' values are shown, per (consolidated spec key, language): shared by the round's
    plan and its digests of what it wrote."""

    def display(self, spec: SheetSpec, lang: Lang) -> Shown:
        found = self.displays.get((spec.key, lang))
        if found is None:
            found = self.displays[(spec.key, lang)] = Shown(spec, lang)
        return found


STALE_KK = "ескірген"
STALE_RU = "устарело"


PINNED_KK = "бекітілген"
PINNED_RU = "закреплено"


def version_label(source: Source, key: str | None = None) -> str:
    """What the version column says of a row of ``source`` (of its tab ``key``)."""
    stamp = source.pulled_at.replace("T", " ")[:16]
    label = f"v{source.version} · {stamp}" if source.version is not None else stamp
    if key is not None and key in source.kept:
        return f"{STALE_KK} / {STALE_RU}: v{source.kept[key]}"
    if source.pinned:
        return f"{PINNED_KK} / {PINNED_RU} {label}"
    return f"{STALE_KK} / {STALE_RU}: {label}" if source.stale else label


def consolidate(sources: Sequence[Source], specs: Sequence[SheetSpec]) -> Consolidated:
    """Each kindergarten's rows, in organisation order, with the org, source and version columns."""
    result = Consolidated()
    for spec in specs:
        target = consolidated_spec(spec)
        rows = result.records.setdefault(target.key, [])
        for source in sources:
            table = source.tables.get(spec.key)
            if table is None:
                continue
            label = version_label(source, spec.key)
            place = f"{source.location} › {table.sheet_title} › "
            org, title = source.org, table.sheet_title
            for row, record in zip(*table_records(table), strict=True):  # records' keys are str
                number = int(row)
                result.origin[(org, title, number)] = (target.key, len(rows))
                rows.append({**record, "org": org, "source_cell": f"{place}{number}", "version": label})
    return result


def column_key(sources: Sequence[Source], finding: Finding) -> tuple[str, str] | None:
    """The (kindergarten spec key, column key) a finding is about, from the header it names."""
    for source in sources:
        if source.org != finding.org:
            continue
        for key, table in source.tables.items():
            if table.sheet_title != finding.sheet:
                continue
            for column, header in table.headers.items():
                if header == finding.column:
                    return key, column
    return None
