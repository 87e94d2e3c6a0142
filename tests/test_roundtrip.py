"""Build → read returns the seeded data exactly; write → read returns the same rows."""

from __future__ import annotations

import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from schemas.coerce import normalise_phones
from schemas.rows import column_index, column_letter, table_from_rows
from schemas.rules import Context
from schemas.seed import CONTESTS, ORGANISATIONS, PLAN
from schemas.sheets import POSTS
from schemas.validate import validate_table
from schemas.vocabulary import DIRECTIONS, NETWORKS
from workbook.build import build_kindergarten, build_master
from workbook.check import check_kindergarten, check_master
from workbook.layout import write_table
from workbook.reader import open_workbook, sheet_rows


def _reopen(wb: Workbook) -> Workbook:
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return open_workbook(buffer)


def test_master_round_trip_returns_the_order_exactly() -> None:
    checked = check_master(_reopen(build_master()))
    assert checked.findings == []
    orgs = checked.tables["organisations"].frame
    assert list(orgs["code"]) == ["47", "34", "37", "ailin1", "ayana"]
    for org, row in zip(ORGANISATIONS, orgs.to_dict("records"), strict=True):
        assert (row["short_name"], row["full_name"], row["ownership"], row["address"], row["head"], row["lead"]) == (
            org.short_name, org.full_name, org.ownership, org.address, org.head, org.lead)
        assert row["head_phone"] == ", ".join(normalise_phones(org.head_phone)[0])
        assert row["lead_phone"] == ", ".join(normalise_phones(org.lead_phone)[0])
    plan = checked.tables["plan"].frame.to_dict("records")
    assert len(plan) == 23
    assert [(r["item_id"], r["block"], r["deadline_kind"], r["deadline_year"], r["deadline_month"]) for r in plan] == [
        (p.item_id, p.block, p.deadline_kind, p.deadline_year, str(p.deadline_month) if p.deadline_month else None)
        for p in PLAN
    ]
    contests = checked.tables["contests"].frame.to_dict("records")
    assert [(r["code"], r["direction"], r["month"]) for r in contests] == [
        (c.code, c.direction, str(c.month) if c.month else None) for c in CONTESTS
    ]
    assert checked.context is not None
    assert checked.context.contest_months == {c.code: c.month for c in CONTESTS}


def test_russian_master_reads_the_same() -> None:
    kk = check_master(_reopen(build_master()))
    ru = check_master(_reopen(build_master(lang="ru")))
    assert ru.findings == []
    for key in ("organisations", "plan", "contests", "indicators"):
        assert kk.tables[key].frame.to_dict("records") == ru.tables[key].frame.to_dict("records")


def test_fresh_kindergarten_workbook_is_valid_and_prefilled() -> None:
    checked = check_kindergarten(_reopen(build_kindergarten(ORGANISATIONS[3])), org="x")
    assert checked.org == "ailin1" and checked.findings == []
    assert list(checked.tables["plan_status"].frame["item_id"]) == [f"3.{i}" for i in range(1, 14)]
    assert list(checked.tables["contest_results"].frame["month"]) == ["2", "3", "6", "7", "9", "10", "11", None]


@given(st.integers(min_value=1, max_value=18278))
def test_column_letters_round_trip(index: int) -> None:
    assert column_index(column_letter(index)) == index


posts = st.lists(
    st.fixed_dictionaries({
        "date": st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        "network": st.sampled_from([t.key for t in NETWORKS]),
        "link": st.from_regex(r"https://t\.me/[a-z0-9]{1,12}", fullmatch=True),
        "direction": st.sampled_from([t.key for t in DIRECTIONS] + [None]),
        "comment": st.text(alphabet="абвгдқңәөұүһі ABC123", min_size=1, max_size=20).map(str.strip)
        .filter(bool) | st.none(),
    }),
    min_size=1, max_size=12,
)


@settings(max_examples=25, deadline=None)
@given(posts, st.sampled_from(["kk", "ru"]))
def test_write_then_read_gives_the_same_rows(records: list[dict[str, object]], lang: str) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    write_table(ws, POSTS, records, lang=lang)
    reopened = _reopen(wb)
    table, header_findings = table_from_rows(sheet_rows(reopened.worksheets[0]), POSTS, org="47", title="p")
    typed, findings = validate_table(table, Context.default())
    assert header_findings == [] and findings == []
    assert list(typed.frame.index) == list(range(2, 2 + len(records)))
    assert typed.frame.to_dict("records") == records
