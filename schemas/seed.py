"""The facts of order No. 1218 (29.12.2025): organisations, work plan and contests.

The master workbook is seeded from these; afterwards the master is the source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass

PILOT_YEAR = 2026
_STATE_PREFIX = (
    "Батыс Қазақстан облысы әкімдігі білім басқармасының Орал қаласы білім беру бөлімінің "
)


CHILD_LETTERS = "Э/Б"  # a child's code: 47-Э-07 (experimental group), 47-Б-07 (control)


@dataclass(frozen=True)
class Organisation:
    code: str
    no: int
    short_name: str
    full_name: str
    ownership: str  # key in OWNERSHIP
    address: str
    head: str
    head_phone: str
    lead: str
    lead_phone: str
    child_prefix: str = ""  # how its child codes begin (47 in 47-Э-07); blank: the code
    child_letters: str = CHILD_LETTERS  # the experimental / control group letters


ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation(
        "47", 1, "№47 «Бәйтерек» бөбекжайы МКҚК",
        _STATE_PREFIX + "№47 «Бәйтерек» бөбекжайы МКҚК", "state", "Самал көшесі, 70",
        "Еришова Эльмира Айдынгалиевна", "87056723477",
        "Еришова Эльмира Айдынгалиевна", "87112272444", child_prefix="47",
    ),
    Organisation(
        "34", 2, "№34 «Балбұлақ» бөбекжайы МКҚК",
        _STATE_PREFIX + "№34 «Балбұлақ» бөбекжайы МКҚК", "state", "Астана ш/а 11",
        "Мухатова Айнагул Нурлыбаевна", "87059884330",
        "Мухатова Айнагул Нурлыбаевна", "87112313930", child_prefix="34",
    ),
    Organisation(
        "37", 3, "№37 «Жұлдыз-ай» бөбекжайы МКҚК",
        _STATE_PREFIX + "№37 «Жұлдыз-ай» бөбекжайы МКҚК", "state", "Астана ш/а 13",
        "Айткалиева Асем Максотовна", "87029154707",
        "Айткалиева Асем Максотовна", "87112277359", child_prefix="37",
    ),
    Organisation(
        "ailin1", 4, "«Айлин-1» жеке бөбекжайы, Мендыгазиев ЖК",
        "«Айлин-1» жеке бөбекжайы Мендыгазиев ЖК", "private", "3-й строительный переулок 4/1",
        "Шевер Надежда Викторовна", "87023981607",
        "Шевер Надежда Викторовна", "87017783888 87753704114", child_prefix="ailin1",
    ),
    Organisation(
        "ayana", 5, "«Аяна» жеке МДБМ",
        "«Аяна» жеке мектепке дейінгі білім беру мекемесі", "private", "М.Мөңкеұлы 85/3",
        "Рысбекова Жанна Туякбаевна", "87052304145",
        "Буентаева Менсулу Абилгазиевна", "87769099111", child_prefix="ayana",
    ),
)


@dataclass(frozen=True)
class PlanItem:
    item_id: str  # "<block no>.<item no>", e.g. "3.6"
    block: str  # key in PLAN_BLOCKS
    no: int
    text: str
    deadline_text: str  # as the order writes it
    deadline_kind: str  # key in DEADLINE_KINDS
    deadline_year: int | None
    deadline_month: int | None
    responsible: str
    contest: str | None = None  # contest code for items 3.6–3.13


_BB = "ББ МДжОБДБ"
_EO = "БҚО ЭО МДТжО бөлімі Орал ҚБББ"
_LEAD = "Жоба жетекшісі"


def _item(block_no: int, block: str, no: int, text: str, deadline: str, kind: str,
          year: int | None, month: int | None, resp: str, contest: str | None = None) -> PlanItem:
    return PlanItem(f"{block_no}.{no}", block, no, text, deadline, kind, year, month, resp, contest)


PLAN: tuple[PlanItem, ...] = (
    _item(1, "region", 1, "Пилоттық жобаны іске асыру туралы бұйрық шығару, бекіту",
          "Желтоқсан 2025ж.", "month", 2025, 12, _BB),
    _item(1, "region", 2, "Жобаның жұмыс жоспарын әзірлеу және бекіту",
          "Желтоқсан 2025ж.", "month", 2025, 12, "ББ МДжОБДБ БҚО ЭО"),
    _item(1, "region", 3, "Пилоттық жобаны жүзеге асыру туралы онлайн кіріспе вебинар өткізу",
          "Желтоқсан 2025ж.", "month", 2025, 12, "ББ МДжОБДБ БҚО ЭО"),
    _item(1, "region", 4, "Пилоттық жобаның іске асыру барысын бақылау",
          "үнемі", "ongoing", None, None, _BB),
    _item(1, "region", 5, "Жобаның іске асыру бойынша талдамалық есебін дайындау",
          "Желтоқсан 2026ж.", "month", 2026, 12, _BB),
    _item(2, "centre", 1, "Пилоттық жобаны іске асыру мониторингін жүргізеді және оның қорытындысы "
          "туралы тоқсан сайын Білім басқармасын хабардар ету",
          "Тоқсан сайын", "quarterly", None, None, _EO),
    _item(2, "centre", 2, "Пилоттық жоба бойынша мектепке дейінгі ұйымдарға, пәндік-дамыту ортасын "
          "ұйымдастыруда әдістемелік көмек көрсету", "Үнемі", "ongoing", None, None, _EO),
    _item(2, "centre", 3, "Пилоттық жобаны іске асыру тәуекелдерін анықтай отырып, мектепке дейінгі "
          "ұйымдардың педагогтері үшін вебинарлар мен консультациялар ұйымдастыру",
          "Үнемі", "ongoing", None, None, _EO),
    _item(2, "centre", 4, "«Еңбекке және кәсіпке баулу – болашаққа бағдар» республикалық пилоттық "
          "жоба тәжірибесінен семинар-практикум", "Желтоқсан 2026ж.", "month", 2026, 12, _EO),
    _item(2, "centre", 5, "Пилоттық жоба барысында іс-шаралар ұйымдастыру (байқаулар, жобалар)",
          "БЕДИ-нің іс-қимыл жоспарына сәйкес", "external", None, None, _EO),
    _item(3, "preschool", 1, "Пилоттық жобаны іске асыру", "Үнемі", "ongoing", None, None, _LEAD),
    _item(3, "preschool", 2, "Балалардың жасы мен жеке ерекшеліктерін және жобаның тақырыбын ескере "
          "отырып, қауіпсіз, жайлы дамытушы ортаны қамтамасыз ету",
          "Үнемі", "ongoing", None, None, _LEAD),
    _item(3, "preschool", 3, "Пилоттық жобаның мазмұнын мектепке дейінгі ұйымдардың қызметін "
          "реттейтін санитарлық-эпидемиологиялық талаптар мен нормаларды сақтай отырып, "
          "тәрбиелеу-білім беру процесіне біріктіру", "Үнемі", "ongoing", None, None, _LEAD),
    _item(3, "preschool", 4, "Пилоттық жобаға тарту бойынша ата - аналармен өзара іс-қимылды жүзеге асыру",
          "Үнемі", "ongoing", None, None, _LEAD),
    _item(3, "preschool", 5, "Пилоттық жобаны іске асыру бойынша ақпараттық-түсіндіру жұмыстарын "
          "жүргізу (әлеуметтік желіге жариялымдар жасау)", "Үнемі", "ongoing", None, None, _LEAD),
    _item(3, "preschool", 6, "Зергерлік шеберхана бағыты бойынша «Зергер әке – еңбекқор бала» "
          "отбасылық шығармашылық байқауы", "ақпан", "month", 2026, 2, _LEAD, "C1"),
    _item(3, "preschool", 7, "Аспаздық шеберхана бағыты бойынша «Ұлттық тағамдар – кішкентай аспаздар» "
          "байқауы", "наурыз", "month", 2026, 3, _LEAD, "C2"),
    _item(3, "preschool", 8, "Қолөнер шеберханасы бағыты бойынша «Шебер қолдар» байқауы",
          "маусым", "month", 2026, 6, _LEAD, "C3"),
    _item(3, "preschool", 9, "Құрылыс алаңы бағыты бойынша «Смарт қала (ауыл) – ақылды бала» байқауы",
          "шілде", "month", 2026, 7, _LEAD, "C4"),
    _item(3, "preschool", 10, "Инженерлік зертхана бағыты бойынша «Дарынды жас инженер» байқауы",
          "қыркүйек", "month", 2026, 9, _LEAD, "C5"),
    _item(3, "preschool", 11, "Тігінші шеберханасы бағыты бойынша «Жас дизайнер» байқауы",
          "қазан", "month", 2026, 10, _LEAD, "C6"),
    _item(3, "preschool", 12, "Балаларды ерте жастан еңбекке және мамандыққа баулу бойынша "
          "«Кішкентай кәсіпкер» байқауы", "қараша", "month", 2026, 11, _LEAD, "C7"),
    _item(3, "preschool", 13, "Жылыжай, бау-бақша алаңы бағыты бойынша «Таза орта – таза болашақ» "
          "экологиялық жобасы", "жыл бойы", "all_year", None, None, _LEAD, "C8"),
)


@dataclass(frozen=True)
class Contest:
    code: str
    plan_item: str
    direction: str  # key in DIRECTIONS
    title: str
    month: int | None  # None: all year


CONTESTS: tuple[Contest, ...] = (
    Contest("C1", "3.6", "jewellery", "«Зергер әке – еңбекқор бала»", 2),
    Contest("C2", "3.7", "cooking", "«Ұлттық тағамдар – кішкентай аспаздар»", 3),
    Contest("C3", "3.8", "handicraft", "«Шебер қолдар»", 6),
    Contest("C4", "3.9", "construction", "«Смарт қала (ауыл) – ақылды бала»", 7),
    Contest("C5", "3.10", "engineering", "«Дарынды жас инженер»", 9),
    Contest("C6", "3.11", "tailoring", "«Жас дизайнер»", 10),
    Contest("C7", "3.12", "professions", "«Кішкентай кәсіпкер»", 11),
    Contest("C8", "3.13", "greenhouse", "«Таза орта – таза болашақ»", None),
)


def preschool_items() -> tuple[PlanItem, ...]:
    return tuple(p for p in PLAN if p.block == "preschool")
