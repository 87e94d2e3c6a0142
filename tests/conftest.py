"""Test-session set-up.

xlwings decides at import whether its PRO parts (the remote engine ``xw.Book(json=...)``) are
licensed, so the key is set here, before any test module imports xlwings. The remote engine is
used under the PolyForm Noncommercial licence (see docs/excel-addin.md); nothing outside the
tests sets this key, and the Windows runtime uses only open-source xlwings.
"""

import os

os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
