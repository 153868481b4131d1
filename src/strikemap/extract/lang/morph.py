"""Lemmas of Ukrainian and Russian words (``pymorphy3``), for place names in any case.

"у Харкові", "під Ізюмом", "Хмельницької області": the gazetteer holds names in the
nominative, so a word is looked up under each of its dictionary forms. The analysers
are loaded on first use (about 0.1 s each) and kept for the process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer

__all__ = ["word_forms"]

_MAX_PARSES = 6
"""Readings of a word that are tried (pymorphy3 lists the likeliest first)."""


@lru_cache(maxsize=2)
def _analyser(code: str) -> MorphAnalyzer:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=code)


@lru_cache(maxsize=65536)
def word_forms(word: str, code: str) -> tuple[tuple[str, bool], ...]:
    """Return the nominative forms a word may stand for, likeliest first.

    Parameters
    ----------
    word
        A word as written (any case).
    code
        ``uk`` or ``ru``.

    Returns
    -------
    tuple of (str, bool)
        Each form in lower case, and whether it is the feminine nominative of an
        adjective ("хмельницької" -> "хмельницька", read with "область"). Readings
        of a thing come before readings of a person ("Києві": "київ" before "кий"),
        since a place is a thing.
    """
    parses = _analyser(code).parse(word)[:_MAX_PARSES]
    # Stable sort: inanimate readings first, pymorphy3's order otherwise.
    parses = sorted(parses, key=lambda p: "anim" in p.tag and "inan" not in p.tag)
    out: dict[tuple[str, bool], None] = {}
    for p in parses:
        if "ADJF" in p.tag:
            fem = p.inflect({"nomn", "femn", "sing"} if code == "ru" else {"nomn", "femn"})
            if fem is not None:
                out[(fem.word, True)] = None
            masc = p.inflect({"nomn", "masc", "sing"} if code == "ru" else {"nomn", "masc"})
            if masc is not None:
                out[(masc.word, False)] = None
        else:
            out[(p.normal_form, False)] = None
    return tuple(out)
