"""Decide which places in a strike sentence were struck.

Only places in a *strike role* become events: after a locative preposition ("in", "near",
"on", "at", "outside"), as the object of a strike verb ("shelled Kreminna"), as the
subject of a passive strike verb ("Buhas, Donetsk, was shelled"), in a relative phrase
("north of Homs", "12 km south-east of X", "outskirts of X", "in the direction of X"), or
coordinated with such a place ("in Jisr al-Shughur and Jabal al-Zawiya"). Places in other
roles are left out: the speaker's location ("told journalists in New York", "In Moscow,
the ministry said"), capitals used as actors ("Moscow said"), flight paths ("flying over
..."), advances ("towards Latakia") and relative clauses about someone else.

Names are read as whole proper-noun phrases: a gazetteer match inside a longer
capitalised name ("Bab" in "Bab Ghaliq", "Dolyna" in "Myrna Dolyna") is not that place;
the whole phrase is the name, resolved as written or reported unresolved.

Administrative context written with a place is its admin hint, not a separate strike:
"Kafr Nabl, Idlib", "in X ... in Idlib province", "X area in Y district of Duhok", and
note-style parentheses "Al Far (Kitaf wa Al Boqee, Sadah)", whose last item is the
outermost area. A parenthesis holding one non-admin name is an alternative spelling
("Saca (Shaca)"); "(coded to X)" names the place a coder located the strike at, which
replaces the place written before it (the written place, with its relation, is kept for
when X cannot be resolved). Other parentheses are asides and never strikes.

A town written as a container with a relation ("X village in the countryside of T") is
the place's anchor, and an area in an official's title ("the governor of Kursk oblast
reported that ...") is the admin hint of strike places written without one: both serve
only where the place itself cannot be resolved or needs disambiguating.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from strikemap.extract._rx import lower_same_length, lowered, with_first_chars
from strikemap.extract.roles import (
    Cues,
    MentionContext,
    RoleModel,
    find_triggers,
    mention_features,
)
from strikemap.gazetteer.base import GazetteerLike, Mention

_DIR_WORDS = {
    "north": "N", "south": "S", "east": "E", "west": "W",
    "northeast": "NE", "north-east": "NE", "northwest": "NW", "north-west": "NW",
    "southeast": "SE", "south-east": "SE", "southwest": "SW", "south-west": "SW",
    "northern": None, "southern": None, "eastern": None, "western": None,
}  # fmt: skip
# Who holds an area, written before it ("rebel-held", "Russian-occupied"); a name right
# before such a suffix is a qualifier, not a place (_QUALIFIER_AFTER).
_CONTROL_SUFFIX = r"(?:held|controlled|run|occupied|administered|annexed)"
_DESCRIPTOR = (
    r"(?:(?:the|a|an|neighbouring|neighboring|nearby|central|northern|southern|eastern|"
    r"western|north-western|north-eastern|south-western|south-eastern|northwestern|"
    r"northeastern|southwestern|southeastern|rural|besieged|embattled|"
    r"[\w]+-" + _CONTROL_SUFFIX + r"|occupied|annexed|"
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
    r"(?:presumed|believed|thought|understood|reported)\s+to\s+be)\s+" + _DESCRIPTOR + r"*$",
    re.IGNORECASE,
)
_VERB_OBJECT = re.compile(
    r"\b(?:shelled|struck|hit|hits|bombed|bombarded|targeted|targeting|pounded|raided|"
    r"attacked|striking|shelling|bombing|strikes|rocketed|destroyed|"
    r"fired\s+(?:[\w\-]+\s+){0,4}?at)\s+" + _DESCRIPTOR + r"*$",
    re.IGNORECASE,
)
# (Matched at a position: no "^", which would only match at the string's start.)
_PASSIVE_AFTER = re.compile(
    r"\s*(?:,\s*[^,;.()]{1,40},\s*)?(?:(?:was|were|has been|have been|had been)\s+"
    r"(?:\w+\s+)?(?:shelled|struck|hit|bombed|bombarded|targeted|attacked|pounded|raided|"
    r"destroyed|damaged)\b|"
    # "Shebekino came under artillery fire", "the town has come under heavy shelling".
    r"(?:came|comes|has\s+come|had\s+come|have\s+come)\s+under\s+(?:\w+\s+){0,2}?"
    r"(?:fire|shelling|attack|attacks|bombardment|bombing|strikes|air\s+strikes|airstrikes)\b)",
    re.IGNORECASE,
)
_COORD = re.compile(
    r"^\s*(?:,|,?\s*and|&|or|/)\s*(?:in\s+)?(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$"
)
# "al-Mawasi, west of Khan Younis", "al-Dailami airbase north of Sanaa": a relation
# written right after a strike place says where that place lies; the town it names is
# the place's anchor, not a second strike.
_APPOSITIVE_RELATION = re.compile(
    r"^\s*,?\s*(?:just\s+|some\s+|about\s+|around\s+)?(?P<rel>(?:\d+(?:\.\d+)?\s*"
    r"(?:km|kilomet(?:re|er)s?)\s+)?(?:north|south|east|west)(?:-?(?:east|west))?\s+of|"
    r"near|close\s+to|outside)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
    re.IGNORECASE,
)
_SIDE_WORD = (
    r"(?P<side>(?:north|south)-?(?:east|west)(?:ern)?|northern|southern|eastern|western|central)"
)
# "in the southern countryside of", "in northern": the side of the container that follows.
_SIDE_IN = re.compile(r"\b" + _SIDE_WORD + r"\b", re.IGNORECASE)
# "in central Gaza", "southern Idlib countryside": the part of the place on that side.
_SIDE_BEFORE = re.compile(r"\b" + _SIDE_WORD + r"\s+$", re.IGNORECASE)
_CONTAINER = re.compile(
    r"^\s*(?:(?:village|town|city|area|areas|district|camp|front|region|community|"
    r"territorial community|neighbourhood|neighborhood|quarter|suburb|"
    # A facility named after the place: "Shayrat airbase in Homs province".
    r"air\s?base|base|airport|airfield|dam|bridge|port|refinery|plant|hospital)\s*)?"
    r"(?:,(?:\s*in(?:\s+the)?)?|in|in\s+the|of|of\s+the)\s*(?:(?:west|east|north|south)\s+)?"
    + _DESCRIPTOR
    + r"*$",
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
_KIND_WORDS = (
    r"province|governorate|region|oblast|city|town|village|district|countryside|area|"
    r"neighbourhood|neighborhood|camp|suburb|raion|county|state|township|front|community|"
    r"subdistrict|municipality|hromada|ward"
)
_KIND_AFTER = re.compile(r"^\s*(?P<kind>" + _KIND_WORDS + r")(?:s|es)?\b", re.IGNORECASE)
_KIND_BEFORE = re.compile(
    r"\b(?P<kind>province|governorate|region|city|town|village|district|countryside|area|"
    r"oblast)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_KIND_WORD_SET = frozenset(_KIND_WORDS.split("|"))
# (A ward is a named part of a town: "Hahan Ward" is the place "Hahan".)
_SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood", "neighborhood", "camp",
                               "settlement", "community", "suburb", "ward"})  # fmt: skip
_ADMIN_KINDS = frozenset({"province", "governorate", "oblast", "region", "state", "countryside"})
# Kind words that make a name an area containing the place before it ("X area in Y district").
_AREA_KINDS = _ADMIN_KINDS | {"district", "subdistrict", "township", "raion", "county",
                              "municipality"}  # fmt: skip
# A proper-noun phrase: capitalised words, joined by spaces, hyphens, Arabic particles
# ("Jabal al Balaq ash Sharqi", "Kitaf wa Al Boqee") or a spaced dash ("Donetsk - Kirovskyi").
_PARTICLE = r"(?:al|el|ad|as|ash|ar|an|at|az|ath|wa|bin|ibn|bani|abu|umm|de|du|la|le|di)"
_PARTICLE_RE = re.compile(_PARTICLE)
_CAPWORD = r"(?:[A-Z][\w’'\-]*[\w]|[A-Z])"
# Between two words, the article that is also an English word ("at", "as", "an") joins
# them only assimilated to the next word's first letter, as the Arabic article is ("at
# Tuhayat", "as Suwayda", "an Nabk"): "fired MLRS at Chasiv Yar" is a weapon and a town.
_JOIN_PARTICLE = (
    r"(?:al|el|ad|ash|ar|az|ath|wa|bin|ibn|bani|abu|umm|de|du|la|le|di|"
    r"at(?=[-\s]+[Tt])|as(?=[-\s]+[Ss])|an(?=[-\s]+[Nn]))"
)
_PHRASE = with_first_chars(
    r"(?<![\w’'\-])(?:(?:al|el)[-\s]|" + _PARTICLE + r"-)?" + _CAPWORD
    + r"(?:(?:\s+(?:" + _JOIN_PARTICLE + r"[-\s]+)?|[-\s]+" + _JOIN_PARTICLE + r"[-\s]+|\s+-\s+)"
    + _CAPWORD + r")*"
)  # fmt: skip
_POSSESSIVE_INSIDE = re.compile(r"['’]s\s+")
_OWNER_GAP = 20
"""Characters between an owner and what it owns at most (" governorate's ")."""
_QUALIFIER_AFTER = re.compile(
    r"-(?:" + _CONTROL_SUFFIX + r"|backed|led|aligned|allied|based)\b",
    re.IGNORECASE,
)
_COMMA_IN = re.compile(r"^\s*,\s*in\b", re.IGNORECASE)
# Between an owner and what it owns: "Kharkiv's ", "Donetsk city's ".
_POSSESSIVE_BETWEEN = re.compile(
    r"(?:\s+(?:city|town|village|region|province|oblast|governorate))?['’]s\s+", re.IGNORECASE
)
_PAREN = re.compile(r"\((?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)")
_CODED = re.compile(
    r"^\s*(?:coded|understood|located)\s+(?:to|as|at)\s+(?P<x>.+?)\s*$", re.IGNORECASE
)
_ACRONYM = re.compile(r"^[A-Z0-9]{2,6}(?:['’]s)?$")
_NOT_NAMES = frozenset(
    """The A An On In At Of By For From With And But Or As It He She They We His Her Its
    Their This That These Those There Here Around About After Before Between During Since
    Until Over Under Near Some All Both One Two Three Four Five Six Seven Eight Nine Ten
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Twitter Facebook Telegram
    Islamic State IS ISIS ISIL Daesh Army Conquest Sunni Shia Kurdish Arab Western Eastern
    Northern Southern Central Free Syrian Coalition Observatory Council Assembly God Allah
    PM AM Civil Defence Defense Red Crescent Cross UN President Minister Ministry Forces
    Force Military Police Casualties Fatalities Unknown Unidentified Tags Read Also Date
    Published Source Sources Photo Reuters AFP AP Anadolu Agency Local Medical Security
    Anti Pro Mount Mountain Mountains Highway Road Airport Base Hospital Market School
    Border Brigade Battalion Division Regiment Operation Operations Units Unit Group Front
    Russian Ukrainian Turkish Iraqi Iranian Israeli American Saudi Yemeni Houthi Houthis
    Burkinabe Moroccan Nigerian Afghan Pakistani Armenian Azerbaijani British French
    According Around Several Dozens Scores Hundreds Most Many Other Another Each Every
    No Not Also Then When While Where Which Who What Why How Shelling Airstrikes Airstrike
    Strikes Strike Raids Raid Attack Attacks Drone Drones Artillery Missile Missiles
    Rocket Rockets Mortar Mortars Grad Fighters Militants Soldiers Troops Civilians
    Residents Children People Governor Mayor General Colonel Commander Spokesman
    Spokeswoman Lieutenant Major Captain Sheikh-ul Prime Deputy Chief Head""".split()  # noqa: SIM905 (a word list reads better)
)
_GENERIC_HEADS = frozenset(
    {"Highway", "Road", "Airport", "Base", "Hospital", "Market", "School", "Mountains",
     "Brigade", "Front", "Camp", "Golf", "Course", "Command", "Street", "Square"}
)  # fmt: skip
# Head nouns of buildings and institutions: "Donetsk Academic Regional Drama Theatre" is a
# theatre named after a region, not the region; it is where the strike fell only through
# the town written with it ("... Theatre in Mariupol").
_LANDMARK_HEADS = _GENERIC_HEADS | frozenset(
    {"Theatre", "Theater", "Station", "Mosque", "Church", "Cathedral", "Bridge", "Plant",
     "Factory", "University", "Academy", "Institute", "College", "Stadium", "Port",
     "Prison", "Palace", "Museum", "Hotel", "Mall", "Refinery", "Depot", "Tower",
     "Building", "Complex", "Company", "Facility", "Clinic", "Bakery", "Library", "Center",
     "Centre", "Office", "Headquarters", "Ministry", "Embassy", "Compound", "Bank", "Dam",
     "Terminal", "Warehouse", "Mill", "Shelter", "Club", "Park", "Zoo", "Temple"}
)  # fmt: skip
# A capitalised name followed by a lower-case facility noun names the facility's owner or
# namesake ("the Medecins Sans Frontieres trauma hospital"), not a place.
_FACILITY_AFTER = re.compile(
    r"^\s+(?:[a-z][\w\-]*\s+){0,2}?(?:hospital|clinic|school|market|mosque|church|theatre|"
    r"theater|station|factory|plant|bakery|headquarters|office|offices|compound|camp|base|"
    r"airbase|warehouse|depot|facility|building|center|centre|shelter|university)s?\b"
)


@dataclass(frozen=True, slots=True)
class WrittenPlace:
    """The place a note wrote before "(coded to X)" replaced it, with how it was written.

    "south of At Tuhayat district (coded to Al Haymah)": the strike is at Al Haymah by
    the coder's word, and south of At Tuhayat district by the text's; the written place
    and its relation still hold when the coder's place cannot be resolved.
    """

    surface: str
    kind_hint: str | None
    bearing: str | None
    distance_km: float | None
    relation: str | None


@dataclass(slots=True)
class PlaceHit:
    """A place in a strike role inside one sentence (spans index the report text).

    ``known`` is true when the whole name is a gazetteer name as written; other names
    are still resolved (spelling variants) and reported unresolved when that fails.
    ``alt`` is an alternative spelling written beside the name ("Saca (Shaca)").
    ``anchor`` is the town the place is written to lie around, with the relation
    ("X village in the countryside of T": ``("T", ids, "countryside")``): where the
    place itself cannot be resolved, that relation to the town is what the text says.
    """

    start: int
    end: int
    surface: str
    place_ids: tuple[str, ...]
    known: bool
    bearing: str | None = None
    distance_km: float | None = None
    relation: str | None = None
    kind_hint: str | None = None
    admin_hint: str | None = None
    admin_hint_ids: tuple[str, ...] = ()
    is_container: bool = False
    chain: list[int] = field(default_factory=list)
    alt: str | None = None
    admin_hint_level: int = 0
    anchor: tuple[str, tuple[str, ...], str] | None = None
    written: WrittenPlace | None = None
    side: str | None = None
    admin_hint_side: str | None = None


@dataclass(slots=True)
class _Name:
    start: int  # sentence offsets
    end: int
    surface: str
    ids: tuple[str, ...]
    known: bool
    kind: str | None = None
    paren: int = -1  # index of the parenthesis group holding it, -1 when none


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
_PLACE_PATTERNS = (_KIND_AFTER, _KIND_BEFORE, _CONTAINER, _PASSIVE_AFTER)
_TWIN = {p: lowered(p) for p in _PLACE_PATTERNS}
_SAME = {p: p for p in _PLACE_PATTERNS}
_ROLE_SAME = {p: p for p in _LOW}
_RELATIVE_LAST = frozenset({"of", "the", "near", "around", "to", "outside", "nearby"})


def _role(
    pre: str, low: str | None = None
) -> tuple[str | None, str | None, float | None, str | None]:
    """Return (role, bearing, distance, relation phrase) from the text before a name.

    ``low`` is ``pre`` lower-cased when the caller has it (else it is computed here).
    """
    last = pre.rsplit(None, 1)[-1].lower().lstrip("'\"‘“([") if pre.strip() else ""
    if last not in _ROLE_LAST and not last.endswith(("-held", "-controlled", "-run")):
        return None, None, None, None
    if low is None:
        low = lower_same_length(pre)
    # Match the lower-cased text with the twins when offsets survive lower-casing.
    subject = pre if low is None else low
    rx = _ROLE_SAME if low is None else _LOW
    m = rx[_RELATIVE].search(subject) if last in _RELATIVE_LAST else None
    if m:
        if m.group("dir"):
            b = _DIR_WORDS.get(m.group("dir").lower().replace("-", ""))
            dist = float(m.group("dist")) if m.group("dist") else None
            return "relative", b, dist, pre[m.start() : m.end()].strip()
        phrase = (m.group("phrase") or m.group("near") or "near").strip()
        if m.group("proximity"):
            phrase = "near"
        phrase = _PHRASE_TAIL.sub("", phrase)
        return "relative", None, None, phrase.split()[0].lower()
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


def _cues(pre: str, low: str | None = None) -> tuple[Cues, str | None, float | None, str | None]:
    """Return what the role patterns find before a name, with its relation if any.

    The relation is (bearing, distance, relation phrase) for "12 km south of X",
    "outskirts of X", "near X". ``low`` is ``pre`` lower-cased when the caller has it.
    """
    last = pre.rsplit(None, 1)[-1].lower().lstrip("'\"‘“([") if pre.strip() else ""
    if last not in _ROLE_LAST and not last.endswith(("-held", "-controlled", "-run")):
        return _NO_CUES, None, None, None
    if low is None:
        low = lower_same_length(pre)
    subject = pre if low is None else low
    rx = _ROLE_SAME if low is None else _LOW
    m = rx[_RELATIVE].search(subject) if last in _RELATIVE_LAST else None
    if m:
        if m.group("dir"):
            b = _DIR_WORDS.get(m.group("dir").lower().replace("-", ""))
            dist = float(m.group("dist")) if m.group("dist") else None
            return Cues(relative=True), b, dist, pre[m.start() : m.end()].strip()
        phrase = (m.group("phrase") or m.group("near") or "near").strip()
        if m.group("proximity"):
            phrase = "near"
        phrase = _PHRASE_TAIL.sub("", phrase)
        return Cues(relative=True), None, None, phrase.split()[0].lower()
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
    return (
        Cues(
            locative=locative, verb_object=verb_object, flew_over=flew_over,
            into_without_fire=into_without_fire,
        ),
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
    if query.cues.speaker_frame:
        return False
    if query.cues.passive_subject:
        return True  # whatever the role before the name
    if not (query.cues.relative or query.cues.locative or query.cues.verb_object):
        # _role finds a role only where _cues (which built the query's cues from the
        # same text) found its cue: spare its patterns.
        return False
    role = _role(query.pre, query.lpre if query.lpre is not query.pre else None)[0]
    return role is not None or query.cues.passive_subject


def _area_kinds(ids: tuple[str, ...], gazetteer: GazetteerLike) -> tuple[bool, bool]:
    """Return whether a name may mean an administrative area, and whether a country."""
    area = country = False
    for pid in ids[:3]:
        try:
            kind = gazetteer.get(pid).kind
        except KeyError:
            continue
        area = area or kind in ("admin1", "admin2", "country", "district")
        country = country or kind == "country"
    return area, country


def _is_speaker_frame(sent: str, rel_start: int, rel_end: int) -> bool:
    """Return whether ``In X, <speaker> said ...`` frames the sentence (speaker's place)."""
    # Matched in place (no copies of the sentence's head and tail).
    return bool(_FRAME_IN.fullmatch(sent, 0, rel_start) and _FRAME_SAID.match(sent, rel_end))


_SPACE = re.compile(r"\s")
_NONSPACE = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_GAP_WORD = re.compile(r"[\w’'\-]+")
_ASIDE = re.compile(r"\([^()]*\)")
_FRAME_IN = re.compile(r"\W*(?:But\s+|And\s+)?In\s+")
_FRAME_SAID = re.compile(r",\s+[^,]{0,60}?\b(?:said|says|told|announced|stated|claimed)\b")


def _trim_phrase(sent: str, a: int, b: int) -> tuple[int, int, str | None]:
    """Drop leading/trailing non-name words (weekdays, "The") and a trailing kind word."""
    kind: str | None = None
    if not _SPACE.search(sent, a, b):
        # One word (most phrases): the loops below reduce to this test.
        w = sent[a:b]
        return (a, a, None) if w in _NOT_NAMES or w == "-" else (a, b, None)
    words = [(m.start(), m.end()) for m in _NONSPACE.finditer(sent, a, b)]
    while words and sent[words[0][0] : words[0][1]] in _NOT_NAMES:
        words.pop(0)
    while words:
        w = sent[words[-1][0] : words[-1][1]]
        prev = sent[words[-2][0] : words[-2][1]] if len(words) > 1 else ""
        if _PARTICLE_RE.fullmatch(prev):
            break  # "Ain al Arab": a word after a particle belongs to the name
        if w.lower() in _KIND_WORD_SET and len(words) > 1:
            kind = kind or w.lower()
            words.pop()
        elif w in _NOT_NAMES or w == "-":
            words.pop()
        else:
            break
    if not words:
        return a, a, None
    return words[0][0], words[-1][1], kind


def _names(
    sent: str,
    sent_start: int,
    mentions: list[Mention],
    blocked: list[tuple[int, int]],
    is_area: Callable[[tuple[str, ...]], bool],
    actor_role: list[tuple[int, int]],
) -> list[_Name]:
    """Return the candidate names of a sentence: whole phrases, or their gazetteer parts."""
    rel = [(m.start - sent_start, m.end - sent_start, m.surface, m.place_ids) for m in mentions]
    used: set[int] = set()
    out: list[_Name] = []
    shouted: list[tuple[int, int]] | None = None  # read when an unknown name needs it
    for pa, pb in _phrase_spans(sent):
        a, b, kind = _trim_phrase(sent, pa, pb)
        if b <= a:
            continue
        inside = [i for i, r in enumerate(rel) if r[0] < b and r[1] > a] if rel else []
        if inside:
            used.update(inside)
        if kind is not None and rel:
            # The kind word trimmed off ("Hahan Ward") is no place of its own, whatever
            # the gazetteer spots in it ("Ward", a county elsewhere).
            used.update(i for i, r in enumerate(rel) if r[0] >= b and r[1] <= pb)
        if blocked and any(s < b and e > a for s, e in blocked):
            # An actor alias inside is no unknown place name; a gazetteer name stays a
            # place ("near Damascus") unless the sentence uses it as an actor ("Damascus
            # said", "Moscow launched").
            for i in inside:
                s, e, surf, ids = rel[i]
                if not any(bs < e and be > s for bs, be in actor_role):
                    out.append(_Name(s, e, surf, ids, True))
            continue
        landmark = sent[pa:pb].rsplit(None, 1)[-1] in _LANDMARK_HEADS
        if not inside:
            if _is_demonym(sent[a:b]):
                continue  # "the southern Lebanese city of Tyre": a people, not a place
            if shouted is None:
                shouted = _shouted_lines(sent)
            k = bisect.bisect_right(shouted, (a, len(sent))) - 1
            if (
                not (k >= 0 and shouted[k][0] <= a and b <= shouted[k][1])
                and not landmark
                and _plausible_unknown(sent[a:b], sent, b)
                and not _owner(sent, b)
            ):
                out.append(_Name(a, b, sent[a:b], (), False, kind))
            continue
        covered = _covers(sent, a, b, [rel[i] for i in inside])
        # Several names in a row are a list only when each is an area ("Idlib Russia
        # Syria" in a tag line); "Myrna Dolyna" is one village, whatever its parts match.
        if covered and len(inside) > 1 and not all(is_area(rel[i][3]) for i in inside):
            covered = False
        if covered:
            for i in inside:
                s, e, surf, ids = rel[i]
                out.append(_Name(s, e, surf, ids, True, kind if e == b else None))
        elif not landmark and not _owner(sent, b):
            # A gazetteer name inside a longer proper name is not that place (and a
            # building's or an organisation's name is no place at all).
            out.append(_Name(a, b, sent[a:b], (), False, kind))
    for i, (s, e, surf, ids) in enumerate(rel):
        if i not in used:
            out.append(_Name(s, e, surf, ids, True))
    if "-" in sent:
        # "Pakistan-administered Kashmir", "Kurdish-held": a qualifier, not a place.
        out = [n for n in out if not _QUALIFIER_AFTER.match(sent, n.end)]
    out.sort(key=lambda n: n.start)
    return out


def _phrase_spans(sent: str) -> list[tuple[int, int]]:
    """Return the proper-noun phrases of a sentence, split after a possessive.

    "Kharkiv's Kyivskyi district" is the owner "Kharkiv" and the place "Kyivskyi"
    (an apostrophe inside a word, as in "Ma'arrat", stays part of the name).
    """
    spans = [m.span() for m in _PHRASE.finditer(sent)]
    if "'" not in sent and "’" not in sent:
        return spans  # the common case: no possessive to split at
    out: list[tuple[int, int]] = []
    for a, b in spans:
        for poss in _POSSESSIVE_INSIDE.finditer(sent, a, b):
            out.append((a, poss.start()))
            a = poss.end()
        out.append((a, b))
    return out


def _shouted_lines(sent: str) -> list[tuple[int, int]]:
    """Return the spans of the sentence's lines written in capitals.

    In "RUSSIAN STRIKES HIT IDLIB" every word looks like a name: only gazetteer names
    count there, not unknown capitalised words. (Each line is read once.)
    """
    out: list[tuple[int, int]] = []
    start = 0
    for line in sent.split("\n"):
        # The ASCII letters are counted in C (they are A-Z and a-z, and only A-Z are
        # upper case); the few other characters one by one.
        raw = line.encode("ascii", "ignore")
        letters = raw.translate(None, _NOT_ASCII_LETTERS)
        n_letters = len(letters)
        n_upper = n_letters - len(letters.translate(None, _ASCII_UPPER))
        if len(raw) != len(line):
            for c in _NON_ASCII.findall(line):
                if c.isalpha():
                    n_letters += 1
                    n_upper += c.isupper()
        if n_letters >= 8 and n_upper > 0.8 * n_letters:
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


_ASCII_UPPER = bytes(range(65, 91))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NOT_ASCII_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())


def _owner(sent: str, end: int) -> bool:
    """Return whether a lower-case facility noun follows the name ending at ``end``."""
    return bool(_FACILITY_AFTER.match(sent[end : end + 60]))


def _covers(sent: str, a: int, b: int, parts: list[tuple[int, int, str, tuple[str, ...]]]) -> bool:
    """Return whether gazetteer matches cover every word of ``sent[a:b]`` that matters."""
    pos = a
    for s, e, *_r in sorted(parts):
        gap = sent[pos:s]
        if not _gap_ok(gap):
            return False
        pos = max(pos, e)
    return _gap_ok(sent[pos:b])


def _gap_ok(gap: str) -> bool:
    words = _GAP_WORD.findall(gap)
    return all(w in _NOT_NAMES or w.lower() in _KIND_WORD_SET for w in words)


@functools.lru_cache(maxsize=4096)
def _is_demonym(name: str) -> bool:
    # Cached by name: the world tables do not change while strikemap runs.
    from strikemap.gazetteer.world import shared_world

    return shared_world().demonym(name) is not None


def _plausible_unknown(name: str, sent: str = "", end: int = 0) -> bool:
    """Return whether a capitalised phrase unknown to the gazetteer may be a place name.

    Two-letter names ("Ye", "Bo") are too often other words to stand alone; they count
    only when a kind word follows them ("in Ye township", "Bo district").
    """
    words = name.split()
    if _ACRONYM.match(name) or any(w in _NOT_NAMES for w in words[:1]):
        return False
    if words[-1] in _GENERIC_HEADS or _DIGIT.search(name):
        return False
    if len(name) == 2 and name[1].islower():
        return bool(_KIND_AFTER.match(sent[end : end + 30]))
    return len(name) >= 3


def _paren_groups(sent: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, body)`` of each top-level parenthesis in a sentence."""
    return [(m.start(), m.end(), m.group("body")) for m in _PAREN.finditer(sent)]


def find_strike_places(
    report_text: str,
    sent_start: int,
    sent_end: int,
    mentions: list[Mention],
    gazetteer: GazetteerLike,
    is_actor_span: set[tuple[int, int]],
    *,
    alias_spans: set[tuple[int, int]] | None = None,
    group_spans: set[tuple[int, int]] | None = None,
    is_admin1: Callable[[str], bool] | None = None,
    triggers: list[tuple[int, int]] | None = None,
    model: RoleModel | None = None,
    decide: Callable[[RoleQuery], bool] | None = None,
) -> list[PlaceHit]:
    """Return the places in strike roles in one sentence, in text order.

    Names joined to a strike place (its containers, the list it heads, a possessive, a
    parenthesis) follow it; every other name is a strike place when the role model says
    so (:mod:`strikemap.extract.roles`).

    Parameters
    ----------
    report_text
        The report text; spans returned index it.
    sent_start, sent_end
        The sentence span.
    mentions
        Gazetteer mentions inside the sentence (report offsets).
    gazetteer
        Used only to read place kinds of candidates (containers).
    is_actor_span
        Report spans taken as striking actors or speakers (capitals as metonyms).
    alias_spans
        Report spans of every actor alias (never place names, whatever their role).
    group_spans
        Report spans of aliases of actors that are not states (armed groups,
        coalitions): a gazetteer name there is the group, never a place ("a Hamas
        compound" is not Hamm), while a state's alias may be its place ("near Damascus").
    is_admin1
        Tells whether a name designates a first-level area (used to read note-style
        parentheses); by default a name is admin when a gazetteer id is an area.
    triggers
        Sentence spans of the event's trigger(s); by default the strike triggers found
        in the sentence.
    model
        The role model (:func:`strikemap.extract.roles.shipped_role_model`) deciding
        whether a name is a strike place.
    decide
        Decides instead of a model (fitting: gold labels); without either, the
        hand-written rules (:func:`rule_decision`) decide.
    """
    role_model = model
    if model is None and decide is None:
        # The fitted model still loses on the ACLED notes end to end (see
        # benchmarks/README.md): the hand-written rules decide by default until it does not.
        decide = rule_decision
    sent = report_text[sent_start:sent_end]
    actor_role = [(s - sent_start, e - sent_start) for s, e in is_actor_span]
    blocked = [(s - sent_start, e - sent_start) for s, e in (alias_spans or set())]
    group_role = [(s - sent_start, e - sent_start) for s, e in (group_spans or set())]
    names = _names(
        sent,
        sent_start,
        mentions,
        blocked + actor_role,
        lambda ids: _is_admin(ids, gazetteer),
        actor_role + group_role,
    )

    def admin(n: _Name) -> bool:
        if n.kind in _ADMIN_KINDS:
            return True
        if is_admin1 is not None:
            # A country contains the places written before it too ("X in Lebanon").
            return is_admin1(n.surface) or (n.known and _is_country(n.ids, gazetteer))
        return n.known and _is_admin(n.ids, gazetteer)

    # Case-insensitive patterns run as lower-case twins on the lower-cased sentence.
    lsent = lower_same_length(sent)
    low = sent if lsent is None else lsent
    rx = _SAME if lsent is None else _TWIN
    groups = _paren_groups(sent)
    for n in names:
        for gi, (gs, ge, _body) in enumerate(groups):
            if gs < n.start and n.end <= ge:
                n.paren = gi
    heads = [n for n in names if n.paren < 0]
    index_of = {id(n): i for i, n in enumerate(heads)}
    hits: list[PlaceHit] = []
    prev_hit: PlaceHit | None = None
    prev_end: int | None = None
    done_groups: set[int] = set()
    jurisdiction: _Name | None = None
    for n in names:
        if n.paren >= 0:
            if n.paren in done_groups or prev_hit is None or prev_end is None:
                continue
            gs, ge, body = groups[n.paren]
            if sent[prev_end:gs].strip(" ,") and not _KIND_AFTER.fullmatch(
                sent[prev_end:gs].strip(" ,")
            ):
                continue
            done_groups.add(n.paren)
            members = [m for m in names if m.paren == n.paren]
            _apply_group(sent, sent_start, body, gs, members, prev_hit, hits, admin)
            prev_end = ge
            continue
        start, end = sent_start + n.start, sent_start + n.end
        pre = sent[max(0, n.start - 70) : n.start]
        lpre = low[max(0, n.start - 70) : n.start]
        post = low[n.end : n.end + 30]
        # The kind word written with the name is read only when it is used (most names
        # have no strike role and need none).
        kind = n.kind
        kind_read = kind is not None
        if prev_hit is not None and prev_end is not None:
            if not kind_read:
                kind, kind_read = _kind_near(rx, post, lpre), True
            # Asides in parentheses ("(Kurdish name)") do not break a container chain.
            between = sent[prev_end : n.start]
            if "(" in between:
                between = _ASIDE.sub(" ", between)
            possessive = _POSSESSIVE_BETWEEN.fullmatch(between) is not None
            gap_start = prev_hit.end - sent_start
            owner_is_hit = (
                possessive
                and n.start - gap_start <= _OWNER_GAP
                and _POSSESSIVE_BETWEEN.fullmatch(sent[gap_start : n.start]) is not None
            )
            if possessive and not owner_is_hit:
                # "in Kramatorsk, in Ukraine's Donetsk region": the owner was read as
                # the container; what it owns is the narrower container.
                for h in [prev_hit, *[hits[i] for i in prev_hit.chain]]:
                    h.admin_hint, h.admin_hint_ids = n.surface, n.ids
                kind_after = rx[_KIND_AFTER].match(post)
                prev_end = n.end + (len(kind_after.group(0)) if kind_after else 0)
                continue
            if possessive and prev_hit.known:
                # "on Kharkiv's Kyivskyi district": the place is the district, in the
                # town the possessive names, in the strike role the town was given.
                if not kind_read:
                    kind, kind_read = _kind_near(rx, post, lpre), True
                hit = PlaceHit(
                    start, end, n.surface, n.ids, n.known, prev_hit.bearing,
                    prev_hit.distance_km, prev_hit.relation, kind,
                    admin_hint=prev_hit.surface, admin_hint_ids=prev_hit.place_ids,
                )  # fmt: skip
                # Unresolved, it lies in the owner town: placed there with the town's
                # circle. An owner written as an area ("Kherson region's") is its admin
                # hint only.
                if prev_hit.kind_hint not in _AREA_KINDS:
                    hit.anchor = (prev_hit.surface, prev_hit.place_ids, "part of")
                hits[hits.index(prev_hit)] = hit
                prev_hit, prev_end = hit, n.end
                kind_after = rx[_KIND_AFTER].match(post)
                if kind_after:
                    prev_end = n.end + len(kind_after.group(0))
                continue
            rel = _APPOSITIVE_RELATION.match(between)
            area_after = rx[_KIND_AFTER].match(post)
            if (
                rel is not None
                and n.known
                and not (area_after and area_after.group("kind").lower() in _AREA_KINDS)
            ):
                _set_anchor(prev_hit, hits, (n.surface, n.ids, " ".join(rel.group("rel").split())))
                prev_end = n.end
                continue
            if (
                rx[_CONTAINER].match(between.lower() if lsent is not None else between)
                and (admin(n) or not prev_hit.known or kind in _AREA_KINDS)
                and (n.known or "," in between or kind in _AREA_KINDS)
                # ", in Y" contains the place before it ("in Kramatorsk, in Ukraine's
                # Donetsk region") unless that place has its area already: then it is
                # the next item of a list ("X (Marib, Marib), in Raghwan district").
                and not (_COMMA_IN.match(between) and prev_hit.admin_hint is not None)
            ) or (
                # "in Andarab district, Baghlan": after a kind word, ", Y" is its area.
                prev_hit.kind_hint in _AREA_KINDS
                and between.strip() == ","
                and kind not in _SETTLEMENT_KINDS
            ):
                side_word = _SIDE_IN.search(between)
                _set_hint(
                    prev_hit, hits, n.surface, n.ids, 2 if admin(n) else 1,
                    side_word.group("side") if side_word else None,
                )  # fmt: skip
                relation = _relation_of(between)
                if relation is not None and not admin(n):
                    _set_anchor(prev_hit, hits, (n.surface, n.ids, relation))
                kind_after = rx[_KIND_AFTER].match(post)
                prev_end = n.end + (len(kind_after.group(0)) if kind_after else 0)
                continue
            if _COORD.match(between):
                hit = PlaceHit(start, end, n.surface, n.ids, n.known, kind_hint=kind)
                hit.chain = [*prev_hit.chain, hits.index(prev_hit)]
                hits.append(hit)
                prev_hit, prev_end = hit, n.end
                # "between X and Y districts, Kirkuk": the kind word belongs to the
                # coordinated names, and what follows it is their area.
                kind_after = rx[_KIND_AFTER].match(post)
                if kind_after:
                    prev_end = n.end + len(kind_after.group(0))
                continue
        cues, bearing, dist, relation = _cues(pre, None if lsent is None else lpre)
        cues = Cues(
            cues.relative,
            cues.locative,
            cues.verb_object,
            rx[_PASSIVE_AFTER].match(low, n.end) is not None,
            _is_speaker_frame(sent, n.start, n.end),
            cues.flew_over,
            cues.into_without_fire,
        )
        features: dict[str, float] = {}
        if decide is not rule_decision:
            # Features are read only for a model or a recorder (the rules need none).
            if triggers is None:
                triggers = find_triggers(sent, lsent)
            if not kind_read:
                kind, kind_read = _kind_near(rx, post, lpre), True
            ni = index_of[id(n)]
            prev_name = heads[ni - 1] if ni > 0 else None
            next_name = heads[ni + 1] if ni + 1 < len(heads) else None
            area, country = _area_kinds(n.ids, gazetteer) if n.known else (False, False)
            ctx = MentionContext(
                n.start, n.end, n.known, area or kind in _ADMIN_KINDS, country, kind, ni,
                len(heads), prev_name.end if prev_name else None,
                next_name.start if next_name else None,
            )  # fmt: skip
            features = mention_features(sent, low, ctx, triggers, cues)
        query = RoleQuery(start, end, features, pre, lpre, cues)
        take = (
            role_model.is_strike_place(query.features)
            if role_model is not None
            else decide is not None and decide(query)
        )
        if not take:
            if (
                jurisdiction is None
                and lpre.endswith(("of ", "the "))
                and _OFFICIAL_OF.search(lpre)
            ):
                jurisdiction = n  # "the governor of Kursk oblast said ...": checked below
            prev_hit, prev_end = None, None
            continue
        if not kind_read:
            kind = _kind_near(rx, post, lpre)
        hit = PlaceHit(start, end, n.surface, n.ids, n.known, bearing, dist, relation, kind)
        if relation is None:
            side = _SIDE_BEFORE.search(lpre)
            if side:
                hit.side = side.group("side")
        hits.append(hit)
        prev_hit, prev_end = hit, n.end
        kind_after = rx[_KIND_AFTER].match(post)
        if kind_after:
            prev_end = n.end + len(kind_after.group(0))
    if jurisdiction is not None and any(h.admin_hint is None for h in hits) and admin(jurisdiction):
        # An official reports on the area in their charge: a strike place written with
        # no area of its own lies in it ("the governor of Kursk oblast reported that
        # forces shelled Gornal").
        for h in hits:
            if h.admin_hint is None:
                h.admin_hint, h.admin_hint_ids = jurisdiction.surface, jurisdiction.ids
    return hits


# Officials whose title names the area in their charge ("the governor of X oblast").
_OFFICIAL_OF = re.compile(r"\b(?:governor|mayor|administration|authorities)\s+of\s+(?:the\s+)?$")
_RELATION_OF = re.compile(
    r"\b(?P<rel>countryside|outskirts|vicinity|suburbs|environs|periphery)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _relation_of(between: str) -> str | None:
    """Return the relation a container is written with, or ``None`` for a plain "in T".

    "X village in the countryside of T" gives ``"countryside"``.
    """
    m = _RELATION_OF.search(between) if " of" in between else None
    return m.group("rel").lower() if m else None


def _set_anchor(
    hit: PlaceHit, hits: list[PlaceHit], anchor: tuple[str, tuple[str, ...], str]
) -> None:
    """Give ``hit`` and the places coordinated with it a town anchor (innermost wins)."""
    for h in [hit, *[hits[i] for i in hit.chain]]:
        if h.anchor is None:
            h.anchor = anchor


def _kind_near(rx: dict[re.Pattern[str], re.Pattern[str]], post: str, pre: str) -> str | None:
    """Return the kind word after a name ("X province") or before it ("the town of X")."""
    kind_m = rx[_KIND_AFTER].match(post)
    # _KIND_BEFORE ends with "of" or "the": not worth a search otherwise.
    if kind_m is None and pre.rstrip()[-3:].lower().endswith(("of", "the")):
        kind_m = rx[_KIND_BEFORE].search(pre)
    return kind_m.group("kind").lower() if kind_m else None


def _set_hint(
    hit: PlaceHit,
    hits: list[PlaceHit],
    surface: str,
    ids: tuple[str, ...],
    level: int,
    side: str | None = None,
) -> None:
    """Give ``hit`` and the places coordinated with it an admin hint (outermost wins).

    ``side`` is the part of the area the text names ("in the southern countryside of
    Idlib"): where a place cannot be resolved, that part is where it is placed.
    """
    for h in [hit, *[hits[i] for i in hit.chain]]:
        if h.admin_hint is None or level > h.admin_hint_level:
            h.admin_hint, h.admin_hint_ids, h.admin_hint_level = surface, ids, level
            h.admin_hint_side = side


def _apply_group(
    sent: str,
    sent_start: int,
    body: str,
    gs: int,
    members: list[_Name],
    owner: PlaceHit,
    hits: list[PlaceHit],
    admin: Callable[[_Name], bool],
) -> None:
    """Read a parenthesis written right after a strike place (see the module doc)."""
    coded = _CODED.match(body)
    if coded:
        x = coded.group("x")
        xs = body.index(x)
        first = next((m for m in members if m.start >= gs + 1 + xs), None)
        if first is None or not x[:1].isupper():
            return
        # The coder's place replaces the one written; the written one stays an alternative.
        name_end = gs + 1 + xs + len(re.sub(r"\s*\([^()]*\)\s*$", "", x))
        owner.alt = owner.surface
        owner.written = WrittenPlace(
            owner.surface, owner.kind_hint, owner.bearing, owner.distance_km, owner.relation
        )
        owner.start, owner.end = sent_start + first.start, sent_start + name_end
        owner.surface = sent[first.start : name_end]
        owner.place_ids, owner.known = first.ids, first.known and first.end == name_end
        owner.relation = owner.bearing = None
        owner.distance_km = None
        return
    items = [it.strip() for it in body.split(",") if it.strip()]
    if not items or not all(_looks_like_name(it) for it in items):
        return  # an aside ("Kurdish name", "between 21 January - 11 February")
    last = max(members, key=lambda m: m.start) if members else None
    if len(items) == 1 and last is not None and not admin(last):
        if _similar(owner.surface, items[0]):
            owner.alt = items[0]  # "Saca (Shaca)": another spelling of the same place
        else:
            _set_hint(owner, hits, last.surface, last.ids, 1)  # "Bani Hasan (Abs)": its district
        return
    if last is not None:
        _set_hint(owner, hits, last.surface, last.ids, 3 if admin(last) else 1)


def _similar(a: str, b: str) -> bool:
    """Return whether two names look like spellings of one name ("Saca", "Shaca")."""
    from rapidfuzz import fuzz  # a declared dependency; imported where it is needed

    return fuzz.ratio(a.lower(), b.lower()) >= 60


def _looks_like_name(item: str) -> bool:
    words = re.findall(r"[\w’'\-]+", item)
    return bool(words) and all(
        w[:1].isupper() or re.fullmatch(_PARTICLE, w) or w.lower() in _KIND_WORD_SET for w in words
    )


def _is_country(ids: tuple[str, ...], gazetteer: GazetteerLike) -> bool:
    """Return whether any place the name may mean is a country."""
    for pid in ids:
        try:
            if gazetteer.get(pid).kind == "country":
                return True
        except KeyError:
            continue
    return False


def _is_admin(ids: tuple[str, ...], gazetteer: GazetteerLike) -> bool:
    """Return whether any place the name may mean is an administrative area or country."""
    for pid in ids:
        try:
            if gazetteer.get(pid).kind in ("admin1", "admin2", "country", "district"):
                return True
        except KeyError:
            continue
    return False
