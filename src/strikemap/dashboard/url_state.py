"""The parts of the address bar that are not the filter: map view, selected event, notices.

A link reproduces a view: the filter (:mod:`strikemap.dashboard.filters`), the map's
centre and zoom (``lat``, ``lon``, ``zoom``) and the selected event (``event``) all live
in the query string, and page links carry them from page to page. The functions here
are pure (tested without Streamlit) except :func:`carry_query` and
:func:`keep_widget_state`, which read and write ``st.session_state``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FILTER_KEYS",
    "MapPosition",
    "carry_query",
    "event_from_query",
    "keep_widget_state",
    "position_from_query",
    "position_to_query",
    "remember_position",
    "unknown_keys",
    "with_filter",
]

FILTER_KEYS = frozenset(
    {
        "from",
        "to",
        "actor",
        "claimant",
        "country",
        "admin1",
        "precision",
        "report",
        "language",
        "target",
        "contested",
        "bbox",
        "area",
        "undated",
    }
)
"""Query keys that belong to the filter (written by the sidebar)."""

VIEW_KEYS = ("lat", "lon", "zoom")
EVENT_KEY = "event"
_KNOWN = FILTER_KEYS | set(VIEW_KEYS) | {EVENT_KEY}
_POSITION_KEY = "_strikemap_map_position"
_MIN_ZOOM, _MAX_ZOOM = 1, 19


@dataclass(frozen=True, slots=True)
class MapPosition:
    """Where the map looks: its centre (WGS 84 degrees) and zoom level."""

    lat: float
    lon: float
    zoom: int


def _first(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value)


def position_from_query(query: Mapping[str, Any]) -> MapPosition | None:
    """Return the map position a link asks for, or ``None`` when absent or malformed."""
    try:
        lat = float(_first(query.get("lat")) or "nan")
        lon = float(_first(query.get("lon")) or "nan")
        zoom = int(float(_first(query.get("zoom")) or "nan"))
    except (ValueError, OverflowError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return MapPosition(lat, lon, min(max(zoom, _MIN_ZOOM), _MAX_ZOOM))


def position_to_query(position: MapPosition) -> dict[str, str]:
    """Return the query keys of a map position (about 10 m of precision)."""
    return {
        "lat": f"{position.lat:.4f}",
        "lon": f"{position.lon:.4f}",
        "zoom": str(int(position.zoom)),
    }


def event_from_query(query: Mapping[str, Any]) -> int | None:
    """Return the selected event id of a link, or ``None`` when absent or malformed."""
    raw = (_first(query.get(EVENT_KEY)) or "").strip()
    if not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw)


def unknown_keys(query: Mapping[str, Any]) -> list[str]:
    """Return the query keys strikemap does not know, sorted (for a one-line notice)."""
    return sorted(k for k in query if k not in _KNOWN)


def with_filter(current: Mapping[str, Any], filter_query: Mapping[str, str]) -> dict[str, str]:
    """Return ``current`` with its filter keys replaced by ``filter_query``.

    The map position and the selected event are kept; keys strikemap does not know are
    dropped (their notice was shown when the link was opened).
    """
    kept = {
        k: str(_first(v))
        for k, v in current.items()
        if k not in FILTER_KEYS and k in _KNOWN and _first(v) is not None
    }
    return {**kept, **filter_query}


def remember_position(state: Any, position: MapPosition | None) -> None:
    """Keep the map's last position in the session, for links to other pages."""
    if position is None:
        state.pop(_POSITION_KEY, None)
    else:
        state[_POSITION_KEY] = position


def carry_query(state: Any, saved_filter: Mapping[str, str] | None) -> dict[str, str]:
    """Return the query a page link carries: the current filter and map position."""
    query = dict(saved_filter or {})
    position = state.get(_POSITION_KEY)
    if isinstance(position, MapPosition):
        query.update(position_to_query(position))
    return query


def keep_widget_state(state: Any, prefixes: Iterable[str]) -> None:
    """Keep keyed widgets' values across page switches.

    Streamlit forgets the value of a widget that the new page has not drawn yet; writing
    each value back marks it as the app's own state, which survives the switch.
    """
    prefixes = tuple(prefixes)
    for key in list(state.keys()):
        if isinstance(key, str) and key.startswith(prefixes):
            state[key] = state[key]
