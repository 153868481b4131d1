"""Report-extraction accuracy on the dev sets in ../shared (prints figures, not a test).

Usage: .venv/bin/python benchmarks/bench_reports_eval.py [--quiet]

Scores, with the real default gazetteer (opened without rebuilding):

* the seed article against its gold JSON (published 2015-10-01);
* the ACLED dev notes CSV (one note = one report = one gold event);
* the FA-KES dev articles directory.

The matching rule (printed with each score): a predicted event matches a gold event when
the date is within one day and the gold point lies within max(gold tolerance, predicted
uncertainty_km); the strict figures use the gold tolerance only. See
:mod:`strikemap.evaluate_reports`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from strikemap.evaluate_reports import evaluate_fakes_dir, evaluate_gold, evaluate_notes_csv
from strikemap.extract import extract_report
from strikemap.gazetteer.index import load_gazetteer
from strikemap.read import read_path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _show(title: str, text: str, seconds: float, quiet: bool) -> None:
    if quiet:
        text = "\n".join(ln for ln in text.splitlines() if not ln.startswith("  "))
    print(f"== {title} ({seconds:.2f} s)\n{text}\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quiet", action="store_true", help="figures only, no itemised lines")
    args = ap.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} is absent: the dev sets live beside a development checkout")
    gaz = load_gazetteer(build=False)
    t0 = time.perf_counter()
    report = read_path(SHARED / "samples" / "seed-article.txt", published=dt.date(2015, 10, 1))[0]
    seed = evaluate_gold(SHARED / "samples" / "seed-article.gold.json", extract_report(report, gaz))
    _show("seed article", seed.format(), time.perf_counter() - t0, args.quiet)
    t0 = time.perf_counter()
    acled = evaluate_notes_csv(SHARED / "eval-dev" / "acled_strike_notes_dev.csv", gaz)
    _show("ACLED dev notes", acled.format(), time.perf_counter() - t0, args.quiet)
    t0 = time.perf_counter()
    fakes = evaluate_fakes_dir(SHARED / "eval-dev" / "fakes_articles", gaz)
    _show("FA-KES dev articles", fakes.format(), time.perf_counter() - t0, args.quiet)


if __name__ == "__main__":
    main()
