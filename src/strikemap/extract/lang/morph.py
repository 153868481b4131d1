"""Lemmas of Ukrainian and Russian words (``pymorphy3``), for place names in any case.

"у Харкові", "під Ізюмом", "Хмельницької області": the gazetteer holds names in the
nominative, so a word is looked up under each of its dictionary forms. The analysers
are loaded on first use (about 0.1 s each) and kept for the process.
"""

from __future__ import annotations

import heapq
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

__all__ = ["is_noun", "word_forms"]

_MAX_PARSES = 6
"""Readings of a word that are tried (pymorphy3 lists the likeliest first)."""


@lru_cache(maxsize=2)
def _analyser(code: str) -> MorphAnalyzer:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=code)


@lru_cache(maxsize=65536)
def _parses(word: str, code: str) -> tuple[Parse, ...]:
    # One dictionary look-up per word form, shared by word_forms and is_noun: a word
    # read as a name may be read again as the noun after another name.
    return tuple(_analyser(code).parse(word))


@lru_cache(maxsize=65536)
def word_forms(word: str, code: str) -> tuple[tuple[str, str | None], ...]:
    """Return the nominative forms a word may stand for, likeliest first.

    Parameters
    ----------
    word
        A word as written (any case).
    code
        ``uk`` or ``ru``.

    Returns
    -------
    tuple of (str, str or None)
        Each form in lower case, and for an adjective the gender of the nominative
        form (``femn`` "хмельницька", read with "область"; ``masc`` with "район";
        ``neut``, a village's name), ``None`` for a noun's dictionary form. Readings
        of a thing come before readings of a person ("Києві": "київ" before "кий"),
        since a place is a thing.
    """
    # Stable sort: news text hardly ever addresses a place, so vocative readings come
    # last ("Дубно" is Dubno, not the vocative of "Дубна"); then nouns before adjectives
    # ("у Донецьку" is Donetsk, not "донецький"), inanimate before animate readings,
    # pymorphy3's order otherwise.
    parses = sorted(
        _parses(word, code)[:_MAX_PARSES],
        key=lambda p: (
            "voct" in p.tag,
            "ADJF" in p.tag,
            "anim" in p.tag and "inan" not in p.tag,
        ),
    )
    sing = {"sing"} if code == "ru" else set()
    out: dict[tuple[str, str | None], None] = {}
    adjectives: set[str] = set()
    for k, p in enumerate(parses):
        if "ADJF" in p.tag:
            if p.normal_form in adjectives:
                # Another case of the same adjective ("Бахмутському": dative, locative):
                # its nominative forms are already in.
                continue
            adjectives.add(p.normal_form)
            same = [q for q in parses[k:] if "ADJF" in q.tag and q.normal_form == p.normal_form]
            # Feminine for "... область", masculine for "... район", neuter for the
            # villages named by an adjective ("у Хрустальному" -> "Хрустальне").
            for form, g in _nominatives(p, code, sing, _written_genders(same)):
                out[(form, g)] = None
        else:
            out[(p.normal_form, None)] = None
    return tuple(out)


def _written_genders(parses: list[Parse]) -> tuple[str, ...]:
    """Return the genders an adjective may have as written, in :data:`_GENDERS` order.

    A singular adjective keeps its gender in every case: "Запорізькій" is only the
    feminine "запорізька" (область), never the neuter village name "Запорізьке";
    "Харківському" may be masculine or neuter (one parse each). A plural form has
    no gender: every one.
    """
    seen: set[str] = set()
    for p in parses:
        gender = p.tag.gender
        if "plur" in p.tag or gender not in _GENDERS:
            return _GENDERS
        seen.add(gender)
    return tuple(g for g in _GENDERS if g in seen)


_GENDERS = ("femn", "masc", "neut")


def _nominatives(
    p: Parse, code: str, sing: set[str], genders: tuple[str, ...] = _GENDERS
) -> list[tuple[str, str]]:
    """Return the nominative of an adjective's reading in each gender that has one.

    What ``p.inflect({"nomn", gender} | sing)`` returns for each of ``genders``
    (pymorphy3's choice, step by step: the lexeme's forms with those grammemes, else
    with the rare cases fixed, the one most like ``p``), with the lexeme built once
    rather than once per gender.
    """
    morph = _analyser(code)
    lexeme = morph.get_lexeme(p)
    out: list[tuple[str, str]] = []
    for gender in genders:
        required = {"nomn", gender} | sing
        possible = [f for f in lexeme if required <= f[1].grammemes]
        if not possible:
            required = morph.TagClass.fix_rare_cases(required)
            possible = [f for f in lexeme if required <= f[1].grammemes]
        grammemes = p[1].updated_grammemes(required)

        def similarity(f: Parse, g: frozenset[str] = grammemes) -> float:
            return len(g & f[1].grammemes) - 0.1 * len(g ^ f[1].grammemes)

        best = heapq.nlargest(1, possible, key=similarity)
        if best:
            out.append((best[0].word, gender))
    return out


@lru_cache(maxsize=65536)
def is_noun(word: str, code: str) -> bool:
    """Return whether a word's likeliest reading is a noun."""
    parses = _parses(word, code)
    return bool(parses) and "NOUN" in parses[0].tag
