"""`baulu validate`: a whole workspace, or one .xlsx a project lead wants to check before sending."""

from __future__ import annotations

from pathlib import Path

from schemas.errors import BauluError
from schemas.finding import Finding, make_finding
from schemas.vocabulary import DEFAULT_INDICATORS
from sync.master import sheet_locations
from sync.workspace import Workspace, load_workspace
from workbook.check import Checked, check_kindergarten, check_master
from workbook.meta import read_meta
from workbook.reader import open_workbook


def validate_file(path: Path, checked_master: Checked | None = None) -> Checked:
    """Validate one workbook: the master, or a kindergarten's (against the master when given)."""
    wb = open_workbook(path)
    if read_meta(wb).get("kind") == "master":
        return check_master(wb)
    context = checked_master.context if checked_master else None
    indicators = checked_master.indicators if checked_master else DEFAULT_INDICATORS
    return check_kindergarten(wb, org=path.stem, context=context, indicators=indicators)


def kindergarten_files(ws: Workspace, master: Checked) -> dict[str, Path]:
    """Each organisation's local file, as the master's organisation sheet says."""
    orgs = master.tables.get("organisations")
    records = [{str(k): v for k, v in r.items()} for r in orgs.frame.to_dict("records")] if orgs is not None else []
    return {code: ws.resolve(location) for code, location in sheet_locations(ws, records).items()}


def validate_workspace(root: Path) -> list[Finding]:
    """Every finding of the master and of every kindergarten file; a broken file is one finding."""
    ws = load_workspace(root)
    master = validate_file(ws.master)
    findings = list(master.findings)
    for code, path in kindergarten_files(ws, master).items():
        try:
            findings.extend(validate_file(path, master).findings)
        except BauluError as exc:
            findings.append(make_finding("file.unreadable", org=code, sheet=path.name, value=path.name,
                                         reason=str(exc)))
    return findings


def validate_path(path: Path) -> list[Finding]:
    path = Path(path)
    if path.is_dir():
        return validate_workspace(path)
    if not path.exists():
        raise BauluError(f"{path}: файл жоқ / файл не найден")
    return validate_file(path).findings
