"""Pieces every data page shares: the filtered context, the export buttons, the table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from strikemap.dashboard.colours import actor_colours
from strikemap.dashboard.columns import EventColumns
from strikemap.dashboard.filters import (
    DashboardFilter,
    current_filter,
    draw_filter_widgets,
    sidebar_filter,
)
from strikemap.dashboard.loaders import (
    current_db_url,
    data_version,
    load_actor_counts,
    load_claims,
    load_column_facets,
    load_columns,
    load_count,
    load_events_page,
    load_facets,
    load_reports,
    load_store_ids,
)
from strikemap.dashboard.plain_text import markdown_text
from strikemap.filters import EventFilter
from strikemap.store import Facets, StoreError

__all__ = [
    "CLAIM_COLUMN_CONFIG",
    "CLAIM_TABLE_COLUMNS",
    "EAGER_EXPORT_LIMIT",
    "TABLE_COLUMNS",
    "TABLE_COLUMN_CONFIG",
    "Context",
    "draw_sidebar_after",
    "export_buttons",
    "filtered_context",
    "page_controls",
    "show_table",
    "table_frame",
]

EAGER_EXPORT_LIMIT = 2_000
"""Up to this many events the export files are built with the page; past it, on click."""

TABLE_COLUMNS: tuple[str, ...] = (
    "date",
    "place_name",
    "admin1",
    "country",
    "actor",
    "title",
    "language",
    "precision",
    "uncertainty_km",
    "contested",
    "date_precision",
    "source_id",
    "id",
)

TABLE_COLUMN_CONFIG: dict[str, Any] = {
    "date": st.column_config.TextColumn("Date", help="Unknown dates are left empty."),
    "date_precision": st.column_config.TextColumn("Date precision"),
    "actor": st.column_config.TextColumn("Actor"),
    "place_name": st.column_config.TextColumn("Place"),
    "admin1": st.column_config.TextColumn("Province (admin1)"),
    "country": st.column_config.TextColumn("Country", width="small"),
    "precision": st.column_config.TextColumn("Location precision"),
    "uncertainty_km": st.column_config.NumberColumn(
        "± km", format="%.1f", width="small", help="Uncertainty radius of the location."
    ),
    "contested": st.column_config.CheckboxColumn(
        "Contested", width="small", help="Its claims disagree (e.g. a denial)."
    ),
    "title": st.column_config.TextColumn("Report", width="medium"),
    "language": st.column_config.TextColumn(
        "Language",
        width="small",
        help="The report's language as detected on reading (ISO 639-1; und: too short to tell).",
    ),
    "source_id": st.column_config.TextColumn("Source"),
    "id": st.column_config.NumberColumn("Event #", format="%d", width="small"),
}
"""Readable headers for :func:`table_frame` (cells stay plain text, never HTML)."""

CLAIM_TABLE_COLUMNS: tuple[str, ...] = (
    "claimant",
    "claimed_target",
    "killed",
    "civilians_killed",
    "wounded",
    "denial",
    "denied_by",
    "quote",
)
"""The claim columns the pages show, in order."""

CLAIM_COLUMN_CONFIG: dict[str, Any] = {
    "claimant": st.column_config.TextColumn("Claimant"),
    "claimed_target": st.column_config.TextColumn("Claimed target"),
    "killed": st.column_config.NumberColumn("Killed", format="%d", width="small"),
    "civilians_killed": st.column_config.NumberColumn(
        "Civilians killed", format="%d", width="small"
    ),
    "wounded": st.column_config.NumberColumn("Wounded", format="%d", width="small"),
    "denial": st.column_config.TextColumn("Denial"),
    "denied_by": st.column_config.TextColumn("Denied by"),
    "quote": st.column_config.TextColumn("Evidence (quote)", width="large"),
}
"""Readable headers for claim tables."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a data page needs: the store URL, its facets, the sidebar filter, colours.

    Nothing here holds the matching events: each page reads only what it shows (a map
    layer, one page of a table, daily counts), so a million events never travel whole.
    """

    db_url: str
    facets: Facets
    view: DashboardFilter
    colours: dict[str, str]

    @property
    def flt(self) -> EventFilter:
        """Return the store filter."""
        return self.view.events

    @property
    def include_undated(self) -> bool:
        """Return whether undated events are kept whatever the date range."""
        return self.view.include_undated

    def count(self, search: str | None = None) -> tuple[int, int]:
        """Return (matching events, of which undated)."""
        return load_count(self.db_url, self.flt, self.include_undated, search)

    def columns(self) -> EventColumns:
        """Return every event's map columns (shared, cached per store version)."""
        return load_columns(self.db_url, data_version(self.db_url))

    def mask(self, cols: EventColumns) -> np.ndarray:
        """Return which events of ``cols`` match the sidebar filter."""
        ids = load_store_ids(self.db_url, self.flt, self.include_undated)
        return cols.mask(self.flt, include_undated=self.include_undated, store_ids=ids)


def filtered_context(*, sidebar_later: bool = False) -> Context | None:
    """Draw the shared sidebar filters; return what the data pages need.

    Returns ``None`` (after telling the user why) when the store cannot be opened.

    Parameters
    ----------
    sidebar_later
        For the Map page: take the facets from the map columns and the filter from the
        widgets' state, without drawing the widgets or reading the store's facets
        (0.7-3 s at a million events, measured); the page draws the map first and then calls
        :func:`draw_sidebar_after`. The browser so starts on the map before the
        widgets' scripts, and the map never waits for the claimant list.
    """
    db_url = current_db_url()
    try:
        if sidebar_later:
            facets = load_column_facets(db_url, data_version(db_url))
            view = current_filter(facets, check_claimants=False)
            return Context(db_url, facets, view, _colours(db_url, facets.actors))
        facets = load_facets(db_url)
        reports = load_reports(db_url)
    except StoreError as exc:
        st.error("Cannot open the store: " + markdown_text(exc))
        return None
    view = sidebar_filter(facets, report_choices=reports["source_id"].astype(str).tolist())
    return Context(db_url, facets, view, _colours(db_url, facets.actors))


def _colours(db_url: str, actors: Sequence[str]) -> dict[str, str]:
    # Colours group the actors with the fewest events in the whole store (not the
    # filtered view), so an actor keeps its colour while the filter changes.
    return actor_colours(actors, load_actor_counts(db_url, data_version(db_url)))


_REDRAWN_KEY = "_strikemap_filter_redrawn"


def draw_sidebar_after(ctx: Context) -> None:
    """Draw the filter widgets of a ``filtered_context(sidebar_later=True)`` page.

    The widgets hold the values the page already used, so this normally changes
    nothing. Should a widget show something else (a claimant the store does not know,
    say, which the widget drops), the page is run again once, so what is drawn always
    matches the widgets.
    """
    try:
        facets = load_facets(ctx.db_url)
        reports = load_reports(ctx.db_url)
    except StoreError as exc:
        st.sidebar.error(f"Cannot read the filter values: {exc}")
        return
    choices = reports["source_id"].astype(str).tolist()
    drawn = draw_filter_widgets(facets, choices)
    if drawn == ctx.view:
        st.session_state.pop(_REDRAWN_KEY, None)
        return
    if not st.session_state.get(_REDRAWN_KEY):
        st.session_state[_REDRAWN_KEY] = True
        st.rerun()


def page_controls(n_rows: int, *, key: str, page_size: int = 500) -> int:
    """Draw a page picker under a table when needed; return the row offset to read."""
    n_pages = max(1, -(-n_rows // page_size))
    if n_pages == 1:
        return 0
    page = st.number_input(
        f"Page (of {n_pages:,}, {page_size:,} rows each)",
        min_value=1,
        max_value=n_pages,
        value=1,
        step=1,
        key=key,
    )
    return (int(page) - 1) * page_size


def table_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Return the columns of ``events`` shown in tables (plain text cells, never HTML)."""
    frame = events.loc[:, list(TABLE_COLUMNS)].copy()
    frame["contested"] = frame["contested"].astype(bool)
    frame["actor"] = frame["actor"].fillna("(unknown)")
    frame["title"] = frame["title"].fillna(frame["source_id"])
    return frame


def show_table(events: pd.DataFrame, **kwargs: Any) -> Any:
    """Draw :func:`table_frame` of ``events`` with readable headers; return the widget value."""
    return st.dataframe(
        table_frame(events), hide_index=True, column_config=TABLE_COLUMN_CONFIG, **kwargs
    )


def _exporters(ctx: Context) -> tuple[Callable[[], str], Callable[[], str]]:
    from strikemap.export import dumps_geojson, events_to_csv, events_to_geojson

    def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
        # Read at click time (past EAGER_EXPORT_LIMIT), never on the first paint.
        events = load_events_page(ctx.db_url, ctx.flt, ctx.include_undated, None, None, 0)
        return events, load_claims(ctx.db_url, tuple(int(i) for i in events["id"]))

    def geojson() -> str:
        events, claims = frames()
        doc = events_to_geojson(events, claims, flt=ctx.flt)
        ranged = ctx.flt.date_from is not None or ctx.flt.date_to is not None
        if ranged or not ctx.include_undated:
            # Say what was done with unknown dates, or a reader of the file would take
            # every feature to lie inside the date range (undated ones have date null).
            block = doc.get("strikemap", {}).get("filters")
            if isinstance(block, dict):
                block["undated_events"] = "included" if ctx.include_undated else "excluded"
        return dumps_geojson(doc)

    def csv() -> str:
        return events_to_csv(*frames())

    return geojson, csv


def export_buttons(ctx: Context, n_events: int) -> None:
    """Offer GeoJSON, CSV, GeoPackage, KML and GeoParquet downloads of the filtered events.

    Up to :data:`EAGER_EXPORT_LIMIT` events the GeoJSON and CSV files are built with the
    page; past it, only when a button is clicked. The GIS files are always built on
    click (writing the three costs about 0.6 s at 2,000 events, measured), from the
    GeoJSON document, so they hold the same events, fields and metadata.
    """
    import orjson

    from strikemap.gis_export import GIS_FORMATS, gis_bytes

    geojson, csv = _exporters(ctx)
    eager = n_events <= EAGER_EXPORT_LIMIT
    geojson_text = geojson() if eager else None

    def gis(fmt: str) -> Callable[[], bytes]:
        def build() -> bytes:
            return gis_bytes(orjson.loads(geojson_text or geojson()), fmt)

        return build

    left, right, *gis_columns = st.columns(2 + len(GIS_FORMATS))
    left.download_button(
        "Download GeoJSON",
        data=geojson_text if geojson_text is not None else geojson,
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
    for column, spec in zip(gis_columns, GIS_FORMATS.values(), strict=True):
        column.download_button(
            f"Download {spec.label}",
            data=gis(spec.name),
            file_name=f"strikemap-events{spec.suffix}",
            mime=spec.mime,
            key=f"dl_{spec.name}",
            on_click="ignore",
        )
