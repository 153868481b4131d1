"""Correct or delete one stored event from the Events page (editors only).

The form starts from the event as it was when the editor opened it, and saves with that
version: if someone else saved the event in between, the store refuses with a conflict
and the editor sees the newer values instead of overwriting them. Every change goes
through :class:`strikemap.store.Store`, which records it in the audit log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any, get_args

import pandas as pd
import streamlit as st

from strikemap.access import Role
from strikemap.dashboard.loaders import clear_caches, get_store
from strikemap.dashboard.plain_text import markdown_text
from strikemap.model import DatePrecision
from strikemap.store import (
    KEEP,
    ClaimEdit,
    EditConflict,
    EventEdit,
    EventRecord,
    PlaceFix,
    StoreError,
)

__all__ = ["claim_edits", "draw_event_editor", "event_edit"]

_FLASH_KEY = "_strikemap_edit_flash"
_BASE_KEY = "_strikemap_edit_base_{}"
_CLAIM_FIELDS = tuple(f.name for f in dataclasses.fields(ClaimEdit))
_COUNT_FIELDS = frozenset(f for f in _CLAIM_FIELDS if f not in ("claimant", "claimed_target"))
_DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)
_MIN_DATE = dt.date(1990, 1, 1)


def event_edit(
    event: dict[str, Any],
    *,
    place: PlaceFix | None,
    date: dt.date | None,
    date_precision: str,
    actor: str,
) -> EventEdit:
    """Return the edit that turns ``event`` (a stored row) into the form's values.

    Only fields whose value differs are set; the rest stay :data:`KEEP`, so saving an
    untouched form changes nothing.
    """
    old_date = dt.date.fromisoformat(event["date"]) if event.get("date") else None
    new_actor = actor.strip() or None
    precision = "unknown" if date is None else date_precision
    return EventEdit(
        place=place if place is not None else KEEP,
        date=date if date != old_date else KEEP,
        date_precision=(
            precision  # type: ignore[arg-type]
            if precision != event.get("date_precision")
            else KEEP
        ),
        actor=new_actor if new_actor != event.get("actor") else KEEP,
    )


def _clean(field: str, value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if field in _COUNT_FIELDS:
        return int(value)
    text = str(value).strip()
    return text or None


def claim_edits(
    claims: tuple[dict[str, Any], ...], edited: pd.DataFrame
) -> list[tuple[int, int, ClaimEdit]]:
    """Return ``(claim id, version, edit)`` for every claim row the editor changed."""
    out: list[tuple[int, int, ClaimEdit]] = []
    by_id = {int(c["id"]): c for c in claims}
    for row in edited.to_dict("records"):
        claim = by_id.get(int(row["id"]))
        if claim is None:
            continue
        changes = {
            f: _clean(f, row.get(f))
            for f in _CLAIM_FIELDS
            if _clean(f, row.get(f)) != _clean(f, claim.get(f))
        }
        if changes:
            out.append((int(claim["id"]), int(claim["version"]), ClaimEdit(**changes)))
    return out


def _base_record(db_url: str, event_id: int) -> EventRecord:
    # The record the form started from, kept across reruns so a save carries the
    # version the editor actually saw.
    key = _BASE_KEY.format(event_id)
    record = st.session_state.get(key)
    if not isinstance(record, EventRecord):
        record = get_store(db_url).event_record(event_id)
        st.session_state[key] = record
    return record


def _forget_base(event_id: int) -> None:
    st.session_state.pop(_BASE_KEY.format(event_id), None)


def _place_picker(event_id: int, current: str) -> PlaceFix | None:
    query = st.text_input(
        "Move to another place (gazetteer name)",
        key=f"edit_place_query_{event_id}",
        help="Type a name to choose among gazetteer places; empty keeps the current place.",
    ).strip()
    if not query:
        return None
    try:
        from strikemap.gazetteer import shared_gazetteer

        found = shared_gazetteer().lookup(query, limit=10)
    except (ImportError, FileNotFoundError, OSError) as exc:
        st.error("The gazetteer is not available: " + markdown_text(exc))
        return None
    if not found:
        st.warning("No gazetteer place by that name; the place stays " + markdown_text(current))
        return None
    labels = ["(keep the current place)"] + [
        f"{c.place.name} ({c.place.kind}, "
        f"{', '.join(v for v in (c.place.admin1, c.place.country) if v)}; "
        f"{c.place.lat:.3f}, {c.place.lon:.3f})"
        for c in found
    ]
    pick = st.selectbox(
        "Gazetteer place",
        range(len(labels)),
        format_func=lambda k: labels[k],
        key=f"edit_place_pick_{event_id}",
    )
    return PlaceFix.from_place(found[pick - 1].place) if pick else None


def _run_change(event_id: int, change: Callable[[], str], failed: str) -> None:
    """Run one store change; on success flash its message and redraw, else say why."""
    try:
        message = change()
    except EditConflict as exc:
        _forget_base(event_id)
        clear_caches()
        st.error(markdown_text(exc) + " Its current values are shown now; apply your change again.")
        return
    except (StoreError, ValueError) as exc:
        _forget_base(event_id)
        st.error(f"{failed}: " + markdown_text(exc))
        return
    _forget_base(event_id)
    clear_caches()
    st.session_state[_FLASH_KEY] = message
    st.rerun()


def _save(
    db_url: str,
    event_id: int,
    record: EventRecord,
    edit: EventEdit,
    claims: list[tuple[int, int, ClaimEdit]],
    editor: str,
) -> None:
    def change() -> str:
        # One transaction: the event and its claims change together or not at all.
        get_store(db_url).edit_event(
            event_id,
            edit,
            editor=editor,
            version=record.version,
            claims={claim_id: (version, claim_edit) for claim_id, version, claim_edit in claims},
        )
        n = (0 if edit.is_empty() else 1) + len(claims)
        return f"Saved {n} change(s) to event {event_id}."

    _run_change(event_id, change, "Not saved")


def _delete(db_url: str, event_id: int, record: EventRecord, editor: str, whole: bool) -> None:
    def change() -> str:
        store = get_store(db_url)
        if whole:
            gone = store.delete_report(str(record.event["report_id"]), editor=editor)
            return (
                f"Deleted report {markdown_text(gone.source_id)} with {gone.n_events} "
                "event(s); ingesting the same text again will skip it."
            )
        store.delete_event(event_id, editor=editor, version=record.version)
        return f"Deleted event {event_id}."

    _run_change(event_id, change, "Not deleted")


def _incident_controls(db_url: str, event_id: int, event: dict[str, Any], editor: str) -> None:
    # Incidents group reports of one strike; an editor fixes a wrong grouping by hand,
    # and automatic linking leaves hand-made groupings alone.
    st.divider()
    if event.get("incident_id") is None:
        st.caption("Not linked with other reports of the same strike.")
        return
    incident = int(event["incident_id"])
    left, right = st.columns([1, 1])
    left.caption(f"Part of incident {incident}.")
    if left.button("Split off its incident", key=f"edit_split_{event_id}"):

        def split() -> str:
            get_store(db_url).split_event(event_id, editor=editor)
            return f"Event {event_id} split off incident {incident}."

        _run_change(event_id, split, "Not split")
    target = right.number_input(
        "Merge its incident into incident",
        min_value=1,
        step=1,
        value=None,
        key=f"edit_merge_target_{event_id}",
    )
    if target is not None and right.button("Merge", key=f"edit_merge_{event_id}"):

        def merge() -> str:
            get_store(db_url).merge_incidents(int(target), incident, editor=editor)
            return f"Incident {incident} merged into incident {int(target)}."

        _run_change(event_id, merge, "Not merged")


def show_flash() -> None:
    """Show the message of the last save or delete, once."""
    if flash := st.session_state.pop(_FLASH_KEY, None):
        st.success(flash)


def draw_event_editor(db_url: str, event_id: int, role: Role) -> None:
    """Draw the correction form of one event for an editor (nothing for a viewer)."""
    if not role.can_edit or role.editor is None:
        return
    try:
        record = _base_record(db_url, event_id)
    except StoreError as exc:
        st.error(markdown_text(exc))
        return
    event = record.event
    with st.expander("Correct or delete this event"):
        st.caption(
            "Changes are recorded with your name, the time and the values before and after "
            "(Changes page)."
        )
        place = _place_picker(event_id, str(event["place_name"]))
        c1, c2, c3 = st.columns([1, 1, 1])
        old_date = dt.date.fromisoformat(event["date"]) if event.get("date") else None
        dated = c1.checkbox("Date known", value=old_date is not None, key=f"edit_dated_{event_id}")
        date = c2.date_input(
            "Date",
            value=old_date,
            min_value=_MIN_DATE,
            max_value=max(dt.date.today(), old_date or _MIN_DATE),
            key=f"edit_date_{event_id}",
            disabled=not dated,
        )
        known = [p for p in _DATE_PRECISIONS if p != "unknown"]
        precision = c3.selectbox(
            "Date precision",
            known,
            index=known.index(event["date_precision"]) if event["date_precision"] in known else 0,
            key=f"edit_precision_{event_id}",
            disabled=not dated,
        )
        actor = st.text_input(
            "Actor (empty = unknown)", value=event.get("actor") or "", key=f"edit_actor_{event_id}"
        )
        claims_frame = pd.DataFrame(
            [{"id": c["id"], **{f: c.get(f) for f in _CLAIM_FIELDS}} for c in record.claims],
            columns=["id", *_CLAIM_FIELDS],
        )
        edited = st.data_editor(
            claims_frame,
            hide_index=True,
            disabled=["id"],
            num_rows="fixed",
            key=f"edit_claims_{event_id}",
            column_config={
                f: st.column_config.NumberColumn(f.replace("_", " "), min_value=0, step=1)
                for f in _COUNT_FIELDS
            },
        )
        new_date = date if dated and isinstance(date, dt.date) else None
        edit = event_edit(
            event, place=place, date=new_date, date_precision=str(precision), actor=actor
        )
        changed_claims = claim_edits(record.claims, edited)
        if st.button(
            "Save changes",
            type="primary",
            key=f"edit_save_{event_id}",
            disabled=edit.is_empty() and not changed_claims,
        ):
            _save(db_url, event_id, record, edit, changed_claims, role.editor)
        _incident_controls(db_url, event_id, event, role.editor)
        st.divider()
        whole = st.checkbox(
            "Delete the whole report (every event and claim it gave)",
            key=f"edit_whole_{event_id}",
        )
        sure = st.checkbox("I am sure", key=f"edit_sure_{event_id}")
        if st.button("Delete", key=f"edit_delete_{event_id}", disabled=not sure):
            _delete(db_url, event_id, record, role.editor, whole)
