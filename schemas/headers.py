"""Match a sheet's header row to a spec's columns: kk, ru, key or alias, spelled loosely."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas import catalogue
from schemas.finding import Finding, make_finding
from schemas.sheets import SheetSpec
from schemas.text import normalise


@dataclass
class HeaderMatch:
    letters: dict[str, str] = field(default_factory=dict)  # column key -> letter
    headers: dict[str, str] = field(default_factory=dict)  # column key -> header as written
    unknown: dict[str, str] = field(default_factory=dict)  # letter -> header as written
    findings: list[Finding] = field(default_factory=list)


def _lookup(spec: SheetSpec) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in spec.columns:
        for spelling in column.spellings():
            table.setdefault(normalise(spelling), column.key)
    return table


def match_headers(
    spec: SheetSpec, cells: list[tuple[str, object]], *, org: str, sheet: str, header_row: int = 1,
) -> HeaderMatch:
    """``cells`` are (column letter, header text) of the header row, left to right."""
    lookup = _lookup(spec)
    result = HeaderMatch()
    unknown: list[tuple[str, str]] = []
    for letter, text in cells:
        if text is None or not str(text).strip():
            continue
        written = str(text).strip()
        key = lookup.get(normalise(written))
        if key is None:
            unknown.append((letter, written))
        elif key in result.letters:
            result.findings.append(make_finding(
                catalogue.HEADER_DUPLICATE, org=org, sheet=sheet, row=header_row, column=written,
                cell=f"{letter}{header_row}", value=written,
            ))
        else:
            result.letters[key] = letter
            result.headers[key] = written
    missing = [c for c in spec.columns if c.key not in result.letters and c.owner in ("org", "master")]
    result.unknown = dict(unknown)
    if len(unknown) == 1 and len(missing) == 1:
        # one header changed and one column gone: the same column, renamed — its values count
        (letter, written), column = unknown[0], missing[0]
        result.letters[column.key] = letter
        result.headers[column.key] = written
        del result.unknown[letter]
        result.findings.append(make_finding(
            catalogue.HEADER_RENAMED, org=org, sheet=sheet, row=header_row, column=written,
            cell=f"{letter}{header_row}", value=written, expected_kk=column.kk, expected_ru=column.ru,
        ))
        return result
    for letter, written in unknown:
        result.findings.append(make_finding(
            catalogue.HEADER_UNKNOWN, org=org, sheet=sheet, row=header_row, column=written,
            cell=f"{letter}{header_row}", value=written,
        ))
    for column in missing:
        result.findings.append(make_finding(
            catalogue.HEADER_MISSING, org=org, sheet=sheet, row=header_row, column=column.kk, cell="",
            value="", severity="error" if column.required else "warning",
        ))
    return result
