"""Store and export figures: inserts/s, date+bbox query over many events, GeoJSON export.

Usage: .venv/bin/python benchmarks/bench_store.py [--events 1000000] [--db URL]
[--parts insert,query,export] [--prefill 200000]
Prints medians (wall clock; CPU time beside, steadier on a shared machine); the baseline
for inserts is one report (5 events) per transaction.
The part ``insert-filled`` (not run by default) times Store.save_many into a store that
already holds ``--prefill`` events, where incident linking has many candidates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from _synthetic import synthetic_extractions

from strikemap.export import dumps_geojson, export_geojson
from strikemap.filters import EventFilter
from strikemap.store import open_store
from strikemap.store.schema import claims, events, reports


def _bulk_fill(store, extractions) -> None:
    """Fill the store fast for the query benchmark (not a measured path, no linking).

    Builds its rows from the model itself, so the same script times older versions of
    the store too (their private row helpers differ).
    """
    with store.writer() as conn:
        conn.execute(
            reports.insert(),
            [
                {
                    "id": x.report.id,
                    "source_id": x.report.source_id,
                    "title": x.report.title,
                    "url": x.report.url,
                    "text": x.report.text,
                    "published": x.report.published.isoformat() if x.report.published else None,
                    "published_basis": x.report.published_basis,
                    "ingested_at": "2026-01-01T00:00:00+00:00",
                    "warnings": None,
                }
                for x in extractions
            ],
        )
        rows = [
            {
                "report_id": x.report.id,
                "date": ev.date.isoformat() if ev.date else None,
                "date_precision": ev.date_precision,
                "date_source": ev.date_source,
                "actor": ev.actor,
                "place_name": ev.location.name,
                "place_id": ev.location.place_id,
                "country": ev.location.country,
                "admin1": ev.location.admin1,
                "lon": ev.location.lon,
                "lat": ev.location.lat,
                "precision": ev.location.precision,
                "uncertainty_km": ev.location.uncertainty_km,
                "confidence": ev.location.confidence,
                "location_reason": ev.location.reason or None,
                "contested": int(ev.contested),
            }
            for x in extractions
            for ev in x.events
        ]
        ids = [
            r[0]
            for r in conn.execute(
                events.insert().returning(events.c.id, sort_by_parameter_order=True), rows
            )
        ]
        claim_rows = []
        it = iter(ids)
        for x in extractions:
            for ev in x.events:
                eid = next(it)
                claim_rows += [
                    {
                        "report_id": x.report.id,
                        "event_id": eid,
                        "claimant": c.claimant,
                        "claimed_target": c.claimed_target,
                        "killed": c.casualties.killed,
                        "wounded": c.casualties.wounded,
                        "civilians_killed": c.casualties.civilians_killed,
                        "children_killed": c.casualties.children_killed,
                        "casualties_text": c.casualties.text,
                        "denial": c.denial,
                        "denied_by": c.denied_by,
                        "quote": c.quote,
                        "span_start": c.span_start,
                        "span_end": c.span_end,
                    }
                    for c in ev.claims
                ]
        conn.execute(claims.insert(), claim_rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", default=None)
    ap.add_argument(
        "--parts",
        default="insert,query,export",
        help="comma-separated parts to run: insert, query, export, insert-filled "
        "(default: insert,query,export)",
    )
    ap.add_argument("--prefill", type=int, default=200_000, help="events for insert-filled")
    args = ap.parse_args()
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    unknown = parts - {"insert", "query", "export", "insert-filled"}
    if unknown:
        ap.error(f"unknown parts: {', '.join(sorted(unknown))}")
    tmp = Path(tempfile.mkdtemp())
    try:
        if "insert-filled" in parts:
            _insert_into_filled(tmp, args.prefill)
        _run(args.db or f"sqlite:///{tmp / 'bench.db'}", args.events, parts)
    finally:
        # The filled store is large (hundreds of MB at 1M events): never leave it behind.
        shutil.rmtree(tmp, ignore_errors=True)


def _insert_into_filled(tmp: Path, n_prefill: int) -> None:
    """Time Store.save_many (200 reports/txn) of 10k events into a filled store.

    The store holds ``n_prefill`` clustered events over the same 1,000 days (filled
    without linking); each of 3 runs starts from a fresh copy of it.
    """
    template = tmp / "filled.db"
    filled = open_store(f"sqlite:///{template}")
    for start in range(0, n_prefill, 100_000):
        count = min(100_000, n_prefill - start)
        _bulk_fill(filled, synthetic_extractions(count, seed=100 + start, clustered=True))
    filled.dispose()
    for clustered in (True, False):
        rates, cpu_rates = [], []
        for run in range(3):
            copy = tmp / "filled-copy.db"
            shutil.copyfile(template, copy)
            insert_store = open_store(f"sqlite:///{copy}")
            batch = synthetic_extractions(10_000, seed=8 + 10 * run, clustered=clustered)
            t0, c0 = time.perf_counter(), time.process_time()
            for i in range(0, len(batch), 200):
                insert_store.save_many(batch[i : i + 200])
            rates.append(10_000 / (time.perf_counter() - t0))
            cpu_rates.append(10_000 / (time.process_time() - c0))
            insert_store.dispose()
            copy.unlink()
        kind = "clustered reports" if clustered else "scattered worst case"
        print(
            f"insert ({kind}) into a store of {n_prefill:,} events, Store.save_many "
            f"(200 reports/txn): {statistics.median(rates):,.0f} events/s "
            f"({statistics.median(cpu_rates):,.0f} per CPU second)"
        )


def _run(url: str, n_events: int, parts: set[str]) -> None:

    # 1. Inserts: Store.save (baseline, one transaction per report) vs Store.save_many
    #    (one transaction per batch of 200 reports), 5 events per report, medians of 3,
    #    each in a fresh store. Incident linking runs inside every write. Two kinds of
    #    data: reports clustered like real ones (one theatre, a few days, date order) and
    #    a worst case for linking (each event in a random theatre and on a random day).
    for clustered in (True, False) if "insert" in parts else ():
        rates: dict[str, list[float]] = {"save": [], "save_many": []}
        cpu_rates: list[float] = []  # save_many per CPU second: steadier on a shared machine
        for run in range(3):
            for name in rates:
                with tempfile.TemporaryDirectory() as insert_tmp:
                    insert_store = open_store(f"sqlite:///{Path(insert_tmp) / 'i.db'}")
                    batch = synthetic_extractions(
                        10_000, seed=7 + 10 * run + (name == "save_many"), clustered=clustered
                    )
                    t0, c0 = time.perf_counter(), time.process_time()
                    if name == "save":
                        for x in batch:
                            insert_store.save(x)
                    else:
                        for i in range(0, len(batch), 200):
                            insert_store.save_many(batch[i : i + 200])
                        cpu_rates.append(10_000 / (time.process_time() - c0))
                    rates[name].append(10_000 / (time.perf_counter() - t0))
                    insert_store.dispose()
        base = statistics.median(rates["save"])
        fast = statistics.median(rates["save_many"])
        kind = "clustered reports" if clustered else "scattered worst case"
        print(f"insert ({kind}), Store.save (1 txn/report): {base:,.0f} events/s")
        print(
            f"insert ({kind}), Store.save_many (200 reports/txn): {fast:,.0f} events/s "
            f"({fast / base:.1f}x; {statistics.median(cpu_rates):,.0f} per CPU second)"
        )

    if not parts & {"query", "export"}:
        return
    store = open_store(url)
    # 2. Fill to N events and time date+bbox queries. A --db store that already holds N
    #    events (say, a copy kept from an earlier run) is used as it is.
    if store.count_events() < n_events:
        t0 = time.perf_counter()
        for start in range(0, n_events, 100_000):
            count = min(100_000, n_events - start)
            _bulk_fill(store, synthetic_extractions(count, seed=100 + start))
        print(f"filled {n_events:,} events in {time.perf_counter() - t0:.1f} s")
    flt = EventFilter(
        date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 3, 31), bbox=(36.0, 35.5, 37.0, 36.0)
    )
    times = []
    for _ in range(7 if "query" in parts else 0):
        t0 = time.perf_counter()
        frame = store.events_frame(flt)
        times.append(time.perf_counter() - t0)
    if "query" in parts:
        print(
            f"date+bbox query over {n_events:,} events: "
            f"median {statistics.median(times) * 1000:.1f} ms ({len(frame)} rows)"
        )

    if "export" not in parts:
        return
    # 3. Export 100k events to GeoJSON.
    flt100k = EventFilter(
        date_from=dt.date(2022, 1, 1),
        date_to=dt.date(2022, 1, 1) + dt.timedelta(days=int(1000 * 100_000 / n_events)),
    )
    times, cpu = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        text = dumps_geojson(export_geojson(store, flt100k))
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    n = text.count('"Feature"')
    print(
        f"GeoJSON export of {n:,} events: median {statistics.median(times):.2f} s "
        f"({len(text) / 1e6:.0f} MB; CPU {statistics.median(cpu):.2f} s)"
    )


if __name__ == "__main__":
    main()
