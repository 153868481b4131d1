"""Actors and tolls in Ukrainian, Russian and Arabic sentences.

Both read the normalised sentence (:func:`strikemap.extract.lang.normal.normalise`)
with the language's tables.

* **Actor**: the first alias in the sentence that is not in a claimant's position
  ("— ЗСУ" closing a headline, "за даними ЗСУ", "بحسب التحالف" say who reports, not who
  struck). Aliases map to the actor names of ``data/actors.csv``.
* **Tolls**: a killed or wounded word with a figure within three words before or after
  it ("загинули 3 людини", "5 поранених", "سقوط 4 قتلى"): digits and number words are
  exact; "щонайменше", "не менее", "على الأقل" make a minimum; vague words ("кілька",
  "عشرات") give the minimum of the table and no maximum. A toll word without a figure
  is quoted without one. Nothing is counted that the text does not state.
"""

from __future__ import annotations

import re

from strikemap.extract.lang import LanguagePack
from strikemap.model import Casualties

__all__ = ["AliasMatches", "actor_spans", "alias_matches", "find_actor", "find_tolls"]

_WINDOW = 3
_AT_LEAST = re.compile(
    r"(?:щонайменше|не менше|принаймні|не менее|по меньшей мере|как минимум|минимум|"
    r"більше|более|понад|свыше|على الاقل|اكثر من|ما لا يقل عن)\s*$"
)
# Digits and words apart: "و10" (wa- glued to a figure) is "و" and "10".
_NUM_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:'[^\W\d_]+)*")


AliasMatches = list[tuple[str, list[re.Match[str]]]]
"""Each actor of a language pack and its aliases' matches in one sentence."""


def alias_matches(sentence: str, pack: LanguagePack) -> AliasMatches:
    """Return each actor's alias matches in a normalised sentence, in the pack's order.

    :func:`find_actor` and :func:`actor_spans` both read them: a reader needing both
    scans the sentence once.
    """
    return [(actor, list(pattern.finditer(sentence))) for pattern, actor in pack.actors]


def find_actor(
    sentence: str, pack: LanguagePack, matches: AliasMatches | None = None
) -> tuple[str | None, str | None]:
    """Return ``(striker, claimant)`` actors named in a normalised sentence.

    ``matches`` are the sentence's :func:`alias_matches`, when already found.
    """
    striker: tuple[int, str] | None = None
    claimant: str | None = None
    found = (
        matches
        if matches is not None
        else ((actor, pattern.finditer(sentence)) for pattern, actor in pack.actors)
    )
    for actor, ms in found:
        for m in ms:
            before = sentence[max(0, m.start() - 30) : m.start()]
            if pack.claimant_before.search(before):
                claimant = claimant or actor
                continue
            if striker is None or m.start() < striker[0]:
                striker = (m.start(), actor)
            break
    return (striker[1] if striker else None), claimant


def actor_spans(
    sentence: str, pack: LanguagePack, matches: AliasMatches | None = None
) -> list[tuple[int, int]]:
    """Return the spans of the actor aliases in a normalised sentence.

    ``matches`` are the sentence's :func:`alias_matches`, when already found.
    """
    found = alias_matches(sentence, pack) if matches is None else matches
    return [m.span() for _actor, ms in found for m in ms]


def _figure(word: str, before: str, pack: LanguagePack) -> tuple[int | None, int | None] | None:
    if word.isdigit():
        n = int(word)
        if n > 10_000 or (1900 <= n <= 2100):
            return None  # a year or an implausible count, not a toll
        if _AT_LEAST.search(before):
            return n, None
        return n, n
    if word in pack.vague:
        return pack.vague[word]
    if word in pack.number_words:
        n = pack.number_words[word]
        return (n, None) if _AT_LEAST.search(before) else (n, n)
    return None


def _near_figure(
    sentence: str, m: re.Match[str], pack: LanguagePack
) -> tuple[int | None, int | None] | None:
    """Return the figure written within a few words of a toll word, nearest first."""
    after = list(_NUM_TOKEN.finditer(sentence, m.end(), min(len(sentence), m.end() + 60)))
    before = list(_NUM_TOKEN.finditer(sentence, max(0, m.start() - 60), m.start()))
    cands: list[tuple[int, re.Match[str]]] = []
    for k, t in enumerate(reversed(before[-_WINDOW:])):
        cands.append((k, t))
    for k, t in enumerate(after[:_WINDOW]):
        cands.append((k, t))
    cands.sort(key=lambda c: c[0])
    for _k, t in cands:
        # A figure on the far side of a clause break belongs to another clause.
        lo, hi = sorted((t.start(), m.start()))
        if any(ch in sentence[lo:hi] for ch in ",;:"):
            continue
        fig = _figure(t.group(0), sentence[max(0, t.start() - 24) : t.start()], pack)
        if fig is not None:
            return fig
    # "عدد من القتلى": a vague phrase of two words.
    for phrase, fig in pack.vague.items():
        if " " in phrase and phrase in sentence[max(0, m.start() - 20) : m.start()]:
            return fig
    return None


def find_tolls(sentence: str, pack: LanguagePack) -> Casualties:
    """Return the killed and wounded figures a normalised sentence states."""
    figures: dict[str, tuple[int | None, int | None]] = {}
    texts: list[str] = []
    for key, pattern in (("killed", pack.killed), ("wounded", pack.wounded)):
        for m in pattern.finditer(sentence):
            fig = _near_figure(sentence, m, pack)
            texts.append(sentence[max(0, m.start() - 20) : m.end() + 20].strip())
            if fig is not None and key not in figures:
                figures[key] = fig
    if not texts:
        return Casualties()
    killed = figures.get("killed", (None, None))
    wounded = figures.get("wounded", (None, None))
    return Casualties(
        killed=killed[0],
        killed_max=killed[1],
        wounded=wounded[0],
        wounded_max=wounded[1],
        text="; ".join(dict.fromkeys(texts)),
    )
