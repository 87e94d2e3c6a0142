"""The `baulu` command line. Exit 0: the run completed (whatever the findings); 1: it failed;
2: bad usage."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from macros.redact_cmd import add_parser as add_redact_parser
from schemas.errors import BauluError

if TYPE_CHECKING:  # each command imports what it uses when it runs: `baulu --help` stays instant
    from rich.console import Console

Handler = Callable[[argparse.Namespace, "Console"], int]


def _lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("kk", "ru"), default="kk",
                        help="тіл / язык: kk (default) or ru")


def cmd_init(args: argparse.Namespace, console: Console) -> int:
    from macros.init import init_workspace

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
    from macros.render import findings_json, print_findings
    from macros.validate import validate_path

    findings = validate_path(Path(args.path))
    if args.json:
        sys.stdout.write(findings_json(findings) + "\n")
    else:
        print_findings(console, findings, lang=args.lang)
    return 0


def cmd_sync(args: argparse.Namespace, console: Console) -> int:
    from macros.sync_cmd import parse_every, print_report, serve, sync_once
    from sync.workspace import load_workspace

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
    from macros.sync_cmd import print_history

    print_history(console, Path(args.dir), args.org, args.lang)
    return 0


def cmd_restore(args: argparse.Namespace, console: Console) -> int:
    from macros.sync_cmd import parse_version, print_report, sync_once
    from sync.workspace import load_workspace

    try:
        version = parse_version(str(args.at))
    except ValueError as exc:
        console.print(str(exc))
        return 2
    report = sync_once(Path(args.dir), console=console, lang=args.lang, pins={args.org: version})
    print_report(console, report, args.lang or load_workspace(Path(args.dir)).lang)
    return 0


def cmd_provision(args: argparse.Namespace, console: Console) -> int:
    from macros.provision import provision

    result = provision(Path(args.dir), lang=args.lang)
    head = "Создано файлов ДО: {n}" if args.lang == "ru" else "Жаңа МДҰ файлдары: {n}"
    console.print(head.format(n=len(result.created)))
    for code, path in result.created.items():
        console.print(f"  {code}: {path}")
    for code, location in result.not_local.items():
        console.print(f"  {code}: {location} — " + ("не локальный файл" if args.lang == "ru" else "жергілікті файл емес"))
    return 0


def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    from macros.demo import run_demo

    run_demo(Path(args.dir), console=console, lang=args.lang)
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

    p = sub.add_parser("provision", help="«Ұйымдар» парағындағы әр ұйымға МДҰ файлы / файл ДО для каждой организации")
    p.add_argument("dir", metavar="DIR")
    _lang(p)
    p.set_defaults(handler=cmd_provision)

    p = sub.add_parser("demo", help="толық демо-папка / полная демо-папка")
    p.add_argument("dir", metavar="DIR", nargs="?", default="baulu-demo")
    _lang(p)
    p.set_defaults(handler=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from rich.console import Console

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
