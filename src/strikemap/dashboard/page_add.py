"""The Add reports page: paste, upload or fetch a report, check what was found, save it.

The preview shows the report text with every evidence span highlighted. The text is
escaped segment by segment (:func:`highlight_html`), so a report can never inject markup.
Before saving, the analyst can pick another gazetteer candidate for a place, or fix an
event's date or actor; unresolved places are listed, never mapped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from strikemap.dashboard.loaders import clear_caches, current_db_url, get_store
from strikemap.model import Event, Extraction, Location

__all__ = ["highlight_html", "location_from_candidate", "render"]

_PREVIEW_KEY = "add_preview"
_POINT_KINDS = {
    "city": "town",
    "town": "town",
    "village": "town",
    "neighbourhood": "neighbourhood",
    "landmark": "exact",
    "district": "district",
    "admin2": "district",
    "admin1": "admin1",
    "region": "region",
    "country": "country",
}


def highlight_html(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Return ``text`` as escaped HTML with the given character spans in ``<mark>``.

    Overlapping spans are merged; every text segment goes through :func:`html.escape`.
    """
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    pos = 0
    for start, end in merged:
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    return f'<div style="white-space:normal;line-height:1.5">{body}</div>'


def location_from_candidate(candidate: Any, *, reason: str = "picked by the analyst") -> Location:
    """Turn a gazetteer :class:`~strikemap.gazetteer.base.Candidate` into a Location."""
    place = candidate.place
    precision = _POINT_KINDS.get(place.kind, "town")
    default_unc = {
        "town": 3.0,
        "neighbourhood": 1.0,
        "exact": 0.5,
        "district": 20.0,
        "admin1": 60.0,
        "region": 80.0,
        "country": 300.0,
    }[precision]
    return Location(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        precision=precision,  # type: ignore[arg-type]
        uncertainty_km=place.uncertainty_km or default_unc,
        country=place.country,
        admin1=place.admin1,
        place_id=place.id,
        confidence=1.0,
        reason=reason,
    )


@st.cache_resource(show_spinner="Loading the gazetteer…")
def _gazetteer() -> Any:
    from strikemap.gazetteer import load_gazetteer  # type: ignore[attr-defined]

    return load_gazetteer()


def _read(source: str, text: str, upload: Any, url: str, published: dt.date | None) -> Any:
    from strikemap import read

    if source == "Paste text":
        if not text.strip():
            raise read.ReadError("paste some text first")
        return read.read_text(text, source_id="pasted", published=published)
    if source == "Upload file":
        if upload is None:
            raise read.ReadError("choose a file first")
        data = upload.getvalue().decode("utf-8", errors="replace")
        if upload.name.lower().endswith((".html", ".htm")):
            return read.read_html(data, source_id=upload.name, published=published)
        return read.read_text(data, source_id=upload.name, published=published)
    if not url.strip().lower().startswith(("http://", "https://")):
        raise read.ReadError("give an http(s) URL")
    return read.read_url(url.strip(), published=published)


def _input_form() -> None:
    source = st.radio(
        "Report from", ["Paste text", "Upload file", "URL"], horizontal=True, key="add_source"
    )
    text = upload = None
    url = ""
    if source == "Paste text":
        text = st.text_area("Report text", height=200, key="add_text")
    elif source == "Upload file":
        upload = st.file_uploader(
            "Text or HTML file", type=["txt", "md", "html", "htm"], key="add_file"
        )
    else:
        url = st.text_input("URL", key="add_url")
    known = st.checkbox("I know the publication date", key="add_has_date")
    published = st.date_input("Publication date", key="add_published") if known else None
    if st.button("Extract strikes", key="add_extract", type="primary"):
        from strikemap import read

        try:
            report = _read(source, text or "", upload, url, published)  # type: ignore[arg-type]
            from strikemap.extract import extract_report  # type: ignore[attr-defined]

            st.session_state[_PREVIEW_KEY] = extract_report(report, _gazetteer())
        except read.ReadError as exc:
            st.error(f"Could not read the report: {exc}")
        except (ImportError, FileNotFoundError) as exc:
            st.error(f"Extraction is not available: {exc}")


def _edit_event(i: int, ev: Event, gazetteer: Any) -> Event:
    with st.expander(f"Strike {i + 1}: {ev.location.name}", expanded=True):
        st.text(f"Evidence: {ev.claims[0].quote if ev.claims else ''}")
        candidates = gazetteer.lookup(ev.location.name, limit=8) if gazetteer else []
        labels = [f"{ev.location.name} ({ev.location.precision}, as found)"] + [
            f"{c.place.name}, {c.place.admin1 or ''} {c.place.country} — {c.reason}"
            for c in candidates
        ]
        pick = st.selectbox(
            "Place", range(len(labels)), format_func=lambda k: labels[k], key=f"add_place_{i}"
        )
        dated = st.checkbox("Date known", value=ev.date is not None, key=f"add_dated_{i}")
        date = st.date_input("Date", value=ev.date or dt.date.today(), key=f"add_date_{i}")
        actor = st.text_input("Actor (empty = unknown)", value=ev.actor or "", key=f"add_actor_{i}")
    location = ev.location if pick == 0 else location_from_candidate(candidates[pick - 1])
    new_date = date if dated else None
    return dataclasses.replace(
        ev,
        location=location,
        date=new_date,
        date_precision=_date_precision(ev, new_date),
        date_source="user" if new_date != ev.date else ev.date_source,
        actor=actor.strip() or None,
    )


def _date_precision(ev: Event, new_date: dt.date | None) -> Any:
    # A date the analyst typed is a day; an unchanged date keeps its own precision.
    if new_date is None:
        return "unknown"
    return ev.date_precision if new_date == ev.date else "day"


def _preview(extraction: Extraction) -> None:
    report = extraction.report
    st.subheader(report.title or report.source_id)
    st.caption(
        f"published: {report.published or 'unknown'} ({report.published_basis}); "
        f"{len(extraction.events)} strike(s) located, {len(extraction.unresolved)} place(s) "
        "unresolved"
    )
    spans = [(c.span_start, c.span_end) for ev in extraction.events for c in ev.claims]
    spans += [(c.span_start, c.span_end) for c in extraction.unlocated_claims]
    with st.expander("Report text with evidence highlighted", expanded=False):
        st.html(highlight_html(report.text, spans))
    if extraction.unresolved:
        st.warning("Unresolved places (not mapped):")
        st.dataframe(
            pd.DataFrame(
                [
                    {"name": u.name, "quote": u.quote, "closest names": ", ".join(u.candidates)}
                    for u in extraction.unresolved
                ]
            ),
            hide_index=True,
        )
    try:
        gazetteer = _gazetteer()
    except (ImportError, FileNotFoundError, OSError):
        gazetteer = None
    edited = [_edit_event(i, ev, gazetteer) for i, ev in enumerate(extraction.events)]
    if st.button("Save to the store", key="add_save", type="primary"):
        result = get_store(current_db_url()).save(dataclasses.replace(extraction, events=edited))
        clear_caches()
        if result.added:
            st.success(f"Saved {result.n_events} event(s) from {result.source_id}.")
        else:
            st.info("This report is already stored; nothing was added.")
        del st.session_state[_PREVIEW_KEY]


def render() -> None:
    """Draw the Add reports page."""
    st.title("Add reports")
    _input_form()
    extraction = st.session_state.get(_PREVIEW_KEY)
    if isinstance(extraction, Extraction):
        _preview(extraction)
