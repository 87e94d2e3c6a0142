"""Region-scale workspaces for the benchmarks: N kindergartens with a year of realistic data.

The region grows the way a coordinator grows it: new organisations are typed into the master's
«Ұйымдар» sheet, then ``baulu provision DIR`` creates each one's workbook, and the demo data's
generator (``macros.demo_data.fill_kindergarten``) fills it as a project lead would (about 200
monitoring rows, posts, plan, contests, environment). The five pilot kindergartens keep their
planted mistakes.

    .venv/bin/python benchmarks/region.py DIR --n 300

Building 300 takes minutes; :func:`region` keeps each size built under ``benchmarks/.cache`` and
grows a larger one from the largest smaller one (the region only ever gets rows added).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import string
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import openpyxl
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from macros.cli import main as baulu
from macros.demo_data import fill_kindergarten, fill_workspace
from macros.init import init_workspace
from schemas.seed import ORGANISATIONS, Organisation
from schemas.sheets import ORGANISATIONS as ORGANISATIONS_SHEET
from schemas.vocabulary import OWNERSHIP
from sync.master import MasterFile, read_master
from sync.provision_local import organisation
from sync.workspace import load_workspace
from workbook.reader import find_sheet
from workbook.save import save_atomic

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 2026

_NAMES = ("Ақбота", "Балауса", "Гүлдер", "Еркетай", "Жұлдыз", "Қуаныш", "Нұрбала", "Самал", "Тамшы",
          "Шапағат", "Арай", "Бөбек", "Дана", "Ертегі", "Күншуақ", "Мөлдір", "Сәуле", "Үміт")
_STREETS = ("Абай даңғылы", "Достық көшесі", "Сырым Датұлы көшесі", "Құрманғазы көшесі", "Жангир хан көшесі",
            "Евразия даңғылы", "Мөңкеұлы көшесі", "Ихсанов көшесі")
_PEOPLE = ("Ахметова Гүлнар Серікқызы", "Жұмабаева Айгүл Маратқызы", "Сейітова Динара Қайратқызы",
           "Иванова Ольга Петровна", "Нұрланова Сәуле Бекқызы", "Қасымова Әсел Ерланқызы")


def new_codes(n: int) -> list[str]:
    """Codes for the organisations beyond the five of the pilot: numbers from 100 up, as Oral's are."""
    return [str(100 + i) for i in range(max(0, n - len(ORGANISATIONS)))]


def _typed_row(code: str, no: int, rng: random.Random) -> dict[str, object]:
    """One «Ұйымдар» row as the coordinator types it: labels, phones as written, no sheet path."""
    name = rng.choice(_NAMES)
    state = rng.random() < 0.7
    short = f"№{code} «{name}» бөбекжайы МКҚК" if state else f"«{name}-{code}» жеке бөбекжайы"
    head, lead = rng.choice(_PEOPLE), rng.choice(_PEOPLE)
    return {
        "code": code, "no": no, "short_name": short, "full_name": short,
        "ownership": OWNERSHIP[0 if state else 1].kk,
        "address": f"{rng.choice(_STREETS)}, {rng.randint(1, 150)}",
        "head": head, "head_phone": f"8705{rng.randint(1_000_000, 9_999_999)}",
        "lead": lead, "lead_phone": f"8711{rng.randint(2_000_000, 2_999_999)}",
    }


def type_organisations(root: Path, codes: Sequence[str], *, seed: int = SEED) -> None:
    """Add rows to the master's «Ұйымдар» below the last one, and stretch its Excel table over them."""
    ws_path = load_workspace(root).master
    wb = openpyxl.load_workbook(ws_path)
    sheet = find_sheet(wb, ORGANISATIONS_SHEET)
    assert sheet is not None, "the master has no «Ұйымдар» sheet"
    headers = {str(c.value): c.column for c in sheet[1] if c.value is not None}
    columns = {col.key: headers[col.kk] for col in ORGANISATIONS_SHEET.columns if col.kk in headers}
    code_col = columns["code"]
    last = max(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, code_col).value is not None)
    for i, code in enumerate(codes):
        row = _typed_row(code, last + i, random.Random(f"{seed}:org:{code}"))
        for key, value in row.items():
            sheet.cell(row=last + 1 + i, column=columns[key], value=value)  # type: ignore[arg-type]
    end = last + len(codes)
    for table in sheet.tables.values():
        first, stop = table.ref.split(":")
        if int(stop.lstrip(string.ascii_uppercase)) < end:
            table.ref = f"{first}:{stop.rstrip(string.digits)}{end}"
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
    save_atomic(wb, ws_path)


def _fill_one(path: Path, org: Organisation, seed: int) -> None:
    wb = openpyxl.load_workbook(path)
    fill_kindergarten(wb, org, random.Random(f"{seed}:{org.code}"))
    save_atomic(wb, path)


def fill_new(root: Path, codes: Sequence[str], *, seed: int = SEED) -> None:
    """A year of data in each new kindergarten's workbook, from the demo data's generator (the
    workbooks are independent: filled by as many processes as there are cores)."""
    ws = load_workspace(root)
    master = read_master(ws, MasterFile.of(ws))
    records = {str(r["code"]): r for r in master.records("organisations") if r.get("code") is not None}
    jobs = [(ws.resolve(master.locations[code]), organisation(records[code], 0)) for code in codes]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for done in [pool.submit(_fill_one, path, org, seed) for path, org in jobs]:
            done.result()


def grow(root: Path, n: int, *, seed: int = SEED) -> None:
    """Grow the workspace at ``root`` (made by :func:`build` for a smaller N) to ``n`` kindergartens."""
    have = len(read_master(load_workspace(root), MasterFile.of(load_workspace(root))).locations)
    codes = new_codes(n)[max(0, have - len(ORGANISATIONS)):]
    if not codes:
        return
    type_organisations(root, codes, seed=seed)
    with contextlib.redirect_stdout(io.StringIO()):
        code = baulu(["provision", str(root)])
    if code != 0:
        raise RuntimeError(f"baulu provision {root} failed")
    fill_new(root, codes, seed=seed)


def build(root: Path, n: int, *, seed: int = SEED) -> None:
    """A fresh workspace of ``n`` kindergartens (the five of the pilot first), not yet synced."""
    if root.exists():
        shutil.rmtree(root)
    init_workspace(root)
    fill_workspace(root, seed=seed)
    grow(root, n, seed=seed)


def region(n: int, *, seed: int = SEED, cache: Path = CACHE, log: Console | None = None) -> Path:
    """A built (never synced) workspace of ``n`` kindergartens, from the cache when it is there."""
    target = cache / f"region-{n}-{seed}"
    if (target / ".complete").exists():
        return target
    smaller = sorted((int(p.name.split("-")[1]), p) for p in cache.glob(f"region-*-{seed}")
                     if (p / ".complete").exists() and int(p.name.split("-")[1]) < n)
    work = cache / f".building-{n}-{seed}"
    if work.exists():
        shutil.rmtree(work)
    (log or Console(file=io.StringIO())).print(f"building a region of {n} kindergartens in {target} …")
    if smaller:
        shutil.copytree(smaller[-1][1], work)
        (work / ".complete").unlink()
        grow(work, n, seed=seed)
    else:
        build(work, n, seed=seed)
    (work / ".complete").write_text(str(n), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    work.rename(target)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    shutil.copytree(region(args.n, seed=args.seed, log=Console(stderr=True)), args.dir)
    (args.dir / ".complete").unlink()
    print(args.dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
