"""Unit tests of the second gazetteer pass: array store, caches, admin1 derivation,
region hints, sub-areas of cities, fuzzy spelling inside a named province."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from strikemap.gazetteer._store import (
    keys_path,
    open_arrays,
    skeleton_deletions,
    write_index,
)
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.build import admin1_point, geonames_admin1_names, read_curated
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index import Gazetteer, load_gazetteer
from strikemap.model import Place

FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"


def _gaz(d: Path, extra: tuple[Place, ...] = (), **kw: int) -> Gazetteer:
    places, _ = read_curated(FIXTURES / "places.csv")
    write_index(d / "index.sqlite", [*places, *extra], {"kind": "test"})
    return load_gazetteer(d, build=False, **kw)


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    hama_gov = Place(
        "cur:sy-hama-gov", "Hama Governorate", "admin1", "SY", 35.1318, 36.7578,
        admin1="Hama Governorate", alt_names=("Hama",), uncertainty_km=62.0, source="curated",
    )  # fmt: skip
    hama = Place(
        "gn:170017x", "Hama", "city", "SY", 35.1318, 36.7578, admin1="Hama Governorate",
        population=696_863, uncertainty_km=6.0,
    )  # fmt: skip
    latamneh = Place(
        "ocha:C3100", "Latamneh", "village", "SY", 35.32, 36.62, admin1="Hama Governorate",
        uncertainty_km=2.0, source="ocha-cod",
    )  # fmt: skip
    latmana_idlib = Place(
        "ocha:C9999", "Lataminah", "village", "SY", 35.9, 36.4, admin1="Idlib Governorate",
        uncertainty_km=2.0, source="ocha-cod",
    )  # fmt: skip
    return _gaz(tmp_path_factory.mktemp("gaz2"), (hama_gov, hama, latamneh, latmana_idlib))


# ---------------------------------------------------------------- array store
def test_array_file_is_memory_mapped_and_sorted(gaz: Gazetteer) -> None:
    a = gaz._dbs[0].arr.a
    for prefix in ("k", "s", "f", "sp"):
        h = a[f"{prefix}_hash"]
        assert len(h) == len(a[f"{prefix}_val"]) > 0
        assert np.all(h[1:] >= h[:-1])
    assert not a["lat"].flags.writeable  # a view on the read-only map, not a copy
    assert gaz.count() == len(a["lat"])


def test_wrong_array_format_is_a_clear_error(tmp_path: Path) -> None:
    _gaz(tmp_path)
    keys_path(tmp_path / "index.sqlite").write_bytes(b"\x02\x00\x00\x00\x00\x00\x00\x00{}")
    with pytest.raises(ValueError, match="array format"):
        open_arrays(keys_path(tmp_path / "index.sqlite"))
    with pytest.raises(FileNotFoundError, match="older strikemap"):
        load_gazetteer(tmp_path, build=False)


def test_skeleton_deletions_only_for_long_latin_skeletons() -> None:
    assert skeleton_deletions("hms") == set()
    assert skeleton_deletions("kfrnbl") >= {"frnbl", "kfrnb", "kfnbl"}
    assert len(skeleton_deletions("kfrnbl")) == 6


def test_caches_do_not_change_answers(gaz: Gazetteer, tmp_path: Path) -> None:
    cold = _gaz(tmp_path, place_cache=0, rank_cache=0)
    for name, cc in (("Kafr Nabl", "SY"), ("Kafranbek", "SY"), ("Homs", None), ("Zzz", None)):
        warm = [(c.place.id, c.confidence, c.reason) for c in gaz.lookup(name, country=cc)]
        again = [(c.place.id, c.confidence, c.reason) for c in gaz.lookup(name, country=cc)]
        nocache = [(c.place.id, c.confidence, c.reason) for c in cold.lookup(name, country=cc)]
        assert warm == again == nocache
    assert cold._ranks == {} and cold._places == {}
    gaz.clear_caches()
    assert not gaz._ranks


# ---------------------------------------------------------------- admin1 derivation
def test_geonames_admin1_names_by_majority_of_matched_cities() -> None:
    cities = [
        {"countrycode": "SY", "admin1code": "11", "latitude": 34.7268, "longitude": 36.7234},
        {"countrycode": "SY", "admin1code": "11", "latitude": 34.5624, "longitude": 38.2840},
        {"countrycode": "SY", "admin1code": "10", "latitude": 35.1318, "longitude": 36.7578},
        {"countrycode": "SY", "admin1code": "00", "latitude": 34.8406, "longitude": 36.7309},
        {"countrycode": "UA", "admin1code": "05", "latitude": 10.0, "longitude": 10.0},
    ]
    names = geonames_admin1_names(cities, FIXTURES / "rg_cities_sample.csv")
    assert names == {("SY", "11"): "Homs", ("SY", "10"): "Hama"}
    assert geonames_admin1_names(cities, None) == {}


def test_admin1_point_prefers_namesake_capital_and_covers_area() -> None:
    members = [(34.73, 36.72, 775_000), (34.56, 38.28, 900_000), (34.84, 36.73, 20_000)]
    lat, lon, radius = admin1_point(members, ["Homs", "Big Town", "Tallbisah"], "Homs")
    assert (lat, lon) == (34.73, 36.72)
    assert radius >= haversine_km(34.73, 36.72, 34.84, 36.73)
    lat2, _lon2, _r = admin1_point(members)  # no names: the largest city
    assert lat2 == 34.56
    assert admin1_point([(1.0, 1.0, 5)])[2] == 10.0  # never below 10 km


# ---------------------------------------------------------------- resolving
def test_region_hint_means_the_province(gaz: Gazetteer) -> None:
    loc = gaz.resolve("Hama region", ResolveContext(countries=("SY",))).location
    assert loc is not None and loc.place_id == "cur:sy-hama-gov"
    assert loc.precision == "admin1" and "region" in loc.reason
    city = gaz.resolve("Hama", ResolveContext(countries=("SY",))).location
    assert city is not None and city.place_id == "gn:170017x"


def test_named_sub_area_of_a_city_is_placed_at_the_city(gaz: Gazetteer) -> None:
    for name in ("Bazza Square, Homs", "Al Mashad neighbourhood, Homs", "Homs: Ziban street"):
        loc = gaz.resolve(name, ResolveContext(countries=("SY",))).location
        assert loc is not None and loc.place_id == "gn:169577", name
        assert "sub-area" in loc.reason and loc.precision == "town"
    # A village named with its province is not a sub-area: admin1 fallback only.
    res = gaz.resolve("Karhouk, Homs", ResolveContext(countries=("SY",)))
    assert res.location is None and res.fallback is not None
    assert res.fallback.precision == "admin1"


def test_close_spelling_inside_the_named_province(gaz: Gazetteer) -> None:
    ctx = ResolveContext(countries=("SY",), admin_hint="Hama")
    loc = gaz.resolve("Latamna", ctx).location
    assert loc is not None and loc.place_id == "ocha:C3100"
    # Without the hint the exact homonym elsewhere is not overridden by a spelling.
    other = gaz.resolve("Lataminah", ResolveContext(countries=("SY",))).location
    assert other is not None and other.place_id == "ocha:C9999"


def test_spot_stops_names_at_ordinary_lower_case_words(gaz: Gazetteer) -> None:
    ms = gaz.spot("Strikes hit Homs yesterday and Jisr al-Shughur.")
    assert [m.surface for m in ms] == ["Homs", "Jisr al-Shughur"]
