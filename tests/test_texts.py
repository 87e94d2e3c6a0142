"""No English reaches a coordinator: help, usage and errors of the command line in Kazakh or Russian,
every command and option described in both, the language chosen as documented."""

from __future__ import annotations

import argparse
import inspect
import re
from pathlib import Path

import pytest

from macros import texts
from macros.cli import build_parser, main
from macros.parser import Parser, translate

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# what may stay Latin in a Kazakh or Russian sentence: names of things the person types or sees
ALLOWED_LATIN = {"baulu", "toml", "xlsx", "xls", "json", "JSON", "Excel", "Google", "help", "Word", "LibreOffice", "soffice"}
NOT_PROSE = re.compile(r"\S*/\S*|\bbaulu [a-z]+|--?[\w-]+|\b[A-Z_]{2,}\b|\S+\.\w+|\w+://\S*|\{[^}]*\}|\b\d+[smh]\b")
ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "error:", "the following",
                    "invalid choice", "unrecognized", "expected one argument", "required")


def english_words(text: str) -> list[str]:
    """Latin words of a text that are not an option, a metavar, a file name, a link or a placeholder."""
    return [w for w in LATIN_WORD.findall(NOT_PROSE.sub(" ", text)) if w not in ALLOWED_LATIN]


def described(parser: argparse.ArgumentParser, command: str = "") -> dict[tuple[str, str], str]:
    """(command, option) -> help, for the program and every sub-command at every level (``addin
    build``), help option included."""
    found: dict[tuple[str, str], str] = {(command, "description"): parser.description or ""}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                found[(f"{command} {choice.dest}".strip(), "")] = choice.help or ""
            for name, sub in action.choices.items():
                found.update(described(sub, f"{command} {name}".strip()))
            if not command:  # the program's list of commands is described by each command
                continue
        found[(command, action.dest)] = action.help or ""
    return found


def every_parser(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The program's parser and every sub-command's, at every level."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += every_parser(sub)
    return found


def help_problems(kk: argparse.ArgumentParser, ru: argparse.ArgumentParser) -> list[str]:
    """Every command and option needs a real description in both languages."""
    texts_kk, texts_ru = described(kk), described(ru)
    problems = [f"{key}: only in one language" for key in set(texts_kk) ^ set(texts_ru)]
    for key in sorted(set(texts_kk) & set(texts_ru)):
        k, r = texts_kk[key].strip(), texts_ru[key].strip()
        if not k or not r:
            problems.append(f"{key}: empty")
        elif k == r:
            problems.append(f"{key}: the same in both languages")
        for lang, text in (("kk", k), ("ru", r)):
            if english_words(text):
                problems.append(f"{key} [{lang}]: English {english_words(text)}")
    return problems


def test_every_command_and_option_has_a_real_description_in_both_languages() -> None:
    assert help_problems(build_parser("kk"), build_parser("ru")) == []
    commands = {key[0] for key in described(build_parser("kk")) if key[1] == "description" and key[0]}
    assert commands >= {"init", "validate", "sync", "history", "restore", "demo", "addin", "addin build"}
    assert ("addin build", "interpreter") in described(build_parser("kk"))


def test_the_help_check_fails_on_a_missing_a_copied_or_an_english_description() -> None:
    def parser(lang: str, helps: dict[str, str]) -> Parser:
        p = Parser(prog="x", description=texts.PROG_DESCRIPTION(lang), lang="ru" if lang == "ru" else "kk")
        sub = p.add_subparsers(dest="command")
        c = sub.add_parser("go", help=texts.COMMANDS["sync"](lang), description=texts.COMMANDS["sync"](lang))
        for dest, text in helps.items():
            c.add_argument(f"--{dest}", help=text)
        return p

    good = {"kk": "тіл таңдау", "ru": "выбор языка"}
    assert help_problems(parser("kk", {"a": good["kk"]}), parser("ru", {"a": good["ru"]})) == []
    for kk, ru in (("", good["ru"]), (good["ru"], good["ru"]), (good["kk"], "print the report as JSON")):
        assert help_problems(parser("kk", {"a": kk}), parser("ru", {"a": ru})), (kk, ru)
    assert help_problems(parser("kk", {"a": good["kk"], "b": good["kk"]}), parser("ru", {"a": good["ru"]}))


@pytest.mark.parametrize("lang", texts.LANGS)
def test_rendered_help_of_every_command_has_no_argparse_english(lang: str) -> None:
    parsers = every_parser(build_parser("ru" if lang == "ru" else "kk"))
    assert any(p.prog.endswith("addin build") for p in parsers)
    for page in [p.format_help() for p in parsers]:
        lowered = page.lower()
        assert not [e for e in ARGPARSE_ENGLISH if e in lowered], page
        assert texts.USAGE(lang).strip() in page


@pytest.mark.parametrize(("argv", "kk", "ru"), [
    (["validate"], "мына аргументтер жазылмаған: ЖОЛ", "не указаны обязательные аргументы: ПУТЬ"),
    (["frob"], "«frob» деген мән жоқ; таңдаңыз: init, validate", "значения «frob» нет; выберите: init, validate"),
    (["sync", "d", "--lang", "en"], "«en» деген мән жоқ; таңдаңыз: kk, ru", "значения «en» нет; выберите: kk, ru"),
    (["sync", "d", "--every"], "--every: мәні жазылмаған", "--every: не указано значение"),
    (["history", "d", "extra"], "танылмаған аргументтер: extra", "нераспознанные аргументы: extra"),
    (["restore", "d", "--org", "47"], "мына аргументтердің бірі керек: --at --release",
     "нужен один из аргументов: --at --release"),
    (["restore", "d", "--org", "47", "--at", "3", "--release"], "--release: --at аргументімен бірге жазылмайды",
     "--release: нельзя указывать вместе с --at"),
])
def test_usage_errors_in_the_chosen_language(argv: list[str], kk: str, ru: str, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(texts.ENV_LANG, raising=False)
    for lang, expected in (("kk", kk), ("ru", ru)):
        monkeypatch.setenv(texts.ENV_LANG, lang)
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert expected in err, err
        assert texts.USAGE(lang).strip() in err
        assert not [e for e in ARGPARSE_ENGLISH if e in err.lower()], err


def test_help_language_from_the_command_line_then_the_environment_then_kazakh(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def help_of(*argv: str) -> str:
        with pytest.raises(SystemExit):
            main(list(argv))
        return " ".join(capsys.readouterr().out.split())

    monkeypatch.delenv(texts.ENV_LANG, raising=False)
    assert texts.COMMANDS["sync"].kk in help_of("--help")
    assert texts.OPTIONS[("sync", "dry_run")].ru in help_of("sync", "--help", "--lang", "ru")
    assert texts.OPTIONS[("sync", "dry_run")].ru in help_of("sync", "--lang=ru", "--help")
    monkeypatch.setenv(texts.ENV_LANG, "ru")
    assert texts.COMMANDS["sync"].ru in help_of("--help")
    assert texts.OPTIONS[("sync", "dry_run")].kk in help_of("sync", "--lang", "kk", "-h")
    monkeypatch.setenv(texts.ENV_LANG, "en")
    assert texts.COMMANDS["sync"].kk in help_of("--help")


@pytest.mark.parametrize(("argv", "lang"), [
    (["--lang", "ru", "sync", "d"], "ru"), (["sync", "d", "--lang", "ru"], "ru"), (["--lang=ru", "sync", "d"], "ru"),
    (["--lang", "ru", "sync", "d", "--lang", "kk"], "kk"), (["sync", "d"], None),
    (["--lang", "ru", "addin", "build"], "ru"), (["addin", "build", "--lang", "ru"], "ru"),
])
def test_lang_before_or_after_the_command(argv: list[str], lang: str | None) -> None:
    assert build_parser().parse_args(argv).lang == lang
    assert texts.argv_lang(argv) == lang


def test_help_and_usage_errors_in_the_language_given_before_the_command(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(texts.ENV_LANG, raising=False)
    with pytest.raises(SystemExit) as done:
        main(["--lang", "ru", "--help"])
    assert done.value.code == 0
    assert texts.COMMANDS["sync"].ru in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit) as done:
        main(["--lang", "ru", "sync", "--help"])
    assert texts.OPTIONS[("sync", "dry_run")].ru in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit) as done:
        main(["--lang", "ru", "frob"])
    assert done.value.code == 2
    assert "значения «frob» нет" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["--lang", "en", "sync", "d"])
    assert done.value.code == 2
    assert "«en» деген мән жоқ; таңдаңыз: kk, ru" in capsys.readouterr().err


# argparse messages a person can meet while typing a command; the rest of argparse's message ids
# are a programmer's mistakes in building the parser (conflicting options and the like)
def _argparse_ids() -> set[str]:
    source = inspect.getsource(argparse)
    ids = set(re.findall(r"_\('([^']*)'\)", source)) | set(re.findall(r'_\("([^"]*)"\)', source))
    for singular, plural in re.findall(r"ngettext\('([^']*)',\s*'([^']*)'", source):
        ids |= {singular, plural}
    return ids


BUILDING_MISTAKES = {
    ".__call__() not defined", "conflicting subparser: %s", "conflicting subparser alias: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)", 'argument "-" with mode %r',
    "can't open '%(filename)s': %(error)s", "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals", "dest= is required for options like %r",
    "invalid conflict_resolution value: %r", "conflicting option string: %s", "conflicting option strings: %s",
    "mutually exclusive arguments must be optional", "cannot have multiple subparser arguments",
    "%r is not callable", "show program's version number and exit",
}
# given by our Parser itself (texts.ERROR_LINE, USAGE, POSITIONALS, OPTIONALS, HELP)
OURS = {r"%(prog)s: error: %(message)s\n", "usage: ", "positional arguments", "options",
        "show this help message and exit"}


def test_every_message_argparse_can_give_a_person_is_translated() -> None:
    ids = _argparse_ids()
    assert set(texts.ARGPARSE) <= ids, "message ids argparse no longer has"
    person = {i for i in ids - BUILDING_MISTAKES - OURS if not i.startswith("invalid option string")}
    assert person <= set(texts.ARGPARSE), sorted(person - set(texts.ARGPARSE))


def test_an_unknown_argparse_message_becomes_a_general_sentence() -> None:
    assert translate("something new in Python 3.99", "kk") == texts.USAGE_UNKNOWN.kk
    assert translate("argument --x: something new", "ru") == "--x: " + texts.USAGE_UNKNOWN.ru


def test_command_texts_are_complete_in_both_languages() -> None:
    catalogue = [v for v in vars(texts).values() if isinstance(v, texts.Text)]
    catalogue += [t for d in (texts.COMMANDS, texts.OPTIONS, texts.METAVARS, texts.STATUS, texts.STAGES,
                              texts.ARGPARSE) for t in d.values()]
    for text in catalogue:
        assert text.kk.strip() and text.ru.strip()
        assert re.findall(r"\{(\w*)", text.kk) == re.findall(r"\{(\w*)", text.ru), text
        assert not english_words(text.kk) and not english_words(text.ru), text


def test_readme_lists_every_command() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in texts.COMMANDS:
        assert f"baulu {name}" in readme
