"""Error bodies exactly as Google sends them (Sheets v4: ``error.status``; Drive v3: ``error.errors``)."""

from __future__ import annotations

import math
from typing import Any

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


class ApiError(Exception):
    """Raised inside the stand-in; the server turns it into the response."""

    def __init__(self, code: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__(body.get("error", {}).get("message", ""))
        self.code = code
        self.body = body
        self.headers = headers or {}


def sheets_error(code: int, message: str, details: list[dict[str, Any]] | None = None) -> ApiError:
    error: dict[str, Any] = {"code": code, "message": message, "status": STATUS_NAMES[code]}
    if details:
        error["details"] = details
    return ApiError(code, {"error": error})


def invalid_argument(message: str, field: str | None = None) -> ApiError:
    details = None
    if field is not None:
        details = [{
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": field, "description": message}],
        }]
    return sheets_error(400, message, details)


def sheets_not_found() -> ApiError:
    return sheets_error(404, "Requested entity was not found.")


def sheets_forbidden() -> ApiError:
    return sheets_error(403, "The caller does not have permission")


def unauthenticated() -> ApiError:
    return sheets_error(
        401,
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
        "or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project.",
        [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ACCESS_TOKEN_TYPE_UNSUPPORTED",
          "metadata": {"service": "sheets.googleapis.com", "method": "google.apps.sheets.v4.SpreadsheetsService"}}],
    )


def drive_error(code: int, message: str, reason: str, location: str | None = None) -> ApiError:
    item: dict[str, Any] = {"message": message, "domain": "global", "reason": reason}
    if location is not None:
        item["location"] = location
        item["locationType"] = "parameter"
    return ApiError(code, {"error": {"code": code, "message": message, "errors": [item]}})


def drive_not_found(file_id: str) -> ApiError:
    return drive_error(404, f"File not found: {file_id}.", "notFound", "fileId")


def drive_forbidden(file_id: str) -> ApiError:
    return drive_error(403, f"The user does not have sufficient permissions for file {file_id}.",
                       "insufficientFilePermissions")


def quota_exceeded(service: str, metric: str, limit_name: str, limit: int, project: str,
                   retry_after: float | None) -> ApiError:
    """Google's 429: ``Quota exceeded for quota metric 'Read requests' and limit 'Read requests per
    minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:…'.``"""
    message = (f"Quota exceeded for quota metric '{metric}' and limit '{limit_name}' of service "
               f"'{service}' for consumer 'project_number:{project}'.")
    error = {
        "code": 429,
        "message": message,
        "status": "RESOURCE_EXHAUSTED",
        "details": [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "RATE_LIMIT_EXCEEDED",
                "domain": "googleapis.com",
                "metadata": {
                    "service": service,
                    "quota_metric": f"{service}/{metric.lower().replace(' ', '_')}",
                    "quota_limit": limit_name.title().replace(" ", ""),
                    "quota_limit_value": str(limit),
                    "quota_location": "global",
                    "consumer": f"projects/{project}",
                },
            },
            {
                "@type": "type.googleapis.com/google.rpc.Help",
                "links": [{"description": "Request a higher quota limit.",
                           "url": "https://cloud.google.com/docs/quotas/help/request_increase"}],
            },
        ],
    }
    headers = {"Retry-After": str(max(1, math.ceil(retry_after)))} if retry_after is not None else {}
    return ApiError(429, {"error": error}, headers)
