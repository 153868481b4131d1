"""GIS export figures: GeoPackage, KML and GeoParquet of 100k events beside GeoJSON.

Usage: .venv/bin/python benchmarks/bench_gis_export.py [--events 100000] [--runs 3]
Each format is timed as `strikemap export` runs it: read the store, build the GeoJSON
FeatureCollection, write the file (GeoJSON: serialise and write). The time of the write
step alone (from the FeatureCollection already built) is printed beside it. Medians of
--runs, wall clock and CPU time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _synthetic import synthetic_extractions
from bench_store import _bulk_fill

from strikemap.export import dumps_geojson, export_geojson
from strikemap.gis_export import GIS_FORMATS, write_gis
from strikemap.store import open_store


def _timed(fn) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        store = open_store(f"sqlite:///{tmp / 'store.db'}")
        for start in range(0, args.events, 100_000):
            count = min(100_000, args.events - start)
            _bulk_fill(store, synthetic_extractions(count, seed=100 + start))
        collection = export_geojson(store)
        n = len(collection["features"])

        def geojson() -> None:
            text = dumps_geojson(export_geojson(store))
            (tmp / "out.geojson").write_text(text, encoding="utf-8")

        def gis(fmt: str):
            def run() -> None:
                write_gis(export_geojson(store), tmp / f"out.{fmt}", fmt)

            return run

        rows: list[tuple[str, float, float, float, int]] = []
        cases = [("geojson", geojson, None)] + [(fmt, gis(fmt), fmt) for fmt in GIS_FORMATS]
        for name, fn, fmt in cases:
            walls, cpus, writes = [], [], []
            for _ in range(args.runs):
                wall, cpu = _timed(fn)
                walls.append(wall)
                cpus.append(cpu)
                if fmt is not None:
                    writes.append(_timed(lambda f=fmt: write_gis(collection, tmp / f"w.{f}", f))[0])
                else:
                    writes.append(_timed(lambda: dumps_geojson(collection))[0])
            size = (tmp / f"out.{name}").stat().st_size
            rows.append(
                (
                    name,
                    statistics.median(walls),
                    statistics.median(cpus),
                    statistics.median(writes),
                    size,
                )
            )
        base = rows[0][1]
        print(f"{n:,} events, median of {args.runs} runs")
        for name, wall, cpu, write, size in rows:
            print(
                f"{name:8s} {wall:6.2f} s (CPU {cpu:.2f} s; {wall / base:.2f}x GeoJSON) "
                f"write step {write:.2f} s, {size / 1e6:.1f} MB"
            )
        store.dispose()


if __name__ == "__main__":
    main()
