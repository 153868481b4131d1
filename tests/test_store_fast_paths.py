"""The fast insert and export paths give exactly what the plain rules give.

Incident linking is checked against a straightforward reference: every stored event
compared with every new one in plain Python, in the documented order.
"""

import dataclasses
import datetime as dt
import json
import math
import random

import pytest
from sqlalchemy import inspect, text

from factories import make_event, make_report
from strikemap.export import dumps_geojson, events_to_geojson, export_geojson
from strikemap.model import Event, Extraction
from strikemap.store import EVENT_COLUMNS, open_store
from strikemap.store.columns import CASUALTY_RANGE_COLUMNS
from strikemap.store.incidents import DATE_WINDOW_DAYS, MAX_LINK_RADIUS_KM, haversine_km

# A few places, some a few km apart (so radii decide), one far away.
PLACES = [
    ("Idlib", 35.9306, 36.6339),
    ("Saraqib", 35.8624, 36.8043),
    ("Saraqib east", 35.8624, 36.8543),
    ("Jisr al-Shughur", 35.8126, 36.3177),
    ("Jisr south", 35.7926, 36.3177),
    ("Aleppo", 36.2021, 37.1343),
]
PRECISIONS = ["day", "day", "overnight", "week", "month", "unknown"]


@pytest.fixture()
def store(db_url: str):
    s = open_store(db_url)
    yield s
    s.dispose()


def _random_extractions(rng: random.Random, n_reports: int, tag: str) -> list[Extraction]:
    out = []
    for r in range(n_reports):
        quotes = [f"Strike {i} of report {tag}-{r}" for i in range(rng.randint(1, 4))]
        report = make_report(". ".join(quotes) + ".", f"{tag}-{r}.txt")
        events = []
        for quote in quotes:
            name, lat, lon = rng.choice(PLACES)
            precision = rng.choice(PRECISIONS)
            date = (
                None
                if precision == "unknown"
                else dt.date(2024, 5, 1) + dt.timedelta(days=rng.randint(0, 40))
            )
            ev = make_event(
                report,
                quote,
                place=name,
                lat=lat,
                lon=lon,
                date=date,
                actor=rng.choice(["Russia", "Russia", "Syria", None]),
            )
            ev.date_precision = precision  # type: ignore[assignment]
            radius = rng.choice([1.0, 5.0, 5.0, 25.0, 200.0])
            ev.location = dataclasses.replace(ev.location, uncertainty_km=radius)
            events.append(ev)
        out.append(Extraction(report=report, events=events))
    return out


class _Reference:
    """Incident linking by the documented rules, one pair at a time."""

    def __init__(self) -> None:
        self.events: list[dict] = []
        self.next_incident = 1

    def add_batch(self, batch: list[Extraction]) -> None:
        new = []
        for x in batch:
            for ev in x.events:
                row = {
                    "id": len(self.events) + 1,
                    "report": x.report.id,
                    "actor": ev.actor,
                    "date": ev.date,
                    "precision": ev.date_precision,
                    "lat": ev.location.lat,
                    "lon": ev.location.lon,
                    "radius": ev.location.uncertainty_km,
                    "place": ev.location.name,
                    "incident": None,
                    "reason": None,
                    "locked": False,
                }
                self.events.append(row)
                new.append(row)
        # Linking order: groups of (actor, quarter, 5-degree cell) in order of first
        # appearance, events in order within a group.
        groups: dict[tuple, list[dict]] = {}
        for e in new:
            if self._linkable(e):
                quarter = (e["date"].year, (e["date"].month - 1) // 3)
                cell = (math.floor(e["lat"] / 5), math.floor(e["lon"] / 5))
                groups.setdefault((e["actor"], quarter, cell), []).append(e)
        for items in groups.values():
            for e in items:
                self._link(e)

    @staticmethod
    def _linkable(e: dict) -> bool:
        return (
            e["actor"] is not None
            and e["date"] is not None
            and e["precision"] in DATE_WINDOW_DAYS
            and e["radius"] <= MAX_LINK_RADIUS_KM
        )

    def _link(self, e: dict) -> None:
        best = None
        for c in self.events:
            if c is e or c["report"] == e["report"] or c["locked"] or not self._linkable(c):
                continue
            if c["actor"] != e["actor"]:
                continue
            window = max(DATE_WINDOW_DAYS[e["precision"]], DATE_WINDOW_DAYS[c["precision"]])
            gap = abs((c["date"] - e["date"]).days)
            km = haversine_km(e["lat"], e["lon"], c["lat"], c["lon"])
            radius = max(e["radius"], c["radius"])
            if gap > window or km > radius:
                continue
            # Lowest score wins; on a tie, the first in (date, lon, lat, id) order.
            key = (km / max(radius, 0.1) + gap, c["date"], c["lon"], c["lat"], c["id"])
            if best is None or key < best[0]:
                best = (key, c, window, km, radius)
        if best is None:
            return
        _, c, window, km, radius = best
        if c["incident"] is None:
            c["incident"] = self.next_incident
            c["reason"] = "first report of this incident"
            self.next_incident += 1
        e["incident"] = c["incident"]
        e["reason"] = (
            f"same actor ({e['actor']}); dates {e['date'].isoformat()} and "
            f"{c['date'].isoformat()} within ±{window} d; places {e['place']!r} and "
            f"{c['place']!r} {km:.1f} km apart, within {radius:.0f} km"
        )

    def split(self, event_id: int) -> None:
        e = self.events[event_id - 1]
        incident = e["incident"]
        e["incident"], e["reason"], e["locked"] = None, "split by a user", True
        left = [c for c in self.events if incident is not None and c["incident"] == incident]
        if len(left) == 1:
            left[0]["incident"], left[0]["reason"] = None, None


def _partition(pairs: list[tuple[int, int | None, str | None]]) -> dict:
    """Return {event id: (ids of its incident's events, link reason)}: ids-independent."""
    members: dict[int, set[int]] = {}
    for event_id, incident, _ in pairs:
        if incident is not None:
            members.setdefault(incident, set()).add(event_id)
    return {
        event_id: (frozenset(members[incident]) if incident is not None else None, reason)
        for event_id, incident, reason in pairs
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_linking_matches_the_plain_reference(store, seed: int) -> None:
    rng = random.Random(seed)
    reference = _Reference()
    batches = [_random_extractions(rng, rng.randint(1, 12), f"{seed}-{b}") for b in range(6)]
    for b, batch in enumerate(batches):
        if b % 3 == 2:
            for x in batch:  # one report per transaction, as `Store.save`
                store.save(x)
                reference.add_batch([x])
        else:
            store.save_many(batch)
            reference.add_batch(batch)
        if b == 2:
            linked = [e for e in reference.events if e["incident"] is not None]
            if linked:
                store.split_event(linked[0]["id"])
                reference.split(linked[0]["id"])
    at = [EVENT_COLUMNS.index(name) for name in ("id", "incident_id", "link_reason")]
    got = sorted(tuple(row[i] for i in at) for row in store.event_rows())
    want = [(e["id"], e["incident"], e["reason"]) for e in reference.events]
    assert sum(1 for e in reference.events if e["incident"] is not None) >= 2  # links happened
    assert _partition(got) == _partition(want)


def test_week_and_month_events_link_within_their_wider_window(store) -> None:
    # The new event is dated by the day; the stored one by the month, 20 days away: only
    # the month's window (read through the partial index) can link them.
    a_report = make_report("Jets struck Idlib this month.", "month.txt")
    month = make_event(a_report, "Jets struck Idlib this month", date=dt.date(2024, 5, 1))
    month.date_precision = "month"
    store.save(Extraction(report=a_report, events=[month]))
    b_report = make_report("Jets struck Idlib on the 21st.", "day.txt")
    day = make_event(b_report, "Jets struck Idlib on the 21st", date=dt.date(2024, 5, 21))
    far_report = make_report("Jets struck Idlib much later.", "late.txt")
    late = make_event(far_report, "Jets struck Idlib much later", date=dt.date(2024, 7, 1))
    store.save_many(
        [Extraction(report=b_report, events=[day]), Extraction(report=far_report, events=[late])]
    )
    frame = store.events_frame().set_index("source_id")
    assert frame.loc["day.txt", "incident_id"] == frame.loc["month.txt", "incident_id"]
    assert "within ±31 d" in frame.loc["day.txt", "link_reason"]
    assert frame.loc["month.txt", "link_reason"] == "first report of this incident"
    assert frame.loc[["late.txt"], "incident_id"].isna().all()


def test_coarse_link_index_exists(store) -> None:
    with store.engine.connect() as conn:
        names = {ix["name"] for ix in inspect(conn).get_indexes("events")}
    assert "ix_events_coarse_link" in names


def test_read_only_store_still_refuses_a_batch_cleanly(tmp_path) -> None:
    # The fast paths talk to the driver directly; its errors must still reach the
    # caller as one line per report, never as a crash of the batch.
    path = tmp_path / "ro.db"
    open_store(f"sqlite:///{path}").dispose()
    store = open_store(f"sqlite:///file:{path}?mode=ro&uri=true")
    report = make_report("Jets struck Idlib today.", "ro.txt")
    results = store.save_many(
        [Extraction(report=report, events=[make_event(report, "Jets struck Idlib")])]
    )
    assert results[0].error is not None and "readonly" in results[0].error
    assert not results[0].added


def test_event_rows_order_and_report_columns(store) -> None:
    report = make_report("One. Two. Three. Four.", "order.txt")
    evs = [
        make_event(report, "Two", date=dt.date(2024, 5, 2)),
        make_event(report, "One", date=None),
        make_event(report, "Three", date=dt.date(2024, 5, 1)),
        make_event(report, "Four", date=dt.date(2024, 5, 2)),
    ]
    store.save(Extraction(report=report, events=evs))
    rows = store.event_rows()
    assert [r[4] for r in rows] == ["2024-05-01", "2024-05-02", "2024-05-02", None]
    ids = [r[0] for r in rows]
    assert ids[1] < ids[2]  # same date: by id
    # The report's columns end each row: source, title, URL and language.
    assert {r[-4:-1] for r in rows} == {("order.txt", "Title of order.txt", report.url)}
    assert {r[-1] for r in rows} == {store.report(report.id).language}


def test_geojson_from_store_and_from_frames_agree_and_drop_bad_links(store) -> None:
    good = dataclasses.replace(
        make_report("Jets struck Idlib at dawn.", "good.txt"), url="https://example.org/a"
    )
    bad = dataclasses.replace(
        make_report("Jets struck Saraqib at noon.", "bad.txt"), url="javascript:alert(1)"
    )
    store.save_many(
        [
            Extraction(report=good, events=[make_event(good, "Jets struck Idlib at dawn")]),
            Extraction(
                report=bad,
                events=[
                    make_event(bad, "Jets struck Saraqib", place="Saraqib", lat=35.86),
                    make_event(bad, "at noon", place="Idlib", lat=35.93, date=None),
                ],
            ),
        ]
    )
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    from_store = export_geojson(store)
    from_store["strikemap"]["generated_at"] = when.isoformat(timespec="seconds")
    from_frames = events_to_geojson(
        store.events_frame(), store.claims_frame(flt=None), generated_at=when
    )
    assert dumps_geojson(from_store) == dumps_geojson(from_frames)
    urls = {
        f["properties"]["report_id"]: f["properties"]["report_url"] for f in from_frames["features"]
    }
    assert urls == {"good.txt": "https://example.org/a", "bad.txt": None}
    assert json.loads(dumps_geojson(from_store)) == from_store
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar_one() == 3


def test_linking_matches_the_reference_when_details_come_in_small_chunks(
    store, monkeypatch
) -> None:
    # The report, incident and place of a candidate are read by id in chunks; two ids
    # per query exercise the chunking on the same reference as above.
    from strikemap.store import incidents

    monkeypatch.setattr(incidents, "_DETAILS_CHUNK", 2)
    rng = random.Random(4)
    reference = _Reference()
    for b in range(4):
        batch = _random_extractions(rng, rng.randint(4, 12), f"chunk-{b}")
        store.save_many(batch)
        reference.add_batch(batch)
    at = [EVENT_COLUMNS.index(name) for name in ("id", "incident_id", "link_reason")]
    got = sorted(tuple(row[i] for i in at) for row in store.event_rows())
    want = [(e["id"], e["incident"], e["reason"]) for e in reference.events]
    assert sum(1 for e in reference.events if e["incident"] is not None) >= 4
    assert _partition(got) == _partition(want)


def test_candidate_queries_read_only_the_index(tmp_path) -> None:
    # Into a large store, reading a table row per candidate was most of the query time:
    # the candidate queries must be answered from their index alone, in index order (an
    # interval's, few rows by their last day, is sorted).
    from strikemap.store.incidents import _candidate_params, _candidates_sql

    store = open_store(f"sqlite:///{tmp_path / 'plan.db'}")
    row = {"date_precision": "day", "lat": 35.9, "lon": 36.6, "uncertainty_km": 5.0}
    day = dt.date(2024, 1, 5).toordinal()
    params, _ = _candidate_params("Russia", [row], [day], [day])
    try:
        with store.engine.connect() as conn:
            for kind in ("near", "coarse", "interval"):
                sql = str(_candidates_sql("sqlite", kind))
                plan = " ".join(
                    str(row[-1])
                    for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)
                )
                assert "COVERING INDEX" in plan, (kind, plan)
                assert kind == "interval" or "TEMP B-TREE" not in plan, (kind, plan)
    finally:
        store.dispose()


def test_a_store_from_before_the_covering_indexes_is_upgraded(tmp_path, monkeypatch) -> None:
    # A store written before migration 0007 gets the wider linking indexes on open, and
    # its events still link with new ones.
    from strikemap.store import edits as store_edits
    from strikemap.store import migrations

    url = f"sqlite:///{tmp_path / 'old.db'}"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:6])
    # The strikemap of that time wrote no tombstones of deleted reports (migration 0008)
    # and no last day of date intervals (migration 0009).
    monkeypatch.setattr(store_edits, "deleted_ids", lambda _conn, _ids: set())
    from strikemap.store import rows as store_module

    fields = store_module._EVENT_FIELDS
    at = fields.index("date_end")
    event_values = store_module._event_values
    monkeypatch.setattr(store_module, "_EVENT_FIELDS", fields[:at] + fields[at + 1 :])

    def values_then(report_id: str, ev: Event) -> tuple[object, ...]:
        values = event_values(report_id, ev)
        return values[:at] + values[at + 1 :]

    monkeypatch.setattr(store_module, "_event_values", values_then)
    # Nor casualty ranges on claims (migration 0010).
    claim_fields = store_module._CLAIM_FIELDS
    kept = [i for i, f in enumerate(claim_fields) if f not in CASUALTY_RANGE_COLUMNS]
    claim_values = store_module._claim_values
    monkeypatch.setattr(store_module, "_CLAIM_FIELDS", tuple(claim_fields[i] for i in kept))
    monkeypatch.setattr(
        store_module,
        "_claim_values",
        lambda *args: tuple(v for i, v in enumerate(claim_values(*args)) if i in kept),
    )
    # Nor report languages (migration 0011), the last two report columns.
    report_fields = store_module._REPORT_FIELDS
    assert report_fields[-2:] == ("language", "language_probability")
    report_values = store_module._report_values
    monkeypatch.setattr(store_module, "_REPORT_FIELDS", report_fields[:-2])
    monkeypatch.setattr(store_module, "_report_values", lambda x: report_values(x)[:-2])
    # Nor linked intervals by their last day (migration 0012): none is ever found.
    from strikemap.store import incidents as store_incidents

    candidates_sql = store_incidents._candidates_sql
    monkeypatch.setattr(
        store_incidents,
        "_candidates_sql",
        lambda dialect, kind: (
            text("SELECT 1 WHERE 0") if kind == "any_interval" else candidates_sql(dialect, kind)
        ),
    )
    old = open_store(url)
    first = make_report("Jets struck Idlib today.", "old.txt")
    old.save(Extraction(report=first, events=[make_event(first, "Jets struck Idlib")]))
    with old.engine.connect() as conn:
        before = {ix["name"]: ix["column_names"] for ix in inspect(conn).get_indexes("events")}
    old.dispose()
    assert "uncertainty_km" not in before["ix_events_actor_date_lon_lat"]
    monkeypatch.undo()
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            after = {ix["name"]: ix["column_names"] for ix in inspect(conn).get_indexes("events")}
        for name in ("ix_events_actor_date_lon_lat", "ix_events_coarse_link"):
            assert after[name][:5] == ["actor", "date", "lon", "lat", "id"]
            assert "uncertainty_km" in after[name]
        assert after["ix_events_interval_link"][:3] == ["actor", "date_end", "date"]
        second = make_report("Jets also struck Idlib today.", "new.txt")
        store.save(Extraction(report=second, events=[make_event(second, "Jets also struck Idlib")]))
        frame = store.events_frame().set_index("source_id")
        assert frame.loc["new.txt", "incident_id"] == frame.loc["old.txt", "incident_id"]
        assert frame.loc["old.txt", "link_reason"] == "first report of this incident"
    finally:
        store.dispose()


def test_a_writer_connection_gets_the_larger_page_cache(tmp_path) -> None:
    from strikemap.store import WRITER_CACHE_KIB

    store = open_store(f"sqlite:///{tmp_path / 'cache.db'}")
    try:
        with store.writer() as conn:
            size = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        assert size == -WRITER_CACHE_KIB
    finally:
        store.dispose()


def test_a_vaguer_stored_event_links_beyond_the_new_events_radius(store) -> None:
    # The candidate query narrows the box to the new events' own radius except for
    # vaguer stored events: one 60 km away with a 100 km radius still links, a precise
    # one 50 km away does not (both outside the new event's 5 km; 110 km apart).
    def saved(name: str, lat: float, radius: float) -> None:
        report = make_report(f"Jets struck {name}.", f"{name}.txt")
        ev = make_event(report, f"Jets struck {name}", place=name, lat=lat, lon=36.3)
        ev.location = dataclasses.replace(ev.location, uncertainty_km=radius)
        store.save(Extraction(report=report, events=[ev]))

    saved("vague", 35.8 + 60 / 111.2, 100.0)
    saved("precise", 35.8 - 50 / 111.2, 5.0)
    saved("new", 35.8, 5.0)
    frame = store.events_frame().set_index("source_id")
    assert frame.loc["new.txt", "incident_id"] == frame.loc["vague.txt", "incident_id"]
    assert "within 100 km" in frame.loc["new.txt", "link_reason"]
    assert frame.loc[["precise.txt"], "incident_id"].isna().all()
