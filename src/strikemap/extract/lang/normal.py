"""Normalise a sentence before the language tables are matched on it."""

from __future__ import annotations

from functools import lru_cache

from strikemap.gazetteer.normalize import ARABIC_LETTER_FORMS

__all__ = ["normalise"]

_ARABIC_LETTERS = str.maketrans(
    {
        # The gazetteer's own letter folding (hamza and alef forms, ta marbuta, ...), so
        # a name here folds exactly as the index folded it.
        **ARABIC_LETTER_FORMS,
        # Hashtags join a name's words with underscores ("#جبل_الزاوية").
        "_": " ",
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Eastern Arabic-Indic digits
        "٫": ".",
        "،": ",",
        "؛": ";",
        "؟": "?",
    }
)
_CYRILLIC = str.maketrans({"ё": "е", "’": "'", "ʼ": "'", "`": "'"})


@lru_cache(maxsize=1)
def _araby():  # type: ignore[no-untyped-def]
    # pyarabic is imported on first Arabic text, not when strikemap is imported.
    from pyarabic import araby

    return araby


def normalise(text: str, code: str) -> str:
    """Return ``text`` lower-cased and folded the way the language tables are written.

    Ukrainian and Russian: ``ё`` is ``е`` and apostrophes are one character (the
    length is kept). Arabic: diacritics and tatweel removed, alef/hamza forms as bare
    alef, ta marbuta as ha, alef maqsura as ya, Arabic-Indic digits as ASCII digits,
    hashtag underscores as spaces (the length changes: offsets into the result are only
    compared with each other).
    """
    if code == "ar":
        araby = _araby()
        text = araby.strip_tatweel(araby.strip_tashkeel(text))
        return text.translate(_ARABIC_LETTERS).lower()
    return text.lower().translate(_CYRILLIC)
