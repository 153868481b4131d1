"""The gazetteer as a reference map: place labels and area outlines for a visible box.

An analyst zoomed in on a strike needs to see which towns and villages surround it, with
no tile server. Every gazetteer file (the default index and each imported layer) already
holds the points, populations and names for that; imported OCHA layers also hold their
areas' polygons. This module reads them once into columns and answers "what should be
labelled and outlined in this box at this zoom" with array operations, so a pan or zoom
costs milliseconds.

Which places get a label follows how printed maps do it: a place appears from a zoom
level that falls with its population (:func:`min_label_zoom`: big cities from zoom 4,
villages from zoom 10), and where several compete for the same patch of screen the most
populous wins (labels never overlap on screen).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from strikemap.gazetteer._store import KIND_CODE, keys_path, open_arrays
from strikemap.viewport import degrees_per_pixel, in_view_box, mercator_pixels

__all__ = [
    "LABELLED_KINDS",
    "MAX_LABELS",
    "AreaOutlines",
    "Label",
    "ReferencePoints",
    "labels_in_box",
    "load_area_outlines",
    "load_reference_points",
    "min_label_zoom",
    "outlines_in_box",
]

Box = tuple[float, float, float, float]
"""(south, west, north, east) in degrees."""

LABELLED_KINDS: tuple[str, ...] = ("city", "town", "village", "neighbourhood")
"""Kinds of place that get a label (areas are outlined instead)."""

MAX_LABELS = 400
"""A view never carries more labels than this (the most populous win)."""

# Population from which a place is labelled at each zoom level (Web Mercator zooms:
# 4 shows a region of countries, 10 a district, 12 a town). Villages in GeoNames often
# have no population, so zoom 10 admits every place; neighbourhoods wait until 12.
_ZOOM_BY_POPULATION: tuple[tuple[int, int], ...] = (
    (1_000_000, 4),
    (300_000, 6),
    (80_000, 7),
    (20_000, 8),
    (3_000, 9),
    (0, 10),
)
_NEIGHBOURHOOD_ZOOM = 12


@dataclass(frozen=True, slots=True)
class Label:
    """A place label: position, name, and its tier (0 largest, 3 smallest) for styling."""

    lat: float
    lon: float
    name: str
    tier: int


@dataclass(frozen=True, slots=True)
class ReferencePoints:
    """Labelled places of every gazetteer file, as columns."""

    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    min_zoom: np.ndarray
    names: Sequence[str]

    def __len__(self) -> int:
        return len(self.lat)


@dataclass(frozen=True, slots=True)
class AreaOutlines:
    """Imported area polygons (shapely geometries) with their names, kinds and extents."""

    names: tuple[str, ...]
    kinds: tuple[str, ...]
    geometries: np.ndarray  # of shapely geometries
    bounds: np.ndarray  # (n, 4): minx, miny, maxx, maxy

    def __len__(self) -> int:
        return len(self.names)


def min_label_zoom(population: np.ndarray, kind_codes: np.ndarray) -> np.ndarray:
    """Return the zoom level from which each place is labelled."""
    zoom = np.full(len(population), _ZOOM_BY_POPULATION[-1][1], dtype=np.int8)
    for threshold, level in reversed(_ZOOM_BY_POPULATION[:-1]):
        zoom[(population >= threshold) & (zoom > level)] = level
    zoom[kind_codes == KIND_CODE["neighbourhood"]] = _NEIGHBOURHOOD_ZOOM
    return zoom


class _LazyNames(Sequence[str]):
    """Display names decoded on demand from the files' memory-mapped name columns.

    A view labels a few hundred places; decoding all of the gazetteer's names up front
    cost a tenth of a second at every server start.
    """

    def __init__(self, parts: list[tuple[Any, np.ndarray, np.ndarray]]) -> None:
        self._parts = parts  # (blob memoryview, offsets, rows) per file
        self._starts = np.cumsum([0] + [len(rows) for _, _, rows in parts])

    def __len__(self) -> int:
        return int(self._starts[-1])

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        k = int(np.searchsorted(self._starts, i, side="right")) - 1
        blob, off, rows = self._parts[k]
        row = int(rows[i - int(self._starts[k])])
        return str(blob[off[row] : off[row + 1]], "utf-8")


def _name_part(
    path: Path, a: dict[str, np.ndarray], rows: np.ndarray
) -> tuple[Any, np.ndarray, np.ndarray]:
    """Return one file's (name blob, offsets, rows) for :class:`_LazyNames`."""
    if "pl_name_off" in a:
        return a["pl_name_blob"].data, a["pl_name_off"], rows
    # Older layouts keep display names in SQLite only: read them into a blob of their own.
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        by_row = dict(con.execute("SELECT idx, name FROM places").fetchall())
    finally:
        con.close()
    encoded = [str(by_row.get(i, "")).encode("utf-8") for i in rows.tolist()]
    offsets = np.cumsum([0] + [len(e) for e in encoded])
    return memoryview(b"".join(encoded)), offsets, np.arange(len(encoded))


def load_reference_points(files: Sequence[Path]) -> ReferencePoints:
    """Read the labelled places of gazetteer ``files`` (default index first, then layers).

    A place that a later file overrides (same id) is taken from the later file only.
    """
    wanted = np.array([KIND_CODE[k] for k in LABELLED_KINDS], dtype=np.uint8)
    arrays = [open_arrays(keys_path(path)).a for path in files]
    # Walk from the last file back, dropping rows whose id a later file already gave.
    kept_rows: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(files)
    later_ids = np.zeros(0, dtype=np.uint64)
    for k in range(len(files) - 1, -1, -1):
        a = arrays[k]
        rows = np.flatnonzero(np.isin(a["kind"], wanted))
        if "id_hash" in a:
            id_by_row = np.empty(len(a["lat"]), dtype=np.uint64)
            id_by_row[a["id_idx"]] = a["id_hash"]
            if len(later_ids):
                rows = rows[~np.isin(id_by_row[rows], later_ids)]
            later_ids = np.concatenate([later_ids, a["id_hash"]])
        kept_rows[k] = rows
    names = _LazyNames(
        [_name_part(path, a, rows) for path, a, rows in zip(files, arrays, kept_rows, strict=True)]
    )

    def column(key: str, dtype: Any) -> np.ndarray:
        parts = [a[key][rows] for a, rows in zip(arrays, kept_rows, strict=True)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    population = column("pop", np.int64)
    kinds = column("kind", np.uint8)
    return ReferencePoints(
        column("lat", np.float64),
        column("lon", np.float64),
        population,
        min_label_zoom(population, kinds),
        names,
    )


def _tier(population: int, zoom_from: int) -> int:
    if population >= 1_000_000:
        return 0
    if population >= 80_000:
        return 1
    return 2 if zoom_from < _NEIGHBOURHOOD_ZOOM else 3


_GRID_PX = 16
"""Side of the occupancy grid used to keep labels from overlapping."""
_CHAR_PX = 7
_LABEL_HEIGHT_PX = 16
_CANDIDATES = 4000
"""At most this many places (the most populous in view) compete for label room."""


def labels_in_box(
    points: ReferencePoints, box: Box, zoom: int, *, max_labels: int = MAX_LABELS
) -> list[Label]:
    """Return the labels to draw in ``box`` at ``zoom``: largest first, none overlapping.

    Places are taken by population, and each is kept only when its text's rectangle
    (estimated from its length) meets none kept before, as a cartographer would place
    them.
    """
    south, west, north, east = box
    in_view = (
        (points.min_zoom <= zoom)
        & (points.lat >= south)
        & (points.lat <= north)
        & in_view_box(points.lat, points.lon, south, west, north, east)
    )
    rows = np.flatnonzero(in_view)
    if not len(rows):
        return []
    # Most populous first; ties by row so the answer is the same on every run.
    rows = rows[np.lexsort((rows, -points.population[rows]))][:_CANDIDATES]
    x, y = mercator_pixels(points.lat[rows], points.lon[rows], zoom)
    occupied: set[tuple[int, int]] = set()
    kept: list[int] = []
    for k, i in enumerate(rows.tolist()):
        width = 10 + _CHAR_PX * len(points.names[i])
        x0, x1 = int(x[k] - 4) // _GRID_PX, int(x[k] + width) // _GRID_PX
        y0 = int(y[k] - _LABEL_HEIGHT_PX / 2) // _GRID_PX
        y1 = int(y[k] + _LABEL_HEIGHT_PX / 2) // _GRID_PX
        cells = [(cx, cy) for cx in range(x0, x1 + 1) for cy in range(y0, y1 + 1)]
        if any(c in occupied for c in cells):
            continue
        occupied.update(cells)
        kept.append(i)
        if len(kept) >= max_labels:
            break
    return [
        Label(
            round(float(points.lat[i]), 5),
            round(float(points.lon[i]), 5),
            points.names[i],
            _tier(int(points.population[i]), int(points.min_zoom[i])),
        )
        for i in kept
    ]


def load_area_outlines(files: Sequence[Path]) -> AreaOutlines:
    """Read the polygons that imported layers (OCHA boundaries) carry."""
    names: list[str] = []
    kinds: list[str] = []
    blobs: list[bytes] = []
    for path in files:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT name, kind, geometry FROM places WHERE geometry IS NOT NULL ORDER BY idx"
            ).fetchall()
        finally:
            con.close()
        for name, kind, blob in rows:
            names.append(str(name))
            kinds.append(str(kind))
            blobs.append(bytes(blob))
    if not blobs:
        return AreaOutlines((), (), np.zeros(0, dtype=object), np.zeros((0, 4)))
    # Imported here, and only with outlines to read: a gazetteer without imported layers
    # no longer imports shapely into the dashboard's first run (where it showed, profiled).
    import shapely

    geoms = shapely.from_wkb(blobs)
    return AreaOutlines(tuple(names), tuple(kinds), geoms, shapely.bounds(geoms))


# Finer areas appear as the map zooms in: admin1 from zoom 5, admin2 from 7, admin3 from 9.
_OUTLINE_ZOOM = {"admin1": 5, "admin2": 7, "district": 7, "admin3": 9, "neighbourhood": 11}


def outlines_in_box(outlines: AreaOutlines, box: Box, zoom: int) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection of the areas meeting ``box`` at ``zoom``.

    Polygons are simplified to about a pixel at this zoom, so the payload stays small.
    """
    if not len(outlines):
        return {"type": "FeatureCollection", "features": []}
    import shapely

    south, west, north, east = box
    b = outlines.bounds
    levels = np.array([_OUTLINE_ZOOM.get(k, 99) for k in outlines.kinds])
    hit = (
        (levels <= zoom)
        & (b[:, 0] <= east)
        & (b[:, 2] >= west)
        & (b[:, 1] <= north)
        & (b[:, 3] >= south)
    )
    rows = np.flatnonzero(hit)
    tolerance = degrees_per_pixel(zoom)
    simple = shapely.simplify(outlines.geometries[rows], tolerance, preserve_topology=True)
    features = [
        {
            "type": "Feature",
            "properties": {"name": outlines.names[i], "kind": outlines.kinds[i]},
            "geometry": shapely.geometry.mapping(g),
        }
        for i, g in zip(rows.tolist(), simple, strict=True)
        if not g.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}
