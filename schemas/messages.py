"""Every rule's code, default severity and message templates in Kazakh and Russian."""

from __future__ import annotations

from typing import Literal

_Sev = Literal["error", "warning"]

# rule code: (severity, Kazakh template, Russian template)
RULES: dict[str, tuple[_Sev, str, str]] = {
    "header.missing": (
        "error",
        "«{column}» бағаны жоқ: тақырып жолына қайта қосыңыз.",
        "Нет столбца «{column}»: верните его в строку заголовков.",
    ),
    "header.unknown": (
        "warning",
        "«{value}» бағаны танылмады: оның деректері жиынтыққа кірмейді.",
        "Столбец «{value}» не распознан: его данные не попадут в свод.",
    ),
    "header.renamed": (
        "warning",
        "«{value}» бағаны танылмады: бұл «{expected}» бағаны болса, тақырыпты қалпына келтіріңіз.",
        "Столбец «{value}» не распознан: если это «{expected}», верните прежний заголовок.",
    ),
    "header.duplicate": (
        "error",
        "«{column}» бағаны екі рет кездеседі: біреуін өшіріңіз.",
        "Столбец «{column}» встречается дважды: удалите один.",
    ),
    "sheet.missing": (
        "error",
        "«{sheet}» парағы табылмады.",
        "Лист «{sheet}» не найден.",
    ),
    "file.unreadable": (
        "error",
        "Файлды оқу мүмкін болмады: {reason}",
        "Не удалось прочитать файл: {reason}",
    ),
    "value.too_long": (
        "warning",
        "Мәтін {length} таңбадан тұрады, ал Excel ұяшығына {limit} таңбадан артық сыймайды: жиынтықта тек басы "
        "көрсетіледі, толық мәтін Baulu қоймасында сақталды. Мәтінді қысқартыңыз немесе сілтеме беріңіз.",
        "Текст длиной {length} символов, а в ячейку Excel помещается не больше {limit}: в своде показано только "
        "начало, полный текст сохранён в хранилище Baulu. Сократите текст или дайте ссылку.",
    ),
    "value.control_chars": (
        "warning",
        "Мәтінде кестеге жазылмайтын басқару таңбалары бар: жиынтықта олар «\ufffd» болып көрсетіледі, "
        "толық мәтін Baulu қоймасында сақталды.",
        "В тексте есть управляющие символы, которые нельзя записать в таблицу: в своде они показаны как «\ufffd», "
        "полный текст сохранён в хранилище Baulu.",
    ),
    "value.required": (
        "error",
        "«{column}» толтырылуы керек.",
        "Поле «{column}» обязательно.",
    ),
    "value.choice": (
        "error",
        "«{value}» рұқсат етілген мәндерге жатпайды. Тізімнен таңдаңыз: {choices}.",
        "«{value}» нет среди допустимых значений. Выберите из списка: {choices}.",
    ),
    "value.level": (
        "error",
        "Деңгей 1, 2 немесе 3 болуы керек, ал мұнда {value}.",
        "Уровень должен быть 1, 2 или 3, а здесь {value}.",
    ),
    "value.negative": (
        "error",
        "Сан теріс болмауы керек: {value}.",
        "Количество не может быть отрицательным: {value}.",
    ),
    "type.integer": (
        "error",
        "«{value}» бүтін сан емес.",
        "«{value}» не целое число.",
    ),
    "type.date": (
        "error",
        "«{value}» күн ретінде танылмады. Мысалы: 12.03.2026.",
        "«{value}» не распознано как дата. Например: 12.03.2026.",
    ),
    "type.url": (
        "warning",
        "«{value}» сілтемеге ұқсамайды (https://… болуы керек).",
        "«{value}» не похоже на ссылку (должно начинаться с https://…).",
    ),
    "type.email": (
        "error",
        "«{value}» e-mail мекенжайы емес.",
        "«{value}» не адрес e-mail.",
    ),
    "phone.invalid": (
        "error",
        "«{value}» телефон нөмірі емес: 8 және 10 цифр болуы керек (мысалы 87051234567).",
        "«{value}» не номер телефона: нужно 8 и 10 цифр (например 87051234567).",
    ),
    "date.out_of_pilot": (
        "error",
        "{value} күні пилот мерзіміне ({start} – 31.12.2026) кірмейді.",
        "Дата {value} вне срока пилота ({start} – 31.12.2026).",
    ),
    "org.unknown": (
        "error",
        "«{value}» ұйымы Ұйымдар парағында жоқ.",
        "Организации «{value}» нет на листе «Организации».",
    ),
    "contest.unknown": (
        "error",
        "«{value}» байқауы күнтізбеде жоқ.",
        "Конкурса «{value}» нет в календаре.",
    ),
    "contest.month": (
        "warning",
        "Байқау {value} өткізілген, бірақ күнтізбе бойынша ол {month} айында.",
        "Конкурс проведён {value}, а по календарю его месяц — {month}.",
    ),
    "plan.unknown_item": (
        "error",
        "«{value}» тармағы жұмыс жоспарында жоқ.",
        "Пункта «{value}» нет в плане работы.",
    ),
    "plan.done_without_date": (
        "error",
        "«Орындалды» деп белгіленген, бірақ орындалған күні жоқ.",
        "Отмечено «выполнено», но нет даты выполнения.",
    ),
    "plan.done_without_evidence": (
        "error",
        "«Орындалды» деп белгіленген, бірақ дәлел (сілтеме) жоқ.",
        "Отмечено «выполнено», но нет подтверждения (ссылки).",
    ),
    "child.duplicate": (
        "error",
        "{value} коды {period} кезеңінде қайталанады ({rows} жолдар).",
        "Код {value} повторяется в периоде {period} (строки {rows}).",
    ),
    "child.group_conflict": (
        "error",
        "{value} баласы әрі эксперименттік, әрі бақылау тобында: бала бір топ түрінде ғана болады.",
        "Ребёнок {value} и в экспериментальной, и в контрольной группе: допускается только одна.",
    ),
    "child.name": (
        "error",
        "Мұнда баланың аты-жөні жазылған сияқты. Тек код жазыңыз (мысалы 47-Э-07).",
        "Похоже, здесь ФИО ребёнка. Пишите только код (например 47-Э-07).",
    ),
    "child.iin": (
        "error",
        "Мұнда ЖСН (12 цифр) жазылған сияқты. Баланың ЖСН-ін жазуға болмайды, тек кодын жазыңыз.",
        "Похоже, здесь ИИН (12 цифр). ИИН ребёнка указывать нельзя, только код.",
    ),
    "child.code_format": (
        "error",
        "«{value}» бала коды үлгісіне сәйкес келмейді: {example} сияқты жазыңыз "
        "(басы {prefix}, топ әрпі {letters}, нөмір).",
        "«{value}» не соответствует формату кода ребёнка: пишите как {example} "
        "(начало {prefix}, буква группы {letters}, номер).",
    ),
    "child.code_group": (
        "error",
        "{value} кодындағы «{letter}» әрпі {kind} тобына сәйкес келмейді: бұл топтың әрпі «{expected}».",
        "Буква «{letter}» в коде {value} не соответствует группе «{kind}»: у этой группы буква «{expected}».",
    ),
    "personal.iin": (
        "error",
        "Мұнда ЖСН жазылған сияқты ({value}). Жеке деректерді жазуға болмайды: өшіріңіз, баланы тек "
        "кодымен атаңыз.",
        "Похоже, здесь ИИН ({value}). Персональные данные указывать нельзя: удалите, ребёнка "
        "называйте только кодом.",
    ),
    "personal.name": (
        "error",
        "Мұнда адамның аты-жөні жазылған сияқты ({value}). Балалардың аты-жөнін жазуға болмайды: "
        "өшіріңіз, тек кодын жазыңыз.",
        "Похоже, здесь ФИО ({value}). ФИО детей указывать нельзя: удалите, пишите только код.",
    ),
}


def render(rule: str, **params: object) -> tuple[str, str, _Sev]:
    """The Kazakh and Russian messages and the default severity of a rule.

    A parameter ``name_kk`` or ``name_ru`` fills ``{name}`` in that language's template only.
    """
    severity, kk, ru = RULES[rule]
    return kk.format_map(_for(params, "kk")), ru.format_map(_for(params, "ru")), severity


def _for(params: dict[str, object], lang: str) -> _Defaults:
    values = _Defaults({k: v for k, v in params.items() if not k.endswith(("_kk", "_ru"))})
    suffix = "_" + lang
    values.update({k[: -len(suffix)]: v for k, v in params.items() if k.endswith(suffix)})
    return values


class _Defaults(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""
