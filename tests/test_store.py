"""Tests for sync.store: the append-only SQLite snapshot store."""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.store import Store, Tabs, content_revision, decode_tabs, encode_tabs

KAZAKH = "ӘәІіҢңҒғҮүҰұҚқӨөҺһ"

SHEET: Tabs = {
    "Балалар": [
        ["Аты-жөні", "Туған күні", "Тобы", "Қатысты"],
        ["Әлішер Қайратұлы", dt.date(2021, 3, 12), 2, True],
        ["Аружан", dt.datetime(2021, 5, 1, 9, 30), 0, False],
        [None, dt.time(8, 15), 1.5, ""],
    ],
    "Байқаулар": [["«Шебер қолдар»", 1], []],
}


def changed(tabs: Tabs, value: object) -> Tabs:
    out = {k: [list(r) for r in v] for k, v in tabs.items()}
    out["Балалар"][1][2] = value
    return out


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.for_workspace(tmp_path) as s:
        yield s


def test_for_workspace_path_and_wal(tmp_path: Path) -> None:
    with Store.for_workspace(tmp_path) as s:
        assert s.path == tmp_path / ".baulu" / "store.sqlite"
        assert s.path.is_file()
    conn = sqlite3.connect(tmp_path / ".baulu" / "store.sqlite")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_same_content_is_stored_once(store: Store) -> None:
    first, added = store.add("47", "kindergartens/47.xlsx", SHEET)
    assert added and first.version == 1
    again, added2 = store.add("47", "kindergartens/47.xlsx", changed(SHEET, 2))
    assert added2 is False
    assert again == first
    assert len(store.history()) == 1


def test_changed_content_is_a_new_version(store: Store) -> None:
    store.add("47", "a.xlsx", SHEET)
    info, added = store.add("47", "a.xlsx", changed(SHEET, 3))
    assert added and info.version == 2
    assert info.revision == content_revision(changed(SHEET, 3)) != content_revision(SHEET)
    assert [h.version for h in store.history("47")] == [1, 2]


def test_revert_to_older_content_is_stored_again(store: Store) -> None:
    store.add("47", "a.xlsx", SHEET)
    store.add("47", "a.xlsx", changed(SHEET, 3))
    info, added = store.add("47", "a.xlsx", SHEET)  # only the LATEST revision is compared
    assert added and info.version == 3


def test_explicit_revision_and_pulled_at(store: Store) -> None:
    info, _ = store.add("34", "sheet-id", SHEET, revision="drive:17", pulled_at="2026-03-12T08:00:00Z")
    assert (info.revision, info.pulled_at) == ("drive:17", "2026-03-12T08:00:00Z")
    _, added = store.add("34", "sheet-id", changed(SHEET, 9), revision="drive:17")
    assert added is False


def test_pulled_at_defaults_to_utc_seconds(store: Store) -> None:
    info, _ = store.add("47", "a.xlsx", SHEET)
    when = dt.datetime.fromisoformat(info.pulled_at)
    assert when.utcoffset() == dt.timedelta(0) and when.microsecond == 0
    assert abs(dt.datetime.now(dt.UTC) - when) < dt.timedelta(minutes=1)


def test_latest_and_get_round_trip_exact_types(store: Store) -> None:
    info, _ = store.add("47", "a.xlsx", SHEET)
    for snap in (store.latest("47"), store.get(info.version)):
        assert snap is not None
        assert snap.tabs == SHEET
        assert snap.info == info
        row1, row2, row3 = snap.tabs["Балалар"][1:]
        assert type(row1[1]) is dt.date and type(row2[1]) is dt.datetime and type(row3[1]) is dt.time
        assert type(row1[2]) is int and type(row2[2]) is int and type(row3[2]) is float
        assert row1[3] is True and row2[3] is False
    assert store.latest("nope") is None
    assert store.get(999) is None


def test_types_give_distinct_revisions() -> None:
    revs = {content_revision({"t": [[v]]}) for v in (1, 1.0, True, "1", None, dt.date(2026, 1, 1))}
    assert len(revs) == 6
    dated = {content_revision({"t": [[v]]}) for v in (dt.date(2026, 1, 1), dt.datetime(2026, 1, 1))}
    assert len(dated) == 2


def test_revision_ignores_tab_order_and_construction() -> None:
    a: Tabs = {"x": [[1, "ә"]], "y": [[None]]}
    b: Tabs = {"y": [[None]], "x": [[1, "ә"]]}
    assert content_revision(a) == content_revision(b)
    assert content_revision(a).startswith("sha256:") and len(content_revision(a)) == 7 + 64


def test_non_finite_floats_become_none() -> None:
    tabs: Tabs = {"t": [[math.nan, math.inf, -math.inf, 2.5]]}
    assert decode_tabs(encode_tabs(tabs)) == {"t": [[None, None, None, 2.5]]}


def test_unsupported_cell_raises() -> None:
    with pytest.raises(TypeError):
        encode_tabs({"t": [[object()]]})
    with pytest.raises(ValueError):
        decode_tabs('{"t": [[{"$nope": "x"}]]}')


def test_encoding_is_canonical_and_readable() -> None:
    text = encode_tabs({"b": [[dt.date(2026, 3, 12)]], "a": [["Қазақ"]]})
    assert text == '{"a":[["Қазақ"]],"b":[[{"$date":"2026-03-12"}]]}'


cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.text(alphabet=KAZAKH + "abc «»-"),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.times(),
)
tabs_strategy = st.dictionaries(
    st.text(alphabet=KAZAKH + "ABC 123", max_size=12),
    st.lists(st.lists(cells, max_size=6), max_size=6),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(tabs_strategy)
def test_encode_decode_round_trip(tabs: Tabs) -> None:
    back = decode_tabs(encode_tabs(tabs))
    assert back == tabs
    flat = [
        (type(a), type(b))
        for k in tabs
        for ra, rb in zip(tabs[k], back[k], strict=True)
        for a, b in zip(ra, rb, strict=True)
    ]
    assert all(ta is tb for ta, tb in flat)
    assert content_revision(back) == content_revision(tabs)


def test_two_stores_on_one_file_see_each_other(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    with Store(path) as writer, Store(path) as reader:
        assert reader.latest("47") is None
        writer.add("47", "a.xlsx", SHEET)
        snap = reader.latest("47")
        assert snap is not None and snap.tabs == SHEET
        reader.set_state("digest:47", "abc")
        run = reader.start_run()
        assert writer.get_state("digest:47") == "abc"
        assert [r.run_id for r in writer.runs()] == [run]
        _, added = reader.add("47", "a.xlsx", SHEET)
        assert added is False


def test_runs_round_trip(store: Store) -> None:
    r1 = store.start_run()
    r2 = store.start_run()
    first = store.runs()
    assert [r.run_id for r in first] == [r2, r1]
    assert first[0].status == "running" and first[0].finished_at is None and first[0].summary == {}
    summary: dict[str, object] = {"pulled": 5, "changed": ["47", "34"], "note": "Әлішер", "ok": True}
    store.finish_run(r1, "ok", summary)
    done = next(r for r in store.runs() if r.run_id == r1)
    assert done.status == "ok" and done.summary == summary and done.finished_at is not None
    assert len(store.runs(limit=1)) == 1
    with pytest.raises(KeyError):
        store.finish_run(999, "ok", {})


def test_state_round_trip(store: Store) -> None:
    assert store.get_state("k") is None
    store.set_state("k", "v1")
    store.set_state("k", "v2")
    store.set_state("қ", "ә")
    assert store.get_state("k") == "v2" and store.get_state("қ") == "ә"


def test_history_filters_and_orgs(store: Store) -> None:
    store.add("47", "a", SHEET)
    store.add("34", "b", SHEET)
    store.add("47", "a", changed(SHEET, 5))
    assert [(h.org, h.version) for h in store.history()] == [("47", 1), ("34", 2), ("47", 3)]
    assert [h.version for h in store.history("47")] == [1, 3]
    assert [h.version for h in store.history("34")] == [2]
    assert store.history("none") == []
    assert store.orgs() == ["34", "47"]


def test_nothing_is_ever_deleted(tmp_path: Path) -> None:
    with Store.for_workspace(tmp_path) as s:
        for n in (1, 2, 3):
            s.add("47", "a", changed(SHEET, n))
        assert [h.version for h in s.history()] == [1, 2, 3]
        path = s.path
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError), conn:
            conn.execute("DELETE FROM snapshots")
        with pytest.raises(sqlite3.IntegrityError), conn:
            conn.execute("UPDATE snapshots SET org = 'x'")
    finally:
        conn.close()
    with Store(path) as s:
        assert [h.version for h in s.history("47")] == [1, 2, 3]
        snaps = [s.get(v) for v in (1, 2, 3)]
        assert [x.tabs if x else None for x in snaps] == [changed(SHEET, n) for n in (1, 2, 3)]


def test_closed_file_can_be_moved_and_reopened(tmp_path: Path) -> None:
    s = Store(tmp_path / "one" / "store.sqlite")
    s.add("47", "a", SHEET)
    s.close()
    s.close()  # idempotent
    assert not (tmp_path / "one" / "store.sqlite-wal").exists()
    moved = (tmp_path / "one").rename(tmp_path / "two") / "store.sqlite"
    with Store(moved) as again:
        snap = again.latest("47")
        assert snap is not None and snap.tabs == SHEET
