"""`baulu redact DIR`: erase a child's name, an IIN or any value from the store and the backups.

Two ways to say what: ``--value TEXT`` (the value itself), or the place a finding points at —
``--org 47 --sheet Мониторинг --cell A12`` (the org, sheet and cell columns of «Ескертулер»),
which reads the value from the latest stored version (or ``--version N``) and erases it
everywhere. ``--why`` is required; ``--dry-run`` shows what would go. Exit 0 when the run
completed (even when nothing matched), 1 when it failed, 2 on bad usage.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemas.redaction import MIN_LENGTH

if TYPE_CHECKING:  # imported when the command runs: `baulu --help` stays instant
    from rich.console import Console

    from sync.redact import RedactResult

_T = {
    "kk": {
        "usage_what": "Не өшірілетінін көрсетіңіз: --value МӘТІН немесе --org, --sheet және --cell.",
        "usage_both": "--value мен --cell бірге берілмейді: біреуін таңдаңыз.",
        "usage_cell": "--cell үшін --org пен --sheet керек (Ескертулер парағындағыдай).",
        "usage_short": f"Мән тым қысқа: кемінде {MIN_LENGTH} таңба.",
        "usage_why": "--why: неге өшірілетінін жазыңыз (аудитке жазылады).",
        "none": "«{value}» мәні сақталған нұсқаларда да, көшірмелерде де табылмады: ештеңе өзгерген жоқ.",
        "would": "Сынақ режимі: {cells} ұяшық өшірілер еді (ештеңе өзгерген жоқ):",
        "done": "«{value}» өшірілді: {cells} ұяшық. Аудит жазбасы №{audit}.",
        "version": "  v{version}: {cells} ұяшық ({places})",
        "file": "  {file}: {cells} ұяшық",
        "source": "Ескерту: мән МДҰ-ның өз парағында қалады — оны сол жерден де өшіруді сұраңыз, әйтпесе "
                  "келесі өзгерісте ол қайта сақталады.",
    },
    "ru": {
        "usage_what": "Укажите, что удалить: --value ТЕКСТ или --org, --sheet и --cell.",
        "usage_both": "--value и --cell вместе не указываются: выберите одно.",
        "usage_cell": "Для --cell нужны --org и --sheet (как на листе «Замечания»).",
        "usage_short": f"Значение слишком короткое: не меньше {MIN_LENGTH} символов.",
        "usage_why": "--why: напишите, почему удаляется (записывается в аудит).",
        "none": "Значение «{value}» не найдено ни в сохранённых версиях, ни в копиях: ничего не изменено.",
        "would": "Пробный режим: было бы удалено ячеек: {cells} (ничего не изменено):",
        "done": "«{value}» удалено: ячеек {cells}. Запись аудита №{audit}.",
        "version": "  v{version}: ячеек {cells} ({places})",
        "file": "  {file}: ячеек {cells}",
        "source": "Внимание: значение остаётся в таблице самой ДО — попросите удалить его и там, иначе при "
                  "следующем изменении оно сохранится снова.",
    },
}


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "redact",
        help="мәнді (аты-жөні, ЖСН) нұсқалардан және көшірмелерден өшіру / удалить значение (ФИО, ИИН) "
             "из версий и копий",
        description="Мәнді сақталған нұсқалардан, .baulu/backups көшірмелерінен және жиынтық кітаптан "
                    "өшіру; аудитке кім, қашан, неге жазылады. / Удалить значение из сохранённых версий, "
                    "копий .baulu/backups и сводной книги; в аудит пишется кто, когда и почему.",
    )
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--value", help="өшірілетін мән / удаляемое значение")
    p.add_argument("--org", help="ұйым коды (бос болса — барлығы) / код организации (пусто — все)")
    p.add_argument("--sheet", help="парақ, Ескертулердегідей / лист, как в «Замечаниях»")
    p.add_argument("--cell", help="ұяшық, мысалы A12 / ячейка, например A12")
    p.add_argument("--version", type=int, help="--cell қай нұсқадан (әдепкі: соңғысы) / из какой версии")
    p.add_argument("--why", required=True, help="неге өшіріледі (аудит үшін) / почему (для аудита)")
    p.add_argument("--dry-run", action="store_true", help="тек көрсету / только показать")
    p.add_argument("--lang", choices=("kk", "ru"), default=None, help="тіл / язык")
    p.set_defaults(handler=cmd_redact)


def _usage(console: Console, lang: str, key: str) -> int:
    console.print(f"[red]{_T[lang][key]}[/red]")
    return 2


def cmd_redact(args: argparse.Namespace, console: Console) -> int:
    from schemas.personal import mask_whole
    from sync.redact import redact, value_at
    from sync.store import Store
    from sync.workspace import load_workspace

    root = Path(args.dir)
    ws = load_workspace(root)
    lang = args.lang or ws.lang
    if lang not in _T:
        lang = "kk"
    if args.value is not None and args.cell is not None:
        return _usage(console, lang, "usage_both")
    if args.value is None and args.cell is None:
        return _usage(console, lang, "usage_what")
    if args.cell is not None and (args.org is None or args.sheet is None):
        return _usage(console, lang, "usage_cell")
    if not args.why.strip():
        return _usage(console, lang, "usage_why")
    value = args.value
    if value is None:
        with Store.for_workspace(ws.root) as store:
            value = value_at(store, args.org, args.sheet, args.cell, args.version)
    try:
        result = redact(ws, value, why=args.why, org=args.org, dry_run=args.dry_run)
    except ValueError:
        return _usage(console, lang, "usage_short")
    print_result(console, result, mask_whole(value) if args.cell is None else f"{args.sheet}!{args.cell}", lang)
    return 0


def print_result(console: Console, result: RedactResult, shown: str, lang: str) -> None:
    t = _T[lang]
    if not result.found:
        console.print(t["none"].format(value=shown))
        return
    if result.dry_run:
        console.print(t["would"].format(cells=result.cells))
    else:
        console.print(t["done"].format(value=shown, cells=result.cells, audit=result.audit_id))
    for version, places in sorted(result.store.items()):
        listed = ", ".join(f"{s}!{c}" for s, c in places[:5]) + (" …" if len(places) > 5 else "")
        console.print(t["version"].format(version=version, cells=len(places), places=listed))
    for file, places in sorted(result.files.items()):
        console.print(t["file"].format(file=file, cells=len(places)))
    if not result.dry_run and result.store:
        console.print(t["source"])
