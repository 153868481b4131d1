"""Claims: a trailing claimant with a title or a place ("regional governor Vadym Filashkin
said", "Gaza health officials said"), and the claimed target of a weapon fired at it, which
is neither the casualties, a distance, nor only the places struck."""

from __future__ import annotations

import pytest

from sample_gazetteers import MIDEAST_REPORT_DATE, mideast_index
from strikemap.extract import extract_report
from strikemap.extract.claims import find_claimant, find_targets
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Extraction
from strikemap.read import read_text


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return mideast_index(tmp_path_factory.mktemp("mideast"))


def _run(text: str, gaz: Gazetteer) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=MIDEAST_REPORT_DATE), gaz)


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
