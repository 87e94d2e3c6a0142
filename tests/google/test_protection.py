"""Every applier honours a protected write with locked columns (``SheetWrite.locked``) and the
summary's protection, or says visibly that it cannot:

- openpyxl: tests/test_reliability.py (locked cells, open columns, her edit a finding);
- gspread (Google): a protected range per run of locked columns — a kindergarten's person can
  still type in the open columns, not in the locked ones (through the stand-in);
- in-memory: the locked columns recorded;
- xlwings: the remote engine cannot protect a sheet, so the applier returns those sheets and the
  ribbon tells the coordinator; the summary's notice arrives all the same.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import xlwings as xw

from macros.xlbook import apply_plan as apply_xlwings
from schemas.analytics.dashboard import Dashboard, dashboard
from schemas.analytics.inputs import PilotData
from schemas.errors import BauluError
from schemas.sheets import FEEDBACK, SUMMARY, consolidated_spec
from schemas.writeplan import Block, SheetWrite, Summary, WorkbookPlan
from sync.google_apply import build_requests, plan_writes, protected_grids
from sync.memory import MemoryBackend
from tests.google.conftest import user_client
from tests.google_standin import StandIn
from tests.xlremote import apply_actions, payload
from workbook.notice import rebuilt_notice

SPEC = FEEDBACK  # any spec: the protection is the write's, not the spec's
OWNER = "baulu-sync@baulu-pilot.iam.gserviceaccount.com"


def _write(title: str = "Sheet1") -> SheetWrite:
    return SheetWrite(title=title, spec=SPEC, blocks=(Block(2, 1, (("a", "b", "c", "d", "e"),)),),
                      protect=True, locked=(2, 3, 5))


def test_google_protects_each_run_of_locked_columns_and_leaves_the_rest_open(standin: StandIn) -> None:
    assert protected_grids(7, (5, 2, 3)) == [{"sheetId": 7, "startColumnIndex": 1, "endColumnIndex": 3},
                                             {"sheetId": 7, "startColumnIndex": 4, "endColumnIndex": 5}]
    assert protected_grids(7, ()) == [{"sheetId": 7}]
    owner = user_client(standin, OWNER)
    book = owner.create("kg")
    writes, marks = plan_writes(WorkbookPlan("47", "kk", (_write(),)))
    out = build_requests(writes, marks, lang="kk", sheet_ids={"Sheet1": book.sheet1.id}, protected=[], previous={})
    book.batch_update({"requests": out.batch})
    book.values_batch_update({"valueInputOption": "RAW", "data": out.values})
    assert out.protected == ["Sheet1"]
    book.share("kg@example.kz", perm_type="user", role="writer", notify=False)
    theirs = user_client(standin, "kg@example.kz").open_by_key(book.id).sheet1
    theirs.update([["mine"]], "A9")
    theirs.update([["mine"]], "D9")
    for cell in ("B9", "C2", "E40"):
        with pytest.raises(Exception, match="protected"):
            theirs.update([["mine"]], cell)
    assert book.sheet1.get_values("A2:E2") == [["a", "b", "c", "d", "e"]]


def _board() -> Dashboard:
    """The dashboard of a master with no kindergartens yet (what matters here is that a summary is
    in the plan)."""
    return dashboard(PilotData(orgs=(), plan=(), contests=()), now=dt.datetime(2026, 11, 27, 13, tzinfo=dt.UTC),
                     deadlines={})


def test_google_and_memory_refuse_a_summary_rather_than_drop_it() -> None:
    summary = Summary("Жиынтық", _board())
    with pytest.raises(BauluError):
        plan_writes(WorkbookPlan("47", "kk", (), summary=summary))
    backend = MemoryBackend()
    backend.add("47", {"Sheet1": [["x"]]})
    with pytest.raises(BauluError):
        backend.apply("47", "47", WorkbookPlan("47", "kk", (), summary=summary))


def test_memory_records_the_locked_columns() -> None:
    backend = MemoryBackend()
    sheet = backend.add("47", {"Sheet1": [["x"]]})
    backend.apply("47", "47", WorkbookPlan("47", "kk", (_write(),)))
    assert sheet.protected == {"Sheet1"} and sheet.locked == {"Sheet1": (2, 3, 5)}


def test_xlwings_says_which_sheets_it_could_not_protect() -> None:
    spec = consolidated_spec(SPEC)
    wb = openpyxl.Workbook()
    wb.active.title = spec.kk  # type: ignore[union-attr]
    summary = Summary(SUMMARY.kk, _board())
    plan = WorkbookPlan("master", "kk", (SheetWrite(title=spec.kk, spec=spec, blocks=(Block(2, 1, (("a",),)),),
                                                    protect=True, locked=(1,)),), summary=summary)
    book = xw.Book(json=payload(wb))

    unprotected = apply_xlwings(book, plan)

    assert unprotected == [spec.kk, SUMMARY.kk]  # the remote engine has no sheet protection: told, not hidden
    apply_actions(wb, book.json()["actions"])
    texts = [str(c.value) for row in wb[SUMMARY.kk].iter_rows() for c in row if c.value]
    assert rebuilt_notice("kk") in texts and wb[SUMMARY.kk]["A1"].comment is not None
