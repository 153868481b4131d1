"""Unit tests of the thirteenth gazetteer pass: the district level a kind word names,
Russian romanisations and much larger namesakes in the population rule, a province named
like its capital, the sides of provinces and countries, facilities named after a town,
and 16-point compass abbreviations ("12 km SSE of X")."""

from __future__ import annotations

import pytest

from factories import PlaceRow, index_from_rows
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.geo import bearing_degrees, haversine_km
from strikemap.gazetteer.index import Gazetteer, _bearing_word

_HASAKAH = "Al-Hasakah Governorate"
_IDLIB = "Idlib Governorate"
_ZAP = "Zaporizhzhia Oblast"
_DONETSK = "Donetsk Oblast"
_LUHANSK = "Luhansk Oblast"
_HUD = "Al Hudaydah Governorate"
_NAB = "Nabatieh Governorate"
_BEY = "Beirut Governorate"

# id, name, kind, country, lat, lon, admin1, population, alternate names
_PLACES: list[PlaceRow] = [
    # A governorate, its district and the district's sub-district share a name (as
    # OCHA lists Al-Hasakeh), 30-35 km apart.
    ("t:sy08", "Al-Hasakeh", "admin1", "SY", 36.49, 40.91, _HASAKAH, 0, ()),
    ("t:sy0800", "Al-Hasakeh", "admin2", "SY", 36.21, 40.78, _HASAKAH, 0, ()),
    ("t:sy080000", "Al-Hasakeh", "district", "SY", 36.49, 40.74, _HASAKAH, 0, ()),
    # Zaporizhzhia: the city and a village, both listing the Russian spelling.
    ("t:zap", "Zaporizhzhya", "city", "UA", 47.85, 35.12, _ZAP, 710_052, ("Zaporozhye",)),
    ("t:zap-v", "Zaporizhzhya", "village", "UA", 47.30, 34.40, _ZAP, 1_073, ("Zaporozh'ye",)),
    # Bakhmut's former name is also a village's: a former name is no romanisation.
    ("t:bakhmut", "Bakhmut", "town", "UA", 48.59, 38.00, _DONETSK, 80_500, ("Artemivsk",)),
    ("t:kypuche", "Kypuche", "village", "UA", 48.30, 38.60, _LUHANSK, 2_000, ("Artemivsk",)),
    # Idlib: a town whose GeoNames aliases include a similar-sounding village's name;
    # outside the Russian-exonym countries similar skeletons are no evidence.
    ("t:mm", "Ma'arratmisrin", "town", "SY", 36.01, 36.67, _IDLIB, 32_163, ("Ma'arrat Shemarin",)),
    ("t:shamarin", "Maar Shamarin", "village", "SY", 35.62, 36.72, _IDLIB, 0, ()),
    # Nikopol: a city and, 280 km away, a hamlet of the same name.
    ("t:nikopol", "Nikopol", "city", "UA", 47.57, 34.40, "Dnipropetrovsk Oblast", 105_160, ()),
    ("t:nikopol-v", "Nikopol", "village", "UA", 48.887, 37.125, "Kharkiv Oblast", 588, ()),
    # A province whose row lists the common spelling, its capital only another one.
    ("t:hud-gov", "Al Hudaydah Governorate", "admin1", "YE", 14.7978, 42.9545, _HUD, 0,
     ("Hodeidah",)),
    ("t:hud", "Al Hudaydah", "city", "YE", 14.79781, 42.95452, _HUD, 734_699, ("El-Hodeidah",)),
    ("t:hud-port", "Hodeidah port", "landmark", "YE", 14.83, 42.93, _HUD, 0, ()),
    # A governorate named like its capital, with villages north and south of it, and
    # a city of two million whose governorate lists few places.
    ("t:nab-gov", "Nabatieh Governorate", "admin1", "LB", 33.38, 35.48, _NAB, 0, ("Nabatieh",)),
    ("t:nab", "Nabatieh", "town", "LB", 33.378, 35.484, _NAB, 40_000, ()),
    *[(f"t:nab-n{i}", f"Shamaliya {i}", "village", "LB", 33.50 + i / 100, 35.45 + i / 50, _NAB,
       500, ()) for i in range(5)],
    *[(f"t:nab-s{i}", f"Janubiya {i}", "village", "LB", 33.20 + i / 100, 35.45 + i / 50, _NAB,
       500, ()) for i in range(5)],
    ("t:hit", "Hit", "town", "IQ", 33.64, 42.83, "Anbar Governorate", 44_000, ()),
    ("t:lb", "Lebanon", "country", "LB", 33.82, 35.66, None, 6_848_925, ()),
    # Donetsk: the Ukrainian city and a Russian town of the same name.
    ("t:donetsk", "Donetsk", "city", "UA", 48.02, 37.80, "Donetsk Oblast", 901_645, ()),
    ("t:donetsk-ru", "Donetsk", "town", "RU", 48.34, 39.95, "Rostov Oblast", 47_000, ()),
    ("t:beirut-gov", "Beirut Governorate", "admin1", "LB", 33.89, 35.50, _BEY, 0, ("Beirut",)),
    ("t:beirut", "Beirut", "city", "LB", 33.893, 35.502, _BEY, 1_916_100, ()),
    ("t:conoco", "Conoco gas field", "landmark", "SY", 35.38, 40.30, "Deir ez-Zor Governorate", 0,
     ()),
]  # fmt: skip


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return index_from_rows(tmp_path_factory.mktemp("gaz13"), _PLACES, 3.0)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hasakah District", "t:sy0800"),  # the mintaqa (admin2)
        ("Hasakah Subdistrict", "t:sy080000"),  # the nahiya (admin3)
    ],
)
def test_district_word_picks_its_level(gaz: Gazetteer, name: str, expected: str) -> None:
    loc = gaz.resolve(name, ResolveContext(countries=("SY",))).location
    assert loc is not None
    assert loc.place_id == expected
    assert loc.precision == "district"


def test_russian_romanisation_of_a_large_city_wins_the_tie(gaz: Gazetteer) -> None:
    res = gaz.resolve("Zaporozhye", ResolveContext(countries=("UA",)))
    assert res.location is not None
    assert res.location.place_id == "t:zap"


def test_former_name_shared_with_a_village_stays_ambiguous(gaz: Gazetteer) -> None:
    res = gaz.resolve("Artemivsk", ResolveContext(countries=("UA",)))
    assert res.location is None
    assert "ambiguous" in res.reason


def test_similar_alias_outside_russian_exonym_countries_does_not_dominate(
    gaz: Gazetteer,
) -> None:
    res = gaz.resolve("Mar Shmareen", ResolveContext(countries=("SY",), admin_hint="Idlib"))
    assert res.location is None or res.location.place_id != "t:mm"


@pytest.mark.parametrize(
    ("word", "degrees"),
    [("SSE", 157.5), ("wnw", 292.5), ("south-south-east", 157.5), ("ENE", 67.5), ("NE", 45.0)],
)
def test_sixteen_point_compass_words(word: str, degrees: float) -> None:
    assert bearing_degrees(_bearing_word(word) or "") == degrees


def test_distance_along_a_sixteen_point_bearing(gaz: Gazetteer) -> None:
    res = gaz.resolve("20 km SSE of Zaporizhzhya", ResolveContext(countries=("UA",)))
    loc = res.location
    assert loc is not None
    assert loc.precision == "relative"
    assert loc.bearing == "south-south-east"
    assert loc.lat < 47.85 and loc.lon > 35.12  # south, a little east
    assert haversine_km(47.85, 35.12, loc.lat, loc.lon) == pytest.approx(20.0, abs=0.1)


@pytest.mark.parametrize(
    ("nearby", "expected"),
    [
        (((48.53, 37.70),), "t:nikopol"),  # 60 km from the hamlet: no pointer to it
        ((), "t:nikopol"),
        (((48.98, 37.12),), "t:nikopol-v"),  # 11 km: the report's places point at it
    ],
)
def test_much_larger_namesake_wins_unless_the_reports_places_point_at_the_village(
    gaz: Gazetteer, nearby: tuple[tuple[float, float], ...], expected: str
) -> None:
    loc = gaz.resolve("Nikopol", ResolveContext(countries=("UA",), nearby=nearby)).location
    assert loc is not None
    assert loc.place_id == expected


@pytest.mark.parametrize(
    ("name", "expected", "precision"),
    [
        ("Hodeidah", "t:hud", "town"),  # bare: the city at the province's capital
        ("Hodeidah province", "t:hud-gov", "admin1"),
    ],
)
def test_bare_province_name_means_the_city_at_its_capital(
    gaz: Gazetteer, name: str, expected: str, precision: str
) -> None:
    loc = gaz.resolve(name, ResolveContext(countries=("YE",))).location
    assert loc is not None
    assert (loc.place_id, loc.precision) == (expected, precision)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("US jets struck targets near Hodeidah port on Saturday.", "Hodeidah port"),
        ("Drones hit the Conoco gas field overnight.", "Conoco gas field"),
    ],
)
def test_spot_takes_lower_case_landmark_heads_into_the_name(
    gaz: Gazetteer, text: str, surface: str
) -> None:
    assert [m.surface for m in gaz.spot(text)] == [surface]


@pytest.mark.parametrize("name", ["southern Nabatieh", "south Nabatieh Governorate"])
def test_side_of_a_province_is_where_its_places_on_that_side_lie(gaz: Gazetteer, name: str) -> None:
    loc = gaz.resolve(name, ResolveContext(countries=("LB",))).location
    assert loc is not None
    assert loc.precision == "region"
    # The five southern villages lie at 33.20-33.24 N: the part's centre is theirs,
    # its circle holds them and not the northern ones.
    assert loc.lat == pytest.approx(33.22, abs=0.01)
    assert loc.uncertainty_km < haversine_km(loc.lat, loc.lon, 33.50, 35.45)


def test_central_part_is_the_half_nearest_the_centre(gaz: Gazetteer) -> None:
    loc = gaz.resolve("central Nabatieh", ResolveContext(countries=("LB",))).location
    assert loc is not None
    assert loc.precision == "region"
    assert 33.25 < loc.lat < 33.45


def test_side_of_a_big_city_is_part_of_the_city(gaz: Gazetteer) -> None:
    loc = gaz.resolve("eastern Beirut", ResolveContext(countries=("LB",))).location
    assert loc is not None
    assert loc.precision == "relative"
    assert (loc.lat, loc.lon) == (33.893, 35.502)


def test_area_listing_too_few_places_keeps_its_circle(gaz: Gazetteer) -> None:
    loc = gaz.resolve("northern Beirut Governorate", ResolveContext(countries=("LB",))).location
    assert loc is not None
    assert loc.precision == "admin1"
    assert (loc.lat, loc.lon) == (33.89, 35.50)


def test_side_of_a_country_moves_but_stays_country_level(gaz: Gazetteer) -> None:
    loc = gaz.resolve("southern Lebanon", ResolveContext(countries=("LB",))).location
    assert loc is not None
    # Summaries say "in southern Lebanon": as coarse as a country, at its south.
    assert loc.precision == "country"
    assert loc.lat < 33.3


def test_much_larger_namesake_wins_whatever_the_order_of_the_report_countries(
    gaz: Gazetteer,
) -> None:
    loc = gaz.resolve("Donetsk", ResolveContext(countries=("RU", "UA"))).location
    assert loc is not None
    assert loc.place_id == "t:donetsk"


@pytest.mark.parametrize(
    ("name", "precision"),
    [
        ("Nikopol airport", "relative"),  # usually outside the town: near it
        ("Nikopol thermal power plant", "relative"),
        ("Nikopol hospital", "town"),  # in the town: the town's circle
    ],
)
def test_facility_named_after_a_town(gaz: Gazetteer, name: str, precision: str) -> None:
    loc = gaz.resolve(name, ResolveContext(countries=("UA",))).location
    assert loc is not None
    assert (loc.lat, loc.lon) == (47.57, 34.40)
    assert loc.precision == precision
    assert (loc.uncertainty_km > 10) == (precision == "relative")


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("RUSSIAN STRIKES HIT NIKOPOL", ["NIKOPOL"]),  # a headline's verb is no town
        ("Fighters retreated to Hit on Monday.", ["Hit"]),  # the town of Hit, Anbar
    ],
)
def test_capitalised_headline_verbs_are_not_towns(
    gaz: Gazetteer, text: str, surfaces: list[str]
) -> None:
    assert [m.surface for m in gaz.spot(text)] == surfaces


@pytest.mark.parametrize(
    ("name", "precision", "reason"),
    [
        ("Beirut's Haret Hreik district", "town", "district of Beirut"),  # a part of the city
        ("Nikopol's outskirts", "relative", "outskirts of anchor"),
        ("Nikopol's airport", "relative", "usually lie outside the town"),
    ],
)
def test_possessive_names(gaz: Gazetteer, name: str, precision: str, reason: str) -> None:
    loc = gaz.resolve(name, ResolveContext(countries=("LB", "UA"))).location
    assert loc is not None
    assert loc.name == name
    assert loc.precision == precision
    assert reason in loc.reason


@pytest.mark.parametrize("name", ["Nikopol city centre", "old city of Nikopol", "Nikopol old city"])
def test_centre_and_old_city_of_a_town_are_in_the_town(gaz: Gazetteer, name: str) -> None:
    loc = gaz.resolve(name, ResolveContext(countries=("UA",))).location
    assert loc is not None
    assert (loc.precision, loc.lat, loc.lon) == ("town", 47.57, 34.40)
