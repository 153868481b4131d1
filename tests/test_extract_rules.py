"""Second-pass extraction rules: note-style places, country focus, dates, triggers, caching.

All on the fake gazetteer (tests/extract_fakes.py), so they run in milliseconds.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extract_fakes import FakeGazetteer
from strikemap.extract import extract_report
from strikemap.extract.report_places import country_focus
from strikemap.model import Extraction, Report
from strikemap.read import read_text


def _run(text: str, gaz: FakeGazetteer, published: dt.date | None = None) -> Extraction:
    report: Report = read_text(text, source_id="t", published=published)
    return extract_report(report, gaz)


@pytest.fixture()
def gaz() -> FakeGazetteer:
    return FakeGazetteer()


def test_unknown_village_with_province_is_an_admin1_event_and_unresolved(
    gaz: FakeGazetteer,
) -> None:
    ex = _run("On 12 June 2022, Russian forces shelled Dobrianka, Chernihiv. No casualties.", gaz)
    assert [u.name for u in ex.unresolved] == ["Dobrianka"]
    assert ex.unresolved[0].fallback is not None
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Chernihiv", "admin1")
    assert "Dobrianka" in ev.location.reason
    assert (ev.date, ev.actor) == (dt.date(2022, 6, 12), "Russia")


def test_namesake_outside_the_report_country_is_rejected(gaz: FakeGazetteer) -> None:
    # "Hays" exists only in Kansas in this gazetteer; the note is about Yemen.
    ex = _run(
        "On 12 April 2022, Saudi-led coalition warplanes conducted air raids on Hays "
        "(Al Hudaydah). Casualties unknown.",
        gaz,
    )
    assert all(e.location.country == "YE" for e in ex.events)
    assert [e.location.name for e in ex.events] == ["Al Hudaydah"]
    assert [u.name for u in ex.unresolved] == ["Hays"]


def test_place_outside_focus_rejected_even_with_comma_admin(gaz: FakeGazetteer) -> None:
    ex = _run("On 19 March 2022, Russian forces shelled Budo-Vorobyi, Luhansk.", gaz)
    assert {e.location.country for e in ex.events} == {"UA"}
    assert ex.unresolved[0].name == "Budo-Vorobyi"


def test_gazetteer_word_inside_a_longer_name_is_not_that_place(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 11 June 2022, IRG forces fired artillery at Houthi positions in Bab Ghaliq "
        "(Qaatabah, Ad Dali). Casualties unknown.",
        gaz,
    )
    assert [e.location.name for e in ex.events] == ["Ad Dali"]
    assert [u.name for u in ex.unresolved] == ["Bab Ghaliq"]
    # The actor alias "Houthi" is neither a place nor an unresolved name.
    assert ex.events[0].actor == "Yemen"


def test_coded_to_replaces_the_written_place(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 22 June 2022, Russian forces shelled Hlukhivska territorial community, Sumy "
        "(coded to Hlukhiv). There were no casualties.",
        gaz,
    )
    assert [e.location.name for e in ex.events] == ["Hlukhiv"]
    assert not ex.unresolved


def test_alternative_spelling_in_parentheses(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 30 April 2022, Turkish warplanes conducted airstrikes against PKK militants in "
        "Saca (Shaca) area in Al Amadiya district of Duhok.",
        gaz,
    )
    assert [e.location.name for e in ex.events] == ["Shaca"]
    assert ex.events[0].actor == "Turkey"


def test_aside_parentheses_hold_no_strike_place(gaz: FakeGazetteer) -> None:
    ex = _run(
        "On 2 May 2022, Russian forces shelled Kreminna, Luhansk (according to Sumy media).",
        gaz,
    )
    assert [e.location.name for e in ex.events] == ["Kreminna"]


def test_passive_subject_is_a_strike_place(gaz: FakeGazetteer) -> None:
    ex = _run("On 25 February 2022, Kreminna, Luhansk, was shelled with artillery.", gaz)
    assert [e.location.name for e in ex.events] == ["Kreminna"]
    assert ex.events[0].actor is None  # nobody is named: left unknown


def test_islamic_state_as_target_is_not_the_actor(gaz: FakeGazetteer) -> None:
    ex = _run(
        "Ten Russian raids hit the Islamic State-held city of Raqqa on Thursday. At least 30 "
        "people were killed by Russian airstrikes targeting the Islamic State group bastion "
        "of Raqqa in northern Syria.",
        gaz,
        published=dt.date(2016, 8, 11),
    )
    assert ex.events and {e.actor for e in ex.events} == {"Russia"}


def test_country_focus_is_clear_from_an_admin_area(gaz: FakeGazetteer) -> None:
    text = "Russian forces shelled Budo, Luhansk."
    focus, clear = country_focus(gaz.spot(text), gaz)
    assert focus == ("UA",) and clear
    focus, clear = country_focus(gaz.spot("Strikes hit Budo."), gaz)
    assert focus == ("NO",) and not clear


def test_each_distinct_name_is_resolved_once_per_report(gaz: FakeGazetteer) -> None:
    text = "\n\n".join(
        f"On {d} June 2022, Russian forces shelled Kreminna, Luhansk." for d in (1, 2, 3)
    )
    ex = _run(text, gaz)
    assert len(ex.events) == 3  # three dates: three events
    assert gaz.calls.count(("Kreminna", "Luhansk", None)) == 1


def test_capital_alias_is_a_place_when_struck(gaz: FakeGazetteer) -> None:
    # "Moscow" is an actor alias (Russia), but here it is where the strike fell.
    ex = _run("On 3 May 2023, Ukrainian drones struck an oil depot near Moscow.", gaz)
    assert [e.location.anchor_name for e in ex.events] == ["Moscow"]
    assert ex.events[0].actor == "Ukraine"
    said = _run("On 3 May 2023, Moscow said Ukrainian drones struck Kreminna.", gaz)
    assert [e.location.name for e in said.events] == ["Kreminna"]
