"""Worksheet functions of the Baulu add-in (xlwings ``@xw.func``), on the same schemas as everything else.

Each function has an English-style name and a Kazakh one (Kazakh Latin alphabet, because a VBA
name in the add-in's code page cannot hold Cyrillic letters): BAULU_CHECK_ROW / BAULU_JOLDY_TEKSERU,
BAULU_PHONE / BAULU_TELEFON, BAULU_CHILD_CODE / BAULU_BALA_KODY, BAULU_FINDINGS / BAULU_ESKERTULER.
A function answers in Kazakh; ``"ru"`` as its last argument makes it answer in Russian. Each
docstring is the help Excel shows for it. On Windows the add-in's VBA wrappers call them through
xlwings; anywhere they are plain Python functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import xlwings as xw

from schemas import catalogue
from schemas.coerce import is_blank, normalise_phones
from schemas.finding import Finding, make_finding
from schemas.lang import Lang
from schemas.rowcheck import check_row, check_rows, org_of_codes, spec_titled, value_findings
from schemas.rows import table_from_rows
from schemas.sheets import FINDINGS, MONITORING
from schemas.validate import validate_table
from schemas.vocabulary import SEVERITIES, term

OK = "OK"
Cells = Sequence[Any]

_CHILD_CODE = MONITORING.column("child_code")
_NO_SHEET = {
    "kk": "«{title}» парағы танылмады: МДҰ не жиынтық парағының атауын жазыңыз (мысалы «Мониторинг»).",
    "ru": "Лист «{title}» не распознан: укажите название листа ДО или сводной (например «Мониторинг»).",
}
_TABLE_COLUMNS = ("row", "column", "cell", "value", "severity", "rule")


def _lang(lang: object) -> Lang:
    return "ru" if str(lang or "").strip().casefold() in ("ru", "рус", "орыс", "russian") else "kk"


def _flat(cells: object) -> list[Any]:
    """A range's values as one list, whether Excel passed a cell, a row or a one-row 2D list."""
    if isinstance(cells, list | tuple):
        out: list[Any] = []
        for item in cells:
            out.extend(item if isinstance(item, list | tuple) else [item])
        return out
    return [cells]


def _messages(findings: Sequence[Finding], lang: Lang) -> str:
    return OK if not findings else "\n".join(f.message(lang) for f in findings)


def _rows(cells: object) -> list[list[Any]]:
    """A range's values as rows (lists), whatever shape Excel passed; trailing blank rows dropped."""
    if not isinstance(cells, list | tuple):
        rows: list[list[Any]] = [[cells]]
    elif cells and all(isinstance(r, list | tuple) for r in cells):
        rows = [list(r) for r in cells]
    else:
        rows = [list(cells)]
    while rows and all(is_blank(v) for v in rows[-1]):
        rows.pop()
    return rows


def check_row_text(sheet: str, header: object, row: object, lang: object = "kk") -> str | list[list[str]]:
    """One row: «OK» or its messages. Several rows: a column with one answer per row («» for a blank row)."""
    lang = _lang(lang)
    spec = spec_titled(str(sheet or ""))
    if spec is None:
        return _NO_SHEET[lang].format(title=sheet)
    rows = _rows(row)
    head = _flat(header)
    org = org_of_codes(spec, head, rows)
    if len(rows) <= 1:
        return _messages(check_row(spec, head, rows[0] if rows else [], title=str(sheet), org=org), lang)
    answers = check_rows(spec, head, rows, title=str(sheet), org=org)
    return [["" if all(is_blank(v) for v in r) else _messages(found, lang)] for r, found in zip(rows, answers, strict=True)]


def phone_text(text: object, lang: object = "kk") -> str:
    if is_blank(text):
        return ""
    phones, ok = normalise_phones(text)
    if ok:
        return ", ".join(phones)
    return make_finding(catalogue.PHONE_INVALID, org="", sheet="", value=text).message(_lang(lang))


def child_code_text(code: object, lang: object = "kk") -> str:
    """The monitoring sheet's checks of one child-code cell (a row holding only the code)."""
    header = [_CHILD_CODE.kk]
    if is_blank(code):
        _, findings = value_findings(_CHILD_CODE, code)
        return _messages(findings, _lang(lang))
    row = [code]
    return _messages(check_row(MONITORING, header, row, org=org_of_codes(MONITORING, header, [row])), _lang(lang))


def findings_table(sheet: str, cells: object, lang: object = "kk") -> list[list[Any]] | str:
    lang = _lang(lang)
    spec = spec_titled(str(sheet or ""))
    if spec is None:
        return _NO_SHEET[lang].format(title=sheet)
    rows = _rows(cells)
    raw, findings = table_from_rows(rows, spec, org=org_of_codes(spec, rows[0] if rows else [], rows[1:]),
                                    title=str(sheet))
    _, found = validate_table(raw)
    findings = sorted([*findings, *found], key=lambda f: f.sort_key)
    if not findings:
        return OK
    header: list[Any] = [FINDINGS.column(k).header(lang) for k in _TABLE_COLUMNS]
    header.append(FINDINGS.column("message_ru" if lang == "ru" else "message_kk").header(lang))
    table: list[list[Any]] = [header]
    for f in findings:
        table.append([f.row or "", f.column, f.cell, f.value, term(SEVERITIES, f.severity).label(lang), f.rule,
                      f.message(lang)])
    return table


# --------------------------------------------------------------------------- the worksheet functions


@xw.func
@xw.arg("header", ndim=1)
@xw.arg("row", ndim=2)
def BAULU_CHECK_ROW(sheet: str, header: Cells, row: Cells, lang: Lang = "kk") -> str | list[list[str]]:
    """Жолды парақтың ережелерімен тексереді: «OK» не ескерту (бірнеше жол — әр жолға бір жауап). Проверка строки."""
    return check_row_text(sheet, header, row, lang)


@xw.func
@xw.arg("taqyryp", ndim=1)
@xw.arg("jol", ndim=2)
def BAULU_JOLDY_TEKSERU(paraq: str, taqyryp: Cells, jol: Cells, til: str = "kk") -> str | list[list[str]]:
    """Жолды тексеру: парақ атауы, тақырып жолы, тексерілетін жол, тіл (kk/ru). «OK» не ескерту мәтіні."""
    return check_row_text(paraq, taqyryp, jol, til)


@xw.func
def BAULU_PHONE(text: Any, lang: Lang = "kk") -> str:
    """Телефонды +7XXXXXXXXXX түріне келтіреді (бірнеше нөмір үтір арқылы). Нормализует телефон в +7XXXXXXXXXX."""
    return phone_text(text, lang)


@xw.func
def BAULU_TELEFON(matin: Any, til: str = "kk") -> str:
    """Телефон нөмірін +7XXXXXXXXXX түріне келтіреді; оқылмаса — себебін жазады."""
    return phone_text(matin, til)


@xw.func
def BAULU_CHILD_CODE(code: Any, lang: Lang = "kk") -> str:
    """Бала кодын тексереді (аты-жөні не ЖСН емес, тек код): «OK» не ескерту. Проверяет код ребёнка."""
    return child_code_text(code, lang)


@xw.func
def BAULU_BALA_KODY(kod: Any, til: str = "kk") -> str:
    """Бала кодын тексеру: аты-жөні не ЖСН (12 цифр) жазылмауы керек. «OK» не ескерту мәтіні."""
    return child_code_text(kod, til)


@xw.func
@xw.arg("cells", ndim=2)
def BAULU_FINDINGS(sheet: str, cells: Cells, lang: Lang = "kk") -> list[list[Any]] | str:
    """Аймақтың (тақырып жолымен бірге) барлық ескертулерін кесте етіп шығарады. Замечания диапазона таблицей."""
    return findings_table(sheet, cells, lang)


@xw.func
@xw.arg("aimaq", ndim=2)
def BAULU_ESKERTULER(paraq: str, aimaq: Cells, til: str = "kk") -> list[list[Any]] | str:
    """Ескертулер: парақ атауы, тақырып жолымен бірге аймақ, тіл (kk/ru). Жол, баған, мәні, түсініктеме кестесі."""
    return findings_table(paraq, aimaq, til)


FUNCTIONS: tuple[Callable[..., Any], ...] = (
    BAULU_CHECK_ROW, BAULU_JOLDY_TEKSERU, BAULU_PHONE, BAULU_TELEFON,
    BAULU_CHILD_CODE, BAULU_BALA_KODY, BAULU_FINDINGS, BAULU_ESKERTULER,
)
"""Every worksheet function, in the order the add-in's VBA module declares them."""
