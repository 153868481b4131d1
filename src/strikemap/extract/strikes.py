"""Which sentences report a strike.

A sentence is a strike sentence when it holds a strong trigger, or a weak trigger (killed,
attacked) together with a striking actor. Strong triggers are of three kinds:

* impact verbs in active or passive voice (struck, hit, shelled, bombed, pounded,
  targeted, flattened, destroyed, shot down, "came under fire");
* nominal triggers (an air strike, a raid, shelling, a drone attack, sorties);
* weapons and platforms, whatever verb they take ("a shell landed on", "a guided bomb
  fell on", "a loitering munition slammed into", "Shaheds attacked"): shells, rockets,
  missiles, drones, bombs of a military kind, munitions, named weapon systems,
  warplanes, gunships, artillery, mortars.

Idioms that use a trigger word for something else ("on strike", "hit the headlines",
"struck a deal") do not count unless the sentence holds another trigger.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from strikemap.extract._rx import (
    contains_any,
    lower_same_length,
    lower_source,
    lowered,
    with_first_chars,
)
from strikemap.extract.sentences import Sentence

_STRONG_WORDS = (
    r"air[ -]?strikes?|air[ -]?raids?|raids?|strikes?|struck|striking|bomb(?:ed|ing|s)|"
    r"bombard\w*|barrel[ -]bombs?|shell(?:ed|ing|s)|missiles?|rockets?|drones?|artillery|"
    r"mortars?|sorties|hit|hits|flattened|destroy(?:ed|ing|s)|target(?:ed|ing)|pounded|"
    r"fired|air attacks?|aerial (?:attacks?|bombardment)|warplanes?|gunships?|explosions?|"
    r"projectiles?|munitions|grenades?|UAVs?|heavy weapons|"
    # Downing an aircraft is an attack on it where it flew ("shot down a helicopter near X").
    r"shot down|shoots? down|shooting down|"
    # A weapon named in the singular ("a glide bomb fell on", "a tank shell landed", "a
    # loitering munition"): a bare "bomb" or "shell" counts only so written
    # (_SINGULAR_WEAPON), not as a car bomb or an oil company.
    r"bomb|shell|munition|"
    # Weapon systems named by their name ("Shaheds attacked Odesa").
    r"shaheds?|gerans?|himars|atacms|lancets?|"
    # "The town came under fire", "came under heavy artillery fire".
    r"(?:came|come|comes|coming)\s+under\s+(?:[\w\-]+\s+){0,3}?fire|"
    # "aircraft dropped a bomb containing sarin": a drop is a strike when what falls is
    # a weapon (a leaflet drop is not).
    r"dropp(?:ed|ing)\s+(?:[\w\-]+\s+){0,3}?(?:bombs?|barrels?|munitions?|explosives?|"
    r"shells?|grenades?|payloads?)|(?:chemical|gas|sarin|chlorine)\s+(?:attacks?|bombs?)"
)
_SINGULAR_WEAPON = re.compile(
    r"\b(?:(?:guided|glide|gliding|aerial|air-dropped|cluster|gravity|vacuum|thermobaric|"
    r"incendiary|phosphorus|kab|fab|odab|laser-guided|precision-guided)[ -]bomb|"
    r"(?:artillery|tank|mortar|howitzer|\d+\s?mm)\s+shell|"
    r"bomb\s+(?:was\s+)?(?:dropped|fell|landed)|"
    r"shell\s+(?:was\s+)?(?:fell|landed|hit|struck|exploded|slammed)|"
    r"(?:loitering|guided)\s+munition|munition\s+(?:hit|struck|exploded|slammed))\b",
    re.IGNORECASE,
)
_SINGULAR = frozenset({"bomb", "shell", "munition"})
_WEAK_WORDS = r"kill(?:ed|ing|s)?|attack(?:ed|ing|s)?|massacre|wounded|injured"
STRONG_TRIGGER = re.compile(r"\b(?:" + _STRONG_WORDS + r")\b", re.IGNORECASE)
WEAK_TRIGGER = re.compile(r"\b(?:" + _WEAK_WORDS + r")\b", re.IGNORECASE)
# Any trigger, for lower-cased text (several times faster than IGNORECASE): one boundary
# test in front of all the words is cheaper than one per alternative.
_ANY_TRIGGER_LOW = with_first_chars(
    r"\b(?:" + lower_source(_STRONG_WORDS) + "|" + lower_source(_WEAK_WORDS) + r")\b"
)
# Nouns that carry a trigger word but describe no strike ("bombers" is not matched above;
# these are uses where a trigger word means something else).
_NOT_STRIKE = re.compile(
    r"\b(?:hunger strike|general strike|strike a deal|struck a deal|hit (?:song|record|back at)|"
    r"targeted sanctions|on strike|strike action|hit the (?:headlines|charts|shelves)|"
    r"struck a chord|shelled out|under fire (?:for|over)|came under fire from critics)\b",
    re.IGNORECASE,
)


# Every _NOT_STRIKE match contains one of these (a cheap test before the search).
_NOT_STRIKE_PHRASES = (
    "hunger strike", "general strike", "strike a deal", "struck a deal", "hit song",
    "hit record", "hit back at", "targeted sanctions", "on strike", "strike action",
    "hit the ", "struck a chord", "shelled out", "under fire",
)  # fmt: skip
_STRONG_LOW = lowered(STRONG_TRIGGER)
_WEAK_LOW = lowered(WEAK_TRIGGER)
_NOT_STRIKE_LOW = lowered(_NOT_STRIKE)


def is_strike_sentence(text: str, has_actor: bool, lowercase: str | None = None) -> bool:
    """Return whether ``text`` reports a strike.

    Parameters
    ----------
    text
        The sentence.
    has_actor
        Whether a striking actor was found in it (licenses weak triggers like "killed").
    lowercase
        ``text.lower()`` when the caller has it.
    """
    low = lower_same_length(text, lowercase)
    if low is None:  # offsets would move: the case-insensitive patterns, on the original
        low, strong, weak, not_strike = text, STRONG_TRIGGER, WEAK_TRIGGER, _NOT_STRIKE
    else:
        strong, weak, not_strike = _STRONG_LOW, _WEAK_LOW, _NOT_STRIKE_LOW
    maybe_not = contains_any(low, _NOT_STRIKE_PHRASES) if low is not text else True
    if maybe_not and not_strike.search(low) and not strong.search(not_strike.sub("", low)):
        return False
    for m in strong.finditer(low):
        if m.group(0).lower() not in _SINGULAR or _SINGULAR_WEAPON.search(text):
            return True
    return has_actor and bool(weak.search(low))


def could_be_strike(text: str) -> bool:
    """Return whether ``text`` holds any trigger at all (a cheap pre-filter)."""
    # Matching the lower-cased text without IGNORECASE is several times faster.
    return bool(_ANY_TRIGGER_LOW.search(text.lower()))


def strike_candidates(text: str, sentences: Sequence[Sentence]) -> set[int]:
    """Return the indexes of the sentences for which :func:`could_be_strike` holds.

    One scan of the whole lower-cased text replaces a scan per sentence. A trigger match
    that runs across a sentence boundary ("dropped" ending a headline line, "bombs"
    starting the next) proves nothing about either sentence: those sentences are checked
    one by one, so the answer is exactly the per-sentence one.

    Parameters
    ----------
    text
        The report text the sentences index.
    sentences
        Its sentences, in text order.
    """
    low = lower_same_length(text)
    if low is None:
        return {s.index for s in sentences if could_be_strike(s.text)}
    starts = [s.start for s in sentences]
    out: set[int] = set()
    recheck: set[int] = set()
    for m in _ANY_TRIGGER_LOW.finditer(low):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.end() <= sentences[i].end:
            out.add(sentences[i].index)
            continue
        # Across a boundary (or from a gap): every sentence it touches is checked alone.
        j = max(i, 0)
        while j < len(sentences) and sentences[j].start < m.end():
            recheck.add(j)
            j += 1
    for j in recheck:
        if sentences[j].index not in out and could_be_strike(sentences[j].text):
            out.add(sentences[j].index)
    return out
