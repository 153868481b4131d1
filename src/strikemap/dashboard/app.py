"""Page registry of the dashboard (``st.navigation``); ``app.py`` only calls :func:`main`."""

from __future__ import annotations

import streamlit as st

__all__ = ["main"]


def main() -> None:
    """Configure the page and run the selected one.

    Pages that write (Add reports) are registered only for a session that may edit, so a
    read-only deployment does not even have their address.
    """
    from strikemap.dashboard import (
        page_about,
        page_add,
        page_audit,
        page_events,
        page_gazetteer,
        page_map,
        page_timeline,
    )
    from strikemap.dashboard.roles import current_role, sign_in_controls

    st.set_page_config(page_title="strikemap", layout="wide")
    role = current_role()
    pages = [
        st.Page(page_map.render, title="Map", url_path="map", default=True),
        st.Page(page_events.render, title="Events", url_path="events"),
        st.Page(page_timeline.render, title="Timeline", url_path="timeline"),
    ]
    if role.can_edit:
        pages.append(st.Page(page_add.render, title="Add reports", url_path="add"))
    pages += [
        st.Page(page_audit.render, title="Changes", url_path="changes"),
        st.Page(page_gazetteer.render, title="Gazetteer", url_path="gazetteer"),
        st.Page(page_about.render, title="About", url_path="about"),
    ]
    page = st.navigation(pages)
    sign_in_controls(role)
    page.run()
