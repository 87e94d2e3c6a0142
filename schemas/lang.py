"""The two languages Baulu speaks: Kazakh first, Russian on request."""

from __future__ import annotations

from typing import Literal, TypeGuard

Lang = Literal["kk", "ru"]
LANGS: tuple[Lang, ...] = ("kk", "ru")


def is_lang(value: object) -> TypeGuard[Lang]:
    return value in LANGS


def as_lang(value: object, default: Lang = "kk") -> Lang:
    """``value`` when it names a language, else ``default``."""
    return value if is_lang(value) else default
