"""Show findings and summaries on the terminal: a table for people, JSON for programs."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table as RichTable

from schemas.finding import FINDING_KEYS, Finding
from schemas.vocabulary import SEVERITIES, term

_LABELS = {
    "kk": ("Ұйым", "Парақ", "Ұяшық", "Мәні", "Деңгейі", "Ереже", "Түсініктеме"),
    "ru": ("Организация", "Лист", "Ячейка", "Значение", "Уровень", "Правило", "Пояснение"),
}
_NONE = {"kk": "Ескерту жоқ.", "ru": "Замечаний нет."}
_TOTAL = {"kk": "Барлығы: қате — {e}, ескерту — {w}.", "ru": "Всего: ошибок — {e}, предупреждений — {w}."}


def findings_json(findings: Sequence[Finding]) -> str:
    return json.dumps([{k: f.to_dict()[k] for k in FINDING_KEYS} for f in findings],
                      ensure_ascii=False, indent=2)


def print_findings(console: Console, findings: Sequence[Finding], *, lang: str = "kk") -> None:
    if not findings:
        console.print(_NONE[lang])
        return
    labels = _LABELS[lang]
    table = RichTable(*labels, show_lines=False, header_style="bold")
    for f in findings:
        style = "red" if f.severity == "error" else "yellow"
        table.add_row(f.org, f.sheet, f.cell, f.value, f"[{style}]{term(SEVERITIES, f.severity).label(lang)}",
                      f.rule, f.message(lang))
    console.print(table)
    counts = Counter(f.severity for f in findings)
    console.print(_TOTAL[lang].format(e=counts["error"], w=counts["warning"]))
