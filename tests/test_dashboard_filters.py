"""URL query-string round trips of the shared filter (pure functions)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strikemap.dashboard.filters import filter_from_query, filter_to_query
from strikemap.filters import EventFilter

FULL = EventFilter(
    date_from=dt.date(2015, 9, 30),
    date_to=dt.date(2015, 10, 7),
    actors=("Russia", "(unknown)"),
    claimants=("SOHR",),
    target_text="hospital",
    countries=("SY", "IQ"),
    admin1s=("Homs, Rif", "Idlib"),
    precisions=("town", "admin1"),
    contested_only=True,
    report_ids=("report-00001",),
    bbox=(35.0, 33.0, 37.5, 36.0),
    languages=("uk", "und"),
)


def test_round_trip_full_filter() -> None:
    query = filter_to_query(FULL)
    assert all(isinstance(v, str) for v in query.values())
    assert filter_from_query(query) == FULL


def test_empty_filter_gives_empty_query() -> None:
    assert filter_to_query(EventFilter()) == {}
    assert filter_from_query({}) == EventFilter()


def test_commas_in_names_survive() -> None:
    flt = EventFilter(admin1s=("Homs, Rif",))
    assert filter_from_query(filter_to_query(flt)).admin1s == ("Homs, Rif",)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"from": "2015-13-45"}, EventFilter()),
        ({"from": "2015-10-09", "to": "2015-10-01"}, EventFilter()),  # empty range dropped
        ({"to": "yesterday"}, EventFilter()),
        ({"bbox": "1,2,3"}, EventFilter()),
        ({"bbox": "a,b,c,d"}, EventFilter()),
        ({"bbox": "10,80,5,85"}, EventFilter()),  # min_lon > max_lon
        ({"bbox": "nan,1,2,3"}, EventFilter()),
        ({"contested": "maybe"}, EventFilter()),
        ({"unknown_key": "x"}, EventFilter()),
        ({"actor": "||"}, EventFilter()),
        ({"country": "sy"}, EventFilter(countries=("SY",))),
        ({"contested": "true"}, EventFilter(contested_only=True)),
        ({"actor": ["Syria", "Russia"]}, EventFilter(actors=("Russia",))),  # last value wins
    ],
)
def test_bad_values_are_ignored_not_fatal(query: dict[str, object], expected: EventFilter) -> None:
    assert filter_from_query(query) == expected


def test_list_values_are_capped() -> None:
    flt = filter_from_query({"actor": "|".join(f"a{i}" for i in range(1000))})
    assert len(flt.actors) == 200


@given(
    st.dictionaries(
        st.sampled_from(
            ["from", "to", "actor", "bbox", "contested", "target", "country", "precision", "x"]
        ),
        st.text(max_size=30),
    )
)
def test_never_crashes_on_arbitrary_queries(query: dict[str, str]) -> None:
    flt = filter_from_query(query)
    assert isinstance(flt, EventFilter)
    # And whatever came out serialises back to the same filter.
    assert filter_from_query(filter_to_query(flt)) == flt
