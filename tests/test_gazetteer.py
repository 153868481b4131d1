"""Unit tests of the gazetteer: normalisation, spotting, lookup, resolution, relative."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strikemap.gazetteer._store import write_index
from strikemap.gazetteer.base import GazetteerLike, ResolveContext
from strikemap.gazetteer.build import read_curated
from strikemap.gazetteer.geo import bearing_degrees, haversine_km
from strikemap.gazetteer.index import Gazetteer, load_gazetteer
from strikemap.gazetteer.normalize import fold_text, normalize_name, skeleton_key, strip_generic
from strikemap.model import Location

FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("gaz")
    places, _ = read_curated(FIXTURES / "places.csv")
    write_index(d / "index.sqlite", places, {"kind": "test"})
    return load_gazetteer(d, build=False)


# ---------------------------------------------------------------- normalisation
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jisr al-Shughur", "Jisr ash-Shughur"),
        ("Jisr al-Shughur", "Jisr Al Shugour"),
        ("Deir ez-Zor", "Dayr az Zawr"),
        ("Deir ez-Zor", "Deir Ezzor"),
        ("Severodonetsk", "Sievierodonetsk"),
        ("Kafr Nabl", "Kafranbel"),
        ("Kharkov", "Kharkiv"),
        ("Hama", "Hamah"),
    ],
)
def test_skeleton_merges_transliterations(a: str, b: str) -> None:
    assert skeleton_key(a) == skeleton_key(b)


def test_skeleton_keeps_different_places_apart() -> None:
    assert skeleton_key("Homs") != skeleton_key("Hama")
    assert skeleton_key("Idlib") != skeleton_key("Aleppo")


def test_normalize_folds_case_diacritics_punctuation_and_arabic() -> None:
    assert normalize_name("Ḩamāh") == "hamah"
    assert normalize_name("Ma'arrat  al-Nu‘man") == "maarrat al numan"
    assert normalize_name("إدلب") == normalize_name("ادلب")
    assert normalize_name("حَمَاة") == normalize_name("حماه")
    assert normalize_name("Северодонецк") == "северодонецк"


def test_strip_generic_removes_kind_words() -> None:
    assert strip_generic("Idlib province") == "idlib"
    assert strip_generic("Luhansk Oblast") == "luhansk"
    assert strip_generic("Province") == "province"


@given(st.text(alphabet=st.sampled_from(list("aZ é'’-,. إدلبḨā\u064eК")), max_size=60))
def test_fold_text_offsets_point_into_the_original(text: str) -> None:
    folded, pos = fold_text(text)
    assert len(folded) == len(pos)
    assert all(0 <= p < len(text) for p in pos)
    assert pos == sorted(pos)
    assert "  " not in folded


# ---------------------------------------------------------------- protocol, get
def test_gazetteer_satisfies_protocol(gaz: Gazetteer) -> None:
    g: GazetteerLike = gaz
    assert g.get("gn:170063").name == "Jisr ash Shughur"
    with pytest.raises(KeyError):
        g.get("gn:0")


# ---------------------------------------------------------------- spot
def test_spot_maps_back_to_original_offsets(gaz: Gazetteer) -> None:
    text = "Jets hit Jisr al-Shughur and جسر الشغور, then Ḩamāh-free Kafr Nabl."
    ms = gaz.spot(text)
    surfaces = [m.surface for m in ms]
    assert surfaces == ["Jisr al-Shughur", "جسر الشغور", "Kafr Nabl"]
    for m in ms:
        assert text[m.start : m.end] == m.surface
    assert "gn:170063" in ms[0].place_ids


def test_spot_prefers_longest_match_and_handles_possessive(gaz: Gazetteer) -> None:
    ms = gaz.spot("Shelling in Idlib province and Homs's suburbs.")
    assert [m.surface for m in ms] == ["Idlib province", "Homs"]


def test_spot_requires_capitals_and_drops_english_words(gaz: Gazetteer) -> None:
    assert gaz.spot("the homs road; he Said that Reading is fun") == []
    kept = gaz.spot("Strikes hit the village of Said.")
    assert [m.surface for m in kept] == ["Said"]


def test_spot_arabic_attached_preposition(gaz: Gazetteer) -> None:
    ms = gaz.spot("غارة بإدلب")
    assert len(ms) == 1 and ms[0].surface == "إدلب"


# ---------------------------------------------------------------- lookup
def test_lookup_ranks_exact_before_skeleton_with_reasons(gaz: Gazetteer) -> None:
    cands = gaz.lookup("Jisr Al Shugour", country="SY")
    assert cands[0].place.id == "gn:170063"
    assert "skeleton" in cands[0].reason
    exact = gaz.lookup("Jisr ash-Shughur", country="SY")[0]
    assert "exact" in exact.reason
    assert exact.confidence > cands[0].confidence


def test_lookup_prefers_country_and_population(gaz: Gazetteer) -> None:
    assert gaz.lookup("Homs")[0].place.id == "gn:169577"
    assert gaz.lookup("Homs", country="LY")[0].place.id == "gn:999001"


def test_lookup_fuzzy_fallback_reports_lower_confidence(gaz: Gazetteer) -> None:
    cands = gaz.lookup("Kafranbek", country="SY")
    assert cands and cands[0].place.id == "gn:170017"
    assert "fuzzy" in cands[0].reason
    assert cands[0].confidence < 0.8


# ---------------------------------------------------------------- resolve
@pytest.mark.parametrize(
    "name",
    ["Jisr al-Shughur", "Jisr ash-Shughur", "Jisr Al Shugour", "جسر الشغور"],
)
def test_resolve_spellings_of_jisr(gaz: Gazetteer, name: str) -> None:
    loc = gaz.resolve(name, ResolveContext(countries=("SY",))).location
    assert loc is not None
    assert haversine_km(loc.lat, loc.lon, 35.81, 36.32) < 2
    assert loc.precision == "town" and loc.admin1 == "Idlib Governorate"


def test_resolve_kind_hint_province_vs_city(gaz: Gazetteer) -> None:
    city = gaz.resolve("Homs", ResolveContext(countries=("SY",))).location
    prov = gaz.resolve("Homs province", ResolveContext(countries=("SY",))).location
    hinted = gaz.resolve("Homs", ResolveContext(countries=("SY",), kind_hint="province")).location
    assert city is not None and city.place_id == "gn:169577" and city.precision == "town"
    assert prov is not None and prov.precision == "admin1"
    assert hinted is not None and hinted.place_id == "cur:sy-homs-gov"


def test_resolve_admin_hint_disambiguates_and_is_recorded(gaz: Gazetteer) -> None:
    res = gaz.resolve("Mykhaylivka", ResolveContext(countries=("UA",), admin_hint="Donetsk"))
    assert res.location is not None and res.location.place_id == "gn:700001"
    assert "admin hint" in res.location.reason


def test_resolve_ambiguous_without_context_is_unresolved(gaz: Gazetteer) -> None:
    res = gaz.resolve("Mykhaylivka", ResolveContext(countries=("UA",)))
    assert res.location is None
    assert "ambiguous" in res.reason
    assert len(res.candidates) == 2


def test_resolve_nearby_points_decide(gaz: Gazetteer) -> None:
    ctx = ResolveContext(countries=("UA",), nearby=((47.35, 35.25),))
    res = gaz.resolve("Mykhaylivka", ctx)
    assert res.location is not None and res.location.place_id == "gn:700002"


def test_resolve_unknown_village_falls_back_to_admin1_only(gaz: Gazetteer) -> None:
    res = gaz.resolve("Karhouk, Al Hasaka", ResolveContext(countries=("SY",)))
    assert res.location is None
    assert res.fallback is not None
    assert res.fallback.precision == "admin1"
    assert res.fallback.place_id == "cur:sy-hasakah-gov"


def test_resolve_outside_report_country_is_refused(gaz: Gazetteer) -> None:
    res = gaz.resolve("Said", ResolveContext(countries=("SY",)))
    assert res.location is None
    assert "outside" in res.reason


def test_resolve_comma_hint_and_parent_of_sub_area(gaz: Gazetteer) -> None:
    loc = gaz.resolve("Kafr Nabl, Idlib", ResolveContext(countries=("SY",))).location
    assert loc is not None and loc.place_id == "gn:170017"
    sub = gaz.resolve("Homs - Inshaat", ResolveContext(countries=("SY",))).location
    assert sub is not None and sub.place_id == "gn:169577"
    assert "sub-area" in sub.reason and sub.uncertainty_km >= 15


def test_resolve_region_precision(gaz: Gazetteer) -> None:
    loc = gaz.resolve("Jabal al-Zawiya", ResolveContext(countries=("SY",))).location
    assert loc is not None and loc.precision == "region" and loc.uncertainty_km == 12


# ---------------------------------------------------------------- relative
def _anchor() -> Location:
    return Location("Homs", 34.72682, 36.72339, "town", 8.0, "SY", "Homs Governorate", "gn:1")


def test_relative_distance_and_bearing(gaz: Gazetteer) -> None:
    loc = gaz.relative(_anchor(), "south-east", 12.0, "12 km south-east of")
    assert loc.precision == "relative" and loc.anchor_name == "Homs"
    assert haversine_km(loc.lat, loc.lon, 34.72682, 36.72339) == pytest.approx(12, abs=0.05)
    assert loc.lat < 34.72682 and loc.lon > 36.72339
    assert loc.uncertainty_km == pytest.approx(3 + 0.2 * 12)


def test_relative_bearing_only_and_near(gaz: Gazetteer) -> None:
    north = gaz.relative(_anchor(), "north", None, "north of")
    assert north.lat > 34.72682 and north.uncertainty_km == 15
    near = gaz.relative(_anchor(), None, None, "near")
    assert (near.lat, near.lon) == (34.72682, 36.72339) and near.uncertainty_km == 18
    out = gaz.relative(_anchor(), None, None, "outskirts of")
    assert out.uncertainty_km == 11


def test_between_is_midpoint(gaz: Gazetteer) -> None:
    b = Location("Hama", 35.13179, 36.75783, "town", 8.0)
    mid = gaz.between(_anchor(), b)
    assert mid.precision == "relative"
    assert mid.lat == pytest.approx((34.72682 + 35.13179) / 2, abs=0.01)
    assert mid.uncertainty_km > 8


def test_bearing_words() -> None:
    assert bearing_degrees("southeast") == 135
    assert bearing_degrees("South-East") == 135
    assert bearing_degrees("northern") == 0
    assert bearing_degrees("up") is None
    assert math.isclose(haversine_km(0, 0, 0, 1), 111.195, rel_tol=1e-3)
