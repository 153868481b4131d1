"""The hand-written role rules: what the words just before a place name say about it.

A name after a locative preposition ("in", "near", "outside"), after a strike verb
("shelled Kreminna") or in a relative phrase ("12 km south-east of X", "outskirts of X")
may be a strike place; one after a speaker ("told journalists in"), or on a flight path
("flying over") is not. :func:`role_cues` reads those cues, with the relation a relative
phrase gives (bearing, distance, phrase); they become features of the fitted role model
(:mod:`strikemap.extract.roles`) and the input of :func:`rule_decision`, the rules'
own answer. The rules decide by default until the fitted model wins end to end (see
benchmarks/README.md).

Each pattern has a lower-case twin (:mod:`strikemap.extract._rx`) matched on the
lower-cased text, and none runs unless the last word before the name can end one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from strikemap.extract._rx import lower_same_length, lowered
from strikemap.extract.roles import (
    Cues,
)

_DIR_WORDS = {
    "north": "N", "south": "S", "east": "E", "west": "W",
    "northeast": "NE", "north-east": "NE", "northwest": "NW", "north-west": "NW",
    "southeast": "SE", "south-east": "SE", "southwest": "SW", "south-west": "SW",
    "northern": None, "southern": None, "eastern": None, "western": None,
}  # fmt: skip
# Who holds an area, written before it ("rebel-held", "Russian-occupied"); a name right
# before such a suffix is a qualifier, not a place (_QUALIFIER_AFTER).
CONTROL_SUFFIX = r"(?:held|controlled|run|occupied|administered|annexed)"
DESCRIPTOR = (
    r"(?:(?:the|a|an|neighbouring|neighboring|nearby|central|northern|southern|eastern|"
    r"western|north-western|north-eastern|south-western|south-eastern|northwestern|"
    r"northeastern|southwestern|southeastern|rural|besieged|embattled|"
    r"[\w]+-" + CONTROL_SUFFIX + r"|occupied|annexed|"
    # A nationality before an area ("in Pakistani Kashmir", "in Ukrainian Donbas").
    r"[a-z]{3,}(?:i|ian|ese|ish)|"
    r"town|city|village|villages|province|governorate|region|"
    r"area|district|countryside|outskirts|suburbs?|edge|vicinity|centre|center|heart|part|"
    r"parts|oblast|neighbourhood|neighborhood|areas|towns|of|community|settlement)\s+)"
)
_RELATIVE = re.compile(
    r"(?:(?P<dist>\d+(?:\.\d+)?)\s*(?:km|kilomet(?:re|er)s?|miles?)\s+(?:\(\s*[\d.]+\s*"
    r"(?:km|miles?)\s*\)\s+)?)?(?P<dir>north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west)\s+of\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$"
    r"|(?P<phrase>outskirts|vicinity|edge|suburbs|periphery|countryside)\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|village)\s+of\s+)?$"
    r"|(?P<near>\b(?:near|around|close to|outside|nearby)\s+(?:the\s+)?(?:(?:city|town|village)"
    r"\s+of\s+)?$)"
    # "in proximity to Krymske", "in close proximity of X": near it.
    r"|(?P<proximity>\bin\s+(?:close\s+|immediate\s+)?proximity\s+"
    r"(?:to|of)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$)",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(
    r"\b(?P<prep>in|at|on|upon|inside|across|over|throughout|within|of|into|between|"
    r"in the direction of|in the area of|"
    # The parts of an area just named: "shelled Kherson region, including Kherson city".
    r"including|"
    # A hedged apposition names where the strike fell: "in the operation area,
    # presumed to be the Zap region".
    r"(?:presumed|believed|thought|understood|reported)\s+to\s+be)\s+" + DESCRIPTOR + r"*$",
    re.IGNORECASE,
)
_VERB_OBJECT = re.compile(
    r"\b(?:shelled|struck|hit|hits|bombed|bombarded|targeted|targeting|pounded|raided|"
    r"attacked|striking|shelling|bombing|strikes|rocketed|destroyed|"
    r"fired\s+(?:[\w\-]+\s+){0,4}?at)\s+" + DESCRIPTOR + r"*$",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(
    r"\b(?:journalists|reporters|told\s+\w+|speaking|spoke|meeting|met|talks|conference|summit|"
    r"visit(?:ing)?|press|based|headquartered|statement|embassy|interview|speech|inquiry|"
    r"sidelines|assembly|council|session|officials|diplomats|governor)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_FLIGHT_BEFORE = re.compile(
    r"\b(?:fl(?:y|ying|ew|own)|transit\w*|circumvent\w*|reached|through|via|towards?|"
    r"advanc\w*|since|from)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


# Every role pattern above ends with one of these words right before the name: a name
# after any other word has no strike role, and the patterns need not run (speed).
_ROLE_LAST = frozenset(
    """be the a an in at on upon inside across over throughout within of into near around between
    to outside nearby neighbouring neighboring central northern southern eastern western
    north-western north-eastern south-western south-eastern northwestern northeastern
    southwestern southeastern rural besieged embattled town city village villages province
    governorate region area district countryside outskirts suburb suburbs edge vicinity
    centre center heart part parts oblast neighbourhood neighborhood areas towns community
    settlement shelled struck hit hits bombed bombarded targeted targeting pounded raided
    attacked striking shelling bombing strikes rocketed destroyed occupied annexed
    including""".split()  # noqa: SIM905
)


# Lower-case twins of the role patterns (see strikemap.extract._rx), and the last words
# that _RELATIVE can end with: it is not even tried after any other word.
_OF_KIND = re.compile(
    r"\b(?:towns?|city|cities|villages?|provinces?|governorates?|regions?|area|districts?|"
    r"countryside|parts?|areas|neighbourhoods?|neighborhoods?|oblast|centre|center|heart|shelling|"
    r"bombing|bombardment|outskirts|vicinity|desert|mountains|hills|plains|"
    r"environs|ports?|harbou?rs?|airports?|air\s?bases?|airfields?|refinery|refineries|"
    r"depots?|camps?|communit(?:y|ies)|settlements?|hromadas?|municipalit(?:y|ies)|"
    # What a strike hits, named by the town it is in: "the port infrastructure of Odesa",
    # "the grain terminals of Izmail", "the industrial zone of Avdiivka".
    r"infrastructure|facilit(?:y|ies)|terminals?|plants?|substations?|"
    r"industrial\s+(?:zone|area|district)s?|residential\s+(?:areas?|quarters?|districts?)|"
    r"suburbs?)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FLEW_OVER = re.compile(r"\bfl\w+\s+over\s+", re.IGNORECASE)
_INTO_FIRED = re.compile(r"\b(?:fired|launched|rockets?)\b", re.IGNORECASE)
_PHRASE_TAIL = re.compile(r"\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$")
_LOW = {
    rx: lowered(rx)
    for rx in (
        _RELATIVE, _SPEAKER_BEFORE, _LOCATIVE, _OF_KIND, _FLEW_OVER, _INTO_FIRED,
        _FLIGHT_BEFORE, _VERB_OBJECT,
    )
}  # fmt: skip
_ROLE_SAME = {p: p for p in _LOW}
_RELATIVE_LAST = frozenset({"of", "the", "near", "around", "to", "outside", "nearby"})


_Relation = tuple[str | None, float | None, str | None]
"""A relative phrase's (bearing, distance in km, phrase): "12 km south of", "outskirts of"."""


def _read_before(
    pre: str, low: str | None
) -> tuple[str, dict[re.Pattern[str], re.Pattern[str]], _Relation | None] | None:
    """Start reading the text before a name, as both :func:`_role` and :func:`role_cues` do.

    Returns ``None`` when the last word before the name ends no role pattern (none need
    run); else the text to match (lower-cased when offsets survive lower-casing), the
    patterns for it (the lower-case twins or the originals), and the relation when a
    relative phrase ends right before the name.
    """
    last = pre.rsplit(None, 1)[-1].lower().lstrip("'\"‘“([") if pre.strip() else ""
    if last not in _ROLE_LAST and not last.endswith(("-held", "-controlled", "-run")):
        return None
    if low is None:
        low = lower_same_length(pre)
    subject = pre if low is None else low
    rx = _ROLE_SAME if low is None else _LOW
    m = rx[_RELATIVE].search(subject) if last in _RELATIVE_LAST else None
    return subject, rx, None if m is None else _relation(pre, m)


def _relation(pre: str, m: re.Match[str]) -> _Relation:
    """Return the relation a match of the relative pattern in ``pre`` states."""
    if m.group("dir"):
        bearing = _DIR_WORDS.get(m.group("dir").lower().replace("-", ""))
        dist = float(m.group("dist")) if m.group("dist") else None
        return bearing, dist, pre[m.start() : m.end()].strip()
    phrase = (m.group("phrase") or m.group("near") or "near").strip()
    if m.group("proximity"):
        phrase = "near"
    phrase = _PHRASE_TAIL.sub("", phrase)
    return None, None, phrase.split()[0].lower()


def _role(
    pre: str, low: str | None = None
) -> tuple[str | None, str | None, float | None, str | None]:
    """Return (role, bearing, distance, relation phrase) from the text before a name.

    ``low`` is ``pre`` lower-cased when the caller has it (else it is computed here).
    """
    read = _read_before(pre, low)
    if read is None:
        return None, None, None, None
    subject, rx, relation = read
    if relation is not None:
        return "relative", *relation
    if rx[_SPEAKER_BEFORE].search(subject):
        return None, None, None, None
    m = rx[_LOCATIVE].search(subject)
    if m:
        prep = m.group("prep").lower()
        if prep.startswith("in the"):
            return "locative", None, None, None
        if prep in ("over", "into") and rx[_FLIGHT_BEFORE].search(subject[: m.start()] + " "):
            return None, None, None, None
        if prep == "of" and not rx[_OF_KIND].search(subject):
            return None, None, None, None
        if prep == "over" and rx[_FLEW_OVER].search(subject):
            return None, None, None, None
        if prep == "into" and not rx[_INTO_FIRED].search(subject):
            return None, None, None, None
        return "locative", None, None, None
    if rx[_FLIGHT_BEFORE].search(subject):
        return None, None, None, None
    if rx[_VERB_OBJECT].search(subject):
        return "object", None, None, None
    return None, None, None, None


_NO_CUES = Cues()


def role_cues(
    pre: str, low: str | None = None
) -> tuple[Cues, str | None, float | None, str | None]:
    """Return what the role patterns find before a name, with its relation if any.

    The relation is (bearing, distance, relation phrase) for "12 km south of X",
    "outskirts of X", "near X". ``low`` is ``pre`` lower-cased when the caller has it.
    """
    read = _read_before(pre, low)
    if read is None:
        return _NO_CUES, None, None, None
    subject, rx, relation = read
    if relation is not None:
        return Cues(relative=True), *relation
    locative = flew_over = into_without_fire = False
    m = rx[_LOCATIVE].search(subject)
    if m:
        prep = m.group("prep").lower()
        locative = prep != "of" or rx[_OF_KIND].search(subject) is not None
        flew_over = prep == "over" and (
            rx[_FLEW_OVER].search(subject) is not None
            or rx[_FLIGHT_BEFORE].search(subject[: m.start()] + " ") is not None
        )
        into_without_fire = prep == "into" and not rx[_INTO_FIRED].search(subject)
    verb_object = not locative and rx[_VERB_OBJECT].search(subject) is not None
    if not (locative or verb_object):
        return _NO_CUES, None, None, None
    # (Positional: keyword arguments cost more per call.)
    return (
        Cues(False, locative, verb_object, False, False, flew_over, into_without_fire),
        None, None, None,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class RoleQuery:
    """A name awaiting the decision whether it is a strike place (report offsets)."""

    start: int
    end: int
    features: dict[str, float]
    pre: str
    lpre: str
    cues: Cues


def rule_decision(query: RoleQuery) -> bool:
    """Decide as the hand-written rules did before the role model (a benchmark baseline)."""
    return rule_take(query.pre, query.lpre, query.cues)


def rule_take(pre: str, lpre: str, cues: Cues) -> bool:
    """Return :func:`rule_decision` of a query with this text before the name and cues.

    (Role reading calls it directly when the rules decide: they need no query.)
    """
    if cues.speaker_frame:
        return False
    if cues.passive_subject:
        return True  # whatever the role before the name
    if not (cues.relative or cues.locative or cues.verb_object):
        # _role finds a role only where role_cues (which built the cues from the same
        # text) found its cue: spare its patterns.
        return False
    role = _role(pre, lpre if lpre is not pre else None)[0]
    return role is not None or cues.passive_subject


def is_speaker_frame(sent: str, rel_start: int, rel_end: int) -> bool:
    """Return whether ``In X, <speaker> said ...`` frames the sentence (speaker's place)."""
    # Matched in place (no copies of the sentence's head and tail).
    return bool(_FRAME_IN.fullmatch(sent, 0, rel_start) and _FRAME_SAID.match(sent, rel_end))


_FRAME_IN = re.compile(r"\W*(?:But\s+|And\s+)?In\s+")
_FRAME_SAID = re.compile(r",\s+[^,]{0,60}?\b(?:said|says|told|announced|stated|claimed)\b")
