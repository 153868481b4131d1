"""Every change an editor makes writes one audit row, in the change's own transaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from factories import make_event, make_report, sample_extraction
from strikemap.model import Extraction
from strikemap.store import (
    ClaimEdit,
    EditConflict,
    EventEdit,
    PlaceFix,
    Store,
    open_store,
)
from strikemap.store.audit import AUDIT_COLUMNS

HOMS = PlaceFix("Homs", lon=36.7137, lat=34.7324, place_id="gn:169577", country="SY")


@pytest.fixture()
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    yield s
    s.dispose()


def _pair(store: Store, a: str, b: str, **kwargs: object) -> None:
    for text, source in ((f"Russian jets struck {a}.", f"{a}.txt"), (f"Jets hit {b}.", f"{b}.txt")):
        report = make_report(text, source)
        store.save(Extraction(report=report, events=[make_event(report, text, **kwargs)]))  # type: ignore[arg-type]


def test_every_change_is_one_row_with_its_values_before_and_after(store: Store) -> None:
    """The round trip the dashboard relies on, on SQLite and (server run) on PostGIS."""
    x = sample_extraction()
    store.save(x)
    frame = store.events_frame().set_index("place_name")
    jisr, aleppo = int(frame.loc["Jisr al-Shughur", "id"]), int(frame.loc["Aleppo", "id"])
    assert store.edit_version() == 0

    store.edit_event(jisr, EventEdit(place=HOMS, actor="Syria"), editor="web:ana", version=1)
    (claim,) = store.event_record(jisr).claims
    store.edit_claim(claim["id"], ClaimEdit(killed=4, claimant=None), editor="cli:bo", version=1)
    store.delete_event(aleppo, editor="web:ana", version=1)
    rows = store.audit_rows()
    assert [(r.action, r.target_kind, r.target_id, r.editor) for r in rows] == [
        ("edit_event", "event", str(jisr), "web:ana"),
        ("edit_claim", "claim", str(claim["id"]), "cli:bo"),
        ("delete_event", "event", str(aleppo), "web:ana"),
    ]
    assert all(r.report_id == x.report.id for r in rows)
    assert all(r.at.endswith("+00:00") and r.at[:4].isdigit() for r in rows)
    assert store.edit_version() == rows[-1].id

    edit, claim_edit, deleted = rows
    assert edit.before == {
        "place_name": "Jisr al-Shughur", "place_id": "gn:1", "lon": 36.3177, "lat": 35.8126,
        "admin1": "Idlib", "location_reason": None, "actor": "Russia",
        "version": 1,
    }  # fmt: skip
    assert edit.after == {
        "place_name": "Homs", "place_id": "gn:169577", "lon": 36.7137, "lat": 34.7324,
        "admin1": None, "location_reason": "set by editor web:ana",
        "actor": "Syria", "version": 2,
    }  # fmt: skip
    assert set(edit.before) == set(edit.after)  # the same fields on both sides
    assert claim_edit.before == {
        "claimant": "Syrian security source", "killed": None, "killed_max": None, "version": 1,
        "event_id": jisr,
    }  # fmt: skip
    assert claim_edit.after == {
        "claimant": None, "killed": 4, "killed_max": 4, "version": 2, "event_id": jisr
    }  # fmt: skip
    assert deleted.after is None and deleted.before is not None
    assert deleted.before["place_name"] == "Aleppo" and deleted.before["date"] is None
    assert [c["denial"] for c in deleted.before["claims"]] == ["nobody confirms it"]

    store.delete_report(x.report.id, editor="cli:bo")
    store.save(x, force=True)
    *_, gone, back = store.audit_rows()
    assert (gone.action, gone.target_kind, gone.target_id) == (
        "delete_report",
        "report",
        x.report.id,
    )
    assert gone.before is not None and gone.after is None
    assert gone.before["source_id"] == "seedish.txt" and "text" not in gone.before
    assert sorted(e["place_name"] for e in gone.before["events"]) == ["Damascus", "Homs"]
    assert len(gone.before["claims"]) == 2
    assert (back.action, back.editor, back.report_id) == (
        "reingest_deleted_report", "ingest --force", x.report.id
    )  # fmt: skip

    frame = store.audit_frame()
    assert list(frame.columns) == list(AUDIT_COLUMNS) and len(frame) == 5
    assert frame.loc[0, "before"]["actor"] == "Russia"
    assert [r.action for r in store.audit_rows(report_id=x.report.id, limit=2)] == [
        "delete_report", "reingest_deleted_report"
    ]  # fmt: skip
    only = store.audit_rows(target_kind="event", target_id=jisr)
    assert [r.action for r in only] == ["edit_event"]


def test_merge_and_split_are_recorded(store: Store) -> None:
    _pair(store, "Jisr al-Shughur", "Jisr ash-Shughur")
    _pair(store, "Idlib", "Idlib city", place="Idlib", lat=35.93, lon=36.63)
    frame = store.events_frame().set_index("source_id")
    first = int(frame.loc["Jisr al-Shughur.txt", "incident_id"])
    second = int(frame.loc["Idlib.txt", "incident_id"])
    moved = store.merge_incidents(first, second, editor="ana")
    (merge,) = store.audit_rows()
    assert (merge.action, merge.target_kind, merge.target_id) == (
        "merge_incidents", "incident", str(first)
    )  # fmt: skip
    assert merge.before is not None and merge.after is not None
    assert merge.before["incident"] == second and merge.after["incident"] == first
    assert [e["id"] for e in merge.before["events"]] == sorted(moved)
    assert {e["incident_id"] for e in merge.before["events"]} == {second}
    assert {(e["incident_id"], e["link_locked"]) for e in merge.after["events"]} == {(first, 1)}
    store.split_event(moved[0], editor="bo")
    split = store.audit_rows()[-1]
    assert (split.action, split.target_id, split.editor) == ("split_event", str(moved[0]), "bo")
    assert split.before is not None and split.after is not None
    assert split.before["incident_id"] == first and split.after["incident_id"] is None
    assert split.after["link_locked"] == 1


def test_a_refused_change_writes_no_row(store: Store) -> None:
    store.save(sample_extraction())
    eid = int(store.events_frame()["id"].iloc[0])
    store.edit_event(eid, EventEdit(actor="Syria"), editor="ana", version=1)
    with pytest.raises(EditConflict):
        store.edit_event(eid, EventEdit(actor="Iran"), editor="bo", version=1)
    with pytest.raises(ValueError):
        store.edit_event(eid, EventEdit(date_precision="unknown"), editor="bo", version=2)
    assert [r.editor for r in store.audit_rows()] == ["ana"]


def test_the_row_and_the_change_share_one_transaction(store: Store, monkeypatch) -> None:
    from strikemap.store import edits

    store.save(sample_extraction())
    eid = int(store.events_frame()["id"].iloc[0])

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("audit write failed")

    monkeypatch.setattr(edits, "record_change", broken)
    with pytest.raises(RuntimeError):
        store.edit_event(eid, EventEdit(actor="Syria"), editor="ana", version=1)
    with pytest.raises(RuntimeError):
        store.delete_event(eid, editor="ana")
    record = store.event_record(eid)
    assert record.version == 1 and record.event["actor"] != "Syria"
    assert store.count_events() == 3 and store.audit_rows() == []


@pytest.mark.server
def test_edit_audit_round_trip_on_postgis(postgis_url: str) -> None:
    """The audit log's JSON columns read back the same through a second connection."""
    writer = open_store(postgis_url)
    writer.save(sample_extraction())
    eid = int(writer.events_frame()["id"].iloc[0])
    writer.edit_event(eid, EventEdit(place=HOMS, actor="Сирия ✓"), editor="web:ана", version=1)
    writer.dispose()
    reader = open_store(postgis_url, read_only=True)
    try:
        (row,) = reader.audit_rows()
        assert row.editor == "web:ана" and row.after is not None
        assert row.after["actor"] == "Сирия ✓" and row.after["lon"] == 36.7137
        assert row.before is not None and row.before["version"] == 1
        assert reader.event_record(eid).event["place_name"] == "Homs"
    finally:
        reader.dispose()
