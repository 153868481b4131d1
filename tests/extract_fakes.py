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
    _P("kreminna", "Kreminna", "town", "UA", 49.0495, 38.2179, "Luhansk", 18000, ()),
    _P("chernihiv1", "Chernihiv", "admin1", "UA", 51.5, 31.3, "Chernihiv", 0, ()),
    _P("sumy1", "Sumy", "admin1", "UA", 50.9, 34.8, "Sumy", 0, ()),
    _P("hlukhiv", "Hlukhiv", "town", "UA", 51.6782, 33.9162, "Sumy", 33000, ()),
    _P("hays_us", "Hays", "town", "US", 38.879, -99.327, "Kansas", 21000, ()),
    _P("bodo", "Bodo", "town", "NO", 67.28, 14.40, "Nordland", 50000, ("Budo",)),
    _P("hudaydah1", "Al Hudaydah", "admin1", "YE", 14.8, 43.1, "Al Hudaydah", 0, ()),
    _P("dali1", "Ad Dali", "admin1", "YE", 13.8, 44.7, "Ad Dali", 0, ()),
    _P("bab", "Al Bab", "town", "SY", 36.3706, 37.5157, "Aleppo", 130000, ("Bab",)),
    _P("duhok1", "Duhok", "admin1", "IQ", 37.0, 43.3, "Duhok", 0, ()),
    _P("shaca", "Shaca", "village", "IQ", 37.1138, 43.8672, "Duhok", 0, ()),
    _P("raqqac", "Raqqa", "city", "SY", 35.9528, 39.0079, "Raqqa", 220000, ()),
    _P("donetsk1", "Donetsk", "admin1", "UA", 48.0, 37.8, "Donetsk", 0, ()),
    _P("donetskc", "Donetsk", "city", "UA", 48.023, 37.8022, "Donetsk", 900000, ()),
    _P("mariupol", "Mariupol", "city", "UA", 47.0958, 37.5494, "Donetsk", 430000, ()),
    _P("kramatorsk", "Kramatorsk", "city", "UA", 48.7231, 37.5563, "Donetsk", 150000, ()),
    _P("khanshaykhun", "Khan Shaykhun", "town", "SY", 35.4414, 36.6513, "Idlib", 50000, ()),
    _P("kunduz", "Kunduz", "city", "AF", 36.728, 68.8681, "Kunduz", 260000, ()),
    _P("af", "Afghanistan", "country", "AF", 33.0, 66.0, None, 0, ()),
    _P("sagaing1", "Sagaing", "admin1", "MM", 23.5, 95.0, "Sagaing", 0, ()),
    _P("mm", "Myanmar", "country", "MM", 21.0, 96.0, None, 0, ()),
    _P("mosul", "Mosul", "city", "IQ", 36.335, 43.1189, "Nineveh", 1400000, ()),
    _P("saada1", "Saada", "admin1", "YE", 16.9, 43.8, "Saada", 0, ()),
    _P("dahyan", "Dahyan", "town", "YE", 17.0, 43.6, "Saada", 5000, ()),
    _P("shayrat", "Shayrat", "town", "SY", 34.4947, 36.9094, "Homs", 2000, ()),
    _P("talbiseh", "Talbiseh", "town", "SY", 34.8413, 36.7306, "Homs", 30000, ()),
    _P("ye", "Yemen", "country", "YE", 15.5, 47.5, None, 0, ()),
    # A capital spelt unlike its province ("Khost" town in "Khowst" province).
    _P("khostc", "Khost", "city", "AF", 33.3395, 69.9204, "Khowst", 96000, ()),
    _P("khowst1", "Khowst", "admin1", "AF", 33.4, 69.9, "Khowst", 0, ()),
)

_BEARINGS = {
    "N": 0, "NE": 45, "E": 90, "SE": 135, "S": 180, "SW": 225, "W": 270, "NW": 315,
}  # fmt: skip
_PRECISION: dict[str, LocationPrecision] = {
    "city": "town", "town": "town", "village": "town", "region": "region",
    "admin1": "admin1", "country": "country", "landmark": "exact",
}  # fmt: skip
_RADIUS = {
    "city": 5.0, "town": 3.0, "region": 15.0, "admin1": 60.0, "country": 300.0, "landmark": 1.0,
}  # fmt: skip


class FakeGazetteer:
    """Just enough of a gazetteer: exact names, simple context ranking."""

    def __init__(self, places: tuple[Place, ...] = PLACES) -> None:
        self.places = {p.id: p for p in places}
        self.calls: list[tuple[str, str | None, str | None]] = []
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
        self.calls.append((name, context.admin_hint, context.kind_hint))
        m = re.fullmatch(r"(.+?) \((.+)\)", name)
        if m:  # "Saca (Shaca)": the name, else its alternative
            first = self.resolve(m.group(1), context)
            return first if first.location else self.resolve(m.group(2), context)
        hint = self._admin1(context.admin_hint) if context.admin_hint else None
        fallback = self._loc(hint) if hint else None
        cands = self.lookup(name)
        if hint is not None:
            cands = [c for c in cands if c.place.admin1 == hint.admin1]
        if not cands:
            return Resolution(None, (), "no such name", fallback)
        ps = [c.place for c in cands]
        if context.kind_hint in {"province", "governorate", "region", "oblast", "countryside"}:
            ps = sorted(ps, key=lambda p: p.kind not in ("admin1", "region"))
        else:
            ps = sorted(ps, key=lambda p: p.kind in ("admin1",))
        if context.countries:
            ps = sorted(ps, key=lambda p: p.country not in context.countries)
        p = ps[0]
        return Resolution(self._loc(p), tuple(cands), "fake")

    def _admin1(self, name: str) -> Place | None:
        return next((p for p in self.names.get(name.lower(), []) if p.kind == "admin1"), None)

    def _loc(self, p: Place) -> Location:
        return Location(
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
