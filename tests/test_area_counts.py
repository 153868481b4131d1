"""Counting events by administrative area: spatial join, uncertainty kept apart, tolls."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from shapely.geometry import box

from strikemap.area_counts import (
    IN_AREA,
    OUTSIDE,
    UNCERTAIN,
    areas_frame,
    assign_to_areas,
    count_by_admin1_name,
    count_by_area,
    counts_with_polygons,
)
from strikemap.gazetteer.area_polygons import AreaPolygon

# Two provinces side by side, split at longitude 37; the sea lies west of 36.
WEST = AreaPolygon("gz:west", "West Province", "SY", "admin1", box(36.0, 35.0, 37.0, 36.0))
EAST = AreaPolygon("gz:east", "East Province", "SY", "admin1", box(37.0, 35.0, 38.0, 36.0))
AREAS = areas_frame([WEST, EAST])


def _events(*rows: tuple[float, float, float | None]) -> pd.DataFrame:
    return pd.DataFrame([{"lon": lon, "lat": lat, "uncertainty_km": r} for lon, lat, r in rows])


def test_a_strike_well_inside_a_province_is_counted_there() -> None:
    out = assign_to_areas(_events((36.5, 35.5, 2.0)), AREAS)
    assert out.loc[0, "status"] == IN_AREA
    assert out.loc[0, "area"] == "gz:west"


def test_a_circle_across_the_border_is_uncertain_not_given_to_either_side() -> None:
    # 3 km west of the border with a 10 km radius: it could be on either side.
    out = assign_to_areas(_events((36.967, 35.5, 10.0)), AREAS)
    assert out.loc[0, "status"] == UNCERTAIN
    assert out.loc[0, "area"] is None
    assert out.loc[0, "point_area"] == "gz:west"
    assert out.loc[0, "n_areas"] == 2


def test_the_same_point_with_a_small_radius_is_certain() -> None:
    out = assign_to_areas(_events((36.967, 35.5, 1.0)), AREAS)
    assert out.loc[0, "status"] == IN_AREA


def test_far_from_every_area_is_outside_and_near_the_coast_is_uncertain() -> None:
    out = assign_to_areas(_events((30.0, 35.5, 5.0), (35.98, 35.5, 5.0)), AREAS)
    assert list(out["status"]) == [OUTSIDE, UNCERTAIN]


def test_a_province_level_report_spanning_both_is_uncertain() -> None:
    out = assign_to_areas(_events((37.5, 35.5, 80.0)), AREAS)
    assert out.loc[0, "status"] == UNCERTAIN


def test_counts_and_conservative_tolls_per_area() -> None:
    events = _events((36.5, 35.5, 2.0), (36.4, 35.4, 2.0), (37.5, 35.5, 2.0), (36.99, 35.5, 20.0))
    events["killed"] = pd.array([3, None, 5, 100], dtype="Int64")
    events["wounded"] = pd.array([None, None, None, 7], dtype="Int64")
    counts = count_by_area(events, AREAS)
    table = counts.table.set_index("key")
    assert table.loc["gz:west", "events"] == 2
    assert table.loc["gz:east", "events"] == 1
    assert table.loc["gz:west", "uncertain_here"] == 1
    # The uncertain event's 100 killed belong to no area.
    assert table.loc["gz:west", "killed"] == 3
    assert table.loc["gz:east", "killed"] == 5
    assert pd.isna(table.loc["gz:west", "wounded"])
    assert (counts.n_events, counts.n_uncertain, counts.n_outside) == (4, 1, 0)
    assert list(counts.table["key"]) == ["gz:west", "gz:east"]  # most events first


def test_areas_without_events_are_listed_with_zero() -> None:
    counts = count_by_area(_events((36.5, 35.5, 1.0)), AREAS)
    assert dict(zip(counts.table["key"], counts.table["events"], strict=True)) == {
        "gz:west": 1,
        "gz:east": 0,
    }


def test_no_events_gives_an_empty_but_complete_table() -> None:
    counts = count_by_area(_events(), AREAS)
    assert list(counts.table["events"]) == [0, 0]
    assert counts.n_events == 0


def test_without_polygons_events_are_counted_by_their_admin1_name() -> None:
    events = pd.DataFrame(
        {
            "country": ["SY", "SY", "SY"],
            "admin1": ["Idlib", "Idlib", None],
            "killed": pd.array([2, 1, 9], dtype="Int64"),
        }
    )
    counts = count_by_admin1_name(events)
    assert counts.table[["name", "events", "killed"]].values.tolist() == [["Idlib", 2, 3]]
    assert counts.n_outside == 1 and counts.n_uncertain == 0


def test_counts_join_their_polygons_for_export() -> None:
    counts = count_by_area(_events((36.5, 35.5, 1.0)), AREAS)
    frame = counts_with_polygons(counts, AREAS)
    assert len(frame) == 2 and frame.crs is not None
    assert frame.set_index("key").loc["gz:west", "events"] == 1
    assert frame.geometry.iloc[0].geom_type == "Polygon"


def test_areas_counted_by_name_take_their_point_from_the_gazetteer(tmp_path: Path) -> None:
    from sample_gazetteers import built_index
    from strikemap.area_counts import admin1_points
    from strikemap.model import Place

    gazetteer = built_index(
        tmp_path,
        [
            Place("a:1", "Idlib", kind="admin1", country="SY", lat=35.8, lon=36.6),
            Place("t:1", "Idlib", kind="city", country="SY", lat=35.93, lon=36.63),
        ],
    )
    table = count_by_admin1_name(
        pd.DataFrame({"country": ["SY", "SY"], "admin1": ["Idlib", "Nowhere"]})
    ).table
    points = admin1_points(table, gazetteer).set_index("name")
    assert (points.loc["Idlib", "lat"], points.loc["Idlib", "lon"]) == (35.8, 36.6)
    assert pd.isna(points.loc["Nowhere", "lat"])
