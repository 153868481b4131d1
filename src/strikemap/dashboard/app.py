"""Page registry of the dashboard (``st.navigation``); ``app.py`` only calls :func:`main`."""

from __future__ import annotations

import streamlit as st

__all__ = ["main"]


def main() -> None:
    """Configure the page and run the selected one."""
    from strikemap.dashboard import (
        page_about,
        page_add,
        page_events,
        page_gazetteer,
        page_map,
        page_timeline,
    )

    st.set_page_config(page_title="strikemap", layout="wide")
    pages = [
        st.Page(page_map.render, title="Map", url_path="map", default=True),
        st.Page(page_events.render, title="Events", url_path="events"),
        st.Page(page_timeline.render, title="Timeline", url_path="timeline"),
        st.Page(page_add.render, title="Add reports", url_path="add"),
        st.Page(page_gazetteer.render, title="Gazetteer", url_path="gazetteer"),
        st.Page(page_about.render, title="About", url_path="about"),
    ]
    st.navigation(pages).run()
