"""`baulu redact`: a value leaves the store's file bytes and every backup; the audit keeps who,
when, why and where — never the value. The triggers still refuse every other change."""

from __future__ import annotations

import html
import random
import re
import shlex
import sqlite3
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from macros.cli import build_parser, main
from sync.redact import redact
from sync.store import REDACTED, Redaction, Store, Tabs, encode_tabs
from sync.workspace import load_workspace, write_config

IIN = "150320500121"
NAME = "Асанова Айгерім"


def _tabs(comment: object, code: object = "47-Э-01") -> Tabs:
    return {
        "Мониторинг": [["Бала коды", "Топ түрі", "Кезең"], [code, "эксперименттік", "бастапқы"]],
        "Жариялымдар": [["Күні", "Желі", "Сілтеме", "Түсініктеме"],
                        ["01.03.2026", "Instagram", "https://instagram.com/p/1", comment]],
    }


def _zlib_streams(data: bytes) -> Iterator[bytes]:
    """Whatever decompresses from every place in ``data`` a zlib stream could start (free pages too)."""
    for m in re.finditer(rb"\x78[\x01\x5e\x9c\xda]", data):
        inflate, out = zlib.decompressobj(), b""
        for at in range(m.start(), min(len(data), m.start() + (1 << 16)), 32):  # a torn stream still
            try:                                                                  # yields its head
                out += inflate.decompress(data[at:at + 32])
            except zlib.error:
                break
        yield out


def _in_bytes(path: Path, value: str) -> bool:
    """Whether ``value`` can be read from the file's bytes, plainly or in any zlib stream in it."""
    needle = value.encode("utf-8")
    for part in [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))]:
        if not part.exists():
            continue
        data = part.read_bytes()
        if needle in data or any(needle in s for s in _zlib_streams(data)):
            return True
    return False


def _in_xlsx(path: Path, value: str) -> bool:
    """Whether any part holds ``value``, XML character references read (openpyxl over lxml writes
    non-ASCII text as &#1057;…)."""
    with zipfile.ZipFile(path) as z:
        return any(value in html.unescape(z.read(n).decode("utf-8", "replace")) for n in z.namelist())


def _backup(path: Path, value: object) -> Path:
    """A master backup as an earlier Baulu wrote it: the value in a consolidated cell and a note."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Жариялымдар (МДҰ)"
    ws.append(["Ұйым коды", "Түсініктеме", "Сілтеме"])
    ws.append(["47", value, "https://instagram.com/p/1"])
    ws.append(["34", "Экскурсия", "=HYPERLINK(\"https://t.me/x\")"])
    ws["B3"].comment = Comment(f"• Мұнда ЖСН жазылған сияқты: {value}", "Baulu")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace whose store holds the IIN in two versions of 47 (one as a number) and whose
    backups hold it as an earlier version of Baulu wrote them."""
    root = tmp_path / "ws"
    write_config(root)
    with Store.for_workspace(root) as store:
        store.add("47", "kindergartens/47.xlsx", _tabs(f"ЖСН {IIN} ауырды"))
        store.add("34", "kindergartens/34.xlsx", _tabs("Экскурсия", "34-Э-01"))
        store.add("47", "kindergartens/47.xlsx", _tabs("Экскурсия", int(IIN)))
        store.add("47", "kindergartens/47.xlsx", _tabs("Шеберхана"))
    backups = load_workspace(root).backup_dir
    _backup(backups / "master.20260301-100000-000000.xlsx", f"ЖСН {IIN} ауырды")
    _backup(backups / "master.20260302-100000-000000.xlsx", "Экскурсия")
    return root


def _db(root: Path) -> Path:
    return root / ".baulu" / "store.sqlite"


def test_redact_removes_the_value_from_the_store_bytes_and_every_backup(
    ws: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert _in_bytes(_db(ws), IIN)  # the check can see it: compressed, in the SQLite file
    before_backups = sorted((ws / ".baulu" / "backups").iterdir())
    assert _in_xlsx(before_backups[0], IIN)

    code = main(["redact", str(ws), "--org", "47", "--value", IIN, "--why", "ата-ананың өтініші"])
    out = capsys.readouterr().out
    assert code == 0
    assert IIN not in out and "1503******21" in out

    assert not _in_bytes(_db(ws), IIN)
    assert not (_db(ws).with_name("store.sqlite-wal")).exists() or not _in_bytes(_db(ws), IIN)
    for backup in (ws / ".baulu" / "backups").iterdir():
        assert not _in_xlsx(backup, IIN), backup.name
    assert sorted((ws / ".baulu" / "backups").iterdir()) == before_backups  # rewritten in place, none added

    with Store.for_workspace(ws) as store:
        v1, v2, v3, v4 = (store.get(v) for v in (1, 2, 3, 4))
        assert v1 is not None and v2 is not None and v3 is not None and v4 is not None
        assert v1.tabs["Жариялымдар"][1][3] == REDACTED
        assert v3.tabs["Мониторинг"][1][0] == REDACTED  # the number Excel made of it, too
        assert v1.tabs["Жариялымдар"][1][:3] == ["01.03.2026", "Instagram", "https://instagram.com/p/1"]
        assert v4.tabs == _tabs("Шеберхана") and v2.tabs == _tabs("Экскурсия", "34-Э-01")
        assert [(h.version, h.revision) for h in store.history()] == [
            (1, v1.revision), (2, v2.revision), (3, v3.revision), (4, v4.revision)]
        (audit,) = store.redactions()
        assert audit.why == "ата-ананың өтініші" and audit.org == "47" and audit.who
        assert ("store", 1, "Жариялымдар", "D2") in audit.cells
        assert ("store", 3, "Мониторинг", "A2") in audit.cells
        assert (".baulu/backups/master.20260301-100000-000000.xlsx", None, "Жариялымдар (МДҰ)", "B2") in audit.cells
        assert (".baulu/backups/master.20260301-100000-000000.xlsx", None, "Жариялымдар (МДҰ)", "B3") in audit.cells
        assert len(audit.cells) == 4
    conn = sqlite3.connect(_db(ws))
    try:
        dump = "\n".join(conn.iterdump())
        assert IIN not in dump and "ата-ананың өтініші" in dump
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    wb = openpyxl.load_workbook(before_backups[0])
    sheet = wb.worksheets[0]
    assert sheet["B2"].value == REDACTED and sheet["B3"].comment.text == REDACTED  # type: ignore[union-attr]
    assert sheet["C3"].value == "=HYPERLINK(\"https://t.me/x\")"  # what did not match is left alone


def test_redact_by_the_place_a_finding_points_at(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["redact", str(ws), "--org", "47", "--sheet", "Жариялымдар", "--cell", "D2", "--version", "1",
                 "--why", "өтініш", "--lang", "ru"])
    assert code == 0
    out = capsys.readouterr().out
    assert "удалено" in out and IIN not in out
    assert not _in_bytes(_db(ws), f"ЖСН {IIN} ауырды")  # every version of 47 holding that text is cleaned
    with Store.for_workspace(ws) as store:
        v3 = store.get(3)
        assert v3 is not None and v3.tabs["Мониторинг"][1][0] == int(IIN)  # not the same text: kept
        assert store.get(1).tabs["Жариялымдар"][1][3] == REDACTED  # type: ignore[union-attr]


def test_dry_run_changes_nothing(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.read_bytes() for p in ws.rglob("*") if p.is_file() and "store.sqlite" not in p.name}
    assert main(["redact", str(ws), "--value", IIN, "--why", "тексеру", "--dry-run"]) == 0
    assert "4" in capsys.readouterr().out  # v1 D2, v3 A2 and the first backup's B2 and its note
    assert {p: p.read_bytes() for p in before} == before
    with Store.for_workspace(ws) as store:
        assert store.redactions() == []
        assert store.get(1).tabs == _tabs(f"ЖСН {IIN} ауырды")  # type: ignore[union-attr]


def test_nothing_found_is_said_and_audits_nothing(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["redact", str(ws), "--value", "Жоқ Мән", "--why", "x"]) == 0
    assert "табылмады" in capsys.readouterr().out
    with Store.for_workspace(ws) as store:
        assert store.redactions() == []


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--value", IIN], 2),  # no --why
        (["--value", IIN, "--why", "  "], 2),
        (["--why", "x"], 2),  # neither value nor place
        (["--value", IIN, "--cell", "D2", "--org", "47", "--sheet", "x", "--why", "x"], 2),
        (["--cell", "D2", "--why", "x"], 2),  # a place needs org and sheet
        (["--value", "47", "--why", "x"], 2),  # too short to be safe
        (["--org", "99", "--value", IIN, "--why", "x"], 1),  # no such organisation in the store
        (["--org", "47", "--sheet", "Жариялымдар", "--cell", "Z99", "--why", "x"], 1),  # empty cell
        (["--org", "47", "--sheet", "Жариялымдар", "--cell", "D2", "--version", "2", "--why", "x"], 1),  # 34's
    ],
)
def test_exit_codes(ws: Path, argv: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        got = main(["redact", str(ws), *argv])
    except SystemExit as usage:  # argparse's own usage errors
        got = int(str(usage.code))
    assert got == code
    assert "Traceback" not in capsys.readouterr().out
    with Store.for_workspace(ws) as store:
        assert store.redactions() == []


def test_a_master_open_in_excel_is_not_rewritten(ws: Path) -> None:
    master = ws / "master.xlsx"
    _backup(master, f"ЖСН {IIN}")
    (ws / "~$master.xlsx").write_text("lock", encoding="utf-8")
    assert main(["redact", str(ws), "--value", IIN, "--why", "x"]) == 1
    with Store.for_workspace(ws) as store:
        assert store.redactions() == []  # refused before anything changed
    (ws / "~$master.xlsx").unlink()
    result = redact(load_workspace(ws), IIN, why="x", who="coordinator")
    assert "master.xlsx" in result.files and not _in_xlsx(master, IIN)


# --------------------------------------------------------------------------- the guard itself


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.for_workspace(tmp_path) as s:
        s.add("47", "a.xlsx", _tabs(f"ЖСН {IIN}"))
        yield s


def _raw(store: Store) -> sqlite3.Connection:
    return sqlite3.connect(store.path)


def test_triggers_still_refuse_any_change_but_an_audited_redaction(store: Store) -> None:
    conn = _raw(store)
    try:
        for sql in ("UPDATE snapshots SET tabs = x'00'", "UPDATE snapshots SET org = 'x'", "DELETE FROM snapshots"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
        with pytest.raises(sqlite3.IntegrityError, match="audit row"):  # a permit with no audit behind it
            conn.execute("INSERT INTO redaction_permits (version, audit_id, tabs) VALUES (1, 1, x'00')")
        conn.rollback()
        audit_id = store.redact([Redaction(1, _tabs(REDACTED), [("Жариялымдар", "D2")])], who="u", why="w", org="47")
        for sql in ("UPDATE redactions SET why = 'x'", "DELETE FROM redactions", "DELETE FROM redaction_cells",
                    "UPDATE redaction_cells SET cell = 'A1'"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
        # an old audit row cannot license a new rewrite, and a permit never changes other columns
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO redactions (at, who, why) VALUES ('t', 'u', 'w')")
            conn.execute("INSERT INTO redaction_permits (version, audit_id, tabs) VALUES (1, ?, x'00')", (audit_id,))
        conn.rollback()
        conn.execute("INSERT INTO redactions (at, who, why) VALUES ('t', 'u', 'w')")
        new_id = conn.execute("SELECT max(audit_id) FROM redactions").fetchone()[0]
        conn.execute("INSERT INTO redaction_cells VALUES (?, 'store', 1, 'x', 'A1')", (new_id,))
        conn.execute("INSERT INTO redaction_permits (version, audit_id, tabs) VALUES (1, ?, x'00')", (new_id,))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE snapshots SET tabs = x'00', revision = 'forged' WHERE version = 1")
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM redaction_permits").fetchone()[0] == 0
    finally:
        conn.close()
    snap = store.get(1)
    assert snap is not None and snap.tabs == _tabs(REDACTED)


def test_no_piece_of_a_rewritten_version_survives_in_the_file(tmp_path: Path) -> None:
    """A version big enough to span overflow pages, the value in 300 of its cells. With SQLite's
    defaults where secure_delete is off (python.org on Windows) and no VACUUM, 251 of its 265
    32-byte pieces were still in the file after the rewrite (measured); here: none."""
    rng = random.Random(7)
    old = _tabs(f"ЖСН {IIN}")
    old["Жариялымдар"] += [[f"ЖСН {IIN} " + "".join(rng.choices("abcdefghijklmnop0123456789", k=40))]
                           for _ in range(300)]
    new = {t: [[REDACTED if IIN in str(c) else c for c in r] for r in rows] for t, rows in old.items()}
    old_blob, new_blob = (zlib.compress(encode_tabs(t).encode("utf-8")) for t in (old, new))
    pieces = [old_blob[i:i + 32] for i in range(0, len(old_blob) - 32, 32)]
    pieces = [p for p in pieces if p not in new_blob]
    with Store.for_workspace(tmp_path) as store:
        store.add("47", "a.xlsx", old)
        store.add("34", "b.xlsx", _tabs("Экскурсия"))
    path = tmp_path / ".baulu" / "store.sqlite"
    assert sum(p in path.read_bytes() for p in pieces) >= len(pieces) - 2 > 200
    result = redact(load_workspace(_workspace(tmp_path)), IIN, why="x", who="u", org="47")
    assert len(result.store[1]) == 301
    assert [p for p in pieces if p in path.read_bytes()] == []
    assert not _in_bytes(path, IIN)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0  # rebuilt: no free page keeps anything
    finally:
        conn.close()
    wal = path.with_name("store.sqlite-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def _workspace(root: Path) -> Path:
    write_config(root)
    return root


def test_an_older_store_gets_the_guard_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE snapshots (version INTEGER PRIMARY KEY AUTOINCREMENT, org TEXT NOT NULL, location TEXT NOT NULL,"
        " revision TEXT NOT NULL, pulled_at TEXT NOT NULL, tabs BLOB NOT NULL);"
        "CREATE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots"
        " BEGIN SELECT RAISE(ABORT, 'snapshots are append-only'); END;"
        "PRAGMA user_version = 1;"
    )
    conn.close()
    with Store(path) as store:
        store.add("47", "a.xlsx", _tabs(IIN))
        store.redact([Redaction(1, _tabs(REDACTED), [("Жариялымдар", "D2")])], who="u", why="w", org="47")
        store.compact()
        assert store.get(1).tabs == _tabs(REDACTED)  # type: ignore[union-attr]
    assert not _in_bytes(path, IIN)


# --------------------------------------------------------------------------- the document


def test_privacy_doc_in_both_languages_names_every_place_and_its_commands_parse() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "privacy.md").read_text(encoding="utf-8")
    kk, ru = doc.split("## Қазақша", 1)[1].split("## Русский", 1)
    for part in (kk, ru):
        for place in ("master.xlsx", ".baulu/store.sqlite", ".baulu/backups/", "logs/baulu.log", "baulu redact",
                      "94-V", "--dry-run"):
            assert place in part, place
    assert "келісім" in kk and "Қазақстан Республикасының аумағында" in kk and "жоюға" in kk
    assert "согласия" in ru and "на территории Республики Казахстан" in ru and "уничтожить" in ru
    commands = re.findall(r"^baulu (redact .+)$", doc, flags=re.M)
    assert len(commands) == 4
    parser = build_parser()
    for line in commands:
        args = parser.parse_args(shlex.split(line.replace("\\", "/")))
        assert args.why and (args.value or (args.org and args.sheet and args.cell))
