"""The Google backend: each kindergarten's sheet is a Google spreadsheet, reached with gspread.

Pull: one Drive ``files.list`` per round says which sheets changed since their last read (by
``modifiedTime``); a changed sheet is read with exactly one ``values:batchGet`` over its tabs, an
unchanged one costs no Sheets read (its last read is remembered in ``.baulu/google.json``).
403 and 404 become a ``BauluError`` saying, in Kazakh and Russian, which sheet and why; the engine
turns it into that kindergarten's finding and goes on with the others.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import gspread
import requests

from schemas.errors import BauluError
from schemas.lang import Lang
from schemas.rows import Tabs
from schemas.sheets import FEEDBACK
from schemas.writeplan import WorkbookPlan
from sync.backend import SKIPPED_TABS, Pulled
from sync.google_apply import CellMark, TabWrite, build_requests, plan_writes
from sync.google_layout import a1
from sync.google_state import GoogleState, Marked
from sync.store import content_revision

DRIVE_FILES = "https://www.googleapis.com/drive/v3/files"
SHEETS = "https://sheets.googleapis.com/v4/spreadsheets"
SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
_ID = re.compile(r"^[A-Za-z0-9_-]{20,}$")
_URL = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")


def spreadsheet_id(location: str) -> str | None:
    """The spreadsheet id in a location the master holds: a bare id or a Google Sheets link."""
    text = location.strip()
    match = _URL.search(text)
    if match:
        return match.group(1)
    return text if _ID.match(text) else None


def sheet_url(spreadsheet: str) -> str:
    return f"https://docs.google.com/spreadsheets/d/{spreadsheet}/edit"


@dataclass(frozen=True)
class DriveFile:
    id: str
    name: str
    modified: str


def inaccessible(location: str, status: int) -> BauluError:
    """Why a kindergarten's Google sheet cannot be reached, in words a coordinator can act on."""
    if status == 404:
        return BauluError(
            f"Google парағы табылмады (404): {location} — жойылған болуы мүмкін. / "
            f"Таблица Google не найдена (404): {location} — возможно, удалена.")
    if status == 403:
        return BauluError(
            f"Google парағына қолжетім жоқ (403): {location} — Baulu сервистік аккаунтымен бөлісілмеген. / "
            f"Нет доступа к таблице Google (403): {location} — она не открыта сервисному аккаунту Baulu.")
    return BauluError(f"Google ({status}): {location} — кейінірек қайталаңыз. / повторите позже.")


def api_failure(location: str, exc: Exception) -> BauluError:
    if isinstance(exc, gspread.exceptions.APIError):
        return inaccessible(location, exc.response.status_code)
    return BauluError(f"Google: {location} — байланыс үзілді. / соединение прервано.")


class GoogleBackend:
    name = "google"

    def __init__(self, client: gspread.Client, state: GoogleState | None = None) -> None:
        self.client = client
        self.state = state or GoogleState()
        self._listing: dict[str, DriveFile] | None = None

    # ---- Drive ---------------------------------------------------------------------------------
    def new_round(self) -> None:
        """Forget this round's Drive listing: the next pull lists again."""
        self._listing = None

    def listing(self) -> dict[str, DriveFile]:
        """Every spreadsheet Baulu can see, with its ``modifiedTime``: one Drive call per 1000."""
        if self._listing is None:
            found: dict[str, DriveFile] = {}
            token = ""
            while True:
                params: dict[str, Any] = {
                    "q": f"mimeType='{SPREADSHEET_MIME}' and trashed=false", "pageSize": 1000,
                    "fields": "nextPageToken,files(id,name,modifiedTime)"}
                if token:
                    params["pageToken"] = token
                page = self.client.http_client.request("get", DRIVE_FILES, params=params).json()
                for item in page.get("files", []):
                    found[item["id"]] = DriveFile(item["id"], item.get("name", ""), item.get("modifiedTime", ""))
                token = page.get("nextPageToken", "")
                if not token:
                    break
            self._listing = found
        return self._listing

    def modified_time(self, spreadsheet: str) -> str:
        reply = self.client.http_client.request(
            "get", f"{DRIVE_FILES}/{spreadsheet}", params={"fields": "modifiedTime"}).json()
        return str(reply.get("modifiedTime", ""))

    # ---- pull ----------------------------------------------------------------------------------
    def pull(self, org: str, location: str) -> Pulled:
        spreadsheet = spreadsheet_id(location)
        if spreadsheet is None:
            raise BauluError(f"{location}: Google парағының сілтемесі емес. / не ссылка на таблицу Google.")
        try:
            listed = self.listing().get(spreadsheet)
            remembered = self.state.sheets.get(spreadsheet)
            if listed is not None and remembered is not None and remembered.modified == listed.modified \
                    and remembered.revision:
                return Pulled(org, location, remembered.tabs, remembered.revision)
            tabs = self._read(spreadsheet)
        except (gspread.exceptions.APIError, requests.ConnectionError, requests.Timeout) as exc:
            raise api_failure(location, exc) from None
        state = self.state.sheet(spreadsheet)
        state.tabs, state.revision = tabs, content_revision(tabs)
        state.modified = listed.modified if listed is not None else ""
        self.state.save()
        return Pulled(org, location, tabs, state.revision)

    def _read(self, spreadsheet: str) -> Tabs:
        """All data tabs in one ``values:batchGet``. The titles come from the last read; when they
        are unknown or a tab was renamed (Google answers 400), one ``spreadsheets.get`` learns them."""
        state = self.state.sheet(spreadsheet)
        if state.titles:
            try:
                return self._batch_get(spreadsheet, state.titles)
            except gspread.exceptions.APIError as exc:
                if exc.response.status_code != 400:
                    raise
        self._learn_tabs(spreadsheet)
        return self._batch_get(spreadsheet, state.titles)

    def _batch_get(self, spreadsheet: str, titles: list[str]) -> Tabs:
        wanted = [t for t in titles if t not in SKIPPED_TABS and not FEEDBACK.titles(t)]
        reply = self.client.http_client.values_batch_get(
            spreadsheet, ["'" + t.replace("'", "''") + "'" for t in wanted],
            params={"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "FORMATTED_STRING"})
        ranges = reply.get("valueRanges", [])
        return {title: [[None if v == "" else v for v in row] for row in vr.get("values", [])]
                for title, vr in zip(wanted, ranges, strict=False)}

    # ---- write ---------------------------------------------------------------------------------
    def apply(self, org: str, location: str, plan: WorkbookPlan) -> None:
        """Carry out a kindergarten's round plan: see :func:`plan_writes` and :meth:`write`."""
        writes, marks = plan_writes(plan)
        self.write(location, writes, marks, lang=plan.lang)

    def write(self, location: str, writes: Sequence[TabWrite], marks: Sequence[CellMark], *,
              lang: Lang) -> None:
        """Carry out one kindergarten's writes in at most one ``spreadsheets:batchUpdate`` and one
        RAW ``values:batchUpdate``. Cells newly marked have their own fill and note read first (one
        ``spreadsheets.get``, only then), so that they come back when the mark goes."""
        spreadsheet = spreadsheet_id(location)
        if spreadsheet is None:
            raise BauluError(f"{location}: Google парағының сілтемесі емес. / не ссылка на таблицу Google.")
        state = self.state.sheet(spreadsheet)
        http = self.client.http_client
        try:
            if not state.sheet_ids:
                self._learn_tabs(spreadsheet)
            wanted = {f"{m.tab}!{m.cell}" for m in marks if m.tab in state.sheet_ids}
            new = sorted(k for k in wanted if k not in state.marked)
            originals = self._own_looks(spreadsheet, new) if new else {}
            reqs = build_requests(writes, marks, lang=lang, sheet_ids=state.sheet_ids,
                                  protected=state.protected, previous=state.marked)
            if reqs.empty:
                return
            before = self.modified_time(spreadsheet)
            if reqs.batch:
                http.batch_update(spreadsheet, {"requests": reqs.batch})
            if reqs.values:
                http.values_batch_update(spreadsheet, {"valueInputOption": "RAW", "data": reqs.values})
            after = self.modified_time(spreadsheet)
        except (gspread.exceptions.APIError, requests.ConnectionError, requests.Timeout) as exc:
            raise api_failure(location, exc) from None
        state.sheet_ids.update(reqs.new_tabs)
        state.titles += [t for t in reqs.new_tabs if t not in state.titles]
        state.protected += reqs.protected
        state.marked = {k: state.marked.get(k) or originals.get(k) or Marked() for k in sorted(wanted)}
        if before == state.modified:  # nobody wrote since our read: what we hold is still current
            state.modified = after
        self.state.save()

    def _learn_tabs(self, spreadsheet: str) -> None:
        meta = self.client.http_client.request(
            "get", f"{SHEETS}/{spreadsheet}", params={"fields": "sheets.properties(sheetId,title)"}).json()
        props = [s["properties"] for s in meta.get("sheets", [])]
        state = self.state.sheet(spreadsheet)
        state.sheet_ids = {str(p["title"]): int(p.get("sheetId", 0)) for p in props}
        state.titles = [str(p["title"]) for p in props]

    def _own_looks(self, spreadsheet: str, keys: Sequence[str]) -> dict[str, Marked]:
        """The fill and note of each cell in ``keys`` ("tab!A1"), in one ``spreadsheets.get``."""
        by_tab: dict[str, list[str]] = {}
        for key in keys:
            tab, ref = key.rsplit("!", 1)
            by_tab.setdefault(tab, []).append(ref)
        ranges = [a1(tab, ref) for tab, refs in by_tab.items() for ref in refs]
        reply = self.client.http_client.request("get", f"{SHEETS}/{spreadsheet}", params={
            "ranges": ranges,
            "fields": "sheets(properties.title,data.rowData.values(note,userEnteredFormat.backgroundColor))"}).json()
        out: dict[str, Marked] = {}
        for sheet in reply.get("sheets", []):
            tab = str(sheet.get("properties", {}).get("title", ""))
            for ref, data in zip(by_tab.get(tab, []), sheet.get("data", []), strict=False):
                rows = data.get("rowData") or [{}]
                values = rows[0].get("values") or [{}]
                cell = values[0]
                fill = cell.get("userEnteredFormat", {}).get("backgroundColor")
                out[f"{tab}!{ref}"] = Marked(fill=fill or None, note=cell.get("note") or None)
        return out
