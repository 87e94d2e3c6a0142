"""Why a file could not be read or written, in Kazakh and Russian, never in a library's English.

Known exception types get a sentence a coordinator understands; anything else gets a general
sentence naming the type, so that nothing English (``File is not a zip file``) reaches a person.
"""

from __future__ import annotations

import zipfile

from openpyxl.utils.exceptions import InvalidFileException

from schemas.errors import BauluError

Reason = tuple[str, str]  # (kk, ru)

_NOT_XLSX: Reason = (
    "бұл .xlsx кітабы емес немесе файл бүлінген (Excel-де ашып, .xlsx ретінде қайта сақтаңыз)",
    "это не книга .xlsx или файл повреждён (откройте в Excel и сохраните заново как .xlsx)",
)
_FORMAT: Reason = (
    "бұл пішім оқылмайды, тек .xlsx (ескі .xls файлын Excel-де .xlsx ретінде сақтаңыз)",
    "этот формат не читается, только .xlsx (старый .xls пересохраните в Excel как .xlsx)",
)
_BY_TYPE: tuple[tuple[type[BaseException], Reason], ...] = (
    (zipfile.BadZipFile, _NOT_XLSX),
    (KeyError, _NOT_XLSX),  # a zip without the parts of a workbook
    (InvalidFileException, _FORMAT),
    (FileNotFoundError, ("файл табылмады", "файл не найден")),
    (IsADirectoryError, ("бұл файл емес, папка", "это папка, а не файл")),
    (PermissionError, ("файлға рұқсат жоқ: ол Excel-де ашық тұрған болуы мүмкін, немесе оқуға тыйым салынған",
                       "нет доступа к файлу: возможно, он открыт в Excel или закрыт для чтения")),
    (UnicodeDecodeError, ("мәтіннің кодталуы танылмады (UTF-8 болуы керек)",
                          "кодировка текста не распознана (нужна UTF-8)")),
    (MemoryError, ("файл тым үлкен, жадқа сыймайды", "файл слишком большой, не помещается в память")),
    (OSError, ("файлды оқу кезінде жүйе қатесі шықты", "при чтении файла произошла системная ошибка")),
)


_ENTITY_BOMB: Reason = (
    "файлдағы XML нысандары (entity) шексіз мәтінге ашылады: мұндай файл оқылмайды",
    "XML-сущности (entity) в файле раскрываются в огромный текст: такой файл не читается",
)


def _entity_bomb(exc: BaseException) -> bool:
    """defusedxml's refusals, and lxml's (openpyxl parses some parts with lxml when it is
    installed: it does not expand entities and stops an amplification itself)."""
    name = type(exc).__name__
    if name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
        return True
    text = str(exc).lower()
    return name == "XMLSyntaxError" and ("entit" in text or "amplification" in text)


def explain(exc: BaseException) -> Reason:
    """The reason, in Kazakh and Russian, that ``exc`` stands for."""
    if isinstance(exc, BauluError):
        return exc.kk, exc.ru
    if _entity_bomb(exc):
        return _ENTITY_BOMB
    for kind, reason in _BY_TYPE:
        if isinstance(exc, kind):
            return reason
    name = type(exc).__name__
    return (f"күтпеген қате ({name}): файлды Excel-де ашып тексеріңіз",
            f"непредвиденная ошибка ({name}): откройте файл в Excel и проверьте")


def unreadable(name: str, exc: BaseException) -> BauluError:
    """The error for a file that could not be opened, its reason in both languages."""
    kk, ru = explain(exc)
    return BauluError(f"{name}: {kk}", f"{name}: {ru}")
