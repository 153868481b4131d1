"""The Map page: filtered strikes on an offline map, counts, exports and a paged table.

Fast at a million events: the filter is applied to in-memory columns
(:mod:`strikemap.dashboard.columns`), the map draws at most
:data:`~strikemap.dashboard.mapview.AGGREGATE_THRESHOLD` strikes (else grid cells), only
the drawn strikes' full rows and claims are read from the store, the table reads one
page, and the export files are built on click past a few thousand events.
"""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st

from strikemap.dashboard.assets import missing_assets
from strikemap.dashboard.columns import NO_DAY, plan_columns, view_center
from strikemap.dashboard.common import (
    Context,
    draw_sidebar_after,
    export_buttons,
    filtered_context,
    page_controls,
    show_table,
)
from strikemap.dashboard.filters import current_map_options, map_options
from strikemap.dashboard.loaders import load_claims, load_event_rows, load_events_page
from strikemap.dashboard.mapview import (
    AGGREGATE_THRESHOLD,
    LayerPlan,
    MapView,
    build_base_map,
    build_event_layer,
    cell_size_deg,
)
from strikemap.dashboard.place_search import draw_place_search
from strikemap.dashboard.reference_layer import box_around, reference_layer
from strikemap.dashboard.time_player import MAX_PLAYED, TRAIL, PlayerData, TimePlayer, player_data
from strikemap.dashboard.url_state import (
    MapPosition,
    position_from_query,
    position_to_query,
    remember_position,
)
from strikemap.store import EVENT_COLUMNS

__all__ = ["MAP_KEY", "TABLE_PAGE", "render", "undated_note"]

MAP_KEY = "strike_map"
"""Stable component key: the map keeps its zoom and position across reruns."""

TABLE_PAGE = 500
"""Rows per page of the events table under the map."""

_INITIAL_VIEW_KEY = "map_initial_view"
_WRITTEN_KEY = "_strikemap_position_written"
_FIRST_SHOWN_KEY = "_strikemap_first_view_shown"
_BASE_KEY = "map_base_online"
_PAINTED_KEY = "_strikemap_map_painted"
_FALLBACK_SECONDS = 3.0
"""Should the map never report its view (a blocked script), the page finishes anyway."""
_MAP_HEIGHT = 620


def render() -> None:
    """Draw the Map page."""
    st.title("Strike map")
    # The map goes out before the sidebar widgets: the browser loads each widget's
    # scripts on first sight, and with the widgets first the map component's scripts
    # queued behind some forty of them (its frame started 0.6-0.8 s after the map
    # arrived; 0.1-0.4 s with the map first, measured on a busy 2-core machine).
    ctx = filtered_context(sidebar_later=True)
    if ctx is None:
        return
    opts = current_map_options()
    cols = ctx.columns()
    mask = ctx.mask(cols)
    n = int(mask.sum())
    n_undated = int((mask & (cols.day == NO_DAY)).sum())
    st.markdown(
        f"**{n:,}** of {ctx.facets.n_events:,} events match the filters"
        + undated_note(
            n_undated, ranged=ctx.flt.date_from is not None or ctx.flt.date_to is not None
        )
    )
    if missing := missing_assets():
        st.warning(
            "Offline map files are missing (run `strikemap assets install`): "
            + ", ".join(missing[:3])
        )

    # The view the browser last reported (st_folium stores it under the key on change).
    view = MapView.from_st_folium(st.session_state.get(MAP_KEY))
    linked = _linked_position()
    if _INITIAL_VIEW_KEY not in st.session_state:
        st.session_state[_INITIAL_VIEW_KEY] = (
            ((linked.lat, linked.lon), linked.zoom)
            if linked is not None
            else view_center(cols.lat[mask], cols.lon[mask])
        )
        moved_to = None
    else:
        # The address bar holds the position this page last wrote; anything else there
        # came from a link opened in this session (or back/forward): go there.
        written = st.session_state.get(_WRITTEN_KEY)
        moved_to = (
            linked if linked is not None and written is not None and linked != written else None
        )
        if moved_to is not None:
            st.session_state[_WRITTEN_KEY] = moved_to
    if moved_to is None:
        _write_position(view, linked)
    center, zoom = st.session_state[_INITIAL_VIEW_KEY]
    zoom_now = view.zoom if view is not None else zoom
    cplan = plan_columns(
        cols,
        mask,
        view.padded() if view is not None else None,
        zoom_now,
        ctx.colours,
        threshold=AGGREGATE_THRESHOLD,
        cell_deg=cell_size_deg(zoom_now),
    )
    if cplan.mode == "events":
        ids = tuple(int(i) for i in cplan.ids)
        rows = load_event_rows(ctx.db_url, ids) if ids else pd.DataFrame(columns=EVENT_COLUMNS)
        claims = load_claims(ctx.db_url, ids) if ids else pd.DataFrame()
    else:
        rows, claims = pd.DataFrame({"actor": []}), pd.DataFrame()
    plan = LayerPlan(
        cplan.mode,
        rows,
        cplan.n_total,
        cplan.n_in_view,
        cplan.cell_deg,
        cells=cplan.cells,
        actors=cplan.actors,
    )
    if opts.play:
        played = player_data(
            cols, mask, view.padded(0.0) if view is not None else None, ctx.colours
        )
        layer = folium.FeatureGroup(name="Strikes over time")
        if played.rows:
            TimePlayer(played).add_to(layer)
    else:
        layer = build_event_layer(plan, claims, ctx.colours, heat=opts.heat)
    box = view.padded(0.15) if view is not None else box_around(center, zoom)
    reference = reference_layer(box, zoom_now)
    if reference is not None:
        reference.add_to(layer)
    base = build_base_map(
        center, zoom, countries=ctx.facets.countries, online_tiles=opts.online_tiles
    )
    remounted = st.session_state.get(_BASE_KEY, opts.online_tiles) != opts.online_tiles
    st.session_state[_BASE_KEY] = opts.online_tiles
    _show_map(base, layer, view, remounted, moved_to)
    if view is None and not st.session_state.get(_PAINTED_KEY):
        # A session's first run draws the map and stops: the filter widgets, exports and
        # the rest come with the rerun the map triggers when it reports its view, a few
        # hundred ms later. Drawn in this run, their forty-odd scripts queued ahead of
        # the map's frame in the browser (first paint 2.9 s -> 1.8 s at 100k events,
        # measured side by side).
        st.session_state[_PAINTED_KEY] = True
        _finish_page_later()
        return
    draw_sidebar_after(ctx)
    map_options()
    draw_place_search()
    if opts.play:
        _player_caption(played)
    elif plan.mode == "cells":
        st.caption(
            f"{plan.n_in_view:,} events around this view, aggregated into grid cells: "
            "zoom in (or click a cell) to see individual strikes."
        )
    elif plan.n_in_view < plan.n_total:
        st.caption(
            f"Showing the {plan.n_in_view:,} strikes around this view individually; "
            "zoom out to see all of them as grid cells."
        )
    export_buttons(ctx, n)
    _table(ctx, n)


@st.fragment(run_every=_FALLBACK_SECONDS)
def _finish_page_later() -> None:
    # Runs only if the map has not rerun the page by then (a full run drops the fragment).
    if st.session_state.get(_FALLBACK_KEY):
        st.session_state[_FALLBACK_KEY] = False
        st.rerun(scope="app")
    st.session_state[_FALLBACK_KEY] = True


_FALLBACK_KEY = "_strikemap_finish_armed"


def _player_caption(played: PlayerData) -> None:
    if played.n_too_many:
        st.info(
            f"{played.n_too_many:,} dated strikes are in view; up to {MAX_PLAYED:,} play "
            "smoothly. Zoom in or narrow the filter to play them."
        )
        return
    note = f"; {played.n_undated:,} with an unknown date are not played" if played.n_undated else ""
    st.caption(
        f"Playing {len(played.rows):,} dated strikes in view, one {played.step} at a time, "
        f"each with the {TRAIL} {played.step}s before it fading{note}. "
        "Pan or zoom, then press play again for another area."
    )


def undated_note(n_undated: int, *, ranged: bool) -> str:
    """Return the count line's note on undated events (empty when there are none)."""
    if not n_undated:
        return ""
    if ranged:
        return (
            f" ({n_undated:,} with an unknown date: kept, since no date range can include or "
            "exclude them; untick *Include events with an unknown date* to hide them)"
        )
    return f" ({n_undated:,} with an unknown date)"


def _table(ctx: Context, n: int) -> None:
    # Off by default: the data grid is the heaviest thing on the page for the browser
    # to draw, and drawing it with the map delayed the map's first paint by half a
    # second (measured). The Events page is the table view; here it is one click away.
    if not st.toggle(
        f"Show the table of the {n:,} matching events", key="map_show_table", disabled=n == 0
    ):
        return
    offset = page_controls(n, key="map_table_page", page_size=TABLE_PAGE)
    page = load_events_page(ctx.db_url, ctx.flt, ctx.include_undated, None, TABLE_PAGE, offset)
    if n > TABLE_PAGE:
        st.caption(
            f"Rows {offset + 1:,}-{offset + len(page):,} of {n:,} (dated first, by date); "
            "the Events page searches all of them."
        )
    show_table(page, key="map_events_table")


def _linked_position() -> MapPosition | None:
    return position_from_query(st.query_params.to_dict())


def _shown_position(view: MapView | None) -> MapPosition | None:
    if view is None:
        return None
    return MapPosition(
        round((view.south + view.north) / 2, 4), round((view.west + view.east) / 2, 4), view.zoom
    )


def _write_position(view: MapView | None, linked: MapPosition | None) -> None:
    # The address bar follows the map, so a copied link reopens this view.
    shown = _shown_position(view)
    if shown is None:
        return
    first = st.session_state.setdefault(_FIRST_SHOWN_KEY, shown)
    if shown == first and linked is None:
        # The view the page opened with, not moved yet: the address without a position
        # reopens it. Writing it anyway added a browser history entry (Streamlit pushes
        # one for every address the script sets), so Back from the map led to the same
        # map, which wrote its position again. It still counts as written: a position
        # that appears in the address later came from a link, a search or Back.
        st.session_state[_WRITTEN_KEY] = shown
        return
    remember_position(st.session_state, shown)
    st.session_state[_WRITTEN_KEY] = shown
    wanted = position_to_query(shown)
    if any(st.query_params.get(k) != v for k, v in wanted.items()):
        st.query_params.update(wanted)


def _show_map(
    base: object,
    layer: object,
    view: MapView | None,
    remounted: bool,
    moved_to: MapPosition | None = None,
) -> None:
    from streamlit_folium import st_folium

    kwargs: dict[str, object] = {}
    if moved_to is not None:
        kwargs["center"] = (moved_to.lat, moved_to.lon)
        kwargs["zoom"] = moved_to.zoom
    elif remounted and view is not None:
        # The base map changed (online tiles toggled), so the component remounts: reopen
        # where the analyst was. Never passed otherwise, since feeding the reported view
        # back on every rerun makes the map drift while the iframe is still sizing.
        kwargs["center"] = ((view.south + view.north) / 2, (view.west + view.east) / 2)
        kwargs["zoom"] = view.zoom
    # render=False: st_folium still renders the map itself (it always does), and skips
    # a second render of the whole page around it that changes none of the arguments
    # sent to the browser (same script, header and html, checked with and without
    # online tiles) and cost about 10 ms of every rerun.
    st_folium(
        base,
        key=MAP_KEY,
        feature_group_to_add=layer,
        render=False,
        returned_objects=["bounds", "zoom"],
        height=_MAP_HEIGHT,
        use_container_width=True,
        **kwargs,
    )
