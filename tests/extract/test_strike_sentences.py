"""Which sentences report a strike: impact verbs in active and passive voice, nominal
triggers, weapons and platforms whatever verb they take; idioms that use a trigger word for
something else are no strike.

Sentences written for these tests, through ``extract_report`` on the fake gazetteer
(tests/extract_fakes.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from extract_fakes import FakeGazetteer
from strikemap.extract import extract_report
from strikemap.model import Extraction
from strikemap.read import read_text

PUBLISHED = dt.date(2022, 5, 10)  # a Tuesday: "on Monday" is 9 May


@pytest.fixture(scope="module")
def gaz() -> FakeGazetteer:
    return FakeGazetteer()


def _run(text: str, gaz: FakeGazetteer, published: dt.date | None = PUBLISHED) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=published), gaz)


def _places(ex: Extraction) -> list[str]:
    return [e.location.name for e in ex.events]


@pytest.mark.parametrize(
    "text",
    [
        # A weapon or platform with an impact verb.
        "Drones struck a grain store in Kreminna on Monday.",
        "Warplanes pounded Kreminna on Monday.",
        "Helicopters bombed Kreminna on Monday.",
        "A missile slammed into an apartment block in Kreminna on Monday.",
        "Two rockets landed near a school in Kreminna on Monday.",
        "A drone exploded over Kreminna on Monday.",
        "Air strikes hit buildings in Kreminna on Monday.",
        # The weapon in the singular.
        "A shell landed on a house in Kreminna on Monday.",
        "A tank shell hit a yard in Kreminna on Monday.",
        "A guided bomb fell on a school in Kreminna on Monday.",
        "A loitering munition hit a car in Kreminna on Monday.",
        # A weapon system by its name, with a verb that alone proves nothing.
        "Shaheds attacked Kreminna on Monday.",
        # Nominal triggers.
        "An air strike on Kreminna killed five people on Monday.",
        "A drone attack on Kreminna damaged a school on Monday.",
        # Passives.
        "A school in Kreminna was hit by a strike on Monday.",
        "Kreminna was struck by three missiles on Monday.",
        "Kreminna came under heavy artillery fire on Monday.",
    ],
)
def test_a_strike_is_found_however_it_is_written(text: str, gaz: FakeGazetteer) -> None:
    ex = _run(text, gaz)
    assert _places(ex) == ["Kreminna"], text
    assert ex.events[0].date == dt.date(2022, 5, 9)


@pytest.mark.parametrize(
    "text",
    [
        "Workers went on strike in Kreminna on Monday.",
        "The union called strike action in Kreminna on Monday.",
        "The minister came under fire for the budget in Kreminna on Monday.",
        "Her album hit the charts in Kreminna on Monday.",
        "The two sides struck a deal in Kreminna on Monday.",
    ],
)
def test_a_trigger_word_used_for_something_else_is_no_strike(text: str, gaz: FakeGazetteer) -> None:
    assert _run(text, gaz).events == [], text


def test_an_idiom_does_not_hide_a_strike_in_the_same_sentence(gaz: FakeGazetteer) -> None:
    ex = _run("As workers went on strike, a missile hit Kreminna on Monday.", gaz)
    assert _places(ex) == ["Kreminna"]


def test_a_dropped_weapon_is_a_strike_and_a_leaflet_drop_is_not(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 9 May 2016, regime helicopters dropped two barrels packed with explosives on "
        "the town of Al Bab in Aleppo province.",
        gaz,
        published=None,
    )
    assert [(e.location.name, e.actor) for e in ex.events] == [("Al Bab", "Syria")]
    assert not _run("On 9 May 2016, aircraft dropped leaflets on Raqqa.", gaz, None).events


def test_observed_explosions_are_strike_reports(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 19 February 2022, the OSCE SMM observed 15 explosions near Severodonetsk.",
        gaz,
        published=None,
    )
    assert [e.location.precision for e in ex.events] == ["relative"]
