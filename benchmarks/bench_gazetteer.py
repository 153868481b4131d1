"""Print gazetteer figures: index load time, lookups/s, resolve time, spot time, memory.

Usage: .venv/bin/python benchmarks/bench_gazetteer.py [--gazetteer-dir DIR] [--runs N]

Names are a realistic mix: the ACLED ``location`` column and the Airwars place names
from ``../shared/eval-dev`` (1,306 names, most of them once; a fixed built-in list when
``../shared`` is absent). Each figure is the median of ``--runs`` passes, CPU time of
this process (the machine is shared). Lookups are measured twice:

* **cold**: per-process caches (ranked-lookup LRU, materialised places) disabled;
* **warm LRU**: caches on but cleared before each pass, so only names repeated within
  one pass hit them (no pass re-reads a previous pass's answers).

"Cold" keeps the name-normalisation LRUs of :mod:`strikemap.gazetteer.normalize` warm
(after the first pass they hold every name of the set and every key it matches); one
extra figure clears them too before each pass, as a process meeting new names sees.

Builds the default index first when missing (~1 min once).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"

_CHILD = r"""
import json, sys, time, os, psutil
proc = psutil.Process(os.getpid())
from pathlib import Path
import strikemap.gazetteer.index as ix
rss0 = proc.memory_info().rss
t0 = time.perf_counter()
g = ix.load_gazetteer(Path(sys.argv[1]), build=False)
g.lookup("Homs")  # first query touches the files
g.spot("Strikes hit Idlib.")
t1 = time.perf_counter()
for n in json.loads(sys.argv[2]):
    g.lookup(n)
print(json.dumps({"load_s": t1 - t0, "rss_mb": (proc.memory_info().rss - rss0) / 2**20}))
"""

_FALLBACK_NAMES = [
    "Jisr al-Shughur",
    "Kafr Nabl",
    "Deir ez-Zor",
    "Homs",
    "Aleppo",
    "Severodonetsk",
    "Kharkov",
    "Mosul",
    "Sanaa",
    "Taiz",
    "Bakhmut",
    "Raqqa",
    "Idleb",
    "Maarat al-Numan",
    "Douma",
    "Hodeidah",
    "Marib",
    "Mariupol",
    "Kramatorsk",
    "Zaporizhia",
]


def _names() -> tuple[list[str], str]:
    acled = SHARED / "eval-dev" / "acled_strike_notes_dev.csv"
    airwars = SHARED / "eval-dev" / "airwars_syria_places_dev.csv"
    if not acled.exists():
        return _FALLBACK_NAMES, "built-in list of 20 names (../shared absent)"
    with acled.open(encoding="utf-8", newline="") as fh:
        names = [r["location"] for r in csv.DictReader(fh) if r["location"]]
    with airwars.open(encoding="utf-8", newline="") as fh:
        names += [r["name"] for r in csv.DictReader(fh) if r["name"]]
    return names, f"ACLED location + Airwars names ({len(names)}, {len(set(names))} distinct)"


def _median_rate(runs: int, n: int, fn: Callable[[], None], before: Callable[[], None]) -> float:
    rates = []
    for _ in range(runs):
        before()
        t = time.process_time()
        fn()
        rates.append(n / max(time.process_time() - t, 1e-9))
    return statistics.median(rates)


def _by_path(g: object, names: list[str], runs: int) -> None:
    """Print lookups/s separately for names answered by an exact/variant/skeleton match
    (the posting-list path) and for names that fall through to the fuzzy pass."""
    exact: list[str] = []
    fuzzy: list[str] = []
    for n in names:
        cands = g.lookup(n)  # type: ignore[attr-defined]
        (fuzzy if not cands or cands[0].reason.startswith("fuzzy") else exact).append(n)
    for label, group in (("exact/skeleton path", exact), ("fuzzy or no-match path", fuzzy)):
        if not group:
            continue

        def run(group: list[str] = group) -> None:
            for n in group:
                g.lookup(n)  # type: ignore[attr-defined]

        rate = _median_rate(runs, len(group), run, g.clear_caches)  # type: ignore[attr-defined]
        print(f"lookups/s, one core, cold, no country, {label} ({len(group)} names): {rate:,.0f}")


def _normalize_cold(g: object, names: list[str], runs: int) -> None:
    """Print cold lookups/s with the normalisation LRUs also cleared before each pass."""
    from strikemap.gazetteer import normalize

    def before() -> None:
        g.clear_caches()  # type: ignore[attr-defined]
        for fn in ("variant_key", "consonant_frame", "skeleton_from_key"):
            getattr(normalize, fn).cache_clear()

    def run() -> None:
        for n in names:
            g.lookup(n)  # type: ignore[attr-defined]

    rate = _median_rate(runs, len(names), run, before)
    print(f"lookups/s, one core, cold + normalisation LRUs cleared, no country: {rate:,.0f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gazetteer-dir", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from strikemap import settings
    from strikemap.gazetteer.base import ResolveContext
    from strikemap.gazetteer.build import build_default_index
    from strikemap.gazetteer.index import load_gazetteer

    gdir = args.gazetteer_dir or settings.gazetteer_dir()
    t = time.perf_counter()
    build_default_index(gdir)
    print(f"build_default_index (stamp check or build): {time.perf_counter() - t:.2f} s")
    names, label = _names()
    print(f"names: {label}; figures are medians of {args.runs} runs (CPU time)")

    children = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _CHILD, str(gdir), json.dumps(names)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(args.runs)
    ]
    print(
        "index load + first lookup + first spot (fresh process): "
        f"{statistics.median(r['load_s'] for r in children) * 1000:.0f} ms"
    )
    print(
        "resident memory delta after load and one pass of lookups: "
        f"{statistics.median(r['rss_mb'] for r in children):.0f} MB"
    )

    cold = load_gazetteer(gdir, build=False, place_cache=0, rank_cache=0)
    warm = load_gazetteer(gdir, build=False)
    for n in names:  # page the arrays in once: both variants then read the same memory
        cold.lookup(n)
    for label_g, g in (("cold (caches off)", cold), ("warm LRU (cleared per pass)", warm)):
        for label_c, country in (("no country", None), ("country SY", "SY")):

            def run(g: object = g, country: str | None = country) -> None:
                for n in names:
                    g.lookup(n, country=country)  # type: ignore[attr-defined]

            rate = _median_rate(args.runs, len(names), run, g.clear_caches)
            print(f"lookups/s, one core, {label_g}, {label_c}: {rate:,.0f}")
        ctx = ResolveContext(countries=("SY",))
        if label_g.startswith("cold"):
            _by_path(g, names, args.runs)
            _normalize_cold(g, names, args.runs)

        def res(g: object = g, ctx: ResolveContext = ctx) -> None:
            for n in names:
                g.resolve(n, ctx)  # type: ignore[attr-defined]

        rate = _median_rate(args.runs, len(names), res, g.clear_caches)
        print(f"resolve, {label_g}, country SY: {1e6 / rate:.0f} us per call")

    seed = SHARED / "samples" / "seed-article.txt"
    body = (
        seed.read_text(encoding="utf-8")[:5000]
        if seed.exists()
        else (
            "Russian jets struck Jisr al-Shughur, Kafr Nabl and Jabal al-Zawiya in Idlib "
            "province on Thursday, while shelling hit Homs and Hama. " * 40
        )[:5000]
    )
    warm.spot(body)
    times = []
    for _ in range(50):
        t = time.process_time()
        warm.spot(body)
        times.append(time.process_time() - t)
    print(
        f"spot() on a {len(body)}-char article (median of 50): "
        f"{statistics.median(times) * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
