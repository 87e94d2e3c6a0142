"""One column of a sheet: the single definition behind headers, dropdowns, coercion and checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from schemas.lang import Lang
from schemas.vocabulary import VOCABULARIES, Vocabulary

ColumnType = Literal[
    "text",  # free text
    "int",  # a whole number
    "count",  # a whole number, 0 or more
    "date",  # a calendar date in the pilot
    "enum",  # one term of a vocabulary (see ``vocab``)
    "level",  # an indicator level 1–3
    "phone",  # one or more phone numbers, normalised to +7XXXXXXXXXX
    "url",  # a link to evidence (post, album, file)
    "code",  # a child's code: never a name or an IIN
    "codes",  # several child codes, comma separated
    "emails",  # e-mail addresses, comma separated
]

Owner = Literal["org", "master", "coordinator", "system"]


@dataclass(frozen=True)
class Column:
    key: str
    kk: str
    ru: str
    type: ColumnType = "text"
    required: bool = False
    vocab: str | None = None
    aliases: tuple[str, ...] = field(default=())
    help_kk: str = ""
    help_ru: str = ""
    width: int = 14
    owner: Owner = "org"
    """Who fills it: ``org`` the kindergarten, ``master`` pushed from the master (read-only for
    the kindergarten), ``coordinator`` the coordinator in the master (survives every sync),
    ``system`` written by the software."""
    early_dates: bool = False
    """Dates may fall in December 2025 (plan items the order dates in 2025)."""

    def header(self, lang: Lang = "kk") -> str:
        return self.ru if lang == "ru" else self.kk

    def help(self, lang: Lang = "kk") -> str:
        return self.help_ru if lang == "ru" else self.help_kk

    def spellings(self) -> tuple[str, ...]:
        return (self.key, self.kk, self.ru, *self.aliases)

    def vocabulary(self) -> Vocabulary:
        if self.type == "level":
            return VOCABULARIES["level"]
        if self.vocab is None:
            return ()
        return VOCABULARIES[self.vocab]

    def choices(self, lang: Lang = "kk") -> list[str]:
        """What the dropdown offers."""
        if self.type == "level":
            return ["1", "2", "3"]
        return [t.label(lang) for t in self.vocabulary()]
