"""Show findings on the terminal: a table for people, JSON for programs."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table as RichTable

from macros import texts
from schemas.finding import FINDING_KEYS, Finding
from schemas.lang import Lang
from schemas.vocabulary import SEVERITIES, term


def findings_json(findings: Sequence[Finding]) -> str:
    return json.dumps([{k: f.to_dict()[k] for k in FINDING_KEYS} for f in findings],
                      ensure_ascii=False, indent=2)


def print_findings(console: Console, findings: Sequence[Finding], *, lang: Lang = "kk") -> None:
    if not findings:
        console.print(texts.NO_FINDINGS(lang))
        return
    table = RichTable(*texts.FINDING_HEADS(lang).split("|"), show_lines=False, header_style="bold")
    for f in findings:
        style = "red" if f.severity == "error" else "yellow"
        table.add_row(f.org, f.sheet, f.cell, f.value, f"[{style}]{term(SEVERITIES, f.severity).label(lang)}",
                      f.rule, f.message(lang))
    console.print(table)
    counts = Counter(f.severity for f in findings)
    console.print(texts.TOTALS(lang, e=counts["error"], w=counts["warning"]))
