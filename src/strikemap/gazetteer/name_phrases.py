"""Place phrases: bearings, relations, lists, roads and qualified names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from strikemap.gazetteer.normalize import GENERIC_WORDS, WORD_VARIANT_SPELLINGS, normalize_name
from strikemap.gazetteer.resolver_constants import KIND_CUES, SETTLEMENT_HINTS
from strikemap.model import Location, Place


def bearing_word(word: str | None) -> str | None:
    """Return a compass word as :func:`bearing_degrees` reads it ("SW" -> "south-west")."""
    if not word:
        return None
    w = word.lower().replace(" ", "-")
    short = {"n": "north", "s": "south", "e": "east", "w": "west"}
    if len(w) <= 3 and all(ch in short for ch in w):
        return "-".join(short[ch] for ch in w)  # "SSE" -> "south-south-east"
    if w.endswith("ern") and w[:-3].replace("-", "") in _COMPASS_STEMS:
        return w[:-3]  # "eastern" -> "east", "north-eastern" -> "north-east"
    return w


def relation_name(phrase: str, anchor: str) -> str:
    """Name a relative location: "near Homs", "outskirts of Odesa" (not "outskirts Odesa")."""
    words = phrase.split()
    if words and words[-1].lower() in RELATION_NOUNS:
        words.append("of")
    return " ".join([*words, anchor]).strip()


RELATION_NOUNS = frozenset(
    {"outskirts", "vicinity", "countryside", "edge", "suburbs", "periphery", "environs",
     "part", "area", "desert", "centre", "center"}
)  # fmt: skip


def replace_location(loc: Location, **kw: object) -> Location:
    """Return ``loc`` with the fields in ``kw`` replaced."""
    from dataclasses import replace

    return replace(loc, **kw)  # type: ignore[arg-type]


def points_centroid(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Return the mean (lat, lon) of ``points``, or ``None`` when there are none."""
    if not points:
        return None
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


NAME_HEAD_WORDS = frozenset(
    [*WORD_VARIANT_SPELLINGS, "tall", "bab", "wadi", "ras", "marj", "khan", "hay", "harat", "souq",
     "suq", "mazraat", "mazraa", "dar", "nahr", "tell", "qaryat", "madinat", "bani", "beni"]
)  # fmt: skip
PAREN = re.compile(r"\(([^)]*)\)")
ENCLAVES = frozenset(
    [
        frozenset(("Damascus Governorate", "Rif Dimashq Governorate")),
        frozenset(("Kyiv City", "Kyiv Oblast")),
        frozenset(("Sevastopol", "Autonomous Republic of Crimea")),
        frozenset(("Amanat al-Asimah", "Sanaa Governorate")),
    ]
)
"""A city governorate and the one around it: reports (and Airwars) write "Damascus" for
both, so an admin hint naming either agrees with a place in the other."""
LIST_SPREAD_KM = 25.0
"""Places listed together ("X and Y") are reported as one event only when this close."""
ALT_SPREAD_KM = 10.0
"""Alternative spellings ("X/Y") must designate points this close."""
_BEARING_RE = (
    r"(?:north|south)[- ](?:north|south)[- ](?:east|west)|"
    r"(?:east|west)[- ](?:north|south)[- ](?:east|west)|"
    r"north(?:[- ]?(?:east|west))?|south(?:[- ]?(?:east|west))?|east|west|"
    r"northern|southern|eastern|western|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW|[NS]?[EW]|[NS]"
)
RELATION = re.compile(
    rf"^(?:(?P<km>\d+(?:\.\d+)?)\s*km\s+)?(?P<rel>(?P<bearing>{_BEARING_RE})\s+of|"
    r"(?:in\s+the\s+)?vicinity\s+of|(?:the\s+)?outskirts\s+of|near(?:by)?|close\s+to|"
    r"around|en\s+route\s+to|(?:the\s+)?desert\s+of|(?:in\s+)?(?:the\s+)?area\s+of)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
SIDE = re.compile(
    r"^(?:the\s+)?(?P<side>(?:north|south)[- ]?(?:east|west)(?:ern)?|northern|southern|eastern|"
    r"western|central|north|south|east|west)\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
EDGE_OF = re.compile(
    r"^(?P<edge>outskirts|suburbs|edges?|periphery|environs|fringes?)\s+of\s+(?:the\s+)?"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE,
)
OLD_CITY_OF = re.compile(r"^(?:the\s+)?old\s+city\s+of\s+(?P<x>\S.*)$", re.IGNORECASE)
AREA_WORDS = frozenset({"region", "province", "oblast", "governorate", "state", "countryside"})
POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s\s+(?P<rest>\S.*)$")
""""Douma's outskirts": an owner and what it owns."""
PART_OF = re.compile(
    r"^(?P<head>(?:the\s+)?\S.*?\s+(?:neighbou?rhood|quarter|district|suburb|camp|square|"
    r"street|market))\s+(?:of|in)\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?(?P<city>\S.*)$",
    re.IGNORECASE,
)
""""X neighbourhood of C", "X district in C": a part of C named first."""
MAX_NESTING = 8
"""resolve() calls nested this deep are refused ("north of north of ... X")."""
MAX_NAME_CHARS = 1000
"""Longer "names" are text, not a place (the longest Airwars name has 243 characters)."""
VOWEL_RUNS = re.compile(r"[aeiou]+")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_COMPASS_STEMS = frozenset(["north", "south", "east", "west", "northeast", "northwest",
                            "southeast", "southwest"])  # fmt: skip
EDGE_WORDS = ("outskirt", "suburb", "edge", "periphery", "environs", "fringe")
BETWEEN = re.compile(r"\bbetween\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)
ROAD = re.compile(r"^(?:the\s+)?(\S.*?)\s*-\s*(\S.*?)\s+(?:road|highway)$", re.IGNORECASE)
INSIDE = re.compile(r"^(.+?)\s+(?P<rel>in\s+the\s+vicinity\s+of|in|near|at)\s+(.+)$", re.IGNORECASE)
LIST_SEP = re.compile(r"\s+(?:and|&|or|wa)\s+|\s*&\s*", re.IGNORECASE)
LIST_ITEM_NOISE = re.compile(
    r"\b(?:villages?|towns?|neighbou?rhoods?|areas?|districts?|cities)\b", re.IGNORECASE
)
LEADING_NOISE = re.compile(
    r"^(?:the\s+|an?\s+)?(?:area\s+(?!of\s)|city\s+cent(?:re|er)\s+of\s+|cent(?:re|er)\s+of\s+|"
    r"downtown\s+)?",
    re.IGNORECASE,
)
FACILITY = re.compile(
    r"^(.+?)\s+((?:national\s+)?(?:hospital|clinic|school|mosque|church|market|bakery|"
    r"police\s+station|water\s+station|station|silos?|farms?|crossing|junction|roundabout|"
    r"bridge|camp|garage|prison|factory|mill|stadium|university|checkpoint|square|"
    # Infrastructure strike reports name by its town ("Avdiivka coke plant").
    r"(?:\w+\s+)?plant|(?:oil\s+)?depot|(?:oil\s+)?refinery|substation|power\s+station|"
    r"thermal\s+power\s+plant|railway\s+station|port|(?:international\s+)?airport|airfield|"
    r"air\s*base|hotel|shopping\s+centre|"
    r"shopping\s+center|mall|supermarket|warehouse|barracks|residential\s+building|"
    r"(?:city|town)\s+cent(?:re|er)|old\s+city|downtown))$",
    re.IGNORECASE,
)
HEADLINE_VERBS = frozenset(
    {"hit", "hits", "kill", "kills", "killed", "bomb", "bombs", "bombed", "raid", "raids",
     "shell", "shells", "shelled", "strike", "strikes", "struck", "pound", "pounds", "blast",
     "blasts", "drone", "drones", "missile", "missiles", "rocket", "rockets", "war", "dead"}
)  # fmt: skip
OUT_OF_TOWN = re.compile(
    r"\b(?:airport|airfield|air\s*base|plant|refinery|depot|substation|power\s+station)$",
    re.IGNORECASE,
)
Hints = tuple[Place | None, Place | None, str | None]
"""The admin hint as resolved: admin1 area, place of that name, and the text."""
CITY_GOVERNORATES = frozenset(["damascus", "kyiv", "sevastopol", "amanat al asimah"])
"""Folded names (kind words stripped) of admin1 areas that are one city: a place
"in Damascus" lies in the city whichever of the two is meant."""
CONTAINER_ADJECTIVES = frozenset(
    ["eastern", "western", "northern", "southern", "central", "east", "west", "north",
     "south", "downtown", "old", "the"]
)  # fmt: skip
_URBAN_WORDS = frozenset(
    ["neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "quarter", "square",
     "street", "st", "road", "roundabout", "hospital", "mosque", "school", "market", "bakery",
     "complex", "university", "building", "stadium", "park", "garage", "souq", "suq", "hay",
     "hai", "hayy", "harat"]
)  # fmt: skip
"""Kind words of a part of a city (a street, a square, a neighbourhood ...)."""
_SETTLEMENT_WORDS = frozenset(["village", "villages", "town", "towns", "hamlet", "farm", "farms"])
"""Kind words of a settlement in its own right, never a part of the container city."""


def kind_of_head(head: str, kind_hint: str | None) -> str | None:
    """Classify the X of "X, C" by its kind words: settlement, urban, district or none."""
    words = set(normalize_name(head).split())
    if words & _SETTLEMENT_WORDS or kind_hint in SETTLEMENT_HINTS:
        return "settlement"
    if words & _URBAN_WORDS or kind_hint in ("neighbourhood", "neighborhood"):
        return "urban"
    if words & {"district", "districts"}:
        return "district"
    return None


def urban_kind_word(head: str) -> bool:
    """Whether a name ends (or starts) with an intra-urban kind word ("X neighbourhood")."""
    words = normalize_name(PAREN.sub(" ", head).partition(",")[0]).split()
    return len(words) > 1 and (
        words[-1] in _URBAN_WORDS or words[0] in ("hay", "hai", "hayy", "harat")
    )


def comma_tail(name: str) -> str | None:
    """Return what follows the first comma ("Aleppo" in "Bazza Square, Aleppo")."""
    _head, sep, tail = PAREN.sub(" ", name).partition(",")
    return tail.strip() or None if sep else None


def parse_name(name: str) -> tuple[str, str, str | None, str | None, str | None]:
    """Split "Al Mashad neighbourhood, Aleppo (x)" into full head, head, hint, kind, alt."""
    alt = None
    m = PAREN.search(name)
    if m:
        alt = m.group(1).strip() or None
        name = PAREN.sub(" ", name)
    head, _, tail = name.partition(",")
    admin_hint = tail.strip() or None
    head = " ".join(head.split())
    words = head.split()
    kind = None
    # A kind word at the end ("Idlib province") or start ("Village of X") of the name.
    while len(words) > 1 and words[-1].lower() in GENERIC_WORDS | KIND_CUES:
        w = words.pop().lower()
        kind = kind or w
    if len(words) > 2 and words[0].lower() in KIND_CUES and words[1].lower() == "of":
        kind = kind or words[0].lower()
        words = words[2:]
    return head, " ".join(words).strip(), admin_hint, kind, alt
