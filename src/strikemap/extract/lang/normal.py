"""Normalise a sentence before the language tables are matched on it."""

from __future__ import annotations

from strikemap.gazetteer.normalize import ARABIC_LETTER_FORMS

__all__ = ["normalise", "original_offset"]

_TASHKEEL = "\u064b\u064c\u064d\u064e\u064f\u0650\u0652\u0651"
"""The marks ``pyarabic.araby.strip_tashkeel`` removes (tanwin, harakat, sukun, shadda)."""
_TATWEEL = "\u0640"

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
        # Diacritics and tatweel are deleted (before any other mapping could apply:
        # a table maps each character once).
        **dict.fromkeys(_TASHKEEL + _TATWEEL),
    }
)
_CYRILLIC = str.maketrans({"ё": "е", "’": "'", "ʼ": "'", "`": "'"})


def normalise(text: str, code: str) -> str:
    """Return ``text`` lower-cased and folded the way the language tables are written.

    Ukrainian and Russian: ``ё`` is ``е`` and apostrophes are one character (the
    length is kept). Arabic: diacritics and tatweel removed, alef/hamza forms as bare
    alef, ta marbuta as ha, alef maqsura as ya, Arabic-Indic digits as ASCII digits,
    hashtag underscores as spaces (the length changes: offsets into the result are only
    compared with each other).
    """
    if code == "ar":
        # One table pass: the marks pyarabic's strip_tashkeel and strip_tatweel remove
        # are deleted, the letters folded.
        return text.translate(_ARABIC_LETTERS).lower()
    return text.lower().translate(_CYRILLIC)


def original_offset(text: str, code: str, pos: int) -> int:
    """Return the offset in ``text`` of offset ``pos`` in ``normalise(text, code)``.

    Evidence spans index the report as written, while the language tables match the
    normalised text: Arabic normalising deletes diacritics and tatweel, so the offsets
    are walked back character by character (Cyrillic keeps the length).
    """
    if code != "ar":
        return pos
    seen = 0
    for i, ch in enumerate(text):
        width = len(ch.translate(_ARABIC_LETTERS).lower())
        # A deleted mark belongs with the letter before it.
        if seen >= pos and width:
            return i
        seen += width
    return len(text)
