"""Adding many reports at once on the Add page: a Telegram export or a notes CSV.

A file of many reports is read, extracted and stored in one go, as ``strikemap ingest``
does, since previewing hundreds of messages one by one is no analyst's job. What was
stored, skipped or refused is listed afterwards, one row per report, as plain text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from strikemap.dashboard.loaders import clear_caches, current_db_url, get_store
from strikemap.dashboard.plain_text import markdown_text

if TYPE_CHECKING:
    from strikemap.pipeline import IngestOutcome

__all__ = ["draw_many_reports_form", "outcomes_frame"]

_RESULT_KEY = "add_many_result"


def outcomes_frame(outcomes: Sequence[IngestOutcome]) -> pd.DataFrame:
    """Return one row per ingest outcome: the report, its strikes and what happened."""
    rows = [
        {
            "report": o.source,
            "strikes": o.n_events,
            "stored": o.added,
            "note": o.summary().removeprefix(f"{o.source}: "),
        }
        for o in outcomes
    ]
    return pd.DataFrame(rows, columns=["report", "strikes", "stored", "note"])


def draw_many_reports_form(published: dt.date | None) -> None:
    """Draw the upload of a Telegram export or notes CSV and store all of its reports."""
    from strikemap.read import ReadError
    from strikemap.read_many import MANY_REPORT_SUFFIXES, read_many_upload, time_zone
    from strikemap.read_telegram import TelegramOptions

    upload = st.file_uploader(
        "Telegram Desktop export (result.json) or notes CSV",
        type=[s.lstrip(".") for s in MANY_REPORT_SUFFIXES],
        key="add_many_file",
    )
    left, right = st.columns(2)
    channel = left.text_input("Channel username (for t.me links; optional)", key="add_many_channel")
    zone = right.text_input(
        "Time zone of the messages (optional, e.g. Europe/Kyiv)", key="add_many_tz"
    )
    if st.button("Read and store every report", key="add_many_go", type="primary"):
        if upload is None:
            st.error("Choose a file first.")
            return
        try:
            options = TelegramOptions(channel=channel.strip() or None, tz=time_zone(zone))
            read = read_many_upload(
                upload.getvalue(), upload.name, published=published, telegram=options
            )
        except (ReadError, ValueError) as exc:
            st.error("Could not read the file: " + markdown_text(exc))
            return
        from strikemap.pipeline import ingest_batch

        with st.spinner(f"Finding and storing the strikes of {len(read.reports):,} report(s)…"):
            outcomes = ingest_batch(read.reports, get_store(current_db_url()))
        clear_caches()
        st.session_state[_RESULT_KEY] = (read.summary, read.errors, outcomes_frame(outcomes))
    result = st.session_state.get(_RESULT_KEY)
    if result is None:
        return
    summary, errors, frame = result
    added = frame[frame["stored"]]
    st.success(
        f"Stored {len(added):,} new report(s) with {int(added['strikes'].sum()):,} strike(s); "
        f"{len(frame) - len(added):,} not stored (already stored, deleted or failed)."
    )
    st.caption(markdown_text(summary))
    for line in errors:
        st.warning(markdown_text(line))
    st.dataframe(
        frame,
        hide_index=True,
        key="add_many_outcomes",
        column_config={
            "report": st.column_config.TextColumn("Report"),
            "strikes": st.column_config.NumberColumn("Strikes", format="%d", width="small"),
            "stored": st.column_config.CheckboxColumn("Stored", width="small"),
            "note": st.column_config.TextColumn("What happened", width="large"),
        },
    )
