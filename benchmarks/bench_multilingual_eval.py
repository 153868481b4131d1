"""Reading in Ukrainian, Russian and Arabic on the multilingual dev files (prints figures).

Usage: STRIKEMAP_GAZETTEER=/tmp/gaz-ml .venv/bin/python benchmarks/bench_multilingual_eval.py

Point ``STRIKEMAP_GAZETTEER`` at a copy of the gazetteer with GeoNames ``UA.zip`` and the
OCHA Syria populated places (``syr_admin4_point.geojson``) and admin 1-2 files imported
(see the README): the figures depend on those names. For each language and each part
(fit = the 70% of rows rules were written on, held-out = the other 30%, by a hash of the
row id), prints:

* uk, ru (VIINA silver): reports with an event within 25 km of one of the places the
  report mentions, and events within 25 km of one of them;
* ar (Airwars gold rows): reports with an event within 25 km and within 10 km of
  Airwars' point;
* the share of located reports dated within a day of the gold date, and the speed.
"""

from __future__ import annotations

import time
from pathlib import Path

from strikemap.evaluate_multilingual import evaluate_file
from strikemap.gazetteer.index import load_gazetteer

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "eval-dev" / "multilingual"


def main() -> None:
    if not DEV.is_dir():
        raise SystemExit(f"{DEV} is absent: the dev sets live beside a development checkout")
    gaz = load_gazetteer(build=False)
    for lang in ("uk", "ru", "ar"):
        path = DEV / f"strike_reports_{lang}_dev.csv"
        for part in ("fit", "held-out"):
            t0 = time.perf_counter()
            score = evaluate_file(path, gaz, part=part, gold_only=lang == "ar")
            took = time.perf_counter() - t0
            rate = score.reports / took if took else 0.0
            print(f"{score.line()}  [{rate:,.0f} reports/s]")


if __name__ == "__main__":
    main()
