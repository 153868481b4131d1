"""Unit tests of the fourth gazetteer pass: loose matches refused, common village names
widened or withheld, covering radii, missing admin names, city districts and quarters,
two-letter names, the array-backed store (no SQLite on the hot path)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from strikemap.gazetteer._store import (
    bucket_starts,
    keys_path,
    open_arrays,
    spot_keys_for,
    write_index,
)
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.build import admin_short_name, covering_radius_km
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index import Gazetteer, load_gazetteer
from strikemap.gazetteer.normalize import consonant_frame, variant_key
from strikemap.model import Place


def _v(pid: str, name: str, cc: str, a1: str | None, lat: float, lon: float, **kw: object) -> Place:
    kw.setdefault("kind", "village")
    kw.setdefault("uncertainty_km", 2.0)
    return Place(pid, name, country=cc, admin1=a1, lat=lat, lon=lon, **kw)  # type: ignore[arg-type]


def _admin1(pid: str, name: str, cc: str, lat: float, lon: float, alts: tuple[str, ...]) -> Place:
    return Place(
        pid, name, "admin1", cc, lat, lon, admin1=name, alt_names=alts, uncertainty_km=120.0,
        source="curated",
    )  # fmt: skip


# Made-up coordinates, shaped like the development-set failures they stand for.
_PLACES = [
    _admin1("t:ua-dn", "Donetsk Oblast", "UA", 48.0, 37.8, ("Donetsk",)),
    _admin1("t:ua-lh", "Luhansk Oblast", "UA", 48.6, 39.3, ("Luhansk",)),
    _admin1("t:sy-hs", "Al-Hasakah Governorate", "SY", 36.5, 40.7, ("Al-Hasakah",)),
    _admin1("t:sy-al", "Aleppo Governorate", "SY", 36.2, 37.2, ("Aleppo",)),
    _admin1("t:ye-sd", "Saada Governorate", "YE", 16.9, 43.8, ("Saada",)),
    _v(
        "gn:1",
        "Donetsk",
        "UA",
        "Donetsk Oblast",
        48.02,
        37.80,
        kind="city",
        population=901_645,
        uncertainty_km=10.0,
        alt_names=("Oleksandrivka",),
    ),
    # A common village name: listed five times, once in Donetsk Oblast.
    *[
        _v(f"gn:10{i}", "Mykhailivka", "UA", a1, lat, lon, population=600 + i)
        for i, (a1, lat, lon) in enumerate(
            [
                ("Donetsk Oblast", 47.84, 38.14),
                ("Poltava Oblast", 49.3, 34.86),
                ("Kherson Oblast", 46.28, 32.65),
                ("Odesa Oblast", 45.95, 29.7),
                ("Cherkasy Oblast", 49.94, 32.17),
            ]
        )
    ],
    # Another common name with two listed namesakes 12 km apart in Luhansk Oblast.
    *[
        _v(f"gn:20{i}", "Katerynivka", "UA", a1, lat, lon, population=900)
        for i, (a1, lat, lon) in enumerate(
            [
                ("Luhansk Oblast", 48.60, 38.70),
                ("Luhansk Oblast", 48.70, 38.75),
                ("Kyiv Oblast", 50.4, 30.5),
                ("Sumy Oblast", 50.9, 34.8),
            ]
        )
    ],
    _v(
        "gn:30",
        "Mykolayiv",
        "UA",
        "Mykolaiv Oblast",
        46.98,
        31.99,
        kind="city",
        population=470_011,
        uncertainty_km=8.0,
        alt_names=("Mykolaiv",),
    ),
    _v(
        "gn:31",
        "Mykolayiv",
        "UA",
        "Lviv Oblast",
        49.52,
        23.98,
        kind="town",
        population=14_498,
        uncertainty_km=3.0,
        alt_names=("Mykolaiv",),
    ),
    _v("gn:32", "Oleksandrivka", "UA", "Kirovohrad Oblast", 48.6, 32.4, population=1_500),
    _v("gn:33", "Oleksandrivka", "UA", "Odesa Oblast", 46.6, 30.4, population=1_200),
    _v(
        "gn:40",
        "Gornoye Loo",
        "RU",
        "Krasnodar Krai",
        43.71,
        39.61,
        population=3_156,
        alt_names=("Gornoe Loo",),
    ),
    _v("gn:41", "Taromske", "UA", "Dnipropetrovsk Oblast", 48.46, 34.78, population=9_000),
    _v("gn:42", "Khirbat Tin Nur", "SY", "Homs Governorate", 34.70, 36.56, alt_names=("Khan",)),
    _v(
        "gn:43",
        "Sa'dah",
        "YE",
        "Saada Governorate",
        16.94,
        43.76,
        kind="town",
        population=51_870,
        alt_names=("Sadah",),
    ),
    _v("gn:44", "Az Zuhrah", "YE", "Al Hudaydah Governorate", 15.72, 43.0),
    _v("gn:45", "Marab", "IR", "Kermanshah", 34.50, 46.50, population=2_000),
    _v("gn:46", "Tiba", "SY", "Homs Governorate", 34.60, 37.30),
    _v(
        "gn:50",
        "Mosul",
        "IQ",
        "Nineveh Governorate",
        36.34,
        43.12,
        kind="city",
        population=1_400_000,
        uncertainty_km=10.0,
    ),
    _v(
        "gn:51",
        "At Tall",
        "SY",
        "Rif Dimashq Governorate",
        33.61,
        36.31,
        kind="city",
        population=55_000,
        uncertainty_km=3.0,
        alt_names=("Tal", "Tall"),
    ),
    _v("gn:52", "Di", "BF", "Boucle du Mouhoun", 13.20, -3.40, population=2_500),
    _v(
        "gn:53",
        "Al Ḩasakah",
        "SY",
        "Al-Hasakah Governorate",
        36.50,
        40.75,
        kind="city",
        population=188_000,
        uncertainty_km=6.0,
        alt_names=("Hasakeh",),
    ),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("gaz4")
    write_index(d / "index.sqlite", _PLACES, {"kind": "test"})
    return load_gazetteer(d, build=False)


def _ctx(*countries: str, hint: str | None = None, kind: str | None = None) -> ResolveContext:
    return ResolveContext(countries=countries, admin_hint=hint, kind_hint=kind)


# ---------------------------------------------------------------- loose matches
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
    gaz: Gazetteer, name: str, countries: tuple[str, ...]
) -> None:
    res = gaz.resolve(name, _ctx(*countries))
    assert res.location is None, (name, res.location)


def test_fuzzy_match_keeps_consonants_and_report_countries(gaz: Gazetteer) -> None:
    # "Masrab" is one consonant off "Marab": refused even with a nearby place.
    near = ResolveContext(countries=("SY", "IR"), nearby=((34.5, 46.5),))
    assert gaz.resolve("Masrab", near).location is None
    assert all(c.place.id != "gn:45" for c in gaz.lookup("Masrab", country="SY"))


def test_vowel_spelling_of_a_short_name_still_matches(gaz: Gazetteer) -> None:
    loc = gaz.resolve("Al Taybeh", _ctx("SY")).location
    assert loc is not None and loc.place_id == "gn:46"


def test_consonant_frame_keeps_sh_and_ch_apart_from_s() -> None:
    assert consonant_frame(variant_key("shadaa")) != consonant_frame(variant_key("sadah"))
    assert consonant_frame(variant_key("taramchuk")) != consonant_frame(variant_key("taromske"))
    assert consonant_frame(variant_key("chadaa")) == consonant_frame(variant_key("shadaa"))


# ---------------------------------------------------------------- common names
def test_common_village_name_in_a_province_falls_back_to_the_province(gaz: Gazetteer) -> None:
    res = gaz.resolve("Mykhaylivka", _ctx("UA", hint="Donetsk"))
    assert res.location is None
    assert res.fallback is not None and res.fallback.place_id == "t:ua-dn"
    assert "common name" in res.reason and "5 places" in res.reason


def test_common_name_with_close_namesakes_is_widened_to_cover_them(gaz: Gazetteer) -> None:
    loc = gaz.resolve("Katerynivka", _ctx("UA", hint="Luhansk")).location
    assert loc is not None and loc.precision == "district" and loc.place_id is None
    assert "common name" in loc.reason and "centroid" in loc.reason
    for lat, lon in ((48.60, 38.70), (48.70, 38.75)):
        assert haversine_km(loc.lat, loc.lon, lat, lon) <= loc.uncertainty_km


def test_a_much_larger_place_wins_its_own_name_but_not_a_former_one(gaz: Gazetteer) -> None:
    loc = gaz.resolve("Mykolaiv", _ctx("UA")).location
    assert loc is not None and loc.place_id == "gn:30"
    # Donetsk's former name does not beat the villages of that name.
    res = gaz.resolve("Oleksandrivka", _ctx("UA"))
    assert res.location is None or res.location.place_id != "gn:1"


# ---------------------------------------------------------------- districts, quarters
def test_city_district_is_the_city_with_a_district_radius(gaz: Gazetteer) -> None:
    loc = gaz.resolve("Donetsk - Kirovskyi", _ctx("UA", hint="Donetsk")).location
    assert loc is not None and loc.place_id == "gn:1"
    assert loc.uncertainty_km >= 20 and "district of Donetsk" in loc.reason


def test_quarter_named_after_its_city(gaz: Gazetteer) -> None:
    loc = gaz.resolve("Mosul al-Jadida", _ctx("IQ")).location
    assert loc is not None and loc.place_id == "gn:50" and loc.precision == "town"
    assert "begins with the city 'Mosul'" in loc.reason
    # A name starting with a generic word ("Tal") is not a quarter of "At Tall".
    assert gaz.resolve("Tal al Hadya", _ctx("SY")).location is None


# ---------------------------------------------------------------- names and spotting
def test_province_spotted_under_another_ending(gaz: Gazetteer) -> None:
    assert "hasakeh" in spot_keys_for(_PLACES[2])
    ms = gaz.spot("Shelling hit Dardara village, Hasakeh.")
    ids = {pid for m in ms if m.surface == "Hasakeh" for pid in m.place_ids}
    assert "t:sy-hs" in ids


def test_two_letter_names_need_a_kind_cue(gaz: Gazetteer) -> None:
    assert [m.surface for m in gaz.spot("Drones struck Di village on Monday.")] == ["Di"]
    assert [m.surface for m in gaz.spot("Troops entered the village of Di.")] == ["Di"]
    assert gaz.spot("Di said the UN would help.") == []


def test_admin_short_name_strips_kind_words() -> None:
    assert admin_short_name("Wilayat-e Baghlan") == "Baghlan"
    assert admin_short_name("Province du Sanmatenga") == "Sanmatenga"
    assert admin_short_name("Kozelshchyna Raion") == "Kozelshchyna"
    assert admin_short_name("Aleppo") is None


def test_covering_radius_reaches_the_farthest_member_but_not_outliers() -> None:
    members = [(50.0, 36.0 + 0.1 * i) for i in range(20)]
    r = covering_radius_km(50.0, 36.0, members)
    assert r >= haversine_km(50.0, 36.0, 50.0, 37.9)
    with_outlier = covering_radius_km(50.0, 36.0, [*members, (10.0, 10.0)])
    assert with_outlier == r  # a mis-coded point thousands of km off is ignored
    assert covering_radius_km(50.0, 36.0, [], floor_km=120.0) == 120.0


# ---------------------------------------------------------------- array store
def test_places_and_ids_come_from_the_arrays(gaz: Gazetteer) -> None:
    db = gaz._dbs[0]
    db.con.close()  # no SQLite on the lookup path: answers still come
    try:
        pl = gaz.get("gn:30")
        assert pl.name == "Mykolayiv" and pl.alt_names == ("Mykolaiv",)
        assert pl.population == 470_011 and pl.uncertainty_km == 8.0
        assert gaz.lookup("Mykolaiv", country="UA")[0].place.id == "gn:30"
        with pytest.raises(KeyError):
            gaz.get("gn:nope")
    finally:
        import sqlite3

        db.con = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True, check_same_thread=False)


def test_bucket_table_finds_every_hash(tmp_path: Path) -> None:
    hashes = np.sort(np.random.default_rng(1).integers(0, 2**63, 5000, dtype=np.uint64))
    starts = bucket_starts(hashes)
    assert starts[0] == 0 and starts[-1] == len(hashes)
    assert np.all(np.diff(starts.astype(np.int64)) >= 0)
    write_index(tmp_path / "index.sqlite", _PLACES[:3], {"kind": "test"})
    arr = open_arrays(keys_path(tmp_path / "index.sqlite"))
    assert int(arr.header["format"]) >= 4 and "k_start" in arr.a and "fm_hash" in arr.a
