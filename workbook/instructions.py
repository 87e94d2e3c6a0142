"""The instructions tab of a kindergarten workbook, in Kazakh and then Russian."""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from schemas import sheets
from schemas.lang import Lang
from schemas.seed import Organisation
from schemas.sheets import SheetSpec
from workbook import style
from workbook.layout import fit_row_height, set_print

PILOT_KK = "«Ерте жастан еңбекке және кәсіпке баулу» пилоттық жобасы"
PILOT_RU = "Пилотный проект «Ерте жастан еңбекке және кәсіпке баулу» (приобщение к труду и профессиям)"

_TABS: dict[str, tuple[str, str]] = {
    "plan_status": (
        "әр жоспар тармағы бойынша орындалуын тізімнен таңдаңыз (орындалды / орындалуда / орындалмады), "
        "орындалған күнін, дәлелге сілтемені (жариялым, фотоальбом) және қажет болса түсініктеме жазыңыз.",
        "по каждому пункту плана выберите из списка статус (выполнено / выполняется / не выполнено), "
        "укажите дату выполнения, ссылку на подтверждение (публикация, фотоальбом) и при необходимости "
        "комментарий.",
    ),
    "contest_results": (
        "әр байқау бойынша өткізілген күнін, қатысқан балалар, ата-аналар (отбасылар) және педагогтер "
        "санын, жеңімпаздарды (тек бала кодымен, үтір арқылы) және дәлелге сілтемені жазыңыз.",
        "по каждому конкурсу укажите дату проведения, число детей, родителей (семей) и педагогов, "
        "победителей (только кодами детей через запятую) и ссылку на подтверждение.",
    ),
    "monitoring": (
        "әр бала мен әр бағалау кезеңіне бір жол: бала коды, топ түрі (эксперименттік / бақылау), "
        "топ атауы, жас тобы, жынысы, кезең және әр көрсеткіш бойынша деңгей (1, 2 немесе 3).",
        "одна строка на ребёнка и период оценки: код ребёнка, вид группы (экспериментальная / "
        "контрольная), название группы, возрастная группа, пол, период и уровень по каждому "
        "показателю (1, 2 или 3).",
    ),
    "posts": (
        "әлеуметтік желідегі әр жариялымға бір жол: күні, желі, сілтеме, бағыты.",
        "одна строка на каждую публикацию в соцсетях: дата, соцсеть, ссылка, направление.",
    ),
    "environment": (
        "әр бағыт бойынша бұрыш не шеберхана жабдықталды ма (иә / жоқ), қашаннан бері және онда не бар.",
        "по каждому направлению: оборудован ли уголок или мастерская (да / нет), с какого времени и "
        "что в нём есть.",
    ),
    "feedback": (
        "бұл парақты бағдарлама өзі жазады: онда не түзету керектігі (парақ, ұяшық, себебі) көрсетіледі. "
        "Оны өңдемеңіз — қатені тиісті парақта түзетіңіз, келесі тексеруден кейін тізім жаңарады.",
        "этот лист заполняет программа: в нём перечислено, что нужно исправить (лист, ячейка, причина). "
        "Не редактируйте его — исправьте ошибку на нужном листе, после следующей проверки список "
        "обновится.",
    ),
}

_INTRO = (
    "Бұл файлды ұйымның жоба жетекшісі толтырады. Сұр ұяшықтарды әдістемелік орталық толтырған, "
    "олар өзгертілмейді. Тізімі бар ұяшықтарда мәнді тізімнен таңдаңыз. Тақырып жолын және парақ "
    "атауларын өзгертпеңіз, жаңа жолдарды кестенің астына қосыңыз.",
    "Этот файл заполняет руководитель проекта в организации. Серые ячейки заполнены методическим "
    "центром и не изменяются. Где есть список, выбирайте значение из списка. Не меняйте строку "
    "заголовков и названия листов, новые строки добавляйте под таблицей.",
)

_RULES = (
    (
        "Балалар тек кодпен жазылады, мысалы 47-Э-07. Баланың аты-жөнін немесе ЖСН-ін ешқашан жазбаңыз.",
        "Күндерді 12.03.2026 түрінде жазыңыз.",
        "Деңгейлер: 1 — төмен, 2 — орташа, 3 — жоғары.",
    ),
    (
        "Детей записывайте только кодом, например 47-Э-07. Никогда не пишите ФИО или ИИН ребёнка.",
        "Даты пишите в виде 12.03.2026.",
        "Уровни: 1 — низкий, 2 — средний, 3 — высокий.",
    ),
)

_HEADINGS = (("Нұсқаулық", "Парақтар", "Ережелер"), ("Инструкция", "Листы", "Правила"))
_ORG_LINE = ("Ұйым: {name} (коды: {code})", "Организация: {name} (код: {code})")
_BODY_WIDTH = 95


def write_instructions(ws: Worksheet, org: Organisation, tabs: tuple[SheetSpec, ...], *, lang: Lang = "kk") -> None:
    """Fill ``ws`` with how to fill every tab in ``tabs``: Kazakh first, then Russian."""
    ws.column_dimensions["A"].width = _BODY_WIDTH
    ws.sheet_view.showGridLines = False
    lines: list[tuple[str, Font | None]] = [
        (PILOT_KK, style.TITLE_FONT),
        (PILOT_RU, style.SUBTITLE_FONT),
        (f"{_ORG_LINE[0].format(name=org.short_name, code=org.code)}  ·  "
         f"{_ORG_LINE[1].format(name=org.short_name, code=org.code)}", style.SECTION_FONT),
    ]
    for side in (0, 1):
        heading, tabs_heading, rules_heading = _HEADINGS[side]
        lines += [("", None), (heading, style.TITLE_FONT), (_INTRO[side], None), ("", None)]
        lines.append((tabs_heading, style.SECTION_FONT))
        for spec in (*tabs, sheets.FEEDBACK):
            described = _TABS.get(spec.key)
            if described is not None:
                lines.append((f"«{spec.title(lang)}»: {described[side]}", None))
        lines += [("", None), (rules_heading, style.SECTION_FONT)]
        lines += [(f"• {rule}", None) for rule in _RULES[side]]
    for row, (text, font) in enumerate(lines, start=1):
        if not text:
            continue
        cell = ws.cell(row=row, column=1, value=text)
        cell.alignment = style.WRAP_ALIGNMENT
        if font is not None:
            cell.font = font
        fit_row_height(ws, row)
    set_print(ws)
    ws.page_setup.orientation = "portrait"
