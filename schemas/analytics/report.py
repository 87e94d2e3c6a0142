"""The quarterly and final reports' content: every table, figure and sentence, from the numbers. Pure.

A quarterly report (``quarter`` given) looks at that quarter, as of its end (or today while it
runs); the final report at the pilot so far, as of today. The same functions compute the master's
summary sheet, so every number here is the workbook's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from schemas.analytics.calendar import PILOT_QUARTERS, Quarter
from schemas.analytics.dashboard import current_quarter
from schemas.analytics.document import Block, Document, Figure, Paragraph, Section, Series, Table
from schemas.analytics.implementation import (
    QUARTER_TABS,
    QuarterMonitoring,
    as_date,
    implementation,
    overall,
)
from schemas.analytics.inputs import PilotData
from schemas.analytics.outcomes import (
    BASELINE,
    GROUPS,
    OVERALL,
    PERIOD_KEYS,
    Comparison,
    comparisons,
    frame_of,
    latest_period,
    outcomes,
)
from schemas.analytics.wording import CAVEAT, comparison_sentences, effect_size
from schemas.analytics.words import (
    SCOPES,
    TABS,
    TIMELINESS,
    group,
    number,
    of,
    p_value,
    percent,
    short_period,
    signed,
    word,
)
from schemas.lang import Lang
from schemas.vocabulary import MONTHS, OWNERSHIP, term

COLOURS = {"experimental": "#1F4E78", "control": "#ED7D31", "low": "#E06666", "mid": "#F6B26B",
           "high": "#6AA84F", "done": "#6AA84F", "progress": "#F6B26B", "not_started": "#BFBFBF"}


@dataclass(frozen=True)
class ReportInputs:
    data: PilotData
    today: dt.date
    deadlines: Mapping[str, dt.date]
    submissions: Mapping[tuple[str, str], str]
    lang: Lang = "kk"
    quarter: Quarter | None = None  # None: the final report


class _Doc:
    """Numbers tables and figures as they are added."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.tables = 0
        self.figures = 0

    def t(self, kk: str, ru: str) -> str:
        return ru if self.lang == "ru" else kk

    def table(self, caption: str, header: list[str], rows: list[list[str]], key: str,
              widths: tuple[float, ...] = ()) -> Table:
        self.tables += 1
        label = self.t(f"{self.tables}-кесте", f"Таблица {self.tables}")
        return Table(f"{label} — {caption}", tuple(header), tuple(tuple(r) for r in rows), widths, key)

    def figure(self, caption: str, **kw: object) -> Figure:
        self.figures += 1
        label = self.t(f"{self.figures}-сурет", f"Рисунок {self.figures}")
        return Figure(f"{label} — {caption}", **kw)  # type: ignore[arg-type]


def _scope_name(data: PilotData, scope: str, lang: Lang) -> str:
    if scope in SCOPES["kk"]:
        return word(SCOPES, scope, lang)
    return data.org(scope).name


def _ownership(key: str, lang: Lang) -> str:
    try:
        return term(OWNERSHIP, key).label(lang)
    except KeyError:
        return "—"


def build_report(inputs: ReportInputs) -> Document:
    data, lang, quarter = inputs.data, inputs.lang, inputs.quarter
    doc = _Doc(lang)
    t = doc.t
    final = quarter is None
    now_quarter = quarter or current_quarter(inputs.today)
    quarters = [q for q in PILOT_QUARTERS if q <= now_quarter]
    grid = implementation(data, PILOT_QUARTERS, today=inputs.today, deadlines=inputs.deadlines,
                          submissions=inputs.submissions)
    rows = [r for r in grid if r.quarter == now_quarter.key]
    frame = frame_of(data)
    period = _period(frame, quarter)
    compared = comparisons(data, frame, period) if period is not None else []

    sections = [
        _order_section(doc, data, inputs, final),
        _plan_section(doc, data, rows, now_quarter),
        _contest_section(doc, data, rows, now_quarter, final, inputs.today),
        _outcome_section(doc, data, frame, period),
        _comparison_section(doc, data, frame, compared, period),
        _completeness_section(doc, data, grid, quarters, inputs),
        _conclusions(doc, data, compared, grid, quarters, rows, inputs),
    ]
    title = t("«Ерте жастан еңбекке және кәсіпке баулу» пилоттық жобасын іске асыру туралы ",
              "О реализации пилотного проекта «Ерте жастан еңбекке және кәсіпке баулу» ")
    kind = (t("талдамалық есеп", "аналитический отчёт") if final else
            t(f"{now_quarter.label(lang)} бойынша мониторинг есебі",
              f"отчёт мониторинга за {now_quarter.label(lang)}"))
    lines = (
        t("Батыс Қазақстан облысының әдістемелік орталығы (мектепке дейінгі тәрбие және оқыту бөлімі)",
          "Методический центр Западно-Казахстанской области (отдел дошкольного воспитания и обучения)"),
        t(f"Орал қаласы, {inputs.today:%d.%m.%Y}", f"г. Уральск, {inputs.today:%d.%m.%Y}"),
        t(f"Деректер {inputs.today:%d.%m.%Y} күнгі жағдай бойынша, Baulu жиынтық кітабынан (master.xlsx).",
          f"Данные на {inputs.today:%d.%m.%Y}, из сводной книги Baulu (master.xlsx)."),
    )
    return Document(
        lang=lang, title=title + kind,
        subtitle=t("Қорытынды бөлімі — үйлестіруші тексеретін жоба.",
                   "Раздел выводов — проект для проверки координатором."),
        lines=lines, sections=tuple(sections),
        footer="Baulu · «Ерте жастан еңбекке және кәсіпке баулу»",
    )


def _period(frame: pd.DataFrame, quarter: Quarter | None) -> str | None:
    if quarter is None:
        return latest_period(frame)
    # the quarter's own assessment, or the last one before it
    for key in reversed(PERIOD_KEYS[1: quarter.number + 1]):
        rows = frame[frame["period"] == key]
        if all((rows["group"] == g).any() for g in GROUPS):
            return key
    return None


# --------------------------------------------------------------------------- sections


def _order_section(doc: _Doc, data: PilotData, inputs: ReportInputs, final: bool) -> Section:
    t, lang = doc.t, doc.lang
    blocks: list[Block] = [
        Paragraph(t(
            "Негіздеме: Батыс Қазақстан облысы білім басқармасының 29.12.2025 жылғы №1218 бұйрығы "
            "(Қазақстан Республикасы Оқу-ағарту министрлігінің 24.11.2025 жылғы №265 бұйрығын орындау үшін). "
            "Жоба мерзімі — 2026 жылғы қаңтар–желтоқсан; қатысушылар — Орал қаласының 5 мектепке дейінгі ұйымы "
            "(3 мемлекеттік, 2 жеке). Мониторинг тоқсан сайын жүргізіледі; эксперименттік және бақылау топтары "
            "нәтижелерді салыстыру үшін құрылды.",
            "Основание: приказ Управления образования Западно-Казахстанской области №1218 от 29.12.2025 "
            "(во исполнение приказа Министерства просвещения Республики Казахстан №265 от 24.11.2025). "
            "Срок проекта — январь–декабрь 2026 года; участники — 5 дошкольных организаций г. Уральск "
            "(3 государственные, 2 частные). Мониторинг проводится ежеквартально; экспериментальные и "
            "контрольные группы созданы для сравнения результатов.",
        )),
    ]
    if final:
        blocks.append(Paragraph(t(
            "Талдамалық есеп Балаларды ерте дамыту институтына 2026 жылғы 30 қарашаға дейін жіберіледі.",
            "Аналитический отчёт направляется в Институт раннего развития детей до 30 ноября 2026 года.",
        )))
    frame = frame_of(data)
    header = [t("№", "№"), t("Ұйым", "Организация"), t("Меншік түрі", "Форма собственности"),
              t("Эксп. топ, бала", "Эксп. группа, детей"), t("Бақылау тобы, бала", "Контр. группа, детей")]
    rows = []
    for index, org in enumerate(data.orgs, start=1):
        mine = frame[(frame["org"] == org.code) & (frame["period"] == BASELINE)]
        rows.append([str(index), org.name, _ownership(org.ownership, lang),
                     str(int((mine["group"] == "experimental").sum())), str(int((mine["group"] == "control").sum()))])
    blocks.append(doc.table(t("Жобаға қатысатын ұйымдар (бастапқы бағалаудағы балалар саны)",
                              "Организации — участники проекта (детей при входной оценке)"),
                            header, rows, "organisations", (0.5, 4.2, 1.6, 1.2, 1.2)))
    return Section(t("1. Бұйрықтың деректері және қатысушылар", "1. Реквизиты приказа и участники"), tuple(blocks))


def _plan_section(doc: _Doc, data: PilotData, rows: list[QuarterMonitoring], quarter: Quarter) -> Section:
    t, lang = doc.t, doc.lang
    header = [t("Ұйым", "Организация"), t("Орындалды", "Выполнено"), t("Орындалуда", "Выполняется"),
              t("Басталмады", "Не начато"), t("Мерзімі өткен", "Просрочено")]
    table_rows = [[data.org(r.org).name, of(r.plan_done, r.plan_total, lang), str(r.plan_in_progress),
                   str(r.plan_not_started),
                   f"{r.plan_overdue}: {', '.join(r.overdue_items)}" if r.plan_overdue else "0"] for r in rows]
    blocks: list[Block] = [
        Paragraph(t(
            f"Мектепке дейінгі ұйымдар блогының {len(data.plan)} тармағы (3.1–3.{len(data.plan)}) бойынша "
            f"{quarter.label(lang)} соңындағы (не бүгінгі) жағдай.",
            f"Состояние по {len(data.plan)} пунктам блока дошкольных организаций на конец "
            f"{quarter.label(lang)} (или на сегодня).",
        )),
        doc.table(t("Жұмыс жоспарының орындалуы", "Выполнение плана работы"), header, table_rows, "plan",
                  (3.2, 1.3, 1.6, 1.4, 1.4)),
    ]
    series = (
        Series(t("орындалды", "выполнено"), tuple(float(r.plan_done) for r in rows), COLOURS["done"]),
        Series(t("орындалуда", "выполняется"), tuple(float(r.plan_in_progress) for r in rows), COLOURS["progress"]),
        Series(t("басталмады", "не начато"), tuple(float(r.plan_not_started) for r in rows),
               COLOURS["not_started"]),
    )
    blocks.append(doc.figure(t("Жоспар тармақтары, ұйымдар бойынша", "Пункты плана по организациям"),
                             kind="stacked", categories=tuple(r.org for r in rows), series=series,
                             y_label=t("тармақ", "пунктов"), key="plan"))
    return Section(t("2. Жұмыс жоспары және оның орындалуы", "2. План работы и его выполнение"), tuple(blocks))


def _month(month: int | None, lang: Lang) -> str:
    if month is None:
        return "в течение года" if lang == "ru" else "жыл бойы"
    return term(MONTHS, str(month)).label(lang)


def _contest_section(doc: _Doc, data: PilotData, rows: list[QuarterMonitoring], quarter: Quarter,
                     final: bool, today: dt.date) -> Section:
    t, lang = doc.t, doc.lang
    contests = [c for c in data.contests if final or c.due_month in quarter.months()]
    cutoff = today if final else min(today, quarter.end)
    header = [t("Байқау", "Конкурс"), t("Айы", "Месяц"), t("Өткізді", "Провели"), t("Кешікті", "С опозданием"),
              t("Балалар", "Дети"), t("Ата-аналар", "Родители"), t("Нәтиже енгізілді", "Итоги внесены")]
    table_rows, winners = [], []
    for c in contests:
        held = late = results = children = parents = 0
        for org in data.orgs:
            row = next((r for r in data.of("contest_results", org.code) if r.get("contest") == c.code), None)
            day = as_date(row.get("date_held")) if row is not None else None
            if row is None or day is None or day > cutoff:
                continue
            held += 1
            late += day > c.due
            children += _count(row.get("children"))
            parents += _count(row.get("parents"))
            codes = str(row.get("winners") or "").strip()
            if codes:
                results += 1
                winners.append([f"{c.code} {c.title}", org.name, codes])
        n = len(data.orgs)
        table_rows.append([f"{c.code} {c.title}", _month(c.month, lang), of(held, n, lang), str(late), str(children),
                           str(parents), of(results, held, lang) if held else "—"])
    blocks: list[Block] = [
        doc.table(t("Байқаулар: өткізілуі, қамту, нәтижелер", "Конкурсы: проведение, охват, итоги"), header,
                  table_rows, "contests", (3.1, 1.1, 1.0, 1.0, 1.1, 1.1, 1.1)),
    ]
    if winners:
        blocks.append(doc.table(t("Жеңімпаздар (тек бала коды)", "Победители (только коды детей)"),
                                [t("Байқау", "Конкурс"), t("Ұйым", "Организация"), t("Жеңімпаздар", "Победители")],
                                winners, "winners", (2.8, 2.8, 3.2)))
    reach = [[data.org(r.org).name, str(r.children), str(r.parents), str(r.posts),
              of(r.environment_ready, r.environment_total, lang)] for r in rows]
    blocks.append(doc.table(
        t(f"Қамту және ақпараттық жұмыс, {quarter.label(lang)}", f"Охват и информационная работа, {quarter.label(lang)}"),
        [t("Ұйым", "Организация"), t("Балалар (байқаулар)", "Дети (конкурсы)"),
         t("Ата-аналар", "Родители"), t("Жариялымдар", "Публикации"), t("Дайын орталықтар", "Готовые центры")],
        reach, "reach", (3.2, 1.3, 1.2, 1.7, 1.5)))
    return Section(t("3. Байқаулар және жеңімпаздар", "3. Конкурсы и победители"), tuple(blocks))


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _outcome_section(doc: _Doc, data: PilotData, frame: pd.DataFrame, period: str | None) -> Section:
    t, lang = doc.t, doc.lang
    found = outcomes(frame, data.indicators)
    overall_rows = [o for o in found if o.indicator == OVERALL and (period is None or
                                                                    PERIOD_KEYS.index(o.period) <= PERIOD_KEYS.index(period))]
    header = [t("Кезең", "Период"), t("Топ", "Группа"), "n", t("Орташа", "Среднее"), t("төмен", "низкий"),
              t("орташа", "средний"), t("жоғары", "высокий"), t("Бастапқыдан", "От входного")]
    rows = [[short_period(o.period, lang), group(o.group, lang), str(o.n), number(o.mean), percent(o.shares[0]),
             percent(o.shares[1]), percent(o.shares[2]), signed(o.change) if o.period != BASELINE else "—"]
            for o in sorted(overall_rows, key=lambda o: (GROUPS.index(o.group), PERIOD_KEYS.index(o.period)))]
    blocks: list[Block] = [
        Paragraph(t(
            "Әр баланың кезеңдегі көрсеткіші — K1–K5 деңгейлерінің (1 төмен, 2 орташа, 3 жоғары) орташасы; "
            "1–3 аралығынан тыс мән есепке алынбайды (ол тексеру ескертуінде көрсетілген).",
            "Показатель ребёнка в периоде — среднее уровней K1–K5 (1 низкий, 2 средний, 3 высокий); значение "
            "вне 1–3 не учитывается (оно указано в замечаниях проверки).",
        )),
        doc.table(t("Мониторинг нәтижелері, кезеңдер және топтар бойынша", "Результаты мониторинга по периодам и группам"),
                  header, rows, "outcomes", (1.3, 1.6, 0.6, 0.9, 0.8, 0.8, 0.8, 1.4)),
    ]
    if period is not None:
        by = {(o.indicator, o.group, o.period): o for o in found}
        ind_rows = []
        for code in data.indicators:
            e, c = by.get((code, "experimental", period)), by.get((code, "control", period))
            if e is None or c is None:
                continue
            diff = e.mean - c.mean if e.mean is not None and c.mean is not None else None
            ind_rows.append([code, number(e.mean), number(c.mean), signed(diff), signed(e.change), signed(c.change)])
        blocks.append(doc.table(
            t(f"Көрсеткіштер бойынша, {short_period(period, lang)}", f"По показателям, {short_period(period, lang)}"),
            [t("Көрсеткіш", "Показатель"), t("Эксп. орташа", "Эксп. среднее"), t("Бақ. орташа", "Контр. среднее"),
             t("Айырма", "Разница"), t("Эксп. өзгерісі", "Изменение эксп."), t("Бақ. өзгерісі", "Изменение контр.")],
            ind_rows, "indicators"))
        levels = [o for o in found if o.indicator == OVERALL and o.period in (BASELINE, period)]
        levels.sort(key=lambda o: (GROUPS.index(o.group), PERIOD_KEYS.index(o.period)))
        cats = tuple(f"{group(o.group, lang)}\n{short_period(o.period, lang)}" for o in levels)
        blocks.append(doc.figure(
            t("Деңгейлердің үлесі: бастапқы және соңғы кезең", "Доли уровней: входной и последний период"),
            kind="stacked", categories=cats, percent=True, key="levels",
            series=tuple(Series(name, tuple(o.shares[i] for o in levels), COLOURS[k])
                         for i, (name, k) in enumerate(((t("төмен", "низкий"), "low"), (t("орташа", "средний"), "mid"),
                                                        (t("жоғары", "высокий"), "high"))))))
    return Section(t("4. Мониторинг нәтижелері", "4. Результаты мониторинга"), tuple(blocks))


def _comparison_section(doc: _Doc, data: PilotData, frame: pd.DataFrame, compared: list[Comparison],
                        period: str | None) -> Section:
    t, lang = doc.t, doc.lang
    if period is None:
        return Section(t("5. Эксперименттік және бақылау топтарын салыстыру", "5. Сравнение экспериментальных и контрольных групп"),
                       (Paragraph(t("Екі топ та бағаланған кезең әлі жоқ.", "Периода, в котором оценены обе группы, ещё нет.")),))
    found = [o for o in outcomes(frame, data.indicators) if o.indicator == OVERALL]
    by = {(o.group, o.period): o.mean for o in found}
    periods = [p for p in PERIOD_KEYS if PERIOD_KEYS.index(p) <= PERIOD_KEYS.index(period)
               and any((g, p) in by for g in GROUPS)]
    blocks: list[Block] = [
        Paragraph(t(
            f"Салыстыру {short_period(period, lang)} кезеңі бойынша. Топтар айырмасы — Манн–Уитни U критерийі "
            "(екі жақты p) және рангілік-бисериалды r (әсер мөлшері: +1 — эксперименттік топтың барлық балалары "
            "жоғары); бір балалардың бастапқыдан өзгерісі — Уилкоксон критерийі; айырмалардың айырмасы (DiD) — "
            "эксперименттік топ өсімі минус бақылау тобы өсімі. Топта 8 баладан аз болса, p-мән келтірілмейді.",
            f"Сравнение за период {short_period(period, lang)}. Различие групп — критерий U Манна–Уитни "
            "(двусторонний p) и ранго-бисериальный r (размер эффекта: +1 — все дети экспериментальной группы выше); "
            "изменение тех же детей от входного — критерий Уилкоксона; разность разностей (DiD) — прирост "
            "экспериментальной группы минус прирост контрольной. При менее чем 8 детях в группе p не приводится.",
        )),
        doc.figure(t("Орташа деңгей кезеңдер бойынша", "Средний уровень по периодам"), kind="line",
                   categories=tuple(short_period(p, lang) for p in periods), y_range=(1.0, 3.0),
                   y_label=t("орташа деңгей (1–3)", "средний уровень (1–3)"), key="means",
                   series=tuple(Series(group(g, lang), tuple(by.get((g, p)) for p in periods), COLOURS[g])
                                for g in GROUPS)),
    ]
    header = [t("Қамту", "Охват"), "n (Э/Б)", t("Эксп.", "Эксп."), t("Бақ.", "Контр."), t("Айырма", "Разница"),
              "U", "p", "r", "DiD"]
    rows = []
    for c in compared:
        test = c.test
        small = c.small or test is None
        rows.append([
            _scope_name(data, c.scope, lang), f"{c.n_experimental}/{c.n_control}", number(c.mean_experimental),
            number(c.mean_control), signed(c.difference),
            "—" if test is None else f"{test.u:.0f}",
            t("n < 8", "n < 8") if small or test is None else p_value(test.p).replace("p = ", "").replace("p ", ""),
            "—" if small or test is None else number(test.rank_biserial),
            signed(c.did.effect) if c.did is not None else "—",
        ])
    blocks.append(doc.table(t("Эксперименттік және бақылау топтары: барлығы, меншік түрі және ұйымдар бойынша",
                              "Экспериментальные и контрольные группы: всего, по форме собственности и организациям"),
                            header, rows, "comparison", (2.7, 0.9, 0.7, 0.7, 1.0, 0.7, 0.9, 0.6, 0.7)))
    matched = []
    for c in compared:
        for g, w in (("experimental", c.matched_experimental), ("control", c.matched_control)):
            if w is None:
                continue
            matched.append([_scope_name(data, c.scope, lang), group(g, lang), str(w.n), signed(w.mean_change),
                            f"{w.w_plus:.0f} / {w.w_minus:.0f}",
                            t("n < 8", "n < 8") if w.small else p_value(w.p).replace("p = ", "").replace("p ", "")])
    blocks.append(doc.table(t("Бір балалардың бастапқыдан өзгерісі (Уилкоксон)",
                              "Изменение тех же детей от входного (Уилкоксон)"),
                            [t("Қамту", "Охват"), t("Топ", "Группа"), t("Жұп", "Пар"), t("Орташа өзгеріс", "Среднее изменение"),
                             "W+ / W−", "p"], matched, "matched", (3.0, 1.6, 0.7, 1.2, 1.2, 0.9)))
    per_org = [c for c in compared if c.scope not in SCOPES["kk"] and c.did is not None]
    if per_org:
        blocks.append(doc.figure(
            t("Айырмалардың айырмасы (DiD), ұйымдар бойынша", "Разность разностей (DiD) по организациям"),
            kind="bars", categories=tuple(c.scope for c in per_org), key="did",
            y_label=t("балл", "балла"),
            series=(Series("DiD", tuple(c.did.effect if c.did else None for c in per_org), COLOURS["experimental"]),)))
    return Section(t("5. Эксперименттік және бақылау топтарын салыстыру",
                     "5. Сравнение экспериментальных и контрольных групп"), tuple(blocks))


def _completeness_section(doc: _Doc, data: PilotData, grid: list[QuarterMonitoring], quarters: list[Quarter],
                          inputs: ReportInputs) -> Section:
    t, lang = doc.t, doc.lang
    tabs = ", ".join(word(TABS, k, lang) for k in QUARTER_TABS)
    header = [t("Ұйым", "Организация"), *(q.label(lang) for q in quarters)]
    rows = []
    for org in data.orgs:
        cells = []
        for q in quarters:
            r = next(x for x in grid if x.org == org.code and x.quarter == q.key)
            cells.append(f"{of(len(r.filled), len(QUARTER_TABS), lang)} · {word(TIMELINESS, r.timeliness, lang)}")
        rows.append([org.name, *cells])
    totals = [overall(grid, q, inputs.today) for q in quarters]
    rows.append([t("Толық / уақтылы", "Полные / в срок"),
                 *(f"{of(o.complete, o.expected, lang)} / {of(o.on_time, o.expected, lang)}" if o.expected else "—"
                   for o in totals)])
    deadlines = "; ".join(f"{q.label(lang)} — {inputs.deadlines[q.key]:%d.%m.%Y}" for q in quarters)
    return Section(t("6. Есептің толықтығы және мерзімділігі", "6. Полнота и своевременность отчётности"), (
        Paragraph(t(
            f"Тоқсан есебі толық — оның төрт парағында ({tabs}) сол тоқсанның жолдары бар; уақтылы — Baulu оны "
            f"мерзім күні аяқталғанға дейін (Орал уақыты) толық күйде алған. Мерзімдер (baulu.toml): {deadlines}.",
            f"Квартальный отчёт полон, если на четырёх его листах ({tabs}) есть строки квартала; своевременен — "
            f"если Baulu получил его полным до конца дня срока (время Уральска). Сроки (baulu.toml): {deadlines}.",
        )),
        doc.table(t("Толықтығы (4 парақтан) және мерзімділігі", "Полнота (из 4 листов) и своевременность"),
                  header, rows, "completeness"),
    ))


def _conclusions(doc: _Doc, data: PilotData, compared: list[Comparison], grid: list[QuarterMonitoring],
                 quarters: list[Quarter], rows: list[QuarterMonitoring], inputs: ReportInputs) -> Section:
    t, lang = doc.t, doc.lang
    blocks: list[Block] = [Paragraph(t(
        "ЖОБА: төмендегі сөйлемдерді Baulu сандардан құрастырды. Үйлестіруші тексеріп, түзетіп, "
        "қажет болса толықтыруы керек.",
        "ПРОЕКТ: предложения ниже составлены Baulu по числам. Координатор должен проверить, исправить "
        "и при необходимости дополнить.",
    ), "review")]
    overall_c = next((c for c in compared if c.scope == OVERALL), None)
    if overall_c is not None:
        for sentence in comparison_sentences(overall_c, lang, word(SCOPES, OVERALL, lang)):
            blocks.append(Paragraph(sentence, "review"))
        for scope in ("state", "private"):
            c = next((x for x in compared if x.scope == scope), None)
            if c is not None and c.did is not None:
                blocks.append(Paragraph(t(
                    f"{word(SCOPES, scope, lang)} ұйымдарда айырмалардың айырмасы — {signed(c.did.effect)} балл"
                    + ("" if c.small or c.test is None else
                       f" (r — {number(c.test.rank_biserial)}, {effect_size(c.test.rank_biserial, lang)} әсер).")
                    + ("." if c.small or c.test is None else ""),
                    f"{word(SCOPES, scope, lang)} организации: разность разностей — {signed(c.did.effect)} балла"
                    + ("" if c.small or c.test is None else
                       f" (r — {number(c.test.rank_biserial)}, {effect_size(c.test.rank_biserial, lang)} эффект).")
                    + ("." if c.small or c.test is None else ""),
                ), "review"))
        per_org = [c for c in compared if c.scope in {o.code for o in data.orgs} and c.did is not None]
        if len(per_org) >= 2:
            best = max(per_org, key=lambda c: c.did.effect if c.did else 0.0)
            worst = min(per_org, key=lambda c: c.did.effect if c.did else 0.0)
            assert best.did is not None and worst.did is not None
            blocks.append(Paragraph(t(
                f"Ең үлкен айырма — {data.org(best.scope).name} ({signed(best.did.effect)}), ең аз — "
                f"{data.org(worst.scope).name} ({signed(worst.did.effect)}).",
                f"Наибольшая разность — {data.org(best.scope).name} ({signed(best.did.effect)}), наименьшая — "
                f"{data.org(worst.scope).name} ({signed(worst.did.effect)}).",
            ), "review"))
            small = [c for c in per_org if c.small]
            if small:
                blocks.append(Paragraph(t(
                    f"{len(small)} ұйымда топтарда 8 баладан аз: олар бойынша тек орташа мәндер келтірілді.",
                    f"В {len(small)} организациях в группах меньше 8 детей: по ним приведены только средние.",
                ), "review"))
        blocks.append(Paragraph(CAVEAT["ru" if lang == "ru" else "kk"], "review"))
    for q in quarters:
        o = overall(grid, q, inputs.today)
        if not o.expected:
            continue
        late = [r.org for r in grid if r.quarter == q.key and r.timeliness == "late"]
        missing = [r.org for r in grid if r.quarter == q.key and r.timeliness in ("missing", "open")]
        text = t(f"{q.label(lang)}: толық есеп — {of(o.complete, o.expected, lang)}, уақтылы — "
                 f"{of(o.on_time, o.expected, lang)}",
                 f"{q.label(lang)}: полных отчётов — {of(o.complete, o.expected, lang)}, в срок — "
                 f"{of(o.on_time, o.expected, lang)}")
        if late:
            text += t(f"; кешіккендер: {', '.join(late)}", f"; с опозданием: {', '.join(late)}")
        if missing:
            text += t(f"; толық емес: {', '.join(missing)}", f"; неполные: {', '.join(missing)}")
        blocks.append(Paragraph(text + ".", "review"))
    overdue = [r for r in rows if r.plan_overdue]
    if overdue:
        blocks.append(Paragraph(t(
            "Мерзімі өткен жоспар тармақтары: " + "; ".join(f"{r.org} — {', '.join(r.overdue_items)}" for r in overdue) + ".",
            "Просроченные пункты плана: " + "; ".join(f"{r.org} — {', '.join(r.overdue_items)}" for r in overdue) + ".",
        ), "review"))
    return Section(t("7. Қорытынды (үйлестіруші тексереді)", "7. Выводы (проверяет координатор)"), tuple(blocks))


__all__ = ["ReportInputs", "build_report"]
