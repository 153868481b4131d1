"""Read a capital named by its country: "the Yemeni capital", "Lebanon's capital".

News names a capital by the country it heads as often as by its name: "struck Houthi
targets in the Yemeni capital", "Israeli strikes on Lebanon's capital", "the capital of
Yemen", and, once a report has made its country plain, "the capital". Each such phrase
becomes a place mention of its sentence, located at that country's capital: the
capital's name comes from the GeoNames country records
(:attr:`~strikemap.gazetteer.world.WorldTable.capitals`) and is resolved in the
gazetteer within that country. Role reading then decides, as for any name, whether the
phrase is a strike place; the evidence is the sentence that writes it.

Nothing is guessed. A phrase whose country is not known ("the Kurdish capital") or that
names some other capital ("the capital of the province", "the regional capital") is not
read; a country whose capital the gazetteer cannot place leaves the phrase unresolved. A
bare "the capital" is read only when the report's places point clearly to one country
and the report names that country, a demonym of it or its capital. A phrase written
beside the capital's own name ("the Syrian capital Damascus", "Kyiv, the Ukrainian
capital") is left to that name.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from strikemap.extract.gazetteer_memo import PerGazetteer
from strikemap.extract.place_names import KIND_AFTER, NOT_NAMES
from strikemap.extract.report_places import focus_vote, vote_cache
from strikemap.gazetteer.base import GazetteerLike, Mention, ResolveContext
from strikemap.gazetteer.normalize import normalize_name
from strikemap.gazetteer.world import shared_world
from strikemap.model import Location

_NAME = r"[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?"
# "the Yemeni capital", "the Houthi-run Yemeni capital", "the capital", "Lebanon's capital".
_PHRASE = re.compile(
    r"\b(?:(?P<the>[Tt]he)\s+(?:(?:[\w]+-(?:held|controlled|run|occupied)|war-torn|"
    r"besieged)\s+)?(?:(?P<word>" + _NAME + r")\s+)?|(?P<owner>" + _NAME + r")['’]s\s+)"
    r"capital(?:\s+city)?\b"
)
_OF = re.compile(r"\s+of\s+(?:the\s+)?(?P<name>" + _NAME + r")?")
_AFTER = re.compile(r"[\s,]*")
_NAME_RIGHT_AFTER = re.compile(r"\s+(?P<word>[A-Z][\w\-]*)")
_COMMA_BEFORE = re.compile(r",\s*$")


@dataclasses.dataclass(frozen=True, slots=True)
class CapitalPhrase:
    """A phrase naming a capital by its country, as a mention and where it lies.

    ``location`` is the capital's, when the gazetteer can place it; ``None`` leaves the
    mention to the gazetteer: the capital's own name written with the phrase ("the
    Syrian capital Damascus" is one mention of Damascus), or a phrase reported
    unresolved like any name the gazetteer lacks.
    """

    mention: Mention
    location: Location | None


def find_capital_phrases(
    text: str,
    start: int,
    end: int,
    mentions: list[Mention],
    gazetteer: GazetteerLike,
    report_country: str | None,
) -> list[CapitalPhrase]:
    """Return the phrases of one sentence that name a country's capital by the country.

    Parameters
    ----------
    text
        The report text; spans returned index it.
    start, end
        The sentence span.
    mentions
        The gazetteer mentions of the sentence (the capital's own name beside a phrase
        is that phrase's name).
    gazetteer
        Resolves each capital's name within its country.
    report_country
        The one country the report is about (:func:`report_country`), if any: a bare
        "the capital" is read only then.
    """
    out: list[CapitalPhrase] = []
    for m in _PHRASE.finditer(text, start, end):
        cc = _country_of(m, text, end, report_country)
        loc = capital_location(gazetteer, cc) if cc is not None else None
        named = _name_after(text, m.end(), mentions, loc)
        if named is not None:
            # "the Syrian capital Damascus": written with its name, the phrase is that
            # name's mention, in the role the phrase has.
            span = Mention(m.start(), named.end, named.surface, named.place_ids)
            out.append(CapitalPhrase(span, None))
            continue
        of = _OF.match(text, m.end(), end)
        p_end = of.end() if of is not None else m.end()  # "the capital of Yemen"
        if cc is None or _beside_a_name(text, m.start(), p_end, mentions, loc):
            continue
        surface = text[m.start() : p_end]
        if loc is not None:
            loc = _described(loc, surface, shared_world().country_names.get(cc, cc))
        ids = (loc.place_id,) if loc is not None and loc.place_id else ()
        out.append(CapitalPhrase(Mention(m.start(), p_end, surface, ids), loc))
    return out


def with_capital_phrases(mentions: list[Mention], phrases: list[CapitalPhrase]) -> list[Mention]:
    """Return the mentions with each phrase in place of the names it covers, in text order.

    ("the capital of Yemen" is one place: "Yemen" inside it is no mention of its own.)
    """
    spans = [(p.mention.start, p.mention.end) for p in phrases]
    kept = [m for m in mentions if not any(a < m.end and m.start < b for a, b in spans)]
    return sorted([*kept, *(p.mention for p in phrases)], key=lambda m: m.start)


def report_country(
    mentions: list[Mention], gazetteer: GazetteerLike, skip_at: set[int]
) -> str | None:
    """Return the one country a report's place names point to, if they point to one.

    Every name that designates places of a single country (a country, an area, a town
    without namesakes abroad) must designate the same country; names shared by several
    countries say nothing. Names starting at ``skip_at`` (actor aliases) are not read.
    """
    votes = vote_cache(gazetteer)
    found: set[str] = set()
    for m in mentions:
        if m.start in skip_at:
            continue
        vote = votes.get(m.place_ids)
        if vote is None:
            vote = votes[m.place_ids] = focus_vote(m.place_ids, gazetteer)
        if len(vote[0]) == 1:
            found.update(vote[0])
            if len(found) > 1:
                return None
    return found.pop() if found else None


def _country_of(m: re.Match[str], text: str, end: int, report_country: str | None) -> str | None:
    """Return the country whose capital a phrase names, if the text makes it plain."""
    after = text[m.end() : end]
    of = _OF.match(after)
    if of is not None:
        # "the capital of Yemen"; "the capital of the province" is some other capital.
        if m.group("word") or m.group("owner") or of.group("name") is None:
            return None
        if after.startswith(("'s", "’s"), of.end()):
            return None  # "the capital of Iraq's Kurdish region": a region's capital
        return _country_named(of.group("name"))
    if KIND_AFTER.match(after) and not after.lstrip().lower().startswith("city"):
        return None  # "the capital region": an area round it, not the city
    word = m.group("word") or m.group("owner")
    if word is not None:
        return _country_named(word)
    if report_country is None or not _names_country(text, report_country):
        return None
    return report_country


@functools.lru_cache(maxsize=1024)
def _country_named(words: str) -> str | None:
    """Return the country a demonym or a country name designates ("Yemeni", "Lebanon")."""
    world = shared_world()
    for w in (words, words.split()[-1]):
        dem = world.demonym(w)
        if dem is not None:
            return dem.country if dem.kind == "demonym" else None
        countries = world.countries_named(w)
        if len(countries) == 1:
            (cc,) = countries
            return cc
    return None


def _names_country(text: str, cc: str) -> bool:
    """Return whether a report writes a country's name, a demonym of it or its capital."""
    world = shared_world()
    words = [world.country_names.get(cc, ""), world.capitals.get(cc, "")]
    words += [d.surface for d in world.demonyms.values() if d.country == cc]
    words = [w for w in words if w]
    if not words:
        return False
    rx = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    return rx.search(text) is not None


def _is_capital(m: Mention, loc: Location | None) -> bool:
    """Return whether a mention names the capital (``loc``, else any country's capital)."""
    if loc is not None:
        return loc.place_id in m.place_ids or normalize_name(m.surface) == normalize_name(loc.name)
    return normalize_name(m.surface) in _capital_names()


@functools.lru_cache(maxsize=1)
def _capital_names() -> frozenset[str]:
    return frozenset(normalize_name(n) for n in shared_world().capitals.values())


def _name_after(
    text: str, end: int, mentions: list[Mention], loc: Location | None
) -> Mention | None:
    """Return the name written right after a phrase as its apposition, if any.

    Any name right after it ("the Syrian capital Damascus"); after a comma, only the
    capital's ("the Ukrainian capital, Kyiv": "the Yemeni capital, Hodeidah and Taiz"
    is a list).
    """
    gap = _AFTER.match(text, end)
    after = gap.end() if gap else end
    for m in mentions:
        if m.start == after:
            return m if "," not in text[end:after] or _is_capital(m, loc) else None
    return None


def _beside_a_name(
    text: str, start: int, end: int, mentions: list[Mention], loc: Location | None
) -> bool:
    """Return whether a phrase is written beside a name it leaves alone.

    After the capital's own name ("Kyiv, the Ukrainian capital"), or before a name the
    gazetteer does not know ("the Ukrainian capital Kiev").
    """
    for m in mentions:
        if m.end <= start and _COMMA_BEFORE.search(text, m.end, start) and _is_capital(m, loc):
            return True
    right = _NAME_RIGHT_AFTER.match(text, end)
    return right is not None and right.group("word") not in NOT_NAMES


_memo: PerGazetteer[str, Location | None] = PerGazetteer()


def capital_location(gazetteer: GazetteerLike, country: str) -> Location | None:
    """Return where a country's capital lies, or ``None`` when the gazetteer cannot say.

    The capital's name is resolved within its country; a namesake abroad or an area of
    that name does not count.
    """
    cache = _memo(gazetteer)
    if country in cache:
        return cache[country]
    name = shared_world().capitals.get(country)
    loc: Location | None = None
    if name:
        res = gazetteer.resolve(name, ResolveContext(countries=(country,), kind_hint="city"))
        found = res.location
        if found is not None and found.country == country and found.precision == "town":
            loc = found
    cache[country] = loc
    return loc


def _described(loc: Location, surface: str, country: str) -> Location:
    """Return the capital's location with the phrase that names it in its reason."""
    return dataclasses.replace(loc, reason=f"{surface!r}: the capital of {country}; {loc.reason}")
