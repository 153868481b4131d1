"""Unit tests of the seventh gazetteer pass: vowel spellings, glides and doubled
consonants in the variant key, names listed only with qualifiers, short skeletons
shared by many names."""

from __future__ import annotations

import pytest

from strikemap.gazetteer._store import write_index
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index import Gazetteer, load_gazetteer
from strikemap.gazetteer.normalize import (
    consonant_frame,
    normalize_name,
    variant_key,
    vowel_shape,
)
from strikemap.model import Place


def _v(name: str) -> str:
    return variant_key(normalize_name(name))


# ---------------------------------------------------------------- normaliser
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hayan", "Hayyan"),  # shadda written or not
        ("Al Sayyad", "Sayad"),
        ("Al Janoudia", "Al Janudiyah"),  # -ia = -iya/-iyah/-iyeh
        ("Al-Najia", "Najiyeh"),
    ],
)
def test_variant_key_merges_doubled_consonants_and_spells_the_i_glide(a: str, b: str) -> None:
    assert _v(a) == _v(b)


def test_y_between_vowels_stays_a_consonant_in_the_frame() -> None:
    # "Sayyal"/"Siyal": the y is the consonant in both; "ay" before a consonant is a
    # diphthong and is still folded ("Dayr"/"Deir").
    assert consonant_frame(_v("Sayyal")) == consonant_frame(_v("Siyal"))
    assert _v("Dayr Hafir") == _v("Deir Hafir")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Al Kendeh", "Kinda"),
        ("Tedef", "Tadaf"),
        ("Khan Subul", "Khan Elsobol"),
        ("Balion", "Balyun"),
        ("Kastoun", "Qastun"),
    ],
)
def test_vowel_shape_equates_spellings_differing_in_vowel_letters(a: str, b: str) -> None:
    assert vowel_shape(_v(a)) == vowel_shape(_v(b))


def test_vowel_shape_keeps_an_added_vowel_or_consonant_apart() -> None:
    assert vowel_shape(_v("Bzabor")) != vowel_shape(_v("Bazabur"))
    assert vowel_shape(_v("Hama")) != vowel_shape(_v("Hamam"))


# ---------------------------------------------------------------- resolver
def _p(
    pid: str,
    name: str,
    lat: float,
    lon: float,
    *,
    admin1: str = "Idlib Governorate",
    kind: str = "village",
    pop: int = 0,
    alts: tuple[str, ...] = (),
) -> Place:
    return Place(
        pid, name, kind, "SY", lat, lon, admin1=admin1, population=pop,  # type: ignore[arg-type]
        alt_names=alts, uncertainty_km=2.0, source="test",
    )  # fmt: skip


_SD_NAMES = (
    "Sada", "Sedi", "Sudi", "Soda", "Sadu", "Sida", "Sude", "Sado", "Seda", "Sidi",
    "Suda", "Sodi", "Sadeh", "Sidah", "Sudah", "Sodeh", "Sedu", "Sidu", "Sodu", "Sadi",
)  # fmt: skip


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("gaz7")
    places = [
        _p("t:idlib-gov", "Idlib Governorate", 35.80, 36.60, kind="admin1", alts=("Idlib",)),
        _p("t:aleppo-gov", "Aleppo Governorate", 36.20, 37.16, kind="admin1",
           admin1="Aleppo Governorate", alts=("Aleppo",)),
        _p("t:lat-gov", "Latakia Governorate", 35.60, 35.90, kind="admin1",
           admin1="Latakia Governorate", alts=("Latakia",)),
        _p("t:kinda", "Kinda", 35.90, 36.40),
        _p("t:badi", "Badi", 35.70, 36.50),
        _p("t:suha", "Suha", 35.75, 36.55),
        _p("t:banis-lat", "Banis", 35.44, 35.96, admin1="Latakia Governorate"),
        _p("t:banes", "Banes", 35.97, 36.97, admin1="Aleppo Governorate"),
        _p("t:baqras-up", "Upper Baqras", 35.10, 40.40, admin1="Aleppo Governorate"),
        _p("t:baqras-lo", "Lower Baqras", 35.06, 40.42, admin1="Aleppo Governorate"),
        _p("t:hamra-e", "Eastern Hamra", 35.30, 36.90),
        _p("t:hamra-w", "Western Hamra", 36.10, 36.20),  # ~90 km away
        _p("t:sayad", "Sayad", 35.20, 36.70, admin1="Hama Governorate"),
        *(
            _p(f"t:sd{i}", n, 33.0 + i / 10, 36.0, admin1="Daraa Governorate", kind="town",
               pop=100_000 + i)
            for i, n in enumerate(_SD_NAMES)
        ),
    ]  # fmt: skip
    write_index(d / "index.sqlite", places, {"kind": "test"})
    return load_gazetteer(d, build=False)


def _ctx(hint: str | None = None) -> ResolveContext:
    return ResolveContext(countries=("SY",), admin_hint=hint)


def test_vowel_spelling_is_accepted_with_the_admin_hint_and_says_so(gaz: Gazetteer) -> None:
    res = gaz.resolve("Al Kendeh", _ctx("Idlib"))
    assert res.location is not None and res.location.place_id == "t:kinda"
    assert "vowel spelling" in res.location.reason
    assert res.location.confidence < 0.8


def test_vowel_spelling_without_confirmation_stays_unresolved(gaz: Gazetteer) -> None:
    res = gaz.resolve("Al Kendeh", _ctx())
    assert res.location is None
    assert "Kinda" in [c.place.name for c in res.candidates]


def test_different_final_long_vowel_is_another_name(gaz: Gazetteer) -> None:
    assert gaz.resolve("Badu", _ctx("Idlib")).location is None


def test_two_consonant_names_need_more_than_a_vowel_spelling(gaz: Gazetteer) -> None:
    assert gaz.resolve("Soha", _ctx("Idlib")).location is None


def test_vowel_spelling_inside_the_admin_hint_beats_a_homonym_outside(gaz: Gazetteer) -> None:
    res = gaz.resolve("Banis", _ctx("Aleppo"))
    assert res.location is not None and res.location.place_id == "t:banes"
    assert "admin hint" in res.location.reason


def test_bare_name_listed_only_with_qualifiers_gives_the_pair(gaz: Gazetteer) -> None:
    res = gaz.resolve("Baqras", _ctx("Aleppo"))
    loc = res.location
    assert loc is not None and loc.place_id is None
    assert "qualifier" in loc.reason
    for lat, lon in ((35.10, 40.40), (35.06, 40.42)):
        assert haversine_km(loc.lat, loc.lon, lat, lon) <= loc.uncertainty_km


def test_qualified_namesakes_far_apart_are_not_placed(gaz: Gazetteer) -> None:
    assert gaz.resolve("Hamra", _ctx("Idlib")).location is None


def test_short_skeleton_shared_by_many_names_keeps_the_matching_village(
    gaz: Gazetteer,
) -> None:
    # Twenty populous "S-D" towns share the skeleton "sd" with "Sayad"; only the
    # village's consonant frame (s-y-d) matches "Al Sayyad".
    res = gaz.resolve("Al Sayyad", _ctx())
    assert res.location is not None and res.location.place_id == "t:sayad"
