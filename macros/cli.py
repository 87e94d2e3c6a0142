"""The `baulu` command line. Exit 0: the run completed (whatever the findings); 1: it failed;
2: bad usage."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console

from macros.demo import run_demo
from macros.init import init_workspace
from macros.redact_cmd import add_parser as add_redact_parser
from macros.render import findings_json, print_findings
from macros.sync_cmd import parse_every, parse_version, print_history, print_report, serve, sync_once
from macros.validate import validate_path
from schemas.errors import BauluError
from sync.workspace import load_workspace

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


def cmd_sync(args: argparse.Namespace, console: Console) -> int:
    root = Path(args.dir)
    if args.every:
        try:
            every = parse_every(args.every)
        except ValueError as exc:
            console.print(str(exc))
            return 2
        return serve(root, every, console=console, lang=args.lang)
    report = sync_once(root, console=console, lang=args.lang, dry_run=args.dry_run,
                       show_progress=not args.json)
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        print_report(console, report, args.lang or load_workspace(root).lang)
    return 0


def cmd_history(args: argparse.Namespace, console: Console) -> int:
    print_history(console, Path(args.dir), args.org, args.lang)
    return 0


def cmd_restore(args: argparse.Namespace, console: Console) -> int:
    try:
        version = parse_version(str(args.at))
    except ValueError as exc:
        console.print(str(exc))
        return 2
    report = sync_once(Path(args.dir), console=console, lang=args.lang, pins={args.org: version})
    print_report(console, report, args.lang or load_workspace(Path(args.dir)).lang)
    return 0


def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    run_demo(Path(args.dir), console=console, lang=args.lang)
    return 0


def cmd_addin_build(args: argparse.Namespace, console: Console) -> int:
    from macros.addin import (  # imports xlwings: only here
        DEFAULT_INTERPRETER,
        DEFAULT_PYTHONPATH,
        build_addin,
    )

    out = Path(args.out)
    if args.out.endswith(("/", "\\")):
        out.mkdir(parents=True, exist_ok=True)
    target = build_addin(out, interpreter=args.interpreter or DEFAULT_INTERPRETER,
                         pythonpath=args.pythonpath or DEFAULT_PYTHONPATH)
    if args.lang == "ru":
        console.print(f"Надстройка Excel собрана: {target}")
    else:
        console.print(f"Excel қондырмасы жасалды: {target}")
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

    p = sub.add_parser("sync", help="синхрондау / синхронизация: жинау, тексеру, кері байланыс")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--json", action="store_true", help="the round's report as JSON")
    p.add_argument("--dry-run", action="store_true", help="ештеңе жазбау / ничего не записывать")
    p.add_argument("--every", metavar="INTERVAL", help="қызмет: әр 10m сайын / служба: каждые 10m")
    p.add_argument("--lang", choices=("kk", "ru"), default=None, help="тіл / язык (baulu.toml бойынша)")
    p.set_defaults(handler=cmd_sync)

    p = sub.add_parser("history", help="сақталған нұсқалар / сохранённые версии")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--org", help="ұйым коды / код организации")
    _lang(p)
    p.set_defaults(handler=cmd_history)

    p = sub.add_parser("restore", help="жиынтықты ескі нұсқадан қалпына келтіру / восстановить из версии")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--org", required=True, help="ұйым коды / код организации")
    p.add_argument("--at", required=True, metavar="VERSION", help="нұсқа, мысалы 3 немесе v3")
    p.add_argument("--lang", choices=("kk", "ru"), default=None)
    p.set_defaults(handler=cmd_restore)

    add_redact_parser(sub)

    p = sub.add_parser("demo", help="толық демо-папка / полная демо-папка")
    p.add_argument("dir", metavar="DIR", nargs="?", default="baulu-demo")
    _lang(p)
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("addin", help="Excel қондырмасы / надстройка Excel (baulu.xlam)")
    addin = p.add_subparsers(dest="addin_command", required=True, metavar="ACTION")
    b = addin.add_parser("build", help="baulu.xlam жасау / собрать baulu.xlam")
    b.add_argument("--out", default="baulu.xlam", metavar="PATH", help="файл не папка / файл или папка")
    b.add_argument("--interpreter", help=r"Windows-тағы python.exe / python.exe на Windows "
                                         r"(default: %%USERPROFILE%%\Baulu\.venv\Scripts\python.exe)")
    b.add_argument("--pythonpath", help=r"Baulu бумасы / папка Baulu (default: %%USERPROFILE%%\Baulu\baulu)")
    _lang(b)
    b.set_defaults(handler=cmd_addin_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    console = Console(stderr=bool(getattr(args, "json", False)), width=None if sys.stdout.isatty() else 150)
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
