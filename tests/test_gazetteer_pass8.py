"""Unit tests of the eighth gazetteer pass: "X, City" containers, unknown neighbourhoods
named with their governorate, descriptive wrappers, OCHA names with the district
appended, feminine endings before qualifiers, and re-keying layers of older key rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from strikemap.gazetteer import _store
from strikemap.gazetteer import index as index_mod
from strikemap.gazetteer._store import KEY_VERSION, read_meta, write_index
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.importers import _district_stems
from strikemap.gazetteer.index import Gazetteer, load_gazetteer
from strikemap.gazetteer.normalize import normalize_name, variant_key, vowel_shape
from strikemap.model import Place

SY = ("SY",)


def _gov(pid: str, name: str, lat: float, lon: float, radius: float) -> Place:
    short = name.replace(" Governorate", "")
    return Place(
        pid, name, "admin1", "SY", lat, lon, admin1=name, alt_names=(short,),
        uncertainty_km=radius, source="curated",
    )  # fmt: skip


def _town(
    pid: str, name: str, lat: float, lon: float, a1: str, pop: int = 0, kind: str = "town"
) -> Place:
    return Place(
        pid, name, kind, "SY", lat, lon, admin1=a1, population=pop,  # type: ignore[arg-type]
        uncertainty_km=8.0 if pop > 100_000 else 3.0 if pop else 2.0,
    )  # fmt: skip


PLACES = (
    _gov("t:alg", "Aleppo Governorate", 36.2, 37.6, 90.0),
    _town("t:alc", "Aleppo", 36.20, 37.16, "Aleppo Governorate", 2_000_000, "city"),
    # A namesake village of an Aleppo neighbourhood, ~120 km east of the city.
    _town("t:bab", "Bab Elhadid", 36.47, 38.54, "Aleppo Governorate"),
    _town("t:rif", "Tall Rifaat", 36.47, 37.09, "Aleppo Governorate", 25_000),
    _gov("t:rqg", "Raqqa Governorate", 35.9, 38.9, 80.0),
    _town("t:rqc", "Ar Raqqah", 35.95, 39.01, "Raqqa Governorate", 530_000, "city"),
    _town("t:tbq", "Al-Tabqa", 35.84, 38.55, "Raqqa Governorate", 88_000),
    _gov("t:dmg", "Damascus Governorate", 33.51, 36.29, 60.0),
    _town("t:dmc", "Damascus", 33.51, 36.29, "Damascus Governorate", 1_500_000, "city"),
    _gov("t:hsg", "Al-Hasakah Governorate", 36.5, 40.7, 120.0),
    _town("t:hsc", "Al Hasakah", 36.50, 40.75, "Al-Hasakah Governorate", 420_000, "city"),
    _town("t:qam", "Al Qamishli", 37.05, 41.23, "Al-Hasakah Governorate", 180_000, "city"),
)


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("gaz8")
    write_index(d / "index.sqlite", PLACES, {"kind": "test"})
    return load_gazetteer(d, build=False)


def _loc(gaz: Gazetteer, name: str, hint: str | None = None) -> Place | None:
    loc = gaz.resolve(name, ResolveContext(countries=SY, admin_hint=hint)).location
    return None if loc is None else gaz.get(loc.place_id) if loc.place_id else None


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
    gaz: Gazetteer, name: str, city: str
) -> None:
    loc = gaz.resolve(name, ResolveContext(countries=SY)).location
    assert loc is not None and loc.place_id == city, name
    assert loc.precision == "town" and "not in gazetteer" in loc.reason
    assert loc.name == name


@pytest.mark.parametrize("name", ["Bibaka, Aleppo", "Kafr Halab village, Aleppo"])
def test_unknown_place_named_with_a_governorate_city_is_not_put_in_the_city(
    gaz: Gazetteer, name: str
) -> None:
    # Without an intra-urban kind word X may be any village of Aleppo governorate; a
    # settlement word says so outright. The governorate is all that is supported.
    res = gaz.resolve(name, ResolveContext(countries=SY))
    assert res.location is None
    assert res.fallback is not None and res.fallback.precision == "admin1"


def test_container_vetoes_a_far_namesake(gaz: Gazetteer) -> None:
    ctx = ResolveContext(countries=SY, admin_hint="Aleppo")
    loc = gaz.resolve("Bab al Hadid neighbourhood, Aleppo", ctx).location
    assert loc is not None and loc.place_id == "t:alc"
    assert "container is preferred" in loc.reason and "km from Aleppo" in loc.reason
    # The village itself is still found when named alone.
    village = gaz.resolve("Bab al Hadid", ctx).location
    assert village is not None and village.place_id == "t:bab"


def test_relation_after_the_comma_is_no_container(gaz: Gazetteer) -> None:
    # "X, north of Y" puts X somewhere north of Y, not inside Y.
    res = gaz.resolve("Tbeesh, north of Tall Rifaat", ResolveContext(countries=SY))
    assert res.location is None


# ---------------------------------------------------------------- admin hint seat
@pytest.mark.parametrize(
    ("name", "hint", "city"),
    [
        ("Al Badou neighbourhood", "Ar Raqqah", "t:rqc"),
        ("Al Naim roundabout", "Raqqa", "t:rqc"),
        ("Hai al Sinaa", "Aleppo", "t:alc"),
    ],
)
def test_unknown_neighbourhood_goes_to_the_seat_city_of_the_hint(
    gaz: Gazetteer, name: str, hint: str, city: str
) -> None:
    loc = gaz.resolve(name, ResolveContext(countries=SY, admin_hint=hint)).location
    assert loc is not None and loc.place_id == city
    assert "not in the gazetteer" in loc.reason and hint in loc.reason
    assert loc.precision == "town"


def test_seat_city_needs_a_kind_word_and_a_dominant_seat(gaz: Gazetteer) -> None:
    # A bare unknown name in a governorate is usually a village: not placed.
    assert (
        gaz.resolve("Al Badou", ResolveContext(countries=SY, admin_hint="Raqqa")).location is None
    )
    # Hasakah governorate also holds Qamishli (not 3x smaller): a neighbourhood may be
    # in either city.
    res = gaz.resolve("Jarnak neighbourhood", ResolveContext(countries=SY, admin_hint="Hasakah"))
    assert res.location is None and res.fallback is not None


# ---------------------------------------------------------------- wrappers
def test_city_centre_wrapper_resolves_the_place(gaz: Gazetteer) -> None:
    loc = gaz.resolve("city centre of Tal Rifaat", ResolveContext(countries=SY)).location
    assert loc is not None and loc.place_id == "t:rif"


@pytest.mark.parametrize("name", ["Desert of Tal Rifaat town", "in the area of Tal Rifaat"])
def test_desert_and_area_of_are_relative_to_the_place(gaz: Gazetteer, name: str) -> None:
    loc = gaz.resolve(name, ResolveContext(countries=SY)).location
    assert loc is not None and loc.precision == "relative"
    assert loc.anchor_name == "Tall Rifaat"
    assert loc.uncertainty_km >= 10.0  # the anchor's radius widened, never narrowed
    assert haversine_km(loc.lat, loc.lon, 36.47, 37.09) < 1.0


# ---------------------------------------------------------------- OCHA naming
@pytest.mark.parametrize(
    ("name", "admins", "stems"),
    [
        ("Mreimin Afrin", ("Afrin", "Afrin"), ["Mreimin"]),
        ("Zaydiyeh Ras El Ein", (None, "Ras Al Ain"), ["Zaydiyeh"]),
        ("Samuqet Aazaz", ("A'zaz", None), ["Samuqet"]),
        ("Al-Malikeyyeh", ("Al-Malikeyyeh", None), []),  # only an article would be left
        ("Upper Makhrim", ("Al Makhrim", None), []),  # only a qualifier
        ("Tal Afrin", ("Afrin", None), []),  # a bare generic word is no name
        ("Kafr Nabutha", ("Khan Shaykhun", None), []),
    ],
)
def test_district_suffix_is_dropped_into_an_alias(
    name: str, admins: tuple[str | None, ...], stems: list[str]
) -> None:
    assert _district_stems(name, admins) == stems


def test_feminine_ending_before_a_qualifier() -> None:
    def v(s: str) -> str:
        return variant_key(normalize_name(s))

    assert vowel_shape(v("Urma al-Kubra")) == vowel_shape(v("Big Orm"))
    assert v("Hamra al-Kubra") == v("Big Hamrah")
    # Without a qualifier the ending stays: "Hamra" and "Hamr" are two names.
    assert v("Hamra") != v("Hamr")


# ---------------------------------------------------------------- key versions
def _old_layer(d: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write a layer whose keys follow other (older) rules, stamped with version 10."""
    layer = d / "layers" / "old.sqlite"
    with monkeypatch.context() as m:
        m.setattr(_store, "normalize_name", lambda s: "old " + s.upper())
        m.setattr(_store, "skeleton_key", lambda s: "old" + s.upper())
        write_index(
            layer,
            [_town("t:old", "Kafr Nabutha", 35.6, 36.6, "Idlib Governorate")],
            {"kind": "layer", "layer": "old", "source": "test fixture"},
        )
    con = sqlite3.connect(layer)
    con.execute("UPDATE meta SET v = '10' WHERE k = 'key_version'")
    con.commit()
    con.close()
    return layer


def test_layer_of_older_key_rules_is_rekeyed_on_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_index(tmp_path / "index.sqlite", PLACES, {"kind": "test"})
    layer = _old_layer(tmp_path, monkeypatch)
    assert read_meta(layer)["key_version"] == "10"
    g = load_gazetteer(tmp_path, build=False)
    try:
        loc = g.resolve("Kafr Nabutha", ResolveContext(countries=SY)).location
        assert loc is not None and loc.place_id == "t:old"
    finally:
        g.close()
    meta = read_meta(layer)
    assert meta["key_version"] == KEY_VERSION and meta["source"] == "test fixture"


def test_layer_that_cannot_be_rekeyed_says_how_to_reimport(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_index(tmp_path / "index.sqlite", PLACES, {"kind": "test"})
    _old_layer(tmp_path, monkeypatch)

    def fail(path: Path) -> int:
        raise OSError("read-only file system")

    monkeypatch.setattr(index_mod, "rekey_index", fail)
    with pytest.raises(RuntimeError, match=r"'old'.*re-import it: strikemap gazetteer import"):
        load_gazetteer(tmp_path, build=False)
