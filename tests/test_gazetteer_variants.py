"""Unit tests of the third gazetteer pass: transliteration variants, composite names,
duplicates across sources, admin-hint enclaves, fuzzy corroboration."""

from __future__ import annotations

import pytest

from strikemap.gazetteer._store import write_index
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.import_ocha import _name_parts
from strikemap.gazetteer.index import Gazetteer, load_gazetteer
from strikemap.gazetteer.normalize import (
    consonant_frame,
    normalize_name,
    skeleton_key,
    variant_key,
)
from strikemap.model import Place


def _v(name: str) -> str:
    return variant_key(normalize_name(name))


# ---------------------------------------------------------------- normaliser
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Upper Baguz", "Al Baghouz al Foqani"),
        ("Big Orm", "Urma Al Kubra"),
        ("Eastern Deir", "Deir Sharqi"),
        ("Orm Eljoz", "Urme Al joz"),
        ("Abul Fashafish", "Abo Al-Fashafeesh"),
        ("Hamrat Balasim", "Hamra Blassem"),
        ("Jisr al-Shughur", "Jisr ash-Shughur"),
    ],
)
def test_skeleton_folds_qualifiers_glued_articles_and_construct_endings(a: str, b: str) -> None:
    assert skeleton_key(a) == skeleton_key(b)


def test_qualifier_is_kept_apart_from_the_name() -> None:
    # "Upper X" and "Lower X" are two villages: the qualifier code must differ.
    assert skeleton_key("Upper Baqras") != skeleton_key("Lower Baqras")
    assert skeleton_key("Upper Baqras") != skeleton_key("Baqras")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Al Fakkah", "Fakkeh"),
        ("Al Qassabiya", "Qasabiyeh"),
        ("Kafar Batna", "Kafr Batna"),
        ("Tell Abyad", "Tal Abyad"),
        ("Ayn Issa", "Ein Issa"),
        ("Dayr Hafir", "Deir Hafir"),
        ("Om Jalal", "Umm Jalal"),
    ],
)
def test_variant_key_equates_transliteration_habits(a: str, b: str) -> None:
    assert _v(a) == _v(b)


def test_variant_key_keeps_different_names_apart() -> None:
    assert _v("Kan Thit") != _v("Kin Taw")
    assert _v("Hama") != _v("Hamama")


def test_consonant_frame_separates_names_sharing_a_skeleton() -> None:
    # Same skeleton, different consonant frame: a different name, not a spelling.
    assert skeleton_key("Al Maadi") == skeleton_key("Um Wadi")
    assert consonant_frame(_v("Al Maadi")) != consonant_frame(_v("Um Wadi"))
    assert consonant_frame(_v("Tabqaqa")) != consonant_frame(_v("Tabqa"))
    # A vowel spelling leaves the frame alone.
    assert consonant_frame(_v("Al Habit")) == consonant_frame(_v("Hbit"))


def test_ocha_combined_names_are_split_into_parts() -> None:
    assert _name_parts("Qaderiyeh - Qayqun") == ["Qaderiyeh", "Qayqun"]
    assert _name_parts("Tab Issa - Eastern and Western") == ["Tab Issa"]
    assert _name_parts("Kafr Nabl") == []


# ---------------------------------------------------------------- resolver
def _p(
    pid: str,
    name: str,
    lat: float,
    lon: float,
    *,
    kind: str = "village",
    admin1: str = "Aleppo Governorate",
    pop: int = 0,
    alts: tuple[str, ...] = (),
) -> Place:
    return Place(
        pid, name, kind, "SY", lat, lon, admin1=admin1, population=pop,  # type: ignore[arg-type]
        alt_names=alts, uncertainty_km=2.0, source="test",
    )  # fmt: skip


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("gaz3")
    places = [
        _p("t:aleppo-gov", "Aleppo Governorate", 36.20, 37.16, kind="admin1",
           alts=("Aleppo",)),
        _p("t:damascus-gov", "Damascus Governorate", 33.51, 36.29, kind="admin1",
           admin1="Damascus Governorate", alts=("Damascus",)),
        _p("t:rif-gov", "Rif Dimashq Governorate", 33.57, 36.40, kind="admin1",
           admin1="Rif Dimashq Governorate", alts=("Rif Dimashq",)),
        _p("t:fakkeh", "Fakkeh", 36.60, 37.50),
        _p("t:umwadi", "Um Wadi", 36.70, 37.80),
        _p("t:saqba", "Saqba", 33.50, 36.38, admin1="Rif Dimashq Governorate"),
        _p("t:afrin-town", "Afrin", 36.512, 36.870, kind="town", pop=48_693),
        _p("t:afrin-dup", "Afrin", 36.513, 36.864),  # the same town from another source
        _p("t:afrin-hamlet", "Afrin", 36.225, 37.325),  # 52 km away, unpopulated
        _p("t:tadaf", "Tadaf", 36.35, 37.53),
        _p("t:albab", "Al Bab", 36.37, 37.52, kind="town", pop=63_000),
        _p("t:sarmada", "Sarmada", 36.18, 36.72, kind="town", pop=15_000),
        _p("t:karama", "Al Karama", 36.00, 38.60),
        _p("t:baqras", "Baqras", 36.10, 38.70),
        _p("t:kafrzeita", "Kafr Zeita", 35.37, 36.60, admin1="Hama Governorate"),
    ]  # fmt: skip
    write_index(d / "index.sqlite", places, {"kind": "test"})
    return load_gazetteer(d, build=False)


SY = ResolveContext(countries=("SY",))


def test_article_and_ending_variant_resolves(gaz: Gazetteer) -> None:
    res = gaz.resolve("Al Fakkah", SY)
    assert res.location is not None and res.location.place_id == "t:fakkeh"
    assert "spelling variant" in res.reason


def test_shared_skeleton_with_a_different_frame_stays_unresolved(gaz: Gazetteer) -> None:
    res = gaz.resolve("Al Maadi", SY)
    assert res.location is None


def test_populous_town_wins_over_far_unpopulated_namesake(gaz: Gazetteer) -> None:
    res = gaz.resolve("Afrin", SY)
    assert res.location is not None
    assert res.location.place_id in ("t:afrin-town", "t:afrin-dup")
    assert haversine_km(res.location.lat, res.location.lon, 36.512, 36.870) < 1


def test_city_admin_hint_agrees_with_the_governorate_around_it(gaz: Gazetteer) -> None:
    res = gaz.resolve("Saqba", ResolveContext(countries=("SY",), admin_hint="Damascus"))
    assert res.location is not None and res.location.place_id == "t:saqba"


def test_list_of_nearby_places_gives_one_point_covering_both(gaz: Gazetteer) -> None:
    res = gaz.resolve("Tadaf and Al Bab", SY)
    loc = res.location
    assert loc is not None and loc.precision == "relative"
    for lat, lon in ((36.35, 37.53), (36.37, 37.52)):
        assert haversine_km(loc.lat, loc.lon, lat, lon) <= loc.uncertainty_km


def test_list_of_far_apart_places_is_not_placed(gaz: Gazetteer) -> None:
    res = gaz.resolve("Sarmada or Al Karama", SY)
    assert res.location is None
    assert "apart" in res.reason


def test_alternative_spellings_slash(gaz: Gazetteer) -> None:
    res = gaz.resolve("Al Fakkah/Fakka", SY)
    assert res.location is not None and res.location.place_id == "t:fakkeh"


def test_relation_near_and_bearing(gaz: Gazetteer) -> None:
    near = gaz.resolve("near Al Bab", SY).location
    assert near is not None and near.precision == "relative" and near.anchor_name == "Al Bab"
    south = gaz.resolve("south of Al Bab", SY).location
    assert south is not None and south.lat < 36.37


def test_between_gives_the_midpoint(gaz: Gazetteer) -> None:
    loc = gaz.resolve("Road between Tadaf and Al Bab", SY).location
    assert loc is not None
    assert 36.35 <= loc.lat <= 36.37


def test_facility_is_located_at_the_place_it_is_named_after(gaz: Gazetteer) -> None:
    res = gaz.resolve("Al Bab Police Station", SY)
    assert res.location is not None
    assert res.location.place_id == "t:albab"
    assert "named after" in res.reason


def test_x_in_y_falls_back_to_y(gaz: Gazetteer) -> None:
    res = gaz.resolve("Al Baydar in Al Karama village", SY)
    assert res.location is not None and res.location.place_id == "t:karama"
    assert "not in gazetteer" in res.reason


def test_fuzzy_match_needs_a_corroborating_hint(gaz: Gazetteer) -> None:
    # One letter off "Sarmada": alone it is not placed; inside the named province it is.
    alone = gaz.resolve("Sarmadat", SY)
    assert alone.location is None
    assert "close spelling" in alone.reason
    hinted = gaz.resolve("Sarmadat", ResolveContext(countries=("SY",), admin_hint="Aleppo"))
    assert hinted.location is not None and hinted.location.place_id == "t:sarmada"
