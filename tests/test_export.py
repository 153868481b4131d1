import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest

from factories import make_event, make_report, sample_extraction
from strikemap.export import (
    dumps_geojson,
    events_to_csv,
    export_csv,
    export_geojson,
    neutralise_csv_cell,
)
from strikemap.filters import EventFilter
from strikemap.model import Casualties, Extraction
from strikemap.store import open_store


@pytest.fixture()
def store(tmp_path: Path):
    s = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    s.save(sample_extraction())
    yield s
    s.dispose()


def test_geojson_is_rfc7946_lon_lat(store) -> None:
    fc = export_geojson(store)
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 3
    jisr = next(f for f in fc["features"] if f["properties"]["place"] == "Jisr al-Shughur")
    assert jisr["geometry"] == {"type": "Point", "coordinates": [36.3177, 35.8126]}
    props = jisr["properties"]
    assert props["date"] == "2015-10-01" and props["actor"] == "Russia"
    assert props["report_id"] == "seedish.txt"  # the user's own id, not the hash
    assert props["claims"][0]["claimant"] == "Syrian security source"
    assert props["claims"][0]["quote"].startswith("Russian warplanes struck")
    for key in (
        "date_precision",
        "admin1",
        "country",
        "precision",
        "uncertainty_km",
        "report_title",
        "report_url",
    ):
        assert key in props
    text = dumps_geojson(fc)
    assert json.loads(text) == fc


def test_geojson_carries_filters_and_attribution(store) -> None:
    flt = EventFilter(actors=("Israel",))
    fc = export_geojson(store, flt)
    assert [f["properties"]["actor"] for f in fc["features"]] == ["Israel"]
    meta = fc["strikemap"]
    assert meta["filters"] == {"actors": ["Israel"]}
    assert "GeoNames" in meta["attribution"] and meta["version"]
    israel = fc["features"][0]["properties"]
    assert israel["claims"][0]["casualties"] == {"killed": 3}


def test_unknown_date_stays_null(store) -> None:
    fc = export_geojson(store)
    aleppo = next(f for f in fc["features"] if f["properties"]["place"] == "Aleppo")
    assert aleppo["properties"]["date"] is None
    assert aleppo["properties"]["date_precision"] == "unknown"
    assert aleppo["properties"]["actor"] is None
    assert aleppo["properties"]["contested"] is True


def test_csv_rows_and_formula_neutralised(tmp_path: Path) -> None:
    s = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    report = make_report('=HYPERLINK("http://evil") struck @home +1 -2', "=evil.csv")
    ev = make_event(
        report, '=HYPERLINK("http://evil") struck @home', claimant="@attacker", place="-Place"
    )
    s.save(Extraction(report=report, events=[ev]))
    rows = list(csv.DictReader(io.StringIO(export_csv(s))))
    assert len(rows) == 1
    row = rows[0]
    assert row["quotes"].startswith("'=")
    assert row["claimants"] == "'@attacker"
    assert row["place"] == "'-Place"
    assert row["report_id"] == "'=evil.csv"
    assert float(row["latitude"]) == pytest.approx(35.8126)


def _store_with_tolls(tmp_path: Path):
    s = open_store(f"sqlite:///{tmp_path / 't.db'}")
    report = make_report("Jets struck Homs. 3 were killed. At least 19 wounded.", "tolls.txt")
    ev = make_event(
        report,
        "Jets struck Homs.",
        place="Homs",
        casualties=Casualties(killed=3, killed_max=3, text="3 were killed"),
    )
    second = dataclasses.replace(
        ev.claims[0],
        quote="At least 19 wounded.",
        casualties=Casualties(wounded=19, fighters_killed=2, fighters_killed_max=2),
    )
    ev.claims.append(second)
    # An event with no figure beside it: its empty counts must not turn the others into floats.
    other = make_event(report, "Jets struck Homs.", place="Hama", lat=35.13, lon=36.75)
    s.save(Extraction(report=report, events=[ev, other]))
    return s


def test_csv_counts_are_integers_with_wounded_and_ranges(tmp_path: Path) -> None:
    s = _store_with_tolls(tmp_path)
    from_store = export_csv(s)
    # DataFrames hold a count column with gaps as floats: the CSV still says "3", not "3.0".
    assert events_to_csv(s.events_frame(), s.claims_frame()) == from_store
    rows = {r["place"]: r for r in csv.DictReader(io.StringIO(from_store))}
    homs = rows["Homs"]
    # "killed" holds the stated figure (or lower bound), "killed_max" the upper bound:
    # blank when a claim states none ("at least").
    assert (homs["killed"], homs["killed_max"]) == ("3", "3")
    assert (homs["wounded"], homs["wounded_max"]) == ("19", "")
    assert homs["fighters_killed"] == "2" and homs["missing"] == ""
    assert rows["Hama"]["killed"] == "" and rows["Hama"]["wounded"] == ""


def test_geojson_claims_carry_ranges_and_categories(tmp_path: Path) -> None:
    s = _store_with_tolls(tmp_path)
    fc = export_geojson(s)
    homs = next(f for f in fc["features"] if f["properties"]["place"] == "Homs")
    figures = [c["casualties"] for c in homs["properties"]["claims"]]
    assert {"killed": 3, "killed_max": 3, "text": "3 were killed"} in figures
    assert {"wounded": 19, "fighters_killed": 2, "fighters_killed_max": 2} in figures
    assert all(type(v) is int for f in figures for k, v in f.items() if k != "text")


@pytest.mark.parametrize(
    "value, expected", [("=1+1", "'=1+1"), ("+x", "'+x"), ("ok", "ok"), (-3.5, -3.5), ("", "")]
)
def test_neutralise_csv_cell(value, expected) -> None:
    assert neutralise_csv_cell(value) == expected


def test_csv_of_empty_selection_has_header_only(store) -> None:
    text = events_to_csv(
        store.events_frame(EventFilter(actors=("Nobody",))), store.claims_frame([])
    )
    assert text.strip().split(",")[0] == "event_id"
    assert text.count("\n") == 1


def test_out_of_range_coordinates_are_refused(tmp_path: Path) -> None:
    s = open_store(f"sqlite:///{tmp_path / 'o.db'}")
    report = make_report("Jets struck X.", "o.txt")
    s.save(Extraction(report=report, events=[make_event(report, "Jets struck X", lat=95.0)]))
    with pytest.raises(ValueError, match="out of range"):
        export_geojson(s)
