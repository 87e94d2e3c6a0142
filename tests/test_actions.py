"""The actions in macros/ return reports and take a progress callback, without a console; the
reasons a file could not be read reach a person in Kazakh or Russian, never in a library's English;
`baulu validate` speaks the workspace's language."""

from __future__ import annotations

import ast
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl.utils.exceptions import InvalidFileException
from rich.console import Console

from macros.cli import main
from macros.init import InitReport, init_workspace
from macros.render_sync import print_history
from macros.sync_cmd import HistoryReport, history
from macros.validate import ValidateReport, validate
from schemas.errors import BauluError
from schemas.seed import ORGANISATIONS
from sync.workspace import write_config
from tests.test_texts import english_words
from workbook.reasons import explain

ROOT = Path(__file__).resolve().parents[1]
ACTIONS = ("init", "validate", "sync_cmd", "demo", "demo_data")
CODES = [o.code for o in ORGANISATIONS]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, InitReport, list[tuple[str, str]]]:
    calls: list[tuple[str, str]] = []
    root = tmp_path_factory.mktemp("actions") / "ws"
    report = init_workspace(root, progress=lambda org, stage: calls.append((org, stage)))
    return root, report, calls


@pytest.fixture
def ws(fresh: tuple[Path, InitReport, list[tuple[str, str]]], tmp_path: Path) -> Path:
    return Path(shutil.copytree(fresh[0], tmp_path / "ws"))


@pytest.mark.parametrize("module", ACTIONS)
def test_action_modules_do_not_touch_the_terminal(module: str) -> None:
    tree = ast.parse((ROOT / "macros" / f"{module}.py").read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m.split(".")[0] == "rich" or m.startswith("macros.render")]


def test_init_reports_what_it_made_and_its_progress(fresh: tuple[Path, InitReport, list[tuple[str, str]]]) -> None:
    root, report, calls = fresh
    assert report.workspace.master == root / "master.xlsx" and report.workspace.master.exists()
    assert list(report.kindergartens) == CODES and all(p.exists() for p in report.kindergartens.values())
    assert calls == [("", "master"), *((code, "built") for code in CODES)]


def test_validate_reports_findings_and_progress(ws: Path) -> None:
    (ws / "kindergartens" / "47.xlsx").write_bytes(b"not a workbook")
    calls: list[tuple[str, str]] = []
    report = validate(ws, progress=lambda org, stage: calls.append((org, stage)))
    assert isinstance(report, ValidateReport) and report.path == ws
    assert calls[0] == ("", "master")
    assert [c for c in calls if c[1] == "checked"] == [(code, "checked") for code in CODES]
    (broken,) = [f for f in report.findings if f.rule == "file.unreadable"]
    assert broken.org == "47" and broken.value == "47.xlsx"
    assert "бұл .xlsx кітабы емес" in broken.message_kk and "это не книга .xlsx" in broken.message_ru
    for text in (broken.message_kk, broken.message_ru):
        assert "zip" not in text.lower() and not english_words(text.replace("47.xlsx", ""))


def test_history_of_a_fresh_workspace(ws: Path) -> None:
    report = history(ws)
    assert report == HistoryReport([], "kk")
    console = Console(record=True, width=120)
    print_history(console, report, "ru")
    assert "Сохранённых версий нет." in console.export_text()


@pytest.mark.parametrize("exc", [
    zipfile.BadZipFile("File is not a zip file"),
    KeyError("There is no item named '[Content_Types].xml' in the archive"),
    InvalidFileException("openpyxl does not support the old .xls file format, please use xlrd"),
    FileNotFoundError(2, "No such file or directory"),
    PermissionError(13, "Permission denied"),
    IsADirectoryError(21, "Is a directory"),
    OSError(5, "Input/output error"),
    UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
])
def test_known_exceptions_are_explained_in_kazakh_and_russian(exc: Exception) -> None:
    kk, ru = explain(exc)
    assert kk != ru
    for text in (kk, ru):
        assert not english_words(text), text
        assert str(exc)[:12] not in text


def test_an_unknown_exception_gets_a_general_sentence_with_its_type() -> None:
    class StrangeThing(Exception):
        pass

    kk, ru = explain(StrangeThing("some English detail"))
    assert "StrangeThing" in kk and "StrangeThing" in ru and "English" not in kk + ru
    assert explain(BauluError("қазақша", "по-русски")) == ("қазақша", "по-русски")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_validate_a_file_that_is_not_a_workbook(tmp_path: Path, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    assert main(["validate", str(path), "--lang", lang]) == 1
    out = " ".join(capsys.readouterr().out.split())
    expected = "Қате: report.xlsx: бұл .xlsx кітабы емес" if lang == "kk" else "Ошибка: report.xlsx: это не книга .xlsx"
    assert expected in out
    assert "zip" not in out.lower() and "Traceback" not in out
    assert main(["validate", str(tmp_path / "missing.xlsx"), "--lang", lang]) == 1
    assert ("файл жоқ" if lang == "kk" else "файл не найден") in capsys.readouterr().out


def test_validate_follows_the_workspace_language(ws: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BAULU_LANG", raising=False)
    write_config(ws, lang="ru")
    (ws / "kindergartens" / "34.xlsx").write_bytes(b"not a workbook")
    assert main(["validate", str(ws)]) == 0
    out = capsys.readouterr().out
    assert "Всего: ошибок — 1" in out and "Не удалось прочитать файл" in out and "Барлығы" not in out
    assert main(["validate", str(ws / "kindergartens" / "47.xlsx")]) == 0
    assert "Замечаний нет." in capsys.readouterr().out
    assert main(["validate", str(ws), "--lang", "kk"]) == 0
    assert "Барлығы: қате — 1" in capsys.readouterr().out


def test_a_failed_run_speaks_the_workspace_language(ws: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BAULU_LANG", raising=False)
    write_config(ws, lang="ru")
    (ws / "master.xlsx").unlink()
    assert main(["sync", str(ws)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "Ошибка:" in out and "сводной книги нет" in out and "жиынтық" not in out
