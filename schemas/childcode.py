"""A child's code, as each kindergarten writes it: its prefix, a group letter and a number. Pure.

The format is data on the master's «Ұйымдар» sheet (columns «Бала коды: басы» and «Бала коды:
топ әріптері»), so the coordinator can change it: ``47`` and ``Э/Б`` give ``47-Э-07`` — Э for the
experimental group, Б for the control one.

Before two codes are compared they are folded: case, separators (``47 Э 7``, ``47_э_07``,
``47Э07``), leading zeros of the number, and letters that look alike on a mixed keyboard — a Latin
``E``/``e`` or a Cyrillic ``Е`` for ``Э``, a Latin ``B``/``b`` for ``Б`` (and a ``6`` standing
alone between separators, ``47-6-07``). So a look-alike never makes a new child. A code that still
does not fit is a finding, and so is a group letter that disagrees with the row's group kind.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from schemas.text import normalise

GroupKind = Literal["experimental", "control"]

DEFAULT_LETTERS = ("Э", "Б")

# look-alikes of a group letter (casefolded): what else people type for it
_LOOKALIKES: dict[str, tuple[str, ...]] = {
    "э": ("e", "е", "є"),
    "б": ("b", "6"),
    "к": ("k",),
    "е": ("e",),
    "с": ("c",),
    "т": ("t",),
    "а": ("a",),
    "о": ("o",),
    "р": ("p",),
    "х": ("x",),
    "н": ("h",),
    "м": ("m",),
}
_SEP = r"[\s\-\u2010-\u2015_/\\.·]+"
_LETTERED = re.compile(rf"^(?P<head>.+?)(?:{_SEP})?(?P<letter>[^\W\d_])(?:{_SEP})?(?P<num>\d{{1,3}})$")
_SEPARATORS = re.compile(_SEP)
_SIX = re.compile(rf"^(?P<head>.+?){_SEP}(?P<letter>6){_SEP}(?P<num>\d{{1,3}})$")


@dataclass(frozen=True)
class CodeFormat:
    """One kindergarten's child codes: ``{prefix}-{letter}-{number:02}``."""

    prefix: str
    experimental: str = DEFAULT_LETTERS[0]
    control: str = DEFAULT_LETTERS[1]

    @classmethod
    def from_cells(cls, prefix: object, letters: object, *, org: str) -> CodeFormat:
        """From the organisation sheet's cells; blank cells give the org code and «Э/Б»."""
        text = "" if prefix is None else str(prefix).strip()
        parts = [p for p in re.split(r"[\s/,;|]+", "" if letters is None else str(letters)) if p]
        exp, ctl = (parts[0], parts[1]) if len(parts) == 2 and parts[0].casefold() != parts[1].casefold() \
            else DEFAULT_LETTERS
        return cls(text or org, exp.upper(), ctl.upper())

    def letter(self, kind: GroupKind) -> str:
        return self.experimental if kind == "experimental" else self.control

    def example(self, number: int = 7) -> str:
        return f"{self.prefix}-{self.experimental}-{number:02d}"

    def letters(self) -> str:
        return f"{self.experimental}/{self.control}"

    def letter_map(self) -> dict[str, GroupKind]:
        """Each spelling (casefolded) of a group letter, look-alikes included, and its group."""
        found: dict[str, set[GroupKind]] = {}
        kinds: tuple[GroupKind, ...] = ("experimental", "control")
        for kind in kinds:
            own = self.letter(kind).casefold()
            for variant in (own, *_LOOKALIKES.get(own, ())):
                found.setdefault(variant, set()).add(kind)
        return {variant: next(iter(kinds)) for variant, kinds in found.items() if len(kinds) == 1}

    def parse(self, raw: object) -> ChildCode | None:
        """The code ``raw`` stands for, folded; None if it does not fit this format."""
        if raw is None or isinstance(raw, bool):
            return None
        return _parse(self, unicodedata.normalize("NFKC", str(raw)).strip())


@functools.lru_cache(maxsize=256)
def _format_keys(fmt: CodeFormat) -> tuple[dict[str, GroupKind], str]:
    """A format's group letters (look-alikes included) and its folded prefix, made once."""
    return fmt.letter_map(), _fold(fmt.prefix)


@functools.lru_cache(maxsize=8192)
def _parse(fmt: CodeFormat, text: str) -> ChildCode | None:
    letters, prefix = _format_keys(fmt)
    for pattern in (_LETTERED, _SIX):
        m = pattern.match(text)
        if m is None:
            continue
        kind = letters.get(m["letter"].casefold())
        number = int(m["num"])
        if kind is None or number < 1 or _fold(m["head"]) != prefix:
            continue
        return ChildCode(f"{fmt.prefix}-{fmt.letter(kind)}-{number:02d}", kind)
    return None


_PROBES = (1, 100)
"""Numbers a code is written with two and three digits: what :func:`canonical_kind` tries."""
_NUMBERS = frozenset(f"{n:02d}" for n in range(1, 1000))
"""A code's number as a format writes it: 01 to 999."""


def canonical_kind(fmt: CodeFormat, text: str) -> GroupKind | None:
    """The group of a text written exactly as ``fmt`` writes a code — ``{prefix}-{letter}-{number:02}``,
    the number 1 to 999 — which is then its own canonical spelling and ``fmt.parse`` reads as that
    group; None for any other text (``fmt.parse`` says what it is). Cheaper than ``fmt.parse``: a
    prefix, a letter and a number looked up."""
    head, letters = _canonical_parts(fmt)
    if not letters or not text.startswith(head):
        return None
    letter, dash, number = text[len(head):].partition("-")
    return letters.get(letter) if dash and number in _NUMBERS else None


@functools.lru_cache(maxsize=1024)
def _canonical_parts(fmt: CodeFormat) -> tuple[str, dict[str, GroupKind]]:
    """The canonical spelling's beginning (``{prefix}-``) and each group letter whose canonical
    spelling ``fmt.parse`` is seen to read as itself and its group (a prefix or letter the
    format's own reading folds otherwise has none). How ``fmt.parse`` reads such a text does not
    depend on its number — it is the text's last run of digits, after a dash — so a two- and a
    three-digit number are tried, once per format."""
    letters: dict[str, GroupKind] = {}
    kinds: tuple[GroupKind, ...] = ("experimental", "control")
    for kind in kinds:
        letter = fmt.letter(kind)
        spellings = [f"{fmt.prefix}-{letter}-{n:02d}" for n in _PROBES]
        if "-" not in letter and all(s == s.strip() and fmt.parse(s) == ChildCode(s, kind) for s in spellings):
            letters[letter] = kind
    return f"{fmt.prefix}-", letters


@dataclass(frozen=True)
class ChildCode:
    canonical: str  # as the format writes it: 47-Э-07
    kind: GroupKind  # the group its letter names


def _fold(text: str) -> str:
    return _SEPARATORS.sub("", normalise(text))


def code_key(raw: object) -> str:
    """What two codes that do not fit any format are compared by (case, separators, look-alikes)."""
    return _fold(unicodedata.normalize("NFKC", str(raw)))


def formats_from_records(records: Iterable[Mapping[Any, object]]) -> dict[str, CodeFormat]:
    """Each organisation's code format, from the master's organisation rows."""
    return {
        str(r["code"]): CodeFormat.from_cells(r.get("child_prefix"), r.get("child_letters"), org=str(r["code"]))
        for r in records if r.get("code") is not None
    }
