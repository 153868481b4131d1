"""World-scale names: countries, continents, regions, abbreviations, demonyms."""

from __future__ import annotations

from pathlib import Path

import pytest

from strikemap.gazetteer.world import load_world, name_key


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gazetteer"
    folder.mkdir()
    (folder / "countries.csv").write_text(
        "iso2,name,lat,lon,point_basis,demonym,alt_names\n"
        "UA,Ukraine,49.0,32.0,test,Ukrainian,Ukrayina\n"
        "CH,Switzerland,47.0,8.0,test,Swiss,\n",
        encoding="utf-8",
    )
    (folder / "world.csv").write_text(
        "id,name,alt_names,feature,country,lat,lon,uncertainty_km,source_note\n"
        "w:me,Middle East,Mideast,region,,29.0,41.0,2000,\n",
        encoding="utf-8",
    )
    (folder / "groups.csv").write_text("name,country,kind,note\nHamas,PS,organisation,\n")
    (folder / "abbreviations.csv").write_text(
        "abbreviation,country,target_name,target_kind\nCalif.,US,California,admin1\n"
    )
    return tmp_path


def test_name_key_folds_case_accents_punctuation_and_a_leading_article():
    assert name_key("the Middle East") == name_key("MIDDLE EAST")
    assert name_key("U.S.") == "u s"


def test_countries_regions_and_alternate_names_are_found(data_dir: Path):
    world = load_world(data_dir)
    assert [p.country for p in world.lookup("Ukrayina")] == ["UA"]
    (region,) = world.lookup("the Mideast")
    assert (region.name, world.feature_of(region.id)) == ("Middle East", "region")


def test_demonyms_and_plurals_point_to_their_country(data_dir: Path):
    world = load_world(data_dir)
    assert world.demonym("Ukrainians").country == "UA"
    assert world.demonym("Swiss").country == "CH"
    assert world.demonym("Swisss") is None
    hamas = world.demonym("Hamas")
    assert (hamas.country, hamas.kind) == ("PS", "organisation")


def test_abbreviations_name_their_area(data_dir: Path):
    abbr = load_world(data_dir).abbreviation("Calif.")
    assert (abbr.country, abbr.target_name, abbr.target_kind) == ("US", "California", "admin1")
