"""Rules of pass 14, found by pasting 2023-2025 reports (India and Pakistan, Iran, Sudan,
Somalia, Nigeria, Syria): a namesake known by the name only as an alternate name, the
compass forms of area names, a qualifier before a container ("Russian-occupied"), a
speaking military and state militaries as actors."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import PlaceRow, index_from_rows
from strikemap.extract import extract_report
from strikemap.extract.actors import best_actor, find_actor_mentions, load_actor_table
from strikemap.gazetteer.base import Resolution, ResolveContext
from strikemap.gazetteer.build import admin_compass_form
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Extraction
from strikemap.read import read_text

_PUNJAB = "Punjab"
_DONETSK = "Donetsk Oblast"
_DEZ = "Deir ez-Zor Governorate"

# id, name, kind, country, lat, lon, admin1, population, alternate names
_PLACES: list[PlaceRow] = [
    ("t:pk", "Pakistan", "country", "PK", 30.0, 70.0, None, 220_000_000, ()),
    ("t:in", "India", "country", "IN", 22.0, 79.0, None, 1_400_000_000, ()),
    # GeoNames lists the city's name on a town 166 km away as an alternate name.
    ("t:bahawalpur", "Bahawalpur", "city", "PK", 29.40, 71.68, _PUNJAB, 903_795, ()),
    ("t:bahawalnagar", "Bahawalnagar", "city", "PK", 29.99, 73.25, _PUNJAB, 241_873,
     ("Bahawalpur",)),
    # India's admin1 "Kashmir"; Pakistan's part is "Azad Kashmir".
    ("t:kashmir-in", "Kashmir", "admin1", "IN", 34.08, 74.80, "Kashmir", 0, ()),
    ("t:srinagar", "Srinagar", "city", "IN", 34.08, 74.80, "Kashmir", 1_180_570, ()),
    ("t:azad", "Azad Kashmir", "admin1", "PK", 34.37, 73.47, "Azad Kashmir", 0, ()),
    ("t:muzaffarabad", "Muzaffarabad", "city", "PK", 34.37, 73.47, "Azad Kashmir", 725_000, ()),
    ("t:punjab-pk", "Punjab", "admin1", "PK", 31.55, 74.34, _PUNJAB, 0, ()),
    ("t:lahore", "Lahore", "city", "PK", 31.55, 74.34, _PUNJAB, 6_310_888, ()),
    # Bakhmut's former name is a village's own name: a former name is not "another
    # name" the village may win by.
    ("t:bakhmut", "Bakhmut", "town", "UA", 48.59, 38.00, _DONETSK, 80_500, ("Artemivsk",)),
    ("t:artemivsk-v", "Artemivsk", "village", "UA", 48.30, 38.60, "Luhansk Oblast", 2_000, ()),
    # A town listing a village's name; the village (of unknown size, as OCHA lists
    # places) is not outvoted by the town, nor the town by the village.
    ("t:hajin", "Hajin", "town", "SY", 34.695, 40.831, _DEZ, 29_237, ("Abu Hardub",)),
    ("t:hardub", "Abu Hardub", "village", "SY", 34.853, 40.628, _DEZ, 0, ()),
    ("t:ua", "Ukraine", "country", "UA", 49.0, 32.0, None, 41_000_000, ()),
    ("t:donetsk-obl", "Donetsk Oblast", "admin1", "UA", 48.02, 37.80, _DONETSK, 0,
     ("Donetsk region",)),
    ("t:horlivka", "Horlivka", "city", "UA", 48.30, 38.05, _DONETSK, 250_000, ()),
    ("t:kharkiv-obl", "Kharkiv Oblast", "admin1", "UA", 49.98, 36.25, "Kharkiv Oblast", 0,
     ("Kharkiv region",)),
    ("t:kharkiv", "Kharkiv", "city", "UA", 49.98, 36.25, "Kharkiv Oblast", 1_421_125, ()),
    ("t:sd", "Sudan", "country", "SD", 15.0, 30.0, None, 45_000_000, ()),
    ("t:n-darfur", "Northern Darfur", "admin1", "SD", 13.63, 25.35, "Northern Darfur", 0,
     (admin_compass_form("Northern Darfur") or "",)),
    ("t:fasher", "El Fasher", "city", "SD", 13.63, 25.35, "Northern Darfur", 264_734, ()),
    ("t:ng", "Nigeria", "country", "NG", 9.0, 8.0, None, 200_000_000, ()),
    ("t:kaduna-state", "Kaduna", "admin1", "NG", 10.52, 7.44, "Kaduna", 0, ()),
    ("t:kaduna", "Kaduna", "city", "NG", 10.52, 7.44, "Kaduna", 1_850_000, ()),
    ("t:sy", "Syria", "country", "SY", 35.0, 38.0, None, 21_000_000, ()),
    ("t:damascus-gov", "Damascus Governorate", "admin1", "SY", 33.51, 36.29,
     "Damascus Governorate", 0, ("Damascus",)),
    ("t:damascus", "Damascus", "city", "SY", 33.51, 36.29, "Damascus Governorate", 1_569_394, ()),
    ("t:mezzeh", "Mezzeh military airport", "landmark", "SY", 33.477, 36.223,
     "Damascus Governorate", 0, ("Mezzeh airbase",)),
]  # fmt: skip


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return index_from_rows(tmp_path_factory.mktemp("pass14"), _PLACES, 3.0)


def _run(text: str, gaz: Gazetteer) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=dt.date(2025, 5, 7)), gaz)


def _resolve(
    gaz: Gazetteer, name: str, countries: tuple[str, ...], hint: str | None = None
) -> Resolution:
    return gaz.resolve(name, ResolveContext(countries=countries, admin_hint=hint))


@pytest.mark.parametrize("countries", [("PK",), ("IN", "PK"), ()])
def test_own_name_beats_a_namesake_listing_it_as_another_name(
    gaz: Gazetteer, countries: tuple[str, ...]
) -> None:
    res = _resolve(gaz, "Bahawalpur", countries)
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
    gaz: Gazetteer, name: str, countries: tuple[str, ...]
) -> None:
    res = _resolve(gaz, name, countries)
    assert res.location is None
    assert "ambiguous" in res.reason


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


def test_divided_area_hint_takes_in_its_named_part(gaz: Gazetteer) -> None:
    # "Kashmir" resolves to India's admin1; Muzaffarabad lies in Pakistan's "Azad Kashmir".
    res = _resolve(gaz, "Muzaffarabad", ("IN", "PK"), hint="Kashmir")
    assert res.location is not None and res.location.place_id == "t:muzaffarabad"


def test_landmark_with_a_lower_case_military_word_is_spotted(gaz: Gazetteer) -> None:
    [m] = gaz.spot("Israeli jets hit the Mezzeh military airport in Damascus.")[:1]
    assert m.surface == "Mezzeh military airport"
    ex = _run("Israeli jets hit the Mezzeh military airport in Damascus on Sunday.", gaz)
    assert [e.location.name for e in ex.events] == ["Mezzeh military airport"]
    assert ex.unresolved == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Drones hit Horlivka in Russian-occupied Donetsk region and Kharkiv in Kharkiv region.",
        "Drones hit Horlivka in the Russian-occupied part of Donetsk region and Kharkiv in "
        "Kharkiv region.",
        "Drones hit Horlivka in occupied Donetsk region and Kharkiv in Kharkiv region.",
    ],
)
def test_qualified_container_still_contains(gaz: Gazetteer, sentence: str) -> None:
    ex = _run(sentence, gaz)
    # Two strikes, in two towns; neither region is a strike place of its own.
    assert sorted(e.location.name for e in ex.events) == ["Horlivka", "Kharkiv"]


@pytest.mark.parametrize(
    ("sentence", "town"),
    [
        ("Missiles hit Muzaffarabad in Pakistani Kashmir and Bahawalpur in Punjab province.",
         "Muzaffarabad"),
        ("Missiles hit Muzaffarabad in Pakistani Kashmir and Bahawalpur in Punjab province "
         "on Wednesday.", "Muzaffarabad"),
    ],
)  # fmt: skip
def test_nationality_or_administration_before_an_area(
    gaz: Gazetteer, sentence: str, town: str
) -> None:
    ex = _run(sentence, gaz)
    assert sorted(e.location.name for e in ex.events) == ["Bahawalpur", town]


def test_administering_country_is_a_qualifier_not_a_place(gaz: Gazetteer) -> None:
    ex = _run("Missiles hit Muzaffarabad in Pakistan-administered Kashmir on Wednesday.", gaz)
    assert [e.location.name for e in ex.events] == ["Muzaffarabad"]


def test_compass_form_of_a_province_is_the_container(gaz: Gazetteer) -> None:
    ex = _run("An RSF drone strike on a market in El Fasher in North Darfur killed 15.", gaz)
    assert [e.location.name for e in ex.events] == ["El Fasher"]


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        # The speaking military is not the striker; the missiles' nationality is.
        ("Pakistan's military said Indian missiles hit Bahawalpur.", "India"),
        ("India said on Wednesday it had struck Bahawalpur.", "India"),
        ("Russian forces said they hit Kharkiv overnight.", "Russia"),
        ("A Nigerian army drone attack killed 85 civilians in Kaduna.", "Nigeria"),
        ("The Ethiopian National Defense Force bombed a market.", "Ethiopia"),
    ],
)
def test_striker_among_speakers_and_state_militaries(sentence: str, actor: str) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table())) == actor


def test_speaking_military_alone_is_no_striker() -> None:
    mentions = find_actor_mentions(
        "Pakistan's military said missiles hit Bahawalpur.", load_actor_table()
    )
    assert best_actor(mentions) is None
