"""Resolving a name written in another spelling: vowel spellings, consonant frames and
transliteration skeletons are taken when the context confirms them (or the town is large),
and loose or fuzzy lookalikes that change a consonant are refused."""

from __future__ import annotations

import pytest

from sample_gazetteers import (
    built_index,
    idlib_index,
    lookalike_index,
    qarn_index,
    syrian_place,
)
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Place


@pytest.fixture(scope="module")
def lookalikes(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return lookalike_index(tmp_path_factory.mktemp("lookalikes"))


@pytest.fixture(scope="module")
def idlib(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return idlib_index(tmp_path_factory.mktemp("idlib"))


@pytest.fixture(scope="module")
def qarn(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return qarn_index(tmp_path_factory.mktemp("qarn"))


@pytest.fixture(scope="module")
def frames(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("frames")
    places = [
        syrian_place(
            "t:aleppo-gov", "Aleppo Governorate", 36.20, 37.16, "Aleppo Governorate", "admin1"
        ),
        syrian_place(
            "t:idlib-gov", "Idlib Governorate", 35.80, 36.60, "Idlib Governorate", "admin1"
        ),
        syrian_place("t:kaljibrin", "Kaljibrin", 36.54, 37.12, "Aleppo Governorate"),
        syrian_place("t:bazabur", "Bazabur", 35.77, 36.62, "Idlib Governorate"),
    ]
    return built_index(d, places)


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("towns")

    def town(pid: str, name: str, lat: float, lon: float, pop: int) -> Place:
        return Place(
            pid, name, "town", "SY", lat, lon, admin1="Raqqa Governorate", population=pop,
            uncertainty_km=3.0, source="geonames",
        )  # fmt: skip

    places = [
        town("gn:tabqa", "Tabqa", 35.84, 38.55, 87_880),
        town("gn:kinda", "Kinda", 35.90, 38.40, 1_200),
        town("gn:harir", "Harir", 36.55, 44.35, 32_171),
    ]
    return built_index(d, places)


@pytest.fixture(scope="module")
def villages(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("villages")
    places = [
        syrian_place(
            "t:idlib-gov", "Idlib Governorate", 35.80, 36.60, "Idlib Governorate", "admin1"
        ),
        syrian_place("ocha:C1", "Jarada", 35.6, 36.6, "Idlib Governorate"),
        syrian_place("ocha:C2", "Tal Ziwan", 35.7, 36.7, "Idlib Governorate"),
    ]
    return built_index(d, places)


def _ctx(*countries: str, hint: str | None = None, kind: str | None = None) -> ResolveContext:
    return ResolveContext(countries=countries, admin_hint=hint, kind_hint=kind)


def _sy_ctx(hint: str | None = None) -> ResolveContext:
    return ResolveContext(countries=("SY",), admin_hint=hint)


def _sy() -> ResolveContext:
    return ResolveContext(countries=("SY",))


def _resolve_in_qarn(gaz: Gazetteer, name: str) -> tuple[str | None, str | None]:
    res = gaz.resolve(name, ResolveContext(countries=("YE",), admin_hint="Qarn"))
    fb = res.fallback.place_id if res.fallback is not None else None
    return (res.location.place_id if res.location is not None else None), fb


# ---------------------------------------------------------------- loose matches refused
@pytest.mark.parametrize(
    ("name", "countries"),
    [
        ("Gornal", ("RU",)),  # a word and a syllable more: "Gornoye Loo" is another name
        ("Taramchuk", ("UA",)),  # ch is not s: "Taromske" shares only the skeleton
        ("Khaneh", ("SY",)),  # two consonants and another ending: not "Khan"
        ("Shadaa", ("YE",)),  # sh is not s: not "Sa'dah"
        ("Az Zur", ("YE",)),  # not "Az Zuhrah"
        ("Sada", ("IQ",)),  # exact names abroad are refused too
    ],
)
def test_loose_spellings_are_not_placed(
    lookalikes: Gazetteer, name: str, countries: tuple[str, ...]
) -> None:
    res = lookalikes.resolve(name, _ctx(*countries))
    assert res.location is None, (name, res.location)


def test_fuzzy_match_keeps_consonants_and_report_countries(lookalikes: Gazetteer) -> None:
    # "Masrab" is one consonant off "Marab": refused even with a nearby place.
    near = ResolveContext(countries=("SY", "IR"), nearby=((34.5, 46.5),))
    assert lookalikes.resolve("Masrab", near).location is None
    assert all(c.place.id != "gn:45" for c in lookalikes.lookup("Masrab", country="SY"))


def test_fuzzy_match_with_a_foreign_consonant_is_not_taken(qarn: Gazetteer) -> None:
    # One letter off the town in the hinted province, but s/m are different letters:
    # left to the province rather than placed 45 km off at the namesake-looking town.
    assert _resolve_in_qarn(qarn, "Maaret Al Naasan")[0] is None
    assert _resolve_in_qarn(qarn, "Maarat an Naaman")[0] == "t:mn"


# ---------------------------------------------------------------- vowel spellings
def test_vowel_spelling_of_a_short_name_still_matches(lookalikes: Gazetteer) -> None:
    loc = lookalikes.resolve("Al Taybeh", _ctx("SY")).location
    assert loc is not None and loc.place_id == "gn:46"


def test_vowel_spelling_is_accepted_with_the_admin_hint_and_says_so(idlib: Gazetteer) -> None:
    res = idlib.resolve("Al Kendeh", _sy_ctx("Idlib"))
    assert res.location is not None and res.location.place_id == "t:kinda"
    assert "vowel spelling" in res.location.reason
    assert res.location.confidence < 0.8


def test_vowel_spelling_without_confirmation_stays_unresolved(idlib: Gazetteer) -> None:
    res = idlib.resolve("Al Kendeh", _sy_ctx())
    assert res.location is None
    assert "Kinda" in [c.place.name for c in res.candidates]


def test_different_final_long_vowel_is_another_name(idlib: Gazetteer) -> None:
    assert idlib.resolve("Badu", _sy_ctx("Idlib")).location is None


def test_two_consonant_names_need_more_than_a_vowel_spelling(idlib: Gazetteer) -> None:
    assert idlib.resolve("Soha", _sy_ctx("Idlib")).location is None


def test_vowel_spelling_inside_the_admin_hint_beats_a_homonym_outside(idlib: Gazetteer) -> None:
    res = idlib.resolve("Banis", _sy_ctx("Aleppo"))
    assert res.location is not None and res.location.place_id == "t:banes"
    assert "admin hint" in res.location.reason


def test_a_vowel_spelling_of_a_large_towns_name_means_the_town(towns: Gazetteer) -> None:
    res = towns.resolve("Tebqa", ResolveContext(countries=("SY",)))
    assert res.location is not None and res.location.place_id == "gn:tabqa"
    assert "vowel spelling" in res.location.reason


def test_a_vowel_spelling_of_a_small_place_still_needs_confirmation(towns: Gazetteer) -> None:
    assert towns.resolve("Kendeh", ResolveContext(countries=("SY",))).location is None


def test_a_large_town_name_with_two_vowels_changed_is_another_name(towns: Gazetteer) -> None:
    # "Hiroor" (a Duhok village) is not "Harir" (a town in Erbil): both vowels differ.
    assert towns.resolve("Hiroor", ResolveContext(countries=("SY",))).location is None
    assert towns.resolve("Hirir", ResolveContext(countries=("SY",))).location is not None


# ---------------------------------------------------------------- consonant frames
def test_consonant_frame_match_is_taken_inside_the_named_governorate(frames: Gazetteer) -> None:
    res = frames.resolve("Kiljbreen", ResolveContext(countries=("SY",), admin_hint="Aleppo"))
    assert res.location is not None and res.location.place_id == "t:kaljibrin"
    assert "consonant frame" in res.location.reason
    assert res.location.confidence < 0.75  # weaker than a vowel spelling, and says so


def test_consonant_frame_match_without_confirmation_stays_unresolved(frames: Gazetteer) -> None:
    res = frames.resolve("Kiljbreen", ResolveContext(countries=("SY",)))
    assert res.location is None
    assert "no admin hint or nearby place confirms it" in res.reason
    assert [c.place.id for c in res.candidates] == ["t:kaljibrin"]


def test_consonant_frame_match_in_another_governorate_is_refused(frames: Gazetteer) -> None:
    res = frames.resolve("Bzabor", ResolveContext(countries=("SY",), admin_hint="Aleppo"))
    assert res.location is None


def test_consonant_frame_match_confirmed_by_nearby_places(frames: Gazetteer) -> None:
    res = frames.resolve("Bzabor", ResolveContext(countries=("SY",), nearby=((35.80, 36.60),)))
    assert res.location is not None and res.location.place_id == "t:bazabur"


# ---------------------------------------------------------------- skeletons
def test_short_skeleton_shared_by_many_names_keeps_the_matching_village(
    idlib: Gazetteer,
) -> None:
    # Twenty populous "S-D" towns share the skeleton "sd" with "Sayad"; only the
    # village's consonant frame (s-y-d) matches "Al Sayyad".
    res = idlib.resolve("Al Sayyad", _sy_ctx())
    assert res.location is not None and res.location.place_id == "t:sayad"


def test_skeleton_match_adding_a_vowel_needs_confirmation(villages: Gazetteer) -> None:
    res = villages.resolve("Jarad", _sy())
    assert res.location is None and "with other vowels" in res.reason
    hinted = villages.resolve("Jarad", ResolveContext(countries=("SY",), admin_hint="Idlib"))
    assert hinted.location is not None and hinted.location.place_id == "ocha:C1"


def test_skeleton_match_differing_in_vowel_letters_only_is_taken(villages: Gazetteer) -> None:
    loc = villages.resolve("Tal Zewan", _sy()).location
    assert loc is not None and loc.place_id == "ocha:C2"
