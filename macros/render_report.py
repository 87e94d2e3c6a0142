"""Show what ``baulu report`` wrote on the terminal."""

from __future__ import annotations

from rich.console import Console

from macros import texts
from macros.report import Written
from schemas.lang import Lang


def print_written(console: Console, written: Written, lang: Lang) -> None:
    console.print(texts.REPORT_DOCUMENT(lang, path=written.docx))
    if written.pdf is not None:
        console.print(texts.REPORT_PDF(lang, path=written.pdf))
    elif written.pdf_wanted:
        console.print(texts.REPORT_NO_PDF(lang))
    console.print(texts.REPORT_REVIEW(lang))
