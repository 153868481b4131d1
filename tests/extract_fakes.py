"""A tiny in-memory gazetteer implementing ``GazetteerLike`` for extraction tests."""

from __future__ import annotations

import math
import re

from strikemap.gazetteer.base import Candidate, Mention, Resolution, ResolveContext
from strikemap.model import Location, LocationPrecision, Place

_P = Place
PLACES: tuple[Place, ...] = (
    _P(
        "jisr",
        "Jisr al-Shughur",
        "town",
        "SY",
        35.8126,
        36.3177,
        "Idlib",
        40000,
        ("Jisr ash-Shughur", "Jisr al-Shugour"),
    ),
    _P("idlib1", "Idlib", "admin1", "SY", 35.8, 36.6, "Idlib", 0, ("Idleb",)),
    _P("idlibc", "Idlib", "city", "SY", 35.9306, 36.6339, "Idlib", 165000, ("Idleb",)),
    _P("hama1", "Hama", "admin1", "SY", 35.2, 37.1, "Hama", 0, ()),
    _P("hamac", "Hama", "city", "SY", 35.1318, 36.7578, "Hama", 700000, ()),
    _P("homsc", "Homs", "city", "SY", 34.7324, 36.7137, "Homs", 800000, ()),
    _P("homs1", "Homs", "admin1", "SY", 34.8, 37.5, "Homs", 0, ()),
    _P("zawiya", "Jabal al-Zawiya", "region", "SY", 35.70, 36.52, "Idlib", 0, ("Jebel Zawiya",)),
    _P("latakia", "Latakia", "city", "SY", 35.5317, 35.7914, "Latakia", 380000, ()),
    _P("aleppo1", "Aleppo", "admin1", "SY", 36.2, 37.4, "Aleppo", 0, ()),
    _P("aleppoc", "Aleppo", "city", "SY", 36.2021, 37.1343, "Aleppo", 2000000, ()),
    _P("sy", "Syria", "country", "SY", 35.0, 38.0, None, 0, ()),
    _P("moscow", "Moscow", "city", "RU", 55.7558, 37.6173, "Moscow", 10000000, ()),
    _P("ny", "New York", "city", "US", 40.7128, -74.006, "New York", 8000000, ()),
    _P("washington", "Washington", "city", "US", 38.9072, -77.0369, "DC", 700000, ()),
    _P("iran", "Iran", "country", "IR", 32.0, 53.0, None, 0, ()),
    _P("iraq", "Iraq", "country", "IQ", 33.0, 44.0, None, 0, ()),
    _P("india", "India", "country", "IN", 22.0, 79.0, None, 0, ()),
    _P("delhi", "Delhi", "city", "IN", 28.6519, 77.2315, "Delhi", 11000000, ()),
    _P(
        "sever",
        "Severodonetsk",
        "city",
        "UA",
        48.9467,
        38.4914,
        "Luhansk",
        100000,
        ("Sievierodonetsk",),
    ),
    _P("luhansk1", "Luhansk", "admin1", "UA", 48.9, 39.1, "Luhansk", 0, ()),
    _P("ua", "Ukraine", "country", "UA", 49.0, 32.0, None, 0, ()),
)

_BEARINGS = {
    "N": 0, "NE": 45, "E": 90, "SE": 135, "S": 180, "SW": 225, "W": 270, "NW": 315,
}  # fmt: skip
_PRECISION: dict[str, LocationPrecision] = {
    "city": "town", "town": "town", "village": "town", "region": "region",
    "admin1": "admin1", "country": "country",
}  # fmt: skip
_RADIUS = {"city": 5.0, "town": 3.0, "region": 15.0, "admin1": 60.0, "country": 300.0}


class FakeGazetteer:
    """Just enough of a gazetteer: exact names, simple context ranking."""

    def __init__(self, places: tuple[Place, ...] = PLACES) -> None:
        self.places = {p.id: p for p in places}
        self.names: dict[str, list[Place]] = {}
        for p in places:
            for n in (p.name, *p.alt_names):
                self.names.setdefault(n.lower(), []).append(p)
        alts = sorted(self.names, key=len, reverse=True)
        self._re = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])", re.I
        )

    def spot(self, text: str) -> list[Mention]:
        out = []
        for m in self._re.finditer(text):
            if not m.group(0)[0].isupper():
                continue
            ids = tuple(p.id for p in self.names[m.group(0).lower()])
            out.append(Mention(m.start(), m.end(), m.group(0), ids))
        return out

    def lookup(self, name, country=None, near=None, limit=10):  # type: ignore[no-untyped-def]
        ps = self.names.get(name.lower(), [])
        if country:
            ps = [p for p in ps if p.country == country] or ps
        return [Candidate(p, name, 0.9, "exact name") for p in ps[:limit]]

    def resolve(self, name: str, context: ResolveContext) -> Resolution:
        cands = self.lookup(name)
        if not cands:
            return Resolution(None, (), "no such name")
        ps = [c.place for c in cands]
        if context.kind_hint in {"province", "governorate", "region", "oblast", "countryside"}:
            ps = sorted(ps, key=lambda p: p.kind not in ("admin1", "region"))
        else:
            ps = sorted(ps, key=lambda p: p.kind in ("admin1",))
        if context.countries:
            ps = sorted(ps, key=lambda p: p.country not in context.countries)
        p = ps[0]
        loc = Location(
            p.name,
            p.lat,
            p.lon,
            _PRECISION.get(p.kind, "town"),
            _RADIUS.get(p.kind, 5.0),
            p.country,
            p.admin1,
            p.id,
            0.9,
            f"fake: {p.kind}",
        )
        return Resolution(loc, tuple(cands), "fake")

    def relative(self, anchor, bearing, distance_km, phrase):  # type: ignore[no-untyped-def]
        d = distance_km if distance_km is not None else (10.0 if bearing else 0.0)
        lat, lon = anchor.lat, anchor.lon
        if bearing:
            b = math.radians(_BEARINGS[bearing])
            lat += d * math.cos(b) / 111.0
            lon += d * math.sin(b) / (111.0 * math.cos(math.radians(anchor.lat)))
        return Location(
            f"{phrase} {anchor.name}",
            lat,
            lon,
            "relative",
            max(d, 5.0),
            anchor.country,
            anchor.admin1,
            None,
            anchor.confidence * 0.9,
            f"relative: {phrase}",
            anchor.name,
            anchor.lat,
            anchor.lon,
            bearing,
            distance_km,
        )

    def get(self, place_id: str) -> Place:
        return self.places[place_id]
