"""The data contract of Baulu: vocabulary, sheet specifications, pandera schemas, rules, findings.

This package depends on nothing else of the project's; everything else reads and writes
sheets through the definitions here.
"""

from schemas.catalogue import Rule, Severity
from schemas.columns import Column
from schemas.finding import Finding
from schemas.sheets import KINDERGARTEN_SHEETS, MASTER_SHEETS, SheetSpec, spec_by_key
from schemas.table import Table

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
