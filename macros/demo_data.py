"""Sample data for a fresh workspace: a realistic pilot year 2026, plus the mistakes a real
project lead makes, each planted where validation must find it.

Values are written as a project lead types them: Kazakh labels in dropdown columns, real dates,
whole numbers, https links. Every column is found by its header, never by position.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from schemas import catalogue
from schemas.catalogue import Rule
from schemas.coerce import coerce
from schemas.headers import match_headers
from schemas.rows import HEADER_SCAN_ROWS, column_index, header_row
from schemas.seed import CONTESTS, ORGANISATIONS, Organisation, preschool_items
from schemas.sheets import CONTEST_RESULTS, ENVIRONMENT, MONITORING, PLAN_STATUS, POSTS, SheetSpec
from schemas.vocabulary import DIRECTIONS, GROUP_KINDS, NETWORKS, PERIODS, SEXES, STATUSES, YES_NO, Term, term
from sync.workspace import load_workspace
from workbook.reader import find_sheet
from workbook.save import save_atomic

YEAR = 2026


@dataclass(frozen=True)
class Mistake:
    org: str
    sheet: str  # the spec key, e.g. "monitoring"
    rule: Rule
    cell: str  # A1 in the kindergarten file
    what: str  # one line in English describing it, for tests and developers


class _Tab:
    """One kindergarten tab, addressed by column key and sheet row."""

    def __init__(self, wb: Workbook, spec: SheetSpec) -> None:
        ws = find_sheet(wb, spec)
        if ws is None:
            raise KeyError(f"no sheet for {spec.key!r}")
        self.ws, self.spec = ws, spec
        rows = [list(r) for r in ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)]
        self.top = header_row(rows, spec)
        cells: list[tuple[str, object]] = [(get_column_letter(i), v) for i, v in enumerate(rows[self.top - 1], start=1)]
        found = match_headers(spec, cells, org="", sheet=ws.title, header_row=self.top).letters
        self.cols = {key: column_index(letter) for key, letter in found.items()}
        self.end = max((int(t.ref.split(":")[1].lstrip(string.ascii_uppercase)) for t in ws.tables.values()),
                       default=self.top + 1)

    def cell(self, key: str, row: int) -> str:
        return f"{get_column_letter(self.cols[key])}{row}"

    def get(self, row: int, key: str) -> object:
        return self.ws.cell(row=row, column=self.cols[key]).value

    def set(self, row: int, key: str, value: object) -> None:
        cell = self.ws.cell(row=row, column=self.cols[key])
        if row > self.end:  # below the Excel table: take the look of its first row
            first = self.ws.cell(row=self.top + 1, column=self.cols[key])
            cell.number_format = first.number_format
            cell.alignment = Alignment(vertical=first.alignment.vertical, wrap_text=first.alignment.wrap_text)
        cell.value = value  # type: ignore[assignment]

    def row_of(self, key: str, value: str) -> int:
        """The row whose ``key`` cell holds ``value`` (a canonical key; labels in any language match)."""
        column = self.spec.column(key)
        for row in range(self.top + 1, self.ws.max_row + 1):
            if coerce(column, self.get(row, key))[0] == value:
                return row
        raise KeyError(f"{self.spec.key}: no row with {key}={value!r}")

    def rows_where(self, **wanted: str) -> list[int]:
        return [r for r in range(self.top + 1, self.ws.max_row + 1)
                if all(self.get(r, k) == v for k, v in wanted.items())]

    def append(self, records: list[dict[str, object]]) -> None:
        """Write records from the first data row down and stretch the Excel table over them."""
        for row, record in enumerate(records, start=self.top + 1):
            for key, value in record.items():
                self.set(row, key, value)
        for table in self.ws.tables.values():
            first, last = table.ref.split(":")
            end = max(int(last.lstrip(string.ascii_uppercase)), self.top + len(records))
            table.ref = f"{first}:{last.rstrip(string.digits)}{end}"
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref


def _kk(vocabulary: tuple[Term, ...], key: str) -> str:
    return term(vocabulary, key).kk


def _slug(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


_HANDLES = {"47": "baiterek47_oral", "34": "balbulak34", "37": "zhuldyzai37", "ailin1": "ailin1_oral",
            "ayana": "ayana_balabakshasy"}


def _link(network: str, org: Organisation, rng: random.Random) -> str:
    handle = _HANDLES.get(org.code, f"mdu_{org.code}")
    if network == "facebook":
        return f"https://www.facebook.com/{handle}/posts/{rng.randrange(10**15, 10**16)}"
    if network == "telegram":
        return f"https://t.me/{handle}/{rng.randint(20, 900)}"
    if network == "tiktok":
        return f"https://www.tiktok.com/@{handle}/video/{rng.randrange(7 * 10**18, 8 * 10**18)}"
    return f"https://www.instagram.com/p/{_slug(rng, 11)}/"


def _date(rng: random.Random, month: int, first: int = 2, last: int = 27) -> dt.date:
    return dt.date(YEAR, month, rng.randint(first, last))


_ONGOING = {
    "3.1": "Жоба жоспар бойынша жүргізілуде", "3.2": "Шеберханалар мен бұрыштар толықтырылуда",
    "3.3": "Ұйымдастырылған іс-әрекетке енгізілді", "3.4": "Ата-аналар жиналысы, ашық есік күндері",
    "3.5": "Instagram, Telegram парақшаларында жариялымдар", "3.13": "Жылыжайда көшет өсіру жалғасуда",
}
_SETUP = {
    "jewellery": "Моншақтар, сым, ою үлгілері, зергер құралдарының муляждары",
    "cooking": "Балалар алжапқыштары мен қалпақтары, қауіпсіз ас үй құралдары",
    "handicraft": "Киіз, жүн, ою-өрнек трафареттері, балалар қайшылары",
    "construction": "Құрылыс конструкторлары, каскалар, жұмсақ модульдер",
    "engineering": "Робототехника жинағы, лупалар, магниттер, тәжірибе құралдары",
    "tailoring": "Маталар, түймелер, ойыншық тігін машинасы, манекен",
    "professions": "Мамандықтар туралы дидактикалық ойындар, рөлдік ойын киімдері",
    "greenhouse": "Терезе алдындағы жылыжай, көшеттер, су сепкіштер, бақша құралдары",
}
_GROUP_NAMES = ("Балапан", "Күншуақ", "Айгөлек", "Ботақан", "Жұлдызша", "Бәйшешек", "Қарлығаш", "Балдырған")
_POST_NOTES = ("Шеберханадағы сабақ", "Ата-аналармен бірлескен іс-шара", "Байқау нәтижелері",
               "Мамандықтар апталығы", "Экскурсия", "Ашық оқу қызметі")


def _monitoring(tab: _Tab, org: Organisation, rng: random.Random) -> list[str]:
    """One experimental and one control group assessed five times; returns the child codes.

    Both groups start alike; over the year the experimental group gains about 0.7 of a level on
    average and the control group about 0.2, child by child unevenly, so the comparison has a
    clear but plausible story (not every experimental child above every control child)."""
    indicators = [c.key for c in tab.spec.columns if c.type == "level"]
    age = rng.choice(("ересек топ (4–5)", "мектепалды даярлық тобы (5–6)"))
    names = rng.sample(_GROUP_NAMES, 2)
    children: list[tuple[str, str, str, str, dict[str, float], float]] = []
    for (kind, letter, gain), name in zip((("experimental", "Э", 0.18), ("control", "Б", 0.05)), names,
                                          strict=True):
        for i in range(1, rng.randint(15, 25) + 1):
            base = {k: rng.gauss(1.5, 0.4) for k in indicators}
            children.append((f"{org.code}-{letter}-{i:02d}", _kk(GROUP_KINDS, kind), name,
                             _kk(SEXES, rng.choice("mf")), base, gain * rng.uniform(0.3, 1.7)))
    records: list[dict[str, object]] = []
    for quarter, period in enumerate(PERIODS):
        for code, kind, name, sex, base, gain in children:
            record: dict[str, object] = {"child_code": code, "group_kind": kind, "group_name": name,
                                         "age_group": age, "sex": sex, "period": period.kk}
            for k in indicators:
                record[k] = min(3, max(1, round(base[k] + gain * quarter + rng.gauss(0, 0.3))))
            records.append(record)
    tab.append(records)
    return [c[0] for c in children]


# The story the demo tells (as of late November 2026): who is behind on what.
NOT_HELD: dict[str, frozenset[str]] = {
    "ailin1": frozenset({"C5"}),  # September's contest never held: Q3 incomplete, plan item 3.10 overdue
    "ayana": frozenset({"C7"}),  # November's contest not held yet: Q4 still being filled
}
QUIET_QUARTERS: dict[str, frozenset[int]] = {"37": frozenset({3})}  # no posts in Q3: Q3 incomplete
LAST_POST = dt.date(YEAR, 11, 25)


def fill_kindergarten(wb: Workbook, org: Organisation, rng: random.Random) -> None:
    """Clean, realistic data for the whole pilot year on every data tab of ``org``'s workbook."""
    children = _monitoring(_Tab(wb, MONITORING), org, rng)

    contests, held = _Tab(wb, CONTEST_RESULTS), {}
    for c in CONTESTS:
        if c.code in NOT_HELD.get(org.code, frozenset()):
            continue
        row, day = contests.row_of("contest", c.code), _date(rng, c.month or 5)
        link = _link("instagram", org, rng)
        held[c.plan_item] = (day, link)
        for key, value in {"date_held": day, "children": rng.randint(12, 40), "parents": rng.randint(5, 30),
                           "teachers": rng.randint(2, 6), "evidence": link,
                           "winners": ", ".join(sorted(rng.sample(children, rng.randint(1, 3))))}.items():
            contests.set(row, key, value)

    plan = _Tab(wb, PLAN_STATUS)
    for item in preschool_items():
        row = plan.row_of("item_id", item.item_id)
        if item.item_id in held and item.deadline_month is not None and item.deadline_month <= 11:
            day, link = held[item.item_id]
            plan.set(row, "status", _kk(STATUSES, "done"))
            plan.set(row, "date_done", day)
            plan.set(row, "evidence", link)
        else:
            plan.set(row, "status", _kk(STATUSES, "in_progress"))
            plan.set(row, "comment", _ONGOING.get(item.item_id, "Жұмыс жалғасуда"))

    posts: list[dict[str, object]] = []
    days = []
    for quarter in range(1, 5):  # a few posts every quarter, unless the story says otherwise
        if quarter in QUIET_QUARTERS.get(org.code, frozenset()):
            continue
        first = dt.date(YEAR, 3 * quarter - 2, 5)
        last = min(dt.date(YEAR, 3 * quarter, 28), LAST_POST)
        days += [first + dt.timedelta(days=rng.randint(0, (last - first).days)) for _ in range(rng.randint(3, 6))]
    for day in sorted(days):
        network = rng.choices(("instagram", "facebook", "telegram", "tiktok"), weights=(5, 2, 2, 1))[0]
        posts.append({"date": day, "network": _kk(NETWORKS, network), "link": _link(network, org, rng),
                      "direction": rng.choice(DIRECTIONS).kk, "comment": rng.choice(_POST_NOTES)})
    _Tab(wb, POSTS).append(posts)

    env = _Tab(wb, ENVIRONMENT)
    missing = set(rng.sample(("jewellery", "engineering", "tailoring"), rng.randint(1, 2)))
    for direction in DIRECTIONS:
        row = env.row_of("direction", direction.key)
        if direction.key in missing:
            env.set(row, "ready", _kk(YES_NO, "no"))
            env.set(row, "description", "Жабдықтау жоспарлануда")
        else:
            env.set(row, "ready", _kk(YES_NO, "yes"))
            env.set(row, "since", _date(rng, rng.randint(1, 4)))
            env.set(row, "description", _SETUP[direction.key])


# --------------------------------------------------------------------------- planted mistakes

Planter = Callable[[Workbook, Organisation, random.Random], Mistake]


def _contest_wrong_month(wb: Workbook, org: Organisation, rng: random.Random) -> Mistake:
    tab = _Tab(wb, CONTEST_RESULTS)
    row, day = tab.row_of("contest", "C3"), _date(rng, 7, 1, 10)
    tab.set(row, "date_held", day)
    return Mistake(org.code, tab.spec.key, catalogue.CONTEST_MONTH, tab.cell("date_held", row),
                   f"C3 (a June contest) dated {day:%d.%m.%Y}")


def _duplicate_child(wb: Workbook, org: Organisation, rng: random.Random) -> Mistake:
    tab = _Tab(wb, MONITORING)
    rows = tab.rows_where(period=term(PERIODS, "Q2").kk, group_kind=_kk(GROUP_KINDS, "experimental"))
    first, second = rows[rng.randint(0, 3)], rows[rng.randint(5, 10)]
    for key in ("child_code", "sex"):
        tab.set(second, key, tab.get(first, key))
    return Mistake(org.code, tab.spec.key, catalogue.CHILD_DUPLICATE, tab.cell("child_code", second),
                   f"{tab.get(first, 'child_code')} typed twice in Q2 (rows {first} and {second})")


def _child_name(wb: Workbook, org: Organisation, rng: random.Random) -> Mistake:
    tab = _Tab(wb, MONITORING)
    rows = tab.rows_where(period=term(PERIODS, "Q3").kk, group_kind=_kk(GROUP_KINDS, "control"),
                          sex=_kk(SEXES, "f"))
    row = rng.choice(rows)
    tab.set(row, "child_code", "Сейітқали Аружан")
    return Mistake(org.code, tab.spec.key, catalogue.CHILD_NAME, tab.cell("child_code", row),
                   "a child's full name typed instead of her code in Q3")


def _level_four(wb: Workbook, org: Organisation, rng: random.Random) -> Mistake:
    tab = _Tab(wb, MONITORING)
    row = rng.choice(tab.rows_where(period=term(PERIODS, "Q4").kk))
    tab.set(row, "K3", 4)
    return Mistake(org.code, tab.spec.key, catalogue.VALUE_LEVEL, tab.cell("K3", row),
                   f"level 4 for {tab.get(row, 'child_code')} on K3 in Q4 (levels are 1–3)")


def _negative_count(wb: Workbook, org: Organisation, rng: random.Random) -> Mistake:
    tab = _Tab(wb, CONTEST_RESULTS)
    row = tab.row_of("contest", "C2")
    tab.set(row, "parents", -rng.randint(5, 15))
    return Mistake(org.code, tab.spec.key, catalogue.VALUE_NEGATIVE, tab.cell("parents", row),
                   f"C2 parents typed as {tab.get(row, 'parents')}")


def _done_without_evidence(wb: Workbook, org: Organisation, rng: random.Random) -> Mistake:
    tab = _Tab(wb, PLAN_STATUS)
    row = tab.row_of("item_id", "3.11")
    tab.set(row, "evidence", None)
    return Mistake(org.code, tab.spec.key, catalogue.PLAN_DONE_WITHOUT_EVIDENCE, tab.cell("evidence", row),
                   "plan item 3.11 marked done with a date but no evidence link")


def _renamed_header(wb: Workbook, org: Organisation, rng: random.Random) -> Mistake:
    tab = _Tab(wb, POSTS)
    header, new = tab.ws.cell(row=tab.top, column=tab.cols["comment"]), "Ескертпе"
    old, header.value = header.value, new
    for table in tab.ws.tables.values():  # Excel renames the table's column with its header
        for column in table.tableColumns:
            if column.name == old:
                column.name = new
    return Mistake(org.code, tab.spec.key, catalogue.HEADER_RENAMED, header.coordinate,
                   f"posts' «{old}» header renamed to «{new}»")


PLANTED: tuple[tuple[str, Planter], ...] = (
    ("34", _contest_wrong_month), ("47", _duplicate_child), ("ailin1", _child_name), ("37", _level_four),
    ("ayana", _negative_count), ("34", _done_without_evidence), ("ailin1", _renamed_header),
)


def fill_workspace(root: Path, *, seed: int = 2026) -> list[Mistake]:
    """Fill every kindergarten file of a fresh workspace; returns the mistakes planted in them."""
    mistakes: list[Mistake] = []
    workspace = load_workspace(Path(root))
    for org in ORGANISATIONS:
        path = workspace.kindergartens / f"{org.code}.xlsx"
        rng = random.Random(f"{seed}:{org.code}")
        wb = openpyxl.load_workbook(path)
        fill_kindergarten(wb, org, rng)
        mistakes += [plant(wb, org, rng) for code, plant in PLANTED if code == org.code]
        save_atomic(wb, path)
    return mistakes

