"""`baulu report quarterly DIR --quarter 2026-Q3` and `baulu report final DIR`: the documents.

Reads the workspace's master (its consolidated sheets, as the last sync wrote them) and its
store (when each quarter was first complete), computes, and writes the .docx — with a PDF
beside it when LibreOffice is installed — into ``DIR/reports/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from schemas.analytics.calendar import Quarter, oral_today
from schemas.analytics.document import Document
from schemas.analytics.inputs import PilotData
from schemas.analytics.report import ReportInputs, build_report
from schemas.lang import Lang
from sync.master import MasterFile, read_master
from sync.pilot import pilot_from_master, submissions
from sync.store import Store
from sync.workspace import Workspace, load_workspace
from workbook.check import check_master
from workbook.reader import open_workbook
from workbook.report.docx import write_docx
from workbook.report.pdf import to_pdf

REPORTS = "reports"


@dataclass(frozen=True)
class Written:
    document: Document
    docx: Path
    pdf: Path | None
    pdf_wanted: bool = True


def workspace_data(ws: Workspace, *, store: Store | None = None) -> tuple[PilotData, dict[tuple[str, str], str]]:
    """The master's consolidated rows and the store's first-complete times, read only."""
    master = read_master(ws, MasterFile.of(ws))
    checked = check_master(open_workbook(ws.master))
    consolidated = {key: [{str(k): v for k, v in r.items()} for r in table.frame.to_dict("records")]
                    for key, table in checked.tables.items() if key.startswith("c_")}
    data = pilot_from_master(master, consolidated)
    if store is not None:
        return data, submissions(store, data, master, save=False)
    if not (ws.state / "store.sqlite").exists():
        return data, {}
    with Store.for_workspace(ws.root) as opened:
        return data, submissions(opened, data, master, save=False)


def write_report(root: Path, *, quarter: Quarter | None = None, lang: Lang | None = None,
                 now: dt.datetime | None = None, pdf: bool = True, out: Path | None = None) -> Written:
    ws = load_workspace(root)
    lang = lang or ws.lang
    data, found = workspace_data(ws)
    today = oral_today(now or dt.datetime.now(dt.UTC))
    report = build_report(ReportInputs(data, today, ws.deadlines, found, lang=lang, quarter=quarter))
    folder = out or ws.root / REPORTS
    folder.mkdir(parents=True, exist_ok=True)
    name = f"baulu-{'final-2026' if quarter is None else 'quarterly-' + str(quarter)}-{lang}.docx"
    target = folder / name
    write_docx(report, str(target))
    return Written(report, target, to_pdf(target) if pdf else None, pdf)
