"""Choosing among places that share a name: common village names fall back to the province
or are widened to cover close namesakes, a much larger place wins its own name (and its
Russian romanisation) but not a former or alternate name, and the report's places can
point at the smaller namesake."""

from __future__ import annotations

from pathlib import Path

import pytest

from sample_gazetteers import (
    built_index,
    lookalike_index,
    region_index,
    syrian_place,
    war_zone_index,
)
from strikemap.gazetteer.base import Resolution, ResolveContext
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Place


@pytest.fixture(scope="module")
def lookalikes(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return lookalike_index(tmp_path_factory.mktemp("lookalikes"))


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return region_index(tmp_path_factory.mktemp("regions"))


@pytest.fixture(scope="module")
def war_zones(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return war_zone_index(tmp_path_factory.mktemp("war-zones"))


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """A 25k town "Qabbasin" far from an OCHA village "Qabasin" (no population) that
    GeoNames lists, 0.3 km away, as the 300k town "Kabbasin"."""
    d = tmp_path_factory.mktemp("twins")

    def town(pid: str, name: str, lat: float, lon: float, pop: int, alts: tuple[str, ...]) -> Place:
        return Place(
            pid, name, "town", "SY", lat, lon, admin1="Aleppo Governorate", population=pop,
            alt_names=alts, uncertainty_km=3.0, source="geonames",
        )  # fmt: skip

    places = [
        town("gn:small", "Qabbasin", 36.30, 38.15, 25_000, ("Qabasin",)),
        town("gn:big", "Kabbasin", 36.433, 37.569, 300_000, ()),
        syrian_place("ocha:C1", "Qabasin", 36.433, 37.567, "Aleppo Governorate"),
    ]
    return built_index(d, places)


def _ctx(*countries: str, hint: str | None = None, kind: str | None = None) -> ResolveContext:
    return ResolveContext(countries=countries, admin_hint=hint, kind_hint=kind)


def _resolve(
    gaz: Gazetteer, name: str, countries: tuple[str, ...], hint: str | None = None
) -> Resolution:
    return gaz.resolve(name, ResolveContext(countries=countries, admin_hint=hint))


# ---------------------------------------------------------------- common names
def test_common_village_name_in_a_province_falls_back_to_the_province(
    lookalikes: Gazetteer,
) -> None:
    res = lookalikes.resolve("Mykhaylivka", _ctx("UA", hint="Donetsk"))
    assert res.location is None
    assert res.fallback is not None and res.fallback.place_id == "t:ua-dn"
    assert "common name" in res.reason and "5 places" in res.reason


def test_common_name_with_close_namesakes_is_widened_to_cover_them(lookalikes: Gazetteer) -> None:
    loc = lookalikes.resolve("Katerynivka", _ctx("UA", hint="Luhansk")).location
    assert loc is not None and loc.precision == "district" and loc.place_id is None
    assert "common name" in loc.reason and "centroid" in loc.reason
    for lat, lon in ((48.60, 38.70), (48.70, 38.75)):
        assert haversine_km(loc.lat, loc.lon, lat, lon) <= loc.uncertainty_km


# ---------------------------------------------------------------- much larger namesakes
def test_a_much_larger_place_wins_its_own_name_but_not_a_former_one(
    lookalikes: Gazetteer,
) -> None:
    loc = lookalikes.resolve("Mykolaiv", _ctx("UA")).location
    assert loc is not None and loc.place_id == "gn:30"
    # Donetsk's former name does not beat the villages of that name.
    res = lookalikes.resolve("Oleksandrivka", _ctx("UA"))
    assert res.location is None or res.location.place_id != "gn:1"


@pytest.mark.parametrize(
    ("nearby", "expected"),
    [
        (((48.53, 37.70),), "t:nikopol"),  # 60 km from the hamlet: no pointer to it
        ((), "t:nikopol"),
        (((48.98, 37.12),), "t:nikopol-v"),  # 11 km: the report's places point at it
    ],
)
def test_much_larger_namesake_wins_unless_the_reports_places_point_at_the_village(
    regions: Gazetteer, nearby: tuple[tuple[float, float], ...], expected: str
) -> None:
    loc = regions.resolve("Nikopol", ResolveContext(countries=("UA",), nearby=nearby)).location
    assert loc is not None
    assert loc.place_id == expected


def test_much_larger_namesake_wins_whatever_the_order_of_the_report_countries(
    regions: Gazetteer,
) -> None:
    loc = regions.resolve("Donetsk", ResolveContext(countries=("RU", "UA"))).location
    assert loc is not None
    assert loc.place_id == "t:donetsk"


def test_a_namesake_is_not_dominant_over_a_far_place_whose_twin_is_larger(twins: Gazetteer) -> None:
    res = twins.resolve("Qabasin", ResolveContext(countries=("SY",)))
    # The OCHA village ranks second with no population of its own, but GeoNames lists
    # the same place as a town of 300k: the 25k namesake must not win the tie, and
    # the place 12 times larger wins it.
    assert res.location is not None
    assert res.location.place_id == "ocha:C1"
    assert "much larger than its namesake" in res.reason


# ---------------------------------------------------------------- romanisations
def test_russian_romanisation_of_a_large_city_wins_the_tie(regions: Gazetteer) -> None:
    res = regions.resolve("Zaporozhye", ResolveContext(countries=("UA",)))
    assert res.location is not None
    assert res.location.place_id == "t:zap"


def test_similar_alias_outside_russian_exonym_countries_does_not_dominate(
    regions: Gazetteer,
) -> None:
    res = regions.resolve("Mar Shmareen", ResolveContext(countries=("SY",), admin_hint="Idlib"))
    assert res.location is None or res.location.place_id != "t:mm"


# ---------------------------------------------------------------- former and other names
def test_former_name_shared_with_a_village_stays_ambiguous(regions: Gazetteer) -> None:
    res = regions.resolve("Artemivsk", ResolveContext(countries=("UA",)))
    assert res.location is None
    assert "ambiguous" in res.reason


@pytest.mark.parametrize("countries", [("PK",), ("IN", "PK"), ()])
def test_own_name_beats_a_namesake_listing_it_as_another_name(
    war_zones: Gazetteer, countries: tuple[str, ...]
) -> None:
    res = _resolve(war_zones, "Bahawalpur", countries)
    assert res.location is not None and res.location.place_id == "t:bahawalpur"
    assert "only as another name" in res.location.reason


@pytest.mark.parametrize(
    ("name", "countries"),
    [
        # The village bearing Bakhmut's former name is smaller: no decision.
        ("Artemivsk", ("UA",)),
        # A village of unknown size against a town listing its name: no decision.
        ("Abu Hardub", ("SY",)),
    ],
)
def test_own_name_does_not_decide_for_a_smaller_or_unsized_place(
    war_zones: Gazetteer, name: str, countries: tuple[str, ...]
) -> None:
    res = _resolve(war_zones, name, countries)
    assert res.location is None
    assert "ambiguous" in res.reason


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """Far-apart villages "Zorianka": one counted (5,000 people), two GeoNames hamlets
    without a population, and "Tykhivka": one counted and one from a layer that lists
    no populations (OCHA-like)."""
    d = tmp_path_factory.mktemp("counted")

    def village(pid: str, name: str, lat: float, lon: float, pop: int) -> Place:
        return Place(
            pid, name, "village", "UA", lat, lon, admin1="Test Oblast", population=pop,
            uncertainty_km=2.0, source="test",
        )  # fmt: skip

    return built_index(
        d,
        [
            village("gn:z1", "Zorianka", 46.7, 32.5, 5_000),
            village("gn:z2", "Zorianka", 49.5, 37.4, 0),
            village("gn:z3", "Zorianka", 50.5, 30.0, 0),
            village("gn:t1", "Tykhivka", 46.7, 32.5, 5_000),
            village("ocha:t2", "Tykhivka", 49.5, 37.4, 0),
        ],
    )


def test_a_village_with_people_on_record_wins_over_uncounted_namesakes(
    counted: Gazetteer,
) -> None:
    r = counted.resolve("Zorianka", _ctx("UA"))
    assert r.location is not None and r.location.place_id == "gn:z1"
    assert "no population on record" in r.reason


def test_a_layer_listing_no_populations_says_nothing_of_size(counted: Gazetteer) -> None:
    assert counted.resolve("Tykhivka", _ctx("UA")).location is None


def test_a_province_wins_its_name_over_a_far_village(tmp_path: Path) -> None:
    gaz = built_index(
        tmp_path,
        [
            Place(
                "t:obl", "Zorian Oblast", "admin1", "UA", 45.0, 34.0, admin1="Zorian Oblast",
                alt_names=("Зорянщина",), uncertainty_km=100.0, source="test",
            ),
            Place(
                "gn:v", "Zorianshchyna", "village", "RU", 47.3, 39.5, admin1="Rostov",
                population=4_000, alt_names=("Зорянщина",), uncertainty_km=2.0,
                source="test",
            ),
        ],
    )  # fmt: skip
    r = gaz.resolve("Зорянщина", _ctx("UA", "RU"))
    assert r.location is not None and r.location.place_id == "t:obl"
