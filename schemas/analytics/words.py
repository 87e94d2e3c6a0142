"""The analytics' words in Kazakh and Russian, shared by the summary sheet and the reports."""

from __future__ import annotations

from schemas.lang import Lang
from schemas.vocabulary import GROUP_KINDS, LEVELS, PERIODS, term

_ONES = ("ден", "ден", "ден", "тен", "тен", "тен", "дан", "ден", "ден", "дан")  # нөл бір екі үш … тоғыз
_TENS = ("", "нан", "дан", "дан", "тан", "ден", "тан", "тен", "нен", "нан")  # он жиырма отыз … тоқсан


def ablative(number: int) -> str:
    """The Kazakh ablative ending a number takes: 13 → «тен» (он үштен), 10 → «нан» (оннан)."""
    n = abs(number)
    if n == 0 or n % 10:
        return _ONES[n % 10]
    if n % 100:
        return _TENS[(n // 10) % 10]
    if n % 1000:
        return "ден"  # жүз
    if n % 1_000_000:
        return "нан"  # мың
    return "нан"  # миллион


def of(part: int, whole: int, lang: Lang = "kk") -> str:
    """Counts as people say them: «13-тен 7» in Kazakh, «7 из 13» in Russian."""
    return f"{part} из {whole}" if lang == "ru" else f"{whole}-{ablative(whole)} {part}"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.0f}%"


def number(value: float | None, digits: int = 2) -> str:
    """A decimal with a comma, as Kazakh and Russian write it."""
    return "—" if value is None else f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def signed(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else ("+" if value > 0 else "") + number(value, digits)


def p_value(p: float) -> str:
    return "p < 0,001" if p < 0.001 else f"p = {number(p, 3)}"


TIMELINESS = {
    "kk": {"on_time": "уақтылы", "late": "кешікті", "missing": "тапсырылмады", "open": "толтырылуда",
           "not_due": "әлі ерте"},
    "ru": {"on_time": "в срок", "late": "с опозданием", "missing": "не сдано", "open": "заполняется",
           "not_due": "ещё рано"},
}
CONTEST_STATUS = {
    "kk": {"held": "өтті", "held_late": "кеш өтті", "overdue": "өтпеді", "upcoming": "алда"},
    "ru": {"held": "проведён", "held_late": "с опозданием", "overdue": "не проведён", "upcoming": "впереди"},
}
TABS = {
    "kk": {"plan_status": "жоспар", "contest_results": "байқаулар", "monitoring": "мониторинг",
           "posts": "жариялымдар"},
    "ru": {"plan_status": "план", "contest_results": "конкурсы", "monitoring": "мониторинг",
           "posts": "публикации"},
}
SCOPES = {"kk": {"all": "Барлығы", "state": "Мемлекеттік", "private": "Жеке"},
          "ru": {"all": "Всего", "state": "Государственные", "private": "Частные"}}


def word(table: dict[str, dict[str, str]], key: str, lang: Lang) -> str:
    return table["ru" if lang == "ru" else "kk"].get(key, key)


def group(key: str, lang: Lang) -> str:
    return term(GROUP_KINDS, key).label(lang)


def period(key: str, lang: Lang) -> str:
    found = term(PERIODS, key)
    return found.label(lang)


def short_period(key: str, lang: Lang) -> str:
    """«бастапқы», «I тоқсан» … for chart axes."""
    if key == "base":
        return "входной" if lang == "ru" else "бастапқы"
    roman = {"Q1": "I", "Q2": "II", "Q3": "III", "Q4": "IV"}[key]
    return f"{roman} {'кв.' if lang == 'ru' else 'тоқсан'}"


def level(value: int, lang: Lang) -> str:
    return term(LEVELS, str(value)).label(lang)
