"""The stand-in answers the recorded real exchanges with Google (``../shared/google-api-recordings/``,
recorded by the gspread project) with the same status codes, the same response shapes (keys, JSON
types, nesting) and the same error bodies.

Each recording file is replayed in order against a fresh stand-in. Identifiers Google made up
(spreadsheet, sheet and protected-range ids) are mapped from the recording to the stand-in's as they
appear in responses, and substituted into later requests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.google_standin import StandIn, standin_session


def _find_recordings() -> Path:
    """``../shared/google-api-recordings`` next to the checkout (a worktree sits deeper), or the
    folder named by ``BAULU_GOOGLE_RECORDINGS``."""
    if os.environ.get("BAULU_GOOGLE_RECORDINGS"):
        return Path(os.environ["BAULU_GOOGLE_RECORDINGS"])
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "google-api-recordings"
        if candidate.is_dir():
            return candidate
    return Path(__file__).resolve().parents[3] / "shared" / "google-api-recordings"


RECORDINGS = _find_recordings()

RECORDER = "recorder@gspread-tests.iam.gserviceaccount.com"

# Things in the world of the recordings that the replay must set up: a spreadsheet owned by someone
# else, which the recording account was refused (ClientTest.test_access_private_spreadsheet).
FOREIGN_SPREADSHEETS = {"1jIKzPs8LsiZZdLdeMEP-5ZIHw6RkjiOmj1LrJN706Yc": "someone-else@example.com"}

# Where the stand-in knowingly differs from the recordings: (recording file, interaction index,
# path in the response) → why. The test fails if a listed difference stops happening, so this list
# stays true. Everything not listed here matches.
KNOWN_DIFFERENCES: dict[tuple[str, int, str], str] = {}

# Behaviour the stand-in has that no recording covers, so it rests on Google's documentation and
# on public reports, not on a replayed exchange:
UNRECORDED = {
    "429": "RESOURCE_EXHAUSTED body as Google documents it; Google's Sheets 429 carries no Retry-After, "
           "the stand-in adds one only when a test asks (Quotas.retry_after). 429s are dropped by the "
           "recorder.",
    "permissions": "Drive permissions.create/list/delete: no recording covers them (README).",
    "protected-write": "A write into a protected range by a non-editor: 400 'You are trying to edit a "
                       "protected cell or object…' (public reports; not recorded).",
    "formulas": "Formulas are stored, not evaluated: a formula's text stands in for its value.",
    "data-validation": "Strict data-validation rules are stored and returned but do not refuse API "
                       "writes (Google's UI refuses typed entries; what its API does is not recorded).",
    "dates": "USER_ENTERED dates stay text (Google turns them into date serials).",
    "append": "values.append finds the table as 'last used row in the range's columns', simpler than "
              "Google's table detection.",
    "drive-5xx": "Injected faults answer with the Sheets error body on both APIs.",
    "oauth": "The OAuth token endpoint (JWT bearer grant) checks the key's signature and records the "
             "scopes; scopes are not enforced on later calls (requests to oauth2 are not recorded).",
    "grid-data": "Grid data (startRow, rowMetadata, dataValidation, note …) follows Google's reference; "
                 "the one recorded grid read asks for rowData.values.userEnteredFormat only.",
}

ID_KEYS = ("id", "spreadsheetId", "sheetId", "protectedRangeId")


def _recordings() -> list[Path]:
    return sorted(RECORDINGS.glob("*.json"))


def _shape(value: Any) -> Any:
    """Keys, types and nesting of a JSON value, without its contents. A list's shape is the merge
    of its elements' shapes."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    merged: Any = None
    for item in value:
        merged = _merge(merged, _shape(item))
    return ["list", merged]


def _merge(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = _merge(out.get(k), v)
        return out
    if isinstance(a, list) and isinstance(b, list):
        return ["list", _merge(a[1], b[1])]
    return a if a == b else f"{a}|{b}"


def _diff(recorded: Any, actual: Any, path: str, out: list[tuple[str, str]]) -> None:
    if isinstance(recorded, dict) and isinstance(actual, dict):
        for key in recorded.keys() | actual.keys():
            where = f"{path}.{key}" if path else key
            if key not in actual:
                out.append((where, "missing in the stand-in"))
            elif key not in recorded:
                out.append((where, "extra in the stand-in"))
            else:
                _diff(recorded[key], actual[key], where, out)
    elif isinstance(recorded, list) and isinstance(actual, list):
        if recorded[1] is not None and actual[1] is not None:
            _diff(recorded[1], actual[1], path + "[]", out)
    elif recorded != actual:
        out.append((path, f"recorded {recorded}, stand-in {actual}"))


def _learn_ids(recorded: Any, actual: Any, ids: dict[str, str]) -> None:
    if isinstance(recorded, dict) and isinstance(actual, dict):
        for key, value in recorded.items():
            if key in ID_KEYS and key in actual and not isinstance(value, dict | list):
                ids[str(value)] = str(actual[key])
            elif key in actual:
                _learn_ids(value, actual[key], ids)
    elif isinstance(recorded, list) and isinstance(actual, list):
        for r, a in zip(recorded, actual, strict=False):
            _learn_ids(r, a, ids)


def _translate(text: str, ids: dict[str, str]) -> str:
    for old in sorted(ids, key=len, reverse=True):
        if len(old) > 6:  # spreadsheet ids: safe as plain text
            text = text.replace(old, ids[old])
    return text


def _translate_body(body: Any, ids: dict[str, str]) -> Any:
    if isinstance(body, dict):
        return {k: (int(ids[str(v)]) if k in ID_KEYS and isinstance(v, int) and str(v) in ids
                    else _translate_body(v, ids)) for k, v in body.items()}
    if isinstance(body, list):
        return [_translate_body(v, ids) for v in body]
    if isinstance(body, str):
        return _translate(body, ids)
    return body


def _replay(path: Path) -> tuple[list[tuple[str, int, str, str]], int]:
    standin = StandIn().start()
    try:
        token = standin.add_user(RECORDER)
        for file_id, owner in FOREIGN_SPREADSHEETS.items():
            standin.drive.create(owner, {"name": "private"}, 0.0, file_id=file_id)
        session: requests.Session = standin_session(standin.base_url, token)
        ids: dict[str, str] = {}
        found: list[tuple[str, int, str, str]] = []
        interactions = json.loads(path.read_text(encoding="utf-8"))["interactions"]
        for n, exchange in enumerate(interactions):
            req, resp = exchange["request"], exchange["response"]
            body = req["body"]
            data = None
            if body:
                data = json.dumps(_translate_body(json.loads(body), ids)).encode()
            got = session.request(req["method"], _translate(req["uri"], ids), data=data,
                                  headers={"Content-Type": "application/json"} if data else {})
            code = resp["status"]["code"]
            if got.status_code != code:
                found.append((path.name, n, "status", f"recorded {code}, stand-in {got.status_code}"))
                continue
            text = resp["body"]["string"]
            if not text:
                if got.content:
                    found.append((path.name, n, "body", "stand-in sent a body where Google sent none"))
                continue
            recorded, actual = json.loads(text), got.json()
            if code >= 400:
                if _translate_body(recorded, ids) != actual:
                    found.append((path.name, n, "error", f"recorded {recorded}, stand-in {actual}"))
                continue
            diffs: list[tuple[str, str]] = []
            _diff(_shape(recorded), _shape(actual), "", diffs)
            found.extend((path.name, n, where, why) for where, why in diffs)
            _learn_ids(recorded, actual, ids)
        return found, len(interactions)
    finally:
        standin.stop()


def test_the_comparison_sees_a_difference() -> None:
    found: list[tuple[str, str]] = []
    _diff(_shape({"a": [{"b": 1}], "c": "x"}), _shape({"a": [{"b": "1"}], "d": "x"}), "", found)
    assert sorted(found) == [("a[].b", "recorded number, stand-in string"),
                             ("c", "missing in the stand-in"), ("d", "extra in the stand-in")]


def test_there_are_recordings_to_replay() -> None:
    assert len(_recordings()) >= 20, RECORDINGS


@pytest.mark.parametrize("path", _recordings(), ids=lambda p: p.stem)
def test_the_standin_answers_like_google(path: Path) -> None:
    found, replayed = _replay(path)
    assert replayed > 0
    unexpected = [f for f in found if f[:3] not in KNOWN_DIFFERENCES]
    assert not unexpected, "\n".join(f"{name} #{n} {where}: {why}" for name, n, where, why in unexpected)
    listed = {key for key in KNOWN_DIFFERENCES if key[0] == path.name}
    assert listed <= {f[:3] for f in found}, "a listed difference no longer happens: update KNOWN_DIFFERENCES"
