"""The `baulu` command line: parse, call the action, show its report. Exit 0: the run completed
(whatever the findings); 1: it failed; 2: bad usage.

Every word comes from ``macros.texts`` in one language: ``--lang`` when given, else the
workspace's ``lang`` in baulu.toml where there is a workspace, else ``BAULU_LANG``, else Kazakh.
Help and usage errors come before any workspace is read: ``--lang``, else ``BAULU_LANG``, else kk.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from macros import texts
from macros.parser import Parser
from schemas.errors import BauluError
from schemas.lang import Lang

if TYPE_CHECKING:  # each command imports what it uses when it runs: `baulu --help` stays quick
    from rich.console import Console

Handler = Callable[[argparse.Namespace, "Console"], int]


def _lang(args: argparse.Namespace, place: Path | None = None) -> Lang:
    """``--lang``, else the language of the workspace ``place`` is or lies in, else ``BAULU_LANG``,
    else kk."""
    from macros.validate import workspace_of
    from sync.workspace import load_workspace

    chosen = texts.as_lang(getattr(args, "lang", None))
    if chosen is None and place is not None:
        try:
            ws = load_workspace(place) if place.is_dir() else workspace_of(place)
        except BauluError:
            ws = None
        chosen = texts.as_lang(ws.lang) if ws else None
    return chosen or texts.env_lang()


def _place(args: argparse.Namespace) -> Path | None:
    """The folder or file the command works on (where its baulu.toml would be)."""
    place = getattr(args, "dir", None) or getattr(args, "path", None)
    return Path(place) if place and args.command not in ("init", "demo") else None


def cmd_init(args: argparse.Namespace, console: Console) -> int:
    from macros.init import init_workspace
    from macros.render_sync import print_init

    lang = _lang(args)
    print_init(console, init_workspace(Path(args.dir), lang=lang, force=args.force), lang)
    return 0


def cmd_validate(args: argparse.Namespace, console: Console) -> int:
    from macros.render import findings_json, print_findings
    from macros.validate import validate

    report = validate(Path(args.path))
    if args.json:
        sys.stdout.write(findings_json(report.findings) + "\n")
    else:
        print_findings(console, report.findings, lang=_lang(args, _place(args)))
    return 0


def cmd_sync(args: argparse.Namespace, console: Console) -> int:
    from macros.render_sync import print_report, progress_bar
    from macros.sync_cmd import parse_every, serve, sync_once

    root = Path(args.dir)
    lang = _lang(args, root)
    if args.every:
        try:
            every = parse_every(args.every)
        except ValueError:
            console.print(texts.BAD_EVERY(lang, text=args.every))
            return 2
        return serve(root, every, lang=args.lang,
                     on_report=lambda report: print_report(console, report, lang),
                     on_error=lambda exc: console.print(f"[red]{_failure(exc, lang)}"))
    with progress_bar(console, lang, enabled=not args.json) as progress:
        report = sync_once(root, lang=args.lang, dry_run=args.dry_run, progress=progress)
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        print_report(console, report, lang)
    return 0


def cmd_history(args: argparse.Namespace, console: Console) -> int:
    from macros.render_sync import print_history
    from macros.sync_cmd import history

    root = Path(args.dir)
    print_history(console, history(root, args.org), _lang(args, root))
    return 0


def cmd_restore(args: argparse.Namespace, console: Console) -> int:
    from macros.render_sync import print_restore, progress_bar
    from macros.sync_cmd import parse_version, restore

    root = Path(args.dir)
    lang = _lang(args, root)
    if args.release and args.write_back:
        console.print(texts.RESTORE_HOW(lang))
        return 2
    try:
        version = None if args.at is None else parse_version(args.at)
    except ValueError:
        console.print(texts.BAD_VERSION(lang, text=args.at))
        return 2
    with progress_bar(console, lang) as progress:
        report = restore(root, args.org, version, release=args.release, write_back=args.write_back,
                         lang=args.lang, progress=progress)
    print_restore(console, report, lang)
    return 0


def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    from macros.demo import run_demo
    from macros.render_sync import print_demo, progress_bar

    lang = _lang(args)
    with progress_bar(console, lang) as progress:
        report = run_demo(Path(args.dir), lang=lang, progress=progress)
    print_demo(console, report, lang)
    return 0


def cmd_provision(args: argparse.Namespace, console: Console) -> int:
    """Each backend provisions in its own module: Google sheets shared with their kindergartens,
    or local workbooks for the organisations that have none yet."""
    from sync.workspace import load_workspace

    root = Path(args.dir)
    if load_workspace(root).backend == "google":
        from macros.google_cmd import run_provision

        return run_provision(root, console, lang=args.lang)
    from macros.provision import provision

    lang = _lang(args, root)
    result = provision(root, lang=args.lang)
    console.print(texts.PROVISION_CREATED(lang, n=len(result.created)))
    for code, path in result.created.items():
        console.print(f"  {code}: {path}")
    for code, location in result.not_local.items():
        console.print(texts.PROVISION_NOT_LOCAL(lang, code=code, location=location))
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
    console.print(texts.ADDIN_BUILT(_lang(args), path=target))
    return 0


def cmd_audit(args: argparse.Namespace, console: Console) -> int:
    from macros.google_cmd import run_audit

    return run_audit(Path(args.dir), console, lang=args.lang)


def cmd_report(args: argparse.Namespace, console: Console) -> int:
    from macros.render_report import print_written
    from macros.report import write_report
    from schemas.analytics.calendar import parse_quarter

    root = Path(args.dir)
    lang = _lang(args, root)
    quarter = None
    if args.report_command == "quarterly":
        try:
            quarter = parse_quarter(args.quarter)
        except BauluError:
            console.print(texts.BAD_QUARTER(lang, text=args.quarter))
            return 2
    written = write_report(root, quarter=quarter, lang=lang, pdf=not args.no_pdf)
    print_written(console, written, lang)
    return 0


def cmd_redact(args: argparse.Namespace, console: Console) -> int:
    from macros.redact_cmd import cmd_redact as run

    return run(args, console)


def build_parser(lang: Lang = "kk") -> Parser:
    """The whole command line in ``lang``; every help text comes from ``macros.texts``."""
    parser = Parser(prog="baulu", description=texts.PROG_DESCRIPTION(lang), epilog=texts.PROG_EPILOG(lang),
                    lang=lang)
    sub = parser.add_subparsers(dest="command", required=True, metavar=texts.METAVARS["command"](lang),
                                title=texts.COMMANDS_TITLE(lang))

    def command(name: str, handler: Handler, *, dest: str = "dir", **positional: Any) -> Parser:
        about = texts.COMMANDS[name](lang)
        p: Parser = sub.add_parser(name, help=about, description=about)
        p.add_argument(dest, metavar=texts.METAVARS[dest](lang), help=texts.option_help(name, dest, lang),
                       **positional)
        p.set_defaults(handler=handler)
        return p

    def option(p: Parser, flag: str, **kwargs: Any) -> None:
        dest = flag.lstrip("-").replace("-", "_")
        if dest in texts.METAVARS:
            kwargs["metavar"] = texts.METAVARS[dest](lang)
        if dest == "lang":
            kwargs["choices"] = texts.LANGS
            if p is not parser:  # not given after the command: what was given before it stays
                kwargs["default"] = argparse.SUPPRESS
        p.add_argument(flag, help=texts.option_help(p.prog.split()[-1], dest, lang), **kwargs)

    option(parser, "--lang")  # before the command (baulu --lang ru sync …) or after it (baulu sync … --lang ru)

    p = command("init", cmd_init)
    option(p, "--force", action="store_true")
    option(p, "--lang")
    p = command("validate", cmd_validate, dest="path")
    option(p, "--json", action="store_true")
    option(p, "--lang")
    p = command("sync", cmd_sync)
    option(p, "--json", action="store_true")
    option(p, "--dry-run", action="store_true")
    option(p, "--every")
    option(p, "--lang")
    p = command("history", cmd_history)
    option(p, "--org")
    option(p, "--lang")
    p = command("restore", cmd_restore)
    option(p, "--org", required=True)
    which = p.add_mutually_exclusive_group(required=True)  # pin a version, or let a pin go
    which.add_argument("--at", metavar=texts.METAVARS["at"](lang), help=texts.option_help("restore", "at", lang))
    which.add_argument("--release", action="store_true", help=texts.option_help("restore", "release", lang))
    option(p, "--write-back", action="store_true")
    option(p, "--lang")
    p = command("redact", cmd_redact)
    option(p, "--value")
    option(p, "--org")
    option(p, "--sheet")
    option(p, "--cell")
    option(p, "--version", type=int)
    option(p, "--why", required=True)
    option(p, "--dry-run", action="store_true")
    option(p, "--lang")
    p = command("demo", cmd_demo, nargs="?", default="baulu-demo")
    option(p, "--lang")
    p = command("provision", cmd_provision)
    option(p, "--lang")
    p = command("audit", cmd_audit)
    option(p, "--lang")
    about = texts.COMMANDS["addin"](lang)
    addin = sub.add_parser("addin", help=about, description=about)
    actions = addin.add_subparsers(dest="addin_command", required=True, metavar=texts.METAVARS["action"](lang),
                                   title=texts.COMMANDS_TITLE(lang),
                                   help=texts.option_help("addin", "addin_command", lang))
    about = texts.COMMANDS["addin build"](lang)
    p = actions.add_parser("build", help=about, description=about)
    p.set_defaults(handler=cmd_addin_build)
    option(p, "--out", default="baulu.xlam")
    option(p, "--interpreter")
    option(p, "--pythonpath")
    option(p, "--lang")
    about = texts.COMMANDS["report"](lang)
    report = sub.add_parser("report", help=about, description=about)
    kinds = report.add_subparsers(dest="report_command", required=True, metavar=texts.METAVARS["action"](lang),
                                  title=texts.COMMANDS_TITLE(lang),
                                  help=texts.option_help("report", "report_command", lang))
    for kind in ("quarterly", "final"):
        about = texts.COMMANDS[f"report {kind}"](lang)
        p = kinds.add_parser(kind, help=about, description=about)
        p.add_argument("dir", metavar=texts.METAVARS["dir"](lang), help=texts.option_help(kind, "dir", lang))
        p.set_defaults(handler=cmd_report)
        if kind == "quarterly":
            option(p, "--quarter", required=True)
        option(p, "--no-pdf", action="store_true")
        option(p, "--lang")
    return parser


def _failure(exc: BaseException, lang: Lang) -> str:
    if isinstance(exc, BauluError):
        return f"{texts.ERROR(lang)} {exc.message(lang)}"
    return texts.UNEXPECTED(lang, name=type(exc).__name__)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(texts.argv_lang(argv) or texts.env_lang())
    args = parser.parse_args(argv)
    from rich.console import Console

    console = Console(stderr=bool(getattr(args, "json", False)), width=None if sys.stdout.isatty() else 150)
    handler: Handler = args.handler
    lang = _lang(args, _place(args))
    try:
        return handler(args, console)
    except KeyboardInterrupt:
        console.print(texts.INTERRUPTED(lang))
        return 1
    except Exception as exc:  # a run that failed must say why, never print a traceback
        console.print(f"[red]{_failure(exc, lang)}")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
