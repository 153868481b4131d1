"""Strikes per day, stacked by actor (Vega-Lite via Altair: bundled with Streamlit, offline)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

__all__ = ["daily_counts", "timeline_chart"]

_UNKNOWN_ACTOR = "(unknown)"


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
            "actor": dated["actor"].fillna(_UNKNOWN_ACTOR).astype(str),
        }
    ).dropna(subset=["date"])
    counts = frame.groupby(["date", "actor"]).size().reset_index(name="events")
    return counts.sort_values(["date", "actor"]).reset_index(drop=True)


def timeline_chart(counts: pd.DataFrame, colours: Mapping[str, str]) -> Any:
    """Return an Altair stacked bar chart of ``counts`` coloured like the map."""
    import altair as alt

    actors = sorted(counts["actor"].unique().tolist()) if not counts.empty else []
    scale = alt.Scale(domain=actors, range=[colours.get(a, "#7f7f7f") for a in actors])
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(date):T", title="date"),
            y=alt.Y("sum(events):Q", title="strikes"),
            color=alt.Color("actor:N", scale=scale, title="actor"),
            tooltip=[
                alt.Tooltip("yearmonthdate(date):T", title="date"),
                alt.Tooltip("actor:N"),
                alt.Tooltip("sum(events):Q", title="strikes"),
            ],
        )
        .properties(height=260)
    )
