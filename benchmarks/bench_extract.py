"""Extraction + geocoding throughput on one core, median of several runs.

Usage: .venv/bin/python benchmarks/bench_extract.py [--runs 5] [--n 200] [--fake] [--processes 2]

Articles: the seed article (~5.3 KB of main text) and the five FA-KES articles (1.5-2.4 KB)
from ../shared when present, else the FA-KES-style fixtures under tests/fixtures/extract
and a synthetic ~5 KB report. Each set is replicated to ``--n`` reports, every copy with a
distinct suffix so no cache keyed on content helps.

Gazetteer: the real one (``load_gazetteer(build=False)``) when built, else the test fake
(tests/extract_fakes.py); the output says which.

For each set it prints reports/s (median of ``--runs`` timed runs by wall clock, with min
and max, and the median by this process's CPU time, which other load on a shared machine
disturbs less) and the time per report split into extraction and gazetteer. The split
comes from one extra run through a proxy that times every gazetteer call (``spot``,
``resolve``, ``get``, ``relative``, ...); extraction is the median total minus that
gazetteer time, so the proxy's own overhead is not charged to either side.

``--processes N`` adds the scaling figure the scale issue names: reading (``read_text``
on the raw text) + extraction + geocoding of the same reports in a pool of 1 and then N
spawned worker processes, each with its own gazetteer, warmed up before timing. It prints
reports/s for both pools and their ratio (N = near-linear); the store is not involved
(``bench_ingest.py`` measures the whole ingest).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strikemap.extract import extract_report
from strikemap.model import Report
from strikemap.read import read_path, read_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "samples" / "seed-article.txt"
FAKES = SHARED / "eval-dev" / "fakes_articles"
FIXTURE_FAKES = ROOT / "tests" / "fixtures" / "extract" / "fakes"
_SYNTH = (
    "Russian warplanes struck Jisr al-Shughur in Idlib province on Thursday, a source said. "
    "Arms depots in neighbouring Hama province were also targeted. Lavrov told journalists "
    "in New York the strikes hit IS. A car bomb factory north of Homs was destroyed, it said.\n\n"
)


def _gazetteer(fake: bool) -> tuple[Any, str]:
    if not fake:
        try:
            from strikemap.gazetteer.index import load_gazetteer

            return load_gazetteer(build=False), "real"
        except Exception as exc:  # report why, then fall back
            print(f"real gazetteer unavailable ({exc!r}); using the test fake", file=sys.stderr)
    sys.path.insert(0, str(ROOT / "tests"))
    from extract_fakes import FakeGazetteer

    return FakeGazetteer(), "fake"


@dataclass(eq=False)  # hashable by identity, like the gazetteer (per-object caches)
class _TimedGazetteer:
    """Forward every call to a gazetteer and add up the seconds spent in it."""

    inner: Any
    seconds: float = 0.0
    calls: dict[str, int] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0
                self.calls[name] = self.calls.get(name, 0) + 1

        return timed


def _copies(bases: list[tuple[str, dt.date | None]], n: int, tag: str) -> list[Report]:
    """Return ``n`` reports cycling over ``bases``, each with a distinct suffix."""
    out = []
    for i in range(n):
        text, published = bases[i % len(bases)]
        out.append(read_text(text + f"\n\nRef {i}.", source_id=f"{tag}{i}", published=published))
    return out


def _article_sets(n: int) -> dict[str, list[Report]]:
    sets: dict[str, list[Report]] = {}
    if SEED.is_file():
        sets["seed"] = _copies([(SEED.read_text(encoding="utf-8"), dt.date(2015, 10, 1))], n, "s")
    else:
        sets["synthetic-5k"] = _copies([(_SYNTH * 20, dt.date(2015, 10, 1))], n, "s")
    fdir = FAKES if FAKES.is_dir() else FIXTURE_FAKES
    fakes = [read_path(p)[0] for p in sorted(fdir.glob("*.txt"))]
    if fakes:
        name = "fakes" if fdir == FAKES else "fakes-fixtures"
        sets[name] = _copies([(r.text, r.published) for r in fakes], n, "f")
    return sets


def _rates(reports: list[Report], run: Callable[[Report], object]) -> tuple[float, float]:
    """Return reports/s by wall clock and by this process's CPU time."""
    w0, c0 = time.perf_counter(), time.process_time()
    for r in reports:
        run(r)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    return len(reports) / wall, len(reports) / max(cpu, 1e-9)


_WORKER_GAZETTEER: Any = None


def _worker_init(fake: bool) -> None:
    global _WORKER_GAZETTEER
    _WORKER_GAZETTEER = _gazetteer(fake)[0]


def _read_and_extract(item: tuple[str, str, dt.date | None]) -> int:
    """Read one raw text and extract it in a pool worker; return its event count."""
    text, source_id, published = item
    report = read_text(text, source_id=source_id, published=published)
    return len(extract_report(report, _WORKER_GAZETTEER).events)


def _pool_rate(
    items: list[tuple[str, str, dt.date | None]], processes: int, fake: bool, runs: int
) -> float:
    """Return the median reports/s of ``processes`` spawned workers over ``items``."""
    import multiprocessing as mp

    with mp.get_context("spawn").Pool(processes, _worker_init, (fake,)) as pool:
        pool.map(_read_and_extract, items[: 8 * processes], chunksize=1)  # load + warm
        rates = []
        for _ in range(runs):
            t0 = time.perf_counter()
            pool.map(_read_and_extract, items, chunksize=4)
            rates.append(len(items) / (time.perf_counter() - t0))
    return statistics.median(rates)


def _scaling(sets: dict[str, list[Report]], processes: int, fake: bool, runs: int) -> None:
    for name, reports in sets.items():
        items = [(r.text, r.source_id, r.published) for r in reports]
        one = _pool_rate(items, 1, fake, runs)
        many = _pool_rate(items, processes, fake, runs)
        print(
            f"{name:<15} read+extract+geocode in a pool: 1 process {one:6.0f} reports/s, "
            f"{processes} processes {many:6.0f} reports/s = {many / one:4.2f}x "
            f"(os.cpu_count()={os.cpu_count()})"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--fake", action="store_true")
    ap.add_argument("--processes", type=int, default=0, help="also time 1 vs N processes")
    args = ap.parse_args()
    if args.processes > 1:
        _scaling(_article_sets(args.n), args.processes, args.fake, args.runs)
    gaz, kind = _gazetteer(args.fake)
    timed = _TimedGazetteer(gaz)
    print(f"gazetteer={kind} runs={args.runs} reports/set={args.n} (median, min-max)")
    for name, reports in _article_sets(args.n).items():
        size = statistics.mean(len(r.text.encode()) for r in reports)
        n_events = sum(len(extract_report(r, gaz).events) for r in reports)  # warm-up
        pairs = [_rates(reports, lambda r: extract_report(r, gaz)) for _ in range(args.runs)]
        rates = [w for w, _c in pairs]
        cpu_med = statistics.median(c for _w, c in pairs)
        timed.seconds, timed.calls = 0.0, {}
        for r in reports:
            extract_report(r, timed)  # type: ignore[arg-type]
        med = statistics.median(rates)
        total_ms = 1000.0 / med
        gaz_ms = 1000.0 * timed.seconds / len(reports)
        calls = " ".join(f"{k}={v / len(reports):.1f}" for k, v in sorted(timed.calls.items()))
        print(
            f"{name:<15} avg_bytes={size:5.0f} events/report={n_events / len(reports):4.1f}  "
            f"{med:6.0f} reports/s ({min(rates):.0f}-{max(rates):.0f}; by CPU time {cpu_med:.0f})  "
            f"{total_ms:5.2f} ms/report = extraction {max(0.0, total_ms - gaz_ms):5.2f} + "
            f"gazetteer {gaz_ms:5.2f}  [gazetteer calls/report: {calls}]"
        )


if __name__ == "__main__":
    main()
