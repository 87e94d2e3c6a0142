"""A consolidated value as the master shows it, each (column, value) worked out once. Pure."""

from __future__ import annotations

from typing import cast

from schemas.display import display_value
from schemas.lang import Lang
from schemas.sheets import SheetSpec
from schemas.writeplan import Value


class Shown:
    """:func:`shown` for one sheet, each (column, value) computed once: a consolidated column's
    values repeat (labels, dates, levels, each kindergarten's version), and a round shows every
    row's values twice (the plan, and the digests of what it wrote)."""

    def __init__(self, spec: SheetSpec, lang: Lang) -> None:
        self.lang = lang
        self.columns = {c.key: c for c in reversed(spec.columns)}  # the first of a key, as spec.column
        self.memo: dict[tuple[str, type, object], Value] = {}

    def __call__(self, key: str, value: object) -> Value:
        try:
            return self.memo[(key, type(value), value)]
        except KeyError:
            found = self.memo[(key, type(value), value)] = cast(Value, display_value(self.columns[key], value,
                                                                                      self.lang))
            return found
        except TypeError:  # an unhashable value
            return cast(Value, display_value(self.columns[key], value, self.lang))
