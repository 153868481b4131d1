"""Strikes per day, stacked by actor (Vega-Lite via Altair: bundled with Streamlit, offline)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from strikemap.dashboard.colours import (
    OTHER,
    OTHER_COLOUR,
    UNKNOWN,
    UNKNOWN_COLOUR,
    shown_actor,
)
from strikemap.store.columns import UNKNOWN_ACTOR

__all__ = [
    "BRUSH",
    "MAX_BARS",
    "brushed_range",
    "daily_counts",
    "time_unit",
    "timeline_chart",
    "unit_for_span",
]


MAX_BARS = 150
"""About the most bars a timeline shows across the page's width."""

_UNITS: tuple[tuple[str, str, float], ...] = (
    ("yearmonthdate", "day", 0.8),  # up to four months
    ("yearweek", "week", 4.9),  # up to two years
    ("yearmonth", "month", 29.3),  # up to twelve years
    ("yearquarter", "quarter", 97.4),  # up to forty years
)

BRUSH = "span"
"""Name of the chart's interval selection: dragging over the bars picks a date span."""


def daily_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Count events per (date, actor); undated events are left out (they have no day).

    Returns columns ``date`` (``datetime64``), ``actor`` and ``events``, sorted by date.
    """
    if events.empty:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "actor": [], "events": []})
    dated = events[events["date"].notna()]
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(dated["date"], errors="coerce"),
            "actor": dated["actor"].fillna(UNKNOWN_ACTOR).astype(str),
        }
    ).dropna(subset=["date"])
    counts = frame.groupby(["date", "actor"]).size().reset_index(name="events")
    return counts.sort_values(["date", "actor"]).reset_index(drop=True)


def time_unit(counts: pd.DataFrame) -> tuple[str, str]:
    """Return the Vega-Lite time unit and its label for the span of ``counts``.

    The finest unit that gives at most about :data:`MAX_BARS` bars, so a bar stays
    several pixels wide: days up to four months, weeks up to two years, months up to
    twelve years, quarters up to forty, years beyond.
    """
    if counts.empty:
        return "yearmonthdate", "day"
    return unit_for_span((counts["date"].max() - counts["date"].min()).days)


def unit_for_span(days: int) -> tuple[str, str]:
    """Return the Vega-Lite time unit and its label for a span of ``days``."""
    for unit, label, days_per_bar in _UNITS:
        if days <= MAX_BARS * days_per_bar:
            return unit, label
    return "year", "year"


def timeline_chart(counts: pd.DataFrame, colours: Mapping[str, str]) -> Any:
    """Return an Altair stacked bar chart of ``counts`` coloured like the map."""
    import altair as alt

    unit, label = time_unit(counts)
    if not counts.empty:
        # Actors grouped as "other" on the map are one series here too.
        shown = counts["actor"].map(lambda a: shown_actor(str(a), colours))
        counts = counts.assign(actor=shown).groupby(["date", "actor"])["events"].sum().reset_index()
    actors = sorted(counts["actor"].unique().tolist(), key=lambda a: (a in (OTHER, UNKNOWN), a))
    palette = [OTHER_COLOUR if a == OTHER else colours.get(a, UNKNOWN_COLOUR) for a in actors]
    scale = alt.Scale(domain=actors, range=palette)
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X(f"{unit}(date):T", title=f"date (per {label})"),
            y=alt.Y("sum(events):Q", title=f"strikes per {label}"),
            color=alt.Color("actor:N", scale=scale, title="actor"),
            tooltip=[
                alt.Tooltip(f"{unit}(date):T", title=label),
                alt.Tooltip("actor:N"),
                alt.Tooltip("sum(events):Q", title="strikes"),
            ],
        )
        .add_params(alt.selection_interval(name=BRUSH, encodings=["x"]))
        .properties(height=300)
    )


def brushed_range(selection: Mapping[str, Any] | None) -> tuple[dt.date, dt.date] | None:
    """Return the (first, last) day of a brushed span, from ``st.altair_chart``'s state.

    Vega-Lite reports the span in epoch milliseconds under the x field's name (e.g.
    ``yearmonthdate_date``); anything else (no brush, a cleared brush) gives ``None``.
    """
    span = (selection or {}).get(BRUSH) or {}
    for value in span.values() if isinstance(span, Mapping) else ():
        if isinstance(value, list | tuple) and len(value) == 2:
            try:
                lo, hi = sorted(
                    dt.datetime.fromtimestamp(float(v) / 1000, tz=dt.UTC).date() for v in value
                )
            except (TypeError, ValueError, OverflowError, OSError):
                return None
            return lo, hi
    return None
