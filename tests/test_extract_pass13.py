"""Extraction rules of pass 13, on a small real index: a relation written right after a
strike place describes it, a speaker's nationality is no striker, and a side adjective
before a place asks for that side of it."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import PlaceRow, index_from_rows
from strikemap.extract import extract_report
from strikemap.extract.actors import best_actor, find_actor_mentions, load_actor_table
from strikemap.extract.claims import find_claimant, find_targets
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Extraction
from strikemap.read import read_text

_GAZA = "Gaza Strip"
_SANAA = "Amanat al-Asimah"

# id, name, kind, country, lat, lon, admin1, population, alternate names
_PLACES: list[PlaceRow] = [
    ("t:ps", "Palestine", "country", "PS", 31.9, 35.2, None, 5_000_000, ()),
    ("t:gaza-strip", "Gaza Strip", "admin1", "PS", 31.50, 34.47, _GAZA, 0, ("Gaza",)),
    ("t:gaza", "Gaza", "city", "PS", 31.50, 34.47, _GAZA, 410_000, ()),
    ("t:khan-younis", "Khan Younis", "city", "PS", 31.34, 34.31, _GAZA, 200_000, ()),
    ("t:mawasi", "al-Mawasi", "region", "PS", 31.345, 34.268, _GAZA, 0, ()),
    *[(f"t:north{i}", f"Shamal {i}", "town", "PS", 31.50 + i / 100, 34.48, _GAZA, 9_000, ())
      for i in range(5)],
    *[(f"t:south{i}", f"Janub {i}", "town", "PS", 31.28 + i / 100, 34.27, _GAZA, 9_000, ())
      for i in range(5)],
    # A German city listing "Hamas" among its alternate names (as GeoNames does).
    ("t:hamm", "Hamm", "city", "DE", 51.68, 7.82, "North Rhine-Westphalia", 178_967, ("Hamas",)),
    # "Lebanon": fifteen US towns first, then the country (as GeoNames lists them).
    *[(f"t:lebanon-us{i}", "Lebanon", "town", "US", 36.2 + i / 10, -86.3, "Tennessee", 30_000, ())
      for i in range(15)],
    ("t:lb", "Lebanon", "country", "LB", 33.82, 35.66, None, 6_848_925, ()),
    ("t:south-lb", "South Governorate", "admin1", "LB", 33.56, 35.37, "South Governorate", 0,
     ("Southern Lebanon", "South Lebanon")),
    ("t:bint-jbeil", "Bint Jbeil", "town", "LB", 33.12, 35.43, "Nabatieh Governorate", 30_000, ()),
    ("t:il", "Israel", "country", "IL", 31.5, 34.9, None, 9_000_000, ()),
    ("t:kiryat", "Kiryat Shmona", "town", "IL", 33.21, 35.57, "Northern District", 22_512, ()),
    ("t:iq", "Iraq", "country", "IQ", 33.0, 44.0, None, 40_000_000, ()),
    ("t:baghdad-gov", "Baghdad Governorate", "admin1", "IQ", 33.34, 44.40, "Baghdad Governorate",
     0, ("Baghdad",)),
    ("t:baghdad", "Baghdad", "city", "IQ", 33.34, 44.40, "Baghdad Governorate", 7_216_000, ()),
    ("t:ua", "Ukraine", "country", "UA", 49.0, 32.0, None, 41_000_000, ()),
    ("t:kharkiv-obl", "Kharkiv Oblast", "admin1", "UA", 49.98, 36.25, "Kharkiv Oblast", 0,
     ("Kharkiv",)),
    ("t:kharkiv", "Kharkiv", "city", "UA", 49.98, 36.25, "Kharkiv Oblast", 1_421_125, ()),
    ("t:odesa", "Odesa", "city", "UA", 46.48, 30.73, "Odesa Oblast", 1_015_826, ()),
    ("t:donetsk-obl", "Donetsk Oblast", "admin1", "UA", 48.02, 37.80, "Donetsk Oblast", 0,
     ("Donetsk",)),
    ("t:donetsk", "Donetsk", "city", "UA", 48.02, 37.80, "Donetsk Oblast", 901_645, ()),
    ("t:kramatorsk", "Kramatorsk", "city", "UA", 48.72, 37.56, "Donetsk Oblast", 150_000, ()),
    ("t:ru", "Russia", "country", "RU", 61.5, 105.3, None, 144_000_000, ()),
    ("t:belgorod-obl", "Belgorod Oblast", "admin1", "RU", 50.60, 36.59, "Belgorod Oblast", 0,
     ("Belgorod",)),
    ("t:shebekino", "Shebekino", "town", "RU", 50.41, 36.90, "Belgorod Oblast", 40_000, ()),
    ("t:ye", "Yemen", "country", "YE", 15.5, 47.5, None, 28_000_000, ()),
    ("t:sanaa", "Sanaa", "city", "YE", 15.35, 44.21, _SANAA, 1_937_451, ()),
    ("t:dailami", "al-Dailami airbase", "landmark", "YE", 15.476, 44.22, _SANAA, 0, ()),
]  # fmt: skip


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return index_from_rows(tmp_path_factory.mktemp("extract13"), _PLACES, 2.0)


def _run(text: str, gaz: Gazetteer) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=dt.date(2024, 6, 6)), gaz)


@pytest.mark.parametrize(
    "sentence",
    [
        "An Israeli strike hit a house in al-Mawasi, west of Khan Younis, the civil defence said.",
        "An Israeli strike hit a house in al-Mawasi west of Khan Younis on Thursday.",
    ],
)
def test_relation_after_a_strike_place_describes_it(gaz: Gazetteer, sentence: str) -> None:
    ex = _run(sentence, gaz)
    # One strike, at al-Mawasi: "west of Khan Younis" says where al-Mawasi lies.
    assert [e.location.name for e in ex.events] == ["al-Mawasi"]


def test_unknown_place_with_a_relation_is_placed_along_it(gaz: Gazetteer) -> None:
    ex = _run("An Israeli strike hit a house in Qizan an-Najjar, west of Khan Younis.", gaz)
    [ev] = ex.events
    assert [u.name for u in ex.unresolved] == ["Qizan an-Najjar"]
    loc = ev.location
    assert loc.precision == "relative"
    assert loc.bearing == "west"
    assert loc.lon < 34.31  # moved west of Khan Younis, not left on it


def test_speaker_named_by_its_side_is_not_the_striker(gaz: Gazetteer) -> None:
    text = (
        "US warplanes struck radar sites near Sanaa on Saturday, the Pentagon said. "
        "Houthi media said strikes also hit al-Dailami airbase north of Sanaa."
    )
    ex = _run(text, gaz)
    by_place = {e.location.name: e.actor for e in ex.events}
    assert by_place["al-Dailami airbase"] == "United States"
    # "north of Sanaa" describes the air base: no second strike there.
    assert "north of Sanaa" not in by_place


def test_side_adjective_asks_for_that_side_of_the_area(gaz: Gazetteer) -> None:
    ex = _run("Israeli airstrikes killed 20 people in southern Gaza on Thursday.", gaz)
    [ev] = ex.events
    assert ev.location.name == "southern Gaza"
    assert ev.location.precision == "region"
    assert ev.location.lat == pytest.approx(31.30, abs=0.01)  # where the south's towns are


def test_armed_groups_are_actors_not_places(gaz: Gazetteer) -> None:
    ex = _run(
        "The Israeli military said it struck a Hamas command post in Khan Younis. "
        "Islamic Jihad fired rockets from Gaza on Thursday.",
        gaz,
    )
    # "Hamas" is the target's owner, not a place left unresolved (nor Hamm, Germany);
    # "Islamic Jihad" is the striker.
    assert [u.name for u in ex.unresolved] == []
    assert {(e.location.name, e.actor) for e in ex.events} >= {("Khan Younis", "Israel")}
    actors = {a.actor for a in find_actor_mentions("Hezbollah fired rockets.", load_actor_table())}
    assert actors == {"Hezbollah"}


def test_cross_border_exchange_in_lebanon(gaz: Gazetteer) -> None:
    ex = _run(
        "Israeli warplanes struck the towns of Khiam and Bint Jbeil in southern Lebanon on "
        "Friday, killing five people. Hezbollah said it fired rockets at an Israeli base in "
        "Kiryat Shmona in response.",
        gaz,
    )
    # The country is read from "Lebanon" (its sixteenth id), "Lebanon" contains the
    # towns written before it ("the towns of" is a kind cue), the Israeli town 17 km
    # across the border is kept, and Hezbollah tells of its own strike.
    got = {(e.location.name, e.actor) for e in ex.events}
    assert got == {("Bint Jbeil", "Israel"), ("Kiryat Shmona", "Hezbollah")}
    assert [u.name for u in ex.unresolved] == ["Khiam"]


def test_relation_to_a_city_named_like_its_province_anchors_an_unknown_place(
    gaz: Gazetteer,
) -> None:
    ex = _run("US forces struck facilities in Jurf al-Sakhar, south of Baghdad, on Tuesday.", gaz)
    [ev] = ex.events
    # Baghdad is also a province, but "south of Baghdad" is a relation to the city.
    assert (ev.location.precision, ev.location.bearing) == ("relative", "south")
    assert ev.location.lat < 33.34
    assert [u.name for u in ex.unresolved] == ["Jurf al-Sakhar"]


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Rapid Support Forces shelled the camp on Friday.", "Rapid Support Forces"),
        ("Sudanese army warplanes bombed RSF positions.", "Sudan"),
    ],
)
def test_sudan_war_actors(sentence: str, actor: str) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), ("SD",))) == actor


@pytest.mark.parametrize(("country", "actor"), [("SY", "Syria"), ("UA", None)])
def test_government_aircraft_are_the_government_of_that_war(
    country: str, actor: str | None
) -> None:
    text = "Government helicopters dropped barrel bombs on the district."
    assert best_actor(find_actor_mentions(text, load_actor_table(), (country,))) == actor


def test_headline_strike_folds_into_the_body_strike_it_summarises(gaz: Gazetteer) -> None:
    text = (
        "Israeli airstrikes kill 20 in southern Gaza\n\n"
        "Israeli airstrikes hit Janub 2 on Thursday, killing 20 people."
    )
    ex = _run(text, gaz)
    [ev] = ex.events
    assert ev.location.name == "Janub 2"
    # Both the body's and the headline's words are its evidence.
    assert [c.quote for c in ev.claims][-1] == "Israeli airstrikes kill 20 in southern Gaza"


def test_headline_strike_the_body_does_not_locate_stays(gaz: Gazetteer) -> None:
    text = (
        "Israeli strike hits Khan Younis\n\n"
        "Another strike killed three people in Shamal 1 on Thursday."
    )
    ex = _run(text, gaz)
    assert {e.location.name for e in ex.events} == {"Khan Younis", "Shamal 1"}


def test_possessive_names_the_town_a_district_lies_in(gaz: Gazetteer) -> None:
    ex = _run(
        "Russian forces dropped glide bombs on Kharkiv's Kyivskyi district on Sunday. "
        "A missile also hit a building on the outskirts of Odesa.",
        gaz,
    )
    by_name = {e.location.name: e.location for e in ex.events}
    # The district is unknown: it is placed in its town (not the oblast), said so.
    kyivskyi = next(loc for name, loc in by_name.items() if name.startswith("Kyivskyi"))
    assert kyivskyi.name.endswith(", Kharkiv")
    assert (kyivskyi.lat, kyivskyi.lon) == (49.98, 36.25)
    assert "outskirts of Odesa" in by_name


def test_preposed_possessive_area_and_came_under_fire(gaz: Gazetteer) -> None:
    ex = _run(
        "In Russia's Belgorod region, Governor Gladkov said Shebekino came under artillery "
        "fire from Ukraine on Monday.",
        gaz,
    )
    # "Russia's" owns the region (the name still counts for the report's country);
    # "came under fire" gives the town a strike role; a governor is no place.
    assert "Shebekino" in {e.location.name for e in ex.events}
    assert all("Governor" not in u.name for u in ex.unresolved)


def test_unknown_villages_in_a_named_part_of_a_province_are_placed_in_that_part(
    gaz: Gazetteer,
) -> None:
    ex = _run(
        "Israeli jets struck the villages of Abasan and Khuzaa in the southern countryside "
        "of Gaza on Monday.",
        gaz,
    )
    assert sorted(u.name for u in ex.unresolved) == ["Abasan", "Khuzaa"]
    [ev] = ex.events
    assert ev.location.precision == "region"
    assert ev.location.lat == pytest.approx(31.30, abs=0.01)  # the south's towns


def test_unknown_neighbourhood_of_a_city_named_like_its_province_is_in_the_city(
    gaz: Gazetteer,
) -> None:
    ex = _run("US jets struck positions in the al-Karrada neighbourhood of Baghdad on Sunday.", gaz)
    [ev] = ex.events
    assert (ev.location.precision, ev.location.place_id) == ("town", "t:baghdad")


@pytest.mark.parametrize(
    ("country", "actor"), [("SY", "US-led coalition"), ("YE", "Saudi-led coalition")]
)
def test_coalition_aircraft_are_the_coalition_of_that_war(country: str, actor: str) -> None:
    found = find_actor_mentions(
        "Coalition aircraft struck positions.", load_actor_table(), (country,)
    )
    assert best_actor(found) == actor


@pytest.mark.parametrize(
    ("sentence", "name", "point"),
    [
        # The owner read as a container: what it owns is the narrower container.
        ("A missile struck the railway station in Kramatorsk, in Ukraine's Donetsk region, "
         "on Friday.", "Kramatorsk", (48.72, 37.56)),
        # A kind word between the owner and the possessive ("Donetsk city's").
        ("Ukrainian forces shelled Donetsk city's Kuibyshevskyi district on Monday.",
         "Kuibyshevskyi, Donetsk", (48.02, 37.80)),
    ],
)  # fmt: skip
def test_possessive_after_a_container_or_a_kind_word(
    gaz: Gazetteer, sentence: str, name: str, point: tuple[float, float]
) -> None:
    [ev] = _run(sentence, gaz).events
    assert ev.location.name == name
    assert (ev.location.lat, ev.location.lon) == point


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("A missile struck the centre of Kostiantynivka on Tuesday, killing three civilians, "
         "regional governor Vadym Filashkin said.", "regional governor Vadym Filashkin"),
        ("Israeli airstrikes on the camps killed at least 20 people on Thursday, Gaza health "
         "officials said.", "Gaza health officials"),
        ("Coalition aircraft struck positions in Raqqa on Sunday, local sources said.",
         "local sources"),
    ],
)  # fmt: skip
def test_trailing_claimant_with_a_title_or_a_place(sentence: str, claimant: str) -> None:
    assert find_claimant(sentence) == claimant


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("Hezbollah said it fired rockets at an Israeli base in Kiryat Shmona.", "an Israeli base"),
        ("Pro-Hadi forces fired artillery at Houthi positions in Haradh.", "Houthi positions"),
        ("Helicopters dropped barrel bombs on a crowded market in Douma.", "a crowded market"),
    ],
)
def test_target_of_a_weapon_fired_at_it(sentence: str, target: str) -> None:
    assert [t for _s, _e, t, _p in find_targets(sentence)] == [target]


def test_possessive_owner_written_as_an_area_is_only_its_admin_hint(gaz: Gazetteer) -> None:
    [ev] = _run(
        "Russian artillery shelled Kharkiv region's Zarichnyi district on Sunday.", gaz
    ).events
    # Not the city of Kharkiv: the region's district is placed at the region, said so.
    assert (ev.location.name, ev.location.precision) == ("Kharkiv Oblast", "admin1")


@pytest.mark.parametrize(
    ("sentence", "targets"),
    [
        ("Shelling killed two people in the town of Nova Kakhovka.", []),
        ("An airstrike hit a market 10 km north of Kramatorsk.", ["a market"]),
    ],
)
def test_target_is_neither_the_casualties_nor_a_distance(sentence: str, targets: list[str]) -> None:
    assert [t for _s, _e, t, _p in find_targets(sentence)] == targets


def test_a_target_that_is_only_the_places_struck_is_no_target(gaz: Gazetteer) -> None:
    ex = _run("Israeli jets struck Shamal 1 and Shamal 2 on Monday.", gaz)
    assert {e.location.name for e in ex.events} == {"Shamal 1", "Shamal 2"}
    assert all(c.claimed_target is None for e in ex.events for c in e.claims)


def test_capitalised_headline_naming_the_province_by_its_capital_folds(gaz: Gazetteer) -> None:
    ex = _run("ISRAELI STRIKES HIT GAZA\n\nIsraeli jets struck Janub 1 on Monday.", gaz)
    [ev] = ex.events
    assert ev.location.name == "Janub 1"
    assert len(ev.claims) == 2
