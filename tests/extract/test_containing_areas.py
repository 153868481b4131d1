"""The area a text says a place lies in: "X district, Khost" and chains of containers,
coordinated names sharing one area, the area of an official who reports (not of a mere
speaker), named districts after a known name, qualified containers ("Russian-occupied",
"Pakistan-administered", "Pakistani Kashmir"), compass forms of provinces, and a country
containing the towns written before it."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_fakes import FakeGazetteer
from sample_gazetteers import (
    MIDEAST_REPORT_DATE,
    WAR_ZONE_REPORT_DATE,
    mideast_index,
    strict_fake_gazetteer,
    war_zone_index,
)
from strikemap.extract import extract_report
from strikemap.gazetteer.base import GazetteerLike
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Extraction
from strikemap.read import read_text


def _run(text: str, gaz: GazetteerLike, published: dt.date | None = None) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=published), gaz)


@pytest.fixture()
def fake() -> FakeGazetteer:
    return FakeGazetteer()


@pytest.fixture()
def strict_fake() -> FakeGazetteer:
    return strict_fake_gazetteer()


@pytest.fixture(scope="module")
def mideast(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return mideast_index(tmp_path_factory.mktemp("mideast"))


@pytest.fixture(scope="module")
def war_zones(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return war_zone_index(tmp_path_factory.mktemp("war-zones"))


# ---------------------------------------------------------------- "X district, Area"
def test_coordinated_names_with_plural_kind_take_the_area_after_it(fake: FakeGazetteer) -> None:
    ex = _run(
        "On 4 June 2022, police artillery shelled fighters between Qaryat Umar and "
        "Tal Barud districts, Sumy.",
        fake,
    )
    assert [u.name for u in ex.unresolved] == ["Qaryat Umar", "Tal Barud"]
    assert all(u.fallback is not None and u.fallback.name == "Sumy" for u in ex.unresolved)
    assert [e.location.name for e in ex.events] == ["Sumy"]


def test_province_hint_named_like_its_capital_is_the_province(fake: FakeGazetteer) -> None:
    ex = _run("On 21 February 2022, artillery shells hit a house in Zazai district, Khost.", fake)
    [u] = ex.unresolved
    assert u.name == "Zazai"
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Khowst", "admin1")


def test_town_hint_with_an_unrelated_province_stays_unplaced(fake: FakeGazetteer) -> None:
    # "Kreminna" is a town in Luhansk: its province's name differs, so no area is guessed.
    ex = _run("On 5 June 2022, shells hit a farm in Zelena district, Kreminna.", fake)
    assert ex.events == []
    assert [u.name for u in ex.unresolved] == ["Zelena"]


def test_ward_is_part_of_a_chain_of_containers(strict_fake: FakeGazetteer) -> None:
    ex = _run(
        "On 5 May 2022, artillery hit a house between Nyaung Pin village and Myo Thit "
        "Ward, Kyaw township (Kyaw district, Sagaing region).",
        strict_fake,
    )
    # The ward is the place "Myo Thit" (not "Ward", a county elsewhere), coordinated
    # with the village; the note's parenthesis gives both their region.
    assert sorted(u.name for u in ex.unresolved) == ["Myo Thit", "Nyaung Pin"]
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Sagaing", "admin1")


def test_named_district_after_a_known_name_is_its_container(strict_fake: FakeGazetteer) -> None:
    # "Bodo" is a gazetteer name (a town in Norway), yet "in Mosul district" after it is
    # the area it lies in, not a second strike place.
    ex = _run(
        "On 22 May 2022, Turkish helicopters carried out airstrikes in Bodo area in "
        "Mosul district of Duhok.",
        strict_fake,
    )
    # Bodo (not in Duhok) is unresolved and placed only at the area the text gives.
    assert [u.name for u in ex.unresolved] == ["Bodo"]
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Duhok", "admin1")


def test_unknown_neighbourhood_of_a_city_named_like_its_province_is_in_the_city(
    mideast: Gazetteer,
) -> None:
    ex = _run(
        "US jets struck positions in the al-Karrada neighbourhood of Baghdad on Sunday.",
        mideast,
        MIDEAST_REPORT_DATE,
    )
    [ev] = ex.events
    assert (ev.location.precision, ev.location.place_id) == ("town", "t:baghdad")


def test_cross_border_exchange_in_lebanon(mideast: Gazetteer) -> None:
    ex = _run(
        "Israeli warplanes struck the towns of Khiam and Bint Jbeil in southern Lebanon on "
        "Friday, killing five people. Hezbollah said it fired rockets at an Israeli base in "
        "Kiryat Shmona in response.",
        mideast,
        MIDEAST_REPORT_DATE,
    )
    # The country is read from "Lebanon" (its sixteenth id), "Lebanon" contains the
    # towns written before it ("the towns of" is a kind cue), the Israeli town 17 km
    # across the border is kept, and Hezbollah tells of its own strike.
    got = {(e.location.name, e.actor) for e in ex.events}
    assert got == {("Bint Jbeil", "Israel"), ("Kiryat Shmona", "Hezbollah")}
    assert [u.name for u in ex.unresolved] == ["Khiam"]


# ---------------------------------------------------------------- who reports from where
def test_official_of_an_area_gives_unlocated_places_their_area(
    strict_fake: FakeGazetteer,
) -> None:
    ex = _run(
        "On 4 May 2022, the governor of Sumy oblast reported that Russian forces "
        "shelled Velyka Pysarivka, a village near the border.",
        strict_fake,
    )
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Sumy", "admin1")
    assert (ev.date, ev.actor) == (dt.date(2022, 5, 4), "Russia")
    [u] = ex.unresolved
    assert u.name == "Velyka Pysarivka"


def test_speaker_place_without_office_gives_no_area(strict_fake: FakeGazetteer) -> None:
    ex = _run(
        "On 4 May 2022, officials told journalists in Sumy that Russian forces shelled "
        "Velyka Pysarivka.",
        strict_fake,
    )
    # Where a speaker stands is not the area of the strike: unresolved, no fallback.
    assert not ex.events
    [u] = ex.unresolved
    assert u.fallback is None


# ---------------------------------------------------------------- qualified containers
@pytest.mark.parametrize(
    "sentence",
    [
        "Drones hit Horlivka in Russian-occupied Donetsk region and Kharkiv in Kharkiv region.",
        "Drones hit Horlivka in the Russian-occupied part of Donetsk region and Kharkiv in "
        "Kharkiv region.",
        "Drones hit Horlivka in occupied Donetsk region and Kharkiv in Kharkiv region.",
    ],
)
def test_qualified_container_still_contains(war_zones: Gazetteer, sentence: str) -> None:
    ex = _run(sentence, war_zones, WAR_ZONE_REPORT_DATE)
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
    war_zones: Gazetteer, sentence: str, town: str
) -> None:
    ex = _run(sentence, war_zones, WAR_ZONE_REPORT_DATE)
    assert sorted(e.location.name for e in ex.events) == ["Bahawalpur", town]


def test_administering_country_is_a_qualifier_not_a_place(war_zones: Gazetteer) -> None:
    ex = _run(
        "Missiles hit Muzaffarabad in Pakistan-administered Kashmir on Wednesday.",
        war_zones,
        WAR_ZONE_REPORT_DATE,
    )
    assert [e.location.name for e in ex.events] == ["Muzaffarabad"]


def test_compass_form_of_a_province_is_the_container(war_zones: Gazetteer) -> None:
    ex = _run(
        "An RSF drone strike on a market in El Fasher in North Darfur killed 15.",
        war_zones,
        WAR_ZONE_REPORT_DATE,
    )
    assert [e.location.name for e in ex.events] == ["El Fasher"]
