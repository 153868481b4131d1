"""Arithmetic of a web map's view: boxes that may cross the antimeridian, Web Mercator pixels.

Shared by the dashboard (which strikes and grid cells a view holds) and the gazetteer's
reference layer (which places to label in it), so both agree on what "in view" means.
"""

from __future__ import annotations

import numpy as np

__all__ = ["TILE_PX", "degrees_per_pixel", "in_view_box", "mercator_pixels"]

TILE_PX = 256
"""Side of a map tile in pixels: the whole world is this wide at zoom 0."""


def degrees_per_pixel(zoom: int) -> float:
    """Return how many degrees of longitude one screen pixel spans at ``zoom``."""
    return 360.0 / (TILE_PX * 2.0 ** max(zoom, 0))


def in_view_box(
    lat: np.ndarray, lon: np.ndarray, south: float, west: float, north: float, east: float
) -> np.ndarray:
    """Return which points lie in a view box; longitudes past ±180 (a wrapped view) fold back."""
    if east - west >= 360:
        lon_ok = np.ones(len(lon), dtype=bool)
    else:
        w = ((west + 180) % 360) - 180
        e = ((east + 180) % 360) - 180
        lon_ok = (lon >= w) & (lon <= e) if w <= e else (lon >= w) | (lon <= e)
    result: np.ndarray = (lat >= south) & (lat <= north) & lon_ok
    return result


def mercator_pixels(lat: np.ndarray, lon: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Return Web Mercator pixel coordinates (x, y) at ``zoom``: the map's own projection."""
    scale = TILE_PX * 2.0 ** max(zoom, 0)
    x = (lon + 180.0) / 360.0 * scale
    s = np.sin(np.radians(np.clip(lat, -85.0, 85.0)))
    y = (0.5 - np.log((1 + s) / (1 - s)) / (4 * np.pi)) * scale
    return x, y
