"""Reading in Ukrainian, Russian and Arabic on the multilingual dev files (prints figures).

Usage: STRIKEMAP_GAZETTEER=/tmp/gaz-ml .venv/bin/python benchmarks/bench_multilingual_eval.py
[--speed] [--runs 5]

Point ``STRIKEMAP_GAZETTEER`` at a copy of the gazetteer with GeoNames ``UA.zip`` and the
OCHA Syria populated places (``syr_admin4_point.geojson``) and admin 1-2 files imported
(see the README): the figures depend on those names. For each language and each part
(fit = the 70% of rows rules were written on, held-out = the other 30%, by a hash of the
row id), prints:

* uk, ru (VIINA silver): reports with an event within 25 km of one of the places the
  report mentions, and events within 25 km of one of them;
* ar (Airwars gold rows): reports with an event within 25 km and within 10 km of
  Airwars' point;
* the share of located reports dated within a day of the gold date.

``--speed`` instead times extraction and geocoding of 1-2 KB reports in each language,
on one core: Arabic rows of that size as they are, Ukrainian and Russian rows (headlines
and leads of about 160 bytes) joined as paragraphs until a report holds 1 KB. Each run
times an unseen group of them after a warm-up group; the median of ``--runs`` groups is
printed.
To compare with other code, run the script under that code's ``PYTHONPATH`` in the same
hour (the machine is shared: ratios are steadier than rates).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import statistics
import time
from pathlib import Path

from strikemap.evaluate_multilingual import evaluate_file
from strikemap.extract import extract_report
from strikemap.gazetteer.base import GazetteerLike
from strikemap.gazetteer.index import load_gazetteer
from strikemap.model import Report

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "eval-dev" / "multilingual"
MIN_BYTES, MAX_BYTES = 1024, 2048


def _sized_texts(lang: str) -> list[str]:
    """Return the dev file's texts as reports of 1-2 KB (UTF-8)."""
    with open(DEV / f"strike_reports_{lang}_dev.csv", encoding="utf-8-sig", newline="") as fh:
        texts = [row["text"].strip() for row in csv.DictReader(fh)]
    out: list[str] = []
    batch: list[str] = []
    for text in texts:
        size = len(text.encode())
        if MIN_BYTES <= size <= MAX_BYTES:
            out.append(text)
            continue
        if size > MAX_BYTES:
            continue
        batch.append(text)
        joined = "\n\n".join(batch)
        if len(joined.encode()) >= MIN_BYTES:
            if len(joined.encode()) <= MAX_BYTES:
                out.append(joined)
            batch = []
    return out


def _report(text: str) -> Report:
    return Report(
        id=hashlib.sha256(text.encode()).hexdigest(),
        source_id="bench",
        title=None,
        url=None,
        text=text,
        published=None,
        published_basis="unknown",
    )


def speed(gaz: GazetteerLike, runs: int) -> None:
    """Print the median reports/s of 1-2 KB reports in each language.

    The reports are dealt into ``runs + 1`` groups: the first warms the process up
    (analysers loaded, gazetteer pages read), each other is timed once, unseen, so that
    caches hold only what earlier, different reports left in them, as in a real batch.
    """
    for lang in ("uk", "ru", "ar"):
        reports = [_report(t) for t in _sized_texts(lang)]
        groups = [reports[k :: runs + 1] for k in range(runs + 1)]
        for r in groups[0]:
            extract_report(r, gaz)
        rates = []
        for group in groups[1:]:
            t0 = time.process_time()
            for r in group:
                extract_report(r, gaz)
            rates.append(len(group) / (time.process_time() - t0))
        kb = statistics.median(len(r.text.encode()) for r in reports) / 1024
        print(
            f"{lang}: {len(reports)} reports, median {kb:.2f} KB: "
            f"{statistics.median(rates):,.0f} reports/s (CPU time, median of {runs} groups)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true", help="time 1-2 KB reports instead")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not DEV.is_dir():
        raise SystemExit(f"{DEV} is absent: the dev sets live beside a development checkout")
    gaz = load_gazetteer(build=False)
    if args.speed:
        speed(gaz, args.runs)
        return
    for lang in ("uk", "ru", "ar"):
        path = DEV / f"strike_reports_{lang}_dev.csv"
        for part in ("fit", "held-out"):
            score = evaluate_file(path, gaz, part=part, gold_only=lang == "ar")
            print(score.line())


if __name__ == "__main__":
    main()
