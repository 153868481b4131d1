"""Find a place on the map: a gazetteer lookup that moves the map to the chosen place.

The choice becomes the map position in the address bar; the Map page sees a position it
did not write and moves there (see :mod:`strikemap.dashboard.url_state`).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from strikemap.dashboard.plain_text import markdown_text
from strikemap.dashboard.url_state import MapPosition, position_to_query

__all__ = ["draw_place_search", "zoom_for_kind"]

_QUERY_KEY = "map_place_query"
_PICK_KEY = "map_place_pick"
_ZOOM_BY_KIND = {
    "country": 6,
    "admin1": 8,
    "admin2": 10,
    "region": 7,
    "city": 12,
    "town": 13,
    "village": 14,
    "neighbourhood": 15,
}


def zoom_for_kind(kind: str) -> int:
    """Return the zoom level that frames a place of this kind (13 when unknown)."""
    return _ZOOM_BY_KIND.get(kind, 13)


def _label(candidate: Any) -> str:
    place = candidate.place
    where = ", ".join(v for v in (place.admin1, place.country) if v)
    return f"{place.name} ({place.kind}{', ' + where if where else ''})"


def _go(found: list[Any]) -> None:
    pick = st.session_state.get(_PICK_KEY)
    if not isinstance(pick, int) or not 0 < pick <= len(found):
        return
    place = found[pick - 1].place
    st.query_params.update(
        position_to_query(MapPosition(place.lat, place.lon, zoom_for_kind(place.kind)))
    )


def draw_place_search() -> None:
    """Draw the sidebar's place search; picking a result moves the map there."""
    sb = st.sidebar
    name = sb.text_input("Find a place on the map", key=_QUERY_KEY).strip()
    if not name:
        return
    try:
        from strikemap.gazetteer import shared_gazetteer

        found = shared_gazetteer().lookup(name, limit=10)
    except (ImportError, FileNotFoundError, OSError) as exc:
        sb.caption("The gazetteer is not available: " + markdown_text(exc))
        return
    if not found:
        sb.caption("No gazetteer place by that name.")
        return
    labels = ["(choose a place)"] + [_label(c) for c in found]
    sb.selectbox(
        "Places with that name",
        range(len(labels)),
        format_func=lambda k: labels[k],
        key=_PICK_KEY,
        on_change=_go,
        args=(found,),
    )
