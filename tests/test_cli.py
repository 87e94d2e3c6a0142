"""The command line: `baulu validate --json` on a filled kindergarten workbook, exit codes, docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros.cli import build_parser, main
from schemas.finding import FINDING_KEYS
from schemas.seed import ORGANISATIONS
from workbook.build import build_kindergarten
from workbook.save import save_atomic

ROOT = Path(__file__).resolve().parents[1]

# (sheet title, cell) -> value typed by a project lead; valid forms and mistakes mixed
TYPED: dict[tuple[str, str], object] = {
    ("Байқаулар", "E2"): "20.02.2026", ("Байқаулар", "F2"): "1 200", ("Байқаулар", "G2"): "8,0",
    ("Байқаулар", "E3"): "12 наурыз 2026", ("Байқаулар", "F3"): "-3",
    ("Байқаулар", "E4"): 46180, ("Байқаулар", "F4"): "12,5",  # 07.06.2026 as an Excel serial
    ("Байқаулар", "E5"): "2026-08-03",  # a July contest held in August
    ("Байқаулар", "E6"): "15 сентября 2026",
    ("Мониторинг", "A2"): "47-Э-01", ("Мониторинг", "B2"): "эксперименттік", ("Мониторинг", "F2"): "бастапқы",
    ("Мониторинг", "G2"): 1, ("Мониторинг", "H2"): "2", ("Мониторинг", "I2"): "жоғары",
    ("Мониторинг", "A3"): "47-Э-01", ("Мониторинг", "B3"): "Э", ("Мониторинг", "F3"): "Бастапқы",
    ("Мониторинг", "A4"): "Асанов Нұрлан", ("Мониторинг", "B4"): "бақылау", ("Мониторинг", "F4"): "I тоқсан",
    ("Мониторинг", "A5"): "47-Б-02", ("Мониторинг", "B5"): "Контрольная", ("Мониторинг", "F5"): "2026 I квартал",
    ("Мониторинг", "G5"): 4,
    ("Мониторинг", "A6"): "060315500123", ("Мониторинг", "B6"): "бақылау", ("Мониторинг", "F6"): "Q1",
    ("Дамытушы орта", "B2"): "да", ("Дамытушы орта", "B3"): "иә", ("Дамытушы орта", "C3"): "12.03.2026",
    ("Дамытушы орта", "B4"): "мүмкін",
    ("Жоспар орындалуы", "D2"): "орындалды",
    ("Жоспар орындалуы", "D3"): "Выполнено", ("Жоспар орындалуы", "E3"): "1.02.2026",
    ("Жоспар орындалуы", "F3"): "https://instagram.com/p/1",
    ("Жариялымдар", "A2"): "15.01.2027", ("Жариялымдар", "B2"): "инстаграм",
    ("Жариялымдар", "C2"): "https://instagram.com/p/2",
}

EXPECTED = {
    ("value.negative", "Байқаулар", "F3", "error"),
    ("type.integer", "Байқаулар", "F4", "error"),
    ("contest.month", "Байқаулар", "E5", "warning"),
    ("child.duplicate", "Мониторинг", "A3", "error"),
    ("child.name", "Мониторинг", "A4", "error"),
    ("value.level", "Мониторинг", "G5", "error"),
    ("child.iin", "Мониторинг", "A6", "error"),
    ("value.choice", "Дамытушы орта", "B4", "error"),
    ("plan.done_without_date", "Жоспар орындалуы", "E2", "error"),
    ("plan.done_without_evidence", "Жоспар орындалуы", "F2", "error"),
    ("date.out_of_pilot", "Жариялымдар", "A2", "error"),
}


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    wb = build_kindergarten(ORGANISATIONS[0])
    for (sheet, cell), value in TYPED.items():
        wb[sheet][cell] = value
    path = tmp_path / "47.xlsx"
    save_atomic(wb, path)
    return path


def test_validate_json_returns_exactly_the_expected_findings(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(filled), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert all(list(f) == list(FINDING_KEYS) for f in found)
    assert {(f["rule"], f["sheet"], f["cell"], f["severity"]) for f in found} == EXPECTED
    assert len(found) == len(EXPECTED)
    assert {f["org"] for f in found} == {"47"}
    negative = next(f for f in found if f["rule"] == "value.negative")
    assert negative["row"] == 3 and negative["value"] == "-3" and negative["column"] == "Қатысқан балалар"


def test_validate_table_in_russian(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(filled), "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "Количество не может быть отрицательным" in out
    assert "Всего: ошибок — 10, предупреждений — 1." in out


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "missing.xlsx")]) == 1
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    assert main(["validate", str(tmp_path / "broken.xlsx")]) == 1
    err = capsys.readouterr().out
    assert "Traceback" not in err and "broken.xlsx" in err
    with pytest.raises(SystemExit) as usage:
        main(["validate"])
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as usage:
        main(["sync", str(tmp_path), "--lang", "en"])
    assert usage.value.code == 2
    assert main(["sync", str(tmp_path), "--every", "soon"]) == 2


def test_init_refuses_to_overwrite_a_workspace(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert main(["init", str(root)]) == 0
    before = (root / "master.xlsx").read_bytes()
    assert main(["init", str(root)]) == 1
    assert (root / "master.xlsx").read_bytes() == before
    assert main(["validate", str(root), "--json"]) == 0


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    commands = sub.choices  # type: ignore[attr-defined]
    assert set(commands) >= {"init", "validate", "sync", "history", "restore", "demo"}
    for name, command in commands.items():
        assert f"baulu {name}" in readme, name
        assert command.format_help().strip()
    lines = readme.splitlines()
    assert [ln.split()[1] for ln in lines if ln.startswith("make ")][:2] == ["demo", "test"]
