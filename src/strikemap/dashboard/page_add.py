"""The Add reports page: paste, upload or fetch a report, check what was found, save it.

The preview shows the report text with every evidence span highlighted. The text is
escaped segment by segment (:func:`highlight_html`), so a report can never inject markup.
Before saving, the analyst can pick another gazetteer candidate for a place, or fix an
event's date or actor; unresolved places are listed, never mapped. A "to be saved" table
shows exactly the rows the store will hold, and saving writes exactly those.
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
from strikemap.dashboard.plain_text import markdown_text
from strikemap.model import PRECISION_BY_KIND, Event, Extraction, Location

__all__ = [
    "candidate_places",
    "highlight_html",
    "location_from_candidate",
    "render",
    "to_save_frame",
]

_MANY = "Many reports (Telegram export, notes CSV)"
_PREVIEW_KEY = "add_preview"
_FLASH_KEY = "add_flash"
_DEFAULT_UNCERTAINTY_KM = {
    "town": 3.0,
    "neighbourhood": 1.0,
    "exact": 0.5,
    "district": 20.0,
    "admin1": 60.0,
    "region": 80.0,
    "country": 300.0,
}
_MAX_CANDIDATES = 8
_MIN_DATE = dt.date(1900, 1, 1)
_TO_SAVE_CONFIG: dict[str, Any] = {
    "strike": st.column_config.NumberColumn("Strike", format="%d", width="small"),
    "date": st.column_config.TextColumn("Date", help="Empty: unknown."),
    "date_precision": st.column_config.TextColumn("Date precision"),
    "actor": st.column_config.TextColumn("Actor", help="Empty: unknown."),
    "place_name": st.column_config.TextColumn("Place"),
    "admin1": st.column_config.TextColumn("Province (admin1)"),
    "country": st.column_config.TextColumn("Country", width="small"),
    "lat": st.column_config.NumberColumn("Lat", format="%.4f", width="small"),
    "lon": st.column_config.NumberColumn("Lon", format="%.4f", width="small"),
    "precision": st.column_config.TextColumn("Location precision"),
    "uncertainty_km": st.column_config.NumberColumn("± km", format="%.1f", width="small"),
    "place_id": st.column_config.TextColumn("Gazetteer id"),
    "evidence": st.column_config.TextColumn("Evidence", width="large"),
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
    return f'<div class="sm-evidence" style="white-space:normal;line-height:1.5">{body}</div>'


def location_from_candidate(candidate: Any, *, reason: str = "picked by the analyst") -> Location:
    """Turn a gazetteer :class:`~strikemap.gazetteer.base.Candidate` into a Location."""
    place = candidate.place
    precision = PRECISION_BY_KIND.get(place.kind, "town")
    return Location(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        precision=precision,
        uncertainty_km=place.uncertainty_km or _DEFAULT_UNCERTAINTY_KM[precision],
        country=place.country,
        admin1=place.admin1,
        place_id=place.id,
        confidence=1.0,
        reason=reason,
    )


def candidate_places(event: Event, gazetteer: Any, *, limit: int = _MAX_CANDIDATES) -> list[Any]:
    """Return other gazetteer candidates for an event's place, best first.

    Looks up the names the gazetteer spots in the event's evidence (the words the report
    used, e.g. "Talbiseh") and the resolved place's own name; the place already chosen
    is left out, duplicates are dropped.
    """
    if gazetteer is None:
        return []
    names: list[str] = []
    for claim in event.claims[:1]:
        names += [m.surface for m in gazetteer.spot(claim.quote)]
    names.append(event.location.name)
    seen = {event.location.place_id}
    out: list[Any] = []
    for name in dict.fromkeys(names):
        for cand in gazetteer.lookup(name, limit=limit):
            if cand.place.id in seen:
                continue
            seen.add(cand.place.id)
            out.append(cand)
    return out[:limit]


def to_save_frame(events: Sequence[Event]) -> pd.DataFrame:
    """Return one row per event exactly as it will be stored (the preview's last table)."""
    return pd.DataFrame(
        [
            {
                "strike": i + 1,
                "date": ev.date.isoformat() if ev.date else None,
                "date_precision": ev.date_precision,
                "actor": ev.actor,
                "place_name": ev.location.name,
                "admin1": ev.location.admin1,
                "country": ev.location.country,
                "lat": round(ev.location.lat, 5),
                "lon": round(ev.location.lon, 5),
                "precision": ev.location.precision,
                "uncertainty_km": ev.location.uncertainty_km,
                "place_id": ev.location.place_id,
                "evidence": ev.claims[0].quote if ev.claims else "",
            }
            for i, ev in enumerate(events)
        ],
        columns=[
            "strike",
            "date",
            "date_precision",
            "actor",
            "place_name",
            "admin1",
            "country",
            "lat",
            "lon",
            "precision",
            "uncertainty_km",
            "place_id",
            "evidence",
        ],
    )


def _gazetteer() -> Any:
    from strikemap.gazetteer import shared_gazetteer

    return shared_gazetteer()


def _read(source: str, text: str, upload: Any, url: str, published: dt.date | None) -> Any:
    from strikemap import read

    if source == "Paste text":
        if not text.strip():
            raise read.ReadError("paste some text first")
        return read.read_pasted(text, published=published)
    if source == "Upload file":
        if upload is None:
            raise read.ReadError("choose a file first")
        # The CLI's rules: binary, UTF-16 and undecodable files are refused, not mangled.
        return read.read_upload(upload.getvalue(), upload.name, published=published)
    if not url.strip().lower().startswith(("http://", "https://")):
        raise read.ReadError("give an http(s) URL")
    return read.read_url(url.strip(), published=published)


def _input_form() -> None:
    source = st.radio(
        "Report from",
        ["Paste text", "Upload file", "URL", _MANY],
        horizontal=True,
        key="add_source",
    )
    text = upload = None
    url = ""
    if source == "Paste text":
        text = st.text_area("Report text", height=200, key="add_text")
    elif source == "Upload file":
        upload = st.file_uploader(
            "Text or HTML file", type=["txt", "md", "html", "htm"], key="add_file"
        )
    elif source == "URL":
        url = st.text_input("URL", key="add_url")
    left, right = st.columns([1, 2])
    known = left.checkbox(
        # For many reports the date replaces every message's and note's own date.
        "One publication date for every report"
        if source == _MANY
        else "I know the publication date",
        key="add_has_date",
    )
    # Explicit bounds: Streamlit's default minimum (ten years back) would refuse the
    # publication date of an older report.
    published = (
        right.date_input(
            "Publication date", min_value=_MIN_DATE, max_value=dt.date.today(), key="add_published"
        )
        if known
        else None
    )
    if source == _MANY:
        from strikemap.dashboard.add_many import draw_many_reports_form

        draw_many_reports_form(published)
        return
    if st.button("Extract strikes", key="add_extract", type="primary"):
        from strikemap import read

        try:
            report = _read(source, text or "", upload, url, published)  # type: ignore[arg-type]
            from strikemap.extract import extract_report

            with st.spinner("Finding strikes (the first run also opens the gazetteer)…"):
                st.session_state[_PREVIEW_KEY] = extract_report(report, _gazetteer())
        except read.ReadError as exc:
            st.error("Could not read the report: " + markdown_text(exc))
        except (ImportError, FileNotFoundError) as exc:
            st.error("Extraction is not available: " + markdown_text(exc))


def _candidate_label(cand: Any) -> str:
    p = cand.place
    where = ", ".join(v for v in (p.admin1, p.country) if v)
    return f"{p.name} ({p.kind}, {where}; {p.lat:.3f}, {p.lon:.3f})"


def _edit_event(i: int, ev: Event, gazetteer: Any, token: str) -> Event:
    loc = ev.location
    with st.container(border=True):
        st.markdown(f"**Strike {i + 1}**")
        if ev.claims:
            quote = ev.claims[0].quote
            # Mark the words that name this place, so the analyst sees what was read.
            marks = (
                [(m.start, m.end) for m in gazetteer.spot(quote) if loc.place_id in m.place_ids]
                if gazetteer is not None
                else []
            )
            st.html(highlight_html(quote, marks))
        candidates = candidate_places(ev, gazetteer)
        where = ", ".join(v for v in (loc.admin1, loc.country) if v)
        labels = [f"{loc.name} ({loc.precision}, {where}; as found: {loc.reason or 'resolver'})"]
        labels += [_candidate_label(c) for c in candidates]
        pick = st.selectbox(
            "Place",
            range(len(labels)),
            format_func=lambda k: labels[k],
            key=f"add_{token}_place_{i}",
            help="Another gazetteer candidate for the names in this sentence.",
        )
        c1, c2, c3 = st.columns([1, 1, 2])
        dated = c1.checkbox("Date known", value=ev.date is not None, key=f"add_{token}_dated_{i}")
        # No date is pre-filled for an undated strike: a greyed "today" would read as a
        # suggestion, and an unknown date must stay unknown unless the analyst types one.
        date = c2.date_input(
            "Date",
            value=ev.date,
            min_value=_MIN_DATE,
            max_value=max(dt.date.today(), ev.date or _MIN_DATE),
            key=f"add_{token}_date_{i}",
            disabled=not dated,
        )
        actor = c3.text_input(
            "Actor (empty = unknown)", value=ev.actor or "", key=f"add_{token}_actor_{i}"
        )
    location = (
        loc
        if pick == 0
        else location_from_candidate(
            candidates[pick - 1], reason=f"picked by the analyst (resolver chose {loc.name})"
        )
    )
    new_date = date if dated and isinstance(date, dt.date) else None
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
    token = report.id[:12]
    st.divider()
    pasted = report.source_id.startswith("pasted-")
    heading = report.title or ("Pasted report" if pasted else report.source_id)
    st.subheader(markdown_text(heading), anchor=False)
    st.caption(
        f"published: {report.published or 'unknown'} ({report.published_basis}); "
        f"{len(extraction.events)} strike(s) located, {len(extraction.unresolved)} place(s) "
        f"unresolved, {len(extraction.unlocated_claims)} claim(s) without a place"
    )
    spans = [(c.span_start, c.span_end) for ev in extraction.events for c in ev.claims]
    spans += [(c.span_start, c.span_end) for c in extraction.unlocated_claims]
    with st.expander("Report text, evidence highlighted", expanded=True):
        st.html(highlight_html(report.text, spans))
    if extraction.unresolved:
        st.warning(
            f"{len(extraction.unresolved)} place(s) could not be resolved: "
            "they are not mapped and are stored as unresolved."
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {"name": u.name, "quote": u.quote, "closest names": ", ".join(u.candidates)}
                    for u in extraction.unresolved
                ]
            ),
            hide_index=True,
            key=f"add_{token}_unresolved",
            column_config={
                "name": st.column_config.TextColumn("Name in the report"),
                "quote": st.column_config.TextColumn("Evidence", width="large"),
                "closest names": st.column_config.TextColumn("Closest gazetteer names"),
            },
        )
    try:
        gazetteer = _gazetteer()
    except (ImportError, FileNotFoundError, OSError):
        gazetteer = None
    edited = [_edit_event(i, ev, gazetteer, token) for i, ev in enumerate(extraction.events)]
    if edited:
        st.markdown("**To be saved**")
        st.dataframe(
            to_save_frame(edited),
            hide_index=True,
            key=f"add_{token}_to_save",
            column_config=_TO_SAVE_CONFIG,
        )
    else:
        st.info("No located strike in this report; saving keeps its unresolved places.")
    if st.button("Save to the store", key="add_save", type="primary"):
        result = get_store(current_db_url()).save(dataclasses.replace(extraction, events=edited))
        clear_caches()
        st.session_state[_FLASH_KEY] = (
            f"Saved {result.n_events} event(s) from {markdown_text(result.source_id)}."
            if result.added
            else "This report is already stored; nothing was added."
        )
        del st.session_state[_PREVIEW_KEY]
        st.rerun()


def render() -> None:
    """Draw the Add reports page."""
    st.title("Add reports")
    if flash := st.session_state.pop(_FLASH_KEY, None):
        st.success(flash)
    _input_form()
    extraction = st.session_state.get(_PREVIEW_KEY)
    if isinstance(extraction, Extraction):
        _preview(extraction)
