"""Relations written around a strike place: "west of Khan Younis" after a place describes
it (no second strike), an unknown place is moved along its relation ("countryside of",
"south of" a city named like its province), without a relation only the area is stated,
and a side adjective ("southern Gaza", "southern countryside of") asks for that side."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_fakes import FakeGazetteer
from sample_gazetteers import MIDEAST_REPORT_DATE, mideast_index, strict_fake_gazetteer
from strikemap.extract import extract_report
from strikemap.gazetteer.base import GazetteerLike
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Extraction
from strikemap.read import read_text


def _run(text: str, gaz: GazetteerLike, published: dt.date | None = None) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=published), gaz)


@pytest.fixture()
def strict_fake() -> FakeGazetteer:
    return strict_fake_gazetteer()


@pytest.fixture(scope="module")
def mideast(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return mideast_index(tmp_path_factory.mktemp("mideast"))


# ---------------------------------------------------------------- relations to a place
@pytest.mark.parametrize(
    "sentence",
    [
        "An Israeli strike hit a house in al-Mawasi, west of Khan Younis, the civil defence said.",
        "An Israeli strike hit a house in al-Mawasi west of Khan Younis on Thursday.",
    ],
)
def test_relation_after_a_strike_place_describes_it(mideast: Gazetteer, sentence: str) -> None:
    ex = _run(sentence, mideast, MIDEAST_REPORT_DATE)
    # One strike, at al-Mawasi: "west of Khan Younis" says where al-Mawasi lies.
    assert [e.location.name for e in ex.events] == ["al-Mawasi"]


def test_unknown_place_with_a_relation_is_placed_along_it(mideast: Gazetteer) -> None:
    ex = _run(
        "An Israeli strike hit a house in Qizan an-Najjar, west of Khan Younis.",
        mideast,
        MIDEAST_REPORT_DATE,
    )
    [ev] = ex.events
    assert [u.name for u in ex.unresolved] == ["Qizan an-Najjar"]
    loc = ev.location
    assert loc.precision == "relative"
    assert loc.bearing == "west"
    assert loc.lon < 34.31  # moved west of Khan Younis, not left on it


def test_relation_to_a_city_named_like_its_province_anchors_an_unknown_place(
    mideast: Gazetteer,
) -> None:
    ex = _run(
        "US forces struck facilities in Jurf al-Sakhar, south of Baghdad, on Tuesday.",
        mideast,
        MIDEAST_REPORT_DATE,
    )
    [ev] = ex.events
    # Baghdad is also a province, but "south of Baghdad" is a relation to the city.
    assert (ev.location.precision, ev.location.bearing) == ("relative", "south")
    assert ev.location.lat < 33.34
    assert [u.name for u in ex.unresolved] == ["Jurf al-Sakhar"]


def test_unknown_village_in_the_countryside_of_a_town_is_placed_there(
    strict_fake: FakeGazetteer,
) -> None:
    ex = _run(
        "On 2 January 2022, Turkish artillery shelled Tal Jarad village in the "
        "countryside of Al Bab in Aleppo governorate.",
        strict_fake,
    )
    [u] = ex.unresolved
    assert u.name == "Tal Jarad"
    [ev] = ex.events
    # Not at the governorate: the text says where the village lies, around the town.
    assert ev.location.precision == "relative"
    assert ev.location.anchor_name == "Al Bab"
    assert u.fallback == ev.location


def test_unknown_village_in_a_town_is_not_placed_at_the_town(strict_fake: FakeGazetteer) -> None:
    ex = _run(
        "On 2 January 2022, Turkish artillery shelled Tal Jarad village of Al Bab in "
        "Aleppo governorate.",
        strict_fake,
    )
    # Without a relation ("countryside of", "outskirts of") only the area is stated.
    [ev] = ex.events
    assert (ev.location.name, ev.location.precision) == ("Aleppo", "admin1")


# ---------------------------------------------------------------- sides of an area
def test_side_adjective_asks_for_that_side_of_the_area(mideast: Gazetteer) -> None:
    ex = _run(
        "Israeli airstrikes killed 20 people in southern Gaza on Thursday.",
        mideast,
        MIDEAST_REPORT_DATE,
    )
    [ev] = ex.events
    assert ev.location.name == "southern Gaza"
    assert ev.location.precision == "region"
    assert ev.location.lat == pytest.approx(31.30, abs=0.01)  # where the south's towns are


def test_unknown_villages_in_a_named_part_of_a_province_are_placed_in_that_part(
    mideast: Gazetteer,
) -> None:
    ex = _run(
        "Israeli jets struck the villages of Abasan and Khuzaa in the southern countryside "
        "of Gaza on Monday.",
        mideast,
        MIDEAST_REPORT_DATE,
    )
    assert sorted(u.name for u in ex.unresolved) == ["Abasan", "Khuzaa"]
    [ev] = ex.events
    assert ev.location.precision == "region"
    assert ev.location.lat == pytest.approx(31.30, abs=0.01)  # the south's towns
