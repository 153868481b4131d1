"""Print place-resolution figures on the shared development sets.

Usage: .venv/bin/python benchmarks/bench_places_eval.py

Runs in a temporary gazetteer directory (the default index is built there, ~1 min) so
the user's own layers do not change the figures. The figures are deterministic (no
timing), so one run is the median; "misplaced >25 km" counts rows placed more than
25 km from the gold point (a wrong answer rather than an honest "unresolved"):

1. Airwars Syria places (1,039 names): default index only, then with the OCHA COD
   populated places + admin1 + admin2 imported.
2. ACLED strike notes (267 toponyms; columns location, admin1, country): default index
   only, with and without the admin1 column passed as the admin hint.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
AIRWARS = SHARED / "eval-dev" / "airwars_syria_places_dev.csv"
ACLED = SHARED / "eval-dev" / "acled_strike_notes_dev.csv"
OCHA = SHARED / "gazetteer-sources" / "ocha-cod-syria-2015_geojson"


def _rows(p: Path) -> list[dict[str, str]]:
    with p.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main() -> None:
    if not AIRWARS.exists():
        raise SystemExit(f"shared development data absent: {SHARED}")
    from strikemap.gazetteer.build import build_default_index
    from strikemap.gazetteer.evaluate import evaluate_places
    from strikemap.gazetteer.importers import import_ocha
    from strikemap.gazetteer.index import load_gazetteer

    tmp = Path(tempfile.mkdtemp(prefix="strikemap-bench-"))
    try:
        build_default_index(tmp)
        g = load_gazetteer(tmp, build=False)
        acled = _rows(ACLED)
        for hint in (True, False):
            t = time.perf_counter()
            s = evaluate_places(acled, g, name_field="location", use_admin1_hint=hint)
            print(
                f"\n== ACLED toponyms, default index, admin1 hint {'on' if hint else 'off'} "
                f"({time.perf_counter() - t:.1f} s)"
            )
            print(s.as_text())
        airwars = _rows(AIRWARS)
        s = evaluate_places(airwars, g)
        print("\n== Airwars Syria places, default index only")
        print(s.as_text())
        g.close()
        for f in ("syr_admin4_point.geojson", "syr_admin1.geojson", "syr_admin2.geojson"):
            print(import_ocha(OCHA / f, directory=tmp).summary())
        g = load_gazetteer(tmp, build=False)
        s = evaluate_places(airwars, g)
        print("\n== Airwars Syria places, default index + OCHA COD import")
        print(s.as_text())
        g.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
