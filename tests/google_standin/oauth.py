"""Google's OAuth token endpoint for service accounts: a signed JWT in, an access token out.

The stand-in makes each service account's key (``StandIn.add_service_account``), so it can check
the signature of every token request, as Google does."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qs

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def new_key(email: str, project: str) -> tuple[dict[str, str], rsa.RSAPublicKey]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    info = {
        "type": "service_account",
        "project_id": f"baulu-{project}",
        "private_key_id": base64.b16encode(private.public_key().public_numbers().n.to_bytes(256, "big")[:20])
        .decode().lower(),
        "private_key": pem,
        "client_email": email,
        "client_id": project + "0001",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    return info, private.public_key()


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _refused(description: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    return 400, {"error": "invalid_grant", "error_description": description}, {}


def token_reply(standin: Any, body: bytes) -> tuple[int, dict[str, Any], dict[str, str]]:
    form = {k: v[-1] for k, v in parse_qs(body.decode()).items()}
    if form.get("grant_type") != JWT_GRANT or "assertion" not in form:
        return 400, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type"}, {}
    try:
        head, payload, signature = form["assertion"].split(".")
        claims = json.loads(_b64(payload))
    except ValueError:
        return _refused("Invalid JWT")
    email = str(claims.get("iss", ""))
    public = standin.service_accounts.get(email)
    if public is None:
        return _refused("Invalid JWT Signature.")
    try:
        public.verify(_b64(signature), f"{head}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return _refused("Invalid JWT Signature.")
    token = standin.add_user(email)
    standin.scopes[token] = str(claims.get("scope", "")).split()
    return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}, {}
