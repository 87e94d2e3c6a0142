"""Test-session set-up.

xlwings decides at import whether its PRO parts (the remote engine ``xw.Book(json=...)``) are
licensed, so the key is set here, before any test module imports xlwings. The remote engine is
used under the PolyForm Noncommercial licence (see docs/excel-addin.md); nothing outside the
tests sets this key, and the Windows runtime uses only open-source xlwings.

The workspaces many modules start from (``new_workspace``, ``filled_workspace``) are made once per
test process — once per xdist worker — and copied by each module that changes them.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from macros.demo_data import Mistake

os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
os.environ.setdefault("OPENPYXL_LXML", "False")  # as every Baulu action has it (macros/__init__.py)


@pytest.fixture(scope="module")
def soffice() -> str:
    """LibreOffice's command; skipped where it is missing, except on CI (``CI=true``): a failure."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required on CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


@dataclass(frozen=True)
class Filled:
    """A workspace with the demo's data in every kindergarten file, never synced, and the mistakes
    planted in it (``fill_workspace``'s return)."""

    root: Path
    mistakes: tuple[Mistake, ...]


@pytest.fixture(scope="session")
def new_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``init_workspace``'s fresh workspace, made once per test process (each xdist worker has its
    own) for the modules that start from one. Read-only: copy it (``shutil.copytree``) to change it."""
    from macros.init import init_workspace  # imported here: xlwings' key is set above first

    root = tmp_path_factory.mktemp("new-workspace") / "ws"
    init_workspace(root)
    return root


@pytest.fixture(scope="session")
def filled_workspace(new_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Filled:
    """A copy of ``new_workspace`` filled with the demo data (``fill_workspace``), made once per test
    process. Read-only: copy it to change it."""
    from macros.demo_data import fill_workspace

    root = Path(shutil.copytree(new_workspace, tmp_path_factory.mktemp("filled-workspace") / "ws"))
    return Filled(root, tuple(fill_workspace(root)))


# The slowest files, slowest first (``--durations`` on the 2-core machine). Under pytest-xdist
# (``--dist loadfile``) each file runs whole on one worker — its module fixtures built once — and
# the files are handed out in this order (``--no-loadscope-reorder``), so the long ones start at
# once and the short ones fill in at the end. Every other file follows in its usual order.
SLOWEST_FIRST = (
    "test_fast_path.py", "test_fuzz_sheets.py", "test_reliability.py", "test_sync.py", "test_kill.py",
    "test_known_master.py", "test_refusals.py", "test_demo_data.py", "test_reports.py", "test_ribbon.py",
    "test_read_path.py", "test_seams.py", "test_google_seams.py", "test_injection.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOWEST_FIRST)))  # stable: order within kept
