"""`baulu --help` stays quick: it imports none of the heavy libraries (each command imports what
it uses when it runs). Checked in a new process by what it has imported, not by a clock."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "pandera", "openpyxl", "scipy", "matplotlib", "docx", "rich", "numpy")

PROBE = """
import json, sys
from macros.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = {h for h in json.loads(HEAVY) if h in sys.modules}
print(json.dumps(sorted(heavy)), file=sys.stderr)
"""


@pytest.mark.parametrize("argv", [["--help"], ["sync", "--help"], ["addin", "build", "--help"],
                                  ["--lang", "ru", "--help"], ["validate"]], ids=" ".join)
def test_help_and_usage_errors_import_no_heavy_library(argv: list[str]) -> None:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", PROBE.replace("HEAVY", repr(json.dumps(HEAVY))), *argv],
                          capture_output=True, text=True, cwd=root, timeout=60)
    assert done.stdout or done.stderr  # help or a usage error was printed
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check can fail: a heavy library imported at start (here by the probe itself) is reported."""
    root = Path(__file__).resolve().parents[1]
    code = PROBE.replace("HEAVY", repr(json.dumps(HEAVY))).replace("from macros.cli import main",
                                                                     "from macros.cli import main\nimport rich")
    done = subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, text=True, cwd=root,
                          timeout=60)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == ["rich"]
