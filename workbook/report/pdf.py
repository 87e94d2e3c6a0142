"""A PDF beside a document, through LibreOffice when it is installed (Windows or Linux)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 180
_WINDOWS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
            r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((p for p in _WINDOWS if os.path.exists(p)), None)


def to_pdf(document: Path, soffice: str | None = None) -> Path | None:
    """``document`` converted to PDF in its folder; None when LibreOffice is not installed or fails."""
    soffice = soffice or find_soffice()
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="baulu-lo-") as profile:
        try:
            done = subprocess.run(
                [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(document.parent), str(document)],
                capture_output=True, text=True, timeout=TIMEOUT, check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    pdf = document.with_suffix(".pdf")
    return pdf if done.returncode == 0 and pdf.exists() else None
