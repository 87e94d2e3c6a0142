"""Every sheet of the master and the kindergarten workbooks, as data."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from schemas.columns import Column
from schemas.lang import Lang
from schemas.text import normalise
from schemas.vocabulary import DEFAULT_INDICATORS, Indicator

Side = Literal["master", "kindergarten"]


@dataclass(frozen=True)
class SheetSpec:
    key: str
    kk: str  # sheet title, at most 31 characters
    ru: str
    side: Side
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=())
    table_name: str = ""
    source: str | None = None  # consolidated master sheets: the kindergarten sheet they gather

    def title(self, lang: Lang = "kk") -> str:
        return self.ru if lang == "ru" else self.kk

    def spellings(self) -> tuple[str, ...]:
        return (self.key, self.kk, self.ru, *self.aliases)

    def titles(self, title: str) -> bool:
        """Whether a sheet titled ``title`` is this spec's (kk, ru, key or alias, loosely spelled)."""
        wanted = normalise(title)
        return any(normalise(s) == wanted for s in self.spellings())

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"{self.key}: no column {key!r}")

    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def excel_table(self) -> str:
        return self.table_name or "t_" + self.key


def _c(key: str, kk: str, ru: str, **kw: object) -> Column:
    return Column(key, kk, ru, **kw)  # type: ignore[arg-type]


_ORG = _c("org", "Ұйым коды", "Код организации", required=True, aliases=("МДҰ", "ДО", "org code"),
          width=10, help_kk="Ұйымдар парағындағы код", help_ru="Код с листа «Организации»")

# --------------------------------------------------------------------------- master sheets

ORGANISATIONS = SheetSpec(
    "organisations", "Ұйымдар", "Организации", "master",
    (
        _c("code", "Код", "Код", required=True, width=8, help_kk="Қысқа код: 47, 34, 37, ailin1, ayana",
           help_ru="Короткий код"),
        _c("no", "№", "№", type="int", width=5),
        _c("short_name", "Атауы (қысқа)", "Наименование (кратко)", required=True, width=34),
        _c("full_name", "Толық атауы", "Полное наименование", width=44),
        _c("ownership", "Меншік түрі", "Форма собственности", type="enum", vocab="ownership",
           required=True, width=14),
        _c("address", "Мекенжайы", "Адрес", width=28),
        _c("head", "Меңгеруші", "Заведующий", width=26),
        _c("head_phone", "Меңгерушінің телефоны", "Телефон заведующего", type="phone", width=16,
           help_kk="Бұйрықта жазылғандай", help_ru="Как написано в приказе"),
        _c("head_phone_norm", "Меңгерушінің телефоны (+7)", "Телефон заведующего (+7)", type="phone",
           width=16, owner="system"),
        _c("lead", "Жоба жетекшісі", "Руководитель проекта", width=26),
        _c("lead_phone", "Жетекшінің телефоны", "Телефон руководителя", type="phone", width=24),
        _c("lead_phone_norm", "Жетекшінің телефоны (+7)", "Телефон руководителя (+7)", type="phone",
           width=28, owner="system"),
        _c("sheet", "МДҰ парағы (файл не Google ID)", "Таблица ДО (файл или Google ID)", width=30,
           aliases=("sheet", "link"), help_kk="kindergartens/47.xlsx немесе Google Sheets идентификаторы",
           help_ru="kindergartens/47.xlsx или идентификатор Google Sheets"),
        _c("emails", "Қолжетімділік (e-mail)", "Доступ (e-mail)", type="emails", width=30),
        _c("child_prefix", "Бала коды: басы", "Код ребёнка: начало", width=14,
           aliases=("бала кодының басы", "префикс кода ребёнка"),
           help_kk="Балалар кодтары осылай басталады: 47 → 47-Э-07. Бос болса — ұйым коды.",
           help_ru="С чего начинаются коды детей: 47 → 47-Э-07. Пусто — код организации."),
        _c("child_letters", "Бала коды: топ әріптері", "Код ребёнка: буквы групп", width=14,
           aliases=("топ әріптері", "буквы групп"),
           help_kk="Эксперименттік / бақылау тобының әрпі, мысалы Э/Б. Бос болса — Э/Б.",
           help_ru="Буква экспериментальной / контрольной группы, например Э/Б. Пусто — Э/Б."),
    ),
    natural_key=("code",),
)

PLAN = SheetSpec(
    "plan", "Жұмыс жоспары", "План работы", "master",
    (
        _c("item_id", "Тармақ", "Пункт", required=True, width=8, help_kk="Блок.нөмір, мысалы 3.6",
           help_ru="Блок.номер, например 3.6"),
        _c("block", "Блок", "Блок", type="enum", vocab="plan_block", required=True, width=30),
        _c("no", "№", "№", type="int", width=5),
        _c("text", "Жұмыс мазмұны", "Содержание работы", required=True, width=70),
        _c("deadline_text", "Мерзімі", "Срок", width=22),
        _c("deadline_kind", "Мерзім түрі", "Вид срока", type="enum", vocab="deadline_kind", required=True,
           width=18),
        _c("deadline_year", "Жылы", "Год", type="int", width=8),
        _c("deadline_month", "Айы", "Месяц", type="enum", vocab="month", width=12),
        _c("responsible", "Жауаптылар", "Ответственные", width=30),
    ),
    natural_key=("item_id",),
)

CONTEST_CALENDAR = SheetSpec(
    "contests", "Байқаулар күнтізбесі", "Календарь конкурсов", "master",
    (
        _c("code", "Код", "Код", required=True, width=7),
        _c("plan_item", "Жоспар тармағы", "Пункт плана", width=10),
        _c("direction", "Бағыт", "Направление", type="enum", vocab="direction", required=True, width=28),
        _c("title", "Байқау", "Конкурс", required=True, width=44),
        _c("month", "Айы", "Месяц", type="enum", vocab="month", width=12,
           help_kk="Бос болса — жыл бойы", help_ru="Пусто — в течение года"),
    ),
    natural_key=("code",),
)

INDICATORS = SheetSpec(
    "indicators", "Көрсеткіштер", "Показатели", "master",
    (
        _c("code", "Код", "Код", required=True, width=7),
        _c("name_kk", "Атауы (қаз.)", "Название (каз.)", required=True, width=50),
        _c("name_ru", "Атауы (орыс.)", "Название (рус.)", width=50),
        _c("active", "Қолданыста", "Используется", type="enum", vocab="yes_no", width=12),
    ),
    natural_key=("code",),
)

FINDINGS = SheetSpec(
    "findings", "Ескертулер", "Замечания", "master",
    (
        _c("org", "Ұйым", "Организация", width=9, owner="system"),
        _c("sheet", "Парақ", "Лист", width=22, owner="system"),
        _c("row", "Жол", "Строка", type="int", width=6, owner="system"),
        _c("column", "Баған", "Столбец", width=22, owner="system"),
        _c("cell", "Ұяшық", "Ячейка", width=24, owner="system"),
        _c("value", "Мәні", "Значение", width=22, owner="system"),
        _c("severity", "Деңгейі", "Уровень", type="enum", vocab="severity", width=12, owner="system"),
        _c("rule", "Ереже", "Правило", width=22, owner="system"),
        _c("message_kk", "Түсініктеме (қаз.)", "Пояснение (каз.)", width=60, owner="system"),
        _c("message_ru", "Түсініктеме (орыс.)", "Пояснение (рус.)", width=60, owner="system"),
    ),
    aliases=("Қателер", "Ошибки", "Кері байланыс", "Обратная связь"),
)

SUMMARY = SheetSpec("summary", "Жиынтық", "Сводка", "master", ())
"""Baulu's own: laid out again every round, protected, with a notice saying where to write instead."""

NOTES = SheetSpec("notes", "Менің жазбаларым", "Мои заметки", "master", (),
                  aliases=("Менің жазбам", "Заметки", "notes"))
"""The coordinator's own sheet: created when missing, never written by Baulu."""

# --------------------------------------------------------------------------- kindergarten sheets

_GIVEN = {"owner": "master"}

PLAN_STATUS = SheetSpec(
    "plan_status", "Жоспар орындалуы", "Выполнение плана", "kindergarten",
    (
        _c("item_id", "Тармақ", "Пункт", required=True, width=8, **_GIVEN),
        _c("text", "Жұмыс мазмұны", "Содержание работы", width=60, **_GIVEN),
        _c("deadline_text", "Мерзімі", "Срок", width=14, **_GIVEN),
        _c("status", "Орындалуы", "Статус", type="enum", vocab="status", width=15,
           help_kk="орындалды / орындалуда / орындалмады", help_ru="выполнено / выполняется / не выполнено"),
        _c("date_done", "Орындалған күні", "Дата выполнения", type="date", width=14, early_dates=True,
           aliases=("күні", "дата")),
        _c("evidence", "Дәлел (сілтеме)", "Подтверждение (ссылка)", type="url", width=34,
           aliases=("сілтеме", "ссылка", "дәлел")),
        _c("comment", "Түсініктеме", "Комментарий", width=30),
    ),
    natural_key=("item_id",),
)

CONTEST_RESULTS = SheetSpec(
    "contest_results", "Байқаулар", "Конкурсы", "kindergarten",
    (
        _c("contest", "Код", "Код", required=True, width=7, **_GIVEN),
        _c("title", "Байқау", "Конкурс", width=40, **_GIVEN),
        _c("direction", "Бағыт", "Направление", type="enum", vocab="direction", width=24, **_GIVEN),
        _c("month", "Айы", "Месяц", type="enum", vocab="month", width=11, **_GIVEN),
        _c("date_held", "Өткізілген күні", "Дата проведения", type="date", width=14,
           aliases=("өткізілген күн", "күні", "дата")),
        _c("children", "Қатысқан балалар", "Дети-участники", type="count", width=11,
           aliases=("балалар саны", "кол-во детей")),
        _c("parents", "Ата-аналар / отбасылар", "Родители / семьи", type="count", width=11,
           aliases=("ата-аналар", "родители")),
        _c("teachers", "Педагогтер", "Педагоги", type="count", width=11),
        _c("winners", "Жеңімпаздар (бала коды)", "Победители (код ребёнка)", type="codes", width=24,
           aliases=("жеңімпаздар", "победители"),
           help_kk="Тек бала коды, үтір арқылы: 47-Э-07, 47-Э-12", help_ru="Только коды детей через запятую"),
        _c("evidence", "Дәлел (сілтеме)", "Подтверждение (ссылка)", type="url", width=34,
           aliases=("сілтеме", "ссылка")),
    ),
    natural_key=("contest",),
)


def monitoring_spec(indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS) -> SheetSpec:
    """The monitoring sheet: one level column per indicator the master lists."""
    levels = tuple(
        _c(i.code, f"{i.code} {i.kk}", f"{i.code} {i.ru}", type="level", width=12, aliases=(i.code,),
           help_kk="1 төмен, 2 орташа, 3 жоғары", help_ru="1 низкий, 2 средний, 3 высокий")
        for i in indicators
    )
    return SheetSpec(
        "monitoring", "Мониторинг", "Мониторинг", "kindergarten",
        (
            _c("child_code", "Бала коды", "Код ребёнка", type="code", required=True, width=12,
               aliases=("код", "бала"), help_kk="Аты-жөні емес, тек код: 47-Э-07",
               help_ru="Не ФИО, только код: 47-Э-07"),
            _c("group_kind", "Топ түрі", "Вид группы", type="enum", vocab="group_kind", required=True,
               width=16),
            _c("group_name", "Топ атауы", "Название группы", width=16),
            _c("age_group", "Жас тобы", "Возрастная группа", type="enum", vocab="age_group", width=26),
            _c("sex", "Жынысы", "Пол", type="enum", vocab="sex", width=9),
            _c("period", "Кезең", "Период", type="enum", vocab="period", required=True, width=22),
            *levels,
        ),
        natural_key=("child_code", "period"),
    )


MONITORING = monitoring_spec()

POSTS = SheetSpec(
    "posts", "Жариялымдар", "Публикации", "kindergarten",
    (
        _c("date", "Күні", "Дата", type="date", required=True, width=12),
        _c("network", "Желі", "Соцсеть", type="enum", vocab="network", required=True, width=14),
        _c("link", "Сілтеме", "Ссылка", type="url", required=True, width=44),
        _c("direction", "Бағыт", "Направление", type="enum", vocab="direction", width=26),
        _c("comment", "Түсініктеме", "Комментарий", width=30),
    ),
    natural_key=("link",),
)

ENVIRONMENT = SheetSpec(
    "environment", "Дамытушы орта", "Развивающая среда", "kindergarten",
    (
        _c("direction", "Бағыт", "Направление", type="enum", vocab="direction", required=True, width=28,
           **_GIVEN),
        _c("ready", "Жабдықталды", "Оборудовано", type="enum", vocab="yes_no", width=12,
           help_kk="иә / жоқ", help_ru="да / нет"),
        _c("since", "Қашаннан бері", "С какого времени", type="date", width=14, early_dates=True),
        _c("description", "Не бар", "Что есть", width=50),
    ),
    natural_key=("direction",),
)

FEEDBACK = replace(
    FINDINGS, key="feedback", kk="Кері байланыс", ru="Обратная связь", side="kindergarten",
    aliases=("feedback",),
)

INSTRUCTIONS = SheetSpec("instructions", "Нұсқаулық", "Инструкция", "kindergarten", ())

COORDINATOR_COLUMNS: tuple[Column, ...] = (
    _c("coord_comment", "Үйлестіруші түсініктемесі", "Комментарий координатора", width=30,
       owner="coordinator"),
    _c("accepted", "Қабылданды", "Принято", type="enum", vocab="yes_no", width=11, owner="coordinator"),
)


def consolidated_spec(source: SheetSpec) -> SheetSpec:
    """The master's sheet that gathers one kindergarten sheet from every organisation."""
    columns = (
        _ORG,
        *source.columns,
        _c("source_cell", "Дереккөз", "Источник", width=44, owner="system",
           help_kk="МДҰ файлындағы жол", help_ru="Строка в файле ДО"),
        _c("version", "Нұсқа", "Версия", width=30, owner="system",
           help_kk="Қай нұсқадан алынды; «ескірген» — файл оқылмады",
           help_ru="Из какой версии; «устарело» — файл не прочитан"),
        *COORDINATOR_COLUMNS,
    )
    return SheetSpec(
        "c_" + source.key, f"{source.kk} (МДҰ)"[:31], f"{source.ru} (ДО)"[:31], "master", columns,
        natural_key=("org", *source.natural_key), source=source.key,
    )


def kindergarten_sheets(indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS) -> tuple[SheetSpec, ...]:
    """The data tabs a kindergarten fills, in workbook order."""
    return (PLAN_STATUS, CONTEST_RESULTS, monitoring_spec(indicators), POSTS, ENVIRONMENT)


KINDERGARTEN_SHEETS: tuple[SheetSpec, ...] = kindergarten_sheets()


def master_sheets(indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS) -> tuple[SheetSpec, ...]:
    """The master's tables, in workbook order (summary and findings included)."""
    return (
        SUMMARY, ORGANISATIONS, PLAN, CONTEST_CALENDAR, INDICATORS,
        *(consolidated_spec(s) for s in kindergarten_sheets(indicators)),
        FINDINGS,
    )


MASTER_SHEETS: tuple[SheetSpec, ...] = master_sheets()


def spec_by_key(key: str, indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS) -> SheetSpec:
    for spec in (*master_sheets(indicators), *kindergarten_sheets(indicators), FEEDBACK, INSTRUCTIONS):
        if spec.key == key:
            return spec
    raise KeyError(key)
