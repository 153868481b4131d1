"""Headline strikes: a headline folds into the body strike it summarises (also in capitals,
naming the province by its capital), and stays a strike of its own when the body does not
locate it."""

from __future__ import annotations

import pytest

from sample_gazetteers import MIDEAST_REPORT_DATE, mideast_index
from strikemap.extract import extract_report
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Extraction
from strikemap.read import read_text


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return mideast_index(tmp_path_factory.mktemp("mideast"))


def _run(text: str, gaz: Gazetteer) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=MIDEAST_REPORT_DATE), gaz)


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


def test_capitalised_headline_naming_the_province_by_its_capital_folds(gaz: Gazetteer) -> None:
    ex = _run("ISRAELI STRIKES HIT GAZA\n\nIsraeli jets struck Janub 1 on Monday.", gaz)
    [ev] = ex.events
    assert ev.location.name == "Janub 1"
    assert len(ev.claims) == 2


def test_headline_strike_the_body_does_not_locate_stays(gaz: Gazetteer) -> None:
    text = (
        "Israeli strike hits Khan Younis\n\n"
        "Another strike killed three people in Shamal 1 on Thursday."
    )
    ex = _run(text, gaz)
    assert {e.location.name for e in ex.events} == {"Khan Younis", "Shamal 1"}
