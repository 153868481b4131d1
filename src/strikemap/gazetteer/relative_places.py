"""Places relative to others: "10 km north of X", "the east of X", "between X and Y"."""

from __future__ import annotations

import math

import numpy as np

from strikemap.gazetteer.base import Resolution, ResolveContext
from strikemap.gazetteer.geo import bearing_degrees, destination, haversine_km, midpoint
from strikemap.gazetteer.name_phrases import (
    ALT_SPREAD_KM,
    EDGE_OF,
    EDGE_WORDS,
    bearing_word,
    relation_name,
    replace_location,
)
from strikemap.gazetteer.resolver_constants import (
    POPULATED_CODES,
    SIDE_CITY_POP,
    SIDE_MIN_PLACES,
    SIDE_MIN_RADIUS_KM,
)
from strikemap.gazetteer.spotting import Spotting
from strikemap.model import PRECISION_BY_KIND, Location, Place


class RelativePlaces(Spotting):
    """Relative places, a layer of :class:`~strikemap.gazetteer.index.Gazetteer`.

    "10 km north of X", "the east of X", "between X and Y".
    """

    def resolve(self, name: str, context: ResolveContext) -> Resolution:
        """Resolve a name in context; the name-resolution layer above defines it.

        A relative phrase resolves its anchor ("X" of "north of X") through it.
        """
        raise NotImplementedError

    @staticmethod
    def _place_location(pl: Place, matched: str, confidence: float, reason: str) -> Location:
        return Location(
            name=pl.name,
            lat=pl.lat,
            lon=pl.lon,
            precision=PRECISION_BY_KIND.get(pl.kind, "town"),
            uncertainty_km=pl.uncertainty_km or 5.0,
            country=pl.country,
            admin1=pl.admin1 if pl.kind != "admin1" else pl.name,
            place_id=pl.id,
            confidence=confidence,
            reason=reason,
        )

    def _area_location(self, pl: Place | None, why: str) -> Location | None:
        if pl is None:
            return None
        return self._place_location(pl, pl.name, 0.9, f"admin1 only, from {why}")

    # ------------------------------------------------------------------ relative
    def _resolve_side(
        self, name: str, side: str, rest: str, ctx: ResolveContext
    ) -> Resolution | None:
        """Resolve "eastern outskirts of X", "western X countryside", "southern Idlib".

        "<side> outskirts/suburbs/edge of X" is the edge of X on that side (see
        :meth:`relative`). "<side> X" where X resolves to an area (a governorate, a
        region, "X countryside") is that area: its circle covers the side named, and
        moving the point would claim a precision the text does not give. Where X is a
        town sharing its name with an admin1 area ("southern Idlib", "northern Hama"),
        either may be meant; the area holds both readings and is returned, said so.
        Any other town: the part of the town, at the town's circle. Returns ``None``
        when ``rest`` does not resolve, so the other composite shapes are tried.
        """
        bearing = bearing_word(side) if side.lower() != "central" else None
        edge = EDGE_OF.match(rest)
        target = edge.group("rest") if edge else rest
        res = self.resolve(target, ctx)
        anchor = res.location
        if anchor is None:
            return None
        if edge:
            phrase = f"{side.lower()} {edge.group('edge').lower()} of"
            loc = self.relative(anchor, bearing, None, phrase)
            return Resolution(replace_location(loc, name=name), res.candidates, loc.reason)
        if anchor.precision in ("admin1", "admin2", "district", "region", "country"):
            part = self._side_part(anchor, side, name)
            if part is not None:
                return Resolution(part, res.candidates, part.reason)
            why = (
                f"{name!r}: the {side.lower()} part of {anchor.name}; the area's circle "
                f"covers it. {anchor.reason}"
            )
            return Resolution(replace_location(anchor, name=name, reason=why), res.candidates, why)
        town = self._location_place(anchor)
        big_city = town is not None and town.population >= SIDE_CITY_POP
        # A city of a million has sides of its own ("eastern Aleppo", "western
        # Mosul": districts of the city); a smaller seat's side is the province's.
        area = None if big_city else self.find_admin1(target, ctx.countries)
        if area is not None and (
            haversine_km(area.lat, area.lon, anchor.lat, anchor.lon)
            <= max(area.uncertainty_km or 0.0, ALT_SPREAD_KM)
        ):
            area_loc = self._area_location(
                area,
                f"{name!r}: the {side.lower()} part of the town {anchor.name} or of "
                f"{area.name}; the area holds both",
            )
            if area_loc is not None:
                # Reports mean the province ("southern Idlib", "northern Gaza"): its
                # side, from its listed places, holds the town's side too.
                part = self._side_part(area_loc, side, name)
                if part is not None:
                    return Resolution(part, res.candidates, part.reason)
                return Resolution(
                    replace_location(area_loc, name=name), res.candidates, area_loc.reason
                )
        loc = self.relative(anchor, bearing, None, f"{side.lower()} part of")
        return Resolution(replace_location(loc, name=name), res.candidates, loc.reason)

    def _location_place(self, loc: Location) -> Place | None:
        """Return the gazetteer entry a location was resolved to, if it has one."""
        if loc.place_id is None:
            return None
        try:
            return self.get(loc.place_id)
        except KeyError:
            return None

    def _side_part(self, area: Location, side: str, name: str) -> Location | None:
        """Return the part of an admin1 area (a region) or a country on one side, from its places.

        "southern Idlib", "northern Gaza", "southern Lebanon": the populated places the
        gazetteer lists in the area (every layer) are split at their centre; the part
        is the centre of those on the named side ("central": the nearer half), with a
        circle holding 90 % of them. ``None`` when the area is of another kind or
        lists too few places to tell its sides apart.
        """
        if area.precision not in ("admin1", "country") or area.country is None:
            return None
        bearing = bearing_word(side)
        deg = bearing_degrees(bearing) if bearing else None
        central = side.lower() == "central"
        if deg is None and not central:
            return None
        admin1 = area.admin1 if area.precision == "admin1" else None
        key = (area.country, admin1, deg)
        part = self._side_parts.get(key)
        if part is None:
            part = self._compute_side(area.country, admin1, deg)
            with self._lock:
                self._side_parts[key] = part
        n, p_lat, p_lon, radius = part
        if n == 0:
            return None
        why = (
            f"{name!r}: the {side.lower()} part of {area.name}: the centre of the {n} places "
            f"listed in it {'nearest its centre' if central else 'on that side of its centre'}, "
            f"the circle holding 90 % of them"
        )
        return replace_location(
            area,
            name=name,
            lat=p_lat,
            lon=p_lon,
            # Part of a province is a region; part of a country ("northern Syria") stays
            # as coarse as a country, which reports use for summaries, not strikes.
            precision="region" if area.precision == "admin1" else "country",
            uncertainty_km=round(radius, 1),
            reason=why,
            place_id=None,
        )

    def _compute_side(
        self, country: str, admin1: str | None, deg: float | None
    ) -> tuple[int, float, float, float]:
        """Return (places, lat, lon, radius in km) of one side of an area.

        ``deg`` ``None`` is the central half. No places when the area lists too few
        to tell its sides apart.
        """
        lats, lons = self._member_points(country, admin1)
        if len(lats) < SIDE_MIN_PLACES:
            return 0, 0.0, 0.0, 0.0
        c_lat, c_lon = float(lats.mean()), float(lons.mean())
        x = (lons - c_lon) * 111.32 * math.cos(math.radians(c_lat))
        y = (lats - c_lat) * 110.57
        if deg is None:
            d = np.hypot(x, y)
            sel = d <= np.median(d)
        else:
            sel = x * math.sin(math.radians(deg)) + y * math.cos(math.radians(deg)) > 0
        n = int(sel.sum())
        if n < SIDE_MIN_PLACES // 2:
            return 0, 0.0, 0.0, 0.0
        p_lat, p_lon = float(lats[sel].mean()), float(lons[sel].mean())
        dist = np.hypot(
            (lons[sel] - p_lon) * 111.32 * math.cos(math.radians(p_lat)),
            (lats[sel] - p_lat) * 110.57,
        )
        return n, p_lat, p_lon, max(float(np.percentile(dist, 90)), SIDE_MIN_RADIUS_KM)

    def _member_points(self, country: str, admin1: str | None) -> tuple[np.ndarray, np.ndarray]:
        """Return the points of the populated places listed in a country or admin1 area."""
        key = (country, admin1)
        hit = self._members.get(key)
        if hit is not None:
            return hit
        lats: list[np.ndarray] = []
        lons: list[np.ndarray] = []
        for db in self._dbs:
            a = db.arr.a
            code = db.cc_code.get(country)
            if code is None:
                continue
            mask = (a["cc"] == code) & np.isin(a["kind"], POPULATED_CODES)
            if admin1 is not None:
                if admin1 not in db.admin1:
                    continue
                mask &= a["a1"] == db.admin1.index(admin1)
            lats.append(np.asarray(a["lat"][mask], dtype=np.float64))
            lons.append(np.asarray(a["lon"][mask], dtype=np.float64))
        out = (np.concatenate(lats), np.concatenate(lons)) if lats else (np.empty(0), np.empty(0))
        with self._lock:
            self._members[key] = out
        return out

    def relative(
        self,
        anchor: Location,
        bearing: str | None,
        distance_km: float | None,
        phrase: str,
    ) -> Location:
        """Offset ``anchor`` for "north of X", "12 km south-east of X", "near X", ...

        Parameters
        ----------
        anchor
            The resolved anchor place.
        bearing
            Compass word, or ``None``.
        distance_km
            Stated distance, or ``None``.
        phrase
            The relation as written ("north of", "outskirts of", "near").

        Returns
        -------
        Location
            Precision ``"relative"`` with the anchor fields set. A stated distance and
            bearing give the exact offset with radius 3 km + 20 % of the distance; a
            bearing alone ("north of Homs") moves 15 km with a 15 km radius; "outskirts
            of" keeps the anchor with its radius + 3 km; "near" and unknown relations
            keep the anchor with its radius + 10 km (or + the stated distance).
        """
        deg = bearing_degrees(bearing) if bearing else None
        p = phrase.lower()
        lat, lon = anchor.lat, anchor.lon
        if deg is not None and distance_km is not None:
            lat, lon = destination(lat, lon, deg, distance_km)
            radius = 3.0 + 0.2 * distance_km
            how = f"{distance_km:g} km {bearing} of anchor"
        elif deg is not None and any(w in p for w in EDGE_WORDS):
            # "eastern outskirts of X": the edge of X on that side, one anchor radius out.
            lat, lon = destination(lat, lon, deg, anchor.uncertainty_km)
            radius = anchor.uncertainty_km + 3.0
            how = f"{p} anchor: moved the anchor's radius ({anchor.uncertainty_km:g} km) {bearing}"
        elif deg is not None and p.endswith("part of"):
            # "eastern Saraqeb": a part of the town; its own circle still holds it.
            radius = anchor.uncertainty_km
            how = f"{p} anchor: the anchor's circle"
        elif deg is not None:
            lat, lon = destination(lat, lon, deg, 15.0)
            radius = max(15.0, anchor.uncertainty_km)
            how = f"{bearing} of anchor, distance unstated (15 km assumed, 15 km radius)"
        elif "outskirt" in p or "edge" in p:
            radius = anchor.uncertainty_km + 3.0
            how = "outskirts of anchor"
        else:
            radius = anchor.uncertainty_km + (distance_km if distance_km is not None else 10.0)
            how = f"{phrase.strip() or 'near'} anchor"
        return Location(
            name=relation_name(phrase, anchor.name),
            lat=lat,
            lon=lon,
            precision="relative",
            uncertainty_km=round(radius, 2),
            country=anchor.country,
            admin1=anchor.admin1,
            place_id=None,
            confidence=anchor.confidence,
            reason=f"{how}; anchor: {anchor.reason}",
            anchor_name=anchor.name,
            anchor_lat=anchor.lat,
            anchor_lon=anchor.lon,
            bearing=bearing,
            distance_km=distance_km,
        )

    def between(self, a: Location, b: Location, phrase: str = "between") -> Location:
        """Return the midpoint location for "between X and Y".

        Parameters
        ----------
        a, b
            The two resolved places.
        phrase
            As written.

        Returns
        -------
        Location
            Precision ``"relative"``, anchored on ``a``; radius half the distance
            between them plus the larger of their radii.
        """
        lat, lon = midpoint(a.lat, a.lon, b.lat, b.lon)
        d = haversine_km(a.lat, a.lon, b.lat, b.lon)
        return Location(
            name=f"{phrase} {a.name} and {b.name}",
            lat=lat,
            lon=lon,
            precision="relative",
            uncertainty_km=round(d / 2 + max(a.uncertainty_km, b.uncertainty_km), 2),
            country=a.country if a.country == b.country else None,
            admin1=a.admin1 if a.admin1 == b.admin1 else None,
            confidence=min(a.confidence, b.confidence),
            reason=f"midpoint of {a.name} and {b.name} ({d:.0f} km apart)",
            anchor_name=a.name,
            anchor_lat=a.lat,
            anchor_lon=a.lon,
            distance_km=round(d / 2, 2),
        )
