"""`baulu addin build`: the archive, its ribbon, its VBA (through olevba), its config sheet, and
LibreOffice Calc opening it. No Excel runs here: what only Excel can show is on the checklist in
docs/excel-addin.md.

The LibreOffice test is skipped where ``soffice`` is missing, except on CI (``CI=true``).
"""

from __future__ import annotations

import inspect
import re
import subprocess
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from macros import functions, ribbon
from macros.addin import RIBBON, RIBBON_MODULE, UDF_MODULE, latin
from macros.cli import main

with warnings.catch_warnings():  # oletools still calls pyparsing's old names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

UI = "{http://schemas.microsoft.com/office/2006/01/customui}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
LABELS = ["Жинау және тексеру", "Тексеру", "Есеп", "Тарих"]


@pytest.fixture(scope="module")
def xlam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("addin") / "baulu.xlam"
    assert main(["addin", "build", "--out", str(out), "--interpreter", r"C:\Baulu\.venv\Scripts\python.exe",
                 "--pythonpath", r"C:\Baulu\src"]) == 0
    return out


@pytest.fixture(scope="module")
def modules(xlam: Path) -> dict[str, str]:
    """Module name → source, as olevba extracts them from the add-in."""
    parser = VBA_Parser(str(xlam))
    return {name.rsplit(".", 1)[0]: code.replace("\r\n", "\n") for _, _, name, code in parser.extract_macros()}


def test_archive_opens_and_is_an_addin(xlam: Path) -> None:
    with zipfile.ZipFile(xlam) as z:
        assert z.testzip() is None
        names = set(z.namelist())
        types = z.read("[Content_Types].xml").decode()
        workbook = z.read("xl/workbook.xml").decode()
    assert {"xl/vbaProject.bin", "customUI/customUI.xml", "xl/worksheets/sheet1.xml"} <= names
    assert "application/vnd.ms-excel.addin.macroEnabled.main+xml" in types
    assert 'name="baulu.conf"' in workbook and "felix" not in workbook


def test_ribbon_is_kazakh_and_every_button_has_its_sub(xlam: Path, modules: dict[str, str]) -> None:
    with zipfile.ZipFile(xlam) as z:
        root = ET.fromstring(z.read("customUI/customUI.xml"))  # well-formed, or this raises
    tab = root.find(f"{UI}ribbon/{UI}tabs/{UI}tab")
    assert tab is not None and tab.get("label") == "Баулу"
    buttons = list(root.iter(f"{UI}button"))
    assert [b.get("label") for b in buttons] == LABELS
    for button in buttons:
        module, sub = str(button.get("onAction")).split(".")
        assert module == RIBBON_MODULE
        assert re.search(rf"^Sub {sub}\(control As IRibbonControl\)$", modules[module], re.M), sub
        assert button.get("supertip")


def test_each_button_runs_an_action_that_exists(modules: dict[str, str]) -> None:
    calls = re.findall(r'RunPython "import macros\.ribbon; macros\.ribbon\.(\w+)\(\)"', modules[RIBBON_MODULE])
    assert calls == [a.python for a in RIBBON]
    for name in calls:
        action = getattr(ribbon, name)
        assert callable(action) and not inspect.signature(action).parameters


def test_every_worksheet_function_has_its_vba_wrapper(modules: dict[str, str]) -> None:
    udfs = modules["xlwings_udfs"]
    for f in functions.FUNCTIONS:
        params = list(inspect.signature(f).parameters)
        declared = re.search(rf"^Function {f.__name__}\((.*)\)$", udfs, re.M)
        assert declared, f.__name__
        assert [p.replace("Optional ", "") for p in declared[1].split(", ")] == params
        assert f'XLPy.CallUDF("{UDF_MODULE}", "{f.__name__}", Array({", ".join(params)})' in udfs
        assert f"Attribute {f.__name__}.VB_Description = " in udfs


def test_vba_keeps_to_its_code_page(modules: dict[str, str]) -> None:
    for name in (RIBBON_MODULE, "xlwings_udfs"):
        modules[name].encode("cp1252")  # the project's code page: Windows-1252, no Cyrillic
    assert 'Public Const PROJECT_NAME As String = "baulu"' in modules["xlwings"]
    assert "RibbonMyAddin" not in modules
    assert latin("Бала кодын тексереді") == "Bala kodyn tekseredi"


def _config(xlam: Path) -> dict[str, str]:
    with zipfile.ZipFile(xlam) as z:
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    values: dict[str, str] = {}
    for row in sheet.iter(f"{MAIN}row"):
        cells = {c.get("r", "")[0]: c for c in row.iter(f"{MAIN}c")}
        key = "".join(cells["A"].itertext())
        b = cells.get("B")
        values[key] = "" if b is None else ("TRUE" if b.get("t") == "b" and "".join(b.itertext()) == "1"
                                            else "FALSE" if b.get("t") == "b" else "".join(b.itertext()))
    return values


def test_config_sheet_holds_interpreter_path_and_functions(xlam: Path) -> None:
    assert _config(xlam) == {
        "Interpreter_Win": r"C:\Baulu\.venv\Scripts\python.exe", "Interpreter_Mac": "",
        "PYTHONPATH": r"C:\Baulu\src", "Conda Path": "", "Conda Env": "", "UDF Modules": "macros.functions",
        "Debug UDFs": "FALSE", "Use UDF Server": "FALSE", "Show Console": "FALSE",
    }


def test_default_build_points_at_the_guides_folders(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    assert main(["addin", "build", "--out", str(folder) + "/"]) == 0
    config = _config(folder / "baulu.xlam")
    assert config["Interpreter_Win"] == r"%USERPROFILE%\Baulu\.venv\Scripts\python.exe"
    assert config["PYTHONPATH"] == r"%USERPROFILE%\Baulu\baulu"


def test_libreoffice_opens_the_addin_and_lists_its_modules(xlam: Path, soffice: str, tmp_path: Path) -> None:
    """Calc imports the VBA project as a Basic library when it opens the add-in; saved as .ods, the
    library's module list and the config sheet's cells are there to read."""
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--infilter=Calc MS Excel 2007 VBA XML",
         "--convert-to", "ods", "--outdir", str(tmp_path), str(xlam)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "baulu.ods") as ods:
        library = ET.fromstring(ods.read("Basic/Baulu/script-lb.xml"))
        listed = {e.get("{http://openoffice.org/2000/library}name") for e in library}
        ribbon_code = ods.read(f"Basic/Baulu/{RIBBON_MODULE}.xml").decode()
        content = ods.read("content.xml").decode()
    assert listed == {"ThisWorkbook", "Dictionary", "Sheet2", "xlwings", RIBBON_MODULE, "xlwings_udfs"}
    for action in RIBBON:
        assert f"Sub {action.sub}(control As IRibbonControl)" in ribbon_code
    assert 'table:name="baulu.conf"' in content
    assert "macros.functions" in content and r"C:\Baulu\.venv\Scripts\python.exe" in content


def test_every_button_and_function_is_in_the_guide() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "excel-addin.md").read_text(encoding="utf-8")
    for action in RIBBON:
        assert f"«{action.label}»" in guide, action.label
        assert action.label_ru in guide or action.label in guide
    for f in functions.FUNCTIONS:
        assert f.__name__ in guide, f.__name__
    for words in ("Mark of the Web", "Сенімді орындар", "Надёжные расположения", "PolyForm Noncommercial",
                  "XLWINGS_LICENSE_KEY=noncommercial", "baulu addin build"):
        assert words in guide, words
