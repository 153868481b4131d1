"""The Events page: a searchable, paged table of the filtered events; a selected row is mapped.

The search runs in the store (SQL ``LIKE`` over places, actors, reports and claims) and
the table reads one page at a time, so it stays quick over a million events.
"""

from __future__ import annotations

import streamlit as st

from strikemap.dashboard.common import (
    CLAIM_COLUMN_CONFIG,
    CLAIM_TABLE_COLUMNS,
    export_buttons,
    filtered_context,
    page_controls,
    show_table,
)
from strikemap.dashboard.event_editor import draw_event_editor, show_flash
from strikemap.dashboard.loaders import load_claims, load_events_page
from strikemap.dashboard.mapview import build_map
from strikemap.dashboard.plain_text import markdown_text
from strikemap.dashboard.roles import current_role

__all__ = ["PAGE_SIZE", "render"]

PAGE_SIZE = 500
"""Rows per page of the events table."""


def render() -> None:
    """Draw the Events page."""
    st.title("Events")
    show_flash()
    ctx = filtered_context()
    if ctx is None:
        return
    text = st.text_input(
        "Search place, actor, report, claimant, target, quote", key="events_search"
    ).strip()
    n_filtered, n_undated = ctx.count()
    n_found = ctx.count(text)[0] if text else n_filtered
    st.markdown(
        f"**{n_found:,}** of {n_filtered:,} filtered events"
        + (f" ({n_undated:,} of them with an unknown date)" if n_undated else "")
    )
    offset = page_controls(n_found, key="events_page", page_size=PAGE_SIZE)
    found = load_events_page(
        ctx.db_url, ctx.flt, ctx.include_undated, text or None, PAGE_SIZE, offset
    )
    selection = show_table(
        found,
        on_select="rerun",
        selection_mode="single-row",
        key="events_table",
    )
    export_buttons(ctx, n_filtered)
    rows = list(getattr(getattr(selection, "selection", None), "rows", []) or [])
    if not rows or rows[0] >= len(found):
        st.caption("Select a row to see its claims and its place on the map.")
        return
    event = found.iloc[[rows[0]]]
    event_id = int(event["id"].iloc[0])
    event_claims = load_claims(ctx.db_url, (event_id,))
    heading = f"{event['place_name'].iloc[0]}: {event['date'].iloc[0] or 'date unknown'}"
    st.subheader(markdown_text(heading), anchor=False)
    st.dataframe(
        event_claims.loc[:, list(CLAIM_TABLE_COLUMNS)],
        hide_index=True,
        column_config=CLAIM_COLUMN_CONFIG,
    )
    from streamlit_folium import st_folium

    from strikemap.dashboard.reference_layer import add_reference_to_map

    event_map = build_map(event, event_claims, actors=list(ctx.facets.actors))
    add_reference_to_map(event_map)
    st_folium(
        event_map,
        key="event_map",
        returned_objects=[],
        height=380,
        use_container_width=True,
    )
    from strikemap.dashboard.app import link_to

    link_to(
        "event",
        f"Open event {event_id}: every claim, the reasons for its place and date, its incident",
        {"event": str(event_id)},
    )
    draw_event_editor(ctx.db_url, event_id, current_role())
