"""The master's summary sheet «Жиынтық» as a dashboard, laid out from computed plain values.

One row per kindergarten (last version in Oral time, stale or not, errors and warnings apart, the
plan as "7 of 13" with overdue in red, this quarter's completeness and timeliness), the quarter
grid, contest status, and three charts over small data tables on the same sheet: experimental vs
control mean level by period, level distribution per group, plan progress per kindergarten.
The numbers come from :func:`schemas.analytics.dashboard.dashboard`; nothing is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.drawing.text import CharacterProperties, ParagraphProperties
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from schemas.analytics.calendar import Quarter
from schemas.analytics.dashboard import Dashboard, plan_chart_rows
from schemas.analytics.words import CONTEST_STATUS, TABS, TIMELINESS, group, of, short_period, word
from schemas.lang import Lang
from schemas.seed import PILOT_YEAR
from schemas.vocabulary import MONTHS, term
from workbook import style
from workbook.cells import set_value
from workbook.instructions import PILOT_KK, PILOT_RU
from workbook.layout import set_print
from workbook.marks import ERROR_FILL, WARNING_FILL

RED = PatternFill("solid", start_color=ERROR_FILL, end_color=ERROR_FILL)
AMBER = PatternFill("solid", start_color=WARNING_FILL, end_color=WARNING_FILL)
GREEN = PatternFill("solid", start_color="FFC6EFCE", end_color="FFC6EFCE")
GREY = PatternFill("solid", start_color="FFEDEDED", end_color="FFEDEDED")
RED_FONT = Font(name=style.FONT_NAME, bold=True, color="9C0006")
FILLS = {"on_time": GREEN, "late": AMBER, "missing": RED, "open": GREY, "not_due": None,
         "held": GREEN, "held_late": AMBER, "overdue": RED, "upcoming": None}
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
MIDDLE = Alignment(vertical="center", wrap_text=True)
WIDTHS = (9, 34, 16, 13, 12, 12, 14, 14, 14, 14)
CHART_AT = "F"  # charts sit right of their data tables (columns B–E)
SERIES_COLOURS = {"means": ("1F4E78", "ED7D31"), "levels": ("E06666", "F6B26B", "6AA84F"),
                  "plan": ("6AA84F", "F6B26B", "BFBFBF")}

_W: dict[str, dict[str, Any]] = {
    "kk": {
        "order": "Батыс Қазақстан облысы білім басқармасының 29.12.2025 жылғы №1218 бұйрығы",
        "updated": "Жаңартылды: {updated} (Орал уақыты) · ағымдағы тоқсан: {quarter} · "
                   "сандар әр синхрондауда қайта есептеледі",
        "glance": "Ұйымдар: бір қарағанда",
        "heads": ("Код", "Ұйым", "Соңғы нұсқа (Орал уақыты)", "Күйі", "Қате", "Ескерту",
                  "Жоспар: орындалды", "Мерзімі өткен тармақтар", "{q}: толықтығы", "{q}: мерзімділігі"),
        "fresh": "жаңа", "stale": "ескірген", "never": "алынған жоқ", "total": "Барлығы",
        "grid": "Тоқсандар бойынша есеп: толықтығы (4 парақтан) және мерзімділігі",
        "grid_heads": ("Код", "Ұйым"), "deadline": "мерзімі {date}",
        "complete": "толық:\n{n}", "on_time": "уақтылы:\n{n}",
        "contests": "Байқаулар: өтті ме, мерзімінде ме, нәтижесі енгізілді ме",
        "no_results": "нәтиже жоқ",
        "charts": "Диаграммалар және олардың деректері",
        "means": "Орташа деңгей (1–3) кезеңдер бойынша", "period": "Кезең",
        "levels": "Деңгейлердің үлесі: бастапқы және соңғы кезең", "row": "Топ · кезең",
        "low": "төмен", "mid": "орташа", "high": "жоғары",
        "plan": "Жоспар орындалуы, ұйымдар бойынша ({q})",
        "done": "орындалды", "progress": "орындалуда", "not_started": "басталмады",
        "missing_tabs": "жоқ: {tabs}",
    },
    "ru": {
        "order": "Приказ Управления образования Западно-Казахстанской области №1218 от 29.12.2025",
        "updated": "Обновлено: {updated} (время Уральска) · текущий квартал: {quarter} · "
                   "числа пересчитываются при каждой синхронизации",
        "glance": "Организации: с первого взгляда",
        "heads": ("Код", "Организация", "Последняя версия (время Уральска)", "Статус", "Ошибки",
                  "Предупр.", "План: выполнено", "Просроченные пункты", "{q}: полнота", "{q}: своевременность"),
        "fresh": "актуально", "stale": "устарело", "never": "не получено", "total": "Итого",
        "grid": "Отчёт по кварталам: полнота (из 4 листов) и своевременность",
        "grid_heads": ("Код", "Организация"), "deadline": "срок {date}",
        "complete": "полные:\n{n}", "on_time": "в срок:\n{n}",
        "contests": "Конкурсы: проведён ли, в срок ли, внесены ли итоги",
        "no_results": "нет итогов",
        "charts": "Диаграммы и их данные",
        "means": "Средний уровень (1–3) по периодам", "period": "Период",
        "levels": "Доли уровней: входной и последний период", "row": "Группа · период",
        "low": "низкий", "mid": "средний", "high": "высокий",
        "plan": "Выполнение плана по организациям ({q})",
        "done": "выполнено", "progress": "выполняется", "not_started": "не начато",
        "missing_tabs": "нет: {tabs}",
    },
}


@dataclass(frozen=True)
class ChartBlock:
    """Where one chart's data table sits, for tests and readers: header row, first and last data row."""

    header: int
    first: int
    last: int
    columns: int


def _w(lang: Lang) -> dict[str, Any]:
    return _W["ru" if lang == "ru" else "kk"]


_STYLED: dict[tuple[object, ...], tuple[StyleArray, tuple[object, ...]]] = {}
"""Within one :func:`write_dashboard`: the style a cell ends with, by its style before and the
style objects set on it (by identity, the objects kept alive here). openpyxl hashes every field of
a fill, font and alignment each time one is set, most of the dashboard's cost."""


def _put(ws: Worksheet, row: int, column: int, value: str | int | float | None, *,
         fill: PatternFill | None = None, font: Font | None = None, align: Alignment | None = None,
         fmt: str | None = None) -> None:
    cell = ws.cell(row=row, column=column)
    set_value(cell, value)  # a name someone typed is text, never a formula
    align = align or MIDDLE
    styled: Any = cell  # openpyxl's StyleableObject keeps its style ids in ``_style``
    before = styled._style
    key = (id(ws.parent), None if before is None else tuple(before), id(fill), id(font), id(align), fmt)
    found = _STYLED.get(key)
    if found is not None:
        styled._style = StyleArray(found[0])
        return
    if fill is not None:
        cell.fill = fill
    if font is not None:
        cell.font = font
    cell.alignment = align
    if fmt is not None:
        cell.number_format = fmt
    _STYLED[key] = (StyleArray(styled._style), (ws.parent, fill, font, align))


def _heads(ws: Worksheet, row: int, heads: list[str], first: int = 1) -> None:
    for index, head in enumerate(heads, start=first):
        _put(ws, row, index, head, fill=style.HEADER_FILL, font=style.HEADER_FONT, align=style.HEADER_ALIGNMENT)
    ws.row_dimensions[row].height = 2 * style.LINE_HEIGHT + 4


def _section(ws: Worksheet, row: int, text: str) -> None:
    _put(ws, row, 1, text, font=style.SECTION_FONT, align=Alignment(vertical="bottom"))
    ws.row_dimensions[row].height = style.LINE_HEIGHT * 1.6


def write_dashboard(ws: Worksheet, board: Dashboard, *, lang: Lang = "kk") -> dict[str, ChartBlock]:
    """Lay the dashboard out on an empty ``ws``; returns where each chart's data table is."""
    _STYLED.clear()
    try:
        return _write_dashboard(ws, board, lang=lang)
    finally:
        _STYLED.clear()


def _write_dashboard(ws: Worksheet, board: Dashboard, *, lang: Lang) -> dict[str, ChartBlock]:
    w = _w(lang)
    quarter = Quarter(PILOT_YEAR, int(board.quarter[1]))
    ws.sheet_view.showGridLines = False
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _put(ws, 1, 1, PILOT_RU if lang == "ru" else PILOT_KK, font=style.TITLE_FONT, align=Alignment())
    _put(ws, 2, 1, w["order"], font=style.SUBTITLE_FONT, align=Alignment())
    _put(ws, 3, 1, str(w["updated"]).format(updated=board.updated, quarter=quarter.label(lang)),
         font=style.SUBTITLE_FONT, align=Alignment())
    row = _glance(ws, board, lang, 5, quarter)
    ws.row_breaks.append(Break(id=row + 1))  # each part starts a printed page of its own
    row = _grid(ws, board, lang, row + 2)
    ws.row_breaks.append(Break(id=row + 1))
    row = _contests(ws, board, lang, row + 2)
    blocks = _charts(ws, board, lang, row + 2, quarter)
    set_print(ws)
    ws.print_area = f"A1:{get_column_letter(len(WIDTHS))}{ws.max_row}"
    return blocks


def _glance(ws: Worksheet, board: Dashboard, lang: Lang, top: int, quarter: Quarter) -> int:
    w = _w(lang)
    _section(ws, top, str(w["glance"]))
    q = quarter.label(lang)
    _heads(ws, top + 1, [str(h).format(q=q) for h in w["heads"]])
    ws.row_dimensions[top + 1].height = 3 * style.LINE_HEIGHT + 4
    row = top + 1
    tabs = TABS["ru" if lang == "ru" else "kk"]
    now_cells = {r.org: r for r in board.grid if r.quarter == board.quarter}
    for row, org in enumerate(board.orgs, start=top + 2):
        _put(ws, row, 1, org.code)
        _put(ws, row, 2, org.name)
        _put(ws, row, 3, org.pulled or w["never"], align=CENTRE)
        state = "never" if not org.pulled else "stale" if org.stale else "fresh"
        _put(ws, row, 4, w[state], align=CENTRE, fill=AMBER if state != "fresh" else None)
        _put(ws, row, 5, org.errors, align=CENTRE, fill=RED if org.errors else None, fmt=style.INT_FORMAT)
        _put(ws, row, 6, org.warnings, align=CENTRE, fill=AMBER if org.warnings else None, fmt=style.INT_FORMAT)
        _put(ws, row, 7, of(org.plan_done, org.plan_total, lang), align=CENTRE)
        overdue = f"{org.plan_overdue}: {', '.join(org.overdue_items)}" if org.plan_overdue else "0"
        _put(ws, row, 8, overdue, align=CENTRE, fill=RED if org.plan_overdue else None,
             font=RED_FONT if org.plan_overdue else None)
        complete = org.filled == org.tabs
        text = of(org.filled, org.tabs, lang)
        missing = [tabs[k] for k in tabs if k not in now_cells[org.code].filled]
        if missing and org.timeliness != "not_due":  # what is behind, this quarter, at a glance
            text += "\n" + str(w["missing_tabs"]).format(tabs=", ".join(missing))
        _put(ws, row, 9, text, align=CENTRE, fill=GREEN if complete else AMBER if org.filled else RED)
        _put(ws, row, 10, word(TIMELINESS, org.timeliness, lang), align=CENTRE, fill=FILLS.get(org.timeliness))
        ws.row_dimensions[row].height = (3 if missing else 2) * style.LINE_HEIGHT + 2
    total = row + 1
    _put(ws, total, 2, w["total"], font=style.TOTAL_FONT)
    _put(ws, total, 5, sum(o.errors for o in board.orgs), font=style.TOTAL_FONT, align=CENTRE)
    _put(ws, total, 6, sum(o.warnings for o in board.orgs), font=style.TOTAL_FONT, align=CENTRE)
    current = next(o for o in board.overall if o.quarter == board.quarter)
    n = len(board.orgs)
    _put(ws, total, 9, of(sum(o.filled == o.tabs for o in board.orgs), n, lang), font=style.TOTAL_FONT,
         align=CENTRE)
    _put(ws, total, 10, of(current.on_time, n, lang), font=style.TOTAL_FONT, align=CENTRE)
    for column in range(1, len(WIDTHS) + 1):
        ws.cell(row=total, column=column).border = style.TOTAL_BORDER
    return total


def _grid(ws: Worksheet, board: Dashboard, lang: Lang, top: int) -> int:
    w = _w(lang)
    _section(ws, top, str(w["grid"]))
    quarters = [o.quarter for o in board.overall]
    heads = [*w["grid_heads"]]
    # two columns per quarter: completeness and timeliness
    for key in quarters:
        label = Quarter(PILOT_YEAR, int(key[1])).label(lang)
        heads += [label, str(w["deadline"]).format(date=_deadline_text(board, key))]
    _heads(ws, top + 1, heads)
    row = top + 1
    tabs = TABS["ru" if lang == "ru" else "kk"]
    grid = {(r.org, r.quarter): r for r in board.grid}
    for row, org in enumerate(board.orgs, start=top + 2):
        _put(ws, row, 1, org.code)
        _put(ws, row, 2, org.name)
        for index, key in enumerate(quarters):
            cell = grid[(org.code, key)]
            column = 3 + 2 * index
            missing = [tabs[t] for t in tabs if t not in cell.filled]
            text = of(len(cell.filled), len(tabs), lang)
            if missing and cell.timeliness != "not_due":
                text += "\n" + str(w["missing_tabs"]).format(tabs=", ".join(missing))
            _put(ws, row, column, text, align=CENTRE,
                 fill=None if cell.timeliness == "not_due" else GREEN if not missing else AMBER)
            _put(ws, row, column + 1, word(TIMELINESS, cell.timeliness, lang), align=CENTRE,
                 fill=FILLS.get(cell.timeliness))
        ws.row_dimensions[row].height = 3 * style.LINE_HEIGHT + 2
    total = row + 1
    _put(ws, total, 2, w["total"], font=style.TOTAL_FONT)
    for index, overall in enumerate(board.overall):
        n = overall.expected
        # under each quarter's pair of columns: how many complete, how many on time (no merged
        # cells: Excel's object model, and so the ribbon, writes a merged area awkwardly)
        complete = str(w["complete"]).format(n=of(overall.complete, n, lang)) if n else "—"
        on_time = str(w["on_time"]).format(n=of(overall.on_time, n, lang)) if n else "—"
        _put(ws, total, 3 + 2 * index, complete, font=style.TOTAL_FONT, align=CENTRE)
        _put(ws, total, 4 + 2 * index, on_time, font=style.TOTAL_FONT, align=CENTRE)
    ws.row_dimensions[total].height = 3 * style.LINE_HEIGHT + 2
    for column in range(1, 3 + 2 * len(quarters)):
        ws.cell(row=total, column=column).border = style.TOTAL_BORDER
    return total


def _deadline_text(board: Dashboard, quarter: str) -> str:
    day = board.deadlines.get(quarter)
    return f"{day:%d.%m.%Y}" if day is not None else "—"


def contest_heads(board: Dashboard, lang: Lang) -> list[str]:
    """«C1 · ақпан», «C8 · жыл бойы»."""
    months = [term(MONTHS, str(m)).label(lang) if m else ("в течение года" if lang == "ru" else "жыл бойы")
              for m in board.contest_months]
    return [f"{code} · {month}" for code, month in zip(board.contests, months, strict=True)]


def _contests(ws: Worksheet, board: Dashboard, lang: Lang, top: int) -> int:
    w = _w(lang)
    _section(ws, top, str(w["contests"]))
    # the contests fill columns C onwards; more contests than columns simply widen the table
    _heads(ws, top + 1, [*w["grid_heads"], *contest_heads(board, lang)])
    row = top + 1
    contests = {(c.org, c.contest): c for c in board.contest_grid}
    for row, org in enumerate(board.orgs, start=top + 2):
        _put(ws, row, 1, org.code)
        _put(ws, row, 2, org.name)
        for index, code in enumerate(board.contests, start=3):
            cell = contests[(org.code, code)]
            text = word(CONTEST_STATUS, cell.status, lang)
            if cell.held_on is not None and cell.status in ("held", "held_late"):
                text += f"\n{cell.held_on:%d.%m}"
                if not cell.results:
                    text += f"\n{w['no_results']}"
            fill = FILLS.get(cell.status)
            if cell.status in ("held", "held_late") and not cell.results:
                fill = AMBER
            _put(ws, row, index, text, align=CENTRE, fill=fill)
        ws.row_dimensions[row].height = 3 * style.LINE_HEIGHT + 2
    return row


def _table(ws: Worksheet, head: int, heads: list[str], rows: list[list[str | float | int | None]],
           fmt: str) -> ChartBlock:
    """A chart's data table in columns B onwards: a label column, then the numbers."""
    _heads(ws, head, heads, first=2)
    for offset, values in enumerate(rows, start=1):
        _put(ws, head + offset, 2, values[0])
        for column, value in enumerate(values[1:], start=3):
            _put(ws, head + offset, column, value, fmt=fmt, align=CENTRE)
    return ChartBlock(head, head + 1, head + max(1, len(rows)), 1 + len(heads))


def _title(chart: BarChart | LineChart, text: str) -> None:
    """A chart title in 11 pt bold (LibreOffice's default is large enough to crowd the plot)."""
    chart.title = text
    font = CharacterProperties(sz=1100, b=True)
    if chart.title is not None and chart.title.tx is not None and chart.title.tx.rich is not None:
        for paragraph in chart.title.tx.rich.p:
            paragraph.pPr = ParagraphProperties(defRPr=font)
            for run in paragraph.r or []:
                run.rPr = font


def _place(ws: Worksheet, chart: BarChart | LineChart, block: ChartBlock, title: str, key: str) -> None:
    _title(chart, title)
    chart.add_data(Reference(ws, min_col=3, max_col=block.columns, min_row=block.header, max_row=block.last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=block.first, max_row=block.last))
    for series, colour in zip(chart.series, SERIES_COLOURS[key], strict=False):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
        if isinstance(chart, LineChart):
            series.graphicalProperties.line.width = 28575  # 2.25 pt
            series.smooth = False
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if chart.legend is not None:
        chart.legend.position = "b"
    chart.width, chart.height = 12, 7.5  # within columns F–J, the print area
    ws.add_chart(chart, f"{CHART_AT}{block.header}")


def _charts(ws: Worksheet, board: Dashboard, lang: Lang, top: int, quarter: Quarter) -> dict[str, ChartBlock]:
    w = _w(lang)
    ws.row_breaks.append(Break(id=top - 1))  # one printed page per chart
    _section(ws, top, str(w["charts"]))
    height = 17  # rows each chart takes
    blocks: dict[str, ChartBlock] = {}

    # 1. experimental vs control mean level by period
    head = top + 1
    means: list[list[str | float | int | None]] = [
        [short_period(p, lang), None if e is None else round(e, 2), None if c is None else round(c, 2)]
        for p, e, c in board.means]
    blocks["means"] = _table(ws, head, [str(w["period"]), group("experimental", lang), group("control", lang)],
                             means, "0.00")
    if means:
        line = LineChart()
        line.y_axis.scaling.min, line.y_axis.scaling.max = 1, 3
        line.y_axis.majorUnit = 0.5
        line.y_axis.number_format = "0.0"
        _place(ws, line, blocks["means"], str(w["means"]), "means")

    # 2. level distribution per group, baseline and latest (a page of its own with the plan chart)
    head += height
    ws.row_breaks.append(Break(id=head - 1))
    levels: list[list[str | float | int | None]] = [
        [f"{group(kind, lang)} · {short_period(period, lang)}", round(low, 3), round(mid, 3), round(high, 3)]
        for kind, period, low, mid, high in board.levels]
    blocks["levels"] = _table(ws, head, [str(w["row"]), str(w["low"]), str(w["mid"]), str(w["high"])],
                              levels, "0%")
    if levels:
        bar = BarChart()
        bar.type, bar.grouping, bar.overlap = "bar", "percentStacked", 100
        bar.y_axis.number_format = "0%"
        _place(ws, bar, blocks["levels"], str(w["levels"]), "levels")

    # 3. plan progress per kindergarten, this quarter
    head += height
    ws.row_breaks.append(Break(id=head - 1))
    plan: list[list[str | float | int | None]] = [list(r) for r in plan_chart_rows(board)]
    blocks["plan"] = _table(ws, head, ["Код", str(w["done"]), str(w["progress"]), str(w["not_started"])],
                            plan, style.INT_FORMAT)
    if plan:
        stack = BarChart()
        stack.type, stack.grouping, stack.overlap = "bar", "stacked", 100
        stack.y_axis.scaling.min = 0
        stack.y_axis.majorUnit = 1
        _place(ws, stack, blocks["plan"], str(w["plan"]).format(q=quarter.label(lang)), "plan")
    ws.cell(row=head + height - 1, column=1)  # the last chart's rows belong to the print area
    return blocks
