"""The store's dashboard reads: counts, light map rows, pages, search, ids, version."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard_fixtures import XSS_PLACE, build_store
from strikemap.filters import EventFilter
from strikemap.store import EVENT_COLUMNS, Store

D0, D1 = dt.date(2015, 10, 1), dt.date(2015, 10, 5)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    # 60 events: several undated ones would need a bigger fixture; one is enough to tell
    # the three undated rules apart.
    url = f"sqlite:///{tmp_path_factory.mktemp('dashq') / 'store.db'}"
    return build_store(url, 60)


def _ids(frame: object) -> set[int]:
    return {int(i) for i in frame["id"]}  # type: ignore[index]


def test_undated_rules(store: Store) -> None:
    everything = store.events_frame()
    undated = set(everything.loc[everything["date"].isna(), "id"].astype(int))
    assert len(undated) == 1
    ranged = EventFilter(date_from=D0, date_to=D1)
    in_range = _ids(store.events_frame(ranged))
    assert not in_range & undated

    # None: the filter's own rule (the store's events_frame).
    assert _ids(store.map_frame(ranged)) == in_range
    assert _ids(store.map_frame(EventFilter())) == _ids(everything)
    # True: kept whatever the range.
    assert _ids(store.map_frame(ranged, include_undated=True)) == in_range | undated
    assert _ids(store.map_frame(EventFilter(), include_undated=True)) == _ids(everything)
    # False: never kept.
    assert _ids(store.map_frame(ranged, include_undated=False)) == in_range
    assert _ids(store.map_frame(EventFilter(), include_undated=False)) == _ids(everything) - undated

    assert store.count_matching(ranged, include_undated=True) == (len(in_range) + 1, 1)
    assert store.count_matching(ranged, include_undated=False) == (len(in_range), 0)


def test_map_frame_is_light_and_matches_filters(store: Store) -> None:
    flt = EventFilter(actors=("Russia", "(unknown)"), countries=("SY",))
    light = store.map_frame(flt)
    assert list(light.columns) == [
        "id",
        "lon",
        "lat",
        "actor",
        "precision",
        "uncertainty_km",
        "date",
        "country",
        "admin1",
        "contested",
    ]
    assert _ids(light) == _ids(store.events_frame(flt))
    assert set(light["country"]) == {"SY"}
    assert set(light["actor"].fillna("(unknown)")) <= {"Russia", "(unknown)"}
    assert light["id"].is_monotonic_increasing


def test_events_page_orders_dated_first_and_pages_without_gaps(store: Store) -> None:
    full = store.events_frame()
    pages = [store.events_page(limit=7, offset=o) for o in range(0, 70, 7)]
    stitched = [int(i) for p in pages for i in p["id"]]
    assert stitched == [int(i) for i in full["id"]]
    assert list(pages[0].columns) == list(EVENT_COLUMNS)
    assert store.events_page(limit=None)["id"].tolist() == full["id"].tolist()
    # A page past the dated rows still finds the undated one.
    last = store.events_page(limit=5, offset=59)
    assert len(last) == 1 and last["date"].isna().all()


def test_events_page_with_undated_kept_in_a_range(store: Store) -> None:
    ranged = EventFilter(date_from=D0, date_to=D1)
    page = store.events_page(ranged, include_undated=True, limit=None)
    assert page["date"].isna().sum() == 1 and page["date"].isna().iloc[-1]
    assert page["date"].dropna().between(D0.isoformat(), D1.isoformat()).all()


def test_search_reads_places_reports_and_claims(store: Store) -> None:
    assert store.count_matching(search="hostile")[0] == 1  # place and title
    page = store.events_page(search="HOSPITAL", limit=None)  # a claimed target
    assert len(page) == store.count_matching(search="hospital")[0] > 0
    assert XSS_PLACE not in set(page["place_name"])
    assert store.count_matching(search="denied striking")[0] > 0  # a denial
    assert store.count_matching(search="100%")[0] == 0  # wildcards match themselves
    assert store.count_matching(search="_")[0] == 0


def test_matching_ids_and_events_by_ids(store: Store) -> None:
    flt = EventFilter(claimants=("SOHR",))
    ids = store.matching_ids(flt)
    assert ids == sorted(_ids(store.events_frame(flt)))
    rows = store.events_by_ids(ids[:5])
    assert _ids(rows) == set(ids[:5]) and list(rows.columns) == list(EVENT_COLUMNS)


def test_data_version_changes_when_events_are_added(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/v.db"
    store = build_store(url, 3, hostile=False)
    before = store.data_version()
    assert before[0] == 3
    import dataclasses

    from dashboard_fixtures import synthetic_extractions

    extra = synthetic_extractions(2, seed=9, hostile=False)[0]
    report = dataclasses.replace(extra.report, id="x" * 64)  # a new content hash
    store.save(dataclasses.replace(extra, report=report))
    after = store.data_version()
    assert after[0] == 5 and after[1] > before[1]
