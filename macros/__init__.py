"""macros package of Baulu: what a person triggers (the command line, the ribbon, worksheet functions).

openpyxl switches to lxml whenever lxml is installed, and python-docx (the reports) brings lxml; on
that path openpyxl writes workbooks about a quarter slower (measured on the demo's first sync) and
escapes text differently. Every action starts here, before openpyxl is imported, so Baulu keeps
openpyxl on its standard-library path (``OPENPYXL_LXML``, openpyxl's own switch); a person who
sets the variable decides otherwise.
"""

import os

os.environ.setdefault("OPENPYXL_LXML", "False")
