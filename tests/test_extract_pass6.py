"""Sixth-pass extraction rules (from the ACLED dev-note misses), on the fake gazetteer.

Each rule is general; each test uses a sentence of its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extract_fakes import PLACES, FakeGazetteer
from strikemap.extract import extract_report
from strikemap.extract.actors import best_actor, find_actor_mentions, load_actor_table
from strikemap.gazetteer.base import Mention
from strikemap.model import Extraction, Place
from strikemap.read import read_text


def _run(text: str, gaz: FakeGazetteer) -> Extraction:
    return extract_report(read_text(text, source_id="t"), gaz)


class _NoShortSpots(FakeGazetteer):
    """A gazetteer that, like the real one, does not spot names under three letters."""

    def spot(self, text: str) -> list[Mention]:
        return [m for m in super().spot(text) if len(m.surface) >= 3]


_EXTRA = (
    Place("bo", "Bo", "town", "SL", 7.9647, -11.7383, "Southern", 175000, ()),
    Place("southern1", "Southern", "admin1", "SL", 7.8, -11.8, "Southern", 0, ()),
    Place("sl", "Sierra Leone", "country", "SL", 8.5, -11.8, None, 0, ()),
    # A county elsewhere named like the kind word "Ward".
    Place("ward_us", "Ward", "town", "US", 47.1, -101.9, "North Dakota", 7000, ()),
)


@pytest.fixture()
def gaz() -> FakeGazetteer:
    return _NoShortSpots(PLACES + _EXTRA)


def test_two_letter_name_counts_before_a_kind_word(gaz: FakeGazetteer) -> None:
    ex = _run("On 3 March 2022, soldiers fired mortars at houses in Bo town, Sierra Leone.", gaz)
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Bo", "town")


def test_two_letter_word_alone_is_no_place(gaz: FakeGazetteer) -> None:
    ex = _run("On 3 March 2022, soldiers fired mortars at houses in Bo, Sierra Leone.", gaz)
    # "Bo" without a kind word is too short to be taken for an unknown name.
    assert not ex.events
    assert not ex.unresolved


def test_ward_is_part_of_a_chain_of_containers(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 5 May 2022, artillery hit a house between Nyaung Pin village and Myo Thit "
        "Ward, Kyaw township (Kyaw district, Sagaing region).",
        gaz,
    )
    # The ward is the place "Myo Thit" (not "Ward", a county elsewhere), coordinated
    # with the village; the note's parenthesis gives both their region.
    assert sorted(u.name for u in ex.unresolved) == ["Myo Thit", "Nyaung Pin"]
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Sagaing", "admin1")


def test_unknown_village_in_the_countryside_of_a_town_is_placed_there(
    gaz: FakeGazetteer,
) -> None:
    ex = _run(
        "On 2 January 2022, Turkish artillery shelled Tal Jarad village in the "
        "countryside of Al Bab in Aleppo governorate.",
        gaz,
    )
    [u] = ex.unresolved
    assert u.name == "Tal Jarad"
    [ev] = ex.events
    # Not at the governorate: the text says where the village lies, around the town.
    assert ev.location.precision == "relative"
    assert ev.location.anchor_name == "Al Bab"
    assert u.fallback == ev.location


def test_unknown_village_in_a_town_is_not_placed_at_the_town(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 2 January 2022, Turkish artillery shelled Tal Jarad village of Al Bab in "
        "Aleppo governorate.",
        gaz,
    )
    # Without a relation ("countryside of", "outskirts of") only the area is stated.
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Aleppo", "admin1")


def test_coded_place_unknown_keeps_the_written_place_and_its_relation(
    gaz: FakeGazetteer,
) -> None:
    ex = _run(
        "On 3 April 2022, Houthi forces shelled army positions south of Dahyan "
        "(coded to Wadi Nushur) (Saada). Casualties unknown.",
        gaz,
    )
    [ev] = ex.events
    assert ev.location.anchor_name == "Dahyan"
    assert ev.location.bearing == "S"
    assert ev.location.lat < 17.0
    [u] = ex.unresolved
    assert u.name == "Wadi Nushur" and u.fallback == ev.location


def test_coded_place_known_replaces_the_written_one(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 3 April 2022, regime forces shelled farms south of Kafr Nabl (coded to "
        "Khan Shaykhun) (Idlib). Casualties unknown.",
        gaz,
    )
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Khan Shaykhun", "town")
    assert not ex.unresolved


def test_official_of_an_area_gives_unlocated_places_their_area(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 4 May 2022, the governor of Sumy oblast reported that Russian forces "
        "shelled Velyka Pysarivka, a village near the border.",
        gaz,
    )
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Sumy", "admin1")
    assert (ev.date, ev.actor) == (dt.date(2022, 5, 4), "Russia")
    [u] = ex.unresolved
    assert u.name == "Velyka Pysarivka"


def test_speaker_place_without_office_gives_no_area(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 4 May 2022, officials told journalists in Sumy that Russian forces shelled "
        "Velyka Pysarivka.",
        gaz,
    )
    # Where a speaker stands is not the area of the strike: unresolved, no fallback.
    assert not ex.events
    [u] = ex.unresolved
    assert u.fallback is None


def test_strike_verb_second_in_a_pair_of_verbs_marks_the_striker(tmp_path: Path) -> None:
    csv_path = tmp_path / "actors.csv"
    csv_path.write_text("actor,alias\nRiver Front,RFM\n", encoding="utf-8")
    table = load_actor_table(csv_path)
    s = "On 2 May 2022, the RFM loaded and fired rockets at an army post."
    assert best_actor(find_actor_mentions(s, table)) == "River Front"


def test_country_name_before_forces_is_the_striker(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 21 February 2022, artillery shells fired by Pakistan forces hit a house in Khost.",
        gaz,
    )
    [ev] = ex.events
    assert ev.actor == "Pakistan"
    assert ev.location.name == "Khost"


def test_named_district_after_a_known_name_is_its_container(gaz: FakeGazetteer) -> None:
    # "Bodo" is a gazetteer name (a town in Norway), yet "in Mosul district" after it is
    # the area it lies in, not a second strike place.
    ex = _run(
        "On 22 May 2022, Turkish helicopters carried out airstrikes in Bodo area in "
        "Mosul district of Duhok.",
        gaz,
    )
    # Bodo (not in Duhok) is unresolved and placed only at the area the text gives.
    assert [u.name for u in ex.unresolved] == ["Bodo"]
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Duhok", "admin1")
