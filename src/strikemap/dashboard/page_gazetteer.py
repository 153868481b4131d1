"""The Gazetteer page: look a name up and see the ranked candidates with their reasons."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from strikemap.dashboard.plain_text import markdown_text

__all__ = ["candidates_frame", "render"]


_COLUMN_CONFIG: dict[str, Any] = {
    "rank": st.column_config.NumberColumn("#", format="%d", width="small"),
    "name": st.column_config.TextColumn("Place"),
    "matched": st.column_config.TextColumn("Matched name"),
    "kind": st.column_config.TextColumn("Kind", width="small"),
    "admin1": st.column_config.TextColumn("Province (admin1)"),
    "country": st.column_config.TextColumn("Country", width="small"),
    "lat": st.column_config.NumberColumn("Lat", format="%.4f", width="small"),
    "lon": st.column_config.NumberColumn("Lon", format="%.4f", width="small"),
    "population": st.column_config.NumberColumn("Population", format="localized"),
    "confidence": st.column_config.ProgressColumn(
        "Confidence", min_value=0.0, max_value=1.0, format="%.2f", width="small"
    ),
    "reason": st.column_config.TextColumn("Why it ranks here", width="large"),
    "source": st.column_config.TextColumn("Source", width="small"),
}


def _gazetteer() -> Any:
    from strikemap.gazetteer import shared_gazetteer

    return shared_gazetteer()


def candidates_frame(candidates: list[Any]) -> pd.DataFrame:
    """Return one row per candidate: rank, name, kind, place, coordinates and reason."""
    return pd.DataFrame(
        [
            {
                "rank": i + 1,
                "name": c.place.name,
                "matched": c.matched_name,
                "kind": c.place.kind,
                "admin1": c.place.admin1,
                "country": c.place.country,
                "lat": c.place.lat,
                "lon": c.place.lon,
                "population": c.place.population,
                "confidence": round(float(c.confidence), 3),
                "reason": c.reason,
                "source": c.place.source,
            }
            for i, c in enumerate(candidates)
        ]
    )


def render() -> None:
    """Draw the Gazetteer page."""
    st.title("Gazetteer lookup")
    left, right = st.columns([3, 1])
    name = left.text_input("Place name", key="gaz_name")
    country = right.text_input("Country (ISO alpha-2, optional)", key="gaz_country", max_chars=2)
    if not name.strip():
        st.caption("Type a name, e.g. Talbiseh, Kafr Nabl, حلب.")
        return
    try:
        gazetteer = _gazetteer()
    except (ImportError, FileNotFoundError, OSError) as exc:
        st.error(
            "The gazetteer is not available: "
            + markdown_text(exc)
            + " (run `strikemap gazetteer build`)."
        )
        return
    found = gazetteer.lookup(name.strip(), country=country.strip().upper() or None, limit=20)
    if not found:
        st.warning("No candidate: this name would be reported as unresolved.")
        return
    st.caption(
        f"{len(found)} candidate(s), best first. The resolver also weighs the report's "
        "other places and country, so in a report the first one is not always chosen."
    )
    st.dataframe(candidates_frame(found), hide_index=True, column_config=_COLUMN_CONFIG)
