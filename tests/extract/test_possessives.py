"""Possessives around strike places: "Kharkiv's Kyivskyi district" places an unknown
district in its town, a preposed owner ("In Russia's Belgorod region") is a container, a
container or kind word may stand between owner and possessive, and an owner written as an
area ("Kharkiv region's") is only the admin hint."""

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


def test_possessive_names_the_town_a_district_lies_in(gaz: Gazetteer) -> None:
    ex = _run(
        "Russian forces dropped glide bombs on Kharkiv's Kyivskyi district on Sunday. "
        "A missile also hit a building on the outskirts of Odesa.",
        gaz,
    )
    by_name = {e.location.name: e.location for e in ex.events}
    # The district is unknown: it is placed in its town (not the oblast), said so.
    kyivskyi = next(loc for name, loc in by_name.items() if name.startswith("Kyivskyi"))
    assert kyivskyi.name.endswith(", Kharkiv")
    assert (kyivskyi.lat, kyivskyi.lon) == (49.98, 36.25)
    assert "outskirts of Odesa" in by_name


def test_preposed_possessive_area_and_came_under_fire(gaz: Gazetteer) -> None:
    ex = _run(
        "In Russia's Belgorod region, Governor Gladkov said Shebekino came under artillery "
        "fire from Ukraine on Monday.",
        gaz,
    )
    # "Russia's" owns the region (the name still counts for the report's country);
    # "came under fire" gives the town a strike role; a governor is no place.
    assert "Shebekino" in {e.location.name for e in ex.events}
    assert all("Governor" not in u.name for u in ex.unresolved)


@pytest.mark.parametrize(
    ("sentence", "name", "point"),
    [
        # The owner read as a container: what it owns is the narrower container.
        ("A missile struck the railway station in Kramatorsk, in Ukraine's Donetsk region, "
         "on Friday.", "Kramatorsk", (48.72, 37.56)),
        # A kind word between the owner and the possessive ("Donetsk city's").
        ("Ukrainian forces shelled Donetsk city's Kuibyshevskyi district on Monday.",
         "Kuibyshevskyi, Donetsk", (48.02, 37.80)),
    ],
)  # fmt: skip
def test_possessive_after_a_container_or_a_kind_word(
    gaz: Gazetteer, sentence: str, name: str, point: tuple[float, float]
) -> None:
    [ev] = _run(sentence, gaz).events
    assert ev.location.name == name
    assert (ev.location.lat, ev.location.lon) == point


def test_possessive_owner_written_as_an_area_is_only_its_admin_hint(gaz: Gazetteer) -> None:
    [ev] = _run(
        "Russian artillery shelled Kharkiv region's Zarichnyi district on Sunday.", gaz
    ).events
    # Not the city of Kharkiv: the region's district is placed at the region, said so.
    assert (ev.location.name, ev.location.precision) == ("Kharkiv Oblast", "admin1")
