"""In-memory event columns: the numpy filter agrees with SQL; cells and counts add up."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard_fixtures import build_store
from strikemap.dashboard.columns import (
    NO_DAY,
    EventColumns,
    aggregate_masked,
    daily_counts_masked,
    needs_store_ids,
    plan_columns,
    sorted_ids,
    view_center,
)
from strikemap.dashboard.mapview import aggregate_cells
from strikemap.dashboard.timeline import daily_counts
from strikemap.filters import EventFilter
from strikemap.store import Store, open_store

D0, D1 = dt.date(2015, 10, 1), dt.date(2015, 10, 5)
FILTERS = [
    EventFilter(),
    EventFilter(date_from=D0, date_to=D1),
    EventFilter(date_from=D0),
    EventFilter(actors=("Russia",)),
    EventFilter(actors=("(unknown)", "US-led coalition")),
    EventFilter(countries=("SY", "IQ"), precisions=("town", "admin1")),
    EventFilter(admin1s=("Idlib",), contested_only=True),
    EventFilter(bbox=(36.0, 34.0, 37.0, 36.0), date_to=D1),
    EventFilter(actors=("Nobody",)),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(f"sqlite:///{tmp_path_factory.mktemp('cols') / 's.db'}", 80, spread=0.4)


@pytest.fixture(scope="module")
def cols(store: Store) -> EventColumns:
    return EventColumns.from_frame(store.map_frame())


@pytest.mark.parametrize("flt", FILTERS)
@pytest.mark.parametrize("undated", [None, True, False])
def test_mask_agrees_with_the_store(
    store: Store, cols: EventColumns, flt: EventFilter, undated: bool | None
) -> None:
    expected = set(store.matching_ids(flt, include_undated=undated))
    got = set(cols.ids[cols.mask(flt, include_undated=undated)].tolist())
    assert got == expected


def test_claim_filters_go_through_store_ids(store: Store, cols: EventColumns) -> None:
    flt = EventFilter(claimants=("SOHR",), actors=("Russia",))
    assert needs_store_ids(flt) and not needs_store_ids(EventFilter(actors=("Russia",)))
    ids = sorted_ids(store.matching_ids(flt))
    got = cols.ids[cols.mask(flt, store_ids=ids)]
    assert set(got.tolist()) == set(ids.tolist()) and len(got) > 0


def test_column_facets_are_the_store_facets_but_claimants_and_languages(
    store: Store, cols: EventColumns, tmp_path: Path
) -> None:
    # The Map page draws from these before reading the store's facets: colours, the
    # date range and the counts must be the very same, or the sidebar would disagree.
    expected = dataclasses.replace(store.facets(), claimants=(), languages=())
    assert cols.facets() == expected
    assert "(unknown)" in expected.actors and expected.date_min is not None
    path = tmp_path / "cols.npz"
    cols.save(path)
    assert EventColumns.load(path).facets() == expected  # also from the disk copy


def test_column_facets_of_an_empty_store(tmp_path: Path) -> None:
    empty = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    facets = EventColumns.from_frame(empty.map_frame()).facets()
    assert facets == dataclasses.replace(empty.facets(), claimants=(), languages=())
    assert facets.n_events == 0 and facets.date_min is None and facets.actors == ()


def test_unknown_date_is_never_a_day(cols: EventColumns) -> None:
    assert (cols.day == NO_DAY).sum() == 1


def test_aggregate_matches_the_dataframe_version(store: Store, cols: EventColumns) -> None:
    mask = cols.mask(EventFilter())
    ours = aggregate_masked(cols, mask, 1.0, {"Russia": "#f00"})
    events = store.events_frame()
    theirs = aggregate_cells(events, 1.0, {"Russia": "#f00"})
    assert ours["count"].sum() == len(events) == theirs["count"].sum()
    key = ["lat", "lon"]
    a = ours.sort_values(key).reset_index(drop=True)
    b = theirs.sort_values(key).reset_index(drop=True)
    np.testing.assert_allclose(a[key].to_numpy(float), b[key].to_numpy(float))
    assert a["count"].tolist() == b["count"].tolist()
    assert set(ours["top_actor"]) <= {*cols.actors, "(unknown)"}


def test_aggregate_of_nothing_is_empty(cols: EventColumns) -> None:
    empty = aggregate_masked(cols, np.zeros(len(cols), dtype=bool), 1.0, {})
    assert empty.empty and list(empty.columns) == ["lat", "lon", "count", "top_actor", "colour"]


def test_daily_counts_match_the_dataframe_version(store: Store, cols: EventColumns) -> None:
    ours = daily_counts_masked(cols, cols.mask(EventFilter()))
    theirs = daily_counts(store.events_frame())
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_plan_switches_from_events_to_cells(cols: EventColumns) -> None:
    mask = cols.mask(EventFilter())
    small = plan_columns(cols, mask, None, 5, {}, threshold=1000, cell_deg=1.0)
    assert small.mode == "events" and len(small.ids) == len(cols)
    big = plan_columns(cols, mask, None, 5, {}, threshold=10, cell_deg=1.0)
    assert big.mode == "cells" and big.cells is not None
    assert int(big.cells["count"].sum()) == len(cols)
    assert set(big.actors) == {*cols.actors, "(unknown)"}
    # Zoomed in on one town: few enough events there to draw them one by one.
    box = (34.4, 36.3, 35.3, 37.2)
    near = plan_columns(cols, mask, box, 9, {}, threshold=30, cell_deg=0.05)
    assert near.mode == "events" and 0 < near.n_in_view < len(cols)
    assert set(near.ids.tolist()) == set(cols.ids[mask & cols.in_box(*box)].tolist())


def test_view_center_frames_the_points() -> None:
    (lat, lon), zoom = view_center(np.array([34.0, 36.0]), np.array([36.0, 38.0]))
    assert (lat, lon) == pytest.approx((35.0, 37.0), abs=0.1) and 5 <= zoom <= 9
    assert view_center(np.array([]), np.array([])) == ((30.0, 30.0), 3)


def test_columns_survive_a_disk_round_trip(cols: EventColumns, tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "c.npz"
    cols.save(path)
    back = EventColumns.load(path)
    assert back.actors == cols.actors and back.precisions == cols.precisions
    for name in ("ids", "lon", "lat", "day", "actor", "country", "contested"):
        np.testing.assert_array_equal(getattr(back, name), getattr(cols, name))
    flt = EventFilter(actors=("Russia",), date_from=D0)
    np.testing.assert_array_equal(back.mask(flt), cols.mask(flt))


def test_loader_keeps_a_versioned_copy_next_to_sqlite(tmp_path: object) -> None:
    from pathlib import Path

    from strikemap.dashboard import loaders

    url = f"sqlite:///{tmp_path}/s.db"
    path = loaders._columns_file(url, (10, 12))
    assert path == Path(f"{tmp_path}/.s.db.map-columns-10-12.npz")
    assert loaders._columns_file("sqlite:///:memory:", (1, 1)) is None
    assert loaders._columns_file("postgresql://u@h/db", (1, 1)) is None


def test_timeline_unit_follows_the_span() -> None:
    from strikemap.dashboard.timeline import time_unit

    def span(days: int) -> pd.DataFrame:
        dates = pd.to_datetime(["2015-01-01", "2015-01-01"]) + pd.to_timedelta([0, days], "D")
        return pd.DataFrame({"date": dates, "actor": ["a", "a"], "events": [1, 1]})

    assert time_unit(span(30))[1] == "day"
    assert time_unit(span(400))[1] == "week"
    assert time_unit(span(2500))[1] == "month"
    assert time_unit(span(18 * 365))[1] == "quarter"
    assert time_unit(span(50 * 365))[1] == "year"
