"""Correcting and deleting a stored event from the dashboard, with its audit record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_fixtures import build_store
from strikemap.dashboard.event_editor import claim_edits, event_edit
from strikemap.store import KEEP, EventEdit, open_store


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    build_store(url, 8, hostile=False).dispose()
    monkeypatch.setenv("STRIKEMAP_DB", url)
    return url


def _editor_app(db_url: str, event_id: int, can_edit: bool = True) -> AppTest:
    def page(url: str, eid: int, edit: bool) -> None:
        from strikemap.access import Role
        from strikemap.dashboard.event_editor import draw_event_editor, show_flash

        show_flash()
        draw_event_editor(url, eid, Role(edit, "local:tester" if edit else None))

    return AppTest.from_function(page, args=(db_url, event_id, can_edit), default_timeout=60)


def _first_event(db_url: str) -> dict[str, object]:
    store = open_store(db_url)
    try:
        return dict(store.events_frame().iloc[0])
    finally:
        store.dispose()


def test_an_untouched_form_changes_nothing() -> None:
    row = {"date": "2024-03-01", "date_precision": "day", "actor": "Russia"}
    edit = event_edit(
        row, place=None, date=dt.date(2024, 3, 1), date_precision="day", actor=" Russia "
    )
    assert edit.is_empty()
    changed = event_edit(row, place=None, date=None, date_precision="day", actor="")
    assert changed == EventEdit(date=None, date_precision="unknown", actor=None)


def test_claim_rows_that_changed_become_edits() -> None:
    claims = (
        {
            "id": 1,
            "version": 3,
            "claimant": "Activists",
            "claimed_target": None,
            "killed": 3,
            "wounded": None,
            "civilians_killed": None,
            "children_killed": None,
        },
        {
            "id": 2,
            "version": 1,
            "claimant": "Army",
            "claimed_target": "depot",
            "killed": None,
            "wounded": None,
            "civilians_killed": None,
            "children_killed": None,
        },
    )
    edited = pd.DataFrame(
        [
            {**claims[0], "killed": 4.0, "wounded": float("nan")},
            {**claims[1], "claimant": " Army "},
        ]
    ).drop(columns=["version"])
    [(claim_id, version, edit)] = claim_edits(claims, edited)
    assert (claim_id, version) == (1, 3)
    assert edit.killed == 4 and edit.wounded is KEEP and edit.claimant is KEEP


def test_a_viewer_gets_no_form(db_url: str) -> None:
    event = _first_event(db_url)
    at = _editor_app(db_url, int(event["id"]), can_edit=False).run()
    assert not at.exception
    assert len(at.expander) == 0 and len(at.button) == 0


def test_an_editor_corrects_the_actor_and_the_audit_log_keeps_both_values(db_url: str) -> None:
    event = _first_event(db_url)
    at = _editor_app(db_url, int(event["id"])).run()
    assert not at.exception
    at.text_input(key=f"edit_actor_{event['id']}").set_value("Belgian Air Force").run()
    at.button(key=f"edit_save_{event['id']}").click().run()
    assert not at.exception
    assert "Saved 1 change(s)" in at.success[0].value
    store = open_store(db_url)
    try:
        [entry] = store.audit_rows(target_kind="event")
        assert entry.editor == "local:tester"
        assert entry.before is not None and entry.before["actor"] == event["actor"]
        assert entry.after is not None and entry.after["actor"] == "Belgian Air Force"
        frame = store.events_frame()
        assert frame.loc[frame["id"] == event["id"], "actor"].iloc[0] == "Belgian Air Force"
    finally:
        store.dispose()


def test_a_concurrent_save_is_reported_and_neither_edit_is_lost(db_url: str) -> None:
    event = _first_event(db_url)
    eid = int(event["id"])
    at = _editor_app(db_url, eid).run()  # editor A opens the form
    store = open_store(db_url)
    try:
        record = store.event_record(eid)
        store.edit_event(
            eid, EventEdit(actor="Edited by B"), editor="local:b", version=record.version
        )
        at.text_input(key=f"edit_actor_{eid}").set_value("Edited by A").run()
        at.button(key=f"edit_save_{eid}").click().run()
        assert at.error and "apply your change again" in at.error[0].value
        frame = store.events_frame()
        assert frame.loc[frame["id"] == eid, "actor"].iloc[0] == "Edited by B"
        assert [e.editor for e in store.audit_rows()] == ["local:b"]
    finally:
        store.dispose()


def test_deleting_needs_confirmation_and_is_recorded(db_url: str) -> None:
    event = _first_event(db_url)
    eid = int(event["id"])
    at = _editor_app(db_url, eid).run()
    assert at.button(key=f"edit_delete_{eid}").disabled
    at.checkbox(key=f"edit_sure_{eid}").check().run()
    at.button(key=f"edit_delete_{eid}").click().run()
    assert not at.exception
    store = open_store(db_url)
    try:
        assert eid not in set(store.events_frame()["id"])
        [entry] = store.audit_rows()
        assert entry.action.startswith("delete") and entry.before is not None
    finally:
        store.dispose()


def _linked_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    # Two strikes, each reported twice: two incidents of two events.
    import dataclasses
    import hashlib

    from dashboard_fixtures import synthetic_extractions

    url = f"sqlite:///{tmp_path / 'linked.db'}"
    monkeypatch.setenv("STRIKEMAP_DB", url)
    store = open_store(url)
    base = synthetic_extractions(2, per_report=1, hostile=False)
    for extraction in base:
        for copy in ("a", "b"):
            report = dataclasses.replace(
                extraction.report,
                id=hashlib.sha256((extraction.report.id + copy).encode()).hexdigest(),
                source_id=f"{extraction.report.source_id}-{copy}",
            )
            store.save(dataclasses.replace(extraction, report=report))
    store.dispose()
    return url


def test_an_editor_splits_and_merges_incidents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _linked_store(tmp_path, monkeypatch)
    store = open_store(url)
    try:
        frame = store.events_frame()
        incidents = sorted(set(frame["incident_id"].dropna().astype(int)))
        assert len(incidents) == 2, frame[["id", "incident_id"]]
        first, second = incidents
        mover = int(frame.loc[frame["incident_id"] == second, "id"].iloc[0])
        at = _editor_app(url, mover).run()
        at.number_input(key=f"edit_merge_target_{mover}").set_value(first).run()
        at.button(key=f"edit_merge_{mover}").click().run()
        assert not at.exception
        assert f"merged into incident {first}" in at.success[0].value
        frame = store.events_frame()
        assert set(frame["incident_id"].dropna().astype(int)) == {first}

        at = _editor_app(url, mover).run()
        at.button(key=f"edit_split_{mover}").click().run()
        assert not at.exception
        frame = store.events_frame()
        assert frame.loc[frame["id"] == mover, "incident_id"].isna().all()
        assert [e.action for e in store.audit_rows()][-2:] == ["merge_incidents", "split_event"]
    finally:
        store.dispose()
