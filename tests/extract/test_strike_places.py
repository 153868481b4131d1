"""Which place a strike sentence names as struck: where a shot-down aircraft fell, the area
a hedged apposition names, two-letter names only before a kind word, the place an ACLED
note is "coded to", and landmarks written with a lower-case military word."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_fakes import FakeGazetteer
from sample_gazetteers import WAR_ZONE_REPORT_DATE, strict_fake_gazetteer, war_zone_index
from strikemap.extract import extract_report
from strikemap.extract.strikes import is_strike_sentence
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
def war_zones(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return war_zone_index(tmp_path_factory.mktemp("war-zones"))


# ---------------------------------------------------------------- shot-down aircraft
@pytest.mark.parametrize(
    "sentence",
    ["Air defence shot down two jets over the port.", "Gunners were shooting down a plane."],
)
def test_shooting_down_is_a_strike_trigger(sentence: str) -> None:
    assert is_strike_sentence(sentence, has_actor=False)


def test_shot_down_aircraft_is_an_event_where_it_fell(fake: FakeGazetteer) -> None:
    ex = _run("On 3 May 2022, Russian forces shot down a Ukrainian helicopter near Kreminna.", fake)
    [ev] = ex.events
    assert ev.location.anchor_name == "Kreminna"
    assert (ev.date, ev.actor) == (dt.date(2022, 5, 3), "Russia")


# ---------------------------------------------------------------- appositions
def test_hedged_apposition_names_the_struck_area(fake: FakeGazetteer) -> None:
    ex = _run(
        "On 9 May 2022, Turkish drones struck militants in the mountain operation zone, "
        "believed to be the Zorava region of Duhok.",
        fake,
    )
    # Without the apposition rule "Zorava" has no strike role and is not even reported.
    [u] = ex.unresolved
    assert u.name == "Zorava"
    # Unresolved: placed only at the area the text names, never at a guessed point.
    assert u.fallback is not None and u.fallback.name == "Duhok"
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Duhok", "admin1")


# ---------------------------------------------------------------- short names
def test_two_letter_name_counts_before_a_kind_word(strict_fake: FakeGazetteer) -> None:
    ex = _run(
        "On 3 March 2022, soldiers fired mortars at houses in Bo town, Sierra Leone.", strict_fake
    )
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Bo", "town")


def test_two_letter_word_alone_is_no_place(strict_fake: FakeGazetteer) -> None:
    ex = _run("On 3 March 2022, soldiers fired mortars at houses in Bo, Sierra Leone.", strict_fake)
    # "Bo" without a kind word is too short to be taken for an unknown name.
    assert not ex.events
    assert not ex.unresolved


# ---------------------------------------------------------------- "coded to"
def test_coded_place_unknown_keeps_the_written_place_and_its_relation(
    strict_fake: FakeGazetteer,
) -> None:
    ex = _run(
        "On 3 April 2022, Houthi forces shelled army positions south of Dahyan "
        "(coded to Wadi Nushur) (Saada). Casualties unknown.",
        strict_fake,
    )
    [ev] = ex.events
    assert ev.location.anchor_name == "Dahyan"
    assert ev.location.bearing == "S"
    assert ev.location.lat < 17.0
    [u] = ex.unresolved
    assert u.name == "Wadi Nushur" and u.fallback == ev.location


def test_coded_place_known_replaces_the_written_one(strict_fake: FakeGazetteer) -> None:
    ex = _run(
        "On 3 April 2022, regime forces shelled farms south of Kafr Nabl (coded to "
        "Khan Shaykhun) (Idlib). Casualties unknown.",
        strict_fake,
    )
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Khan Shaykhun", "town")
    assert not ex.unresolved


# ---------------------------------------------------------------- landmarks
def test_landmark_with_a_lower_case_military_word_is_spotted(war_zones: Gazetteer) -> None:
    [m] = war_zones.spot("Israeli jets hit the Mezzeh military airport in Damascus.")[:1]
    assert m.surface == "Mezzeh military airport"
    ex = _run(
        "Israeli jets hit the Mezzeh military airport in Damascus on Sunday.",
        war_zones,
        WAR_ZONE_REPORT_DATE,
    )
    assert [e.location.name for e in ex.events] == ["Mezzeh military airport"]
    assert ex.unresolved == []
