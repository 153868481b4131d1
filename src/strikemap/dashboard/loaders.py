"""Cached reads from the store, keyed by the database URL and the filter.

Every page reads through these functions so a rerun that changes nothing touches no
database, and a filter seen before is answered from memory. Cached results are
DataFrames (copied per caller by ``st.cache_data``); the store handle itself is a shared
resource.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from strikemap.filters import EventFilter
from strikemap.settings import default_db_url
from strikemap.store import Facets, Store, open_store

__all__ = [
    "clear_caches",
    "current_db_url",
    "get_store",
    "load_claims",
    "load_events",
    "load_facets",
    "load_reports",
    "load_unresolved",
]

_TTL = 600  # seconds; another process may ingest into the same store meanwhile


def current_db_url() -> str:
    """Return the store URL the dashboard reads (``$STRIKEMAP_DB`` or the default)."""
    return default_db_url()


@st.cache_resource(show_spinner=False)
def get_store(db_url: str) -> Store:
    """Return the (shared) store for ``db_url``."""
    return open_store(db_url)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=32)
def load_facets(db_url: str) -> Facets:
    """Return the values the filter widgets offer."""
    return get_store(db_url).facets()


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=32)
def load_events(db_url: str, flt: EventFilter) -> pd.DataFrame:
    """Return the events matching ``flt`` (see :meth:`Store.events_frame`)."""
    return get_store(db_url).events_frame(flt)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def load_claims(db_url: str, event_ids: tuple[int, ...]) -> pd.DataFrame:
    """Return the claims of the given events."""
    return get_store(db_url).claims_frame(list(event_ids))


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=8)
def load_reports(db_url: str) -> pd.DataFrame:
    """Return one row per stored report (without its text)."""
    return get_store(db_url).reports_frame()


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=8)
def load_unresolved(db_url: str) -> pd.DataFrame:
    """Return the unresolved places of every report."""
    return get_store(db_url).unresolved_frame()


def clear_caches() -> None:
    """Forget cached reads (after the dashboard itself saved a report)."""
    for fn in (load_facets, load_events, load_claims, load_reports, load_unresolved):
        fn.clear()
