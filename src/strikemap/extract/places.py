"""Decide which places in a strike sentence were struck, and resolve them.

Only places in a *strike role* become events: after a locative preposition ("in", "near",
"on", "at", "outside"), as the object of a strike verb ("shelled Kreminna"), in a relative
phrase ("north of Homs", "12 km south-east of X", "outskirts of X"), or coordinated with
such a place ("in Jisr al-Shughur and Jabal al-Zawiya"). Places in other roles are left
out: the speaker's location ("told journalists in New York", "In Moscow, the ministry
said"), capitals used as actors ("Moscow said"), flight paths ("flying over ..."),
advances ("towards Latakia") and relative clauses about someone else.

An admin area written right after a place ("Kafr Nabl, Idlib", "in Jisr al-Shughur ... in
Idlib province") is that place's admin hint, not a separate strike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from strikemap.gazetteer.base import GazetteerLike, Mention

_DIR_WORDS = {
    "north": "N", "south": "S", "east": "E", "west": "W",
    "northeast": "NE", "north-east": "NE", "northwest": "NW", "north-west": "NW",
    "southeast": "SE", "south-east": "SE", "southwest": "SW", "south-west": "SW",
    "northern": None, "southern": None, "eastern": None, "western": None,
}  # fmt: skip
_DESCRIPTOR = (
    r"(?:(?:the|a|an|neighbouring|neighboring|nearby|central|northern|southern|eastern|"
    r"western|north-western|north-eastern|south-western|south-eastern|northwestern|"
    r"northeastern|southwestern|southeastern|rural|besieged|embattled|"
    r"[\w]+-(?:held|controlled|run)|town|city|village|province|governorate|region|area|"
    r"district|countryside|outskirts|suburbs?|edge|vicinity|centre|center|heart|part|parts|"
    r"oblast|neighbourhood|neighborhood|areas|towns|villages|of|parts)\s+)"
)
_RELATIVE = re.compile(
    r"(?:(?P<dist>\d+(?:\.\d+)?)\s*(?:km|kilomet(?:re|er)s?|miles?)\s+(?:\(\s*[\d.]+\s*"
    r"(?:km|miles?)\s*\)\s+)?)?(?P<dir>north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west)\s+of\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$"
    r"|(?P<phrase>outskirts|vicinity|edge|suburbs|periphery|countryside)\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|village)\s+of\s+)?$"
    r"|(?P<near>\b(?:near|around|close to|outside|nearby)\s+(?:the\s+)?(?:(?:city|town|village)"
    r"\s+of\s+)?$)",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(
    r"\b(?P<prep>in|at|on|upon|inside|across|over|throughout|within|of|into)\s+"
    + _DESCRIPTOR
    + r"*$",
    re.IGNORECASE,
)
_VERB_OBJECT = re.compile(
    r"\b(?:shelled|struck|hit|hits|bombed|bombarded|targeted|targeting|pounded|raided|"
    r"attacked|striking|shelling|bombing|strikes|rocketed|fired\s+(?:[\w\-]+\s+){0,4}?at)\s+"
    + _DESCRIPTOR
    + r"*$",
    re.IGNORECASE,
)
_COORD = re.compile(r"^\s*(?:,|,?\s*and|&|or|/)\s*(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$")
_CONTAINER = re.compile(
    r"^\s*(?:(?:village|town|city|area|district|camp)\s*)?(?:,|\((?:[^()]{0,40},\s*)?|in|"
    r"in\s+the|of|of\s+the)\s*" + _DESCRIPTOR + r"*$",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(
    r"\b(?:journalists|reporters|told\s+\w+|speaking|spoke|meeting|met|talks|conference|summit|"
    r"visit(?:ing)?|press|based|headquartered|statement|embassy|interview|speech|inquiry|"
    r"sidelines|assembly|council|session|officials|diplomats)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_FLIGHT_BEFORE = re.compile(
    r"\b(?:fl(?:y|ying|ew|own)|transit\w*|circumvent\w*|reached|through|via|towards?|"
    r"advanc\w*|since|from)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_KIND_AFTER = re.compile(
    r"^\s*(?P<kind>province|governorate|region|oblast|city|town|village|district|countryside|"
    r"area|neighbourhood|neighborhood|camp|suburb|raion|county|state)\b",
    re.IGNORECASE,
)
_KIND_BEFORE = re.compile(
    r"\b(?P<kind>province|governorate|region|city|town|village|district|countryside|area|"
    r"oblast)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_UNKNOWN_NAME = re.compile(
    r"\b(?:in|near|at|on|outside|of|shelled|struck|hit|bombed|targeted|pounded|raided)\s+"
    r"(?:the\s+)?(?:(?:town|village|city|area|district|"
    r"outskirts|vicinity)\s+of\s+)?(?P<name>(?:(?:al|el|ad|as|ash|ar|an|at|az|ath)[-\s])?"
    r"[A-Z][\w’'\-]+(?:\s+(?:(?:al|el|ad|as|ash|ar|an|at|az|ath|Al|El)[-\s])?[A-Z][\w’'\-]+)"
    r"{0,3})"
)
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Twitter",
        "Facebook",
        "Telegram",
        "Islamic",
        "State",
        "IS",
        "ISIS",
        "ISIL",
        "Daesh",
        "Army",
        "Conquest",
        "Sunni",
        "Shia",
        "Kurdish",
        "Arab",
        "Western",
        "Eastern",
        "Northern",
        "Southern",
        "Central",
        "Free",
        "Syrian",
        "Coalition",
        "Observatory",
        "Council",
        "Assembly",
        "God",
        "Allah",
        "PM",
        "AM",
        "Civil",
        "Defence",
        "Defense",
        "Red",
        "Crescent",
        "Cross",
        "UN",
        "President",
        "Minister",
    ]
)


@dataclass(slots=True)
class PlaceHit:
    """A place in a strike role inside one sentence (spans index the report text)."""

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


def _role(pre: str) -> tuple[str | None, str | None, float | None, str | None]:
    """Return (role, bearing, distance, relation phrase) from the text before a name."""
    m = _RELATIVE.search(pre)
    if m:
        if m.group("dir"):
            b = _DIR_WORDS.get(m.group("dir").lower().replace("-", ""))
            dist = float(m.group("dist")) if m.group("dist") else None
            return "relative", b, dist, m.group(0).strip()
        phrase = (m.group("phrase") or m.group("near") or "near").strip()
        phrase = re.sub(r"\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", "", phrase)
        return "relative", None, None, phrase.split()[0].lower()
    if _SPEAKER_BEFORE.search(pre) or _FLIGHT_BEFORE.search(pre):
        return None, None, None, None
    m = _LOCATIVE.search(pre)
    if m:
        prep = m.group("prep").lower()
        if prep == "of" and not re.search(
            r"\b(?:town|city|village|province|governorate|region|area|district|countryside|"
            r"parts?|areas|neighbourhood|neighborhood|oblast|centre|center|heart)\s+of\s+"
            r"(?:the\s+)?$",
            pre,
            re.IGNORECASE,
        ):
            return None, None, None, None
        if prep == "over" and re.search(r"\bfl\w+\s+over\s+", pre, re.IGNORECASE):
            return None, None, None, None
        if prep == "into" and not re.search(r"\b(?:fired|launched|rockets?)\b", pre, re.I):
            return None, None, None, None
        return "locative", None, None, None
    if _VERB_OBJECT.search(pre):
        return "object", None, None, None
    return None, None, None, None


def _is_speaker_frame(sent: str, rel_start: int, rel_end: int) -> bool:
    """Return whether ``In X, <speaker> said ...`` frames the sentence (speaker's place)."""
    pre = sent[:rel_start]
    post = sent[rel_end:]
    return bool(
        re.fullmatch(r"\W*(?:But\s+|And\s+)?In\s+", pre)
        and re.match(r"^,\s+[^,]{0,60}?\b(?:said|says|told|announced|stated|claimed)\b", post)
    )


def find_strike_places(
    report_text: str,
    sent_start: int,
    sent_end: int,
    mentions: list[Mention],
    gazetteer: GazetteerLike,
    is_actor_span: set[tuple[int, int]],
) -> list[PlaceHit]:
    """Return the places in strike roles in one sentence, in text order.

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
        Report spans already taken as actor aliases (capitals as metonyms).
    """
    sent = report_text[sent_start:sent_end]
    hits: list[PlaceHit] = []
    prev_end: int | None = None
    prev_hit: PlaceHit | None = None
    spans: list[tuple[int, int, str, tuple[str, ...], bool]] = [
        (m.start, m.end, m.surface, m.place_ids, True) for m in mentions
    ]
    for um in _UNKNOWN_NAME.finditer(sent):
        a, b = sent_start + um.start("name"), sent_start + um.end("name")
        name = um.group("name")
        words = name.split()
        if words[0] in _NOT_NAMES or any(w in _NOT_NAMES for w in words):
            continue
        if any(not (b <= s or a >= e) for s, e, *_ in spans):
            continue
        if any(not (b <= s or a >= e) for s, e in is_actor_span):
            continue
        spans.append((a, b, name, (), False))
    spans.sort()
    for start, end, surface, ids, known in spans:
        rs, re_ = start - sent_start, end - sent_start
        pre = sent[max(0, rs - 70) : rs]
        post = sent[re_ : re_ + 30]
        kind_m = _KIND_AFTER.match(post) or _KIND_BEFORE.search(pre)
        kind = kind_m.group("kind").lower() if kind_m else None
        # Container: an admin area right after a kept place is that place's hint.
        if prev_hit is not None and prev_end is not None:
            between = report_text[prev_end:start]
            # After an unknown name, any known place is the best hint ("Kafr Foo, Idlib").
            if (
                known
                and _CONTAINER.match(between)
                and (not prev_hit.known or _is_admin(ids, gazetteer))
            ):
                for h in [prev_hit, *[hits[i] for i in prev_hit.chain]]:
                    if h.admin_hint is None:
                        h.admin_hint = surface
                        h.admin_hint_ids = ids
                kind_after = _KIND_AFTER.match(post)
                prev_end = end + (len(kind_after.group(0)) if kind_after else 0)
                continue
            if _COORD.match(between):
                hit = PlaceHit(
                    start, end, surface, ids, known, kind_hint=kind, bearing=None, relation=None
                )
                hit.chain = [*prev_hit.chain, hits.index(prev_hit)]
                hits.append(hit)
                prev_hit, prev_end = hit, end
                continue
        if (start, end) in is_actor_span:
            continue
        if _is_speaker_frame(sent, rs, re_):
            continue
        role, bearing, dist, relation = _role(pre)
        if role is None:
            prev_hit, prev_end = None, None
            continue
        hit = PlaceHit(start, end, surface, ids, known, bearing, dist, relation, kind)
        hits.append(hit)
        prev_hit, prev_end = hit, end
    # Regional admin hints written as "X countryside", "Idlib province" after "in".
    return hits


def _is_admin(ids: tuple[str, ...], gazetteer: GazetteerLike) -> bool:
    """Return whether any place the name may mean is an administrative area or country."""
    for pid in ids:
        try:
            if gazetteer.get(pid).kind in ("admin1", "admin2", "country", "district"):
                return True
        except KeyError:
            continue
    return False
