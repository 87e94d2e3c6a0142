"""Pointing the real gspread at the stand-in: a ``requests`` transport adapter mounted on the
client's session rewrites ``https://sheets.googleapis.com/…`` and ``https://www.googleapis.com/…`` to
the stand-in's address. gspread itself is not patched; its credentials are a plain bearer token that
needs no network (``google.oauth2.credentials.Credentials`` without a refresh token)."""

from __future__ import annotations

from typing import Any

import gspread
from google.auth.transport.requests import AuthorizedSession
from google.oauth2.credentials import Credentials
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter

GOOGLE_HOSTS = ("sheets.googleapis.com", "www.googleapis.com", "oauth2.googleapis.com")


class RewriteAdapter(HTTPAdapter):
    """Sends ``https://<google host>/<path>`` to ``<base_url>/<google host>/<path>``."""

    def __init__(self, base_url: str) -> None:
        super().__init__(max_retries=0)
        self.base_url = base_url.rstrip("/")

    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        local = request.copy()
        url = str(request.url)
        for host in GOOGLE_HOSTS:
            prefix = f"https://{host}/"
            if url.startswith(prefix):
                local.url = f"{self.base_url}/{host}/{url[len(prefix):]}"
                break
        else:
            raise ValueError(f"the stand-in does not serve {url}")
        return super().send(local, *args, **kwargs)


def standin_session(base_url: str, token: str) -> AuthorizedSession:
    """An authorised session whose Google traffic goes to the stand-in."""
    session = AuthorizedSession(Credentials(token=token))  # type: ignore[no-untyped-call]
    adapter = RewriteAdapter(base_url)
    for host in GOOGLE_HOSTS:
        session.mount(f"https://{host}/", adapter)
    return session


def standin_client(base_url: str, token: str) -> gspread.Client:
    """The real ``gspread.Client`` (its default ``HTTPClient``) talking to the stand-in."""
    session = standin_session(base_url, token)
    return gspread.Client(auth=session.credentials, session=session)
