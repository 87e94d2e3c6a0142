"""The stand-in's HTTP server: Sheets v4 and Drive v3 on 127.0.0.1, with users, quotas, faults and a
count of every request by endpoint.

Requests arrive as ``http://127.0.0.1:PORT/<google host>/<google path>`` (see ``transport.py``)."""

from __future__ import annotations

import contextlib
import json
import random
import re
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .clock import Clock, RealClock
from .drive import Drive, File
from .errors import ApiError, drive_error, invalid_argument, quota_exceeded, sheets_error, unauthenticated
from .fields import apply_mask, parse_mask

SHEETS_READS = {"sheets.spreadsheets.get", "sheets.values.get", "sheets.values.batchGet"}


@dataclass
class Quotas:
    """Requests per minute; None means no limit. Google's defaults are 60 per user and 300 per project
    for reads, the same for writes."""

    read_per_user: int | None = None
    read_per_project: int | None = None
    write_per_user: int | None = None
    write_per_project: int | None = None
    drive_per_user: int | None = None
    retry_after: bool = False  # Google's Sheets 429 has no Retry-After; a test may ask for one


@dataclass
class Fault:
    """``kind``: "status" (answer ``status``), "latency" (wait ``seconds`` first) or "drop" (close the
    connection without an answer). It fires on a ``rate`` share of matching calls (seeded) or on
    the ``nth`` matching call (1-based); ``endpoint`` narrows it to one endpoint name."""

    kind: str
    rate: float | None = None
    nth: int | None = None
    endpoint: str | None = None
    status: int = 503
    seconds: float = 0.0
    seen: int = 0


@dataclass
class User:
    email: str
    token: str
    project: str = "1234567890"


@dataclass
class Logged:
    endpoint: str
    user: str
    status: int


@dataclass
class _Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False


class StandIn:
    """State plus server. ``start()`` binds 127.0.0.1 on a free port; ``stop()`` shuts it down."""

    def __init__(self, clock: Clock | None = None, seed: int = 1218) -> None:
        self.clock: Clock = clock or RealClock()
        self.rng = random.Random(seed)
        self.fault_rng = random.Random(seed + 1)
        self.drive = Drive(random.Random(seed + 2))
        self.users: dict[str, User] = {}
        self.service_accounts: dict[str, Any] = {}
        self.scopes: dict[str, list[str]] = {}  # token -> the scopes it was granted
        self.quotas = Quotas()
        self.faults: list[Fault] = []
        self.counts: Counter[str] = Counter()
        self.log: list[Logged] = []
        self.lock = threading.RLock()
        self._usage: Counter[tuple[str, str, int]] = Counter()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- set-up --------------------------------------------------------------------------------
    def add_service_account(self, email: str, project: str = "1234567890") -> dict[str, str]:
        """A new service account and its key, as the JSON file Google's console hands out (the
        stand-in keeps the public half to check the token requests it signs)."""
        from .oauth import new_key

        info, public = new_key(email, project)
        self.service_accounts[email] = public
        return info

    def add_user(self, email: str, project: str = "1234567890") -> str:
        """Register an account; returns the bearer token gspread sends for it."""
        token = f"standin-token-{len(self.users) + 1}-{self.rng.getrandbits(48):012x}"
        self.users[token] = User(email, token, project)
        return token

    def reset_counts(self) -> None:
        with self.lock:
            self.counts.clear()
            self.log.clear()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the stand-in first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> StandIn:
        standin = self

        class Handler(_Handler):
            owner = standin

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="google-standin",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    # ---- one request ---------------------------------------------------------------------------
    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> _Answer:
        parts = urlsplit(raw_path)
        segments = parts.path.lstrip("/").split("/", 1)
        host, path = segments[0], "/" + (segments[1] if len(segments) > 1 else "")
        query = parse_qs(parts.query, keep_blank_values=True)
        route = _route(method, host, path)
        endpoint = route[0] if route else f"unknown {method} {host}{path}"
        token = headers.get("authorization", "").removeprefix("Bearer ").strip()
        user = self.users.get(token)
        with self.lock:
            self.counts[endpoint] += 1
            fault = self._fault_for(endpoint)
        if fault is not None and fault.kind == "latency":
            time.sleep(fault.seconds)
        elif fault is not None and fault.kind == "drop":
            self._record(endpoint, user, 0)
            return _Answer(0, drop=True)
        elif fault is not None:
            self._record(endpoint, user, fault.status)
            return _Answer(fault.status, _server_error(fault.status))
        if route is not None and route[0] == "oauth2.token":
            from .oauth import token_reply

            with self.lock:
                answer = token_reply(self, body)
            self._record(endpoint, None, answer[0])
            return _Answer(*answer)
        try:
            if route is None:
                raise ApiError(404, {"error": {"code": 404, "message": f"Not found: {method} {path}",
                                               "status": "NOT_FOUND"}})
            if user is None:
                raise unauthenticated()
            with self.lock:
                self._charge(endpoint, user)
                answer = self._dispatch(route, user, query, body)
        except ApiError as err:
            answer = _Answer(err.code, err.body, err.headers)
        self._record(endpoint, user, answer.status)
        return answer

    def _record(self, endpoint: str, user: User | None, status: int) -> None:
        with self.lock:
            self.log.append(Logged(endpoint, user.email if user else "", status))

    def _fault_for(self, endpoint: str) -> Fault | None:
        """Every matching fault counts the call; the first one that fires answers it."""
        fired = None
        for fault in self.faults:
            if fault.endpoint is not None and fault.endpoint != endpoint:
                continue
            fault.seen += 1
            hit = (fault.nth is not None and fault.seen == fault.nth) or (
                fault.rate is not None and self.fault_rng.random() < fault.rate)
            if hit and fired is None:
                fired = fault
        return fired

    def _charge(self, endpoint: str, user: User) -> None:
        """Count the call against its per-minute buckets; 429 when one is full."""
        minute = int(self.clock.now() // 60)
        q = self.quotas
        if endpoint.startswith("sheets."):
            read = endpoint in SHEETS_READS
            metric = "Read requests" if read else "Write requests"
            limits = [(f"{metric} per minute per user", user.email, q.read_per_user if read else q.write_per_user),
                      (f"{metric} per minute", "project:" + user.project,
                       q.read_per_project if read else q.write_per_project)]
            service = "sheets.googleapis.com"
        else:
            metric = "Queries"
            limits = [("Queries per minute per user", user.email, q.drive_per_user)]
            service = "drive.googleapis.com"
        for name, who, limit in limits:
            if limit is None:
                continue
            key = (name, who, minute)
            if self._usage[key] >= limit:
                wait = (minute + 1) * 60 - self.clock.now()
                raise quota_exceeded(service, metric, name, limit, user.project,
                                     wait if q.retry_after else None)
        for name, who, limit in limits:
            if limit is not None:
                self._usage[(name, who, minute)] += 1

    # ---- endpoints -----------------------------------------------------------------------------
    def _dispatch(self, route: tuple[str, dict[str, str]], user: User, query: dict[str, list[str]],
                  raw: bytes) -> _Answer:
        endpoint, args = route
        body = _json_body(raw)
        one = {k: v[-1] for k, v in query.items()}
        now = self.clock.now()
        who = user.email
        d = self.drive
        if endpoint.startswith("sheets."):
            write = endpoint not in SHEETS_READS
            file, book = d.for_sheets(args["id"], who, write)
            if endpoint == "sheets.spreadsheets.get":
                fields = one.get("fields")
                grid = one.get("includeGridData", "false").lower() == "true" or (
                    fields is not None and "data" in json.dumps(parse_mask(fields)))
                out = book.resource(grid, query.get("ranges", []))
                return _Answer(200, apply_mask(out, parse_mask(fields)) if fields else out)
            if endpoint == "sheets.values.get":
                return _Answer(200, book.values_get(args["range"], one.get("majorDimension", "ROWS"),
                                                    one.get("valueRenderOption", "FORMATTED_VALUE")))
            if endpoint == "sheets.values.batchGet":
                ranges = [book.values_get(r, one.get("majorDimension", "ROWS"),
                                          one.get("valueRenderOption", "FORMATTED_VALUE"))
                          for r in query.get("ranges", [])]
                return _Answer(200, {"spreadsheetId": book.id, "valueRanges": ranges})
            result = self._sheets_write(endpoint, args, who, one, body, book)
            d.touch(file, who, now)
            file.name = book.title
            return _Answer(200, result)
        return self._drive(endpoint, args, who, one, body, now)

    def _sheets_write(self, endpoint: str, args: dict[str, str], who: str, one: dict[str, str],
                      body: dict[str, Any], book: Any) -> Any:
        if endpoint == "sheets.spreadsheets.batchUpdate":
            replies = book.batch_update(who, body.get("requests"))
            return {"spreadsheetId": book.id, "replies": replies}
        if endpoint == "sheets.values.update":
            if "valueInputOption" not in one:
                raise invalid_argument("'valueInputOption' is required but not specified")
            return book.values_update(who, args["range"], body.get("values"), one["valueInputOption"],
                                      body.get("majorDimension") or "ROWS")
        if endpoint == "sheets.values.batchUpdate":
            option = body.get("valueInputOption")
            if option not in ("RAW", "USER_ENTERED"):
                raise invalid_argument("'valueInputOption' is required but not specified")
            data = body.get("data") or []
            snapshot = [(s, dict(s.cells)) for s in book.sheets]  # cells are replaced, never changed
            responses = []
            try:
                for i, item in enumerate(data):
                    responses.append(book.values_update(who, item.get("range", ""), item.get("values"),
                                                        option, item.get("majorDimension") or "ROWS",
                                                        field=f"data[{i}].values"))
            except ApiError:
                for sheet, cells in snapshot:  # all or nothing, as Google does
                    sheet.cells = cells
                raise
            counted = [r for r in responses if "updatedCells" in r]
            out: dict[str, Any] = {"spreadsheetId": book.id}
            if counted:
                out["totalUpdatedRows"] = sum(r["updatedRows"] for r in counted)
                out["totalUpdatedColumns"] = max(r["updatedColumns"] for r in counted)
                out["totalUpdatedCells"] = sum(r["updatedCells"] for r in counted)
                out["totalUpdatedSheets"] = len({r["updatedRange"].rsplit("!", 1)[0] for r in counted})
            out["responses"] = responses
            return out
        if endpoint == "sheets.values.clear":
            return book.values_clear(who, args["range"])
        if endpoint == "sheets.values.batchClear":
            cleared = [book.values_clear(who, r)["clearedRange"] for r in body.get("ranges") or []]
            return {"spreadsheetId": book.id, "clearedRanges": cleared}
        if endpoint == "sheets.values.append":
            if "valueInputOption" not in one:
                raise invalid_argument("'valueInputOption' is required but not specified")
            return book.values_append(who, args["range"], body.get("values"), one["valueInputOption"],
                                      one.get("insertDataOption") == "INSERT_ROWS")
        raise AssertionError(endpoint)

    def _drive(self, endpoint: str, args: dict[str, str], who: str, one: dict[str, str],
               body: dict[str, Any], now: float) -> _Answer:
        d = self.drive
        fields = parse_mask(one["fields"]) if one.get("fields") else None

        def file_out(file: File, default: tuple[str, ...] = ("kind", "id", "name", "mimeType")) -> Any:
            res = file.resource(who)
            return apply_mask(res, fields) if fields else {k: res[k] for k in default}

        if endpoint == "drive.files.create":
            return _Answer(200, file_out(d.create(who, body, now)))
        if endpoint == "drive.files.copy":
            return _Answer(200, file_out(d.copy(who, args["id"], body, now)))
        if endpoint == "drive.files.get":
            return _Answer(200, file_out(d.for_drive(args["id"], who)))
        if endpoint == "drive.files.delete":
            d.delete(who, args["id"])
            return _Answer(204)
        if endpoint == "drive.files.list":
            found = d.listing(who, one.get("q", ""))
            size = min(int(one.get("pageSize") or 100), 1000)
            start = int(one["pageToken"]) if one.get("pageToken") else 0
            page = found[start:start + size]
            out: dict[str, Any] = {"kind": "drive#fileList"}
            if start + size < len(found):
                out["nextPageToken"] = str(start + size)
            out["incompleteSearch"] = False
            files = [f.resource(who) for f in page]
            out["files"] = [{k: r[k] for k in ("kind", "id", "name", "mimeType")} for r in files]
            if fields:
                out["files"] = files
                out = apply_mask(out, fields)
            return _Answer(200, out)
        if endpoint == "drive.comments.list":
            d.for_drive(args["id"], who)
            return _Answer(200, {"comments": []})
        if endpoint == "drive.permissions.create":
            perm = d.share(who, args["id"], body)
            res = perm.resource()
            return _Answer(200, apply_mask(res, fields) if fields else
                           {k: res[k] for k in ("kind", "id", "type", "role")})
        if endpoint == "drive.permissions.list":
            file = d.for_drive(args["id"], who)
            perms = [p.resource() for p in file.permissions]
            out = {"kind": "drive#permissionList",
                   "permissions": [{k: p[k] for k in ("kind", "id", "type", "role")} for p in perms]}
            if fields:
                out = apply_mask({"kind": "drive#permissionList", "permissions": perms}, fields)
            return _Answer(200, out)
        if endpoint == "drive.permissions.delete":
            d.unshare(who, args["id"], args["perm"])
            return _Answer(204)
        raise AssertionError(endpoint)


_ROUTES: list[tuple[str, str, re.Pattern[str], str]] = [
    (m, h, re.compile(p), name) for m, h, p, name in [
        ("GET", "sheets.googleapis.com", r"^/v4/spreadsheets/(?P<id>[^/:]+)$", "sheets.spreadsheets.get"),
        ("POST", "sheets.googleapis.com", r"^/v4/spreadsheets/(?P<id>[^/:]+):batchUpdate$",
         "sheets.spreadsheets.batchUpdate"),
        ("GET", "sheets.googleapis.com", r"^/v4/spreadsheets/(?P<id>[^/:]+)/values:batchGet$",
         "sheets.values.batchGet"),
        ("POST", "sheets.googleapis.com", r"^/v4/spreadsheets/(?P<id>[^/:]+)/values:batchUpdate$",
         "sheets.values.batchUpdate"),
        ("POST", "sheets.googleapis.com", r"^/v4/spreadsheets/(?P<id>[^/:]+)/values:batchClear$",
         "sheets.values.batchClear"),
        ("POST", "sheets.googleapis.com", r"^/v4/spreadsheets/(?P<id>[^/:]+)/values/(?P<range>[^/]+):clear$",
         "sheets.values.clear"),
        ("POST", "sheets.googleapis.com", r"^/v4/spreadsheets/(?P<id>[^/:]+)/values/(?P<range>[^/]+):append$",
         "sheets.values.append"),
        ("GET", "sheets.googleapis.com", r"^/v4/spreadsheets/(?P<id>[^/:]+)/values/(?P<range>[^/]+)$",
         "sheets.values.get"),
        ("PUT", "sheets.googleapis.com", r"^/v4/spreadsheets/(?P<id>[^/:]+)/values/(?P<range>[^/]+)$",
         "sheets.values.update"),
        ("POST", "oauth2.googleapis.com", r"^/token$", "oauth2.token"),
        ("POST", "www.googleapis.com", r"^/drive/v3/files$", "drive.files.create"),
        ("GET", "www.googleapis.com", r"^/drive/v3/files$", "drive.files.list"),
        ("GET", "www.googleapis.com", r"^/drive/v3/files/(?P<id>[^/]+)$", "drive.files.get"),
        ("DELETE", "www.googleapis.com", r"^/drive/v3/files/(?P<id>[^/]+)$", "drive.files.delete"),
        ("POST", "www.googleapis.com", r"^/drive/v3/files/(?P<id>[^/]+)/copy$", "drive.files.copy"),
        ("GET", "www.googleapis.com", r"^/drive/v3/files/(?P<id>[^/]+)/comments$", "drive.comments.list"),
        ("POST", "www.googleapis.com", r"^/drive/v3/files/(?P<id>[^/]+)/permissions$",
         "drive.permissions.create"),
        ("GET", "www.googleapis.com", r"^/drive/v3/files/(?P<id>[^/]+)/permissions$",
         "drive.permissions.list"),
        ("DELETE", "www.googleapis.com", r"^/drive/v3/files/(?P<id>[^/]+)/permissions/(?P<perm>[^/]+)$",
         "drive.permissions.delete"),
    ]
]


def _route(method: str, host: str, path: str) -> tuple[str, dict[str, str]] | None:
    for m, h, pattern, name in _ROUTES:
        if m == method and h == host:
            match = pattern.match(path)
            if match:
                return name, {k: unquote(v) for k, v in match.groupdict().items()}
    return None


def _json_body(raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise invalid_argument("Invalid JSON payload received.") from None
    if not isinstance(body, dict):
        raise invalid_argument("Invalid JSON payload received. Expected an object.")
    return body


def _server_error(status: int) -> dict[str, Any]:
    messages = {500: "Internal error encountered.", 502: "Bad Gateway",
                503: "The service is currently unavailable.", 504: "Deadline exceeded."}
    names = {500: "INTERNAL", 502: "UNAVAILABLE", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
    if status in names:
        return {"error": {"code": status, "message": messages[status], "status": names[status]}}
    return sheets_error(status, "fault").body if status in (400, 403, 404, 429) else \
        drive_error(status, "fault", "backendError").body


class _Handler(BaseHTTPRequestHandler):
    owner: StandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without this, Nagle + delayed ACK add 40 ms a call
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer = self.owner.handle(self.command, self.path, headers, body)
        if answer.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        payload = b"" if answer.body is None else json.dumps(answer.body, ensure_ascii=False, indent=2).encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json; charset=UTF-8" if payload else "text/html")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve
