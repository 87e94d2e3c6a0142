"""The master workbook in a sync: what it says (organisations, plan, calendar, indicators) and
how the round's results are written into it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import openpyxl

from schemas.errors import BauluError
from schemas.finding import Finding
from schemas.rows import column_letter
from schemas.rules import Context
from schemas.seed import Organisation
from schemas.sheets import FINDINGS, SUMMARY, consolidated_spec, kindergarten_sheets, master_sheets
from schemas.vocabulary import DEFAULT_INDICATORS, Indicator
from sync.backend import Record
from sync.consolidate import Consolidated, Source, column_key
from sync.workspace import Workspace
from workbook.check import check_master
from workbook.consolidated import write_consolidated
from workbook.feedback import Place, apply_highlights, same_place, write_findings_sheet
from workbook.layout import write_table
from workbook.reader import find_sheet, open_workbook
from workbook.save import save_atomic
from workbook.sheetmap import SheetMap, map_sheet
from workbook.summary import write_summary


@dataclass
class MasterInputs:
    context: Context
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS
    locations: dict[str, str] = field(default_factory=dict)  # org code -> sheet location
    names: dict[str, str] = field(default_factory=dict)  # org code -> short name
    tables: dict[str, list[Record]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def records(self, key: str) -> list[Record]:
        return self.tables.get(key, [])


def read_master(ws: Workspace) -> MasterInputs:
    if not ws.master.exists():
        raise BauluError(f"{ws.master}: жиынтық кітап жоқ / сводной книги нет")
    checked = check_master(open_workbook(ws.master), consolidated=False)
    assert checked.context is not None
    inputs = MasterInputs(checked.context, checked.indicators, findings=checked.findings)
    for key, table in checked.tables.items():
        inputs.tables[key] = [{str(k): v for k, v in r.items()} for r in table.frame.to_dict("records")]
    inputs.locations = sheet_locations(ws, inputs.records("organisations"))
    inputs.names = {str(r["code"]): str(r.get("short_name") or r["code"])
                    for r in inputs.records("organisations") if r.get("code") is not None}
    return inputs


def sheet_locations(ws: Workspace, organisations: Sequence[Mapping[str, object]]) -> dict[str, str]:
    """Where each kindergarten's sheet is, as the organisation sheet says (a default path if blank)."""
    return {
        str(r["code"]): str(r.get("sheet") or f"{ws.kindergartens_name}/{r['code']}.xlsx")
        for r in organisations if r.get("code") is not None
    }


def write_master(ws: Workspace, master: MasterInputs, gathered: Consolidated, sources: Sequence[Source],
                 findings: Sequence[Finding], *, lang: str) -> None:
    """Consolidated sheets, findings sheet, highlights and summary, saved atomically with a backup."""
    wb = openpyxl.load_workbook(ws.master)
    maps: dict[str, tuple[str, SheetMap]] = {}
    for source_spec in kindergarten_sheets(master.indicators):
        spec = consolidated_spec(source_spec)
        sheet = find_sheet(wb, spec)
        if sheet is None:  # the coordinator deleted it: lay it out again
            sheet = wb.create_sheet(spec.title(lang))
            write_table(sheet, spec, [], lang=lang)
        write_consolidated(sheet, spec, gathered.records.get(spec.key, []), lang=lang)
        maps[spec.key] = (sheet.title, map_sheet(sheet, spec))
    own = same_place(wb)

    def locate(f: Finding) -> Place | None:
        origin = gathered.origin.get((f.org, f.sheet, f.row or 0))
        found = column_key(sources, f)
        if origin is None or found is None:
            return own(f) if f.org == "master" else None
        spec_key, position = origin
        title, sheet_map = maps[spec_key]
        index = sheet_map.columns.get(found[1])
        if index is None:
            return None
        return title, f"{column_letter(index)}{sheet_map.header_row + 1 + position}"

    write_findings_sheet(wb, findings, lang=lang, spec=FINDINGS, locate=locate)
    apply_highlights(wb, findings, lang=lang, locate=locate)
    _rewrite_summary(wb, master, lang)
    save_atomic(wb, ws.master, backup_dir=ws.backup_dir, keep=ws.backups)


def _rewrite_summary(wb: openpyxl.Workbook, master: MasterInputs, lang: str) -> None:
    """openpyxl cannot keep charts it reads, so the summary (ours) is laid out again each time."""
    old = find_sheet(wb, SUMMARY)
    index = wb.index(old) if old is not None else 0
    title = old.title if old is not None else SUMMARY.title(lang)
    if old is not None:
        wb.remove(old)
    ws = wb.create_sheet(title, index)
    orgs = [Organisation(code, i, name, name, "", "", "", "", "", "")
            for i, (code, name) in enumerate(master.names.items(), start=1)]
    write_summary(ws, master_sheets(master.indicators), orgs, lang=lang)
