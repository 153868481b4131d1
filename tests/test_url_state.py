"""The address bar beyond the filter: map position, selected event, unknown keys."""

from __future__ import annotations

import pytest

from strikemap.dashboard.url_state import (
    MapPosition,
    carry_query,
    event_from_query,
    keep_widget_state,
    position_from_query,
    position_to_query,
    remember_position,
    unknown_keys,
    with_filter,
)


def test_position_round_trips() -> None:
    position = MapPosition(35.9312, 36.6321, 11)
    assert position_from_query(position_to_query(position)) == position


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"lat": "35"},
        {"lat": "x", "lon": "36", "zoom": "8"},
        {"lat": "95", "lon": "36", "zoom": "8"},
        {"lat": "35", "lon": "-181", "zoom": "8"},
        {"lat": "nan", "lon": "36", "zoom": "8"},
        {"lat": "35", "lon": "36", "zoom": "inf"},
    ],
)
def test_malformed_positions_are_ignored(query: dict[str, str]) -> None:
    assert position_from_query(query) is None


def test_zoom_is_clamped() -> None:
    assert position_from_query({"lat": "1", "lon": "2", "zoom": "40"}) == MapPosition(1, 2, 19)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (["3", "12"], 12), ("-1", None), ("12abc", None), ("", None), ("9" * 30, None)],
)
def test_event_ids(value: object, expected: int | None) -> None:
    assert event_from_query({"event": value}) == expected


def test_unknown_keys_are_named() -> None:
    assert unknown_keys({"actor": "Russia", "utm_source": "x", "zoom": "5", "foo": "1"}) == [
        "foo",
        "utm_source",
    ]


def test_filter_replacement_keeps_view_and_event() -> None:
    current = {"actor": "Russia", "lat": "35.1", "lon": "36.2", "zoom": "9", "event": "4", "x": "1"}
    assert with_filter(current, {"country": "SY"}) == {
        "lat": "35.1",
        "lon": "36.2",
        "zoom": "9",
        "event": "4",
        "country": "SY",
    }


def test_links_carry_filter_and_position() -> None:
    state: dict[str, object] = {}
    assert carry_query(state, {"actor": "Russia"}) == {"actor": "Russia"}
    remember_position(state, MapPosition(35.0, 36.0, 8))
    assert carry_query(state, {"actor": "Russia"}) == {
        "actor": "Russia",
        "lat": "35.0000",
        "lon": "36.0000",
        "zoom": "8",
    }
    remember_position(state, None)
    assert carry_query(state, None) == {}


def test_widget_state_is_written_back() -> None:
    class State(dict[str, object]):
        writes: list[str]

        def __setitem__(self, key: str, value: object) -> None:
            self.writes.append(key)
            super().__setitem__(key, value)

    state = State({"flt_actors": ["Russia"], "map_heat": True, "other": 1})
    state.writes = []
    keep_widget_state(state, ("flt_", "map_heat"))
    assert sorted(state.writes) == ["flt_actors", "map_heat"]
