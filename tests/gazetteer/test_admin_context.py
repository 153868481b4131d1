"""Village-scale imports speak the base index's area names and give areas their extent."""

from __future__ import annotations

from pathlib import Path

import pytest

from strikemap.gazetteer._store import write_index
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.importers import import_geonames
from strikemap.gazetteer.index import load_gazetteer
from strikemap.model import Place


def _row(
    gid: int, name: str, lat: float, lon: float, fcl: str, fcode: str, a1: str, a2: str = ""
) -> str:
    cols = [str(gid), name, name, "", str(lat), str(lon), fcl, fcode, "UA", "", a1, a2, "", "",
            "0", "", "100", "Europe/Kyiv", "2024-01-01"]  # fmt: skip
    return "\t".join(cols)


@pytest.fixture()
def gdir(tmp_path: Path) -> Path:
    base = Place(
        "gn-admin1:UA.21", "Sumy Oblast", "admin1", "UA", 50.9, 34.8, admin1="Sumy Oblast",
        alt_names=("Sumy",), uncertainty_km=120.0, source="test",
    )  # fmt: skip
    write_index(tmp_path / "index.sqlite", [base], {"kind": "test"})
    dump = tmp_path / "UA.txt"
    dump.write_text(
        "\n".join(
            [
                _row(692196, "Sumska Oblast", 51.08, 34.03, "A", "ADM1", "21"),
                _row(1, "Popivka", 50.50, 35.45, "P", "PPL", "21", "5904"),
                _row(2, "Popivka", 51.23, 33.11, "P", "PPLA3", "21", "5902"),
                _row(3, "Okhtyrskyi Raion", 50.30, 34.90, "A", "ADM2", "21", "5904"),
                _row(4, "Trostianets", 50.48, 34.96, "P", "PPL", "21", "5904"),
                _row(706482, "Zapovidna Oblast", 49.62, 36.50, "A", "ADM1", "97"),
                _row(5, "Zemlianky", 50.39, 37.45, "P", "PPL", "97", "6314"),
            ]
        )
        + "\n"
    )
    import_geonames(dump, directory=tmp_path, name="ua")
    return tmp_path


def test_places_take_the_base_name_of_their_first_level_area(gdir: Path):
    gaz = load_gazetteer(gdir, build=False)
    popivkas = [c.place for c in gaz.lookup("Popivka") if c.place.kind != "admin1"]
    assert {p.admin1 for p in popivkas} == {"Sumy Oblast"}
    # An area the base lacks keeps GeoNames' own name.
    (zemlianky,) = [c.place for c in gaz.lookup("Zemlianky")]
    assert zemlianky.admin1 == "Zapovidna Oblast"


def test_an_area_the_base_has_is_merged_not_duplicated(gdir: Path):
    gaz = load_gazetteer(gdir, build=False)
    ids = {c.place.id for c in gaz.lookup("Sumska Oblast") if c.place.kind == "admin1"}
    assert ids == {"gn-admin1:UA.21"}
    merged = gaz.lookup("Sumska Oblast")[0].place
    assert merged.name == "Sumy Oblast" and "Sumska Oblast" in merged.alt_names


def test_administrative_units_cover_their_member_places(gdir: Path):
    gaz = load_gazetteer(gdir, build=False)
    (raion,) = [c.place for c in gaz.lookup("Okhtyrskyi Raion")]
    members = [(50.50, 35.45), (50.48, 34.96)]
    far = max(haversine_km(raion.lat, raion.lon, la, lo) for la, lo in members)
    assert raion.uncertainty_km is not None and raion.uncertainty_km >= far
    # Not the old fixed 15 km for every raion.
    assert raion.uncertainty_km > 15.0
