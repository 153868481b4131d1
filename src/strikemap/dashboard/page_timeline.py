"""The Timeline page: strikes per day, week or month by actor.

Brushing a span of bars, or the slider, sets the shared date filter.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from strikemap.dashboard.columns import NO_DAY, daily_counts_masked
from strikemap.dashboard.common import filtered_context
from strikemap.dashboard.filters import request_date_range, set_date_range
from strikemap.dashboard.timeline import brushed_range, timeline_chart

__all__ = ["render"]

_SLIDER_KEY = "timeline_range"
_CHART_KEY = "timeline_chart"


def _narrow() -> None:
    # Runs before the next rerun, so the sidebar's date widget picks the new range up.
    picked = st.session_state.get(_SLIDER_KEY)
    if isinstance(picked, tuple) and len(picked) == 2:
        set_date_range(st, picked[0], picked[1])


def render() -> None:
    """Draw the Timeline page."""
    st.title("Timeline")
    ctx = filtered_context()
    if ctx is None:
        return
    cols = ctx.columns()
    mask = ctx.mask(cols)
    counts = daily_counts_masked(cols, mask)
    n_undated = int((mask & (cols.day == NO_DAY)).sum())
    st.markdown(
        f"**{int(counts['events'].sum()) if not counts.empty else 0:,}** dated strikes"
        + (f"; {n_undated:,} with an unknown date are not on the timeline" if n_undated else "")
    )
    if counts.empty:
        st.info("No dated strikes match the filters.")
        return
    chart_col, slider_col = st.columns([4, 1])
    picked = chart_col.altair_chart(
        timeline_chart(counts, ctx.colours), width="stretch", on_select="rerun", key=_CHART_KEY
    )
    chart_col.caption("Drag across the bars to set the date filter to that span.")
    span = brushed_range(getattr(picked, "selection", None))
    if span is not None and ctx.facets.date_min and ctx.facets.date_max:
        # The date widget refuses days outside the data's range: keep the span inside it.
        lo_day = min(max(span[0], ctx.facets.date_min), ctx.facets.date_max)
        span = (lo_day, min(max(span[1], lo_day), ctx.facets.date_max))
    if span is not None and span != (ctx.flt.date_from, ctx.flt.date_to):
        request_date_range(st.session_state, *span)
        st.rerun()
    lo: dt.date = counts["date"].min().date()
    hi: dt.date = counts["date"].max().date()
    if lo < hi:
        slider_col.slider(
            "Narrow the date filter",
            min_value=lo,
            max_value=hi,
            value=(lo, hi),
            key=_SLIDER_KEY,
            on_change=_narrow,
        )
