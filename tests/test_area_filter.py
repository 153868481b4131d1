"""The area filter and `strikemap areas`: events whose point lies in an area's polygon."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import box

from factories import make_event, make_report
from strikemap.cli import main
from strikemap.filters import EventFilter
from strikemap.gazetteer._store import write_index
from strikemap.model import Extraction, Place
from strikemap.store import open_store

_PROVINCE = box(36.0, 35.0, 37.0, 36.0)


@pytest.fixture
def gazetteer_with_areas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "gazetteer"
    write_index(
        directory / "index.sqlite",
        [Place("t:1", "Sometown", kind="town", country="SY", lat=35.5, lon=36.5)],
        {"kind": "test"},
    )
    (directory / "layers").mkdir()
    write_index(
        directory / "layers" / "ocha.sqlite",
        [Place("ocha:SY01", "Test Province", kind="admin1", country="SY", lat=35.5, lon=36.5)],
        {"kind": "layer"},
        geometries={"ocha:SY01": _PROVINCE.wkb},
    )
    monkeypatch.setenv("STRIKEMAP_GAZETTEER", str(directory))
    return directory


def _fill(url: str) -> None:
    report = make_report("Strikes hit Inside and Outside. Another hit Edge.")
    events = [
        make_event(report, "Strikes hit Inside", place="Inside", lat=35.5, lon=36.5),
        make_event(report, "Outside", place="Outside", lat=35.5, lon=37.5),
        make_event(report, "Another hit Edge", place="Edge", lat=35.999, lon=36.999),
    ]
    store = open_store(url)
    store.save(Extraction(report=report, events=events, unresolved=[]))
    store.dispose()


def test_the_store_keeps_only_events_inside_the_area(
    db_url: str, gazetteer_with_areas: Path
) -> None:
    _fill(db_url)
    store = open_store(db_url)
    try:
        inside = store.events_frame(EventFilter(area="gz:ocha:SY01"))
        assert sorted(inside["place_name"]) == ["Edge", "Inside"]
        frame = store.area_frame(EventFilter(area="gz:ocha:SY01"))
        assert len(frame) == 2
        with pytest.raises(ValueError, match="unknown area"):
            store.events_frame(EventFilter(area="gz:nowhere"))
    finally:
        store.dispose()


def test_the_filter_round_trips_through_its_dict() -> None:
    flt = EventFilter(area="ne:SYR-137", date_from=dt.date(2020, 1, 1))
    assert EventFilter.from_dict(flt.to_dict()) == flt


def test_areas_command_prints_counts_and_writes_polygons(
    tmp_path: Path, gazetteer_with_areas: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    _fill(url)
    runner = CliRunner()
    out_file = tmp_path / "areas.geojson"
    result = runner.invoke(
        main, ["areas", "--db", url, "--polygons", str(out_file), "--csv", str(tmp_path / "a.csv")]
    )
    assert result.exit_code == 0, result.output
    assert "gz:ocha:SY01" in result.output
    assert "3 event(s)" in result.output
    doc = json.loads(out_file.read_text())
    assert doc["features"][0]["properties"]["name"] == "Test Province"
    assert (tmp_path / "a.csv").read_text().startswith("key,name,country")

    listed = runner.invoke(main, ["events", "--db", url, "--area", "gz:ocha:SY01", "--json"])
    assert listed.exit_code == 0, listed.output
    assert len(listed.output.strip().splitlines()) == 2


def test_an_unknown_area_is_a_one_line_usage_error(
    tmp_path: Path, gazetteer_with_areas: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    result = CliRunner().invoke(main, ["events", "--db", url, "--area", "gz:nowhere"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "unknown area" in result.output
