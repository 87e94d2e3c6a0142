"""Sentences from the numbers, in Kazakh and Russian: what the comparison says and how sure it is.

Numbers stand alone (after a dash or in brackets) so no Kazakh case ending has to agree with them.
"""

from __future__ import annotations

from schemas.analytics.outcomes import Comparison
from schemas.analytics.stats import MIN_GROUP
from schemas.analytics.words import number, p_value, short_period, signed
from schemas.lang import Lang


def _t(lang: Lang, kk: str, ru: str) -> str:
    return ru if lang == "ru" else kk


def effect_size(r: float, lang: Lang) -> str:
    """Rank-biserial r in words (|r| < 0,1 negligible, < 0,3 small, < 0,5 medium, else large)."""
    size = abs(r)
    if size < 0.1:
        return _t(lang, "елеусіз", "пренебрежимо малый")
    if size < 0.3:
        return _t(lang, "шағын", "малый")
    if size < 0.5:
        return _t(lang, "орташа", "средний")
    return _t(lang, "үлкен", "большой")


def too_few(c: Comparison, lang: Lang) -> str:
    return _t(
        lang,
        f"Топтарда {MIN_GROUP} баладан аз (эксперименттік — {c.n_experimental}, бақылау — {c.n_control}): "
        "статистикалық тексеру сенімді қорытынды бермейді, тек орташа мәндер келтірілді.",
        f"В группах меньше {MIN_GROUP} детей (экспериментальная — {c.n_experimental}, контрольная — "
        f"{c.n_control}): статистическая проверка не даёт надёжного вывода, приведены только средние.",
    )


def comparison_sentences(c: Comparison, lang: Lang, scope_name: str) -> list[str]:
    """Which group improved more, by how much, and how sure we can be."""
    if c.did is None or c.mean_experimental is None or c.mean_control is None:
        return [_t(lang, f"{scope_name}: салыстыруға деректер жеткіліксіз.",
                   f"{scope_name}: данных для сравнения недостаточно.")]
    d = c.did
    period = short_period(c.period, lang)
    better = d.effect > 0
    sentences = [_t(
        lang,
        f"{scope_name}: эксперименттік топта орташа деңгей бастапқы кезеңде — {number(d.treated_before)}, "
        f"{period} — {number(d.treated_after)} (өзгерісі {signed(d.treated_change)}); бақылау тобында — "
        f"{number(d.control_before)} және {number(d.control_after)} (өзгерісі {signed(d.control_change)}).",
        f"{scope_name}: в экспериментальной группе средний уровень на входе — {number(d.treated_before)}, "
        f"{period} — {number(d.treated_after)} (изменение {signed(d.treated_change)}); в контрольной — "
        f"{number(d.control_before)} и {number(d.control_after)} (изменение {signed(d.control_change)}).",
    )]
    if abs(d.effect) < 0.05:
        sentences.append(_t(lang, "Екі топ бірдей дерлік өсті (айырмалардың айырмасы — "
                                  f"{signed(d.effect)} балл).",
                            f"Обе группы выросли почти одинаково (разность разностей — {signed(d.effect)} балла)."))
    else:
        winner = _t(lang, "эксперименттік", "экспериментальная") if better else _t(lang, "бақылау", "контрольная")
        sentences.append(_t(
            lang,
            f"Көбірек өскен — {winner} тобы: айырмалардың айырмасы (DiD) — {signed(d.effect)} балл (1–3 шкаласы).",
            f"Больше выросла {winner} группа: разность разностей (DiD) — {signed(d.effect)} балла (шкала 1–3).",
        ))
    if c.small or c.test is None:
        sentences.append(too_few(c, lang))
    else:
        t = c.test
        sure = t.p < 0.05
        sentences.append(_t(
            lang,
            f"{period} кезеңіндегі топтар айырмасы — {signed(c.difference)}; Манн–Уитни U — {t.u:.0f}, "
            f"{p_value(t.p)}, рангілік-бисериалды r — {number(t.rank_biserial)} ({effect_size(t.rank_biserial, lang)} "
            f"әсер). " + ("Айырма кездейсоқтықпен түсіндірілмейді (p < 0,05)." if sure else
                          "Айырма кездейсоқ болуы мүмкін (p ≥ 0,05)."),
            f"Разница групп {period} — {signed(c.difference)}; U Манна–Уитни — {t.u:.0f}, {p_value(t.p)}, "
            f"ранго-бисериальный r — {number(t.rank_biserial)} ({effect_size(t.rank_biserial, lang)} эффект). "
            + ("Различие не объясняется случайностью (p < 0,05)." if sure else
               "Различие может быть случайным (p ≥ 0,05)."),
        ))
    return sentences


CAVEAT = {
    "kk": "Топтар кездейсоқ таңдалмаған, сондықтан айырма жобаның әсерін көрсетеді, бірақ оны толық дәлелдемейді; "
          "деңгейлерді топ педагогтері бағалайды.",
    "ru": "Группы сформированы не случайно, поэтому различие указывает на эффект проекта, но не доказывает его "
          "полностью; уровни оценивают педагоги групп.",
}
