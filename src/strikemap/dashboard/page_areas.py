"""The Areas page: filtered events and tolls per province or district, map and table.

Counts come from :mod:`strikemap.area_counts` (a spatial join; events whose uncertainty
spans several areas are counted apart). Clicking an area on the map, or selecting its
row, sets the dashboard's area filter, so every page then shows that area's events.
The counts ignore the area filter itself, so the other areas stay in view.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pandas as pd
import streamlit as st

from strikemap.area_counts import AreaView, count_areas, counts_with_polygons
from strikemap.dashboard.common import Context, filtered_context
from strikemap.dashboard.filters import AREA_KEY, request_admin1s
from strikemap.dashboard.loaders import data_version, get_store
from strikemap.dashboard.mapview import initial_view
from strikemap.filters import EventFilter

__all__ = ["render"]

_LEVEL_KEY = "areas_level"
_CLICK_KEY = "_strikemap_areas_last_click"
_LEVEL_LABELS = {
    "admin1": "Provinces (admin 1)",
    "admin2": "Districts (admin 2)",
    "admin3": "Sub-districts (admin 3)",
}
_TABLE_COLUMNS = {
    "name": st.column_config.TextColumn("Area"),
    "country": st.column_config.TextColumn("Country"),
    "events": st.column_config.NumberColumn("Events", help="Events placed in this area."),
    "uncertain_here": st.column_config.NumberColumn(
        "Uncertain",
        help="Events whose point lies here but whose uncertainty reaches other areas too: "
        "not counted in any area.",
    ),
    "killed": st.column_config.NumberColumn(
        "Killed", help="Sum over the area's events of the most conservative claim."
    ),
    "wounded": st.column_config.NumberColumn("Wounded"),
    "key": st.column_config.TextColumn("Key", help="What `strikemap --area KEY` takes."),
}


@st.cache_data(show_spinner="Counting events per area…", max_entries=16)
def _counts(
    db_url: str,
    flt: EventFilter,
    include_undated: bool,
    level: str,
    version: tuple[int, ...],
) -> AreaView:
    del version  # part of the cache key: new events mean new counts
    frame = get_store(db_url).area_frame(flt, include_undated=include_undated)
    return count_areas(frame, level)


@st.cache_data(show_spinner=False, max_entries=16)
def _levels(countries: tuple[str, ...]) -> list[str]:
    from strikemap.gazetteer.area_polygons import available_levels

    return available_levels(countries) or ["admin1"]


def render() -> None:
    """Draw the Areas page."""
    st.title("Areas")
    ctx = filtered_context()
    if ctx is None:
        return
    levels = _levels(tuple(ctx.flt.countries or ctx.facets.countries))
    level = st.radio(
        "Count by",
        levels,
        format_func=lambda v: _LEVEL_LABELS.get(v, v),
        horizontal=True,
        key=_LEVEL_KEY,
    )
    unfiltered = dataclasses.replace(ctx.flt, area=None)
    view = _counts(
        ctx.db_url, unfiltered, ctx.include_undated, str(level), data_version(ctx.db_url)
    )
    counts = view.counts
    placed = int(counts.table["events"].sum())
    st.markdown(
        f"**{placed:,}** of {counts.n_events:,} matching events placed in an area; "
        f"**{counts.n_uncertain:,}** uncertain (their location could lie in more than one "
        f"area, so no area counts them); {counts.n_outside:,} outside every area."
    )
    if view.by_name:
        st.info(
            "No area polygons are installed, so events are counted by the province name of "
            "their place, not by where they lie (`strikemap assets install` adds the outlines)."
        )
    if counts.n_events == 0:
        st.info("No events match the filters.")
    shown = counts.table[counts.table["events"].gt(0) | counts.table["uncertain_here"].gt(0)]
    if view.polygons is not None and counts.n_events:
        _draw_map(ctx, view, shown)
    elif view.by_name and len(shown):
        _draw_points(shown)
    picked = st.dataframe(
        shown.loc[:, list(_TABLE_COLUMNS)],
        hide_index=True,
        column_config=_TABLE_COLUMNS,
        on_select="rerun",
        selection_mode="single-row",
        key="areas_table",
    )
    rows = list(getattr(getattr(picked, "selection", None), "rows", []) or [])
    if rows and view.by_name:
        # Counted by name, so the matching filter is the admin1 name filter.
        if list(ctx.flt.admin1s) != [str(shown.iloc[rows[0]]["name"])]:
            request_admin1s(st.session_state, [str(shown.iloc[rows[0]]["name"])])
            st.rerun()
    elif rows:
        _select(str(shown.iloc[rows[0]]["key"]))
    st.caption(
        "Click an area on the map, or select its row, to filter every page to it. "
        "Sort by any column."
    )
    _downloads(view)


def _draw_map(ctx: Context, view: AreaView, shown: pd.DataFrame) -> None:
    from streamlit_folium import st_folium

    from strikemap.dashboard.choropleth import choropleth_map

    assert view.polygons is not None
    touched = view.polygons[view.polygons["key"].isin(shown["key"])]
    bounds = touched.total_bounds if len(touched) else view.polygons.total_bounds
    corners = pd.DataFrame({"lat": [bounds[1], bounds[3]], "lon": [bounds[0], bounds[2]]})
    center, zoom = initial_view(corners)
    m = choropleth_map(
        view.polygons,
        view.counts.table,
        selected=ctx.flt.area,
        center=center,
        zoom=zoom,
    )
    value = st_folium(
        m,
        key=f"areas_map_{view.level}",
        returned_objects=["last_active_drawing"],
        height=520,
        use_container_width=True,
    )
    clicked = ((value or {}).get("last_active_drawing") or {}).get("properties") or {}
    key = clicked.get("key")
    # The component repeats its last click on every rerun: act on a new click only.
    if isinstance(key, str) and key != st.session_state.get(_CLICK_KEY):
        st.session_state[_CLICK_KEY] = key
        _select(key)


def _draw_points(shown: pd.DataFrame) -> None:
    from streamlit_folium import st_folium

    from strikemap.area_counts import admin1_points
    from strikemap.dashboard.choropleth import admin1_point_map
    from strikemap.gazetteer import shared_gazetteer

    try:
        points = admin1_points(shown, shared_gazetteer())
    except (OSError, ValueError):
        return  # no gazetteer either: the table alone
    located = points.dropna(subset=["lat", "lon"])
    if located.empty:
        return
    center, zoom = initial_view(located)
    st_folium(
        admin1_point_map(points, center=center, zoom=zoom),
        key="areas_points",
        returned_objects=[],
        height=480,
        use_container_width=True,
    )
    st.caption("Circles sit at each province's point in the gazetteer, sized by its events.")


def _select(key: str) -> None:
    if st.session_state.get(AREA_KEY) != key:
        st.session_state[AREA_KEY] = key
        st.rerun()


def _downloads(view: AreaView) -> None:
    table = view.counts.table
    left, mid, right = st.columns(3)
    left.download_button(
        "Download the table (CSV)",
        table.to_csv(index=False).encode("utf-8"),
        file_name=f"strikemap-areas-{view.level}.csv",
        mime="text/csv",
    )
    if view.polygons is None:
        return
    frame = counts_with_polygons(view.counts, view.polygons)
    mid.download_button(
        "Download areas (GeoJSON)",
        frame.to_json(drop_id=True).encode("utf-8"),
        file_name=f"strikemap-areas-{view.level}.geojson",
        mime="application/geo+json",
    )
    right.download_button(
        "Download areas (GeoPackage)",
        lambda: _gpkg(frame),
        file_name=f"strikemap-areas-{view.level}.gpkg",
        mime="application/geopackage+sqlite3",
    )


def _gpkg(frame: Any) -> bytes:
    buffer = io.BytesIO()
    frame.to_file(buffer, driver="GPKG", layer="areas", engine="pyogrio")
    return buffer.getvalue()
