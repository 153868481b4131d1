"""Candidate generation: every place a written name could designate, with how it matched.

Candidates come from three sources, deepest first so that the ranker sees the right
answer whenever the data holds it:

* the world table (countries with their representative points, continents, seas,
  regions) and its abbreviations ("Calif." -> California, "U.S." -> United States);
* the built index, through :meth:`Gazetteer.lookup` with a deep limit: exact names,
  alternate names, spelling variants, transliteration skeletons and fuzzy matches;
* for an admin1 candidate, its point is moved to the centre of its member places'
  extent (the index places admin1 areas at their largest city, the convention ACLED
  uses for events; a geoparser answers with the area's own centre).

No scoring happens here beyond the order the index returns; ranking is
:mod:`strikemap.gazetteer.ranking`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from strikemap.gazetteer.areas import Area, AreaTable
from strikemap.gazetteer.normalize import normalize_name
from strikemap.gazetteer.world import WorldTable, name_key
from strikemap.model import Place

if TYPE_CHECKING:
    from strikemap.gazetteer.index import Gazetteer

CANDIDATE_DEPTH = 25
"""How many index candidates a name keeps (the right one is rarely deeper)."""

MATCH_LEVELS: tuple[str, ...] = (
    "name",
    "alternate",
    "variant",
    "skeleton",
    "fuzzy",
    "abbreviation",
)
"""How a candidate's name matched the mention, strongest first."""

_EXTENT_PERCENTILES = (2.0, 98.0)
"""The member-place percentiles that bound an area's extent (outliers are mis-coded rows)."""


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """One place a mention could designate.

    Attributes
    ----------
    place
        The gazetteer entry (admin1 points moved to their extent's centre).
    feature
        ``city``, ``town``, ``village``, ``admin1``, ``admin2``, ``country``,
        ``continent``, ``sea``, ``region``, ``landmark``, ...
    match
        One of :data:`MATCH_LEVELS`.
    matched_name
        The gazetteer name that matched.
    index_confidence
        The index's own match confidence (0-1), a feature for the ranker.
    """

    place: Place
    feature: str
    match: str
    matched_name: str
    index_confidence: float
    continent: str = ""
    """GeoNames continent code of the place's country ("" for seas and world regions)."""


class CandidateSource:
    """Generates candidates from a gazetteer and the world table (memoised per name)."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        world: WorldTable,
        areas: AreaTable | None = None,
        depth: int = CANDIDATE_DEPTH,
    ) -> None:
        self.gazetteer = gazetteer
        self.world = world
        self.areas = areas
        self.depth = depth
        self._memo: dict[str, tuple[PlaceCandidate, ...]] = {}
        self._centres: dict[tuple[str, str], tuple[float, float] | None] = {}
        self._area_places: dict[tuple[str, str], Place] = {}

    def candidates(self, surface: str) -> tuple[PlaceCandidate, ...]:
        """Return the candidates for a written name, in a deterministic order."""
        hit = self._memo.get(surface)
        if hit is None:
            hit = tuple(self._generate(surface))
            if len(self._memo) > 50_000:
                self._memo.clear()
            self._memo[surface] = hit
        return hit

    def area_centre(self, country: str, admin1: str) -> tuple[float, float] | None:
        """Return the centre of an admin1 area's extent from its member places."""
        key = (country, admin1)
        if key not in self._centres:
            lats, lons = self.gazetteer._member_points(country, admin1)
            if len(lats) < 3:
                self._centres[key] = None
            else:
                la0, la1 = np.percentile(lats, _EXTENT_PERCENTILES)
                lo0, lo1 = np.percentile(lons, _EXTENT_PERCENTILES)
                self._centres[key] = (float(la0 + la1) / 2, float(lo0 + lo1) / 2)
        return self._centres[key]

    def _generate(self, surface: str) -> list[PlaceCandidate]:
        return [
            replace(c, continent=self.world.continents.get(c.place.country, ""))
            for c in self._generate_plain(surface)
        ]

    def _generate_plain(self, surface: str) -> list[PlaceCandidate]:
        out: dict[str, PlaceCandidate] = {}
        abbr = self.world.abbreviation(surface)
        if abbr is not None:
            target = self._abbreviation_target(abbr.country, abbr.target_name, abbr.target_kind)
            if target is not None:
                out[target.place.id] = target
        for place in self.world.lookup(surface):
            feature = self.world.feature_of(place.id) or "region"
            out.setdefault(place.id, PlaceCandidate(place, feature, "name", place.name, 0.95))
        key = normalize_name(surface)
        # Areas by name first: the index ranks its rows by population before it cuts
        # them, and an area (population 0) can be cut behind its namesake towns.
        if self.areas is not None:
            for area in self.areas.lookup(surface):
                pl = self.area_place(area)
                level = "name" if name_key(area.name) == name_key(key) else "alternate"
                out.setdefault(pl.id, PlaceCandidate(pl, "admin1", level, area.name, 0.95))
        for cand in self.gazetteer.lookup(surface, limit=self.depth):
            pl = cand.place
            if pl.id in out:
                continue
            own_area = self._area_of(pl)
            if own_area is not None:
                apl = self.area_place(own_area)
                if apl.id in out:
                    continue
                pl = apl
            if pl.kind == "country":
                world_pid = self.world.country_ids.get(pl.country)
                if world_pid in out:
                    continue
                pt = self.world.country_points.get(pl.country)
                if pt is not None:
                    pl = replace(pl, lat=pt[0], lon=pt[1], source="countryinfo point")
            elif pl.kind == "admin1" and pl.admin1:
                centre = self.area_centre(pl.country, pl.admin1)
                if centre is not None:
                    pl = replace(pl, lat=centre[0], lon=centre[1])
            out[pl.id] = PlaceCandidate(
                pl,
                pl.kind,
                _match_level(cand.reason, key, pl),
                cand.matched_name,
                float(cand.confidence),
            )
        return list(out.values())

    def country_place(self, country: str) -> Place | None:
        """Return a country by ISO code: the world table's entry, else the index's."""
        for place in self.world.lookup(self.world.country_names.get(country, country)):
            if place.kind == "country" and place.country == country:
                return place
        pid = self.world.country_ids.get(country)
        if pid is None:
            return None
        try:
            return self.gazetteer.get(pid)
        except KeyError:
            return None

    def _area_of(self, place: Place) -> Area | None:
        """Return the Natural Earth area of an index admin1 entry (``gn-admin1:CC.code``)."""
        if self.areas is None or place.kind != "admin1" or not place.id.startswith("gn-admin1:"):
            return None
        return self.areas.by_code.get(place.id.split(":", 1)[1])

    def area_place(self, area: Area) -> Place:
        """Return an area as a place: its own point, extent and GeoNames id.

        Its ``admin1`` is the index's name for the area, so that it compares equal to
        the ``admin1`` of the places inside it.
        """
        key = (area.country, area.name)
        hit = self._area_places.get(key)
        if hit is not None:
            return hit
        admin1 = None
        if area.geonames_code:
            try:
                admin1 = self.gazetteer.get(f"gn-admin1:{area.geonames_code}").admin1
            except KeyError:
                admin1 = None
        if admin1 is None:
            found = self.gazetteer.find_admin1(area.name, [area.country])
            admin1 = found.admin1 if found is not None else area.name
        pid = (
            f"gn:{area.geonames_id}"
            if area.geonames_id
            else f"ne-admin1:{area.country}.{area.name}"
        )
        place = Place(
            id=pid,
            name=area.name,
            kind="admin1",
            country=area.country,
            lat=area.lat,
            lon=area.lon,
            admin1=admin1,
            alt_names=tuple(n for n in area.names if n != area.name),
            source="Natural Earth admin-1",
            uncertainty_km=area.radius_km,
        )
        self._area_places[key] = place
        return place

    def _abbreviation_target(self, country: str, name: str, kind: str) -> PlaceCandidate | None:
        place: Place | None = None
        if kind == "country":
            for pl in self.world.lookup(name):
                if pl.country == country:
                    place = pl
                    break
        elif kind == "admin1":
            areas = self.areas.lookup(name) if self.areas is not None else []
            for area in areas:
                if area.country == country:
                    return PlaceCandidate(
                        self.area_place(area), "admin1", "abbreviation", name, 0.95
                    )
            place = self.gazetteer.find_admin1(name, [country])
            if place is not None and place.admin1:
                centre = self.area_centre(place.country, place.admin1)
                if centre is not None:
                    place = replace(place, lat=centre[0], lon=centre[1])
        else:
            for cand in self.gazetteer.lookup(name, country=country, limit=5):
                if cand.place.country == country and cand.place.kind in ("city", "town"):
                    place = cand.place
                    break
        if place is None:
            return None
        feature = "country" if kind == "country" else place.kind
        return PlaceCandidate(place, feature, "abbreviation", name, 0.95)


def _match_level(reason: str, key: str, place: Place) -> str:
    """Map the index's match reason to a :data:`MATCH_LEVELS` entry."""
    if reason.startswith("exact name"):
        return "name" if name_key(place.name) == name_key(key) else "alternate"
    if reason.startswith("spelling variant"):
        return "variant"
    if reason.startswith("transliteration skeleton"):
        return "skeleton"
    return "fuzzy"
