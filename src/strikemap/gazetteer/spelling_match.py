"""Spelling comparisons: skeletons, vowel and consonant frames, fuzzy masks."""

from __future__ import annotations

import math
import re

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist as _cdist

from strikemap.gazetteer._store import ALT_SEP, KINDS, char_class
from strikemap.gazetteer.index_arrays import ColumnViews, IndexFile
from strikemap.gazetteer.normalize import consonant_frame, vowel_shape
from strikemap.gazetteer.resolver_constants import (
    ARTICLE_TOKENS,
    DOUBLED,
    FRAME_MIN_RATIO,
    FUZZY_CUTOFF,
    GLIDES,
    MASK_THRESHOLD,
    SKELETON_MIN_RATIO,
    VOWELS,
)
from strikemap.model import Place


def is_cyrillic_key(key: str) -> bool:
    """Return whether a folded key is written in Cyrillic (its first letter decides)."""
    return next((("\u0400" <= ch <= "\u04ff") for ch in key if ch.isalpha()), False)


def _words(key: str) -> int:
    """Count the words of a folded key that are not articles."""
    return sum(1 for w in key.split() if w not in ARTICLE_TOKENS)


def array_place(db: IndexFile, idx: int) -> Place:
    """Build a :class:`Place` from a format-3 file's arrays (no SQLite)."""
    # Memoryview reads (tens of ns each) rather than numpy scalar indexing (~100 ns
    # plus a conversion); the values are the same Python floats and ints.
    v = db.views
    assert db.names is not None and db.alts is not None  # callers check
    assert v.unc is not None and v.src is not None  # format 3 has both
    alts = db.alts[idx]
    a1 = v.a1[idx]
    unc = v.unc[idx]
    return Place(
        id=db.ids[idx],
        name=db.names[idx],
        kind=KINDS[v.kind[idx]],  # type: ignore[arg-type]
        country=db.countries[v.cc[idx]],
        lat=v.lat[idx],
        lon=v.lon[idx],
        admin1=db.admin1[a1] if a1 >= 0 else None,
        population=v.pop[idx],
        alt_names=tuple(alts.split(ALT_SEP)) if alts else (),
        source=db.sources[v.src[idx]],
        uncertainty_km=None if math.isnan(unc) else unc,
    )


def skeleton_plausible(
    key: str,
    matched_key: str,
    skel: str,
    raw_key: str = "",
    raw_matched: str = "",
    *,
    min_ratio: float = SKELETON_MIN_RATIO,
) -> bool:
    """Reject skeleton collisions between names that merely share consonants.

    ``key`` and ``matched_key`` are variant keys (:func:`variant_key`: articles and
    generic-word spellings already unified). Measured on the development sets: "Kan
    Thit"/"Kin Taw" or "Bairak"/"Byriuky" share a skeleton but are different places,
    while "Deir Ezzor"/"Dayr az Zawr" (ratio 71 on variant keys) and "Kafr
    Nobol"/"Kafranbel" are the same. Short skeletons need a closer spelling, and the
    consonants must agree letter for letter (:func:`consonant_frame`): on the Airwars
    development set, skeleton matches whose frames differ ("Maadi"/"Um Wadi",
    "Tabqaqa"/"Tabqa") were wrong places far more often than right ones.
    """
    if consonant_frame(key) != consonant_frame(matched_key):
        return False
    if len(skel) < 3 and (key[-1] in VOWELS) != (matched_key[-1] in VOWELS):
        # With two consonants the ending is all that tells names apart: "Khaneh" is
        # not "Khan", "Az Zur" not "Az Zuhrah" ("Tiba"/"Taybeh" agree).
        return False
    if (
        len(skel) < 7
        and abs(len(key) - len(matched_key)) > 1
        and _words(raw_key) != _words(raw_matched)
    ):
        # A short name that gains a word and a syllable is another name ("Gornal" /
        # "Gornoye Loo"), not another spelling of it ("Kafranbel" / "Kafr Nabl").
        return False
    ratio = fuzz.ratio(key, matched_key)
    return ratio >= min_ratio or (len(skel) >= 7 and ratio >= 60)


_QUALIFIER_CODES = re.compile(r"(?:0[a-z]{2})+$")
QUALIFIER_TAIL = _QUALIFIER_CODES
_FINAL_VOWEL_CLASS = {"a": "a", "e": "i", "i": "i", "y": "i", "o": "u", "u": "u", "w": "u"}


def final_vowel(vkey: str) -> str:
    """Return the class of a variant key's final letter: a, i, u or "" for a consonant.

    Arabic writes a final long vowel (alif/ta marbuta, ya, waw) as a letter: "Badu"
    and "Badi", "Tayri" and "Tayara" are different names even where every other
    vowel is the transliterator's choice. The variant key already writes -eh/-ah/-e
    as -a.
    """
    core = _QUALIFIER_CODES.sub("", vkey)
    return _FINAL_VOWEL_CLASS.get(core[-1:], "") if core else ""


def frame_spelling(vkey: str, matched_vkey: str, shape: str) -> bool:
    """Whether two variant keys with one consonant frame differ only by vowels added or dropped.

    ``shape`` is ``vkey``'s :func:`vowel_shape`. The frame must have three consonants
    or more (two with free vowels are no evidence: "Badu"/"Badi"); both names must
    start alike (with a vowel or not: "Sukkari" is not "Eskar"); the vowel runs may
    differ in number by one ("Kafrouma" is not "Kafr Mu" two runs on); and the
    spellings must stay close (rapidfuzz ratio >= :data:`FRAME_MIN_RATIO`).
    """
    if len(shape) - shape.count("V") < 3 or not vkey or not matched_vkey:
        return False
    if (vkey[0] in VOWELS) != (matched_vkey[0] in VOWELS):
        return False
    if abs(shape.count("V") - vowel_shape(matched_vkey).count("V")) > 1:
        return False
    return fuzz.ratio(vkey, matched_vkey) >= FRAME_MIN_RATIO


def may_reach(n: int, lens: np.ndarray) -> np.ndarray:
    """Return where a ratio between lengths ``n`` and ``lens`` can reach the fuzzy cutoff.

    ``fuzz.ratio`` is ``200 * LCS / (la + lb)`` and the LCS is at most the shorter
    length; two empty strings score 100.
    """
    total = lens + n
    bound = 200.0 * np.minimum(lens, n) / np.maximum(total, 1)
    out: np.ndarray = (bound >= FUZZY_CUTOFF - 1e-6) | (total == 0)
    return out


def _class_counts(key: str) -> dict[int, int]:
    """Return how many characters of each :func:`char_class` ``key`` holds (present ones)."""
    counts: dict[int, int] = {}
    # Per distinct character: a name repeats letters, and str.count is a C loop.
    for ch in set(key):
        c = char_class(ch)
        counts[c] = counts.get(c, 0) + key.count(ch)
    return counts


def mask_weights(key: str) -> np.ndarray:
    """Return the weights that turn a name's :func:`letter_mask` bits into an LCS bound.

    Weight 1 on bit ``c`` for each class ``c`` that ``key`` holds, and its count in
    ``key`` minus one on bit ``32 + c`` (see :func:`letter_mask`).
    """
    w = np.zeros(64, dtype=np.float64)
    for c, k in _class_counts(key).items():
        w[c] = 1.0
        w[32 + c] = k - 1
    return w


def stored_reject(
    v: ColumnViews,
    row: int,
    qframe: int,
    nv: int,
    min_ratio: float,
    terms: tuple[int, tuple[tuple[int, int], ...]] | None,
) -> bool:
    """Whether a skeleton hit's stored arrays show :func:`skeleton_plausible` rejects it.

    ``qframe`` is the hash of the name's consonant frame, ``nv`` the length of its
    variant key, ``min_ratio`` the lowest variant-key ratio the check accepts and
    ``terms`` the name's :func:`mask_terms` (``None`` for files without masks).
    """
    if v.vframe is None or v.vlen is None:
        return False
    if v.vframe[row] != qframe:
        return True
    n = v.vlen[row]
    if n + nv == 0:
        return False
    if 200.0 * min(n, nv) / (n + nv) < min_ratio - 1e-6:
        return True
    if v.vmask is None or terms is None:
        return False
    m = v.vmask[row]
    lcs = (m & terms[0]).bit_count()
    for extra, bits in terms[1]:
        lcs += extra * (m & bits).bit_count()
    return 200.0 * min(lcs, n) / (n + nv) < min_ratio - 1e-6


def mask_terms(key: str) -> tuple[int, tuple[tuple[int, int], ...]]:
    """Return :func:`mask_weights` as bit masks, for one row's bound in a few int ops.

    The bound for a row's mask ``m`` is ``popcount(m & first) + sum(extra *
    popcount(m & bits))``: ``first`` holds bit ``c`` of each class in ``key``,
    and each ``bits`` the ``32 + c`` bits of the classes ``key`` holds ``extra + 1``
    times.
    """
    first = 0
    by_extra: dict[int, int] = {}
    for c, k in _class_counts(key).items():
        first |= 1 << c
        if k > 1:
            by_extra[k - 1] = by_extra.get(k - 1, 0) | 1 << (32 + c)
    return first, tuple(sorted(by_extra.items()))


def mask_may_reach(n: int, weights: np.ndarray, lens: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """Return where ``fuzz.ratio`` of a length-``n`` key and the rows can reach the cutoff.

    The rows' longest common subsequence with the key is at most the weighted sum of
    their mask bits (``weights`` from :func:`mask_weights`) and at most their length;
    the ratio is ``200 * LCS / (la + lb)``. The margin keeps a row whose bound only
    rounds under the cutoff.
    """
    bits = np.unpackbits(
        masks.astype("<u8", copy=False).view(np.uint8).reshape(-1, 8), axis=1, bitorder="little"
    )
    # 200 * LCS / (la + lb) >= cutoff, multiplied out (fewer numpy calls; the margin
    # dwarfs any rounding). Two empty strings (threshold 0) are kept.
    out: np.ndarray = np.minimum(bits.dot(weights), lens) >= (lens + n) * MASK_THRESHOLD
    return out


def spelling_ratios(key: str, others: list[str]) -> np.ndarray:
    """Return ``fuzz.ratio(key, o)`` for each of ``others``, 0 where under the cutoff.

    One rapidfuzz call over the list; ``float64`` keeps the values bit-identical to
    per-pair ``fuzz.ratio`` (the default ``float32`` would round them).
    """
    out: np.ndarray = _cdist(
        [key], others, scorer=fuzz.ratio, dtype=np.float64, score_cutoff=FUZZY_CUTOFF
    )[0]
    return out


def fuzzy_frames_ok(vkey: str, matched_vkey: str, skel: str) -> bool:
    """Whether a one-letter-off fuzzy match keeps the consonant frame of the name.

    For short names (skeleton under 6 consonants) a consonant added or dropped makes
    another name ("Masrab"/"Marab", "Tin Thar"/"Tanintharyi"); a changed consonant is a
    transliteration choice only within one :data:`_TRANSLIT_CLASS` ("Nabouda"/"Nabutha":
    d/t), else another name ("Naasan"/"Na'man": s/m).
    """
    if len(skel) >= 6:
        return True
    # Glides, doubled letters and a ta marbuta written "-at" are spelling habits
    # ("Qahtani"/"Qahtaniyeh", "Hardatin"/"Hardatnin", "Sarmadat"/"Sarmada"); only
    # another consonant makes another name.
    # Four-consonant names keep even the "-at" ("Hamrat" is not "Hamra").
    fa, fb = (_frame_core(k, len(skel) >= 5) for k in (vkey, matched_vkey))
    if len(fa) != len(fb):
        return False
    # A changed consonant is a transliteration choice only between letters one source
    # letter is written with (th: t/s, dh: d/z, qaf: q/k/g, jim: j/g, Cyrillic h/g
    # ...); any other pair is another name ("Maaret al-Naasan" is not "Ma'arrat
    # an-Nu'man": s/m).
    return all(
        a == b or _TRANSLIT_CLASS.get(a, a) == _TRANSLIT_CLASS.get(b, b)
        for a, b in zip(fa, fb, strict=True)
    )


_TRANSLIT_CLASS = {
    **dict.fromkeys("tdsz", "T"),
    **dict.fromkeys("kghj", "K"),
    **dict.fromkeys("bp", "B"),
    **dict.fromkeys("fv", "F"),
}
"""Consonant-frame letters that one source letter is written with in common
transliterations (Arabic th/dh/emphatics, qaf/jim/kha, Cyrillic h/g, Persian p/v): a
one-consonant difference within a class is a spelling habit, across classes another name."""


def _frame_core(vkey: str, drop_final_at: bool) -> str:
    frame = DOUBLED.sub(r"\1", GLIDES.sub("", consonant_frame(vkey)))
    if drop_final_at and vkey.endswith(("at", "et", "it")) and frame.endswith("t"):
        frame = frame[:-1]
    return frame


def is_latin_char(ch: str) -> bool:
    """Return whether ``ch`` is a Latin letter (by its Unicode name)."""
    import unicodedata

    return unicodedata.name(ch, "").startswith("LATIN")
