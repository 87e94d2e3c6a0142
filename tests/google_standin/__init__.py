"""A local HTTP stand-in of the Google Sheets v4 and Drive v3 APIs, for tests.

``StandIn().start()`` serves on 127.0.0.1; ``standin_client(standin.base_url, token)`` gives the real
gspread client talking to it. Known differences from Google are listed in
``tests/test_google_standin_fidelity.py`` (``KNOWN_DIFFERENCES``)."""

from .clock import ManualClock, RealClock, rfc3339
from .server import Fault, Quotas, StandIn
from .transport import RewriteAdapter, standin_client, standin_session

__all__ = ["Fault", "ManualClock", "Quotas", "RealClock", "RewriteAdapter", "StandIn", "rfc3339",
           "standin_client", "standin_session"]
