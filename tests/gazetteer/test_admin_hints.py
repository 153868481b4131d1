"""Admin hints and containers: area names read from kind words and compass forms, an
unknown part of a named city ("X, City") or an unknown neighbourhood placed at the city,
district kind words picking their level, a province named like its capital, and a divided
area taking in its named part."""

from __future__ import annotations

import pytest

from sample_gazetteers import qarn_index, region_index, syrian_city_index, war_zone_index
from strikemap.gazetteer.base import Resolution, ResolveContext
from strikemap.gazetteer.build import admin_compass_form, admin_short_name
from strikemap.gazetteer.index import Gazetteer

SY = ("SY",)


@pytest.fixture(scope="module")
def syrian_cities(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return syrian_city_index(tmp_path_factory.mktemp("syrian-cities"))


@pytest.fixture(scope="module")
def qarn(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return qarn_index(tmp_path_factory.mktemp("qarn"))


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return region_index(tmp_path_factory.mktemp("regions"))


@pytest.fixture(scope="module")
def war_zones(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return war_zone_index(tmp_path_factory.mktemp("war-zones"))


def _resolve(
    gaz: Gazetteer, name: str, countries: tuple[str, ...], hint: str | None = None
) -> Resolution:
    return gaz.resolve(name, ResolveContext(countries=countries, admin_hint=hint))


def _resolve_in_qarn(gaz: Gazetteer, name: str) -> tuple[str | None, str | None]:
    res = gaz.resolve(name, ResolveContext(countries=("YE",), admin_hint="Qarn"))
    fb = res.fallback.place_id if res.fallback is not None else None
    return (res.location.place_id if res.location is not None else None), fb


# ---------------------------------------------------------------- area names
def test_admin_short_name_strips_kind_words() -> None:
    assert admin_short_name("Wilayat-e Baghlan") == "Baghlan"
    assert admin_short_name("Province du Sanmatenga") == "Sanmatenga"
    assert admin_short_name("Kozelshchyna Raion") == "Kozelshchyna"
    assert admin_short_name("Aleppo") is None


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("Northern Darfur", "North Darfur"),
        ("North Darfur", "Northern Darfur"),
        ("Southern Kordofan", "South Kordofan"),
        ("East Azerbaijan Province", "Eastern Azerbaijan Province"),
        ("western Cape", "West Cape"),
        ("Northampton", None),
        ("North", None),
    ],
)
def test_admin_compass_form(name: str, other: str | None) -> None:
    assert admin_compass_form(name) == other


# ---------------------------------------------------------------- "X, City"
@pytest.mark.parametrize(
    ("name", "city"),
    [
        ("Al-Maydan, Damascus", "t:dmc"),  # a city governorate: any X in it is in the city
        ("al Hafez street, Tishreen neighbourhood, eastern Damascus", "t:dmc"),
        ("Al Qariya, Tabaqa", "t:tbq"),  # a town that names no admin area
        ("Jisr al-Haj neighbourhood, Aleppo", "t:alc"),
    ],
)
def test_unknown_part_of_a_named_city_falls_back_to_the_city(
    syrian_cities: Gazetteer, name: str, city: str
) -> None:
    loc = syrian_cities.resolve(name, ResolveContext(countries=SY)).location
    assert loc is not None and loc.place_id == city, name
    assert loc.precision == "town" and "not in gazetteer" in loc.reason
    assert loc.name == name


@pytest.mark.parametrize("name", ["Bibaka, Aleppo", "Kafr Halab village, Aleppo"])
def test_unknown_place_named_with_a_governorate_city_is_not_put_in_the_city(
    syrian_cities: Gazetteer, name: str
) -> None:
    # Without an intra-urban kind word X may be any village of Aleppo governorate; a
    # settlement word says so outright. The governorate is all that is supported.
    res = syrian_cities.resolve(name, ResolveContext(countries=SY))
    assert res.location is None
    assert res.fallback is not None and res.fallback.precision == "admin1"


def test_container_vetoes_a_far_namesake(syrian_cities: Gazetteer) -> None:
    ctx = ResolveContext(countries=SY, admin_hint="Aleppo")
    loc = syrian_cities.resolve("Bab al Hadid neighbourhood, Aleppo", ctx).location
    assert loc is not None and loc.place_id == "t:alc"
    assert "container is preferred" in loc.reason and "km from Aleppo" in loc.reason
    # The village itself is still found when named alone.
    village = syrian_cities.resolve("Bab al Hadid", ctx).location
    assert village is not None and village.place_id == "t:bab"


def test_relation_after_the_comma_is_no_container(syrian_cities: Gazetteer) -> None:
    # "X, north of Y" puts X somewhere north of Y, not inside Y.
    res = syrian_cities.resolve("Tbeesh, north of Tall Rifaat", ResolveContext(countries=SY))
    assert res.location is None


# ---------------------------------------------------------------- the hint's seat city
@pytest.mark.parametrize(
    ("name", "hint", "city"),
    [
        ("Al Badou neighbourhood", "Ar Raqqah", "t:rqc"),
        ("Al Naim roundabout", "Raqqa", "t:rqc"),
        ("Hai al Sinaa", "Aleppo", "t:alc"),
    ],
)
def test_unknown_neighbourhood_goes_to_the_seat_city_of_the_hint(
    syrian_cities: Gazetteer, name: str, hint: str, city: str
) -> None:
    loc = syrian_cities.resolve(name, ResolveContext(countries=SY, admin_hint=hint)).location
    assert loc is not None and loc.place_id == city
    assert "not in the gazetteer" in loc.reason and hint in loc.reason
    assert loc.precision == "town"


def test_seat_city_needs_a_kind_word_and_a_dominant_seat(syrian_cities: Gazetteer) -> None:
    # A bare unknown name in a governorate is usually a village: not placed.
    assert (
        syrian_cities.resolve("Al Badou", ResolveContext(countries=SY, admin_hint="Raqqa")).location
        is None
    )
    # Hasakah governorate also holds Qamishli (not 3x smaller): a neighbourhood may be
    # in either city.
    res = syrian_cities.resolve(
        "Jarnak neighbourhood", ResolveContext(countries=SY, admin_hint="Hasakah")
    )
    assert res.location is None and res.fallback is not None


# ---------------------------------------------------------------- district kind words
def test_district_word_refuses_a_loosely_spelled_town(qarn: Gazetteer) -> None:
    # "Haydan" meets the village "Khaydan" only through the kh/h skeleton rule: as a
    # district it is another area, left to the governorate fallback.
    assert _resolve_in_qarn(qarn, "Haydan")[0] == "t:kh"
    assert _resolve_in_qarn(qarn, "Haydan district") == (None, "t:gov")
    # The town spelled exactly as the district still stands for it.
    assert _resolve_in_qarn(qarn, "Khaydan district")[0] == "t:kh"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hasakah District", "t:sy0800"),  # the mintaqa (admin2)
        ("Hasakah Subdistrict", "t:sy080000"),  # the nahiya (admin3)
    ],
)
def test_district_word_picks_its_level(regions: Gazetteer, name: str, expected: str) -> None:
    loc = regions.resolve(name, ResolveContext(countries=("SY",))).location
    assert loc is not None
    assert loc.place_id == expected
    assert loc.precision == "district"


# ---------------------------------------------------------------- provinces and capitals
@pytest.mark.parametrize(
    ("name", "expected", "precision"),
    [
        ("Hodeidah", "t:hud", "town"),  # bare: the city at the province's capital
        ("Hodeidah province", "t:hud-gov", "admin1"),
    ],
)
def test_bare_province_name_means_the_city_at_its_capital(
    regions: Gazetteer, name: str, expected: str, precision: str
) -> None:
    loc = regions.resolve(name, ResolveContext(countries=("YE",))).location
    assert loc is not None
    assert (loc.place_id, loc.precision) == (expected, precision)


def test_divided_area_hint_takes_in_its_named_part(war_zones: Gazetteer) -> None:
    # "Kashmir" resolves to India's admin1; Muzaffarabad lies in Pakistan's "Azad Kashmir".
    res = _resolve(war_zones, "Muzaffarabad", ("IN", "PK"), hint="Kashmir")
    assert res.location is not None and res.location.place_id == "t:muzaffarabad"
