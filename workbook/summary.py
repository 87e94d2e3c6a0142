"""The master's summary sheet: the pilot's title, live counts per organisation and a chart.

The counts are Excel formulas over the consolidated sheets, so they follow every edit the
coordinator (or a sync) makes without Baulu recomputing anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from schemas.lang import Lang
from schemas.seed import Organisation
from schemas.sheets import SheetSpec
from schemas.vocabulary import STATUSES, term
from workbook import style
from workbook.instructions import PILOT_KK, PILOT_RU
from workbook.layout import fit_row_height, set_print

_TITLE = {
    "kk": (PILOT_KK, "Батыс Қазақстан облысы білім басқармасының 29.12.2025 жылғы №1218 бұйрығы"),
    "ru": (PILOT_RU, "Приказ Управления образования Западно-Казахстанской области №1218 от 29.12.2025"),
}
_NOTE = {
    "kk": "Ұйымдар бойынша көрсеткіштер: формулалар МДҰ парақтары өзгерген сайын өздігінен жаңарады.",
    "ru": "Показатели по организациям: формулы пересчитываются сами при каждом изменении листов ДО.",
}
_HEADERS = {
    "kk": ("Код", "Ұйым", "Орындалған жоспар тармақтары", "Өткізілген байқаулар", "Мониторинг жолдары",
           "Жариялымдар", "Ескертулер"),
    "ru": ("Код", "Организация", "Выполнено пунктов плана", "Проведено конкурсов", "Строк мониторинга",
           "Публикаций", "Замечаний"),
}
_TOTAL = {"kk": "Барлығы", "ru": "Итого"}
_CHART_TITLE = {"kk": "Ұйымдар бойынша көрсеткіштер", "ru": "Показатели по организациям"}
_WIDTHS = (9, 46, 16, 16, 16, 16, 16)
HEADER_ROW = 5


def _column(title: str, spec: SheetSpec, key: str) -> str:
    """A whole-column reference such as ``'Жариялымдар (МДҰ)'!$A:$A``."""
    letter = get_column_letter([c.key for c in spec.columns].index(key) + 1)
    return "'{}'!${}:${}".format(title.replace("'", "''"), letter, letter)


def sheet_titles(wb: Workbook | None, specs: Sequence[SheetSpec], lang: Lang = "kk") -> dict[str, str]:
    """Each spec's sheet title as the workbook has it (kk or ru), else its title in ``lang``."""
    names = wb.sheetnames if wb is not None else []
    return {
        spec.key: next((n for n in names if n in (spec.kk, spec.ru)), spec.title(lang)) for spec in specs
    }


def count_formulas(
    specs: Sequence[SheetSpec], row: int, lang: Lang = "kk", titles: Mapping[str, str] | None = None,
) -> list[str]:
    """The five count formulas for the organisation whose code is in column A of ``row``."""
    by_key = {spec.key: spec for spec in specs}
    named = {**sheet_titles(None, specs, lang), **(titles or {})}
    code = f"$A{row}"

    def ref(key: str, column: str) -> str:
        return _column(named[key], by_key[key], column)

    done = term(STATUSES, "done")
    done_counts = "+".join(
        f'COUNTIFS({ref("c_plan_status", "org")},{code},{ref("c_plan_status", "status")},"{label}")'
        for label in dict.fromkeys((done.label(lang), done.kk, done.ru))
    )
    return [
        f"={done_counts}",
        f'=COUNTIFS({ref("c_contest_results", "org")},{code},{ref("c_contest_results", "date_held")},"<>")',
        f'=COUNTIF({ref("c_monitoring", "org")},{code})',
        f'=COUNTIF({ref("c_posts", "org")},{code})',
        f'=COUNTIF({ref("findings", "org")},{code})',
    ]


def write_summary(
    ws: Worksheet, specs: Sequence[SheetSpec], organisations: Sequence[Organisation], *, lang: Lang = "kk",
) -> None:
    """Title, a table of live counts per organisation (with totals) and a bar chart of it.

    The formulas name the consolidated sheets as the workbook titles them, whatever ``lang``.
    """
    titles = sheet_titles(ws.parent, specs, lang)
    title, order = _TITLE.get(lang, _TITLE["kk"])
    ws.cell(row=1, column=1, value=title).font = style.TITLE_FONT
    ws.cell(row=2, column=1, value=order).font = style.SUBTITLE_FONT
    ws.cell(row=3, column=1, value=_NOTE.get(lang, _NOTE["kk"])).font = style.SUBTITLE_FONT
    ws.sheet_view.showGridLines = False
    for index, (header, width) in enumerate(zip(_HEADERS.get(lang, _HEADERS["kk"]), _WIDTHS, strict=True), 1):
        cell = ws.cell(row=HEADER_ROW, column=index, value=header)
        cell.font, cell.fill, cell.alignment = style.HEADER_FONT, style.HEADER_FILL, style.HEADER_ALIGNMENT
        ws.column_dimensions[get_column_letter(index)].width = width
    first = HEADER_ROW + 1
    for row, organisation in enumerate(organisations, start=first):
        ws.cell(row=row, column=1, value=organisation.code).alignment = style.CELL_ALIGNMENT
        ws.cell(row=row, column=2, value=organisation.short_name).alignment = style.WRAP_ALIGNMENT
        for index, formula in enumerate(count_formulas(specs, row, lang, titles), start=3):
            formula_cell = ws.cell(row=row, column=index, value=formula)
            formula_cell.number_format, formula_cell.alignment = style.INT_FORMAT, style.CELL_ALIGNMENT
    last = first + len(organisations) - 1
    for row in range(HEADER_ROW, last + 1):
        fit_row_height(ws, row)
    total = last + 1
    ws.cell(row=total, column=2, value=_TOTAL.get(lang, _TOTAL["kk"]))
    for index in range(3, len(_WIDTHS) + 1):
        letter = get_column_letter(index)
        ws.cell(row=total, column=index, value=f"=SUM({letter}{first}:{letter}{last})")
    for index in range(1, len(_WIDTHS) + 1):
        total_cell = ws.cell(row=total, column=index)
        total_cell.font, total_cell.border = style.TOTAL_FONT, style.TOTAL_BORDER
    if organisations:
        _add_chart(ws, first, last, anchor=f"A{total + 3}", lang=lang)
    set_print(ws)
    ws.page_setup.fitToHeight = 1  # a one-page report: the table and its chart together


def _add_chart(ws: Worksheet, first: int, last: int, *, anchor: str, lang: Lang) -> None:
    chart = BarChart()
    chart.type, chart.grouping = "col", "clustered"
    chart.title = _CHART_TITLE.get(lang, _CHART_TITLE["kk"])
    chart.add_data(Reference(ws, min_col=3, max_col=len(_WIDTHS), min_row=HEADER_ROW, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.width, chart.height = 24, 9
    ws.add_chart(chart, anchor)
