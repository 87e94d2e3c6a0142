"""Every text the command line shows a person, in Kazakh and Russian: one catalogue.

Beside the rule catalogue (``schemas/catalogue.py``, the findings' messages) this holds the rest:
command and option help, argparse's own words (usage, errors), the tables and lines the
commands print. Nothing here is English; the test of the help proves it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from schemas.vocabulary import Lang

LANGS: tuple[Lang, ...] = ("kk", "ru")
ENV_LANG = "BAULU_LANG"


@dataclass(frozen=True)
class Text:
    kk: str
    ru: str

    def __call__(self, lang: str, **params: object) -> str:
        return (self.ru if lang == "ru" else self.kk).format(**params)


def as_lang(value: object) -> Lang | None:
    return next((lang for lang in LANGS if lang == value), None)


def env_lang() -> Lang:
    """The language from ``BAULU_LANG``, else Kazakh."""
    return as_lang(os.environ.get(ENV_LANG, "").strip().lower()) or "kk"


def argv_lang(argv: Sequence[str]) -> Lang | None:
    """``--lang kk|ru`` (or ``--lang=ru``) when the command line has it: help needs it before parsing."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return as_lang(argv[i + 1])
        if arg.startswith("--lang="):
            return as_lang(arg.split("=", 1)[1])
    return None


# ---- the parser: description, commands, options -------------------------------------------------

PROG_DESCRIPTION = Text(
    "«Ерте жастан еңбекке және кәсіпке баулу» пилоты: үйлестірушінің жиынтық кітабы, МДҰ файлдары, "
    "оларды жинау және тексеру.",
    "Пилот «Приобщение к труду и профессиям с раннего возраста»: сводная книга координатора, файлы ДО, "
    "их сбор и проверка.",
)
PROG_EPILOG = Text(
    "Шығу кодтары: 0 — жұмыс аяқталды (ескертулер болса да), 1 — жұмыс орындалмады (себебі жазылады), "
    "2 — команда қате жазылған. Тіл: --lang ru немесе BAULU_LANG=ru.",
    "Коды выхода: 0 — работа завершена (даже если есть замечания), 1 — работа не выполнена (причина "
    "указана), 2 — команда написана неверно. Язык: --lang kk или BAULU_LANG=kk.",
)
COMMANDS_TITLE = Text("командалар", "команды")
HELP = Text("осы көмекті көрсету және шығу", "показать эту справку и выйти")

COMMANDS: dict[str, Text] = {
    "init": Text(
        "жаңа жұмыс папкасы: baulu.toml, жиынтық кітап (master.xlsx) және әр МДҰ-ның файлы",
        "новая рабочая папка: baulu.toml, сводная книга (master.xlsx) и файл каждой ДО",
    ),
    "validate": Text(
        "жұмыс папкасын немесе бір .xlsx файлын тексеру (МДҰ өз файлын жібермес бұрын тексере алады)",
        "проверить рабочую папку или один файл .xlsx (ДО может проверить свой файл перед отправкой)",
    ),
    "sync": Text(
        "синхрондау: МДҰ файлдарын жинау, сақтау, тексеру, жиынтық кітапты жазу, кері байланыс беру",
        "синхронизация: собрать файлы ДО, сохранить, проверить, записать сводную книгу, дать обратную связь",
    ),
    "history": Text(
        "сақталған нұсқалар: әр МДҰ файлының әр алынған нұсқасы",
        "сохранённые версии: каждая полученная версия файла каждой ДО",
    ),
    "restore": Text(
        "жиынтық кітапты бір МДҰ-ның бұрынғы нұсқасынан қайта құру",
        "пересобрать сводную книгу из прежней версии одной ДО",
    ),
    "redact": Text(
        "мәнді (аты-жөні, ЖСН) сақталған нұсқалардан, .baulu/backups көшірмелерінен және жиынтық кітаптан "
        "өшіру; аудитке кім, қашан, неге жазылады",
        "удалить значение (ФИО, ИИН) из сохранённых версий, копий .baulu/backups и сводной книги; "
        "в аудит пишется кто, когда и почему",
    ),
    "provision": Text(
        "Google парақтарын жасау: әр МДҰ-ға өз парағы, тек сол МДҰ-ның e-mail мекенжайларына ашық; "
        "сілтемелер жиынтық кітапқа жазылады",
        "создать таблицы Google: каждой ДО своя таблица, открытая только e-mail этой ДО; "
        "ссылки записываются в сводную книгу",
    ),
    "audit": Text(
        "Google парақтарының барлық қолжетімдерін тексеру: жиынтық кітапта жоқ қолжетім болса, код 1",
        "проверить все доступы к таблицам Google: если есть доступ, которого нет в сводной книге, код 1",
    ),
    "addin": Text(
        "Excel қондырмасы (baulu.xlam): «Баулу» лентасы және жұмыс парағы функциялары",
        "надстройка Excel (baulu.xlam): лента «Баулу» и функции рабочего листа",
    ),
    "build": Text(
        "baulu.xlam қондырмасын жасау: түймелер, функциялар және баптаулар парағы толтырылған",
        "собрать надстройку baulu.xlam: кнопки, функции и заполненный лист настроек",
    ),
    "demo": Text(
        "үлгі деректері мен әдейі жіберілген қателері бар толық демо-папка, синхрондалған",
        "полная демо-папка с примерными данными и нарочно сделанными ошибками, синхронизированная",
    ),
}

# (command, option dest) -> help; a dest shared by every command that has it is under ("*", dest)
OPTIONS: dict[tuple[str, str], Text] = {
    ("init", "dir"): Text("жасалатын жұмыс папкасы", "создаваемая рабочая папка"),
    ("init", "force"): Text("бар жұмыс папкасын қайта жасау (ескі файлдары ауыстырылады)",
                            "пересоздать существующую рабочую папку (старые файлы будут заменены)"),
    ("init", "lang"): Text("жұмыс папкасының тілі: kk (қазақша, әдепкі) немесе ru (орысша)",
                           "язык рабочей папки: kk (казахский, по умолчанию) или ru (русский)"),
    ("validate", "path"): Text("жұмыс папкасы немесе .xlsx файлы", "рабочая папка или файл .xlsx"),
    ("validate", "json"): Text("ескертулерді JSON ретінде шығару (бағдарламаларға арналған)",
                               "вывести замечания в JSON (для программ)"),
    ("sync", "json"): Text("синхрондау есебін JSON ретінде шығару", "вывести отчёт синхронизации в JSON"),
    ("sync", "dry_run"): Text("сынақ: не өзгеретінін көрсету, ештеңе жазбау",
                              "пробный запуск: показать, что изменится, ничего не записывая"),
    ("sync", "every"): Text("қызмет режимі: тоқтатқанша белгілі аралық сайын синхрондау (мысалы 10m, 30s, 1h)",
                            "режим службы: синхронизировать через заданный интервал, пока не остановят "
                            "(например 10m, 30s, 1h)"),
    ("history", "org"): Text("тек осы ұйымның нұсқалары (ұйым коды, мысалы 47)",
                             "только версии этой организации (код, например 47)"),
    ("restore", "org"): Text("ұйым коды, мысалы 47", "код организации, например 47"),
    ("restore", "at"): Text("нұсқа нөмірі, мысалы 3 немесе v3 (оны baulu history көрсетеді)",
                            "номер версии, например 3 или v3 (её показывает baulu history)"),
    ("redact", "value"): Text("өшірілетін мән", "удаляемое значение"),
    ("redact", "org"): Text("ұйым коды (бос болса — барлық ұйымдар)", "код организации (пусто — все)"),
    ("redact", "sheet"): Text("парақ, «Ескертулер» парағындағыдай", "лист, как на листе «Замечания»"),
    ("redact", "cell"): Text("ұяшық, мысалы A12", "ячейка, например A12"),
    ("redact", "version"): Text("ұяшықтағы мән қай нұсқадан алынады (әдепкісі — соңғысы)",
                                "из какой версии взять значение ячейки (по умолчанию — последняя)"),
    ("redact", "why"): Text("неге өшіріледі (аудитке жазылады)", "почему удаляется (записывается в аудит)"),
    ("redact", "dry_run"): Text("тек көрсету: не өшірілетінін, ештеңе өзгертпей",
                                "только показать, что будет удалено, ничего не меняя"),
    ("demo", "dir"): Text("демо-папка (әдепкісі baulu-demo); бар болса, қайта жасалады",
                          "демо-папка (по умолчанию baulu-demo); если есть, создаётся заново"),
    ("build", "out"): Text("жасалатын файл немесе папка (әдепкісі baulu.xlam)",
                           "создаваемый файл или папка (по умолчанию baulu.xlam)"),
    ("build", "interpreter"): Text(
        "Windows-тағы python.exe жолы (әдепкісі %%USERPROFILE%%\\Baulu\\.venv\\Scripts\\python.exe)",
        "путь к python.exe на Windows (по умолчанию %%USERPROFILE%%\\Baulu\\.venv\\Scripts\\python.exe)"),
    ("build", "pythonpath"): Text("Windows-тағы Baulu бумасы (әдепкісі %%USERPROFILE%%\\Baulu\\baulu)",
                                  "папка Baulu на Windows (по умолчанию %%USERPROFILE%%\\Baulu\\baulu)"),
    ("build", "lang"): Text("хабар тілі: kk (қазақша) немесе ru (орысша)",
                            "язык сообщения: kk (казахский) или ru (русский)"),
    ("*", "dir"): Text("жұмыс папкасы", "рабочая папка"),
    ("*", "lang"): Text("тіл: kk (қазақша) немесе ru (орысша); әдепкісі baulu.toml бойынша",
                        "язык: kk (казахский) или ru (русский); по умолчанию как в baulu.toml"),
}

# metavars shown in usage lines
METAVARS: dict[str, Text] = {
    "command": Text("КОМАНДА", "КОМАНДА"),
    "dir": Text("ПАПКА", "ПАПКА"),
    "path": Text("ЖОЛ", "ПУТЬ"),
    "every": Text("АРАЛЫҚ", "ИНТЕРВАЛ"),
    "org": Text("КОД", "КОД"),
    "at": Text("НҰСҚА", "ВЕРСИЯ"),
    "version": Text("НҰСҚА", "ВЕРСИЯ"),
    "value": Text("МӘТІН", "ТЕКСТ"),
    "sheet": Text("ПАРАҚ", "ЛИСТ"),
    "cell": Text("ҰЯШЫҚ", "ЯЧЕЙКА"),
    "why": Text("СЕБЕБІ", "ПРИЧИНА"),
    "action": Text("ӘРЕКЕТ", "ДЕЙСТВИЕ"),
    "out": Text("ФАЙЛ", "ФАЙЛ"),
    "interpreter": Text("PYTHON.EXE", "PYTHON.EXE"),
    "pythonpath": Text("БУМА", "ПАПКА"),
}


def option_help(command: str, dest: str, lang: str) -> str:
    text = OPTIONS.get((command, dest)) or OPTIONS[("*", dest)]
    return text(lang)


# ---- argparse's own words, keyed by argparse's message ids (as gettext would be) ----------------

USAGE = Text("Қолданылуы: ", "Использование: ")
POSITIONALS = Text("аргументтер", "аргументы")
OPTIONALS = Text("параметрлер", "параметры")
ERROR_LINE = Text("{prog}: қате: {message}", "{prog}: ошибка: {message}")
HELP_HINT = Text("Көмек: {prog} --help", "Справка: {prog} --help")
USAGE_UNKNOWN = Text("команда дұрыс жазылмаған", "команда написана неверно")

# argparse message id -> our text; %(name)s / %s in the id become {name} / {0} in ours
ARGPARSE: dict[str, Text] = {
    "argument %(argument_name)s: %(message)s": Text("{argument_name}: {message}", "{argument_name}: {message}"),
    "the following arguments are required: %s": Text("мына аргументтер жазылмаған: {0}",
                                                      "не указаны обязательные аргументы: {0}"),
    "invalid choice: %(value)r (choose from %(choices)s)": Text("«{value}» деген мән жоқ; таңдаңыз: {choices}",
                                                                "значения «{value}» нет; выберите: {choices}"),
    "expected one argument": Text("мәні жазылмаған", "не указано значение"),
    "expected at most one argument": Text("ең көбі бір мән жазылады", "допускается не больше одного значения"),
    "expected at least one argument": Text("кемінде бір мән керек", "нужно хотя бы одно значение"),
    "expected %s argument": Text("{0} мән керек", "нужно значений: {0}"),
    "expected %s arguments": Text("{0} мән керек", "нужно значений: {0}"),
    "unrecognized arguments: %s": Text("танылмаған аргументтер: {0}", "нераспознанные аргументы: {0}"),
    "invalid %(type)s value: %(value)r": Text("«{value}» мәні жарамсыз", "недопустимое значение «{value}»"),
    "not allowed with argument %s": Text("{0} аргументімен бірге жазылмайды", "нельзя указывать вместе с {0}"),
    "ignored explicit argument %r": Text("артық мән: {0}", "лишнее значение: {0}"),
    "one of the arguments %s is required": Text("мына аргументтердің бірі керек: {0}",
                                                "нужен один из аргументов: {0}"),
    "ambiguous option: %(option)s could match %(matches)s": Text(
        "«{option}» параметрі бірнешеуіне сәйкес келеді: {matches}",
        "параметр «{option}» подходит к нескольким: {matches}"),
    "unexpected option string: %s": Text("күтпеген параметр: {0}", "неожиданный параметр: {0}"),
}

# ---- what the commands print ---------------------------------------------------------------------

ERROR = Text("Қате:", "Ошибка:")
UNEXPECTED = Text("Күтпеген қате ({name}): жұмыс аяқталмады.", "Непредвиденная ошибка ({name}): работа не завершена.")
INTERRUPTED = Text("Тоқтатылды.", "Остановлено.")
BAD_EVERY = Text("--every: «{text}» түсініксіз; мысалы 10m, 30s, 1h", "--every: «{text}» непонятно; например 10m, 30s, 1h")
BAD_VERSION = Text("--at: «{text}» нұсқа нөмірі емес; нөмірді «baulu history» көрсетеді, мысалы --at 3 немесе --at v3",
                   "--at: «{text}» не номер версии; номера показывает «baulu history», например --at 3 или --at v3")

INIT_DONE = Text("Жұмыс папкасы жасалды: {root}", "Рабочая папка создана: {root}")
INIT_MASTER = Text("жиынтық кітап: {path}", "сводная книга: {path}")

FINDING_HEADS = Text("Ұйым|Парақ|Ұяшық|Мәні|Деңгейі|Ереже|Түсініктеме",
                     "Организация|Лист|Ячейка|Значение|Уровень|Правило|Пояснение")
NO_FINDINGS = Text("Ескерту жоқ.", "Замечаний нет.")
TOTALS = Text("Барлығы: қате — {e}, ескерту — {w}.", "Всего: ошибок — {e}, предупреждений — {w}.")

SYNC_HEADS = Text("Ұйым|Күйі|Нұсқа|Қате|Ескерту|Өзгерістер", "Организация|Статус|Версия|Ошибки|Предупр.|Изменения")
STATUS: dict[str, Text] = {
    "ok": Text("жаңартылды", "обновлено"),
    "stale": Text("ескірген", "устарело"),
    "failed": Text("оқылмады", "не прочитано"),
    "pinned": Text("бекітілген нұсқа", "закреплённая версия"),
}
NEW_VERSION = Text("жаңа нұсқа", "новая версия")
SAME_VERSION = Text("өзгеріс жоқ", "без изменений")
FEEDBACK_WRITTEN = Text("кері байланыс жазылды", "обратная связь записана")
FEEDBACK_WOULD = Text("кері байланыс жазылар еді", "обратная связь была бы записана")
MASTER_WRITTEN = Text("Жиынтық кітап жазылды", "Сводная книга записана")
MASTER_WOULD = Text("Жиынтық кітап өзгерер еді", "Сводная книга изменилась бы")
MASTER_SAME = Text("Жиынтық кітап өзгерген жоқ", "Сводная книга не изменилась")
DRY_RUN = Text("Сынақ режимі: ештеңе жазылған жоқ.", "Пробный режим: ничего не записано.")
STAGES: dict[str, Text] = {
    "pull": Text("алынуда", "получение"),
    "checked": Text("тексерілді", "проверено"),
    "feedback": Text("кері байланыс", "обратная связь"),
}

HISTORY_HEADS = Text("Нұсқа|Ұйым|Алынған уақыты (Орал)|Қайдан|Ревизия",
                     "Версия|Организация|Получено (Уральск)|Откуда|Ревизия")
NO_HISTORY = Text("Сақталған нұсқа жоқ.", "Сохранённых версий нет.")

DEMO_READY = Text("Демо-папка дайын: {root}", "Демо-папка готова: {root}")
DEMO_PLANTED = Text("Бес МДҰ файлы үлгі деректермен толтырылды, {n} әдейі қате енгізілді:",
                    "Пять файлов ДО заполнены примерными данными, внесено ошибок — {n}:")
DEMO_WHERE = Text("Қайда қарау керек:", "Куда смотреть:")
DEMO_MASTER = Text("жиынтық кітап (Ескертулер парағы, қызыл/сары ұяшықтар, ескертпелер)",
                   "сводная книга (лист «Замечания», красные/жёлтые ячейки, примечания)")
DEMO_KINDERGARTENS = Text("әр МДҰ файлы: «Кері байланыс» парағы", "каждый файл ДО: лист «Обратная связь»")
DEMO_HISTORY = Text("нұсқалар тарихы: baulu history {root}", "история версий: baulu history {root}")

REDACT_WHAT = Text("Не өшірілетінін көрсетіңіз: --value МӘТІН немесе --org, --sheet және --cell.",
                   "Укажите, что удалить: --value ТЕКСТ или --org, --sheet и --cell.")
REDACT_BOTH = Text("--value мен --cell бірге берілмейді: біреуін таңдаңыз.",
                   "--value и --cell вместе не указываются: выберите одно.")
REDACT_CELL = Text("--cell үшін --org пен --sheet керек («Ескертулер» парағындағыдай).",
                   "Для --cell нужны --org и --sheet (как на листе «Замечания»).")
REDACT_SHORT = Text("Мән тым қысқа: кемінде {n} таңба.", "Значение слишком короткое: не меньше {n} символов.")
REDACT_WHY = Text("--why: неге өшірілетінін жазыңыз (аудитке жазылады).",
                  "--why: напишите, почему удаляется (записывается в аудит).")
REDACT_NONE = Text("«{value}» мәні сақталған нұсқаларда да, көшірмелерде де табылмады: ештеңе өзгерген жоқ.",
                   "Значение «{value}» не найдено ни в сохранённых версиях, ни в копиях: ничего не изменено.")
REDACT_WOULD = Text("Сынақ режимі: {cells} ұяшық өшірілер еді (ештеңе өзгерген жоқ):",
                    "Пробный режим: было бы удалено ячеек: {cells} (ничего не изменено):")
ADDIN_BUILT = Text("Excel қондырмасы жасалды: {path}", "Надстройка Excel собрана: {path}")
PROVISION_CREATED = Text("Жаңа МДҰ файлдары: {n}", "Создано файлов ДО: {n}")
PROVISION_NOT_LOCAL = Text("  {code}: {location} — жергілікті файл емес, өзгертілмеді",
                           "  {code}: {location} — не локальный файл, не изменён")
REDACT_DONE = Text("«{value}» өшірілді: {cells} ұяшық. Аудит жазбасы №{audit}.",
                   "«{value}» удалено: ячеек {cells}. Запись аудита №{audit}.")
REDACT_VERSION = Text("  v{version}: {cells} ұяшық ({places})", "  v{version}: ячеек {cells} ({places})")
REDACT_FILE = Text("  {file}: {cells} ұяшық", "  {file}: ячеек {cells}")
REDACT_SOURCE = Text(
    "Ескерту: мән МДҰ-ның өз парағында қалады — оны сол жерден де өшіруді сұраңыз, әйтпесе келесі "
    "өзгерісте ол қайта сақталады.",
    "Внимание: значение остаётся в таблице самой ДО — попросите удалить его и там, иначе при следующем "
    "изменении оно сохранится снова.",
)
