"""Read "the city" of a dispatch as its dateline's city, when nothing else is named.

A wire dispatch filed from the city it tells of often names that city only in its
dateline: "KHARKIV, 14 May 2024 — Russian bombs hit a hardware store in the city on
Monday night". The dateline names where the reporter is, which is no strike place by
itself; but "the city" (or "the town") in a strike sentence refers back to a city, and
before any other place is named the only one is the dateline's. Each such phrase becomes
a place mention of its sentence, located at the dateline's city; role reading then
decides, as for any name, whether it is a strike place.

Nothing is guessed: a dateline naming several cities ("WASHINGTON/DAMASCUS"), a city the
gazetteer cannot place as a town, "the city of X" (which names X), and any report that
has already located a strike place (whose city "the city" may be) give no phrase.
"""

from __future__ import annotations

import dataclasses
import re

from strikemap.datelines import find_dateline
from strikemap.gazetteer.base import Mention
from strikemap.model import Location

_PHRASE = re.compile(r"\b(?:the|The)\s+(?:city|town)(?:['’]s)?\b(?!\s+of\b)(?!-)")
_PLACE = re.compile(r"\s*(?P<name>[A-Z][A-Za-z’'\-]+(?:\s+[A-Z][A-Za-z’'\-]+){0,2})\s*[,(]")


def dateline_place(text: str, paragraph_start: int) -> str | None:
    """Return the single place a paragraph's dateline names ("KHARKIV" -> "Kharkiv")."""
    dl = find_dateline(text, paragraph_start)
    if dl is None:
        return None
    m = _PLACE.match(text, dl.start, dl.end)
    if m is None:
        return None
    return " ".join(w.capitalize() if w.isupper() else w for w in m.group("name").split())


def city_phrases(text: str, start: int, end: int, ids: tuple[str, ...]) -> list[Mention]:
    """Return the "the city" phrases of one sentence as mentions of the place ``ids``."""
    return [
        Mention(m.start(), m.end(), m.group(0), ids) for m in _PHRASE.finditer(text, start, end)
    ]


def as_dateline_city(loc: Location, place: str) -> Location:
    """Return the dateline city's location with the reason it stands for "the city"."""
    return dataclasses.replace(
        loc, reason=f"'the city': the dateline's {place}, the only city named so far; {loc.reason}"
    )
