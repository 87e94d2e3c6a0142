"""The pilot's vocabulary as data: every closed list a sheet may offer in a dropdown.

Each entry is a :class:`Term` with a stable key (what the software stores), a Kazakh and a
Russian label (what people read and type) and further accepted spellings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.lang import Lang
from schemas.text import normalise

LANGS: tuple[str, ...] = ("kk", "ru")


@dataclass(frozen=True)
class Term:
    key: str
    kk: str
    ru: str
    aliases: tuple[str, ...] = field(default=())

    def label(self, lang: Lang = "kk") -> str:
        return self.ru if lang == "ru" else self.kk

    def spellings(self) -> tuple[str, ...]:
        return (self.key, self.kk, self.ru, *self.aliases)


Vocabulary = tuple[Term, ...]


_INDEXES: dict[int, tuple[Vocabulary, dict[str, Term]]] = {}


def _index(vocabulary: Vocabulary) -> dict[str, Term]:
    """Every normalised spelling of ``vocabulary`` → its term (the first term wins, as in a scan)."""
    entry = _INDEXES.get(id(vocabulary))
    if entry is not None and entry[0] is vocabulary:
        return entry[1]
    index: dict[str, Term] = {}
    for term in vocabulary:
        for spelling in term.spellings():
            index.setdefault(normalise(spelling), term)
    index.pop("", None)
    _INDEXES[id(vocabulary)] = (vocabulary, index)  # the tuple is kept, so its id is never reused
    return index


def find_term(vocabulary: Vocabulary, raw: object) -> Term | None:
    """The term whose key, label or alias matches ``raw`` (case, spacing, look-alikes ignored).

    One dictionary look-up: the vocabulary's spellings are normalised once, on first use."""
    wanted = normalise(str(raw))
    if not wanted:
        return None
    return _index(vocabulary).get(wanted)


def term(vocabulary: Vocabulary, key: str) -> Term:
    for t in vocabulary:
        if t.key == key:
            return t
    raise KeyError(key)


MONTHS: Vocabulary = (
    Term("1", "қаңтар", "январь", ("января", "jan", "january")),
    Term("2", "ақпан", "февраль", ("февраля", "feb", "february")),
    Term("3", "наурыз", "март", ("марта", "mar", "march")),
    Term("4", "сәуір", "апрель", ("апреля", "apr", "april")),
    Term("5", "мамыр", "май", ("мая", "may")),
    Term("6", "маусым", "июнь", ("июня", "jun", "june")),
    Term("7", "шілде", "июль", ("июля", "jul", "july")),
    Term("8", "тамыз", "август", ("августа", "aug", "august")),
    Term("9", "қыркүйек", "сентябрь", ("сентября", "sep", "september")),
    Term("10", "қазан", "октябрь", ("октября", "oct", "october")),
    Term("11", "қараша", "ноябрь", ("ноября", "nov", "november")),
    Term("12", "желтоқсан", "декабрь", ("декабря", "dec", "december")),
)

QUARTERS: Vocabulary = (
    Term("Q1", "I тоқсан", "I квартал", ("1 тоқсан", "1 квартал")),
    Term("Q2", "II тоқсан", "II квартал", ("2 тоқсан", "2 квартал")),
    Term("Q3", "III тоқсан", "III квартал", ("3 тоқсан", "3 квартал")),
    Term("Q4", "IV тоқсан", "IV квартал", ("4 тоқсан", "4 квартал")),
)


def quarter_of_month(month: int) -> str:
    return f"Q{(month - 1) // 3 + 1}"


DEADLINE_KINDS: Vocabulary = (
    Term("month", "ай", "месяц"),
    Term("quarterly", "тоқсан сайын", "ежеквартально"),
    Term("ongoing", "үнемі", "постоянно"),
    Term("all_year", "жыл бойы", "в течение года"),
    Term("external", "БЕДИ жоспарына сәйкес", "по плану ИРРД", ("БЕДИ-нің іс-қимыл жоспарына сәйкес",)),
)

STATUSES: Vocabulary = (
    Term("done", "орындалды", "выполнено", ("иә", "да", "done")),
    Term("in_progress", "орындалуда", "выполняется", ("in progress",)),
    Term("not_done", "орындалмады", "не выполнено", ("not done",)),
)

OWNERSHIP: Vocabulary = (
    Term("state", "мемлекеттік", "государственная"),
    Term("private", "жеке", "частная"),
)

AGE_GROUPS: Vocabulary = (
    Term("early", "ерте жас тобы (1–2)", "группа раннего возраста (1–2)", ("ерте жас тобы", "ранний возраст")),
    Term("junior", "кіші топ (2–3)", "младшая группа (2–3)", ("кіші топ", "младшая группа")),
    Term("middle", "ортаңғы топ (3–4)", "средняя группа (3–4)", ("ортаңғы топ", "средняя группа")),
    Term("senior", "ересек топ (4–5)", "старшая группа (4–5)", ("ересек топ", "старшая группа")),
    Term("preschool", "мектепалды даярлық тобы (5–6)", "предшкольная группа (5–6)",
         ("мектепалды даярлық тобы", "предшкольная группа", "мектепалды топ")),
)

GROUP_KINDS: Vocabulary = (
    Term("experimental", "эксперименттік", "экспериментальная", ("Э", "эксп")),
    Term("control", "бақылау", "контрольная", ("Б", "К", "бақ", "контр")),
)

SEXES: Vocabulary = (
    Term("m", "ұл", "мальчик", ("м", "ер", "male")),
    Term("f", "қыз", "девочка", ("ж", "д", "female")),
)

YES_NO: Vocabulary = (
    Term("yes", "иә", "да", ("ия", "yes", "1", "true", "+")),
    Term("no", "жоқ", "нет", ("no", "0", "false", "-")),
)

LEVELS: Vocabulary = (
    Term("1", "төмен", "низкий", ("low",)),
    Term("2", "орташа", "средний", ("medium",)),
    Term("3", "жоғары", "высокий", ("high",)),
)

PERIODS: Vocabulary = (
    Term("base", "бастапқы (2026 I тоқсан)", "входной (2026 I квартал)", ("бастапқы", "входной", "baseline")),
    Term("Q1", "2026 I тоқсан", "2026 I квартал", ("I тоқсан", "1 тоқсан", "I квартал", "2026-Q1")),
    Term("Q2", "2026 II тоқсан", "2026 II квартал", ("II тоқсан", "2 тоқсан", "II квартал", "2026-Q2")),
    Term("Q3", "2026 III тоқсан", "2026 III квартал", ("III тоқсан", "3 тоқсан", "III квартал", "2026-Q3")),
    Term("Q4", "2026 IV тоқсан", "2026 IV квартал", ("IV тоқсан", "4 тоқсан", "IV квартал", "2026-Q4")),
)

NETWORKS: Vocabulary = (
    Term("instagram", "Instagram", "Instagram", ("инстаграм", "insta")),
    Term("facebook", "Facebook", "Facebook", ("фейсбук", "fb")),
    Term("telegram", "Telegram", "Telegram", ("телеграм", "tg")),
    Term("tiktok", "TikTok", "TikTok", ("тикток",)),
    Term("youtube", "YouTube", "YouTube", ("ютуб",)),
    Term("website", "сайт", "сайт", ("website", "web")),
    Term("other", "басқа", "другое", ("other",)),
)

PLAN_BLOCKS: Vocabulary = (
    Term("region", "Батыс Қазақстан облысының Білім басқармасы", "Управление образования ЗКО", ("ББ",)),
    Term("centre", "Батыс Қазақстан облысының әдістемелік орталығы мен Орал қаласы білім беру бөлімі",
         "Методический центр ЗКО и отдел образования г. Уральск", ("ЭО", "ҚБББ")),
    Term("preschool", "Мектепке дейінгі ұйымдар", "Дошкольные организации", ("МДҰ", "ДО")),
)

DIRECTIONS: Vocabulary = (
    Term("jewellery", "Зергерлік шеберхана", "Ювелирная мастерская"),
    Term("cooking", "Аспаздық шеберхана", "Кулинарная мастерская"),
    Term("handicraft", "Қолөнер шеберханасы", "Мастерская рукоделия"),
    Term("construction", "Құрылыс алаңы", "Строительная площадка"),
    Term("engineering", "Инженерлік зертхана", "Инженерная лаборатория"),
    Term("tailoring", "Тігінші шеберханасы", "Швейная мастерская"),
    Term("professions", "Еңбек және мамандық", "Труд и профессии"),
    Term("greenhouse", "Жылыжай, бау-бақша алаңы", "Теплица, огород"),
)

SEVERITIES: Vocabulary = (
    Term("error", "қате", "ошибка"),
    Term("warning", "ескерту", "предупреждение"),
)


@dataclass(frozen=True)
class Indicator:
    code: str
    kk: str
    ru: str

    def label(self, lang: Lang = "kk") -> str:
        return self.ru if lang == "ru" else self.kk


DEFAULT_INDICATORS: tuple[Indicator, ...] = (
    Indicator("K1", "Өзіне-өзі қызмет ету және тұрмыстық еңбек дағдылары",
              "Навыки самообслуживания и бытового труда"),
    Indicator("K2", "Мамандықтар туралы білім", "Знания о профессиях"),
    Indicator("K3", "Құралдар мен материалдарды қауіпсіз қолдану",
              "Безопасное использование инструментов и материалов"),
    Indicator("K4", "Өнімді / шығармашылық нәтиже", "Продуктивный / творческий результат"),
    Indicator("K5", "Бірлесіп жұмыс істеу", "Совместная работа"),
)

VOCABULARIES: dict[str, Vocabulary] = {
    "month": MONTHS,
    "quarter": QUARTERS,
    "deadline_kind": DEADLINE_KINDS,
    "status": STATUSES,
    "ownership": OWNERSHIP,
    "age_group": AGE_GROUPS,
    "group_kind": GROUP_KINDS,
    "sex": SEXES,
    "yes_no": YES_NO,
    "level": LEVELS,
    "period": PERIODS,
    "network": NETWORKS,
    "plan_block": PLAN_BLOCKS,
    "direction": DIRECTIONS,
    "severity": SEVERITIES,
}
