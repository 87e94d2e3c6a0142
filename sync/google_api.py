"""The one place the gspread client is built: credentials, scopes, and bounded retries.

Scope: ``drive.file`` only — Baulu sees and edits the spreadsheets it created itself (by ``baulu
provision``) and nothing else in anyone's Drive. It covers everything Baulu does: creating the
sheets, reading and writing them through the Sheets API (which accepts ``drive.file`` for files the
app created), listing them with their ``modifiedTime``, and sharing them. ``spreadsheets`` or
``drive`` would open every sheet shared with the service account; that is more than Baulu needs.

Retries: 429, 5xx and dropped connections are retried with exponential backoff and jitter,
honouring ``Retry-After``, at most ``attempts`` times and ``budget`` seconds in all. gspread's own
``BackOffHTTPClient`` retries without a bound and by recursion, so it is not used. 403 and 404 are
never retried (Drive's quota 403s, whose reason says so, are).
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gspread
import requests
from gspread.http_client import HTTPClient
from requests.adapters import HTTPAdapter

from schemas.errors import BauluError

SCOPES = ("https://www.googleapis.com/auth/drive.file",)
CREDENTIALS_ENV = "BAULU_GOOGLE_CREDENTIALS"
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
DRIVE_QUOTA_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


@dataclass
class RetryPolicy:
    """How hard to try one request. ``sleep`` and ``clock`` are injected so tests never wait."""

    attempts: int = 8
    base: float = 1.0
    cap: float = 64.0
    budget: float = 240.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Equal jitter: between half and all of ``base·2^attempt`` (capped), never less than
        ``Retry-After``. Sheets' 429 carries no Retry-After and its quotas are per minute; with the
        defaults the waits before the 8th attempt add up to more than a minute whatever the dice."""
        step = min(self.cap, self.base * 2 ** attempt)
        return max(self.rng.uniform(step / 2, step), retry_after or 0.0)


def retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _retryable(response: requests.Response) -> bool:
    if response.status_code in RETRIED_STATUSES:
        return True
    if response.status_code == 403:
        try:
            errors = response.json().get("error", {}).get("errors", [])
        except ValueError:
            return False
        return any(e.get("reason") in DRIVE_QUOTA_REASONS for e in errors if isinstance(e, dict))
    return False


class RetryingHTTPClient(HTTPClient):  # type: ignore[misc]
    """gspread's HTTP client with bounded retries; every gspread call goes through ``request``."""

    def __init__(self, auth: Any, session: requests.Session | None = None,
                 policy: RetryPolicy | None = None) -> None:
        super().__init__(auth, session)
        self.policy = policy or RetryPolicy()
        self.retries = 0

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        policy = self.policy
        started = policy.clock()
        attempt = 0
        while True:
            wait: float | None
            try:
                return super().request(*args, **kwargs)  # type: ignore[no-any-return]
            except gspread.exceptions.APIError as err:
                if not _retryable(err.response):
                    raise
                failure: Exception = err
                wait = retry_after(err.response)
            except (requests.ConnectionError, requests.Timeout) as err:
                failure, wait = err, None
            attempt += 1
            delay = policy.delay(attempt - 1, wait)
            if attempt >= policy.attempts or policy.clock() - started + delay > policy.budget:
                raise failure
            self.retries += 1
            policy.sleep(delay)


def make_client(session: requests.Session, policy: RetryPolicy | None = None) -> gspread.Client:
    """The gspread client over ``session`` (an authorised session: see :func:`authorised_session`)."""
    auth = getattr(session, "credentials", None)
    client = gspread.Client(auth, session)  # type: ignore[arg-type]
    client.http_client = RetryingHTTPClient(auth, session, policy)
    return client


def service_account_email(env: Mapping[str, str] | None = None) -> str:
    """The service account's e-mail from its key file (the only field of it Baulu ever shows)."""
    info = _key_info(env)
    return str(info.get("client_email", ""))


def _key_info(env: Mapping[str, str] | None) -> dict[str, Any]:
    env = os.environ if env is None else env
    path = env.get(CREDENTIALS_ENV)
    if not path:
        raise BauluError(
            f"{CREDENTIALS_ENV} айнымалысы берілмеген: сервистік аккаунт кілтінің жолын көрсетіңіз. / "
            f"Переменная {CREDENTIALS_ENV} не задана: укажите путь к ключу сервисного аккаунта.")
    try:
        info = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BauluError(
            f"{CREDENTIALS_ENV}: кілт файлы оқылмады. / файл ключа не прочитан.") from None
    if not isinstance(info, dict) or info.get("type") != "service_account":
        raise BauluError(
            f"{CREDENTIALS_ENV}: бұл сервистік аккаунт кілті емес (JSON). / "
            f"это не ключ сервисного аккаунта (JSON).")
    return info


def authorised_session(env: Mapping[str, str] | None = None,
                       adapter: HTTPAdapter | None = None) -> requests.Session:
    """An authorised session for the service account whose key ``BAULU_GOOGLE_CREDENTIALS`` names.
    The key is read here and kept in memory only. ``adapter``, when given, carries every request
    (the token exchange included): the one network seam, which tests point at the stand-in."""
    from google.auth.transport.requests import AuthorizedSession, Request
    from google.oauth2.service_account import Credentials

    credentials = Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
        _key_info(env), scopes=list(SCOPES))
    transport = requests.Session()
    if adapter is not None:
        transport.mount("https://", adapter)
    session: requests.Session = AuthorizedSession(  # type: ignore[no-untyped-call]
        credentials, auth_request=Request(transport))
    if adapter is not None:
        session.mount("https://", adapter)
    return session
