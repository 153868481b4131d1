"""Place a report's strike places: one resolver per report, with its country focus.

:class:`ReportPlaces` resolves a report's names through the gazetteer, each distinct
name and hints once, within the report's country focus (:func:`country_focus`: the
countries the report's own place names point to). :func:`locate_hit` turns one strike
place (:class:`~strikemap.extract.places.PlaceHit`) into a location: the place itself,
the place as written before "(coded to X)", its relation to the town it is written
around, or the area named with it. A name the gazetteer cannot resolve is recorded as
unresolved and falls back to that area, or to the town the text says contains it, never
to a guessed point.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from strikemap.extract.gazetteer_memo import PerGazetteer
from strikemap.extract.places import PlaceHit, WrittenPlace
from strikemap.extract.sentences import Sentence
from strikemap.gazetteer.base import GazetteerLike, Mention, Resolution, ResolveContext
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.resolver_constants import PART_OF_TOWN_HINTS
from strikemap.gazetteer.world import shared_world
from strikemap.model import (
    Extraction,
    Location,
    UnresolvedPlace,
)

_AREA_PRECISIONS = ("admin1", "region", "district", "country")


@dataclasses.dataclass(slots=True)
class ReportPlaces:
    """Resolve names for one report, each distinct (name, hints) once.

    ``countries`` is the report's country focus; when ``clear`` a resolution outside it
    is rejected (the name is reported unresolved) rather than mapped abroad.
    """

    gazetteer: GazetteerLike
    countries: tuple[str, ...]
    clear: bool
    points: list[tuple[float, float]] = dataclasses.field(default_factory=list)
    cache: dict[tuple[object, ...], Resolution] = dataclasses.field(default_factory=dict)
    references: dict[str, Location] = dataclasses.field(default_factory=dict)
    """Where a phrase that is no name designates a place ("the Yemeni capital": Sanaa),
    as the report writes it (see :mod:`strikemap.extract.capitals`)."""

    def resolve(
        self,
        name: str,
        admin_hint: str | None = None,
        kind_hint: str | None = None,
        country: str | None = None,
    ) -> Resolution:
        """Resolve ``name`` in the report's context (cached per report).

        ``country`` is the country the text writes the place in ("the Israeli city of
        X"): it comes first, and a place there is no place abroad.
        """
        if self.references:
            ref = self.references.get(name)
            if ref is not None:
                return Resolution(ref, (), ref.reason)
        key = (name, admin_hint, kind_hint, country)
        res = self.cache.get(key)
        if res is None:
            countries = (
                self.countries
                if country is None
                else (country, *(c for c in self.countries if c != country))
            )
            ctx = ResolveContext(
                countries=countries,
                admin_hint=admin_hint,
                kind_hint=kind_hint,
                nearby=tuple(self.points[-8:]),
            )
            res = self.gazetteer.resolve(name, ctx)
            loc = res.location
            if (
                loc is not None
                and self.clear
                and loc.precision != "country"
                and loc.country not in countries
            ):
                res = Resolution(
                    None,
                    res.candidates,
                    f"{name!r}: best match {loc.name} ({loc.country}) lies outside the "
                    f"report's countries {countries}",
                    res.fallback,
                )
            if res.location is None and res.candidates:
                res = self._country_abroad(name, ctx, res)
            if res.location is None and res.candidates and self.points:
                res = self._across_border(name, ctx, res)
            if res.location is not None or not res.candidates or self.points:
                # (A miss before any place is located may be a place across the
                # border: it is tried again once the report has located one.)
                self.cache[key] = res
        return res

    def _country_abroad(self, name: str, ctx: ResolveContext, res: Resolution) -> Resolution:
        """Accept a country written by its name, whatever the report's focus.

        "US forces struck targets in Iraq and Syria" in a report whose other places are
        Syrian: a country's own name has no namesake to mistake it for, and it is
        mapped only as the country.
        """
        countries = shared_world().countries_named(name)
        if len(countries) != 1:
            return res
        (cc,) = countries
        if cc in ctx.countries:
            return res
        other = self.gazetteer.resolve(
            name, dataclasses.replace(ctx, countries=(cc, *ctx.countries))
        )
        loc = other.location
        if loc is None or loc.country != cc or loc.precision != "country":
            return res
        return other

    def _across_border(self, name: str, ctx: ResolveContext, res: Resolution) -> Resolution:
        """Accept a place just across a border from the report's other places.

        "Hezbollah fired rockets at Kiryat Shmona" in a report about southern Lebanon:
        the town resolves in its own country as usual (with the usual ambiguity
        checks), and is kept only within _CROSS_BORDER_KM of a place the report
        already located.
        """
        abroad = res.candidates[0].place.country
        if abroad in self.countries:
            return res
        other = self.gazetteer.resolve(
            name, dataclasses.replace(ctx, countries=(abroad, *self.countries))
        )
        loc = other.location
        if loc is None or loc.country != abroad or loc.precision in _AREA_PRECISIONS:
            return res
        km = min(haversine_km(loc.lat, loc.lon, la, lo) for la, lo in self.points)
        if km > _CROSS_BORDER_KM:
            return res
        why = f"{loc.reason}; {km:.0f} km across the border from the report's other places"
        return Resolution(dataclasses.replace(loc, reason=why), other.candidates, why)

    def is_admin1(self, name: str) -> bool:
        """Return whether ``name`` designates a first-level area (province, oblast)."""
        loc = self.resolve(name, None, "province").location
        return loc is not None and loc.precision == "admin1"


def spot_strike_sentences(
    gazetteer: GazetteerLike, keep: list[Sentence], blanked: str
) -> list[Mention]:
    """Spot gazetteer names in the ``keep`` sentences; spans index the report text.

    The gazetteer reads the sentences joined by single spaces rather than the whole
    ``blanked`` text (the report with everything else turned to spaces): its cost grows
    with the text's length, and its tokens are the same. A name spanning two sentences
    (rare: a headline line glued to the next) is spotted in ``blanked`` instead, so the
    answer never depends on the shortcut.
    """
    if not keep:
        return []
    starts: list[int] = []
    pos = 0
    for s in keep:
        starts.append(pos)
        pos += len(s.text) + 1
    found = gazetteer.spot(" ".join(s.text for s in keep))
    out: list[Mention] = []
    for m in found:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0 or m.end > starts[i] + len(keep[i].text):
            return gazetteer.spot(blanked)
        shift = keep[i].start - starts[i]
        if type(m) is Mention:  # (built directly: dataclasses.replace costs more)
            out.append(Mention(m.start + shift, m.end + shift, m.surface, m.place_ids))
        else:
            out.append(dataclasses.replace(m, start=m.start + shift, end=m.end + shift))
    return out


def blank_except(text: str, keep: list[Sentence]) -> str:
    """Return ``text`` with everything outside the ``keep`` sentences turned to spaces."""
    parts: list[str] = []
    pos = 0
    for s in keep:
        parts.append(" " * (s.start - pos))
        parts.append(text[s.start : s.end])
        pos = s.end
    parts.append(" " * (len(text) - pos))
    return "".join(parts)


def country_weights(
    mentions: list[Mention], gazetteer: GazetteerLike, skip_countries_at: set[int]
) -> dict[str, float]:
    """Sum the focus votes (:func:`focus_vote`) of the report's spotted names by country.

    A country name starting at one of ``skip_countries_at`` does not vote: there it names
    who struck (an actor alias such as "Russia"), not where.
    """
    weights: dict[str, float] = {}
    votes = vote_cache(gazetteer)
    for m in mentions:
        cached = votes.get(m.place_ids)
        if cached is None:  # each distinct name's places are read once
            cached = votes[m.place_ids] = focus_vote(m.place_ids, gazetteer)
        vote, is_country = cached
        if is_country and m.start in skip_countries_at:
            continue
        for c, w in vote.items():
            weights[c] = weights.get(c, 0.0) + w
    return weights


def country_focus(
    mentions: list[Mention], gazetteer: GazetteerLike, actor_starts: set[int] | None = None
) -> tuple[tuple[str, ...], bool]:
    """Rank the countries a report is about by the places it names.

    A name that is a country or first-level area counts 3 for its country, a name whose
    candidates are elsewhere spreads 1 over its candidates' countries. Returns the
    countries within half the leader's weight (at most three) and whether the focus is
    *clear*: the leader weighs at least 2 and twice the runner-up. Country names
    starting at ``actor_starts`` (actor aliases such as "Russia") are not counted.
    """
    weights = country_weights(mentions, gazetteer, actor_starts or set())
    if not weights:
        return (), False
    # Ties go to the country code, not to set or insertion order (same answer whatever
    # the hash seed).
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ranked[0][1]
    focus = tuple(c for c, w in ranked[:3] if w >= top / 2)
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    return focus, top >= 2.0 and top >= 2 * runner


_CROSS_BORDER_KM = 50.0
"""A place abroad is kept this close to the report's located places (see _across_border)."""
_VOTE_IDS = 48
"""How many of a name's gazetteer ids its focus vote reads."""
vote_cache: PerGazetteer[tuple[str, ...], tuple[dict[str, float], bool]] = PerGazetteer()
"""Name votes per gazetteer object (a place's kind and country never change in one)."""


def focus_vote(
    place_ids: tuple[str, ...], gazetteer: GazetteerLike
) -> tuple[dict[str, float], bool]:
    """Return a name's country weights and whether it names a country."""
    places = []
    # Enough ids to reach the country itself: "Lebanon" lists fifteen US towns first.
    for pid in place_ids[:_VOTE_IDS]:
        try:
            places.append(gazetteer.get(pid))
        except KeyError:
            continue
    areas = {p.country for p in places if p.kind in ("admin1", "country")}
    is_country = any(p.kind == "country" for p in places)
    if len(areas) == 1:
        return {next(iter(areas)): 3.0}, is_country
    cs = sorted({p.country for p in places})
    return {c: 1.0 / len(cs) for c in cs}, is_country


_BETWEEN_MAX_KM = 150.0
"""How far apart the two ends of "between X and Y" may lie to be read as one strike place."""
_POINT_PRECISIONS = ("exact", "neighbourhood", "town")


def locate_between(hit: PlaceHit, resolver: ReportPlaces) -> Location | None:
    """Locate "between X and Y" as one place: the midpoint, with a circle reaching both.

    ``None`` unless both ends resolve to towns or finer within :data:`_BETWEEN_MAX_KM`
    of each other (the caller then locates each end as usual).
    """
    other = hit.between
    if other is None:
        return None
    a = resolver.resolve(hit.surface, hit.admin_hint, hit.kind_hint, hit.country).location
    b = resolver.resolve(other.surface, other.admin_hint, other.kind_hint, other.country).location
    if a is None or b is None:
        return None
    if a.precision not in _POINT_PRECISIONS or b.precision not in _POINT_PRECISIONS:
        return None
    km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    if km > _BETWEEN_MAX_KM or a.country != b.country:
        return None
    return Location(
        name=f"between {hit.surface} and {other.surface}",
        lat=round((a.lat + b.lat) / 2, 5),
        lon=round((a.lon + b.lon) / 2, 5),
        precision="relative",
        uncertainty_km=round(km / 2 + max(a.uncertainty_km, b.uncertainty_km), 1),
        country=a.country,
        admin1=a.admin1 if a.admin1 == b.admin1 else None,
        confidence=min(a.confidence, b.confidence),
        reason=(
            f"between {a.name} and {b.name} ({km:.0f} km apart): their midpoint, with a "
            "circle reaching both"
        ),
        anchor_name=a.name,
        anchor_lat=a.lat,
        anchor_lon=a.lon,
    )


def locate_hit(hit: PlaceHit, resolver: ReportPlaces, ex: Extraction) -> Location | None:
    """Resolve a strike place; unresolved names are recorded and fall back to their admin.

    The fallback is the admin area named with the place (the gazetteer's
    ``Resolution.fallback``, else the hint resolved as an area), else the town written
    as containing it, never a point guess.
    """
    if hit.written is not None:
        written = _locate_written(hit, hit.written, resolver, ex)
        if written is not None:
            return written
    name = f"{hit.surface} ({hit.alt})" if hit.alt else hit.surface
    if hit.side:
        # "central Gaza", "western Aleppo countryside": that side of the place (the
        # gazetteer knows a province's sides from its places), else the place itself.
        kind = f" {hit.kind_hint}" if hit.kind_hint in _SIDE_AREA_WORDS else ""
        part = resolver.resolve(f"{hit.side.lower()} {hit.surface}{kind}", hit.admin_hint).location
        if part is not None:
            return part
    res = resolver.resolve(name, hit.admin_hint, hit.kind_hint, hit.country)
    loc = res.location
    if loc is None:
        cands = tuple(dict.fromkeys(c.place.name for c in res.candidates))[:5]
        fb = res.fallback
        if hit.admin_hint and (fb is None or fb.precision not in _AREA_PRECISIONS):
            area = _admin_area(resolver, hit.admin_hint)
            if fb is None or (area is not None and area.precision in _AREA_PRECISIONS):
                fb = area
        fallback: Location | None = None
        areas = _AREA_PRECISIONS
        if hit.admin_hint and hit.admin_hint_side:
            # "Hass ... in the southern countryside of Idlib": that part of the area.
            part = resolver.resolve(f"{hit.admin_hint_side.lower()} {hit.admin_hint}").location
            if part is not None and part.precision == "region":
                fallback = dataclasses.replace(
                    part,
                    reason=f"{hit.surface!r} not found in the gazetteer ({res.reason}); "
                    f"placed in the part of the area the text names: {part.reason}",
                )
        if fallback is None and hit.kind_hint in PART_OF_TOWN_HINTS:
            # "the Mosul al-Jadida neighbourhood of west Mosul": inside that town, whose
            # own radius says how far it reaches.
            town = resolver.resolve(hit.admin_hint).location if hit.admin_hint else None
            if town is not None and town.precision == "town":
                fallback = dataclasses.replace(
                    town,
                    reason=f"{hit.surface!r} not found in the gazetteer ({res.reason}); a "
                    f"{hit.kind_hint} of {town.name}, placed at the town with its radius",
                )
        contained = hit.anchor is not None and hit.anchor[2] == "in"
        if fallback is None and hit.anchor is not None and not contained:
            fallback = _anchor_fallback(hit, hit.anchor, resolver, res.reason)
        if fallback is None and fb is not None and fb.precision in areas:
            fallback = dataclasses.replace(
                fb,
                reason=f"{hit.surface!r} not found in the gazetteer ({res.reason}); placed "
                f"at {fb.name} ({fb.precision}) from the text's admin hint",
            )
        if fallback is None and hit.anchor is not None and contained:
            # "in X, in T", "X, T": a town that is not also an area (a province named
            # like its capital is the area, above) contains the place.
            fallback = _anchor_fallback(hit, hit.anchor, resolver, res.reason)
        ex.unresolved.append(
            UnresolvedPlace(
                hit.surface,
                hit.start,
                hit.end,
                ex.report.text[hit.start : hit.end],
                cands,
                fallback,
            )
        )
        return fallback
    if hit.relation:
        loc = resolver.gazetteer.relative(loc, hit.bearing, hit.distance_km, hit.relation)
    return loc


def _locate_written(
    hit: PlaceHit, written: WrittenPlace, resolver: ReportPlaces, ex: Extraction
) -> Location | None:
    """Resolve a "(coded to X)" place, else the place written before it, as written.

    Returns ``None`` when neither resolves (the caller then falls back as for any
    unresolved name). The coder's place wins when the gazetteer knows it; otherwise the
    written place keeps its relation ("south of Y district"), and the coder's name is
    reported unresolved with that location as its fallback.
    """
    coded = resolver.resolve(hit.surface, hit.admin_hint).location
    if coded is not None:
        return coded
    res = resolver.resolve(written.surface, hit.admin_hint, written.kind_hint)
    loc = res.location
    if loc is None:
        return None
    if written.relation:
        loc = resolver.gazetteer.relative(
            loc, written.bearing, written.distance_km, written.relation
        )
    loc = dataclasses.replace(
        loc,
        reason=f"{hit.surface!r} (the coder's place) not found in the gazetteer; placed "
        f"as the text writes it, {written.relation + ' ' if written.relation else ''}"
        f"{written.surface}: {loc.reason}",
    )
    ex.unresolved.append(
        UnresolvedPlace(
            hit.surface, hit.start, hit.end, ex.report.text[hit.start : hit.end], (), loc
        )
    )
    return loc


_SIDE_AREA_WORDS = frozenset({"province", "governorate", "oblast", "region", "countryside"})
_BEARING_OF = re.compile(
    r"^(?:(?P<km>\d+(?:\.\d+)?)\s*(?:km|kilomet(?:re|er)s?)\s+)?"
    r"(?P<bearing>(?:north|south|east|west)(?:-?(?:east|west))?)\s+of$",
    re.IGNORECASE,
)


def _anchor_fallback(
    hit: PlaceHit, anchor: tuple[str, tuple[str, ...], str], resolver: ReportPlaces, why: str
) -> Location | None:
    """Place an unresolved name by the town it is written around.

    "X village in the countryside of T" gives the location of a strike "in the
    countryside of T". Only a town anchor counts (an area anchor is already the admin
    hint), and the relation keeps the uncertainty honest: the town's radius plus the
    relation's margin.
    """
    surface, _ids, relation = anchor
    hint = hit.admin_hint if hit.admin_hint != surface else None
    town = resolver.resolve(surface, hint).location
    if town is None or town.precision != "town":
        return None
    # "12 km west of T": the bearing and distance the relation states.
    m = _BEARING_OF.match(relation)
    bearing = m.group("bearing") if m else None
    dist = float(m.group("km")) if m and m.group("km") else None
    loc = resolver.gazetteer.relative(town, bearing, dist, relation)
    if relation in ("part of", "in"):
        # "Kharkiv's Kyivskyi district": named as written, in its town.
        loc = dataclasses.replace(loc, name=f"{hit.surface}, {town.name}")
    if relation == "in":
        # The text says only that the town contains the place. The town's radius is its
        # own extent, estimated from its population (2-10 km); what a report writes "in
        # T" may also be a suburb or a village of the area named after T, just beyond
        # that circle. relative() gives such an unmeasured relation the margin it gives
        # "near T" (the town's radius + 10 km), never less: not finer than "near T".
        return dataclasses.replace(
            loc,
            reason=f"{hit.surface!r} is not in the gazetteer ({why}); placed at "
            f"{town.name}, which the report says contains it: {loc.reason}",
        )
    return dataclasses.replace(
        loc,
        reason=f"{hit.surface!r} not found in the gazetteer ({why}); written "
        f"{_as_written(relation, town.name)}, placed there: {loc.reason}",
    )


def _as_written(relation: str, town: str) -> str:
    """Word a place's relation to its town: "in the countryside of T", "near T"."""
    if relation == "part of":
        return f"as part of {town}"
    if relation.endswith(" of") or relation in ("near", "close to", "outside"):
        return f"{relation} {town}"
    return f"in the {relation} of {town}"


def _admin_area(resolver: ReportPlaces, hint: str) -> Location | None:
    """Resolve an admin hint as an area; a province named like its capital is the province.

    "Jaji Maidan district, Khost": the gazetteer may read "Khost" as the town, yet the
    hint stands where an area is written, so when the town's first-level area bears the
    same name (a capital and its province) that area is the hint.
    """
    loc = resolver.resolve(hint, None, "province").location
    if loc is None or loc.precision != "town" or not loc.admin1:
        return loc
    area_name = _AREA_SUFFIX.sub("", loc.admin1).strip()
    if not area_name or not _same_name(hint, area_name):
        return loc
    area = resolver.resolve(loc.admin1, None, "province").location
    return area if area is not None and area.precision == "admin1" else loc


_AREA_SUFFIX = re.compile(
    r"\b(?:governorate|province|oblast|region|state|wilayat-e|muhafazat|velayat)\b",
    re.IGNORECASE,
)


def _same_name(a: str, b: str) -> bool:
    """Return whether two names are spellings of one name ("Khost", "Khowst")."""
    from rapidfuzz import fuzz  # a declared dependency; imported where it is needed

    return fuzz.ratio(a.lower(), b.lower()) >= 80
