"""Third-pass extraction rules: general reporting patterns and actors.

Each rule is tested on sentences written for these tests (not the demo reports' own
wording), on the fake gazetteer (tests/extract_fakes.py); the bundled demo reports are
checked end to end at the bottom.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extract_fakes import FakeGazetteer
from strikemap.extract import extract_report
from strikemap.extract.actors import best_actor, find_actor_mentions, load_actor_table
from strikemap.extract.claims import find_denial
from strikemap.extract.events import _is_affiliation, _is_embedded
from strikemap.model import Extraction
from strikemap.read import read_path, read_text

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def _run(text: str, gaz: FakeGazetteer, published: dt.date | None = None) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=published), gaz)


def _actor(text: str, countries: tuple[str, ...] = ()) -> str | None:
    return best_actor(find_actor_mentions(text, load_actor_table(), countries))


@pytest.fixture()
def gaz() -> FakeGazetteer:
    return FakeGazetteer()


# -- names that are not places -----------------------------------------------------------


def test_a_building_named_after_a_region_does_not_hide_the_town(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 3 May 2022, a guided bomb hit the Luhansk Regional Philharmonic Hall Theatre in "
        "Kreminna.",
        gaz,
    )
    assert [e.location.name for e in ex.events] == ["Kreminna"]
    assert not ex.unresolved  # neither "Luhansk" nor the theatre is a strike place


def test_an_organisation_before_a_facility_noun_is_no_place(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 2 October 2015, jets bombed the Handicap Internationale rehabilitation centre in "
        "Kunduz.",
        gaz,
    )
    assert [e.location.name for e in ex.events] == ["Kunduz"]
    assert not ex.unresolved


def test_a_word_after_a_particle_stays_in_the_name(gaz: FakeGazetteer) -> None:
    ex = _run("On 9 January 2022, Turkish forces shelled the outskirts of Ain al Arab.", gaz)
    assert [u.name for u in ex.unresolved] == ["Ain al Arab"]


def test_between_two_places_is_one_place_reaching_both(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 8 May 2022, Russian artillery hit positions between Kreminna and Severodonetsk.",
        gaz,
    )
    # One strike between the two towns, not a strike on each.
    assert [e.location.name for e in ex.events] == ["between Kreminna and Severodonetsk"]


def test_a_dissimilar_name_in_parentheses_is_an_area_not_a_spelling(gaz: FakeGazetteer) -> None:
    ex = _run("On 1 June 2022, Russian forces shelled Zarichne (Kreminna), Luhansk.", gaz)
    assert [u.name for u in ex.unresolved] == ["Zarichne"]
    assert "Kreminna" not in {e.location.name for e in ex.events}


def test_unknown_neighbourhood_falls_back_to_its_town(gaz: FakeGazetteer) -> None:
    ex = _run("On 5 March 2017, an air strike hit a house in the Zanjili neighbourhood of west "
              "Mosul.", gaz)  # fmt: skip
    assert [u.name for u in ex.unresolved] == ["Zanjili"]
    assert [(e.location.name, e.location.precision) for e in ex.events] == [("Mosul", "town")]
    assert "Zanjili" in ex.events[0].location.reason


# -- actors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A British Reaper drone fired a missile at a truck", "United Kingdom"),
        ("An Israeli F-16 warplane hit a warehouse", "Israel"),
        ("Two Turkish Bayraktar drones struck a car", "Turkey"),
        ("An American-led coalition strike destroyed a bridge", "US-led coalition"),
        ("The shells were fired by Azerbaijani forces, residents said", "Azerbaijan"),
        ("The raid was carried out by Iraqi jets", "Iraq"),
        ("Houthis claimed responsibility for the drone attack", "Houthis"),
        ("A drone struck a car, witnesses said", None),  # nobody named: unknown
    ],
)
def test_agent_nouns_and_attributions(text: str, want: str | None) -> None:
    assert _actor(text) == want


def test_generic_military_takes_the_country_of_the_report() -> None:
    text = "On 2 March 2022, the military shelled a village."
    assert _actor(text, ("MM",)) == "Myanmar"
    assert _actor(text, ("NO",)) is None  # no country-specific entry: unknown stays unknown
    assert _actor(text) is None
    # A nationality adjective owns the army; generic victims are no striker.
    assert _actor("Turkish army helicopters struck a hill", ("IQ",)) == "Turkey"
    assert _actor("Militants raided a post, killing two soldiers", ("BF",)) is None


def test_generic_alias_end_to_end(gaz: FakeGazetteer) -> None:
    ex = _run("On 2 March 2022, the army shelled Kalay village, Sagaing region.", gaz)
    assert [(e.location.name, e.actor) for e in ex.events] == [("Sagaing", "Myanmar")]


def test_a_later_attribution_names_the_striker_and_a_denial_contests_it(
    gaz: FakeGazetteer,
) -> None:
    ex = _run(
        "A rocket slammed into the market in Kreminna on Monday, killing three people. "
        "Local officials said the rocket was launched by Russian forces. The Russian "
        "defence ministry denied targeting civilians and blamed Ukrainian troops.",
        gaz,
        published=dt.date(2022, 5, 4),
    )
    [ev] = ex.events
    assert ev.actor == "Russia"
    assert [c.claimant for c in ev.claims] == [None, "Local officials"]
    assert ev.claims[1].denied_by == "The Russian defence ministry"
    assert ev.contested
    assert not ex.unlocated_claims  # the denial answers the strike, it is no new claim


def test_without_attribution_the_striker_stays_unknown(gaz: FakeGazetteer) -> None:
    ex = _run(
        "A rocket hit Kreminna on Monday. Officials said the rocket caused a fire.",
        gaz,
        published=dt.date(2022, 5, 4),
    )
    assert [e.actor for e in ex.events] == [None]


def test_denial_subject_is_read_back_to_its_clause() -> None:
    assert find_denial("Russia's defence ministry denied it had shelled the market.") == (
        "denied it had shelled the market",
        "Russia's defence ministry",
    )
    assert find_denial("The army later rejected the claim.") == ("rejected the claim", "The army")
    assert find_denial("Access to the site was denied to reporters.") is None


# -- country focus -----------------------------------------------------------------------


def test_affiliations_and_embedded_names_do_not_vote_for_a_country() -> None:
    text = "drones hit pro-Iran militias and Iran-backed units near Al Sada in Kirkuk"
    i = text.index("Iran")
    assert _is_affiliation(text, i, i + 4)
    j = text.index("Iran", i + 1)
    assert _is_affiliation(text, j, j + 4)
    k = text.index("Sada")
    assert _is_embedded(text, k, k + 4)
    m = text.index("Kirkuk")
    assert not _is_embedded(text, m, m + 6)


# -- the bundled demo reports ------------------------------------------------------------

_DEMO_WANT = {
    "2015-09-30-talbiseh.txt": ("Talbiseh", "Russia"),
    "2015-10-03-kunduz.txt": ("Kunduz", "United States"),
    "2017-04-04-khan-shaykhun.txt": ("Khan Shaykhun", "Syria"),
    "2017-04-07-shayrat.txt": ("Shayrat", "United States"),
    "2018-08-09-dahyan.txt": ("Dahyan", "Saudi-led coalition"),
    "2022-03-16-mariupol-theatre.txt": ("Mariupol", "Russia"),
    "2022-04-08-kramatorsk.txt": ("Kramatorsk", "Russia"),
}


@pytest.mark.parametrize("name", sorted(_DEMO_WANT))
def test_demo_reports_give_their_strike_and_actor(name: str, gaz: FakeGazetteer) -> None:
    path = DEMO / name
    if not path.is_file():
        pytest.fail(f"{path} is missing from the repository")
    ex = extract_report(read_path(path)[0], gaz)
    place, actor = _DEMO_WANT[name]
    # Each demo report tells one strike: no second pin for a place that frames it
    # ("in Kramatorsk, in Ukraine's Donetsk region").
    assert {(e.location.name, e.actor) for e in ex.events} == {(place, actor)}


def test_kramatorsk_demo_keeps_attribution_and_denial(gaz: FakeGazetteer) -> None:
    ex = extract_report(read_path(DEMO / "2022-04-08-kramatorsk.txt")[0], gaz)
    [ev] = [e for e in ex.events if e.location.name == "Kramatorsk"]
    assert "Human Rights Watch" in {c.claimant for c in ev.claims}
    assert "Russia's defence ministry" in {c.denied_by for c in ev.claims}
    assert ev.contested
