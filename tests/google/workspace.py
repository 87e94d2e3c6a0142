"""A Google-backed workspace for tests: the master of ``baulu init``, backend = "google", and each
kindergarten's e-mails filled in."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import openpyxl

from schemas.seed import ORGANISATIONS
from schemas.sheets import ORGANISATIONS as ORG_SPEC
from sync.workspace import Workspace, load_workspace, write_config
from workbook.build import build_master
from workbook.reader import find_sheet
from workbook.save import save_atomic
from workbook.sheetmap import map_sheet


def kindergarten_email(code: str) -> str:
    return f"lead-{code}@kindergarten.example.kz"


def google_workspace(root: Path, *, lang: str = "kk", codes: tuple[str, ...] | None = None) -> Workspace:
    write_config(root, lang=lang, backend="google")
    ws = load_workspace(root)
    orgs = [o for o in ORGANISATIONS if codes is None or o.code in codes]
    save_atomic(build_master(lang=lang, organisations=orgs, sheet_paths={o.code: "" for o in orgs}), ws.master)
    set_emails(ws, {o.code: kindergarten_email(o.code) for o in orgs})
    return ws


def set_emails(ws: Workspace, emails: Mapping[str, str]) -> None:
    wb = openpyxl.load_workbook(ws.master)
    sheet = find_sheet(wb, ORG_SPEC)
    assert sheet is not None
    mapped = map_sheet(sheet, ORG_SPEC)
    for row in range(mapped.header_row + 1, sheet.max_row + 1):
        code = sheet.cell(row=row, column=mapped.columns["code"]).value
        if str(code) in emails:
            sheet.cell(row=row, column=mapped.columns["emails"]).value = emails[str(code)]
    save_atomic(wb, ws.master)


def master_links(ws: Workspace) -> dict[str, str]:
    wb = openpyxl.load_workbook(ws.master)
    sheet = find_sheet(wb, ORG_SPEC)
    assert sheet is not None
    mapped = map_sheet(sheet, ORG_SPEC)
    out = {}
    for row in range(mapped.header_row + 1, sheet.max_row + 1):
        code = sheet.cell(row=row, column=mapped.columns["code"]).value
        if code is not None:
            out[str(code)] = str(sheet.cell(row=row, column=mapped.columns["sheet"]).value or "")
    return out
