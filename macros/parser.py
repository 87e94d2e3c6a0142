"""argparse speaking Kazakh or Russian: usage, group titles, help and its own error messages.

argparse builds its English from message ids (``_('usage: ')``, ``'invalid choice: %(value)r …'``).
The parser here is told its language and gives every one of them from ``macros.texts``:
titles and the help option when it is made, the usage prefix through its formatter, and
errors by matching the message against argparse's ids (``texts.ARGPARSE``), the way gettext
would look them up. No global state is changed: another parser in the same process stays English.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from functools import cache, partial
from typing import Any, NoReturn

from macros import texts
from schemas.lang import Lang


class Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, *, lang: Lang = "kk") -> None:
        super().__init__(prog)
        self.lang = lang

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, texts.USAGE(self.lang) if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose every word is in ``lang``; its sub-commands inherit the language."""

    def __init__(self, *args: Any, lang: Lang = "kk", **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", partial(Formatter, lang=lang))
        kwargs["add_help"] = False  # ours, below, in the parser's language
        super().__init__(*args, **kwargs)
        self.lang = lang
        self._positionals.title = texts.POSITIONALS(lang)
        self._optionals.title = texts.OPTIONALS(lang)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=texts.HELP(lang))

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", partial(Parser, lang=self.lang))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        lines = [texts.ERROR_LINE(self.lang, prog=self.prog, message=translate(message, self.lang)),
                 texts.HELP_HINT(self.lang, prog=self.prog)]
        self.exit(2, "\n".join(lines) + "\n")


_FIELD = re.compile(r"%\((\w+)\)[sr]|%[sr]")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], frozenset[str], texts.Text], ...]:
    """Each argparse message id as a regular expression capturing its fields, and which of
    the fields argparse quoted (``%r``)."""
    patterns = []
    for msgid, text in texts.ARGPARSE.items():
        parts, quoted, last, positional = [], set(), 0, 0
        for m in _FIELD.finditer(msgid):
            parts.append(re.escape(msgid[last:m.start()]))
            name = m[1] or f"_{positional}"
            positional += m[1] is None
            if m[0].endswith("r"):
                quoted.add(name)
            parts.append(f"(?P<{name}>.+?)")
            last = m.end()
        parts.append(re.escape(msgid[last:]))
        patterns.append((re.compile("^" + "".join(parts) + "$", re.DOTALL), frozenset(quoted), text))
    return tuple(patterns)


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"" else value


def translate(message: str, lang: Lang) -> str:
    """argparse's English message in ``lang``; one it does not know becomes a general sentence."""
    for pattern, quoted, text in _patterns():
        m = pattern.match(message)
        if m is None:
            continue
        fields = {k: _unquote(v) if k in quoted else v for k, v in m.groupdict().items()}
        if "message" in fields:
            fields["message"] = translate(fields["message"], lang)
        for listed in ("choices", "matches"):  # 'kk', 'ru' -> kk, ru
            if listed in fields:
                fields[listed] = ", ".join(_unquote(p.strip()) for p in fields[listed].split(","))
        positional = [fields.pop(f"_{i}") for i in range(sum(k.startswith("_") for k in fields))]
        template = text.ru if lang == "ru" else text.kk
        return template.format(*positional, **fields)
    return texts.USAGE_UNKNOWN(lang)
