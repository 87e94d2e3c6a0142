"""The data contract of Baulu: vocabulary, sheet specifications, pandera schemas, rules, findings.

This package depends on nothing else of the project's; everything else reads and writes
sheets through the definitions here. The names below are loaded on first use, so that importing
a light module (``schemas.errors``) does not import pandas and pandera: every command line start
pays for what it imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemas.catalogue import Rule, Severity
    from schemas.columns import Column
    from schemas.finding import Finding
    from schemas.sheets import KINDERGARTEN_SHEETS, MASTER_SHEETS, SheetSpec, spec_by_key
    from schemas.table import Table

_WHERE = {
    "Column": "schemas.columns", "Finding": "schemas.finding", "Severity": "schemas.catalogue",
    "Rule": "schemas.catalogue",
    "KINDERGARTEN_SHEETS": "schemas.sheets", "MASTER_SHEETS": "schemas.sheets", "SheetSpec": "schemas.sheets",
    "spec_by_key": "schemas.sheets", "Table": "schemas.table",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'schemas' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "KINDERGARTEN_SHEETS",
    "MASTER_SHEETS",
    "Column",
    "Finding",
    "Rule",
    "Severity",
    "SheetSpec",
    "Table",
    "spec_by_key",
]
