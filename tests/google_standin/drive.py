"""Drive v3 in memory: files (each a spreadsheet here), their permissions, and who may do what."""

from __future__ import annotations

import base64
import copy
import hashlib
import random
import re
from dataclasses import dataclass, field
from typing import Any

from .clock import rfc3339
from .errors import ApiError, drive_error, drive_forbidden, drive_not_found, invalid_argument
from .sheets import Spreadsheet, new_sheet

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
ROLES = ("reader", "commenter", "writer", "owner")


def permission_id(email: str) -> str:
    """Google gives each account one stable numeric permission id."""
    return str(int(hashlib.sha256(email.lower().encode()).hexdigest()[:16], 16))


@dataclass
class Permission:
    id: str
    type: str
    role: str
    email: str | None

    def resource(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": "drive#permission", "id": self.id, "type": self.type}
        if self.email:
            out["emailAddress"] = self.email
            out["displayName"] = self.email.split("@")[0]
        out["role"] = self.role
        out["deleted"] = False
        out["pendingOwner"] = False
        return out


@dataclass
class File:
    id: str
    name: str
    owner: str
    created: float
    modified: float
    last_modifier: str
    version: int = 1
    parents: list[str] = field(default_factory=list)
    permissions: list[Permission] = field(default_factory=list)

    def role_of(self, user: str) -> str | None:
        held = [p.role for p in self.permissions
                if p.type == "anyone" or (p.email or "").lower() == user.lower()]
        return max(held, key=ROLES.index) if held else None

    def resource(self, user: str) -> dict[str, Any]:
        def person(email: str) -> dict[str, Any]:
            return {"kind": "drive#user", "displayName": email.split("@")[0], "me": email == user,
                    "permissionId": permission_id(email), "emailAddress": email}

        return {
            "kind": "drive#file",
            "id": self.id,
            "name": self.name,
            "mimeType": SPREADSHEET_MIME,
            "parents": list(self.parents) or ["0AAAAAAAAAAAAUk9PVA"],
            "version": str(self.version),
            "webViewLink": f"https://docs.google.com/spreadsheets/d/{self.id}/edit?usp=drivesdk",
            "createdTime": rfc3339(self.created),
            "modifiedTime": rfc3339(self.modified),
            "owners": [person(self.owner)],
            "lastModifyingUser": person(self.last_modifier),
            "shared": len(self.permissions) > 1,
            "ownedByMe": self.owner == user,
            "trashed": False,
        }


class Drive:
    """Files, their spreadsheets and permissions. Not thread-safe: the server holds one lock."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.files: dict[str, File] = {}
        self.books: dict[str, Spreadsheet] = {}

    def new_id(self) -> str:
        raw = self.rng.getrandbits(256).to_bytes(32, "big")
        return "1" + base64.urlsafe_b64encode(raw).decode().rstrip("=")[:43]

    # ---- access --------------------------------------------------------------------------------
    def for_sheets(self, file_id: str, user: str, write: bool) -> tuple[File, Spreadsheet]:
        """Sheets API access: 404 when the file does not exist, 403 when the caller may not."""
        file = self.files.get(file_id)
        if file is None:
            raise ApiError(404, {"error": {"code": 404, "message": "Requested entity was not found.",
                                           "status": "NOT_FOUND"}})
        role = file.role_of(user)
        if role is None or (write and role not in ("writer", "owner")):
            raise ApiError(403, {"error": {"code": 403, "message": "The caller does not have permission",
                                           "status": "PERMISSION_DENIED"}})
        return file, self.books[file_id]

    def for_drive(self, file_id: str, user: str, need: str = "reader") -> File:
        """Drive API access: a file the caller cannot see is 404 (Drive does not reveal it)."""
        file = self.files.get(file_id)
        role = file.role_of(user) if file else None
        if file is None or role is None:
            raise drive_not_found(file_id)
        if ROLES.index(role) < ROLES.index(need):
            raise drive_forbidden(file_id)
        return file

    def touch(self, file: File, user: str, now: float) -> None:
        file.modified = now
        file.version += 1
        file.last_modifier = user

    # ---- files ---------------------------------------------------------------------------------
    def create(self, user: str, body: dict[str, Any], now: float, file_id: str | None = None) -> File:
        mime = body.get("mimeType") or SPREADSHEET_MIME
        if mime != SPREADSHEET_MIME:
            raise invalid_argument(f"The stand-in makes spreadsheets only, not {mime}.")
        fid = file_id or self.new_id()
        file = File(fid, body.get("name") or "Untitled spreadsheet", user, now, now, user,
                    parents=list(body.get("parents") or []),
                    permissions=[Permission(permission_id(user), "user", "owner", user)])
        self.files[fid] = file
        self.books[fid] = Spreadsheet(fid, file.name, user, [new_sheet(0, "Sheet1", 0)],
                                      random.Random(self.rng.getrandbits(32)))
        return file

    def copy(self, user: str, file_id: str, body: dict[str, Any], now: float) -> File:
        source = self.for_drive(file_id, user)
        new = self.create(user, {"name": body.get("name") or f"Copy of {source.name}",
                                 "parents": body.get("parents")}, now)
        book = copy.deepcopy(self.books[file_id])
        book.id, book.title, book.owner = new.id, new.name, user
        self.books[new.id] = book
        return new

    def delete(self, user: str, file_id: str) -> None:
        self.for_drive(file_id, user, need="owner")
        del self.files[file_id]
        del self.books[file_id]

    def listing(self, user: str, query: str) -> list[File]:
        wanted = [f for f in self.files.values() if f.role_of(user) is not None]
        for clause in _split_and(query):
            wanted = [f for f in wanted if _matches(f, clause)]
        return sorted(wanted, key=lambda f: (f.created, f.id))

    # ---- permissions ---------------------------------------------------------------------------
    def share(self, user: str, file_id: str, body: dict[str, Any]) -> Permission:
        file = self.for_drive(file_id, user, need="writer")
        kind, role = body.get("type"), body.get("role")
        if kind not in ("user", "group", "domain", "anyone"):
            raise drive_error(400, "The permission type field is required.", "required", "permission.type")
        if role not in ROLES:
            raise drive_error(400, "The permission role field is required.", "required", "permission.role")
        email = body.get("emailAddress")
        if kind in ("user", "group") and not email:
            raise drive_error(400, "The permission email address field is required.", "required",
                              "permission.emailAddress")
        pid = "anyoneWithLink" if kind == "anyone" else permission_id(email or body.get("domain", ""))
        for perm in file.permissions:
            if perm.id == pid:
                if perm.role != "owner":
                    perm.role = role
                return perm
        perm = Permission(pid, kind, role, email)
        file.permissions.append(perm)
        return perm

    def unshare(self, user: str, file_id: str, perm_id: str) -> None:
        file = self.for_drive(file_id, user, need="writer")
        for perm in file.permissions:
            if perm.id == perm_id:
                if perm.role == "owner":
                    raise drive_error(403, "The owner of a file cannot be removed.", "cannotRemoveOwner")
                file.permissions.remove(perm)
                return
        raise drive_error(404, f"Permission not found: {perm_id}.", "notFound", "permissionId")


def _split_and(query: str) -> list[str]:
    parts: list[str] = []
    current = ""
    quote = ""
    i = 0
    while i < len(query):
        ch = query[i]
        if quote:
            current += ch
            if ch == "\\" and i + 1 < len(query):
                current += query[i + 1]
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            current += ch
        elif query[i:i + 5].lower() == " and ":
            parts.append(current.strip())
            current = ""
            i += 5
            continue
        else:
            current += ch
        i += 1
    if current.strip():
        parts.append(current.strip())
    return parts


def _literal(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in "'\"" and text[-1] == text[0]:
        text = text[1:-1]
    return text.replace("\\'", "'").replace('\\"', '"').replace("\\\\", "\\")


def _matches(file: File, clause: str) -> bool:
    m = re.match(r"^(\S+?)\s*(=|!=|>=|<=|>|<|contains)\s*(.+)$", clause) or \
        re.match(r"^(['\"].*['\"])\s+(in)\s+(parents)$", clause)
    if not m:
        raise drive_error(400, "Invalid Value", "invalid", "q")
    left, op, right = m.group(1), m.group(2), m.group(3)
    if op == "in":
        return _literal(left) in file.parents
    value = _literal(right)
    if left == "mimeType":
        actual = SPREADSHEET_MIME
    elif left == "name":
        actual = file.name
    elif left == "trashed":
        actual, value = "false", value.lower()
    elif left in ("modifiedTime", "createdTime"):
        actual = rfc3339(file.modified if left == "modifiedTime" else file.created)
        value = value if "." in value else value.rstrip("Z") + ".000Z"
    else:
        raise drive_error(400, "Invalid Value", "invalid", "q")
    return {
        "=": actual == value, "!=": actual != value, ">": actual > value, "<": actual < value,
        ">=": actual >= value, "<=": actual <= value, "contains": value in actual,
    }[op]
