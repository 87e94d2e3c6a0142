"""The fast paths of validation give exactly what the plain ones gave: the vocabulary index against
a scan of every spelling, the remembered coercion against coercing cell by cell."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from schemas.coerce import coerce
from schemas.sheets import CONTEST_RESULTS, MONITORING
from schemas.table import Table
from schemas.text import normalise
from schemas.validate import coerce_table, validate_table
from schemas.vocabulary import VOCABULARIES, Term, Vocabulary, find_term


def scan(vocabulary: Vocabulary, raw: object) -> Term | None:
    """find_term as it was: normalise every spelling of every term, first match wins."""
    wanted = normalise(str(raw))
    if not wanted:
        return None
    for term in vocabulary:
        if any(normalise(s) == wanted for s in term.spellings()):
            return term
    return None


def variants(text: str) -> list[str]:
    return [text, text.upper(), f"  {text} ", text.replace(" ", "\u00a0"), text.replace("а", "a"),
            text + ".", text[:-1], "x" + text]


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_the_index_finds_what_the_scan_finds(name: str) -> None:
    vocabulary = VOCABULARIES[name]
    typed = [v for t in vocabulary for s in t.spellings() for v in variants(s)]
    for other in VOCABULARIES.values():  # the other lists' words, as mistakes
        typed += [s for t in other for s in t.spellings()]
    typed += ["", " ", "1", 1, 2.0, "—", "иә", "жоқ", "да", "нет"]
    for raw in typed:
        assert find_term(vocabulary, raw) == scan(vocabulary, raw), raw


def _table(spec: object, records: list[dict[str, object]]) -> Table:
    from schemas.rows import column_letter

    assert hasattr(spec, "columns")
    keys = [c.key for c in spec.columns]  # type: ignore[attr-defined]
    frame = pd.DataFrame.from_records(records, index=range(2, 2 + len(records)), columns=keys)
    frame = frame.astype(object).where(frame.notna(), None)
    letters = {k: column_letter(i) for i, k in enumerate(keys, start=1)}
    headers = {c.key: c.kk for c in spec.columns}  # type: ignore[attr-defined]
    return Table(spec, "47", "t", frame, letters, headers, 1)  # type: ignore[arg-type]


MIXED: list[object] = [1, 1.0, True, "1", " 1 ", 2, "2,0", 4, "бір", None, "", 3.5, "үш",
                       dt.date(2026, 3, 1), dt.datetime(2026, 3, 1), "01.03.2026", 46082, "ересек топ (4–5)"]


@pytest.mark.parametrize("spec", [MONITORING, CONTEST_RESULTS], ids=lambda s: s.key)
def test_remembered_coercion_equals_cell_by_cell(spec: object) -> None:
    keys = [c.key for c in spec.columns]  # type: ignore[attr-defined]
    records = [{k: MIXED[(i + j) % len(MIXED)] for j, k in enumerate(keys)} for i in range(3 * len(MIXED))]
    raw = _table(spec, records)
    typed, findings, failed = coerce_table(raw)
    expected_rules = []
    for key in keys:
        column = spec.column(key)  # type: ignore[attr-defined]
        for row, value in raw.frame[key].items():
            value_out, rule = coerce(column, value)
            got = typed.frame.at[row, key]
            assert got == value_out and type(got) is type(value_out), (key, value)
            if rule is not None:
                expected_rules.append((int(row), key, rule.code))
    assert [(f.row, next(k for k in keys if raw.header_of(k) == f.column), f.rule) for f in findings] == expected_rules
    assert failed == {(r, k) for r, k, _ in expected_rules}
    # and the whole validation still reports each of them
    _, all_findings = validate_table(raw)
    assert {(f.row, f.rule) for f in findings} <= {(f.row, f.rule) for f in all_findings}
