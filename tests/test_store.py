import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import inspect

from factories import make_event, make_report, sample_extraction
from strikemap.filters import EventFilter
from strikemap.model import Extraction, UnresolvedPlace
from strikemap.store import StoreError, open_store
from strikemap.store.migrations import MIGRATIONS, applied_migrations
from strikemap.store.schema import metadata


@pytest.fixture()
def store(db_url: str):
    s = open_store(db_url)
    yield s
    s.dispose()


def test_migrations_create_the_current_schema(store) -> None:
    with store.engine.connect() as conn:
        assert applied_migrations(conn) == [name for name, _ in MIGRATIONS]
        insp = inspect(conn)
        for table in metadata.sorted_tables:
            got = {c["name"] for c in insp.get_columns(table.name)}
            if store.engine.dialect.name == "postgresql" and table.name == "events":
                got.discard("geom")  # the PostGIS point generated from lon/lat
            assert got == set(table.c.keys()), table.name


def test_save_and_query_round_trip(store) -> None:
    result = store.save(sample_extraction())
    assert result.added and result.n_events == 3
    frame = store.events_frame()
    assert list(frame["place_name"]) == [
        "Damascus",
        "Jisr al-Shughur",
        "Aleppo",
    ]  # unknown date last
    assert frame.loc[frame.place_name == "Aleppo", "date"].isna().all()
    claims = store.claims_frame(frame["id"].tolist())
    assert len(claims) == 3
    report = store.report(result.report_id)
    assert report is not None
    for claim in claims.itertuples():
        assert report.text[claim.span_start : claim.span_end] == claim.quote


def test_same_report_twice_adds_nothing(store) -> None:
    store.save(sample_extraction())
    again = store.save(sample_extraction())
    assert not again.added
    assert store.count_events() == 3


def test_filters(store) -> None:
    store.save(sample_extraction())
    assert store.count_events(EventFilter(actors=("Israel",))) == 1
    assert store.count_events(EventFilter(actors=("(unknown)",))) == 1
    assert store.count_events(EventFilter(date_from=dt.date(2015, 10, 1))) == 1
    # An unknown date is in no range.
    assert store.count_events(EventFilter(date_to=dt.date(2020, 1, 1))) == 2
    assert store.count_events(EventFilter(target_text="DEPOT")) == 1
    assert store.count_events(EventFilter(claimants=("the army",))) == 1
    assert store.count_events(EventFilter(contested_only=True)) == 1
    assert store.count_events(EventFilter(bbox=(36.0, 33.0, 36.5, 34.0))) == 1
    assert store.count_events(EventFilter(report_ids=("seedish.txt",))) == 3
    facets = store.facets()
    assert facets.actors == ("Israel", "Russia", "(unknown)")
    assert facets.date_min == dt.date(2015, 9, 30)


def test_failure_mid_report_leaves_nothing(store, monkeypatch) -> None:
    extraction = sample_extraction()
    # A claim whose event id cannot be written: break the claims insert half-way.
    from strikemap.store import rows as store_module

    original = store_module._claim_values

    def broken(report_id, event_id, claim):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_module, "_claim_values", broken)
    with pytest.raises(RuntimeError):
        store.save(extraction)
    monkeypatch.setattr(store_module, "_claim_values", original)
    assert store.count_events() == 0
    assert store.reports_frame().empty
    assert store.save(extraction).added


def test_unlocated_claims_and_unresolved_places_are_kept(store) -> None:
    report = make_report("Jets flew 20 sorties in the mountains near Kafr Foo.", "u.txt")
    ev = make_event(report, "Jets flew 20 sorties in the mountains")
    extraction = Extraction(
        report=report,
        unlocated_claims=ev.claims,
        unresolved=[UnresolvedPlace("Kafr Foo", 44, 52, "near Kafr Foo", ("Kafr Fou",))],
    )
    result = store.save(extraction)
    assert result.added and result.n_events == 0 and result.n_unresolved == 1
    unresolved = store.unresolved_frame()
    assert list(unresolved["name"]) == ["Kafr Foo"]
    assert store.claims_frame(None).empty  # located claims only
    assert store.reports_frame()["n_events"].tolist() == [0]


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot use"):
        open_store(f"sqlite:///{bad}")


def test_newer_database_is_refused(store, tmp_path: Path) -> None:
    from strikemap.store.schema import migrations_table

    with store.engine.begin() as conn:
        conn.execute(migrations_table.insert().values(name="9999_future", applied_at="x"))
    with pytest.raises(StoreError, match="newer strikemap"):
        open_store(str(store.engine.url))


def test_event_with_many_claims(store) -> None:
    report = make_report("A said X was hit. B said X was not hit at all.", "m.txt")
    ev = make_event(report, "A said X was hit")
    ev.claims.append(make_event(report, "B said X was not hit at all", denial="not hit").claims[0])
    store.save(Extraction(report=report, events=[ev]))
    frame = store.events_frame()
    assert frame["contested"].tolist() == [1]
    assert len(store.claims_frame(frame["id"].tolist())) == 2


def test_save_many_matches_save_and_skips_duplicates(store) -> None:
    first = sample_extraction()
    report = make_report("Jets struck Kafr Foo today.", "k.txt")
    second = Extraction(report=report, events=[make_event(report, "Jets struck Kafr Foo")])
    results = store.save_many([first, second, first])
    assert [r.added for r in results] == [True, True, False]
    assert [r.n_events for r in results] == [3, 1, 0]
    assert store.count_events() == 4
    assert len(store.claims_frame(flt=EventFilter())) == 4
    assert [r.added for r in store.save_many([first, second])] == [False, False]


def test_save_many_isolates_a_bad_report(store) -> None:
    good = sample_extraction()
    report = make_report("Jets struck Nowhere.", "bad.txt")
    bad = Extraction(report=report, events=[make_event(report, "Jets struck Nowhere")])
    bad.events[0].claims[0] = None  # type: ignore[call-overload]  # breaks the insert
    with pytest.raises(AttributeError):
        store.save_many([good, bad])
    # The good report went in on its own; the bad one left nothing behind.
    assert store.has_report(good.report.id) and not store.has_report(report.id)
    assert store.count_events() == 3


def test_claims_frame_by_filter(store) -> None:
    store.save(sample_extraction())
    claims = store.claims_frame(flt=EventFilter(actors=("Israel",)))
    assert claims["claimant"].tolist() == ["the army"]


def _single_event_report(text: str, source: str, **kwargs):
    report = make_report(text, source)
    return Extraction(report=report, events=[make_event(report, text.rstrip("."), **kwargs)])


def test_reports_of_the_same_strike_become_one_incident(store) -> None:
    a = _single_event_report("Jets hit Jisr al-Shughur.", "a.txt")
    b = _single_event_report(
        "Russian jets bombed Jisr ash-Shughur.",
        "b.txt",
        lat=35.80,
        lon=36.32,
        date=dt.date(2015, 10, 2),
    )
    far = _single_event_report("Jets hit Aleppo.", "far.txt", lat=36.2, lon=37.13)
    other_actor = _single_event_report("Israeli jets hit Jisr.", "c.txt", actor="Israel")
    store.save(a)
    store.save_many([b, far, other_actor])
    frame = store.events_frame().set_index("source_id")
    assert frame.loc["a.txt", "incident_id"] == frame.loc["b.txt", "incident_id"]
    assert frame.loc["b.txt", "incident_id"] is not None
    assert "same actor (Russia)" in frame.loc["b.txt", "link_reason"]
    assert frame[["incident_id"]].loc[["far.txt", "c.txt"]].isna().all().all()
    # A user splits the wrong link: both leave the incident and b stays unlinked.
    store.split_event(int(frame.loc["b.txt", "id"]))
    frame = store.events_frame().set_index("source_id")
    assert frame["incident_id"].isna().all()
    assert frame.loc["b.txt", "link_reason"] == "split by a user"
    d = _single_event_report("Jets struck Jisr al-Shughur again.", "d.txt")
    store.save(d)
    frame = store.events_frame().set_index("source_id")
    assert frame.loc["d.txt", "incident_id"] == frame.loc["a.txt", "incident_id"]
    assert pd.isna(frame.loc["b.txt", "incident_id"])


def test_unknown_date_or_actor_never_links(store) -> None:
    store.save(_single_event_report("Jets hit Idlib.", "x.txt", actor=None))
    store.save(_single_event_report("Jets hit Idlib too.", "y.txt", actor=None))
    store.save(_single_event_report("Jets hit Idlib, date unknown.", "z.txt", date=None))
    store.save(_single_event_report("Jets hit Idlib again, date unknown.", "w.txt", date=None))
    assert store.events_frame()["incident_id"].isna().all()


def _interval_report(text: str, source: str, first: dt.date, last: dt.date):
    extraction = _single_event_report(text, source, date=first)
    extraction.events[0] = dataclasses.replace(extraction.events[0], date_end=last)
    return extraction


def test_an_interval_links_with_a_strike_on_any_of_its_days(store) -> None:
    campaign = _interval_report(
        "Jets hit Jisr al-Shughur from 10 to 14 October.",
        "campaign.txt",
        dt.date(2015, 10, 10),
        dt.date(2015, 10, 14),
    )
    inside = _single_event_report(
        "Jets hit Jisr al-Shughur.", "inside.txt", date=dt.date(2015, 10, 13)
    )
    after = _single_event_report(
        "Jets struck Jisr al-Shughur later.", "after.txt", date=dt.date(2015, 10, 17)
    )
    store.save(campaign)
    # The day inside is found by the interval's last day, its first is 3 days before.
    store.save_many([inside, after])
    frame = store.events_frame().set_index("source_id")
    assert frame.loc["inside.txt", "incident_id"] == frame.loc["campaign.txt", "incident_id"]
    assert "2015-10-10 to 2015-10-14 within ±1 d" in frame.loc["inside.txt", "link_reason"]
    assert pd.isna(frame.loc["after.txt", "incident_id"])


def test_a_new_interval_links_with_a_stored_strike_on_one_of_its_days(store) -> None:
    store.save(
        _single_event_report("Jets hit Jisr al-Shughur.", "day.txt", date=dt.date(2015, 10, 13))
    )
    store.save(
        _interval_report(
            "Jets hit Jisr al-Shughur between 10 and 14 October.",
            "campaign.txt",
            dt.date(2015, 10, 10),
            dt.date(2015, 10, 14),
        )
    )
    frame = store.events_frame().set_index("source_id")
    assert frame.loc["day.txt", "incident_id"] == frame.loc["campaign.txt", "incident_id"]
    assert not pd.isna(frame.loc["day.txt", "incident_id"])
