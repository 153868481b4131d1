"""The Events page: a searchable table of the filtered events; a selected row is mapped."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from strikemap.dashboard.common import export_buttons, filtered_context, table_frame
from strikemap.dashboard.loaders import load_claims
from strikemap.dashboard.mapview import build_map

__all__ = ["render", "search_events"]

_CLAIM_COLUMNS = (
    "claimant",
    "claimed_target",
    "killed",
    "civilians_killed",
    "wounded",
    "denial",
    "denied_by",
    "quote",
)


def search_events(events: pd.DataFrame, claims: pd.DataFrame, text: str) -> pd.DataFrame:
    """Keep events whose place, actor, title or any claim contains ``text`` (case-insensitive)."""
    needle = text.strip().lower()
    if not needle:
        return events
    cols = ["place_name", "actor", "admin1", "country", "title", "source_id"]
    hay = events[cols].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
    hit = hay.str.contains(needle, regex=False)
    if not claims.empty:
        ctext = (
            claims[["claimant", "claimed_target", "quote", "denial"]]
            .fillna("")
            .astype(str)
            .agg(" ".join, axis=1)
            .str.lower()
        )
        ids = set(claims.loc[ctext.str.contains(needle, regex=False), "event_id"].astype(int))
        hit |= events["id"].astype(int).isin(ids)
    return events[hit]


def render() -> None:
    """Draw the Events page."""
    st.title("Events")
    ctx = filtered_context()
    if ctx is None:
        return
    claims = load_claims(ctx.db_url, tuple(int(i) for i in ctx.events["id"]))
    text = st.text_input("Search place, actor, claimant, target, quote", key="events_search")
    found = search_events(ctx.events, claims, text)
    st.markdown(f"**{len(found):,}** of {len(ctx.events):,} filtered events")
    selection = st.dataframe(
        table_frame(found),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="events_table",
    )
    export_buttons(ctx)
    rows = list(getattr(getattr(selection, "selection", None), "rows", []) or [])
    if not rows:
        st.caption("Select a row to see its claims and its place on the map.")
        return
    event = found.iloc[[rows[0]]]
    event_id = int(event["id"].iloc[0])
    event_claims = claims[claims["event_id"] == event_id]
    st.subheader(f"Event {event_id}")
    st.dataframe(event_claims.loc[:, list(_CLAIM_COLUMNS)], hide_index=True)
    from streamlit_folium import st_folium

    st_folium(
        build_map(event, event_claims, actors=list(ctx.facets.actors)),
        key="event_map",
        returned_objects=[],
        height=360,
        use_container_width=True,
    )
