"""Small spherical-geometry helpers (lat/lon in degrees, distances in km)."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088

BEARINGS: dict[str, float] = {
    "north": 0.0,
    "n": 0.0,
    "north-north-east": 22.5,
    "nne": 22.5,
    "north-east": 45.0,
    "ne": 45.0,
    "east-north-east": 67.5,
    "ene": 67.5,
    "east": 90.0,
    "e": 90.0,
    "east-south-east": 112.5,
    "ese": 112.5,
    "south-east": 135.0,
    "se": 135.0,
    "south-south-east": 157.5,
    "sse": 157.5,
    "south": 180.0,
    "s": 180.0,
    "south-south-west": 202.5,
    "ssw": 202.5,
    "south-west": 225.0,
    "sw": 225.0,
    "west-south-west": 247.5,
    "wsw": 247.5,
    "west": 270.0,
    "w": 270.0,
    "west-north-west": 292.5,
    "wnw": 292.5,
    "north-west": 315.0,
    "nw": 315.0,
    "north-north-west": 337.5,
    "nnw": 337.5,
}
"""Compass words to degrees clockwise from north."""


def bearing_degrees(bearing: str) -> float | None:
    """Return degrees for a compass word ("south-east", "southeast", "SE", "northern").

    Parameters
    ----------
    bearing
        As written.

    Returns
    -------
    float or None
        Degrees clockwise from north, ``None`` when not a compass direction.
    """
    b = bearing.strip().lower().replace(" ", "-").replace("_", "-")
    for suffix in ("ern", "erly", "wards", "ward"):
        if b.endswith(suffix) and b[: -len(suffix)] in BEARINGS:
            b = b[: -len(suffix)]
    if b in BEARINGS:
        return BEARINGS[b]
    for a in ("north", "south"):
        for c in ("east", "west"):
            if b == a + c:
                return BEARINGS[f"{a}-{c}"]
    return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def destination(
    lat: float, lon: float, bearing_deg: float, distance_km: float
) -> tuple[float, float]:
    """Return the point ``distance_km`` from (lat, lon) along ``bearing_deg``."""
    d = distance_km / EARTH_RADIUS_KM
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


def midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """Return the great-circle midpoint of two points."""
    p1, l1, p2 = math.radians(lat1), math.radians(lon1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    bx = math.cos(p2) * math.cos(dl)
    by = math.cos(p2) * math.sin(dl)
    p3 = math.atan2(math.sin(p1) + math.sin(p2), math.sqrt((math.cos(p1) + bx) ** 2 + by**2))
    l3 = l1 + math.atan2(by, math.cos(p1) + bx)
    return math.degrees(p3), (math.degrees(l3) + 540) % 360 - 180
