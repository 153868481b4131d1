"""Relative locations: compass words (16-point abbreviations and adjectives), distances
along a bearing ("20 km SSE of X"), sides and outskirts of towns, provinces and countries,
and nested relations (a few resolve, deep or huge ones are refused without a crash)."""

from __future__ import annotations

import pytest

from sample_gazetteers import raqqa_index, region_index
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.geo import bearing_degrees, haversine_km
from strikemap.gazetteer.index import Gazetteer
from strikemap.gazetteer.name_phrases import bearing_word


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return raqqa_index(tmp_path_factory.mktemp("raqqa"))


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return region_index(tmp_path_factory.mktemp("regions"))


def _sy() -> ResolveContext:
    return ResolveContext(countries=("SY",))


# ---------------------------------------------------------------- compass words
@pytest.mark.parametrize(
    ("word", "bearing"),
    [
        ("eastern", "east"),
        ("northern", "north"),
        ("north-eastern", "north-east"),
        ("SW", "south-west"),
    ],
)
def test_bearing_word_reads_adjectives(word: str, bearing: str) -> None:
    assert bearing_word(word) == bearing


@pytest.mark.parametrize(
    ("word", "degrees"),
    [("SSE", 157.5), ("wnw", 292.5), ("south-south-east", 157.5), ("ENE", 67.5), ("NE", 45.0)],
)
def test_sixteen_point_compass_words(word: str, degrees: float) -> None:
    assert bearing_degrees(bearing_word(word) or "") == degrees


def test_distance_along_a_sixteen_point_bearing(regions: Gazetteer) -> None:
    res = regions.resolve("20 km SSE of Zaporizhzhya", ResolveContext(countries=("UA",)))
    loc = res.location
    assert loc is not None
    assert loc.precision == "relative"
    assert loc.bearing == "south-south-east"
    assert loc.lat < 47.85 and loc.lon > 35.12  # south, a little east
    assert haversine_km(47.85, 35.12, loc.lat, loc.lon) == pytest.approx(20.0, abs=0.1)


# ---------------------------------------------------------------- sides of towns
def test_side_outskirts_move_the_anchor_radius_towards_that_side(sides: Gazetteer) -> None:
    loc = sides.resolve("the eastern outskirts of Tabqa", _sy()).location
    assert loc is not None and loc.precision == "relative" and loc.anchor_name == "Tabqa"
    assert loc.lon > 38.55 and abs(loc.lat - 35.84) < 0.01  # 3 km east
    assert loc.uncertainty_km == pytest.approx(6.0)
    assert "eastern outskirts of anchor" in loc.reason


def test_side_of_another_town_is_the_town_circle(sides: Gazetteer) -> None:
    loc = sides.resolve("northern Tabqa", _sy()).location
    assert loc is not None and loc.precision == "relative"
    assert (loc.lat, loc.lon, loc.uncertainty_km) == (35.84, 38.55, 3.0)


def test_side_of_a_big_city_is_part_of_the_city(regions: Gazetteer) -> None:
    loc = regions.resolve("eastern Beirut", ResolveContext(countries=("LB",))).location
    assert loc is not None
    assert loc.precision == "relative"
    assert (loc.lat, loc.lon) == (33.893, 35.502)


# ---------------------------------------------------------------- sides of areas
def test_side_of_a_governorate_is_the_governorate_said_so(sides: Gazetteer) -> None:
    for text in ("western countryside of Raqqa", "eastern Raqqa countryside"):
        loc = sides.resolve(text, _sy()).location
        assert loc is not None and loc.precision == "admin1", text
        assert "part of Raqqa Governorate" in loc.reason


def test_side_of_a_town_named_like_its_governorate_is_the_governorate(sides: Gazetteer) -> None:
    loc = sides.resolve("southern Raqqa", _sy()).location
    assert loc is not None and loc.precision == "admin1"
    assert "the area holds both" in loc.reason


def test_one_governorate_from_two_sources_is_not_ambiguous(sides: Gazetteer) -> None:
    loc = sides.resolve("Raqqa countryside", _sy()).location
    assert loc is not None and loc.precision == "admin1"


@pytest.mark.parametrize("name", ["southern Nabatieh", "south Nabatieh Governorate"])
def test_side_of_a_province_is_where_its_places_on_that_side_lie(
    regions: Gazetteer, name: str
) -> None:
    loc = regions.resolve(name, ResolveContext(countries=("LB",))).location
    assert loc is not None
    assert loc.precision == "region"
    # The five southern villages lie at 33.20-33.24 N: the part's centre is theirs,
    # its circle holds them and not the northern ones.
    assert loc.lat == pytest.approx(33.22, abs=0.01)
    assert loc.uncertainty_km < haversine_km(loc.lat, loc.lon, 33.50, 35.45)


def test_central_part_is_the_half_nearest_the_centre(regions: Gazetteer) -> None:
    loc = regions.resolve("central Nabatieh", ResolveContext(countries=("LB",))).location
    assert loc is not None
    assert loc.precision == "region"
    assert 33.25 < loc.lat < 33.45


def test_area_listing_too_few_places_keeps_its_circle(regions: Gazetteer) -> None:
    loc = regions.resolve("northern Beirut Governorate", ResolveContext(countries=("LB",))).location
    assert loc is not None
    assert loc.precision == "admin1"
    assert (loc.lat, loc.lon) == (33.89, 35.50)


def test_side_of_a_country_moves_but_stays_country_level(regions: Gazetteer) -> None:
    loc = regions.resolve("southern Lebanon", ResolveContext(countries=("LB",))).location
    assert loc is not None
    # Summaries say "in southern Lebanon": as coarse as a country, at its south.
    assert loc.precision == "country"
    assert loc.lat < 33.3


# ---------------------------------------------------------------- nested relations
@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("north of " * 100 + "Raqqa", "nested too deeply"),
        ("eastern " * 100 + "Raqqa", ""),  # refused one level down, reason from the top
        ("north of " * 3000 + "Raqqa", "longer than 1000 characters"),
    ],
)
def test_deeply_nested_or_huge_names_are_refused_not_a_crash(
    sides: Gazetteer, name: str, why: str
) -> None:
    res = sides.resolve(name, _sy())  # was a RecursionError
    assert res.location is None and why in res.reason


def test_a_few_nested_relations_still_resolve(sides: Gazetteer) -> None:
    loc = sides.resolve("north of the eastern outskirts of Tabqa", _sy()).location
    assert loc is not None and loc.precision == "relative"
