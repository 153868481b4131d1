"""Store and export figures: inserts/s, date+bbox query over many events, GeoJSON export.

Usage: .venv/bin/python benchmarks/bench_store.py [--events 1000000] [--db URL]
Prints medians; the baseline for inserts is one report (5 events) per transaction.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
    """Fill the store fast for the query benchmark (not a measured path)."""
    from strikemap.store import _claim_row, _event_row, _report_row

    with store.writer() as conn:
        conn.execute(reports.insert(), [_report_row(x.report, []) for x in extractions])
        rows = [_event_row(x.report.id, ev) for x in extractions for ev in x.events]
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
                claim_rows += [_claim_row(x.report.id, eid, c) for c in ev.claims]
        conn.execute(claims.insert(), claim_rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", default=None)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    url = args.db or f"sqlite:///{tmp / 'bench.db'}"

    # 1. Inserts: Store.save (baseline, one transaction per report) vs Store.save_many
    #    (one transaction per batch of 200 reports), 5 events per report, medians of 3,
    #    each in a fresh store. Incident linking runs inside every write. Two kinds of
    #    data: reports clustered like real ones (one theatre, a few days, date order) and
    #    a worst case for linking (each event in a random theatre and on a random day).
    for clustered in (True, False):
        rates: dict[str, list[float]] = {"save": [], "save_many": []}
        for run in range(3):
            for name in rates:
                with tempfile.TemporaryDirectory() as insert_tmp:
                    insert_store = open_store(f"sqlite:///{Path(insert_tmp) / 'i.db'}")
                    batch = synthetic_extractions(
                        10_000, seed=7 + 10 * run + (name == "save_many"), clustered=clustered
                    )
                    t0 = time.perf_counter()
                    if name == "save":
                        for x in batch:
                            insert_store.save(x)
                    else:
                        for i in range(0, len(batch), 200):
                            insert_store.save_many(batch[i : i + 200])
                    rates[name].append(10_000 / (time.perf_counter() - t0))
                    insert_store.dispose()
        base = statistics.median(rates["save"])
        fast = statistics.median(rates["save_many"])
        kind = "clustered reports" if clustered else "scattered worst case"
        print(f"insert ({kind}), Store.save (1 txn/report): {base:,.0f} events/s")
        print(
            f"insert ({kind}), Store.save_many (200 reports/txn): {fast:,.0f} events/s "
            f"({fast / base:.1f}x)"
        )

    store = open_store(url)
    # 2. Fill to N events and time date+bbox queries.
    remaining = args.events
    t0 = time.perf_counter()
    for start in range(0, remaining, 100_000):
        _bulk_fill(store, synthetic_extractions(min(100_000, remaining - start), seed=100 + start))
    print(f"filled {args.events:,} events in {time.perf_counter() - t0:.1f} s")
    flt = EventFilter(
        date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 3, 31), bbox=(36.0, 35.5, 37.0, 36.0)
    )
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        frame = store.events_frame(flt)
        times.append(time.perf_counter() - t0)
    print(
        f"date+bbox query over {args.events:,} events: "
        f"median {statistics.median(times) * 1000:.1f} ms ({len(frame)} rows)"
    )

    # 3. Export 100k events to GeoJSON.
    flt100k = EventFilter(
        date_from=dt.date(2022, 1, 1),
        date_to=dt.date(2022, 1, 1) + dt.timedelta(days=int(1000 * 100_000 / args.events)),
    )
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        text = dumps_geojson(export_geojson(store, flt100k))
        times.append(time.perf_counter() - t0)
    n = text.count('"Feature"')
    print(
        f"GeoJSON export of {n:,} events: median {statistics.median(times):.2f} s "
        f"({len(text) / 1e6:.0f} MB)"
    )


if __name__ == "__main__":
    main()
