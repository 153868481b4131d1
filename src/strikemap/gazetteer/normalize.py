"""Name normalisation: one folded key for exact matching and a looser skeleton key.

Two levels are kept because the same place is spelled many ways in strike reports:

* :func:`normalize_name` (the *folded key*) only removes what never distinguishes two
  places: case, Latin diacritics, apostrophes and ayn/hamza marks, punctuation and
  hyphens, Arabic harakat and letter-shape variants. ``"Jisr al-Shughur"`` and
  ``"JISR AL SHUGHUR"`` share it.
* :func:`skeleton_key` folds transliteration choices too: Arabic articles (``al-``,
  ``ash-``, ``ez-`` ...), vowels, ``y``/``w`` glides, ``kh/h``, ``q/k``, ``sh/ch/s``,
  doubled letters and word breaks. ``"Jisr ash-Shughur"``, ``"Jisr Al Shugour"`` and
  ``"Jisr al-Shughur"`` share ``"jsrsgr"``; ``"Deir ez-Zor"`` and ``"Dayr az Zawr"``
  share ``"drzr"``. A skeleton match is weaker evidence and is scored lower.

:func:`fold_text` folds a whole text the way :func:`normalize_name` folds a name, and
keeps a map back to the original character offsets so spotted names can be quoted.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Marks that carry no distinguishing information in transliterated names.
_APOSTROPHES = frozenset("'`´ʹʻʼʽʾʿˈ‘’‛′")
_ARABIC_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670", "\u0640", "\u0654", "\u0655"]
)
_ARABIC_MAP = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ة": "ه",
    "ى": "ي",
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "ی": "ي",
}
_CYRILLIC_MAP = {"ё": "е"}

# ASCII: letters/digits are kept (lowered), apostrophes dropped, everything else a space.
_ASCII_TABLE = {
    c: (None if chr(c) in _APOSTROPHES else (chr(c).lower() if chr(c).isalnum() else " "))
    for c in range(128)
}

_ARTICLES = frozenset(
    [
        "al",
        "el",
        "il",
        "ul",
        "as",
        "ash",
        "es",
        "esh",
        "at",
        "ath",
        "et",
        "eth",
        "ad",
        "adh",
        "ed",
        "an",
        "en",
        "ar",
        "er",
        "az",
        "ez",
    ]
)
# bytes.translate is several times faster than str.translate with a dict.
_ASCII_BYTES = bytes(
    (ord(chr(c).lower()) if chr(c).isalnum() else 32) if c < 128 else c for c in range(256)
)
_ASCII_DELETE = bytes(ord(c) for c in _APOSTROPHES if ord(c) < 128)
_DUPLICATES = re.compile(r"(.)\1+")
_WS = re.compile(r"\s+")
_MULTI_SPACE = re.compile(r"  +")
_SKELETON_SUBS = (
    ("tch", "ch"),
    ("dj", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
)
_DROP_VOWELS = str.maketrans("", "", "aeiouyw")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Fold one non-ASCII character (cached: texts reuse few distinct characters)."""
    if ch in _APOSTROPHES:
        return ""
    if ch in _ARABIC_DROP:
        return ""
    if ch in _ARABIC_MAP:
        return _ARABIC_MAP[ch]
    cat = unicodedata.category(ch)
    if cat.startswith("M"):
        return ""
    if cat.startswith("L"):
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            return anyascii(ch).lower().translate(_ASCII_TABLE)
        low = ch.lower()
        return _CYRILLIC_MAP.get(low, low)
    if cat == "Nd":
        return str(unicodedata.digit(ch, 0))
    return " "


def is_latin(s: str) -> bool:
    """Return whether the letters of ``s`` are (mostly) Latin script.

    Parameters
    ----------
    s
        Any text.

    Returns
    -------
    bool
        ``True`` when no letter is outside the Latin script.
    """
    for ch in s:
        if ord(ch) < 128:
            continue
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def normalize_name(s: str) -> str:
    """Return the folded key of a name (exact-match level).

    Parameters
    ----------
    s
        A place name in any script.

    Returns
    -------
    str
        Lower case, Latin diacritics removed (anyascii), apostrophes and ayn/hamza
        marks dropped, punctuation and hyphens turned to single spaces, Arabic harakat
        removed and alef/ta marbuta/alef maqsura unified; Cyrillic kept as lower case.
    """
    if s.isascii():
        folded = s.encode("ascii").translate(_ASCII_BYTES, _ASCII_DELETE).decode("ascii")
    else:
        folded = "".join(
            (ch.translate(_ASCII_TABLE) if ord(ch) < 128 else _fold_char(ch)) for ch in s
        )
    return " ".join(folded.split())


def _skeleton_token(tok: str) -> str:
    if not tok.isascii():
        return tok
    # -ah/-eh endings: a final h after a vowel is a spelling of ta marbuta.
    if len(tok) > 3 and tok[-1] == "h" and tok[-2] in "aeiou":
        tok = tok[:-1]
    for a, b in _SKELETON_SUBS:
        if a in tok:
            tok = tok.replace(a, b)
    return tok.translate(_DROP_VOWELS)


def skeleton_key(s: str) -> str:
    """Return the loose "skeleton" key of a name (transliteration-tolerant level).

    Parameters
    ----------
    s
        A place name, raw or already folded.

    Returns
    -------
    str
        The folded key with Arabic articles removed, digraphs merged (kh/h, sh/ch/s,
        gh/g, th/t, dh/d, q/k), vowels and ``y``/``w`` dropped, doubled letters merged
        and spaces removed. Non-Latin tokens are kept as folded. Empty when nothing is
        left (the caller then falls back to the folded key).
    """
    return skeleton_from_key(normalize_name(s))


def skeleton_from_key(key: str) -> str:
    """Return :func:`skeleton_key` of an already folded key (saves folding twice)."""
    tokens = key.split()
    kept = [t for t in tokens if t not in _ARTICLES] or tokens
    return _DUPLICATES.sub(r"\1", "".join([_skeleton_token(t) for t in kept]))


def fold_text(text: str) -> tuple[str, list[int]]:
    """Fold a whole text like :func:`normalize_name`, keeping offsets into the original.

    Parameters
    ----------
    text
        The original text.

    Returns
    -------
    folded : str
        The folded text; runs of spaces are collapsed to one.
    positions : list of int
        ``positions[i]`` is the index in ``text`` of the character that produced
        ``folded[i]``; ``len(positions) == len(folded)``.
    """
    parts: list[str] = []
    pos: list[int] = []
    start = 0
    for m in _SPECIAL.finditer(text):
        if m.start() > start:
            seg = text[start : m.start()]
            parts.append(seg.translate(_ASCII_TABLE))
            pos.extend(range(start, m.start()))
        for i in range(m.start(), m.end()):
            f = text[i].translate(_ASCII_TABLE) if ord(text[i]) < 128 else _fold_char(text[i])
            if f:
                parts.append(f)
                pos.extend([i] * len(f))
        start = m.end()
    if start < len(text):
        parts.append(text[start:].translate(_ASCII_TABLE))
        pos.extend(range(start, len(text)))
    folded = "".join(parts)
    if "  " in folded:
        # Collapse runs of spaces with list slices (C speed) rather than a char loop.
        new_parts: list[str] = []
        new_pos: list[int] = []
        last = 0
        for m in _MULTI_SPACE.finditer(folded):
            new_parts.append(folded[last : m.start() + 1])
            new_pos.extend(pos[last : m.start() + 1])
            last = m.end()
        new_parts.append(folded[last:])
        new_pos.extend(pos[last:])
        folded = "".join(new_parts)
        pos = new_pos
    return folded, pos


# Characters whose folding is not one-to-one: non-ASCII and apostrophes.
_SPECIAL = re.compile(r"[^\x00-\x7f'`]+|['`]+")

GENERIC_WORDS = frozenset(
    [
        "province",
        "governorate",
        "governorat",
        "oblast",
        "region",
        "state",
        "district",
        "subdistrict",
        "sub",
        "countryside",
        "city",
        "town",
        "village",
        "neighbourhood",
        "neighborhood",
        "area",
        "municipality",
        "raion",
        "rayon",
        "hromada",
        "camp",
        "suburb",
        "suburbs",
        "outskirts",
        "of",
        "the",
        "muhafazat",
        "muhafazah",
        "mohafazat",
    ]
)
"""Words that name a kind of area rather than the area ("Idlib *province*")."""


def strip_generic(s: str) -> str:
    """Return the folded key of ``s`` without generic kind words.

    Parameters
    ----------
    s
        A name such as ``"Idlib province"`` or ``"Luhansk Oblast"``.

    Returns
    -------
    str
        ``"idlib"``, ``"luhansk"``; the full folded key when only kind words remain.
    """
    key = normalize_name(s)
    kept = [t for t in key.split() if t not in GENERIC_WORDS]
    return " ".join(kept) if kept else key
