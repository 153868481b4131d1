"""Whether a sentence about an area retells a strike told in another sentence.

A report often tells one strike twice: "Israeli air strikes killed 12 people in the
eastern Lebanese city of Baalbek ... The Israeli military said its jets had struck
Hezbollah depots in the Bekaa Valley." The second sentence names the area round the
town: the same strikes, told at a coarser grain, by another claimant. It may as well
tell other strikes in that area, and the text then says so: "also", "another",
"elsewhere", a second place in the same sentence, another weapon, a toll that is not
the first one's. :func:`may_retell` reads those signs; geometry, dates and strikers
are :mod:`strikemap.extract.folding`'s to compare.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from strikemap.model import Claim

# Words that tell strikes other than those already told.
_OTHER_STRIKES = re.compile(
    r"\b(?:also|again|another|other|others|elsewhere|separate|separately|in addition|"
    r"additionally|as well|meanwhile|(?:a|the)\s+(?:second|third|fourth|further|new)\s+"
    r"(?:strike|raid|attack|wave|round|salvo)s?|further\s+(?:strike|raid|attack)s?)\b",
    re.IGNORECASE,
)
_WEAPONS = {
    "air": re.compile(
        r"\b(?:air\s*(?:strike|raid|force)s?|warplanes?|jets?|aircraft|bombers?|"
        r"helicopters?|aerial)\b",
        re.IGNORECASE,
    ),
    "drone": re.compile(r"\b(?:drones?|uavs?|unmanned)\b", re.IGNORECASE),
    "missile": re.compile(r"\b(?:missiles?|rockets?|ballistic|cruise)\b", re.IGNORECASE),
    "artillery": re.compile(
        r"\b(?:shell(?:s|ing|ed)|artillery|mortars?|howitzers?|mlrs|grad|tank\s+fire)\b",
        re.IGNORECASE,
    ),
}
_TOLLS = ("killed", "wounded")


def may_retell(area: Iterable[Claim], strike: Iterable[Claim], listed: bool) -> bool:
    """Return whether sentences about an area may retell the strike of other sentences.

    Parameters
    ----------
    area
        The claims of the area's mention that the strike's event does not share.
    strike
        The claims of the strike already placed inside the area.
    listed
        Whether a sentence about the area places other strikes too ("struck the Bekaa
        Valley and southern Lebanon"): the area is one place of a list, not a summary.
    """
    if listed:
        return False
    area, strike = list(area), list(strike)
    if any(_OTHER_STRIKES.search(c.quote) for c in area):
        return False
    weapons = _weapons(area)
    others = _weapons(strike)
    if weapons and others and not weapons & others:
        return False  # "a drone struck ..." is not "the artillery shelled ..."
    return not any(_toll_differs(a, strike, name) for a in area for name in _TOLLS)


def _weapons(claims: list[Claim]) -> set[str]:
    """Return the kinds of weapon the claims' sentences name (air, drone, missile, ...)."""
    return {k for c in claims for k, rx in _WEAPONS.items() if rx.search(c.quote)}


def _toll_differs(area: Claim, strike: list[Claim], name: str) -> bool:
    """Return whether the area's toll is not one the strike's claims state."""
    count = getattr(area.casualties, name)
    if count is None:
        return False
    stated = {getattr(c.casualties, name) for c in strike} - {None}
    return bool(stated) and count not in stated
