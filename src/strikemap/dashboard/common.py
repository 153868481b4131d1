"""Pieces every data page shares: the filtered context, the export buttons, the table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from strikemap.dashboard.filters import sidebar_filter
from strikemap.dashboard.loaders import (
    current_db_url,
    load_claims,
    load_events,
    load_facets,
    load_reports,
)
from strikemap.dashboard.mapview import actor_colours
from strikemap.filters import EventFilter
from strikemap.store import Facets, StoreError

__all__ = [
    "EAGER_EXPORT_LIMIT",
    "TABLE_COLUMNS",
    "Context",
    "export_buttons",
    "filtered_context",
    "table_frame",
]

EAGER_EXPORT_LIMIT = 2_000
"""Up to this many events the export files are built with the page; past it, on click."""

TABLE_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "date_precision",
    "actor",
    "place_name",
    "admin1",
    "country",
    "precision",
    "uncertainty_km",
    "contested",
    "source_id",
    "title",
)


@dataclass(frozen=True, slots=True)
class Context:
    """What a data page needs: the store URL, its facets, the filter and its events."""

    db_url: str
    facets: Facets
    flt: EventFilter
    events: pd.DataFrame
    colours: dict[str, str]


def filtered_context() -> Context | None:
    """Draw the shared sidebar filters and load the matching events.

    Returns ``None`` (after telling the user why) when the store cannot be opened.
    """
    db_url = current_db_url()
    try:
        facets = load_facets(db_url)
        reports = load_reports(db_url)
    except StoreError as exc:
        st.error(f"Cannot open the store: {exc}")
        return None
    flt = sidebar_filter(facets, report_choices=reports["source_id"].astype(str).tolist())
    events = load_events(db_url, flt)
    return Context(db_url, facets, flt, events, actor_colours(facets.actors))


def table_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Return the columns of ``events`` shown in tables (plain text cells, never HTML)."""
    frame = events.loc[:, list(TABLE_COLUMNS)].copy()
    frame["contested"] = frame["contested"].astype(bool)
    frame["actor"] = frame["actor"].fillna("(unknown)")
    return frame


def _exporters(ctx: Context) -> tuple[Callable[[], str], Callable[[], str]]:
    from strikemap.export import dumps_geojson, events_to_csv, events_to_geojson

    def claims() -> pd.DataFrame:
        return load_claims(ctx.db_url, tuple(int(i) for i in ctx.events["id"]))

    def geojson() -> str:
        return dumps_geojson(events_to_geojson(ctx.events, claims(), flt=ctx.flt))

    def csv() -> str:
        return events_to_csv(ctx.events, claims())

    return geojson, csv


def export_buttons(ctx: Context) -> None:
    """Offer GeoJSON and CSV downloads of exactly the filtered events."""
    geojson, csv = _exporters(ctx)
    eager = len(ctx.events) <= EAGER_EXPORT_LIMIT
    left, right = st.columns(2)
    left.download_button(
        "Download GeoJSON",
        data=geojson() if eager else geojson,
        file_name="strikemap-events.geojson",
        mime="application/geo+json",
        key="dl_geojson",
        on_click="ignore",
    )
    right.download_button(
        "Download CSV",
        data=csv() if eager else csv,
        file_name="strikemap-events.csv",
        mime="text/csv",
        key="dl_csv",
        on_click="ignore",
    )
