"""Ingestion throughput: reading + extraction + geocoding + storing, 1 vs all cores.

Also times place spotting against the `geotext` package (a common peer) on the same texts.

Usage: .venv/bin/python benchmarks/bench_ingest.py [--reports 400] [--runs 3]
Articles: the demo reports (data/demo), stitched into ~5 KB articles made unique by a
counter, so every article is read, extracted and stored for real (no duplicate skips).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from strikemap.demo import _parse_demo_file
from strikemap.gazetteer import shared_gazetteer
from strikemap.pipeline import ingest_batch
from strikemap.read import read_text
from strikemap.settings import data_dir
from strikemap.store import open_store


def make_articles(n: int) -> list[str]:
    bodies = [_parse_demo_file(p)[2] for p in sorted((data_dir() / "demo").glob("*.txt"))]
    articles = []
    for i in range(n):
        parts: list[str] = [f"Report number {i}.\n\n"]
        j = i
        while sum(len(p) for p in parts) < 5_000:
            parts.append(bodies[j % len(bodies)] + "\n")
            j += 3
        articles.append("".join(parts))
    return articles


def time_ingest(texts: list[str], workers: int) -> float:
    reports = [
        read_text(t, source_id=f"a{i}.txt", published=dt.date(2022, 4, 8))
        for i, t in enumerate(texts)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        t0 = time.perf_counter()
        outcomes = ingest_batch(reports, store, workers=workers)
        elapsed = time.perf_counter() - t0
        store.dispose()
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes if o.error][:3]
    return len(texts) / elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=400)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    texts = make_articles(args.reports)
    size = statistics.mean(len(t) for t in texts)
    shared_gazetteer()  # load outside the timed part, as a long-running process would
    cores = os.cpu_count() or 1
    one = statistics.median(time_ingest(texts, 1) for _ in range(args.runs))
    many = statistics.median(time_ingest(texts, cores) for _ in range(args.runs))
    # The worker pool is spawned inside every batch (fresh interpreters that import
    # strikemap and open the gazetteer), a fixed cost a long batch amortises: time it on
    # a batch of one report per worker and report the rate net of it beside the total.
    tiny = texts[:cores]
    startup = statistics.median(
        len(tiny) / time_ingest(tiny, cores) - len(tiny) / one for _ in range(args.runs)
    )
    net = len(texts) / (len(texts) / many - startup)
    print(f"{args.reports} articles of {size:,.0f} chars; medians of {args.runs} runs")
    print(f"ingest (read+extract+geocode+store), 1 core: {one:,.0f} reports/s")
    print(f"ingest, {cores} worker processes: {many:,.0f} reports/s ({many / one:.2f}x)")
    print(
        f"  of which pool start-up {startup:.2f} s per batch; net of it {net:,.0f} "
        f"reports/s ({net / one:.2f}x)"
    )

    gaz = shared_gazetteer()
    t_ours = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for t in texts:
            gaz.spot(t)
        t_ours.append(time.perf_counter() - t0)
    ours = len(texts) / statistics.median(t_ours)
    try:
        from geotext import GeoText
    except ImportError:
        print(f"place spotting, strikemap: {ours:,.0f} texts/s (geotext not installed)")
        return
    GeoText("warm up")
    t_peer = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for t in texts:
            GeoText(t)
        t_peer.append(time.perf_counter() - t0)
    peer = len(texts) / statistics.median(t_peer)
    print(
        f"place spotting, strikemap Gazetteer.spot: {ours:,.0f} texts/s; "
        f"geotext: {peer:,.0f} texts/s (strikemap/geotext = {ours / peer:.2f})"
    )


if __name__ == "__main__":
    main()
