"""`baulu validate`: a whole workspace, or one .xlsx a project lead wants to check before sending."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from schemas import catalogue
from schemas.errors import BauluError
from schemas.finding import Finding, make_finding
from schemas.vocabulary import DEFAULT_INDICATORS
from sync.engine import Progress
from sync.master import sheet_locations
from sync.workspace import CONFIG, Workspace, load_workspace
from workbook.check import Checked, check_kindergarten, check_master
from workbook.meta import read_meta
from workbook.reader import open_workbook


@dataclass
class ValidateReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)


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


def validate_workspace(ws: Workspace, progress: Progress | None = None) -> list[Finding]:
    """Every finding of the master and of every kindergarten file; a broken file is one finding."""
    notify = progress or (lambda org, stage: None)
    master = validate_file(ws.master)
    notify("", "master")
    findings = list(master.findings)
    for code, path in kindergarten_files(ws, master).items():
        notify(code, "pull")
        try:
            findings.extend(validate_file(path, master).findings)
        except BauluError as exc:
            findings.append(make_finding(catalogue.FILE_UNREADABLE, org=code, sheet=path.name, value=path.name,
                                         reason_kk=exc.kk, reason_ru=exc.ru))
        notify(code, "checked")
    return findings


def workspace_of(file: Path) -> Workspace | None:
    """The workspace a file lies in: ``DIR/master.xlsx`` or ``DIR/kindergartens/<code>.xlsx``."""
    for folder in list(file.resolve().parents)[:2]:
        if (folder / CONFIG).exists():
            return load_workspace(folder)
    return None


def validate(path: Path, *, progress: Progress | None = None) -> ValidateReport:
    """A workspace folder, or one workbook (the master or a kindergarten's)."""
    path = Path(path)
    if path.is_dir():
        return ValidateReport(path, validate_workspace(load_workspace(path), progress))
    if not path.exists():
        raise BauluError(f"{path}: файл жоқ", f"{path}: файл не найден")
    return ValidateReport(path, validate_file(path).findings)
