"""`baulu redact DIR`: erase a child's name, an IIN or any value from the store and the backups.

Two ways to say what: ``--value TEXT`` (the value itself), or the place a finding points at —
``--org 47 --sheet Мониторинг --cell A12`` (the org, sheet and cell columns of «Ескертулер»),
which reads the value from the latest stored version (or ``--version N``) and erases it
everywhere. ``--why`` is required; ``--dry-run`` shows what would go. Exit 0 when the run
completed (even when nothing matched), 1 when it failed, 2 on bad usage. The command's options
are built in ``macros.cli`` and its words live in ``macros.texts``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from macros import texts
from schemas.lang import Lang
from schemas.personal import mask_whole
from schemas.redaction import MIN_LENGTH
from sync.redact import RedactResult, redact, value_at
from sync.store import Store
from sync.workspace import load_workspace


def _usage(console: Console, lang: Lang, text: texts.Text, **params: object) -> int:
    console.print(f"[red]{text(lang, **params)}[/red]")
    return 2


def cmd_redact(args: argparse.Namespace, console: Console) -> int:
    root = Path(args.dir)
    ws = load_workspace(root)
    lang = texts.as_lang(args.lang) or texts.as_lang(ws.lang) or texts.env_lang()
    if args.value is not None and args.cell is not None:
        return _usage(console, lang, texts.REDACT_BOTH)
    if args.value is None and args.cell is None:
        return _usage(console, lang, texts.REDACT_WHAT)
    if args.cell is not None and (args.org is None or args.sheet is None):
        return _usage(console, lang, texts.REDACT_CELL)
    if not args.why.strip():
        return _usage(console, lang, texts.REDACT_WHY)
    value = args.value
    if value is None:
        with Store.for_workspace(ws.root) as store:
            value = value_at(store, args.org, args.sheet, args.cell, args.version)
    try:
        result = redact(ws, value, why=args.why, org=args.org, dry_run=args.dry_run)
    except ValueError:
        return _usage(console, lang, texts.REDACT_SHORT, n=MIN_LENGTH)
    print_result(console, result, mask_whole(value) if args.cell is None else f"{args.sheet}!{args.cell}", lang)
    return 0


def print_result(console: Console, result: RedactResult, shown: str, lang: Lang) -> None:
    if not result.found:
        console.print(texts.REDACT_NONE(lang, value=shown))
        return
    if result.dry_run:
        console.print(texts.REDACT_WOULD(lang, cells=result.cells))
    else:
        console.print(texts.REDACT_DONE(lang, value=shown, cells=result.cells, audit=result.audit_id))
    for version, places in sorted(result.store.items()):
        listed = ", ".join(f"{s}!{c}" for s, c in places[:5]) + (" …" if len(places) > 5 else "")
        console.print(texts.REDACT_VERSION(lang, version=version, cells=len(places), places=listed))
    for file, places in sorted(result.files.items()):
        console.print(texts.REDACT_FILE(lang, file=file, cells=len(places)))
    if not result.dry_run and result.store:
        console.print(texts.REDACT_SOURCE(lang))
