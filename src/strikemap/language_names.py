"""English names of the report languages, for labels in tables, popups and filters.

Codes are stored and filtered as detected (:mod:`strikemap.language`); only what a person
reads gets a name. Languages without a name here are shown by their code alone.
"""

from __future__ import annotations

__all__ = ["LANGUAGE_NAMES", "language_label"]

LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic",
    "be": "Belarusian",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "he": "Hebrew",
    "ku": "Kurdish",
    "ru": "Russian",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "und": "undetermined",
}
"""Names of the languages strikemap's sources are most often written in."""


def language_label(code: object) -> str:
    """Return ``"uk (Ukrainian)"`` for a code, the code alone when unnamed, ``""`` for none.

    Examples
    --------
    >>> language_label("uk")
    'uk (Ukrainian)'
    >>> language_label("xx")
    'xx'
    >>> language_label(None)
    ''
    """
    if not isinstance(code, str) or not code:
        return ""
    name = LANGUAGE_NAMES.get(code)
    return f"{code} ({name})" if name else code
