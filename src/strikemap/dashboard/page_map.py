"""The Map page: filtered strikes on an offline map, counts, exports and a table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from strikemap.dashboard.assets import missing_assets
from strikemap.dashboard.common import export_buttons, filtered_context, table_frame
from strikemap.dashboard.filters import map_options
from strikemap.dashboard.loaders import load_claims
from strikemap.dashboard.mapview import (
    MapView,
    build_base_map,
    build_event_layer,
    initial_view,
    plan_layer,
)

__all__ = ["MAP_KEY", "render"]

MAP_KEY = "strike_map"
"""Stable component key: the map keeps its zoom and position across reruns."""

_INITIAL_VIEW_KEY = "map_initial_view"
_BASE_KEY = "map_base_online"
_TABLE_ROWS = 1000


def render() -> None:
    """Draw the Map page."""
    st.title("Strike map")
    ctx = filtered_context()
    if ctx is None:
        return
    opts = map_options()
    events = ctx.events
    n_undated = int(events["date"].isna().sum())
    st.markdown(
        f"**{len(events):,}** of {ctx.facets.n_events:,} events match the filters"
        + (f" ({n_undated:,} with an unknown date)" if n_undated else "")
    )
    if missing := missing_assets():
        st.warning(
            "Offline map files are missing (run scripts/install_map_assets.sh): "
            + ", ".join(missing[:3])
        )

    # The view the browser last reported (st_folium stores it under the key on change).
    view = MapView.from_st_folium(st.session_state.get(MAP_KEY))
    if _INITIAL_VIEW_KEY not in st.session_state:
        st.session_state[_INITIAL_VIEW_KEY] = initial_view(events)
    center, zoom = st.session_state[_INITIAL_VIEW_KEY]
    plan = plan_layer(events, view, initial_zoom=zoom)
    claims = (
        load_claims(ctx.db_url, tuple(int(i) for i in plan.rows["id"]))
        if plan.mode == "events" and not plan.rows.empty
        else pd.DataFrame()
    )
    layer = build_event_layer(plan, claims, ctx.colours, heat=opts.heat)
    base = build_base_map(
        center, zoom, countries=ctx.facets.countries, online_tiles=opts.online_tiles
    )
    if plan.mode == "cells":
        st.caption(
            f"{plan.n_in_view:,} events around this view, aggregated into grid cells: "
            "zoom in (or click a cell) to see individual strikes."
        )
    remounted = st.session_state.get(_BASE_KEY, opts.online_tiles) != opts.online_tiles
    st.session_state[_BASE_KEY] = opts.online_tiles
    _show_map(base, layer, view, remounted)
    export_buttons(ctx)
    st.subheader("Events")
    if len(events) > _TABLE_ROWS:
        st.caption(f"First {_TABLE_ROWS:,} of {len(events):,} rows; the Events page searches all.")
    st.dataframe(table_frame(events.head(_TABLE_ROWS)), hide_index=True, key="map_events_table")


def _show_map(base: object, layer: object, view: MapView | None, remounted: bool) -> None:
    from streamlit_folium import st_folium

    kwargs: dict[str, object] = {}
    if remounted and view is not None:
        # The base map changed (online tiles toggled), so the component remounts: reopen
        # where the analyst was. Never passed otherwise, since feeding the reported view
        # back on every rerun makes the map drift while the iframe is still sizing.
        kwargs["center"] = ((view.south + view.north) / 2, (view.west + view.east) / 2)
        kwargs["zoom"] = view.zoom
    st_folium(
        base,
        key=MAP_KEY,
        feature_group_to_add=layer,
        returned_objects=["bounds", "zoom"],
        height=560,
        use_container_width=True,
        **kwargs,
    )
