"""Region-scale speed, one table, one run: every measure with its target and the measured ratio.

    make bench                       # N = 300 kindergartens (BAULU_BENCH_N, or --n)
    BAULU_BENCH_N=20 make bench      # a quick run

Every time is wall-clock ``time.perf_counter`` around an in-process call, for each side alike
(no tracer, no profiler); peak memory is measured in a separate process (its peak RSS), so it
slows no timed run. The time ratios are measured three times (``--repeats``), each time the two
sides one after the other on a fresh copy, and the median of each ratio taken: on this shared
machine the same round can take 40 % longer from one minute to the next, and a side measured at
another moment than its pair measures the machine.
Workspaces come from ``benchmarks/region.py`` (cached in benchmarks/.cache) and are copied fresh
for each measure. Exit 0 when every target is met.

Both sides run openpyxl as every ``baulu`` command does (its lxml path off, see macros/__init__.py);
imported before ``macros`` it took lxml, so the floor and the sync ran a configuration no command
runs. The floor on lxml is measured too, in its own process, and shown beside the first sync.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import macros  # noqa: F401, I001  (first: openpyxl configured as every baulu command has it, OPENPYXL_LXML)
import openpyxl
from python_calamine import CalamineWorkbook
from rich.console import Console

from benchmarks.region import region
from macros.sync_cmd import sync_once
from schemas.rows import find_tab, table_from_rows
from schemas.sheets import MONITORING, consolidated_spec, kindergarten_sheets
from schemas.validate import validate_table
from sync.master import MasterFile, read_master
from sync.store import Store
from sync.workspace import load_workspace

MONITORING_ROWS = 60_000
MIB = 2**20


@dataclass
class Measure:
    what: str
    value: str
    ratio: float
    target: float
    note: str = ""

    @property
    def met(self) -> bool:
        return self.ratio <= self.target


def _quiet() -> Console:
    return Console(file=io.StringIO())


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
CLOCK = "wall"
"""``--clock cpu``: this process's CPU time instead of wall-clock, for a machine shared with other
work (the wall-clock of a loaded machine measures the load; on a quiet machine the two are close,
the few fsyncs of a save aside)."""


def timed(action: Callable[[], object]) -> float:
    clock = CLOCKS[CLOCK]
    gc.collect()
    start = clock()
    action()
    return clock() - start


def sync(root: Path) -> float:
    return timed(lambda: sync_once(root))


def fresh(source: Path, into: Path) -> Path:
    if into.exists():
        shutil.rmtree(into)
    shutil.copytree(source, into)
    return into


# --------------------------------------------------------------------------- the floor


def floor(root: Path) -> float:
    """Read every kindergarten workbook's values with python-calamine, then write the consolidated
    rows (every non-blank row under its header) with openpyxl's write-only mode."""
    ws = load_workspace(root)
    specs = kindergarten_sheets()
    out = Path(tempfile.mkdtemp(prefix="baulu-floor-")) / "floor.xlsx"

    def run() -> None:
        gathered: dict[str, list[list[object]]] = {s.key: [] for s in specs}
        for path in sorted(ws.kindergartens.glob("*.xlsx")):
            book = CalamineWorkbook.from_path(str(path))
            for spec in specs:
                title = find_tab({name: [] for name in book.sheet_names}, spec)
                if title is None:
                    continue
                rows = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
                gathered[spec.key].extend([*r, path.stem] for r in rows[1:] if any(v != "" for v in r))
        wb = openpyxl.Workbook(write_only=True)
        for spec in specs:
            sheet = wb.create_sheet(consolidated_spec(spec).kk)
            sheet.append([c.kk for c in spec.columns] + ["Ұйым"])
            for row in gathered[spec.key]:
                sheet.append(row)
        wb.save(out)

    try:
        return timed(run)
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


# --------------------------------------------------------------------------- the other measures


def change_one_cell(root: Path) -> None:
    """A project lead changes one cell: the children count of the first contest, in one workbook."""
    path = sorted(load_workspace(root).kindergartens.glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(path)
    sheet = next(s for s in wb.worksheets if s.title == "Байқаулар")
    cell = sheet["F2"]
    cell.value = (cell.value if isinstance(cell.value, int) else 0) + 1
    wb.save(path)


def monitoring_table(root: Path) -> tuple[object, object]:
    """The region's monitoring rows as one consolidated table (what the master's monitoring sheet
    holds), and the master's context: every kindergarten's own rows, each child code in its own
    kindergarten's format, the «Ұйым» column naming the kindergarten; cut to 60,000 rows."""
    import pandas as pd

    from schemas.rows import column_letter
    from schemas.table import Table

    ws = load_workspace(root)
    master = read_master(ws, MasterFile.of(ws))
    spec = consolidated_spec(MONITORING)
    frames: list[pd.DataFrame] = []
    for org, location in sorted(master.locations.items()):
        book = CalamineWorkbook.from_path(str(ws.resolve(location)))
        title = find_tab({name: [] for name in book.sheet_names}, MONITORING)
        if title is None:
            continue
        data = book.get_sheet_by_name(title).to_python()
        rows = [[None if v == "" else v for v in r] for r in data]
        one, _ = table_from_rows(rows, MONITORING, org=org, title=title)
        frame = one.frame.copy()
        frame.insert(0, "org", org)
        frames.append(frame)
        if sum(map(len, frames)) >= MONITORING_ROWS:
            break
    frame = pd.concat(frames).iloc[:MONITORING_ROWS].astype(object)
    frame = frame.where(frame.notna(), None)
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    letters = {str(key): column_letter(i) for i, key in enumerate(frame.columns, start=1)}
    table = Table(spec, "", spec.kk, frame, letters, {c.key: c.kk for c in spec.columns}, 1)
    return table, master.context


def validation(root: Path) -> tuple[float, int]:
    """Seconds to validate the region's monitoring table, and its rows."""
    table, context = monitoring_table(root)
    return timed(lambda: validate_table(table, context)), table.rows  # type: ignore[arg-type,attr-defined]


def snapshot_cells(root: Path) -> tuple[int, int]:
    """Cells stored in the latest snapshots, and cells inside what each tab's typed values span."""
    stored = typed = 0
    with Store.for_workspace(root) as store:
        for org in store.orgs():
            snapshot = store.latest(org)
            assert snapshot is not None
            for rows in snapshot.tabs.values():
                stored += sum(len(r) for r in rows)
                filled = [i for i, r in enumerate(rows) if any(v is not None and v != "" for v in r)]
                if filled:
                    width = max(max((j for j, v in enumerate(r) if v is not None and v != ""), default=-1) + 1
                                for r in rows)
                    typed += (filled[-1] + 1) * width
    return stored, typed


def peak_memory(root: Path) -> float:
    """The first sync's peak memory, MiB, measured in its own process."""
    code = (
        "import io, json, sys, tracemalloc\n"
        "from pathlib import Path\n"
        "from rich.console import Console\n"
        "from macros.sync_cmd import sync_once\n"
        "sync_once(Path(sys.argv[1]))\n"
        "try:\n"
        "    import resource\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "except ImportError:  # Windows: the peak working set\n"
        "    import ctypes, ctypes.wintypes\n"
        "    class C(ctypes.Structure):\n"
        "        _fields_ = [('cb', ctypes.wintypes.DWORD), ('PageFaultCount', ctypes.wintypes.DWORD),\n"
        "                    ('PeakWorkingSetSize', ctypes.c_size_t)]\n"
        "    c = C(); c.cb = ctypes.sizeof(C)\n"
        "    ctypes.windll.psapi.GetProcessMemoryInfo(ctypes.windll.kernel32.GetCurrentProcess(),\n"
        "                                             ctypes.byref(c), ctypes.sizeof(C))\n"
        "    peak = c.PeakWorkingSetSize\n"
        "print(json.dumps(peak))\n"
    )
    repo = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code, str(root)], cwd=repo, check=True, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(repo)})
    return float(json.loads(out.stdout.strip().splitlines()[-1])) / MIB


def floor_with_lxml(root: Path) -> float:
    """The floor in a process of its own with openpyxl's lxml path on (``OPENPYXL_LXML=True``), which
    Baulu does not use: shown beside the floor, so that the ratio's dependence on it is in the table."""
    code = ("import sys\nfrom pathlib import Path\nimport benchmarks.bench_region as b\n"
            f"b.CLOCK = {CLOCK!r}\nprint(b.floor(Path(sys.argv[1])))\n")
    repo = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code, str(root)], cwd=repo, check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(repo), "OPENPYXL_LXML": "True"})
    return float(out.stdout.strip().splitlines()[-1])


def _wall(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def help_time() -> float:
    """`baulu --help` as a person or the ribbon starts it: a new process (median of five)."""
    baulu = Path(sys.executable).with_name("baulu.exe" if os.name == "nt" else "baulu")
    times = sorted(_wall(lambda: subprocess.run([str(baulu), "--help"], check=True, capture_output=True))
                   for _ in range(5))
    return times[2]


def growth_sizes(n: int) -> list[int]:
    return sorted({s for s in (5, 50, 150, 300) if s < n} | {n})


# --------------------------------------------------------------------------- the run


def spread(values: list[float]) -> str:
    """The runs a median was taken of, as the table shows them."""
    return "" if len(values) < 2 else f"median of {', '.join(f'{v:.3f}' if v < 1 else f'{v:.2f}' for v in values)}"


def run(n: int, work: Path, log: Console, repeats: int = 3) -> list[Measure]:
    """``repeats``: how many times the time ratios are measured, each time one after the other on a
    fresh copy — the floor, the first sync, a sync with nothing changed, one with one kindergarten
    changed — so that the two sides of each ratio meet the same machine; the median of each ratio
    (and of each time) is taken."""
    sizes = growth_sizes(n)
    built = {size: region(size, log=log) for size in sizes}
    measures: list[Measure] = []
    main = fresh(built[n], work / "main")

    floors: list[float] = []
    firsts: list[float] = []
    unchanged_runs: list[float] = []
    ones: list[float] = []
    for i in range(repeats):
        log.print(f"{i + 1} of {repeats}: floor, first sync, nothing changed, one kindergarten changed at N = {n} …")
        root = main if i == 0 else fresh(built[n], work / "again")
        floors.append(floor(root))
        firsts.append(sync(root))
        unchanged_runs.append(sync(root))
        change_one_cell(root)
        ones.append(sync(root))
        if root != main:
            shutil.rmtree(root)
    first_ratios = [f / fl for f, fl in zip(firsts, floors, strict=True)]
    unchanged_ratios = [u / f for u, f in zip(unchanged_runs, firsts, strict=True)]
    one_ratios = [o / f for o, f in zip(ones, firsts, strict=True)]
    floor_s, first, unchanged, one = map(statistics.median, (floors, firsts, unchanged_runs, ones))
    stored, typed = snapshot_cells(main)
    store_bytes = (main / ".baulu" / "store.sqlite").stat().st_size

    per_kg: dict[int, float] = {n: first / n}
    for size in sizes:
        if size == n:
            continue
        log.print(f"first sync at N = {size} …")
        per_kg[size] = sync(fresh(built[size], work / f"grow-{size}")) / size
    log.print("validation of the region's monitoring rows …")
    valid, valid_rows = validation(main)
    start = help_time()
    log.print("floor with openpyxl's lxml path …")
    lxml_floor = floor_with_lxml(main)
    log.print("peak memory (a first sync in its own process) …")
    memory = peak_memory(fresh(built[n], work / "memory"))

    measures += [
        Measure("floor: calamine read + openpyxl write-only", f"{floor_s:.2f} s", 0.0, 0.0,
                f"the unit; {spread(floors)}"),
        Measure(f"first sync, N = {n}", f"{first:.2f} s", statistics.median(first_ratios), 2.0,
                f"× the floor, {spread(first_ratios)}; × {first / lxml_floor:.2f} the floor on lxml "
                f"({lxml_floor:.2f} s); times {spread(firsts)}"),
        Measure("sync, nothing changed", f"{unchanged:.2f} s", statistics.median(unchanged_ratios), 0.05,
                f"× the first sync, {spread(unchanged_ratios)}; times {spread(unchanged_runs)}"),
        Measure("sync, one kindergarten changed", f"{one:.2f} s", statistics.median(one_ratios), 0.15,
                f"× the first sync, {spread(one_ratios)}; times {spread(ones)}"),
        Measure(f"validation, {valid_rows:,} monitoring rows", f"{valid:.2f} s", valid / 1.0, 1.0,
                f"× 1 s; {n} kindergartens' own rows, one table"),
        Measure("snapshot cells stored / typed", f"{stored:,} / {typed:,}", stored / typed, 1.0,
                f"store {store_bytes / MIB:.1f} MiB"),
        Measure("baulu --help", f"{start:.3f} s", start / 0.3, 1.0, "× 0.3 s, a new process"),
        Measure("peak memory, first sync", f"{memory:.0f} MiB", memory / 1024, 1.0, "× 1 GiB"),
    ]
    small = sizes[1] if len(sizes) > 1 else n
    growth = per_kg[n] / per_kg[small]
    steps = ", ".join(f"{size}: {per_kg[size]:.3f}" for size in sizes)
    measures.append(Measure(f"growth: s per kindergarten at N = {n} / at N = {small}", steps, growth, 1.2,
                            "linear: the cost of one does not rise"))
    return measures


def print_table(console: Console, n: int, measures: list[Measure]) -> None:
    from rich.table import Table

    table = Table("measure", "measured", "ratio", "target", "", "note", title=f"Baulu at N = {n} kindergartens ({CLOCK} time)")
    for m in measures:
        if m.target == 0.0:
            table.add_row(m.what, m.value, "—", "—", "", m.note)
            continue
        table.add_row(m.what, m.value, f"{m.ratio:.3f}", f"≤ {m.target:g}", "met" if m.met else "NOT MET", m.note)
    console.print(table)


def main() -> int:
    parser = argparse.ArgumentParser(description="Baulu region-scale benchmark")
    parser.add_argument("--n", type=int, default=int(os.environ.get("BAULU_BENCH_N", "300")))
    parser.add_argument("--json", type=Path, help="also write the measures here")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default=os.environ.get("BAULU_BENCH_CLOCK", "wall"))
    parser.add_argument("--repeats", type=int, default=int(os.environ.get("BAULU_BENCH_REPEATS", "3")),
                        help="times the time ratios are measured, each side beside its pair; the medians are taken")
    args = parser.parse_args()
    global CLOCK
    CLOCK = args.clock
    console = Console(width=160)
    with tempfile.TemporaryDirectory(prefix="baulu-bench-") as tmp:
        measures = run(args.n, Path(tmp), Console(stderr=True), repeats=max(1, args.repeats))
    print_table(console, args.n, measures)
    if args.json:
        args.json.write_text(json.dumps([vars(m) for m in measures], ensure_ascii=False, indent=1), "utf-8")
    missed = [m.what for m in measures if m.target and not m.met]
    console.print("every target met" if not missed else f"not met: {'; '.join(missed)}")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
