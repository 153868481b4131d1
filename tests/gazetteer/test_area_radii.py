"""Area radii cover their area: a band of member spacings beyond the farthest member
(mis-coded outliers ignored), and the farthest polygon vertex for imported boundaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Polygon

from sample_gazetteers import QARN_PLACES
from strikemap.gazetteer._store import write_index
from strikemap.gazetteer.build import covering_radius_km, member_spacing_km
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.import_ocha import far_vertex_km
from strikemap.gazetteer.importers import import_ocha
from strikemap.gazetteer.index import load_gazetteer

# A 5 x 5 grid of villages 0.1 degree apart (~11 km north-south, ~9 km east-west at 35 N).
GRID = [(35.0 + 0.1 * i, 40.0 + 0.1 * j) for i in range(5) for j in range(5)]


def test_member_spacing_is_the_square_root_of_hull_area_per_member() -> None:
    s = member_spacing_km(GRID)
    # Hull 0.4 x 0.4 degree (~44 x 36 km) shared by 25 villages: ~8 km each way.
    assert 7.0 < s < 9.5
    # The same town listed twice (two city lists) counts once.
    assert member_spacing_km([*GRID, *GRID]) == pytest.approx(s)
    # Fewer than three places, or places on one line, span no area.
    assert member_spacing_km(GRID[:2]) == 0.0
    assert member_spacing_km([(35.0, 40.0 + 0.1 * j) for j in range(6)]) == 0.0


def test_covering_radius_reaches_the_farthest_member_but_not_outliers() -> None:
    members = [(50.0, 36.0 + 0.1 * i) for i in range(20)]
    r = covering_radius_km(50.0, 36.0, members)
    assert r >= haversine_km(50.0, 36.0, 50.0, 37.9)
    with_outlier = covering_radius_km(50.0, 36.0, [*members, (10.0, 10.0)])
    assert with_outlier == r  # a mis-coded point thousands of km off is ignored
    assert covering_radius_km(50.0, 36.0, [], floor_km=120.0) == 120.0


def test_covering_radius_reaches_past_the_farthest_member() -> None:
    centre = (35.2, 40.2)
    far = max(haversine_km(*centre, *p) for p in GRID)
    r = covering_radius_km(*centre, GRID, floor_km=0.0)
    s = member_spacing_km(GRID)
    # The border lies beyond the outermost village: two spacings of edge band.
    assert r == pytest.approx(far + 2 * s, abs=0.1)
    # Still capped by nothing but the members: a far floor wins, a near one does not.
    assert covering_radius_km(*centre, GRID, floor_km=500.0) == 500.0
    assert covering_radius_km(*centre, GRID, floor_km=1.0) == r


def test_far_vertex_radius_covers_an_elongated_polygon() -> None:
    # A 2 x 0.2 degree strip: sqrt(area)/2 (~21 km) is far short of its ends (~91 km).
    strip = Polygon([(40.0, 35.0), (42.0, 35.0), (42.0, 35.2), (40.0, 35.2)])
    c = strip.centroid
    r = far_vertex_km(c.y, c.x, strip)
    corners = [haversine_km(c.y, c.x, lat, lon) for lat in (35.0, 35.2) for lon in (40.0, 42.0)]
    assert max(corners) <= r <= max(corners) + 0.1  # rounded up, never down
    assert far_vertex_km(c.y, c.x, Polygon()) == 0.0


def test_imported_boundary_radius_covers_its_corners(tmp_path: Path) -> None:
    ring = [[40.0, 35.0], [42.0, 35.0], [42.0, 35.2], [40.0, 35.2], [40.0, 35.0]]
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"NAME_EN": "Strip", "PCODE": "SY99"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    gdir = tmp_path / "gaz"
    gdir.mkdir()
    write_index(gdir / "index.sqlite", QARN_PLACES, {"kind": "test"})
    src = tmp_path / "strip_admin1.geojson"
    src.write_text(json.dumps(fc), encoding="utf-8")
    import_ocha(src, directory=gdir)
    g = load_gazetteer(gdir, build=False)
    try:
        (cand,) = [c for c in g.lookup("Strip", country="SY") if c.place.kind == "admin1"]
        pl = cand.place
        assert pl.uncertainty_km is not None
        for lon, lat in ring:
            assert haversine_km(pl.lat, pl.lon, lat, lon) <= pl.uncertainty_km
    finally:
        g.close()
