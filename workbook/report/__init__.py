"""Reports as documents: the .docx (python-docx), its figures (matplotlib) and a PDF beside it
(LibreOffice, when installed). They draw a :class:`schemas.analytics.document.Document`; every
number and sentence is decided there."""
