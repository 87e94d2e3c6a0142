"""The `baulu` command line. Exit 0: the run completed (whatever the findings); 1: it failed;
2: bad usage."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console

from macros.init import init_workspace
from macros.render import findings_json, print_findings
from macros.validate import validate_path
from schemas.errors import BauluError

Handler = Callable[[argparse.Namespace, Console], int]


def _lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("kk", "ru"), default="kk",
                        help="тіл / язык: kk (default) or ru")


def cmd_init(args: argparse.Namespace, console: Console) -> int:
    result = init_workspace(Path(args.dir), lang=args.lang, force=args.force)
    ws = result.workspace
    if args.lang == "ru":
        console.print(f"Рабочая папка создана: {ws.root}")
        console.print(f"  сводная книга: {ws.master}")
    else:
        console.print(f"Жұмыс папкасы жасалды: {ws.root}")
        console.print(f"  жиынтық кітап: {ws.master}")
    for code, path in result.kindergartens.items():
        console.print(f"  {code}: {path}")
    return 0


def cmd_validate(args: argparse.Namespace, console: Console) -> int:
    findings = validate_path(Path(args.path))
    if args.json:
        sys.stdout.write(findings_json(findings) + "\n")
    else:
        print_findings(console, findings, lang=args.lang)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baulu",
        description="«Ерте жастан еңбекке және кәсіпке баулу» пилоты: жиынтық кітап, МДҰ парақтары, "
                    "тексеру. / Пилот «Приобщение к труду и профессиям»: сводная книга, таблицы ДО, проверка.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("init", help="жаңа жұмыс папкасы / новая рабочая папка: master.xlsx и файлы ДО")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--force", action="store_true", help="бар папканы қайта жасау / пересоздать")
    _lang(p)
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("validate", help="тексеру / проверить папку или один .xlsx")
    p.add_argument("path", metavar="PATH", help="жұмыс папкасы немесе .xlsx / папка или .xlsx")
    p.add_argument("--json", action="store_true", help="JSON array of findings")
    _lang(p)
    p.set_defaults(handler=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    console = Console(stderr=bool(getattr(args, "json", False)))
    handler: Handler = args.handler
    try:
        return handler(args, console)
    except BauluError as exc:
        console.print(f"[red]Қате / Ошибка:[/red] {exc}")
        return 1
    except KeyboardInterrupt:
        console.print("Тоқтатылды / Остановлено")
        return 1
    except Exception as exc:  # a run that failed must say why, never print a traceback
        console.print(f"[red]Күтпеген қате / Непредвиденная ошибка:[/red] {type(exc).__name__}: {exc}")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
