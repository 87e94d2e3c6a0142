"""Text normalisation shared by header matching and vocabulary look-ups."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin letters that look like Cyrillic ones, as typed on a mixed keyboard layout.
_LOOKALIKES = str.maketrans(
    {
        "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к",
        "m": "м", "t": "т", "h": "н", "b": "в", "i": "і", "ё": "е",
    }
)
_SPACE = re.compile(r"[\s\u00a0_]+")


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Fold case, spacing, line breaks, dashes and Latin/Cyrillic look-alike letters."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    text = text.replace("–", "-").replace("—", "-").replace("«", '"').replace("»", '"')
    text = _SPACE.sub(" ", text).strip(" .:*")
    return text.translate(_LOOKALIKES)
