"""Names written as phrases around a place: city districts and quarters, possessives
("Beirut's Haret Hreik district"), facilities named after a town, names listed only with
qualifiers, descriptive wrappers ("city centre of", "desert of"), neighbourhoods of a city,
and kind words that exclude neighbourhoods."""

from __future__ import annotations

from pathlib import Path

import pytest

from sample_gazetteers import (
    built_index,
    idlib_index,
    index_from_rows,
    lookalike_index,
    raqqa_index,
    region_index,
    syrian_city_index,
)
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Place

SY = ("SY",)


@pytest.fixture(scope="module")
def lookalikes(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return lookalike_index(tmp_path_factory.mktemp("lookalikes"))


@pytest.fixture(scope="module")
def idlib(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return idlib_index(tmp_path_factory.mktemp("idlib"))


@pytest.fixture(scope="module")
def syrian_cities(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return syrian_city_index(tmp_path_factory.mktemp("syrian-cities"))


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return raqqa_index(tmp_path_factory.mktemp("raqqa"))


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return region_index(tmp_path_factory.mktemp("regions"))


def _ctx(*countries: str, hint: str | None = None, kind: str | None = None) -> ResolveContext:
    return ResolveContext(countries=countries, admin_hint=hint, kind_hint=kind)


def _sy_ctx(hint: str | None = None) -> ResolveContext:
    return ResolveContext(countries=("SY",), admin_hint=hint)


def _sy() -> ResolveContext:
    return ResolveContext(countries=("SY",))


# ---------------------------------------------------------------- districts, quarters
def test_city_district_is_the_city_with_a_district_radius(lookalikes: Gazetteer) -> None:
    loc = lookalikes.resolve("Donetsk - Kirovskyi", _ctx("UA", hint="Donetsk")).location
    assert loc is not None and loc.place_id == "gn:1"
    assert loc.uncertainty_km >= 20 and "district of Donetsk" in loc.reason


def test_quarter_named_after_its_city(lookalikes: Gazetteer) -> None:
    loc = lookalikes.resolve("Mosul al-Jadida", _ctx("IQ")).location
    assert loc is not None and loc.place_id == "gn:50" and loc.precision == "town"
    assert "begins with the city 'Mosul'" in loc.reason
    # A name starting with a generic word ("Tal") is not a quarter of "At Tall".
    assert lookalikes.resolve("Tal al Hadya", _ctx("SY")).location is None


@pytest.mark.parametrize("name", ["Nikopol city centre", "old city of Nikopol", "Nikopol old city"])
def test_centre_and_old_city_of_a_town_are_in_the_town(regions: Gazetteer, name: str) -> None:
    loc = regions.resolve(name, ResolveContext(countries=("UA",))).location
    assert loc is not None
    assert (loc.precision, loc.lat, loc.lon) == ("town", 47.57, 34.40)


# ---------------------------------------------------------------- possessives, facilities
@pytest.mark.parametrize(
    ("name", "precision", "reason"),
    [
        ("Beirut's Haret Hreik district", "town", "district of Beirut"),  # a part of the city
        ("Nikopol's outskirts", "relative", "outskirts of anchor"),
        ("Nikopol's airport", "relative", "usually lie outside the town"),
    ],
)
def test_possessive_names(regions: Gazetteer, name: str, precision: str, reason: str) -> None:
    loc = regions.resolve(name, ResolveContext(countries=("LB", "UA"))).location
    assert loc is not None
    assert loc.name == name
    assert loc.precision == precision
    assert reason in loc.reason


@pytest.mark.parametrize(
    ("name", "precision"),
    [
        ("Nikopol airport", "relative"),  # usually outside the town: near it
        ("Nikopol International Airport", "relative"),
        ("Nikopol air base", "relative"),
        ("Nikopol thermal power plant", "relative"),
        ("Nikopol hospital", "town"),  # in the town: the town's circle
    ],
)
def test_facility_named_after_a_town(regions: Gazetteer, name: str, precision: str) -> None:
    loc = regions.resolve(name, ResolveContext(countries=("UA",))).location
    assert loc is not None
    assert (loc.lat, loc.lon) == (47.57, 34.40)
    assert loc.precision == precision
    assert (loc.uncertainty_km > 10) == (precision == "relative")


# ---------------------------------------------------------------- qualifiers
def test_bare_name_listed_only_with_qualifiers_gives_the_pair(idlib: Gazetteer) -> None:
    res = idlib.resolve("Baqras", _sy_ctx("Aleppo"))
    loc = res.location
    assert loc is not None and loc.place_id is None
    assert "qualifier" in loc.reason
    for lat, lon in ((35.10, 40.40), (35.06, 40.42)):
        assert haversine_km(loc.lat, loc.lon, lat, lon) <= loc.uncertainty_km


def test_qualified_namesakes_far_apart_are_not_placed(idlib: Gazetteer) -> None:
    assert idlib.resolve("Hamra", _sy_ctx("Idlib")).location is None


# ---------------------------------------------------------------- wrappers
def test_city_centre_wrapper_resolves_the_place(syrian_cities: Gazetteer) -> None:
    loc = syrian_cities.resolve("city centre of Tal Rifaat", ResolveContext(countries=SY)).location
    assert loc is not None and loc.place_id == "t:rif"


@pytest.mark.parametrize("name", ["Desert of Tal Rifaat town", "in the area of Tal Rifaat"])
def test_desert_and_area_of_are_relative_to_the_place(syrian_cities: Gazetteer, name: str) -> None:
    loc = syrian_cities.resolve(name, ResolveContext(countries=SY)).location
    assert loc is not None and loc.precision == "relative"
    assert loc.anchor_name == "Tall Rifaat"
    assert loc.uncertainty_km >= 10.0  # the anchor's radius widened, never narrowed
    assert haversine_km(loc.lat, loc.lon, 36.47, 37.09) < 1.0


# ---------------------------------------------------------------- neighbourhoods
def test_x_neighbourhood_of_city_is_located_at_the_city(sides: Gazetteer) -> None:
    loc = sides.resolve("the Hamidiya neighbourhood of Raqqa", _sy()).location
    assert loc is not None and loc.precision == "town" and loc.place_id == "gn:raqqa"
    assert "sub-area" in loc.reason
    # The city must be known: the neighbourhood's name alone may be a village elsewhere.
    assert sides.resolve("Tabqa neighbourhood of Qamishi", _sy()).location is None


def test_a_village_kind_word_excludes_neighbourhoods(tmp_path: Path) -> None:
    nb = Place(
        "ocha:C1", "Talbani", "neighbourhood", "SY", 33.5, 36.3, admin1="Damascus Governorate",
        uncertainty_km=1.0, source="ocha-cod",
    )  # fmt: skip
    g = built_index(tmp_path, [nb])
    assert g.resolve("Talbani", _sy()).location is not None
    assert g.resolve("Talbani village", _sy()).location is None


@pytest.mark.parametrize("kind", ["camp", "neighbourhood", "quarter"])
def test_a_camp_or_a_neighbourhood_is_never_an_area(tmp_path: Path, kind: str) -> None:
    rows = [("t:shati", "Shati", "admin1", "LY", 27.5, 14.2, "Shati", 0, ())]
    gaz = index_from_rows(tmp_path, rows, 2.0)
    ctx = ResolveContext(countries=("LY",))
    assert gaz.resolve("Shati", ctx).location is not None  # the area, as a bare name
    written = ResolveContext(countries=("LY",), kind_hint=kind)
    assert gaz.resolve("Shati", written).location is None  # "the Shati refugee camp"
