"""Speed of counting events per area (the Areas page and `strikemap areas`).

Usage::

    .venv/bin/python benchmarks/bench_area_counts.py [--sizes 10000 100000] [--runs 3]

Reads the synthetic bench stores of ``bench_dashboard.py`` (built there), and times the
store read (:meth:`Store.area_frame`) and the spatial join with uncertainty
(:func:`strikemap.area_counts.count_areas`, Natural Earth provinces), medians of runs;
beside them, the plain point-in-polygon join alone (geopandas ``sjoin``), the floor any
per-area count pays, measured in the same run. The synthetic events are all at distinct
points; real ones repeat their gazetteer places, so "snapped" repeats the count with
the points rounded to 0.1 degree (a few thousand distinct places, as in real data).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "build" / "bench"


def _median(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    import geopandas as gpd

    from strikemap.area_counts import areas_frame, count_areas
    from strikemap.gazetteer.area_polygons import areas_at_level
    from strikemap.store import open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'events':>9} {'store read s':>13} {'count_areas s':>14} {'sjoin only s':>13} "
        f"{'in area':>8} {'uncertain':>10} {'outside':>8}"
    )
    for n in args.sizes:
        path = BENCH / f"events-{n}.db"
        if not path.exists():
            sys.exit(f"{path} is missing: run bench_dashboard.py --sizes {n} first")
        store = open_store(f"sqlite:///{path}")
        read = _median(store.area_frame, args.runs)
        frame = store.area_frame()
        view = count_areas(frame, "admin1")
        counted = _median(lambda f=frame: count_areas(f, "admin1"), args.runs)
        snapped = frame.assign(lat=frame["lat"].round(1), lon=frame["lon"].round(1))
        n_sites = len(snapped[["lat", "lon", "uncertainty_km"]].drop_duplicates())
        snap_s = _median(lambda f=snapped: count_areas(f, "admin1"), args.runs)
        countries = tuple(sorted({str(c) for c in frame["country"].dropna()}))
        polygons = areas_frame(areas_at_level("admin1", countries))
        points = gpd.GeoDataFrame(
            geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326"
        )
        floor = _median(
            lambda p=points, a=polygons: gpd.sjoin(p, a[["key", "geometry"]], predicate="within"),
            args.runs,
        )
        c = view.counts
        print(
            f"{n:9,} {read:13.2f} {counted:14.2f} {snap_s:10.2f} {floor:13.2f} "
            f"{int(c.table['events'].sum()):8,} {c.n_uncertain:10,} {c.n_outside:8,}"
            f"   (snapped: {n_sites:,} distinct sites)"
        )
        store.dispose()


if __name__ == "__main__":
    main()
