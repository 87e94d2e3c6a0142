"""Test-session set-up.

xlwings decides at import whether its PRO parts (the remote engine ``xw.Book(json=...)``) are
licensed, so the key is set here, before any test module imports xlwings. The remote engine is
used under the PolyForm Noncommercial licence (see docs/excel-addin.md); nothing outside the
tests sets this key, and the Windows runtime uses only open-source xlwings.
"""

import os
import shutil

import pytest

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
