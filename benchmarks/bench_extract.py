"""Extraction + geocoding throughput on ~5 KB articles (one core), median of several runs.

Usage: .venv/bin/python benchmarks/bench_extract.py [--runs 5] [--n 200] [--fake]

Uses the real gazetteer (strikemap.gazetteer.load_gazetteer) when it is built, else the
test fake (tests/extract_fakes.py), and says which. The article is the seed article from
../shared when present (else a synthetic 5 KB report); each copy gets a distinct suffix so
nothing is cached by content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from strikemap.extract import extract_report
from strikemap.read import read_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "samples" / "seed-article.txt"
_SYNTH = (
    "Russian warplanes struck Jisr al-Shughur in Idlib province on Thursday, a source said. "
    "Arms depots in neighbouring Hama province were also targeted. Lavrov told journalists "
    "in New York the strikes hit IS. A car bomb factory north of Homs was destroyed, it said.\n\n"
)


def _gazetteer(fake: bool):  # type: ignore[no-untyped-def]
    if not fake:
        try:
            from strikemap.gazetteer.index import load_gazetteer

            return load_gazetteer(build=False), "real"
        except Exception as exc:  # report why, then fall back
            print(f"real gazetteer unavailable ({exc!r}); using the test fake", file=sys.stderr)
    sys.path.insert(0, str(ROOT / "tests"))
    from extract_fakes import FakeGazetteer

    return FakeGazetteer(), "fake"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--fake", action="store_true")
    args = ap.parse_args()
    gaz, kind = _gazetteer(args.fake)
    base = SEED.read_text(encoding="utf-8") if SEED.is_file() else _SYNTH * 14
    reports = [
        read_text(base + f"\n\nRef {i}.", source_id=f"b{i}", published=dt.date(2015, 10, 1))
        for i in range(args.n)
    ]
    size = statistics.mean(len(r.text.encode()) for r in reports)
    extract_report(reports[0], gaz)  # warm caches (actor table, regexes)
    rates = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        n_events = sum(len(extract_report(r, gaz).events) for r in reports)
        rates.append(len(reports) / (time.perf_counter() - t0))
    print(
        f"gazetteer={kind} reports={len(reports)} avg_bytes={size:.0f} events/report="
        f"{n_events / len(reports):.1f} runs={args.runs} "
        f"median={statistics.median(rates):.0f} reports/s (min {min(rates):.0f}, "
        f"max {max(rates):.0f})"
    )


if __name__ == "__main__":
    main()
