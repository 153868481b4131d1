"""Spotting place names in text: provinces under another ending, two-letter names only with
a kind cue, lower-case landmark heads taken into the name, and headline verbs in capitals
that are no towns."""

from __future__ import annotations

import pytest

from sample_gazetteers import LOOKALIKE_PLACES, lookalike_index, region_index
from strikemap.gazetteer._store import spot_keys_for
from strikemap.gazetteer.index import Gazetteer


@pytest.fixture(scope="module")
def lookalikes(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return lookalike_index(tmp_path_factory.mktemp("lookalikes"))


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return region_index(tmp_path_factory.mktemp("regions"))


def test_province_spotted_under_another_ending(lookalikes: Gazetteer) -> None:
    assert "hasakeh" in spot_keys_for(LOOKALIKE_PLACES[2])
    ms = lookalikes.spot("Shelling hit Dardara village, Hasakeh.")
    ids = {pid for m in ms if m.surface == "Hasakeh" for pid in m.place_ids}
    assert "t:sy-hs" in ids


def test_two_letter_names_need_a_kind_cue(lookalikes: Gazetteer) -> None:
    assert [m.surface for m in lookalikes.spot("Drones struck Di village on Monday.")] == ["Di"]
    assert [m.surface for m in lookalikes.spot("Troops entered the village of Di.")] == ["Di"]
    assert lookalikes.spot("Di said the UN would help.") == []


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("US jets struck targets near Hodeidah port on Saturday.", "Hodeidah port"),
        ("Drones hit the Conoco gas field overnight.", "Conoco gas field"),
    ],
)
def test_spot_takes_lower_case_landmark_heads_into_the_name(
    regions: Gazetteer, text: str, surface: str
) -> None:
    assert [m.surface for m in regions.spot(text)] == [surface]


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("RUSSIAN STRIKES HIT NIKOPOL", ["NIKOPOL"]),  # a headline's verb is no town
        ("Fighters retreated to Hit on Monday.", ["Hit"]),  # the town of Hit, Anbar
    ],
)
def test_capitalised_headline_verbs_are_not_towns(
    regions: Gazetteer, text: str, surfaces: list[str]
) -> None:
    assert [m.surface for m in regions.spot(text)] == surfaces
