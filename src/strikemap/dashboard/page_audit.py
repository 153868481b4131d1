"""The Changes page: every correction and deletion, who made it, before and after."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from strikemap.dashboard.loaders import current_db_url, data_version, get_store
from strikemap.dashboard.plain_text import markdown_text
from strikemap.store import StoreError

__all__ = ["audit_table", "render"]

_LIMIT = 2_000

_COLUMN_CONFIG = {
    "at": st.column_config.TextColumn("When (UTC)"),
    "editor": st.column_config.TextColumn("Who"),
    "action": st.column_config.TextColumn("What"),
    "target": st.column_config.TextColumn("Record"),
    "before": st.column_config.TextColumn("Before", width="large"),
    "after": st.column_config.TextColumn("After", width="large"),
}


def _values(values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def audit_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the audit log as the page shows it: newest first, values as JSON text."""
    if frame.empty:
        return pd.DataFrame(columns=list(_COLUMN_CONFIG))
    out = pd.DataFrame(
        {
            "at": frame["at"],
            "editor": frame["editor"],
            "action": frame["action"],
            "target": frame["target_kind"] + " " + frame["target_id"].astype(str),
            "before": frame["before"].map(_values),
            "after": frame["after"].map(_values),
        }
    )
    return out.iloc[::-1].reset_index(drop=True)


@st.cache_data(show_spinner=False, ttl=10, max_entries=4)
def _load_audit(db_url: str, version: tuple[int, ...]) -> pd.DataFrame:
    del version  # part of the cache key only
    return get_store(db_url).audit_frame(limit=_LIMIT)


def render() -> None:
    """Draw the Changes page."""
    st.title("Changes")
    db_url = current_db_url()
    try:
        frame = _load_audit(db_url, data_version(db_url))
    except StoreError as exc:
        st.error("Cannot open the store: " + markdown_text(exc))
        return
    if frame.empty:
        st.info("No event, claim or report has been corrected or deleted.")
        return
    st.caption(
        f"The {len(frame):,} most recent changes, newest first "
        "(the command line shows them all: `strikemap audit`)."
    )
    st.dataframe(audit_table(frame), hide_index=True, column_config=_COLUMN_CONFIG)
