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
ARABIC_LETTER_FORMS: dict[str, str] = {  # one spelling of letters written several ways
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

ARABIC_ARTICLES = frozenset(
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
    if ch in ARABIC_LETTER_FORMS:
        return ARABIC_LETTER_FORMS[ch]
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
        folded = s.translate(_FOLDS)
    return " ".join(folded.split())


# Qualifier words that Arabic and English sources translate differently ("Upper
# Baguz" / "Baghouz al-Foqani", "Big Orm" / "Urm al-Kubra"): each maps to one code
# token that keys keep at the end, so both spellings share a key.
_QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(
        ["upper", "foqani", "fuqani", "fouqani", "fawqani", "fauqani", "fokani", "foqa"], "0up"
    ),
    **dict.fromkeys(["lower", "tahtani", "tahtania", "tahtaniya", "tahtaniyah"], "0lo"),
    **dict.fromkeys(
        ["big", "great", "greater", "kabir", "kbir", "kabeer", "kebir", "kabira", "kabirah",
         "kabeera", "kubra", "kobra"],
        "0bg",
    ),
    **dict.fromkeys(
        ["little", "small", "saghir", "sghir", "zghir", "sagheer", "saghira", "saghirah",
         "sughra", "soghra", "sugra"],
        "0sm",
    ),
    **dict.fromkeys(
        ["eastern", "east", "sharqi", "sharki", "sharqiya", "sharqiyah", "sharqiyeh",
         "sharkiya", "sharqieh"],
        "0ea",
    ),
    **dict.fromkeys(
        ["western", "west", "gharbi", "gharbiya", "gharbiyah", "gharbiyeh", "gharbieh"], "0we"
    ),
    **dict.fromkeys(
        ["northern", "north", "shamali", "shemali", "shamaliya", "shamaliyah", "shamaliyeh"],
        "0no",
    ),
    **dict.fromkeys(
        ["southern", "south", "janoubi", "janubi", "jnubi", "janoubiya", "janubiya",
         "janubiyah", "janoubiyeh", "qibli"],
        "0so",
    ),
    **dict.fromkeys(["middle", "central", "wusta", "wasta", "wastani", "awsat"], "0mi"),
}  # fmt: skip
QUALIFIER_WORDS = frozenset(_QUALIFIERS)
"""Qualifier words in their usual spellings ("upper", "kubra", "sharqi" ...)."""
QUALIFIER_CODES = tuple(sorted(set(_QUALIFIERS.values())))
"""The codes :func:`skeleton_from_key` and :func:`variant_key` append for qualifiers."""
# Generic words written several ways; mapped to one spelling in the variant key.
_WORD_VARIANTS: dict[str, str] = {
    **dict.fromkeys(["abu", "abo", "abou", "aboo", "bou", "abul", "abol", "abil"], "abu"),
    **dict.fromkeys(["um", "umm", "om", "oum", "omm", "oumm", "im"], "um"),
    **dict.fromkeys(["tal", "tall", "tell", "tel", "til"], "tal"),
    **dict.fromkeys(["kafr", "kfar", "kefr", "kafar", "kfr", "kafir", "kufr", "kefar"], "kafr"),
    **dict.fromkeys(["ain", "ein", "ayn", "ayin", "aen", "aein", "ayun", "oyun"], "ain"),
    **dict.fromkeys(["deir", "dayr", "der", "dair", "dear", "deyr", "dier"], "deir"),
    **dict.fromkeys(
        ["khirbet", "kherbet", "khirbat", "kherbat", "khirbit", "khurbet", "khirba", "kherba",
         "khrbet"],
        "khirbet",
    ),
    **dict.fromkeys(["beit", "bayt", "bait", "beyt", "bet", "beyit"], "beit"),
    **dict.fromkeys(["jisr", "jsr", "jisser", "jesr", "jasr"], "jisr"),
    **dict.fromkeys(["qasr", "kasr", "qsar", "qaser"], "qasr"),
    **dict.fromkeys(["jabal", "jebel", "jabl", "jbel", "jebal", "djebel"], "jabal"),
    **dict.fromkeys(["sheikh", "shaykh", "shaikh", "shekh", "cheikh", "sheik", "shiekh"], "sheikh"),
    **dict.fromkeys(["bir", "beer", "bi'r", "bier", "ber"], "bir"),
}  # fmt: skip
WORD_VARIANT_SPELLINGS = frozenset(_WORD_VARIANTS)
"""Generic head words of Arabic place names in their usual spellings ("tal", "kafr",
"deir", "ain", ...): a name starting with one is not named after another place."""
# "Abul Fashafish" = "Abu al-Fashafish": the article is glued to the word before it.
_GLUED_ARTICLE_WORDS = frozenset(["abul", "abol", "abil"])
_VARIANT_SUBS = (
    ("iyyah", "iya"),
    ("iyya", "iya"),
    ("iyeh", "iya"),
    ("iyah", "iya"),
    ("iye", "iya"),
    ("ieh", "iya"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ei", "i"),
    ("aa", "a"),
)


_DOUBLED_CONSONANT = re.compile(r"([b-df-hj-np-tv-z])\1+")
_I_GLIDE = re.compile(r"i(?=[aou])")
_AY_DIPHTHONG = re.compile(r"ay(?![aeiou])")


def _split_glued_article(tok: str, first: bool) -> str:
    """Drop an article glued to a later word ("Orm Eljoz" = "Orm el-Joz")."""
    if not first and len(tok) >= 5 and tok[:2] in ("el", "al") and tok.isascii():
        return tok[2:]
    return tok


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


@lru_cache(maxsize=65536)
def skeleton_from_key(key: str) -> str:
    """Return :func:`skeleton_key` of an already folded key (saves folding twice).

    Besides the letter folding, three word-level rules apply: a qualifier ("Upper",
    "al-Foqani", "Big", "al-Kabira", "Eastern", "Sharqi" ...) becomes one code kept at
    the end; an article glued to a later word ("Eljoz") or to "Abu" ("Abul") is
    dropped; a construct ending ("Hamrat Balasim", "Tabiyet Jazira") loses its ``t``.
    """
    tokens, quals = _tokens(key)
    if not tokens:
        return "".join(quals)
    last = len(tokens) - 1
    parts = []
    for i, t in enumerate(tokens):
        sk = _skeleton_token(t)
        if i < last and len(t) >= 5 and t[-2:] in ("at", "et", "it") and t.isascii():
            sk = sk[:-1]  # ta marbuta before a following word ("Maarat", "Maaret")
        parts.append(sk)
    return _DUPLICATES.sub(r"\1", "".join(parts)) + "".join(quals)


def _tokens(key: str) -> tuple[list[str], list[str]]:
    """Split a folded key into name tokens (articles dropped) and sorted qualifier codes."""
    raw = key.split()
    quals: list[str] = []
    kept: list[str] = []
    for i, t in enumerate(raw):
        q = _QUALIFIERS.get(t)
        if q is not None and len(raw) > 1:
            quals.append(q)
            continue
        if t in ARABIC_ARTICLES:
            continue
        if t in _GLUED_ARTICLE_WORDS:
            t = "abu"
        kept.append(_split_glued_article(t, i == 0))
    if not kept:
        kept = [t for t in raw if t not in _QUALIFIERS] or raw
        quals = []
    return kept, sorted(quals)


@lru_cache(maxsize=65536)
def variant_key(key: str) -> str:
    """Return the spelling-variant key of a folded key (between folded and skeleton).

    Parameters
    ----------
    key
        A folded key (:func:`normalize_name`).

    Returns
    -------
    str
        Articles dropped (also when glued: "Eljoz", "Abul"), generic words written one
        way ("Kfar"/"Kafar"/"Kefr" -> "kafr", "Tell"/"Tal", "Ein"/"Ayn"/"Ain", "Abo"/
        "Abu", "Om"/"Umm"/"Um", "Dayr"/"Deir" ...), qualifiers coded as in
        :func:`skeleton_from_key`, common vowel spellings unified ("-iyeh"/"-iyah"/
        "-iya", "ou"/"u", "ee"/"i", final "-eh"/"-ah"/"-a"), doubled letters merged,
        spaces removed; a final "-a" before a qualifier dropped ("Urma al-Kubra" /
        "Big Orm"). Two spellings whose variant keys are equal or very close are
        the same name written by two transliteration habits; the resolver uses it to
        rank and to check skeleton matches, so that "Al Fakkah" meets "Fakkeh" but
        "Kan Thit" does not meet "Kin Taw".
    """
    if not key.isascii():
        return key.replace(" ", "")
    tokens, quals = _tokens(key)
    out = []
    last = len(tokens) - 1
    for i, t in enumerate(tokens):
        t = _WORD_VARIANTS.get(t, t)
        if i < last and len(t) >= 5 and t[-2:] in ("at", "et", "it"):
            t = t[:-1]  # construct ending: "Hamrat Balasim" = "Hamra Balasim"
        # A doubled consonant (shadda) is written or not at will ("Hayyan"/"Hayan"):
        # merged before the vowel rules so "ayy" and "ay" meet the same rule.
        t = _DOUBLED_CONSONANT.sub(r"\1", t)
        # "i" before another vowel is the y glide written or not ("Janoudia" /
        # "Janudiyah", "Balion" / "Balyun"): the glide is spelled out.
        t = _I_GLIDE.sub("iy", t)
        for a, b in _VARIANT_SUBS:
            if a in t:
                t = t.replace(a, b)
        if "ay" in t:
            # "Dayr"/"Deir": a y after "a" spells the diphthong, unless a vowel follows
            # and it is the consonant ("Sayal", "Hayyan").
            t = _AY_DIPHTHONG.sub("ai", t)
        if len(t) > 3 and t[-1] == "h" and t[-2] in "aeiou":
            t = t[:-1]
        if len(t) > 2 and t[-1] == "e":
            t = t[:-1] + "a"
        if quals and i == last and len(t) > 3 and t[-1] == "a":
            # The feminine ending is written before an agreeing qualifier ("Urma
            # al-Kubra") and dropped in the translated form ("Big Orm").
            t = t[:-1]
        out.append(t)
    return _DUPLICATES.sub(r"\1", "".join(out)) + "".join(quals)


@lru_cache(maxsize=65536)
def consonant_frame(vkey: str) -> str:
    """Return the consonants of a variant key, letter-folded but not de-duplicated.

    Parameters
    ----------
    vkey
        A :func:`variant_key`.

    Returns
    -------
    str
        :func:`skeleton_from_key`'s letter folding (kh/h, q/k, sh/s ...; vowels, ``y``
        and ``w`` dropped) without merging repeated consonants. Two names with the same
        skeleton but different frames differ by a consonant or a syllable ("Tabqaqa" /
        "Tabqa", "Maadi" / "Um Wadi", "Hama" / "Hamama"), not by a vowel spelling.
    """
    if not vkey.isascii():
        return vkey
    return _fold_consonant_letters(vkey).translate(_DROP_VOWELS)


def _fold_consonant_letters(vkey: str) -> str:
    """Fold the consonant letters of an ASCII variant key, glides before vowels upper-cased."""
    # sh/ch/tch are one consonant distinct from s ("Shadaa" is not "Sa'dah",
    # "Taramchuk" not "Taromske"), though the skeleton merges them.
    for a in ("tch", "sh", "ch"):
        if a in vkey:
            vkey = vkey.replace(a, "S")
    for a, b in _SKELETON_SUBS:
        if a in vkey:
            vkey = vkey.replace(a, b)
    # A w/y before a vowel is a consonant ("Um Wadi"); elsewhere it spells a vowel.
    return _GLIDE_CONSONANT.sub(lambda m: m.group(0).upper(), vkey)


_GLIDE_CONSONANT = re.compile(r"[wy](?=[aeiou])")
_VOWEL_RUN = re.compile(r"[aeiouyw]+")
_BEFORE_GLIDE = re.compile(r"[aeiouyw]+(?=[YW])")


@lru_cache(maxsize=65536)
def vowel_shape(vkey: str) -> str:
    """Return the consonants of a variant key with each vowel run marked ``V``.

    Parameters
    ----------
    vkey
        A :func:`variant_key`.

    Returns
    -------
    str
        The :func:`consonant_frame` letters in order, with ``V`` where the spelling has
        one or more vowel letters: "Kendeh"/"Kinda" -> ``"kVndV"``, "Tedef"/"Tadaf" ->
        ``"tVdVf"``, "Subul"/"Sobol" -> ``"sVbVl"``. Arabic writes short vowels not at
        all and transliterators render them a/e/i and o/u at will, so two spellings
        with the same shape differ only in vowel letters; an added or dropped vowel
        ("Kafr"/"Kafir") or consonant changes the shape. Vowel letters before a
        consonant glide are left out ("Baliyon"/"Balyun", "Siyal"/"Sayal" ->
        ``"bVlYVn"``, ``"sYVl"``): whether the glide is doubled or follows "a" or "i"
        is the writer's choice.
    """
    if not vkey.isascii():
        return vkey
    return _VOWEL_RUN.sub("V", _BEFORE_GLIDE.sub("", _fold_consonant_letters(vkey)))


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
    folded = text.translate(_FOLDS)
    # Each character folds to one but for a few (apostrophes, Arabic marks, ligatures):
    # only those shift the offsets after them.
    pos: list[int] = []
    last = 0
    for m in _pattern_of(frozenset(_UNEVEN)).finditer(text):
        i = m.start()
        pos.extend(range(last, i))
        pos.extend([i] * len(_FOLDS[ord(text[i])]))
        last = i + 1
    pos.extend(range(last, len(text)))
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


class _FoldTable(dict[int, str]):
    """Each character's fold by code point, as a ``str.translate`` table.

    A character is folded (:func:`_fold_char`) the first time a text holds it; then one
    C pass folds a whole text as :func:`fold_text` would character by character.
    """

    def __missing__(self, code: int) -> str:
        fold = _fold_char(chr(code))
        if len(fold) != 1:
            _UNEVEN.add(chr(code))
        self[code] = fold
        return fold


_FOLDS = _FoldTable({c: f or "" for c, f in _ASCII_TABLE.items()})
_UNEVEN: set[str] = {chr(c) for c, f in _FOLDS.items() if len(f) != 1}
"""The characters met so far that fold to none or several characters."""


@lru_cache(maxsize=4)
def _pattern_of(chars: frozenset[str]) -> re.Pattern[str]:
    """Return a pattern matching any of ``chars``."""
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


GENERIC_WORDS = frozenset(
    [
        "province",
        "governorate",
        "governorat",
        "oblast",
        "krai",
        "kray",
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


_KURMANJI_LETTERS = frozenset("êîûşçÊÎÛŞÇ")
_KURMANJI_MAP = str.maketrans(
    {
        "c": "j", "C": "J", "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh", "x": "kh", "X": "Kh",
        "ê": "e", "Ê": "E", "î": "i", "Î": "I", "û": "u", "Û": "U",
    }
)  # fmt: skip
_KURMANJI_QUALIFIERS = {
    "jêrîn": "Lower",
    "jêr": "Lower",
    "jorîn": "Upper",
    "jor": "Upper",
    "mezin": "Big",
    "biçûk": "Small",
    "piçûk": "Small",
}
KURMANJI_COUNTRIES = frozenset({"SY", "IQ", "TR", "IR"})
"""Where place names are also written in Kurmanji (Kurdish, Latin script)."""


def kurmanji_reading(name: str) -> str | None:
    """Return a Kurmanji-spelt name in the English transliteration habit, or ``None``.

    Kurdish outlets write Syrian and Iraqi places in the Hawar alphabet, where ``c`` is
    /j/, ``ç`` /ch/, ``ş`` /sh/ and ``x`` /kh/, and ê/î/û are long vowels: "Cindirês"
    is the town GeoNames lists as "Jindayris", "Menacîr" the OCHA village "Manajir".
    Folding diacritics alone would read "Cindires" with a k sound. Only a name with a
    Hawar letter (ê î û ş ç) is read this way, and the resolver tries the reading only
    for reports about countries in :data:`KURMANJI_COUNTRIES`: French and Portuguese
    names use ê and ç with other sounds. Kurdish position words become the qualifiers
    the matcher knows ("Çeqela Jêrîn" -> "Cheqela Lower").

    Parameters
    ----------
    name
        A place name as written.

    Returns
    -------
    str or None
        The reading, or ``None`` when the name has no Hawar letter.
    """
    if not any(ch in _KURMANJI_LETTERS for ch in name):
        return None
    words = [_KURMANJI_QUALIFIERS.get(w.lower(), w) for w in name.split()]
    return " ".join(words).translate(_KURMANJI_MAP)
