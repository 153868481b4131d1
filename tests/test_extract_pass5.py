"""Fifth-pass extraction rules (from the ACLED dev-note misses), on the fake gazetteer.

Each rule is general; each test uses a sentence of its own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extract_fakes import FakeGazetteer
from strikemap.extract import extract_report
from strikemap.extract.strikes import is_strike_sentence
from strikemap.model import Extraction
from strikemap.read import read_text


def _run(text: str, gaz: FakeGazetteer) -> Extraction:
    return extract_report(read_text(text, source_id="t"), gaz)


@pytest.fixture()
def gaz() -> FakeGazetteer:
    return FakeGazetteer()


@pytest.mark.parametrize(
    "sentence",
    ["Air defence shot down two jets over the port.", "Gunners were shooting down a plane."],
)
def test_shooting_down_is_a_strike_trigger(sentence: str) -> None:
    assert is_strike_sentence(sentence, has_actor=False)


def test_shot_down_aircraft_is_an_event_where_it_fell(gaz: FakeGazetteer) -> None:
    ex = _run("On 3 May 2022, Russian forces shot down a Ukrainian helicopter near Kreminna.", gaz)
    [ev] = ex.events
    assert ev.location.anchor_name == "Kreminna"
    assert (ev.date, ev.actor) == (dt.date(2022, 5, 3), "Russia")


def test_hedged_apposition_names_the_struck_area(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 9 May 2022, Turkish drones struck militants in the mountain operation zone, "
        "believed to be the Zorava region of Duhok.",
        gaz,
    )
    # Without the apposition rule "Zorava" has no strike role and is not even reported.
    [u] = ex.unresolved
    assert u.name == "Zorava"
    # Unresolved: placed only at the area the text names, never at a guessed point.
    assert u.fallback is not None and u.fallback.name == "Duhok"
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Duhok", "admin1")


def test_coordinated_names_with_plural_kind_take_the_area_after_it(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 4 June 2022, police artillery shelled fighters between Qaryat Umar and "
        "Tal Barud districts, Sumy.",
        gaz,
    )
    assert [u.name for u in ex.unresolved] == ["Qaryat Umar", "Tal Barud"]
    assert all(u.fallback is not None and u.fallback.name == "Sumy" for u in ex.unresolved)
    assert [e.location.name for e in ex.events] == ["Sumy"]


def test_province_hint_named_like_its_capital_is_the_province(gaz: FakeGazetteer) -> None:
    ex = _run("On 21 February 2022, artillery shells hit a house in Zazai district, Khost.", gaz)
    [u] = ex.unresolved
    assert u.name == "Zazai"
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Khowst", "admin1")


def test_town_hint_with_an_unrelated_province_stays_unplaced(gaz: FakeGazetteer) -> None:
    # "Kreminna" is a town in Luhansk: its province's name differs, so no area is guessed.
    ex = _run("On 5 June 2022, shells hit a farm in Zelena district, Kreminna.", gaz)
    assert ex.events == []
    assert [u.name for u in ex.unresolved] == ["Zelena"]
