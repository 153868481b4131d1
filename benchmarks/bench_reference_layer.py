"""Cost of the map's place labels and area outlines per view, on the installed gazetteer.

Usage::

    .venv/bin/python benchmarks/bench_reference_layer.py [--runs 50]

Prints, per zoom level, the median time to choose the labels for a view of 1400x620 px
(and to cut the imported area outlines for it), and how many labels that view gets;
beside it, the median time to build the map's event layer for 2,000 strikes (the
largest individual-strike layer the map draws), which a pan or filter change already
pays: the labels' cost is measured against it in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from dashboard_fixtures import build_store  # noqa: E402
from strikemap.dashboard.mapview import LayerPlan, build_event_layer  # noqa: E402
from strikemap.dashboard.reference_layer import box_around  # noqa: E402
from strikemap.gazetteer.index import gazetteer_files  # noqa: E402
from strikemap.gazetteer.reference import (  # noqa: E402
    labels_in_box,
    load_area_outlines,
    load_reference_points,
    outlines_in_box,
)

VIEWS = {"Kharkiv": (49.99, 36.23), "Idlib": (35.93, 36.63), "Gaza": (31.45, 34.4)}


def _median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    index, layers = gazetteer_files()
    files = [index, *layers]
    t0 = time.perf_counter()
    points = load_reference_points(files)
    outlines = load_area_outlines(files)
    print(
        f"loaded {len(points):,} labelled places and {len(outlines):,} area polygons "
        f"in {time.perf_counter() - t0:.2f} s (once per server)"
    )
    tmp = ROOT / "build" / "bench"
    tmp.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{tmp / 'reference-layer-events.db'}"
    store = build_store(url, 0)
    if store.count_events() < 2000:
        store.dispose()
        (tmp / "reference-layer-events.db").unlink()
        store = build_store(url, 2000)
    events = store.events_frame()
    store.dispose()
    plan = LayerPlan("events", events, len(events), len(events))
    layer_ms = _median_ms(
        lambda: build_event_layer(plan, events.iloc[0:0], {}).render(), max(5, args.runs // 10)
    )
    print(f"event layer of {len(events):,} strikes: {layer_ms:.1f} ms (median)")
    print(f"{'view':10} {'zoom':>4} {'labels':>7} {'labels ms':>10} {'outlines ms':>12}")
    for name, centre in VIEWS.items():
        for zoom in (6, 8, 10, 12):
            box = box_around(centre, zoom, width_px=1400, height_px=620)
            n = len(labels_in_box(points, box, zoom))
            lab = _median_ms(lambda b=box, z=zoom: labels_in_box(points, b, z), args.runs)
            out = _median_ms(lambda b=box, z=zoom: outlines_in_box(outlines, b, z), args.runs)
            print(f"{name:10} {zoom:4d} {n:7d} {lab:10.2f} {out:12.2f}")


if __name__ == "__main__":
    main()
