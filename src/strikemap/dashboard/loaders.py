"""Cached reads from the store, keyed by the database URL and the filter.

Every page reads through these functions so a rerun that changes nothing touches no
database, and a filter seen before is answered from memory. Cached results are
DataFrames (copied per caller by ``st.cache_data``); the store handle itself is a shared
resource.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import streamlit as st

from strikemap.access import policy_from_env
from strikemap.dashboard.colours import UNKNOWN
from strikemap.dashboard.columns import EventColumns, needs_store_ids, sorted_ids
from strikemap.filters import EventFilter
from strikemap.settings import default_db_url
from strikemap.store import Facets
from strikemap.store.sqlite_version import read_sqlite_version, sqlite_file

if TYPE_CHECKING:
    from strikemap.store import Store

__all__ = [
    "clear_caches",
    "current_db_url",
    "data_version",
    "get_store",
    "load_actor_counts",
    "load_claims",
    "load_column_facets",
    "load_columns",
    "load_count",
    "load_event_rows",
    "load_events",
    "load_events_page",
    "load_facets",
    "load_reports",
    "load_store_ids",
    "load_unresolved",
]

_TTL = 600  # seconds; another process may ingest into the same store meanwhile


def current_db_url() -> str:
    """Return the store URL the dashboard reads (``$STRIKEMAP_DB`` or the default)."""
    return default_db_url()


@st.cache_resource(show_spinner=False)
def get_store(db_url: str) -> Store:
    """Return the (shared) store for ``db_url``, read-only when the deployment is."""
    # Imported here: the Map page's first run reads no store (see data_version), and
    # the store's database module brings SQLAlchemy.
    from strikemap.store import open_store

    return open_store(db_url, read_only=policy_from_env(os.environ).read_only)


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


@st.cache_data(show_spinner=False, ttl=10, max_entries=8)
def data_version(db_url: str) -> tuple[int, ...]:
    """Return the store's (event count, highest id, last edit), re-read every 10 s at most.

    The last edit (the newest audit row) makes an editor's correction or deletion reach
    every session, not only the one that made it. An SQLite store is asked with
    ``sqlite3`` directly (:func:`~strikemap.store.sqlite_version.read_sqlite_version`),
    so a first run that finds the map columns on disk needs no SQLAlchemy.
    """
    version = read_sqlite_version(db_url)
    if version is not None:
        return version
    store = get_store(db_url)
    return (*store.data_version(), store.edit_version())


@st.cache_resource(show_spinner="Reading the events…", max_entries=2)
def load_columns(db_url: str, version: tuple[int, ...]) -> EventColumns:
    """Return every event's map columns as numpy arrays, once per store version.

    A shared resource, not ``st.cache_data``: a million rows are never pickled or
    copied per session, and a new ``version`` (another ingest) builds a fresh copy.
    """
    path = _columns_file(db_url, version)
    if path is not None and path.exists():
        try:
            return EventColumns.load(path)
        except (OSError, ValueError, KeyError):
            path.unlink(missing_ok=True)  # a damaged copy is rebuilt below
    cols = EventColumns.from_frame(get_store(db_url).map_frame())
    if path is not None and len(cols) >= _DISK_MIN_EVENTS:
        _save_columns(cols, path)
    return cols


@st.cache_resource(show_spinner=False, max_entries=2)
def load_column_facets(db_url: str, version: tuple[int, ...]) -> Facets:
    """Return :meth:`EventColumns.facets` of the store's columns, once per store version.

    The Map page asks for them on every rerun; at a million events each answer scans
    every day code (a few ms, tens on a busy machine) for the same result.
    """
    return load_columns(db_url, version).facets()


@st.cache_resource(show_spinner=False, max_entries=2)
def load_actor_counts(db_url: str, version: tuple[int, ...]) -> dict[str, int]:
    """Return events per actor in the whole store (unknown actor included), per version.

    Shared and read-only: callers must not change the returned mapping.
    """
    cols = load_columns(db_url, version)
    known = cols.actor >= 0
    counts = np.bincount(cols.actor[known].astype(np.int64), minlength=len(cols.actors))
    by_actor = {name: int(n) for name, n in zip(cols.actors, counts, strict=True)}
    by_actor[UNKNOWN] = int((~known).sum())
    return by_actor


_DISK_MIN_EVENTS = 50_000
"""Past this many events the columns are also kept on disk, next to a SQLite store."""


def _columns_file(db_url: str, version: tuple[int, ...]) -> Path | None:
    # Only for SQLite files: the copy sits next to the database, named by its version,
    # so a restarted dashboard reads 1M events in a tenth of a second instead of
    # several seconds, and an ingest (new version) makes it rebuild.
    db = sqlite_file(db_url)
    if db is None:
        return None
    tag = "-".join(str(v) for v in version)
    return db.with_name(f".{db.name}.map-columns-{tag}.npz")


def _save_columns(cols: EventColumns, path: Path) -> None:
    try:
        for old in path.parent.glob(path.name.split("-columns-")[0] + "-columns-*.npz"):
            old.unlink(missing_ok=True)
        cols.save(path)
    except OSError:
        pass  # a read-only folder only means no disk copy


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=32)
def load_store_ids(
    db_url: str, flt: EventFilter, include_undated: bool | None
) -> np.ndarray | None:
    """Return the sorted ids the store finds for claim/report filters (``None`` if none)."""
    if not needs_store_ids(flt):
        return None
    ids = get_store(db_url).matching_ids(flt, include_undated=include_undated)
    return sorted_ids(ids)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def load_count(
    db_url: str, flt: EventFilter, include_undated: bool | None, search: str | None = None
) -> tuple[int, int]:
    """Return (matching events, of which undated) for a filter and an optional search."""
    return get_store(db_url).count_matching(flt, include_undated=include_undated, search=search)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def load_events_page(
    db_url: str,
    flt: EventFilter,
    include_undated: bool | None,
    search: str | None = None,
    limit: int | None = 500,
    offset: int = 0,
) -> pd.DataFrame:
    """Return one page of matching events, dated first (see :meth:`Store.events_page`)."""
    return get_store(db_url).events_page(
        flt, include_undated=include_undated, search=search, limit=limit, offset=offset
    )


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=32)
def load_event_rows(db_url: str, event_ids: tuple[int, ...]) -> pd.DataFrame:
    """Return full rows of the given events (a map's few thousand drawn strikes)."""
    return get_store(db_url).events_by_ids(list(event_ids))


def clear_caches() -> None:
    """Forget cached reads (after the dashboard itself saved a report)."""
    for fn in (
        load_facets,
        load_events,
        load_claims,
        load_reports,
        load_unresolved,
        data_version,
        load_store_ids,
        load_count,
        load_events_page,
        load_event_rows,
    ):
        fn.clear()
    load_columns.clear()
    load_column_facets.clear()
    load_actor_counts.clear()
