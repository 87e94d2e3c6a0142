"""The paths that validate a large table from its columns split into distinct values give what
the plain code gives: a code in its canonical spelling recognised without parsing it, number
columns split by ``pandas.factorize``, the child codes, the schema's checks and the cross-row rules
read from the split columns. A region-sized table (many kindergartens, each with its own code
format, some formats odd) is validated both ways."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from schemas.checks import schema_findings
from schemas.childcode import ChildCode, CodeFormat, canonical_kind
from schemas.coderules import _Read, _read, child_codes, split_child_codes
from schemas.distinct import Cells, _by_value
from schemas.rules import Context, row_rules
from schemas.sheets import MONITORING, consolidated_spec
from schemas.table import Table
from schemas.validate import _coerce_table, split_columns, validate_table
from tests.tables import make_table
from tests.test_validation_speed_paths import _equal, plain_validate_table

FORMATS = {
    "47": CodeFormat("47"),
    "b47": CodeFormat("Б47", "Э", "К"),
    "a1": CodeFormat("А1", "Э", "К"),
    "xy": CodeFormat("x y-", "E", "Э"),  # a Latin E is a look-alike of Э: the letter E names no group
    "two": CodeFormat("47", "ЭК", "Б"),  # a letter of two characters: no code has it
    "same": CodeFormat("47", "Э", "Э"),  # one letter for both groups: neither
    "space": CodeFormat(" 47", "Э", "Б"),  # a spelling with a space before it is not its own
    "dot": CodeFormat("47.", "Э", "Б"),
    "latin": CodeFormat("ab", "E", "B"),
    "wide": CodeFormat("４７", "Э", "Б"),
    "six": CodeFormat("9", "Э", "6"),
    "dash": CodeFormat("a-b", "Э", "Б"),
}
CTX = replace(Context.default(), orgs=frozenset({*Context.default().orgs, *FORMATS}),
              code_formats={**Context.default().code_formats, **FORMATS})


def _spellings(fmt: CodeFormat) -> list[str]:
    """Canonical spellings, and the texts nearest them that are not."""
    texts: list[str] = []
    for letter in (fmt.experimental, fmt.control, fmt.experimental.lower(), "Ж"):
        for n in (*range(1, 130), 998, 999):
            texts.append(f"{fmt.prefix}-{letter}-{n:02d}")
        texts += [f"{fmt.prefix}-{letter}-00", f"{fmt.prefix}-{letter}-001", f"{fmt.prefix}-{letter}-1000",
                  f"{fmt.prefix}-{letter}-7", f"{fmt.prefix}-{letter}-1٢", f"{fmt.prefix}-{letter}-٠٧",
                  f"{fmt.prefix}-{letter}-07 ", f" {fmt.prefix}-{letter}-07", f"{fmt.prefix}{letter}07",
                  f"{fmt.prefix}-{letter}--07", f"{fmt.prefix}--{letter}-07", f"x{fmt.prefix}-{letter}-07"]
    return texts


@pytest.mark.parametrize("org", list(FORMATS))
def test_a_code_recognised_as_canonical_is_what_reading_it_gives(org: str) -> None:
    """Recognised: as reading the cell gives it — nothing to respell, nothing wrong, its group."""
    fmt = FORMATS[org]
    recognised = 0
    for text in _spellings(fmt):
        kind = canonical_kind(fmt, text)
        if kind is not None:
            recognised += 1
            assert _read(fmt, text, False) == _Read(None, None, ChildCode(text, kind)), text
    if org in ("47", "b47", "a1", "dot", "dash"):  # not vacuous: the usual formats are recognised
        assert recognised >= 2 * 131


def _dict_cells(values: list[object]) -> tuple[list[tuple[type, str]], list[int]]:
    """A column split by a dict, as ``Cells.of`` did before any other way: (type, repr) of each
    distinct value, and each cell's position."""
    keys: list[object] = values if _by_value(values) else list(zip(map(type, values), values, strict=True))
    position = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    firsts = list(position) if keys is values else [key[1] for key in position]  # type: ignore[index]
    return [(type(v), repr(v)) for v in firsts], [position[k] for k in keys]


@pytest.mark.parametrize("pool", [
    [1.0, 2.0, 3.0, -0.0, 0.0, 2.0**70, 1e-300, 2.5],
    [0.0, -0.0],
    [1, 2, 3, 0, 2**62, -(2**62)],
    [1, 2**80],  # past 64 bits: the dict splits it
    [1.0, float("nan"), 2.0],  # a NaN: the dict splits it, each NaN its own value
    [1, 1.0, True],
    ["1", "2", "Күншуақ", ""],
    [None, 1.0, 2.0],
])
def test_a_long_column_is_split_as_the_dict_splits_it(pool: list[object]) -> None:
    rng = random.Random(5)
    for n in (255, 256, 2000):
        values = [pool[rng.randrange(len(pool))] for _ in range(n)]
        cells = Cells.of(values)
        assert cells is not None
        assert ([(type(v), repr(v)) for v in cells.firsts], cells.at.tolist()) == _dict_cells(values)


KINDS = ["эксперименттік", "бақылау", None]
PERIODS = ["бастапқы (2026 I тоқсан)", "2026 II тоқсан", "қорытынды"]


def _region_table(seed: int, rows: int = 1200) -> Table:
    """A consolidated monitoring table: each kindergarten's children in its own format, mostly as
    the format writes them, with the mistakes a region makes (look-alikes, the other group's
    letter, a code twice in a period, a child in two groups, names, an unknown kindergarten);
    the levels whole floats, as a consolidated sheet holds them, but one typed by hand."""
    rng = random.Random(seed)
    orgs = [*FORMATS, "47", "34", "unknown"]
    records: dict[int, dict[str, object]] = {}
    for i in range(rows):
        org = orgs[i % len(orgs)]
        fmt = CTX.code_format(org)
        kind = rng.choice(KINDS)
        letter = fmt.control if kind == "бақылау" else fmt.experimental
        n = rng.randint(1, 40)
        code: object = f"{fmt.prefix}-{letter}-{n:02d}"
        roll = rng.random()
        if roll < 0.04:
            code = f"{fmt.prefix} {letter.lower()} {n}"
        elif roll < 0.06:
            code = f"{fmt.prefix}-{fmt.experimental if letter == fmt.control else fmt.control}-{n:02d}"
        elif roll < 0.07:
            code = rng.choice(["Асанов Нұрсұлтан", "150320500121", None, "47-Ж-07", "0203******12"])
        records[i + 2] = {
            "org": org if roll > 0.005 else None, "child_code": code, "group_kind": kind,
            "group_name": "Күншуақ", "age_group": "мектепалды даярлық тобы (5–6)", "sex": rng.choice(["ұл", "қыз"]),
            "period": rng.choice(PERIODS), **{f"K{k}": float(rng.choice([1, 2, 3, 3, 2, 4])) for k in range(1, 5)},
            "K5": rng.choice([1, 2, 3, "2", "көп", None]),  # one column as typed by hand
        }
    return make_table(consolidated_spec(MONITORING), records, org="")


@pytest.mark.parametrize("seed", [1, 2])
def test_a_region_table_validates_as_the_plain_code_does(seed: int) -> None:
    table = _region_table(seed)
    fast, plain = validate_table(table, CTX), plain_validate_table(table, CTX)
    _equal(fast, plain)
    rules = {f.rule for f in plain[1]}
    assert {"child.code_format", "child.code_group", "child.duplicate", "child.group_conflict", "child.name",
            "child.iin", "org.unknown", "value.level", "type.integer"} <= rules  # not vacuous


def test_each_check_from_split_columns_is_the_check_from_the_table() -> None:
    table = _region_table(3)
    coerced, _, failed, typed_split = _coerce_table(table, split_columns(table))
    assert schema_findings(coerced, table, failed, typed_split) == schema_findings(coerced, table, failed)
    by_split, found_by_split, code_split = split_child_codes(coerced, CTX, typed_split)
    by_table, found_by_table = child_codes(coerced, CTX)
    assert found_by_split == found_by_table and found_by_split
    assert by_split.frame.equals(by_table.frame)
    for key, cells in code_split.items():
        assert cells is not None and cells.cells().tolist() == by_table.frame[key].tolist()
    split = {**typed_split, **code_split}
    assert row_rules(by_table, CTX, split) == row_rules(by_table, CTX)
    assert len(row_rules(by_table, CTX)) > 10
