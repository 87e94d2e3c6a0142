"""``docs/rules.md``, in Kazakh and Russian, generated from the rule catalogue.

    python -m macros.rules_doc            write docs/rules.md
    python -m macros.rules_doc --check    exit 1 when docs/rules.md is out of date
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from schemas.catalogue import CATALOGUE, Rule
from schemas.lang import Lang
from schemas.vocabulary import SEVERITIES, term

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"

_HEAD = {
    "kk": ("Қазақша", ("Код", "Деңгейі", "Не тексеріледі", "Орнына не жазу керек", "Хабарлама"),
           "Әр ескерту бір ереженің кодын атайды (`baulu validate --json` шығаратын `rule`). "
           "Хабарламадағы `{…}` орнына нақты мән қойылады: `{value}` — ұяшықтағы мән, "
           "`{column}` — баған, `{sheet}` — парақ."),
    "ru": ("По-русски", ("Код", "Уровень", "Что проверяется", "Что написать вместо", "Сообщение"),
           "Каждое замечание называет код одного правила (`rule` в выводе `baulu validate --json`). "
           "Вместо `{…}` в сообщении подставляется значение: `{value}` — значение ячейки, "
           "`{column}` — столбец, `{sheet}` — лист."),
}


def _row(rule: Rule, lang: Lang) -> str:
    cells = (f"`{rule.code}`", term(SEVERITIES, rule.severity).label(lang), rule.about(lang), rule.fix(lang),
             rule.message(lang))
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def rules_markdown() -> str:
    lines = [
        "# Ережелер / Правила",
        "",
        "<!-- generated from schemas/catalogue.py by `python -m macros.rules_doc`; do not edit -->",
        "",
    ]
    for lang in ("kk", "ru"):
        title, heads, intro = _HEAD[lang]
        lines += [f"## {title}", "", intro, "", "| " + " | ".join(heads) + " |",
                  "|" + "---|" * len(heads)]
        lines += [_row(rule, lang) for rule in CATALOGUE]
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    text = rules_markdown()
    if "--check" in args:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            sys.stderr.write(f"{DOC}: out of date; run `python -m macros.rules_doc`\n")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
