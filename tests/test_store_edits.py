"""Editors correct the store: place, date, actor and claim edits, deletes, merges, versions."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Iterator

import pytest

from factories import make_event, make_report, sample_extraction
from strikemap.export import export_csv, export_geojson
from strikemap.model import Casualties, Extraction, Place
from strikemap.store import (
    ClaimEdit,
    EditConflict,
    EventEdit,
    PlaceFix,
    RecordNotFoundError,
    Store,
    StoreError,
    open_store,
)

HOMS = PlaceFix("Homs", lon=36.7137, lat=34.7324, precision="town", uncertainty_km=4.0,
                place_id="gn:169577", country="sy", admin1="Homs")  # fmt: skip


@pytest.fixture()
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    yield s
    s.dispose()


def _one_event_report(text: str, source: str, **kwargs: object) -> Extraction:
    report = make_report(text, source)
    return Extraction(report=report, events=[make_event(report, text, **kwargs)])  # type: ignore[arg-type]


def _event_id(store: Store, place: str) -> int:
    frame = store.events_frame()
    return int(frame.loc[frame.place_name == place, "id"].iloc[0])


def test_a_new_place_replaces_the_location_and_says_an_editor_set_it(store: Store) -> None:
    store.save(sample_extraction())
    eid = _event_id(store, "Jisr al-Shughur")
    before = store.event_record(eid)
    assert before.version == 1
    after = store.edit_event(eid, EventEdit(place=HOMS), editor="test:ana", version=1)
    row = after.event
    assert (row["place_name"], row["place_id"], row["country"], row["admin1"]) == (
        "Homs", "gn:169577", "SY", "Homs"
    )  # fmt: skip
    assert (row["lon"], row["lat"], row["precision"], row["uncertainty_km"]) == (
        36.7137, 34.7324, "town", 4.0
    )  # fmt: skip
    assert row["location_reason"] == "set by editor test:ana"
    assert row["confidence"] == 1.0 and row["version"] == 2
    # Everything else is as it was.
    assert {k: v for k, v in row.items() if k not in _PLACE_COLUMNS | {"version"}} == {
        k: v for k, v in before.event.items() if k not in _PLACE_COLUMNS | {"version"}
    }
    # The bounding-box filter (PostGIS: the generated point) follows the new place.
    from strikemap.filters import EventFilter

    assert store.count_events(EventFilter(bbox=(36.6, 34.6, 36.8, 34.8))) == 1


_PLACE_COLUMNS = {
    "place_name", "place_id", "country", "admin1", "lon", "lat", "precision",
    "uncertainty_km", "confidence", "location_reason", "anchor_name", "bearing", "distance_km",
}  # fmt: skip


def test_place_fix_from_a_gazetteer_place() -> None:
    area = Place("gn:1", "Idlib", "admin1", "SY", 35.8, 36.6, admin1=None, uncertainty_km=60.0)
    fix = PlaceFix.from_place(area)
    assert (fix.precision, fix.uncertainty_km, fix.admin1, fix.place_id) == (
        "admin1", 60.0, "Idlib", "gn:1"
    )  # fmt: skip


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"lon": 200.0}, "longitude"),
        ({"lat": float("nan")}, "latitude"),
        ({"uncertainty_km": -1.0}, "not a distance"),
        ({"precision": "street"}, "unknown precision"),
        ({"name": "  "}, "needs a name"),
    ],
)
def test_a_bad_place_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(HOMS, **kwargs)  # type: ignore[arg-type]


def test_date_edits_keep_date_and_precision_consistent(store: Store) -> None:
    store.save(sample_extraction())
    aleppo = _event_id(store, "Aleppo")  # date unknown
    rec = store.edit_event(aleppo, EventEdit(date=dt.date(2015, 9, 29)), editor="t", version=1)
    assert (rec.event["date"], rec.event["date_precision"], rec.event["date_source"]) == (
        "2015-09-29", "day", "user"
    )  # fmt: skip
    rec = store.edit_event(aleppo, EventEdit(date_precision="week"), editor="t", version=2)
    assert (rec.event["date"], rec.event["date_precision"]) == ("2015-09-29", "week")
    rec = store.edit_event(aleppo, EventEdit(date=None), editor="t", version=3)
    assert (rec.event["date"], rec.event["date_precision"]) == (None, "unknown")
    with pytest.raises(ValueError, match="cannot have the precision 'unknown'"):
        store.edit_event(
            aleppo, EventEdit(date=dt.date(2015, 1, 1), date_precision="unknown"),
            editor="t", version=4,
        )  # fmt: skip
    with pytest.raises(ValueError, match="unknown date needs"):
        store.edit_event(aleppo, EventEdit(date_precision="day"), editor="t", version=4)
    with pytest.raises(ValueError, match="unknown date precision"):
        store.edit_event(aleppo, EventEdit(date_precision="decade"), editor="t", version=4)  # type: ignore[arg-type]
    assert store.event_record(aleppo).version == 4


def test_actor_and_claim_edits(store: Store) -> None:
    store.save(sample_extraction())
    eid = _event_id(store, "Damascus")
    store.edit_event(eid, EventEdit(actor="  Syrian  government "), editor="t", version=1)
    assert store.event_record(eid).event["actor"] == "Syrian government"
    store.edit_event(eid, EventEdit(actor=None), editor="t", version=2)
    assert store.event_record(eid).event["actor"] is None
    (claim,) = store.event_record(eid).claims
    edit = ClaimEdit(claimant="SOHR", claimed_target=None, killed=5, children_killed=2)
    new = store.edit_claim(claim["id"], edit, editor="t", version=claim["version"])
    assert (new["claimant"], new["claimed_target"], new["killed"], new["children_killed"]) == (
        "SOHR", None, 5, 2
    )  # fmt: skip
    assert new["wounded"] is None and new["version"] == 2
    assert new["quote"] == claim["quote"]  # the evidence is never edited
    with pytest.raises(ValueError, match="whole number"):
        store.edit_claim(claim["id"], ClaimEdit(killed=-1), editor="t", version=2)


def test_contested_follows_edited_figures(store: Store) -> None:
    report = make_report("Jets struck Homs. Monitors said 4 died. Officials said 9 died.", "c")
    event = make_event(report, "Jets struck Homs.", place="Homs", casualties=Casualties(killed=4))
    second = dataclasses.replace(
        event.claims[0], claimant="officials", casualties=Casualties(killed=9)
    )
    event.claims.append(second)
    store.save(Extraction(report=report, events=[event]))
    (eid,) = store.events_frame()["id"]
    assert store.events_frame()["contested"].tolist() == [1]
    _, c2 = store.event_record(int(eid)).claims
    store.edit_claim(c2["id"], ClaimEdit(killed=4), editor="t", version=1)
    assert store.events_frame()["contested"].tolist() == [0]


def test_an_edit_based_on_an_old_version_is_refused_and_loses_nothing(store: Store) -> None:
    store.save(sample_extraction())
    eid = _event_id(store, "Damascus")
    seen_by_ana = store.event_record(eid)
    seen_by_bo = store.event_record(eid)
    store.edit_event(eid, EventEdit(actor="Syria"), editor="ana", version=seen_by_ana.version)
    with pytest.raises(EditConflict, match=rf"event {eid} was changed by ana") as info:
        store.edit_event(eid, EventEdit(place=HOMS), editor="bo", version=seen_by_bo.version)
    assert (info.value.expected, info.value.actual, info.value.target_id) == (1, 2, eid)
    assert isinstance(info.value, StoreError) and "\n" not in str(info.value)
    now = store.event_record(eid).event
    assert now["actor"] == "Syria" and now["place_name"] == "Damascus"  # ana's edit stands
    # Bo reloads and applies his edit on the current version: both survive.
    store.edit_event(eid, EventEdit(place=HOMS), editor="bo", version=now["version"])
    assert store.event_record(eid).event["actor"] == "Syria"
    (claim,) = seen_by_bo.claims
    store.edit_claim(claim["id"], ClaimEdit(killed=1), editor="ana", version=1)
    with pytest.raises(EditConflict, match=rf"claim {claim['id']} was changed"):
        store.edit_claim(claim["id"], ClaimEdit(killed=2), editor="bo", version=1)
    with pytest.raises(EditConflict):
        store.delete_event(eid, editor="bo", version=1)
    assert store.count_events() == 3


def test_an_edit_that_changes_nothing_keeps_the_version(store: Store) -> None:
    store.save(sample_extraction())
    eid = _event_id(store, "Damascus")
    rec = store.edit_event(eid, EventEdit(actor="Israel"), editor="t", version=1)
    assert rec.version == 1 and store.audit_rows() == []


def test_unknown_ids_are_named(store: Store) -> None:
    store.save(sample_extraction())
    with pytest.raises(RecordNotFoundError, match=r"^no event 999$"):
        store.edit_event(999, EventEdit(actor="x"), editor="t", version=1)
    with pytest.raises(RecordNotFoundError, match=r"^no claim 999$"):
        store.edit_claim(999, ClaimEdit(killed=1), editor="t", version=1)
    with pytest.raises(RecordNotFoundError, match=r"^no event 999$"):
        store.delete_event(999, editor="t")
    with pytest.raises(RecordNotFoundError, match=r"^no report abc$"):
        store.delete_report("abc", editor="t")
    with pytest.raises(RecordNotFoundError, match=r"^no incident 7$"):
        store.merge_incidents(7, 8, editor="t")
    with pytest.raises(KeyError):  # also a KeyError, as split_event always raised
        store.split_event(999, editor="t")
    with pytest.raises(ValueError, match="editor's name"):
        store.edit_event(_event_id(store, "Aleppo"), EventEdit(actor="x"), editor=" ", version=1)
    assert store.audit_rows() == [] and store.count_events() == 3


def _linked_pair(store: Store) -> tuple[int, int]:
    a = _one_event_report("Russian jets struck Jisr al-Shughur.", "a.txt")
    b = _one_event_report("Russian jets bombed Jisr ash-Shughur.", "b.txt", lat=35.80, lon=36.32)
    store.save_many([a, b])
    frame = store.events_frame().set_index("source_id")
    assert frame.loc["a.txt", "incident_id"] == frame.loc["b.txt", "incident_id"]
    return int(frame.loc["a.txt", "id"]), int(frame.loc["b.txt", "id"])


def test_deleting_an_event_deletes_its_claims_and_dissolves_a_pair(store: Store) -> None:
    a, b = _linked_pair(store)
    store.delete_event(b, editor="t", version=1)
    assert store.events_frame()["id"].tolist() == [a]
    assert store.claims_frame([b]).empty
    rest = store.event_record(a).event
    assert rest["incident_id"] is None and rest["link_reason"] is None
    assert len(store.claims_frame([a])) == 1


def test_deleting_a_report_removes_everything_and_leaves_a_tombstone(store: Store) -> None:
    from strikemap.model import UnresolvedPlace

    x = sample_extraction()
    x.unresolved = [UnresolvedPlace("Kafr Nowhere", 0, 7, "Russian")]
    other = _one_event_report("Jets struck Idlib.", "o.txt", place="Idlib")
    store.save_many([x, other])
    done = store.delete_report(x.report.id, editor="t")
    assert (done.n_events, done.n_claims, done.n_unresolved) == (3, 3, 1)
    assert store.reports_frame()["source_id"].tolist() == ["o.txt"]
    assert store.count_events() == 1 and len(store.claims_frame()) == 1
    assert store.unresolved_frame().empty
    assert store.is_report_deleted(x.report.id) and not store.is_report_deleted("o" * 64)
    assert store.deleted_reports_frame()["deleted_by"].tolist() == ["t"]
    # The ingest path skips it, alone or in a batch...
    assert store.save(x).deleted
    (skipped, again) = store.save_many([x, _one_event_report("Jets hit Hama.", "h.txt")])
    assert skipped.deleted and not skipped.added and again.added
    assert store.count_events() == 2
    # ... unless forced; the tombstone is then gone.
    assert store.save(x, force=True).added
    assert not store.is_report_deleted(x.report.id) and store.count_events() == 5


def test_forced_batch_brings_a_deleted_report_back(store: Store) -> None:
    x = sample_extraction()
    store.save(x)
    store.delete_report(x.report.id, editor="t")
    (result,) = store.save_many([x], force=True)
    assert result.added and not result.deleted and store.count_events() == 3


def test_ingest_skips_a_deleted_report_unless_forced(store: Store, monkeypatch) -> None:
    import strikemap.gazetteer
    from extract_fakes import FakeGazetteer
    from strikemap.pipeline import ingest_batch

    fake = FakeGazetteer()
    monkeypatch.setattr(strikemap.gazetteer, "shared_gazetteer", lambda: fake)
    monkeypatch.setattr(strikemap.gazetteer, "load_gazetteer", lambda: fake)
    report = make_report("Russian warplanes struck Jisr al-Shughur on Thursday.", "a.txt",
                         dt.date(2015, 10, 1))  # fmt: skip
    (first,) = ingest_batch([report], store)
    assert first.added and first.n_events == 1
    store.delete_report(report.id, editor="t")
    (skipped,) = ingest_batch([report], store)
    assert skipped.deleted and not skipped.added
    assert skipped.summary() == "a.txt: deleted by an editor, skipped (--force stores it again)"
    (forced,) = ingest_batch([report], store, force=True)
    assert forced.added and store.count_events() == 1


def test_merge_moves_events_for_good(store: Store) -> None:
    a = _one_event_report("Russian jets struck Jisr al-Shughur.", "a.txt")
    b = _one_event_report("Russian jets bombed Jisr ash-Shughur.", "b.txt", lat=35.80, lon=36.32)
    c = _one_event_report("Russian jets struck Idlib city.", "c.txt", place="Idlib",
                          lat=35.93, lon=36.63)  # fmt: skip
    d = _one_event_report("Russian planes hit Idlib city.", "d.txt", place="Idlib",
                          lat=35.93, lon=36.64)  # fmt: skip
    store.save_many([a, b, c, d])
    frame = store.events_frame().set_index("source_id")
    first, second = int(frame.loc["a.txt", "incident_id"]), int(frame.loc["c.txt", "incident_id"])
    assert first != second
    moved = store.merge_incidents(first, second, editor="t")
    frame = store.events_frame().set_index("source_id")
    assert sorted(moved) == sorted(int(frame.loc[s, "id"]) for s in ("c.txt", "d.txt"))
    assert set(frame["incident_id"]) == {first}
    assert frame.loc["c.txt", "link_reason"] == f"merged from incident {second} by editor t"
    # Another report of the Idlib strike does not pull the merged events away.
    store.save(_one_event_report("Jets hit Idlib city again.", "e.txt", place="Idlib",
                                 lat=35.93, lon=36.635))  # fmt: skip
    frame = store.events_frame().set_index("source_id")
    assert frame.loc[["c.txt", "d.txt"], "incident_id"].tolist() == [first, first]
    with pytest.raises(ValueError, match="with itself"):
        store.merge_incidents(first, first, editor="t")
    with pytest.raises(RecordNotFoundError, match=f"no incident {second}"):
        store.merge_incidents(first, second, editor="t")


def test_exports_show_edits_and_deletes(store: Store) -> None:
    x = sample_extraction()
    store.save(x)
    eid = _event_id(store, "Jisr al-Shughur")
    store.edit_event(eid, EventEdit(place=HOMS, actor="Syria"), editor="t", version=1)
    (claim,) = store.event_record(eid).claims
    store.edit_claim(claim["id"], ClaimEdit(killed=7), editor="t", version=1)
    store.delete_event(_event_id(store, "Aleppo"), editor="t")
    features = export_geojson(store)["features"]
    assert sorted(f["properties"]["place"] for f in features) == ["Damascus", "Homs"]
    (homs,) = [f for f in features if f["properties"]["place"] == "Homs"]
    assert homs["geometry"]["coordinates"] == [36.7137, 34.7324]  # lon, lat
    props = homs["properties"]
    assert (props["actor"], props["location_reason"]) == ("Syria", "set by editor t")
    assert props["claims"][0]["casualties"]["killed"] == 7
    rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    assert sorted(r["place"] for r in rows) == ["Damascus", "Homs"]
    (row,) = [r for r in rows if r["place"] == "Homs"]
    assert (row["actor"], row["longitude"], row["killed"]) == ("Syria", "36.7137", "7")


def test_an_event_and_its_claims_are_edited_together_or_not_at_all(store: Store) -> None:
    store.save(sample_extraction())
    eid, other = _event_id(store, "Damascus"), _event_id(store, "Aleppo")
    (claim,) = store.event_record(eid).claims
    (foreign,) = store.event_record(other).claims
    stale = {claim["id"]: (claim["version"] + 1, ClaimEdit(killed=9))}
    with pytest.raises(EditConflict, match=f"claim {claim['id']}"):
        store.edit_event(eid, EventEdit(actor="Iran"), editor="t", version=1, claims=stale)
    wrong = {foreign["id"]: (1, ClaimEdit(killed=9))}
    with pytest.raises(ValueError, match=f"claim {foreign['id']} is not a claim of event {eid}"):
        store.edit_event(eid, EventEdit(actor="Iran"), editor="t", version=1, claims=wrong)
    assert store.event_record(eid).event["actor"] == "Israel" and store.audit_rows() == []
    both = {claim["id"]: (1, ClaimEdit(killed=9))}
    rec = store.edit_event(eid, EventEdit(actor="Iran"), editor="t", version=1, claims=both)
    assert rec.event["actor"] == "Iran" and rec.claims[0]["killed"] == 9
    assert [r.action for r in store.audit_rows()] == ["edit_claim", "edit_event"]
