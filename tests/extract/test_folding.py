"""One event per strike: mentions of one strike at different granularities fold into one
event at the finest place, the coarser mentions kept as its evidence; separate strikes stay
separate.

Headlines run on a small real index (sample_gazetteers); the other cases on the fake
gazetteer (tests/extract_fakes.py) with a few places of their own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extract_fakes import PLACES, FakeGazetteer
from sample_gazetteers import MIDEAST_REPORT_DATE, mideast_index
from strikemap.extract import extract_report
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Extraction, Place
from strikemap.read import read_text

PUBLISHED = dt.date(2024, 5, 14)  # a Tuesday: "on Monday" is 13 May
MONDAY = dt.date(2024, 5, 13)

_EXTRA = (
    Place("gaza1", "Gaza Strip", "admin1", "PS", 31.42, 34.38, "Gaza Strip", 0, ()),
    Place("nuseirat", "Nuseirat", "town", "PS", 31.4486, 34.3925, "Gaza Strip", 80000, ()),
    Place("cgaza", "central Gaza", "region", "PS", 31.43, 34.37, "Gaza Strip", 0, ()),
    Place("zap1", "Zaporizhzhia", "admin1", "UA", 47.5, 35.5, "Zaporizhzhia", 0, ()),
    Place("enerhodar", "Enerhodar", "town", "UA", 47.4989, 34.6558, "Zaporizhzhia", 50000, ()),
    Place(
        "znpp",
        "Zaporizhzhia Nuclear Power Plant",
        "landmark",
        "UA",
        47.5119,
        34.5856,
        "Zaporizhzhia",
        0,
        (),
    ),
)


@pytest.fixture(scope="module")
def gaz() -> FakeGazetteer:
    return FakeGazetteer(PLACES + _EXTRA)


@pytest.fixture(scope="module")
def mideast(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return mideast_index(tmp_path_factory.mktemp("mideast"))


def _run(text: str, gaz: object, published: dt.date = PUBLISHED) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=published), gaz)  # type: ignore[arg-type]


def _places(ex: Extraction) -> list[str]:
    return sorted(e.location.name for e in ex.events)


# -- one place ---------------------------------------------------------------------------


def test_same_place_date_actor_is_one_event_with_two_claims(gaz: FakeGazetteer) -> None:
    text = (
        "“Russian warplanes struck bases in Jisr al-Shughur,” a security source said.\n\n"
        "A rebel said on Twitter that “Russian pigs” had flattened a mosque in Jisr al-Shughur."
    )
    ex = _run(text, gaz, dt.date(2015, 10, 1))
    assert len(ex.events) == 1
    targets = [c.claimed_target for c in ex.events[0].claims]
    assert targets == ["bases", "a mosque"]


# -- a place and its area ----------------------------------------------------------------


def test_an_area_and_the_camp_inside_it_are_one_strike_at_the_camp(gaz: FakeGazetteer) -> None:
    ex = _run(
        "Israeli air strikes hit central Gaza on Monday. A school in Nuseirat was hit on "
        "Monday, killing 30 people, the ministry said.",
        gaz,
    )
    [ev] = ex.events
    assert ev.location.name == "Nuseirat"
    # The coarser mention is kept as evidence of the same strike.
    assert [c.quote.split()[:3] for c in ev.claims] == [
        ["A", "school", "in"],
        ["Israeli", "air", "strikes"],
    ]


def test_a_province_and_a_town_inside_it_are_one_strike_at_the_town(gaz: FakeGazetteer) -> None:
    ex = _run(
        "Russian jets struck Idlib province on Monday, a monitor said. A market in Jisr "
        "al-Shughur was bombed on Monday, killing 12 people.",
        gaz,
    )
    [ev] = ex.events
    assert (ev.location.name, ev.date, ev.actor) == ("Jisr al-Shughur", MONDAY, "Russia")
    assert len(ev.claims) == 2
    assert {c.casualties.killed for c in ev.claims} == {None, 12}


def test_a_landmark_and_its_town_are_one_strike_at_the_landmark(gaz: FakeGazetteer) -> None:
    # The plant lies beyond the circle drawn round the town's centre.
    ex = _run("A shell struck the Zaporizhzhia Nuclear Power Plant in Enerhodar on Monday.", gaz)
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == (
        "Zaporizhzhia Nuclear Power Plant",
        "exact",
    )


def test_shelling_near_a_landmark_in_its_town_is_one_strike(gaz: FakeGazetteer) -> None:
    ex = _run(
        "Russian shelling hit near the Zaporizhzhia Nuclear Power Plant in Enerhodar on "
        "Monday, the operator said.",
        gaz,
    )
    [ev] = ex.events
    assert ev.actor == "Russia"


def test_a_town_and_a_landmark_told_apart_beyond_its_circle_stay_apart(
    gaz: FakeGazetteer,
) -> None:
    ex = _run(
        "Russian shelling hit Enerhodar on Monday. A shell struck the Zaporizhzhia Nuclear "
        "Power Plant on Monday, the operator said.",
        gaz,
    )
    assert _places(ex) == ["Enerhodar", "Zaporizhzhia Nuclear Power Plant"]


def test_the_finer_event_takes_the_striker_the_coarser_mention_names(gaz: FakeGazetteer) -> None:
    ex = _run(
        "Russian jets struck Idlib province on Monday. A market in Jisr al-Shughur was hit "
        "on Monday.",
        gaz,
    )
    assert [(e.location.name, e.actor) for e in ex.events] == [("Jisr al-Shughur", "Russia")]


# -- a natural area told in another sentence ---------------------------------------------

# A valley the gazetteer only knows as a province's alias, round a town the gazetteer puts
# in the neighbouring province (Baalbek lies in the Bekaa Valley, not in Beqaa Governorate).
_VALLEY = (
    Place("beqaa1", "Beqaa", "admin1", "LB", 33.85, 35.90, "Beqaa", 0, ("Bekaa Valley", "Bekaa")),
    Place("baalbek", "Baalbek", "town", "LB", 34.0058, 36.2181, "Baalbek-Hermel", 30000, ()),
    Place("hermel", "Hermel", "town", "LB", 34.3943, 36.3845, "Baalbek-Hermel", 25000, ()),
    Place("tyre", "Tyre", "town", "LB", 33.2705, 35.2038, "South", 60000, ()),
)
_BAALBEK = "Israeli air strikes killed at least 12 people in Baalbek on Monday, the ministry said."


@pytest.fixture(scope="module")
def valley() -> FakeGazetteer:
    return FakeGazetteer(PLACES + _VALLEY)


def test_a_valley_told_later_round_a_struck_town_is_that_strike(valley: FakeGazetteer) -> None:
    ex = _run(
        _BAALBEK + "\n\nThe Israeli military said its jets had struck Hezbollah depots in "
        "the Bekaa Valley.",
        valley,
    )
    [ev] = ex.events
    assert (ev.location.name, ev.actor) == ("Baalbek", "Israel")
    # The coarser telling stays as evidence, with its own claimant and target.
    military = ev.claims[1]
    assert "Bekaa Valley" in military.quote
    assert (military.claimant, military.claimed_target) == (
        "The Israeli military",
        "Hezbollah depots",
    )


def test_a_province_named_as_such_does_not_reach_into_its_neighbour(
    valley: FakeGazetteer,
) -> None:
    ex = _run(_BAALBEK + " Israeli jets struck Beqaa province on Monday.", valley)
    assert _places(ex) == ["Baalbek", "Beqaa"]


@pytest.mark.parametrize(
    "later",
    [
        "Israeli jets also struck Hezbollah depots in the Bekaa Valley on Monday.",
        "Elsewhere, Israeli jets struck Hezbollah depots in the Bekaa Valley on Monday.",
        "Another Israeli air strike hit the Bekaa Valley on Monday.",
        # Another weapon.
        "An Israeli drone hit a car in the Bekaa Valley on Monday.",
        # Several places: the valley is one item of a list.
        "Israeli jets struck depots in the Bekaa Valley and in Tyre on Monday.",
        # A toll that is not the town's.
        "Israeli air strikes killed 30 people in the Bekaa Valley on Monday.",
        # Another day, another striker.
        "Israeli jets struck depots in the Bekaa Valley on 6 May 2024.",
        "Syrian jets struck depots in the Bekaa Valley on Monday.",
    ],
)
def test_a_valley_told_with_signs_of_other_strikes_stays_its_own(
    valley: FakeGazetteer, later: str
) -> None:
    ex = _run(_BAALBEK + "\n\n" + later, valley)
    assert "Beqaa" in _places(ex)


def test_a_valley_told_with_the_same_toll_is_that_strike(valley: FakeGazetteer) -> None:
    ex = _run(
        _BAALBEK + " Israeli air strikes killed 12 people in the Bekaa Valley on Monday.", valley
    )
    assert _places(ex) == ["Baalbek"]


def test_an_area_that_also_tells_other_strikes_stays_its_own(gaz: FakeGazetteer) -> None:
    ex = _run(
        "A market in Jisr al-Shughur was bombed on Monday. Russian jets also struck Idlib "
        "province on Monday.",
        gaz,
    )
    assert _places(ex) == ["Idlib", "Jisr al-Shughur"]


# -- separate strikes stay separate ------------------------------------------------------


def test_two_towns_of_one_province_struck_the_same_day_stay_two_strikes(
    gaz: FakeGazetteer,
) -> None:
    ex = _run(
        "Russian jets struck Idlib province on Monday. Bombs fell on Jisr al-Shughur on "
        "Monday. Shelling hit Khan Shaykhun on Monday.",
        gaz,
    )
    # The province is told once more, not a third strike: it joins one of them.
    assert _places(ex) == ["Jisr al-Shughur", "Khan Shaykhun"]
    assert sum(len(e.claims) for e in ex.events) == 3


def test_a_strike_on_another_day_stays_its_own(gaz: FakeGazetteer) -> None:
    ex = _run(
        "Russian jets struck Idlib province on 6 May 2024. Russian jets struck Jisr "
        "al-Shughur on 13 May 2024.",
        gaz,
    )
    assert _places(ex) == ["Idlib", "Jisr al-Shughur"]


def test_strikes_by_different_actors_stay_separate(gaz: FakeGazetteer) -> None:
    ex = _run(
        "Russian jets struck Idlib province on Monday. Turkish drones struck Jisr "
        "al-Shughur on Monday.",
        gaz,
    )
    assert sorted((e.location.name, e.actor) for e in ex.events) == [
        ("Idlib", "Russia"),
        ("Jisr al-Shughur", "Turkey"),
    ]


def test_a_town_of_a_neighbouring_province_is_not_inside_the_province(
    gaz: FakeGazetteer,
) -> None:
    # Khan Shaykhun (Idlib) lies within the radius drawn round Hama province's centre.
    ex = _run(
        "Russian jets struck Hama province on Monday. Russian jets struck Khan Shaykhun on Monday.",
        gaz,
    )
    assert _places(ex) == ["Hama", "Khan Shaykhun"]


def test_an_unknown_village_placed_at_its_province_is_not_the_province_struck(
    gaz: FakeGazetteer,
) -> None:
    ex = _run(
        "Russian jets struck Kafr Jales village in Idlib province on Monday. Shelling hit "
        "Jisr al-Shughur on Monday.",
        gaz,
    )
    assert [u.name for u in ex.unresolved] == ["Kafr Jales"]
    assert _places(ex) == ["Idlib", "Jisr al-Shughur"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Israeli jets pounded the Gaza Strip on Monday, flattening towers in Nuseirat's "
        "Al-Zahra neighbourhood.",
        "Israeli jets pounded the Gaza Strip on Monday, flattening towers in the Al-Zahra "
        "neighbourhood of Nuseirat.",
    ],
)
def test_a_province_folds_into_the_town_standing_in_for_an_unknown_part_of_it(
    gaz: FakeGazetteer, sentence: str
) -> None:
    ex = _run(sentence, gaz)
    assert [u.name for u in ex.unresolved] == ["Al-Zahra"]
    assert _places(ex) == ["Nuseirat"]


def test_a_place_at_a_bearing_from_a_town_is_not_that_town(gaz: FakeGazetteer) -> None:
    ex = _run(
        "Russian jets struck 10 km north of Homs on Monday. Shelling hit Homs on Monday.",
        gaz,
    )
    assert sorted(e.location.precision for e in ex.events) == ["relative", "town"]


# -- headline and body -------------------------------------------------------------------


def _headline_run(text: str, mideast: Gazetteer) -> Extraction:
    return _run(text, mideast, MIDEAST_REPORT_DATE)


def test_headline_strike_folds_into_the_body_strike_it_summarises(mideast: Gazetteer) -> None:
    text = (
        "Israeli airstrikes kill 20 in southern Gaza\n\n"
        "Israeli airstrikes hit Janub 2 on Thursday, killing 20 people."
    )
    ex = _headline_run(text, mideast)
    [ev] = ex.events
    assert ev.location.name == "Janub 2"
    # Both the body's and the headline's words are its evidence.
    assert [c.quote for c in ev.claims][-1] == "Israeli airstrikes kill 20 in southern Gaza"


def test_capitalised_headline_naming_the_province_by_its_capital_folds(
    mideast: Gazetteer,
) -> None:
    ex = _headline_run(
        "ISRAELI STRIKES HIT GAZA\n\nIsraeli jets struck Janub 1 on Monday.", mideast
    )
    [ev] = ex.events
    assert ev.location.name == "Janub 1"
    assert len(ev.claims) == 2


def test_headline_strike_the_body_does_not_locate_stays(mideast: Gazetteer) -> None:
    text = (
        "Israeli strike hits Khan Younis\n\nAnother strike killed three people in Shamal 1 on "
        "Thursday."
    )
    ex = _headline_run(text, mideast)
    assert _places(ex) == ["Khan Younis", "Shamal 1"]
