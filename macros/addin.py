"""`baulu addin build`: the Excel add-in ``baulu.xlam``, made on any machine from xlwings' ribbon template.

What goes in: a Kazakh ribbon tab with one button per action (``RIBBON``), the config sheet
xlwings reads (interpreter, PYTHONPATH, the worksheet functions' module), and two VBA modules
added to the template's project — the buttons' callbacks (``BauluRibbon``) and the worksheet
functions' wrappers (``xlwings_udfs``, as xlwings' own «Import Functions» would write them). VBA
code here is ASCII: a VBA project's code page cannot hold Kazakh letters, so every word a person
reads comes from Python (the ribbon XML is UTF-8 and the message boxes are Python's).
"""

from __future__ import annotations

import inspect
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import xlwings

from macros.functions import FUNCTIONS
from schemas.errors import BauluError
from workbook.vbaproject import Module, read_project, write_project
from workbook.xlam import ConfigValue, build_xlam

TEMPLATE = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
PROJECT = "Baulu"
CONFIG_NAME = "baulu"  # xlwings reads the sheet «baulu.conf» and the file %USERPROFILE%\.baulu\baulu.conf
UDF_MODULE = "macros.functions"
RIBBON_MODULE = "BauluRibbon"
ACTIONS_MODULE = "macros.ribbon"
DEFAULT_INTERPRETER = r"%USERPROFILE%\Baulu\.venv\Scripts\python.exe"
DEFAULT_PYTHONPATH = r"%USERPROFILE%\Baulu\baulu"


@dataclass(frozen=True)
class RibbonAction:
    button: str  # the ribbon control id
    label: str  # Kazakh, as the button shows it
    label_ru: str
    sub: str  # the VBA callback in BauluRibbon
    python: str  # the function of macros.ribbon the callback runs
    image: str  # an Office icon (imageMso)
    help_kk: str
    help_ru: str


RIBBON: tuple[RibbonAction, ...] = (
    RibbonAction("bauluCollect", "Жинау және тексеру", "Собрать и проверить", "BauluCollectAndCheck",
                 "collect_and_check", "RefreshAll",
                 "МДҰ парақтарын жинап, тексеріп, ескертулерді осы кітапқа және МДҰ-ларға жазады.",
                 "Собирает листы ДО, проверяет и записывает замечания в эту книгу и в ДО."),
    RibbonAction("bauluCheck", "Тексеру", "Проверить", "BauluCheck", "check", "DataValidation",
                 "Осы кітаптағы деректерді жинамай тексереді.",
                 "Проверяет данные в этой книге, не собирая заново."),
    RibbonAction("bauluReport", "Есеп", "Отчёт", "BauluReport", "report", "PivotTableInsert",
                 "Жиынтық парағын жаңартады.", "Обновляет лист «Сводка»."),
    RibbonAction("bauluHistory", "Тарих", "История", "BauluHistory", "history", "ReviewTrackChanges",
                 "Әр МДҰ-ның сақталған нұсқаларын парақ етіп шығарады.",
                 "Выводит сохранённые версии каждой ДО на отдельный лист."),
)


def ribbon_xml() -> str:
    """The add-in's ribbon: one Kazakh tab, one large button per action (Russian in the tips)."""
    buttons = "\n".join(
        f'        <button id="{a.button}" label={quoteattr(a.label)} size="large" '
        f'onAction="{RIBBON_MODULE}.{a.sub}" imageMso="{a.image}" '
        f'screentip={quoteattr(a.label + " / " + a.label_ru)} '
        f'supertip={quoteattr(a.help_kk + " " + a.help_ru)}/>'
        for a in RIBBON
    )
    return (
        '<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">\n'
        "  <ribbon>\n    <tabs>\n"
        '      <tab id="bauluTab" label="Баулу">\n'
        '        <group id="bauluGroup" label="Ерте жастан еңбекке баулу">\n'
        f"{buttons}\n"
        "        </group>\n      </tab>\n    </tabs>\n  </ribbon>\n</customUI>\n"
    )


def _vba_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def ribbon_module() -> str:
    """VBA of the buttons: each runs its action in Python through xlwings' RunPython."""
    lines = [f'Attribute VB_Name = "{RIBBON_MODULE}"', "Option Explicit",
             "' Baulu ribbon: every button runs one action of macros.ribbon in Python (xlwings).",
             "' Progress, results and errors are shown by Python, in Kazakh or Russian.", ""]
    for a in RIBBON:
        command = f"import {ACTIONS_MODULE}; {ACTIONS_MODULE}.{a.python}()"
        lines += [f"Sub {a.sub}(control As IRibbonControl)", f"    RunPython {_vba_string(command)}", "End Sub", ""]
    return "\r\n".join(lines)


_LATIN = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "ü", "ф": "f", "х": "h",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "iu", "я": "ia", "«": "'", "»": "'", "—": "-", "–": "-", "…": "...",
}


def latin(text: str) -> str:
    """Kazakh (and Russian) text in Latin letters the add-in's code page (Windows-1252) can hold."""
    out = []
    for ch in text:
        low = ch.lower()
        mapped = _LATIN.get(low)
        if mapped is None:
            out.append(ch)
        else:
            out.append(mapped.capitalize() if ch != low else mapped)
    return "".join(out).encode("cp1252", errors="replace").decode("cp1252")


def _wrapper(f: Callable[..., Any]) -> list[str]:
    """xlwings' VBA wrapper of one worksheet function, as its «Import Functions» generates it."""
    name = f.__name__
    params = list(inspect.signature(f).parameters.values())
    signature = ", ".join(("Optional " if p.default is not inspect.Parameter.empty else "") + p.name
                          for p in params)
    args = ", ".join(p.name for p in params)
    call = f'XLPy.CallUDF("{UDF_MODULE}", "{name}", Array({args})'
    description = latin(" ".join((inspect.getdoc(f) or "").split()))[:255]
    return [
        f"Function {name}({signature})",
        f"Attribute {name}.VB_Description = {_vba_string(description)}",
        '        #If App = "Microsoft Excel" Then',
        "            If TypeOf Application.Caller Is Range Then On Error GoTo failed",
        f"            {name} = {call}, ActiveWorkbook, Application.Caller)",
        "            Exit Function",
        "        #Else",
        f"            {name} = {call})",
        "            Exit Function",
        "        #End If",
        "failed:",
        f"        {name} = Err.Description",
        "End Function",
        "",
    ]


def udf_module(functions: Sequence[Callable[..., Any]] = FUNCTIONS) -> str:
    """The worksheet functions' VBA module, ready in the add-in (no «Import Functions» needed)."""
    lines = ['Attribute VB_Name = "xlwings_udfs"',
             "'Generated by baulu addin build from macros.functions (the same wrappers xlwings writes)",
             """#Const App = "Microsoft Excel" 'Adjust when using outside of Excel""", ""]
    for f in functions:
        lines += _wrapper(f)
    return "\r\n".join(lines)


def config_rows(interpreter: str, pythonpath: str) -> list[tuple[str, ConfigValue]]:
    """The rows of the «baulu.conf» sheet; keys as xlwings reads them (upper case does not matter)."""
    return [
        ("Interpreter_Win", interpreter),
        ("Interpreter_Mac", ""),
        ("PYTHONPATH", pythonpath),
        ("Conda Path", ""),
        ("Conda Env", ""),
        ("UDF Modules", UDF_MODULE),
        ("Debug UDFs", False),
        ("Use UDF Server", False),
        ("Show Console", False),
    ]


def vba_project(template_vba: bytes) -> bytes:
    """The template's VBA project with Baulu's name, ribbon callbacks and worksheet functions."""
    project = read_project(template_vba)
    project.name = PROJECT
    xw = project.module("xlwings")
    constant = 'Public Const PROJECT_NAME As String = "myaddin"'
    if xw.source.count(constant) != 1:
        raise ValueError("xlwings' template module has changed: PROJECT_NAME not found")
    project.put(Module(xw.name, xw.kind, xw.source.replace(constant, constant.replace("myaddin", CONFIG_NAME)),
                       xw.records))
    project.remove("RibbonMyAddin")
    project.put(Module(RIBBON_MODULE, "module", ribbon_module()))
    project.put(Module("xlwings_udfs", "module", udf_module()))
    return write_project(project)


def build_addin_bytes(
    *, interpreter: str = DEFAULT_INTERPRETER, pythonpath: str = DEFAULT_PYTHONPATH, template: Path = TEMPLATE,
) -> bytes:
    data = template.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        template_vba = z.read("xl/vbaProject.bin")
    return build_xlam(
        data, ribbon_xml=ribbon_xml(), config_sheet=f"{CONFIG_NAME}.conf",
        config=config_rows(interpreter, pythonpath), vba_project=vba_project(template_vba),
    )


def build_addin(
    out: Path, *, interpreter: str = DEFAULT_INTERPRETER, pythonpath: str = DEFAULT_PYTHONPATH,
) -> Path:
    """Write ``baulu.xlam`` to ``out`` (a file, or a folder to put it in)."""
    target = out / "baulu.xlam" if out.is_dir() else out
    data = build_addin_bytes(interpreter=interpreter, pythonpath=pythonpath)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".~baulu-", suffix=".xlam", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp_name, target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise BauluError(
            f"{target} жазылмады (Excel-де ашық болса, жабыңыз): {exc} / "
            f"{target} не записан (если открыт в Excel, закройте): {exc}"
        ) from exc
    return target
