"""The Event page (``/event?event=ID``): one strike with everything that supports it.

Every claim with its quote, the report and its link, why the place was chosen and which
other gazetteer places bear the name, where the date comes from, and the incident it
belongs to with the other reports of the same strike. The map is centred on the event
with its uncertainty circle. Everything from a report is shown as text.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from strikemap.dashboard.common import (
    CLAIM_COLUMN_CONFIG,
    CLAIM_TABLE_COLUMNS,
    TABLE_COLUMN_CONFIG,
    table_frame,
)
from strikemap.dashboard.event_editor import draw_event_editor, show_flash
from strikemap.dashboard.loaders import current_db_url, get_store, load_claims
from strikemap.dashboard.mapview import build_map
from strikemap.dashboard.plain_text import markdown_text
from strikemap.dashboard.roles import current_role
from strikemap.dashboard.url_state import event_from_query
from strikemap.store import StoreError

__all__ = ["date_basis", "render"]

_DATE_SOURCES = {
    "sentence": "the strike's own sentence",
    "paragraph": "its paragraph",
    "publication": "the report's publication date (no date in the text)",
    "user": "an analyst",
    "unknown": "nothing: the date is unknown",
}


def date_basis(row: pd.Series) -> str:
    """Return one line on the event's date: the value, its precision and its source."""
    source = _DATE_SOURCES.get(str(row.get("date_source") or "unknown"), "unknown")
    if not row.get("date"):
        return "Date unknown."
    return f"Date {row['date']} ({row.get('date_precision') or 'day'}), from {source}."


def _candidates(name: str, country: Any) -> pd.DataFrame:
    try:
        from strikemap.gazetteer import shared_gazetteer

        found = shared_gazetteer().lookup(name, limit=8)
    except (ImportError, FileNotFoundError, OSError):
        return pd.DataFrame()
    return pd.DataFrame(
        [
            {
                "place": c.place.name,
                "kind": c.place.kind,
                "admin1": c.place.admin1,
                "country": c.place.country,
                "lat": round(c.place.lat, 4),
                "lon": round(c.place.lon, 4),
            }
            for c in found
        ]
    )


def render() -> None:
    """Draw the Event page for the ``event`` query parameter."""
    show_flash()
    event_id = event_from_query(st.query_params.to_dict())
    if event_id is None:
        st.title("Event")
        st.info("No event chosen: open one from the Events page or a map popup.")
        return
    db_url = current_db_url()
    try:
        store = get_store(db_url)
        found = store.events_by_ids([event_id])
    except StoreError as exc:
        st.error("Cannot open the store: " + markdown_text(exc))
        return
    if found.empty:
        st.title("Event")
        st.warning(f"There is no event {event_id} (deleted, or a link to another store).")
        return
    row = found.iloc[0]
    st.title(markdown_text(f"{row['place_name']}: {row['date'] or 'date unknown'}"), anchor=False)
    st.caption(
        markdown_text(
            f"Event {event_id}; actor {row['actor'] or 'unknown'}; "
            f"{row['precision']} precision, ±{float(row['uncertainty_km']):g} km"
        )
    )
    claims = load_claims(db_url, (event_id,))
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Claims", anchor=False)
        st.dataframe(
            claims.loc[:, [c for c in CLAIM_TABLE_COLUMNS if c in claims.columns]],
            hide_index=True,
            column_config=CLAIM_COLUMN_CONFIG,
        )
        st.subheader("Report", anchor=False)
        st.text(f"{row['title'] or row['source_id']}")
        if isinstance(row.get("url"), str) and row["url"]:
            st.text(f"Link: {row['url']}")
        st.subheader("Place and date", anchor=False)
        st.text(f"Location: {row['location_reason'] or 'resolver'}")
        st.text(date_basis(row))
        candidates = _candidates(str(row["place_name"]), row.get("country"))
        if len(candidates) > 1:
            st.caption("Other gazetteer places with this name:")
            st.dataframe(candidates, hide_index=True)
    with right:
        from streamlit_folium import st_folium

        from strikemap.dashboard.reference_layer import add_reference_to_map

        detail_map = build_map(found, claims)
        add_reference_to_map(detail_map)
        st_folium(
            detail_map,
            key="event_detail_map",
            returned_objects=[],
            height=420,
            use_container_width=True,
        )
    _incident(store, row)
    draw_event_editor(db_url, event_id, current_role())


def _incident(store: Any, row: pd.Series) -> None:
    incident = row.get("incident_id")
    if incident is None or pd.isna(incident):
        st.caption("No other report of this strike is linked to it.")
        return
    ids = store.incident_event_ids(int(incident))
    linked = store.events_by_ids(ids)
    st.subheader(f"Incident {int(incident)}: {len(linked)} report(s) of this strike", anchor=False)
    if isinstance(row.get("link_reason"), str) and row["link_reason"]:
        st.text(f"Linked because: {row['link_reason']}")
    st.dataframe(table_frame(linked), hide_index=True, column_config=TABLE_COLUMN_CONFIG)
