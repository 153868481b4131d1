"""Page registry and navigation of the dashboard; ``app.py`` only calls :func:`main`.

The navigation is drawn here rather than by Streamlit, so that every page link carries
the filter and the map position: switching pages keeps the view, and the address bar
always reproduces it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import streamlit as st

__all__ = ["link_to", "main"]

_NOTICE_KEY = "_strikemap_link_notice"
_PAGES_KEY = "_strikemap_pages"


def _page(render: Callable[[], None], title: str, url_path: str, **kwargs: Any) -> Any:
    return st.Page(render, title=title, url_path=url_path, **kwargs)


def _map_alias() -> None:
    # The same page at /map, so a link to the map by name opens it.
    from strikemap.dashboard import page_map

    page_map.render()


def _imported_on_run(module: str) -> Callable[[], None]:
    """Return a page's ``render`` that imports the page's module when the page runs.

    A session imports only the pages it shows: the first run after a server start
    draws the map, and the event editor's imports (SQLAlchemy among them) stayed out
    of that run's way. The server's warm-up imports the other pages afterwards.
    """

    def render() -> None:
        importlib.import_module(f"strikemap.dashboard.{module}").render()

    render.__name__ = render.__qualname__ = f"render_{module}"
    return render


def main() -> None:
    """Configure the page, draw the navigation and run the selected page.

    Pages that write (Add reports) are registered only for a session that may edit, so a
    read-only deployment does not even have their address.
    """
    from strikemap.dashboard import page_map
    from strikemap.dashboard.filters import (
        WIDGET_KEY_PREFIXES,
        apply_requested_filters,
        saved_filter_query,
    )
    from strikemap.dashboard.roles import current_role, sign_in_controls
    from strikemap.dashboard.url_state import carry_query, keep_widget_state

    st.set_page_config(page_title="strikemap", layout="wide")
    keep_widget_state(st.session_state, WIDGET_KEY_PREFIXES)
    apply_requested_filters(st.session_state)
    role = current_role()
    visible = [
        _page(page_map.render, "Map", "home", default=True),
        _page(_imported_on_run("page_events"), "Events", "events"),
        _page(_imported_on_run("page_timeline"), "Timeline", "timeline"),
        _page(_imported_on_run("page_areas"), "Areas", "areas"),
    ]
    if role.can_edit:
        visible.append(_page(_imported_on_run("page_add"), "Add reports", "add"))
    visible += [
        _page(_imported_on_run("page_audit"), "Changes", "changes"),
        _page(_imported_on_run("page_gazetteer"), "Gazetteer", "gazetteer"),
        _page(_imported_on_run("page_about"), "About", "about"),
    ]
    hidden = [
        _page(_map_alias, "Map", "map", visibility="hidden"),
        _page(_imported_on_run("page_event"), "Event", "event", visibility="hidden"),
    ]
    page = st.navigation(visible + hidden, position="hidden")
    st.session_state[_PAGES_KEY] = {p.url_path: p for p in visible + hidden}
    # The links sit at the top of the sidebar but are written after the page has run:
    # only then do they carry the filter as this run left it.
    nav = st.sidebar.container()
    _link_notice()
    sign_in_controls(role)
    try:
        page.run()
    finally:
        query = carry_query(st.session_state, saved_filter_query(st.session_state))
        for target in visible:
            nav.page_link(target, label=target.title, query_params=query)


def link_to(url_path: str, label: str, extra: dict[str, str] | None = None) -> None:
    """Draw a link to one of this session's pages that carries the filter and map position.

    Nothing is drawn when the page is not registered (e.g. outside :func:`main`).
    """
    from strikemap.dashboard.filters import saved_filter_query
    from strikemap.dashboard.url_state import carry_query

    target = (st.session_state.get(_PAGES_KEY) or {}).get(url_path)
    if target is None:
        return
    query = carry_query(st.session_state, saved_filter_query(st.session_state))
    st.page_link(target, label=label, query_params={**query, **(extra or {})})


def _link_notice() -> None:
    # A link with parameters strikemap does not know opens the default view and says so
    # once, in one line, instead of failing or silently guessing.
    from strikemap.dashboard.plain_text import markdown_text
    from strikemap.dashboard.url_state import unknown_keys

    unknown = unknown_keys(st.query_params.to_dict())
    if unknown and st.session_state.get(_NOTICE_KEY) != unknown:
        st.session_state[_NOTICE_KEY] = unknown
        st.toast(
            "Ignored link parameter(s) strikemap does not know: "
            + markdown_text(", ".join(unknown[:5]))
        )
