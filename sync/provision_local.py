"""Provisioning on the local backend: every organisation the master's «Ұйымдар» lists gets its
kindergarten workbook (``kindergartens/<code>.xlsx``, or the file its «МДҰ парағы» cell names).

A file that is already there is never touched: provisioning only creates what is missing, so it
is safe to run after every new row the coordinator types. The new workbook carries what the
master holds at that moment: its plan items, contest calendar and indicators.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from schemas.lang import Lang
from schemas.seed import Contest, Organisation, PlanItem
from sync.master import MasterInputs
from sync.workspace import Workspace
from workbook.build import build_kindergarten
from workbook.save import save_atomic


@dataclass
class Provisioned:
    """What one provisioning run did: organisation code → file, created or already there."""

    created: dict[str, Path] = field(default_factory=dict)
    existing: dict[str, Path] = field(default_factory=dict)
    not_local: dict[str, str] = field(default_factory=dict)
    """Organisations whose sheet is not a local .xlsx (a Google id, say): left to their backend."""


def _text(record: Mapping[str, object], key: str) -> str:
    value = record.get(key)
    return "" if value is None else str(value)


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def organisation(record: Mapping[str, object], position: int) -> Organisation:
    """An organisation as the master's «Ұйымдар» row states it (blank cells stay blank)."""
    code = _text(record, "code")
    return Organisation(
        code=code, no=_int(record.get("no")) or position, short_name=_text(record, "short_name") or code,
        full_name=_text(record, "full_name"), ownership=_text(record, "ownership"),
        address=_text(record, "address"), head=_text(record, "head"), head_phone=_text(record, "head_phone"),
        lead=_text(record, "lead"), lead_phone=_text(record, "lead_phone"),
    )


def plan_items(master: MasterInputs) -> list[PlanItem]:
    return [
        PlanItem(
            item_id=_text(r, "item_id"), block=_text(r, "block"), no=_int(r.get("no")) or 0,
            text=_text(r, "text"), deadline_text=_text(r, "deadline_text"),
            deadline_kind=_text(r, "deadline_kind"), deadline_year=_int(r.get("deadline_year")),
            deadline_month=_int(r.get("deadline_month")), responsible=_text(r, "responsible"),
        )
        for r in master.records("plan") if r.get("item_id") is not None
    ]


def contests(master: MasterInputs) -> list[Contest]:
    return [
        Contest(code=_text(r, "code"), plan_item=_text(r, "plan_item"), direction=_text(r, "direction"),
                title=_text(r, "title"), month=_int(r.get("month")))
        for r in master.records("contests") if r.get("code") is not None
    ]


def provision_local(ws: Workspace, master: MasterInputs, *, lang: Lang | None = None) -> Provisioned:
    """Create the workbook of every listed organisation whose file does not exist yet."""
    result = Provisioned()
    plan, calendar = plan_items(master), contests(master)
    records = [r for r in master.records("organisations") if r.get("code") is not None]
    for position, record in enumerate(records, start=1):
        org = organisation(record, position)
        location = master.locations[org.code]
        path = ws.resolve(location)
        if path.suffix.lower() != ".xlsx":
            result.not_local[org.code] = location
            continue
        if path.exists():
            result.existing[org.code] = path
            continue
        wb = build_kindergarten(org, lang=lang or ws.lang, plan=plan, contests=calendar,
                                indicators=master.indicators)
        save_atomic(wb, path)
        result.created[org.code] = path
    return result
