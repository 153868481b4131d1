"""The Gazetteer page: look a name up and see the ranked candidates with their reasons."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

__all__ = ["candidates_frame", "render"]


@st.cache_resource(show_spinner="Loading the gazetteer…")
def _gazetteer() -> Any:
    from strikemap.gazetteer import load_gazetteer  # type: ignore[attr-defined]

    return load_gazetteer()


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
    name = st.text_input("Place name", key="gaz_name")
    country = st.text_input("Country (ISO alpha-2, optional)", key="gaz_country", max_chars=2)
    if not name.strip():
        st.caption("Type a name, e.g. Talbiseh, Kafr Nabl, حلب.")
        return
    try:
        gazetteer = _gazetteer()
    except (ImportError, FileNotFoundError, OSError) as exc:
        st.error(f"The gazetteer is not available: {exc} (run `strikemap gazetteer build`).")
        return
    found = gazetteer.lookup(name.strip(), country=country.strip().upper() or None, limit=20)
    if not found:
        st.warning("No candidate: this name would be reported as unresolved.")
        return
    st.dataframe(candidates_frame(found), hide_index=True)
