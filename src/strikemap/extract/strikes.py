"""Which sentences report a strike.

A sentence is a strike sentence when it holds a strong trigger (air strike, raid, shelling,
bombed, struck, hit, flattened, destroyed, targeted, sorties, missiles, ...) in active or
passive voice, or a weak trigger (killed, attacked) together with a striking actor.
"""

from __future__ import annotations

import re

STRONG_TRIGGER = re.compile(
    r"\b(?:air[ -]?strikes?|air[ -]?raids?|raids?|strikes?|struck|striking|bomb(?:ed|ing|s)|"
    r"bombard\w*|barrel[ -]bombs?|shell(?:ed|ing|s)|missiles?|rockets?|drones?|artillery|"
    r"mortars?|sorties|hit|hits|flattened|destroy(?:ed|ing|s)|target(?:ed|ing)|pounded|"
    r"fired|air attacks?|aerial (?:attacks?|bombardment)|warplanes?|gunships?|explosions?|"
    r"projectiles?|munitions|grenades?|UAVs?|heavy weapons|"
    # "aircraft dropped a bomb containing sarin": a drop is a strike when what falls is
    # a weapon (a leaflet drop is not).
    r"dropp(?:ed|ing)\s+(?:[\w\-]+\s+){0,3}?(?:bombs?|barrels?|munitions?|explosives?|"
    r"shells?|grenades?|payloads?)|(?:chemical|gas|sarin|chlorine)\s+(?:attacks?|bombs?))\b",
    re.IGNORECASE,
)
WEAK_TRIGGER = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|attack(?:ed|ing|s)?|massacre|wounded|injured)\b", re.IGNORECASE
)
_ANY_TRIGGER = re.compile(
    "(?:" + STRONG_TRIGGER.pattern + ")|(?:" + WEAK_TRIGGER.pattern + ")", re.IGNORECASE
)
_ANY_TRIGGER_LOW = re.compile(
    "(?:" + STRONG_TRIGGER.pattern.lower() + ")|(?:" + WEAK_TRIGGER.pattern.lower() + ")"
)
# Nouns that carry a trigger word but describe no strike ("bombers" is not matched above;
# these are uses where a trigger word means something else).
_NOT_STRIKE = re.compile(
    r"\b(?:hunger strike|general strike|strike a deal|struck a deal|hit (?:song|record|back at)|"
    r"targeted sanctions)\b",
    re.IGNORECASE,
)


def is_strike_sentence(text: str, has_actor: bool) -> bool:
    """Return whether ``text`` reports a strike.

    Parameters
    ----------
    text
        The sentence.
    has_actor
        Whether a striking actor was found in it (licenses weak triggers like "killed").
    """
    if _NOT_STRIKE.search(text) and not STRONG_TRIGGER.search(_NOT_STRIKE.sub("", text)):
        return False
    if STRONG_TRIGGER.search(text):
        return True
    return has_actor and bool(WEAK_TRIGGER.search(text))


def could_be_strike(text: str) -> bool:
    """Return whether ``text`` holds any trigger at all (a cheap pre-filter)."""
    # Matching the lower-cased text without IGNORECASE is several times faster.
    return bool(_ANY_TRIGGER_LOW.search(text.lower()))
