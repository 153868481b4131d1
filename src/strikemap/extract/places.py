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

A town written as a container with a relation ("X village in the countryside of T", "X,
in T's southern suburbs", "X, a suburb of T", "the X district of T") or simply as what
contains the place ("in X, in T", "X, T") is the place's anchor, and an area in an
official's title ("the governor of Kursk oblast reported that ...") is the admin hint of
strike places written without one: both serve only where the place itself cannot be
resolved or needs disambiguating.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from strikemap.extract._rx import contains_any, lower_same_length, lowered
from strikemap.extract.place_names import (
    KIND_AFTER,
    KIND_BEFORE,
    KIND_WORD_SET,
    NAME_PARTICLE,
    NameSpan,
    find_names,
    paren_groups,
)
from strikemap.extract.role_rules import (
    DESCRIPTOR,
    RoleQuery,
    is_speaker_frame,
    role_cues,
    rule_decision,
    rule_take,
)
from strikemap.extract.roles import (
    Cues,
    MentionContext,
    RoleModel,
    find_triggers,
    mention_features,
)
from strikemap.gazetteer.base import GazetteerLike, Mention
from strikemap.gazetteer.world import shared_world

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
# "Lviv and Odesa were also hit": each name of a list before a passive verb was struck.
# (Matched on the text as written: the other items are capitalised names.)
_LIST_THEN_PASSIVE = re.compile(
    r"(?:\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,2}){1,6}"
    r"(?i:" + _PASSIVE_AFTER.pattern + r")"
)
_LIST_STARTS = (",", " and ", " or ")
# "- Kharkiv: 2 civilians killed in a missile strike": a bulletin line labelled with the
# place it tells of.
_LABEL_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-•*–—]|\d{1,2}[.)])?[ \t]*$")
_LABEL_AFTER = re.compile(
    r"(?:\s+(?:region|oblast|province|governorate|city|district))?:[ \t]+\S", re.IGNORECASE
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
    + DESCRIPTOR
    + r"*$",
    re.IGNORECASE,
)
# (A ward is a named part of a town: "Hahan Ward" is the place "Hahan".)
_SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood", "neighborhood", "camp",
                               "settlement", "community", "suburb", "ward"})  # fmt: skip
_ADMIN_KINDS = frozenset({"province", "governorate", "oblast", "region", "state", "countryside"})
# Kind words that make a name an area containing the place before it ("X area in Y district").
_AREA_KINDS = _ADMIN_KINDS | {"district", "subdistrict", "township", "raion", "county",
                              "municipality"}  # fmt: skip
_OWNER_GAP = 20
"""Characters between an owner and what it owns at most (" governorate's ")."""
_COMMA_IN = re.compile(r"^\s*,\s*in\b", re.IGNORECASE)
# Between an owner and what it owns: "Kharkiv's ", "Donetsk city's ".
# (A side word after the owner says where in the owner the place lies: "Afghanistan's
# eastern Paktika province".)
_POSSESSIVE_BETWEEN = re.compile(
    r"(?:\s+(?:city|town|village|region|province|oblast|governorate))?['’]s\s+"
    r"(?:(?:north|south)-?(?:east|west)(?:ern)?\s+|northern\s+|southern\s+|eastern\s+|"
    r"western\s+|central\s+)?",
    re.IGNORECASE,
)
_CODED = re.compile(
    r"^\s*(?:coded|understood|located)\s+(?:to|as|at)\s+(?P<x>.+?)\s*$", re.IGNORECASE
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
    ``country`` is the country the text writes the place in ("the southern Israeli city
    of Eilat"), when it does.
    ``between`` is the other end of "between X and Y": the strike lies between the two.
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
    country: str | None = None
    between: PlaceHit | None = None


_PLACE_PATTERNS = (KIND_AFTER, KIND_BEFORE, _CONTAINER, _PASSIVE_AFTER)
_TWIN = {p: lowered(p) for p in _PLACE_PATTERNS}
_SAME = {p: p for p in _PLACE_PATTERNS}


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


_ASIDE = re.compile(r"\([^()]*\)")


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
    names = find_names(
        sent,
        sent_start,
        mentions,
        blocked + actor_role,
        lambda ids: _is_admin(ids, gazetteer),
        actor_role + group_role,
    )

    def admin(n: NameSpan) -> bool:
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
    groups = paren_groups(sent)
    for n in names:
        for gi, (gs, ge, _body) in enumerate(groups):
            if gs < n.start and n.end <= ge:
                n.paren = gi
    heads: list[NameSpan] | None = None  # the names outside parentheses: model features only
    index_of: dict[int, int] = {}
    hits: list[PlaceHit] = []
    prev_hit: PlaceHit | None = None
    prev_end: int | None = None
    done_groups: set[int] = set()
    jurisdiction: NameSpan | None = None
    for n in names:
        if n.paren >= 0:
            if n.paren in done_groups or prev_hit is None or prev_end is None:
                continue
            gs, ge, body = groups[n.paren]
            if sent[prev_end:gs].strip(" ,") and not KIND_AFTER.fullmatch(
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
                kind_after = rx[KIND_AFTER].match(post)
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
                kind_after = rx[KIND_AFTER].match(post)
                if kind_after:
                    prev_end = n.end + len(kind_after.group(0))
                continue
            rel = _APPOSITIVE_RELATION.match(between)
            area_after = rx[KIND_AFTER].match(post)
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
                # The kind word written after the town ("T district"): one before it is
                # the place's.
                kind_after = rx[KIND_AFTER].match(post)
                relation = _relation_of(between)
                owned = _OWNED_RELATION.match(post) if relation is None else None
                if owned is not None:
                    # "in Haret Hreik, in Beirut's southern suburbs": what the town
                    # owns is where the place lies.
                    owned_rel = owned.group("rel").lower()
                    relation = _RELATION_NOUN.get(owned_rel, owned_rel)
                if (
                    relation is None
                    and n.known
                    and not admin(n)
                    # "hit X, T and U": a list of places, not X in T.
                    and _LIST_GOES_ON.match(sent, n.end) is None
                ):
                    relation = _town_relation(
                        between,
                        prev_hit.kind_hint,
                        kind_after.group("kind").lower() if kind_after else None,
                    )
                if relation is not None and not admin(n):
                    _set_anchor(prev_hit, hits, (n.surface, n.ids, relation))
                if owned is not None:
                    prev_end = n.end + owned.end()
                    continue
                prev_end = n.end + (len(kind_after.group(0)) if kind_after else 0)
                continue
            if _COORD.match(between):
                hit = PlaceHit(start, end, n.surface, n.ids, n.known, kind_hint=kind)
                hit.chain = [*prev_hit.chain, hits.index(prev_hit)]
                hits.append(hit)
                prev_hit, prev_end = hit, n.end
                # "between X and Y districts, Kirkuk": the kind word belongs to the
                # coordinated names, and what follows it is their area.
                kind_after = rx[KIND_AFTER].match(post)
                if kind_after:
                    prev_end = n.end + len(kind_after.group(0))
                continue
        cues, bearing, dist, relation = role_cues(pre, None if lsent is None else lpre)
        passive = (
            (
                n.known
                and _LABEL_AFTER.match(sent, n.end) is not None
                and _LABEL_BEFORE.search(pre) is not None
            )
            or rx[_PASSIVE_AFTER].match(low, n.end) is not None
            or (
                low.startswith(_LIST_STARTS, n.end)
                and _LIST_THEN_PASSIVE.match(sent, n.end) is not None
            )
        )
        speaker = is_speaker_frame(sent, n.start, n.end)
        if passive or speaker:
            # (role_cues reads only the text before the name: it leaves these two unset.)
            cues = Cues(
                cues.relative, cues.locative, cues.verb_object, passive, speaker,
                cues.flew_over, cues.into_without_fire,
            )  # fmt: skip
        if role_model is None and decide is rule_decision:
            # The rules read neither features nor a query: none is built for them.
            take = rule_take(pre, lpre, cues)
        else:
            features: dict[str, float] = {}
            if decide is not rule_decision:
                # Features are read only for a model or a recorder (the rules need none).
                if triggers is None:
                    triggers = find_triggers(sent, lsent)
                if not kind_read:
                    kind, kind_read = _kind_near(rx, post, lpre), True
                if heads is None:
                    heads = [m for m in names if m.paren < 0]
                    index_of = {id(h): i for i, h in enumerate(heads)}
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
        if take and contains_any(lpre, _MOTIVE_WORDS) and _MOTIVE_BEFORE.search(lpre):
            take = False  # "in retaliation for the killing of X in Beirut": another event
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
        if kind in _TOWN_KINDS and lpre.endswith(("of ", "the ")):
            hit.country = _written_country(pre)
        if relation is None:
            side = _SIDE_BEFORE.search(lpre)
            if side:
                hit.side = side.group("side")
        hits.append(hit)
        prev_hit, prev_end = hit, n.end
        kind_after = rx[KIND_AFTER].match(post)
        if kind_after:
            prev_end = n.end + len(kind_after.group(0))
    if len(hits) > 1 and "between" in low:
        _pair_between(report_text, hits)
    if jurisdiction is not None and any(h.admin_hint is None for h in hits) and admin(jurisdiction):
        # An official reports on the area in their charge: a strike place written with
        # no area of its own lies in it ("the governor of Kursk oblast reported that
        # forces shelled Gornal").
        for h in hits:
            if h.admin_hint is None:
                h.admin_hint, h.admin_hint_ids = jurisdiction.surface, jurisdiction.ids
    return hits


_TOWN_KINDS = frozenset({"city", "town", "village"})
# "the southern Israeli city of Eilat": the writer states the town's country.
_DEMONYM_KIND_OF = re.compile(
    r"\b(?P<dem>[A-Z][\w\-]+)\s+(?:port\s+)?(?:city|town|village)\s+of\s+(?:the\s+)?$"
)


def _written_country(pre: str) -> str | None:
    """Return the country a nationality before "city of" states, if any."""
    m = _DEMONYM_KIND_OF.search(pre)
    if m is None:
        return None
    dem = shared_world().demonym(m.group("dem"))
    return dem.country if dem is not None and dem.kind == "demonym" else None


# A strike's motive tells of another, earlier event, and a place in it is that event's:
# "launched rockets ... in retaliation for the killing of a commander in Beirut".
_MOTIVE_WORDS = ("retaliat", "response to", "avenge", "revenge", "reprisal")
_MOTIVE_BEFORE = re.compile(
    r"\b(?:in\s+(?:retaliation|revenge|reprisal)\s+for|in\s+response\s+to|to\s+avenge|"
    r"as\s+(?:retaliation|revenge|a\s+reprisal)\s+for)\b[^.;:]*$"
)
# "on the road between Kupiansk and Kharkiv", "between the villages of X and Y".
_BETWEEN_BEFORE = re.compile(
    r"\bbetween\s+(?:the\s+)?(?:(?:towns|villages|cities|settlements)\s+of\s+)?$", re.IGNORECASE
)
_BETWEEN_AND = re.compile(r"\s+and\s+(?:the\s+(?:town|village|city)\s+of\s+)?", re.IGNORECASE)


def _pair_between(text: str, hits: list[PlaceHit]) -> None:
    """Give the first name of each "between X and Y" its other end (``between``)."""
    for h, nxt in itertools.pairwise(hits):
        if (
            h.between is None
            and h.relation is None
            and _BETWEEN_AND.fullmatch(text, h.end, nxt.start)
            and _BETWEEN_BEFORE.search(text, max(0, h.start - 40), h.start)
        ):
            h.between = nxt


# Officials whose title names the area in their charge ("the governor of X oblast").
_OFFICIAL_OF = re.compile(r"\b(?:governor|mayor|administration|authorities)\s+of\s+(?:the\s+)?$")
_RELATION_OF = re.compile(
    r"\b(?P<rel>countryside|outskirts|vicinity|suburbs?|environs|periphery)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "Beirut's southern suburbs" after a container town (matched on the lower-cased text).
_OWNED_RELATION = re.compile(
    r"['’]s\s+(?:" + _SIDE_WORD + r"\s+)?"
    r"(?P<rel>countryside|outskirts|vicinity|suburbs?|environs|periphery)\b",
    re.IGNORECASE,
)
_IN_WORD = re.compile(r"\bin\b", re.IGNORECASE)
# A capitalised name coordinated after a container town: the names are a list.
_LIST_GOES_ON = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s+(?:in\s+|the\s+)?[A-Z]")
_RELATION_NOUN = {"suburb": "suburbs"}
"""Relation words as the gazetteer's relative locations name them ("a suburb of T")."""


def _relation_of(between: str) -> str | None:
    """Return the relation a container is written with, or ``None`` for a plain "in T".

    "X village in the countryside of T" gives ``"countryside"``; "X, a suburb of T"
    gives ``"suburbs"``.
    """
    m = _RELATION_OF.search(between) if " of" in between else None
    if m is None:
        return None
    rel = m.group("rel").lower()
    return _RELATION_NOUN.get(rel, rel)


def _town_relation(between: str, place_kind: str | None, town_kind: str | None) -> str | None:
    """Return how a place lies in the town written as its container, if it does.

    The town (a known name that is not an area) contains the place the sentence writes
    before it: "in X, in T", "X, T", "X in T" give ``"in"``, and "X district of T" gives
    ``"part of"`` (a district of a town is a part of it). A place that is itself an area
    ("X district in T") or a town written as an area ("X, T district") is not contained
    by the town: ``None``.
    """
    if town_kind in _AREA_KINDS:
        return None
    if place_kind in _AREA_KINDS:
        if place_kind == "district" and between.rstrip().lower().endswith(" of"):
            return "part of"
        return None
    # "the Druze town of Majdal Shams": a word qualifying the town, not a place in it.
    return "in" if "," in between or _IN_WORD.search(between) else None


def _set_anchor(
    hit: PlaceHit, hits: list[PlaceHit], anchor: tuple[str, tuple[str, ...], str]
) -> None:
    """Give ``hit`` and the places coordinated with it a town anchor (innermost wins)."""
    for h in [hit, *[hits[i] for i in hit.chain]]:
        if h.anchor is None:
            h.anchor = anchor


def _kind_near(rx: dict[re.Pattern[str], re.Pattern[str]], post: str, pre: str) -> str | None:
    """Return the kind word after a name ("X province") or before it ("the town of X")."""
    kind_m = rx[KIND_AFTER].match(post)
    # KIND_BEFORE ends with "of" or "the": not worth a search otherwise.
    if kind_m is None and pre.rstrip()[-3:].lower().endswith(("of", "the")):
        kind_m = rx[KIND_BEFORE].search(pre)
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
    members: list[NameSpan],
    owner: PlaceHit,
    hits: list[PlaceHit],
    admin: Callable[[NameSpan], bool],
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
        w[:1].isupper() or re.fullmatch(NAME_PARTICLE, w) or w.lower() in KIND_WORD_SET
        for w in words
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
