"""Print place-resolution figures on the shared development sets.

Usage: .venv/bin/python benchmarks/bench_places_eval.py

Runs in a temporary gazetteer directory (the default index is built there, ~2 min) so
the user's own layers do not change the figures; the user's area table (``strikemap
gazetteer areas``) is copied there first, so the index is the one setup builds. The
figures are deterministic (no timing), so one run is the median; "misplaced >25 km"
counts rows placed more than 25 km from the gold point (a wrong answer rather than an
honest "unresolved"):

1. Airwars Syria places (1,039 names): default index only, then with the OCHA COD
   populated places + admin1 + admin2 + admin5 (Damascus neighbourhoods) and the 2016
   TopoJSON (admin1-3, sub-districts) imported; then the resolved rows by match level.
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
OCHA_TOPO = SHARED / "gazetteer-sources" / "ocha-cod-ab-syria-2016_topojson"
_LEVELS = (
    "exact name",
    "spelling variant",
    "transliteration skeleton",
    "vowel spelling",
    "consonant frame",
    "Arabic spelling",
    "fuzzy",
)


def _rows(p: Path) -> list[dict[str, str]]:
    with p.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _by_level(rows: list[dict[str, str]], g: object) -> None:
    """Print, per match level, how many resolved rows land within 10 km / beyond 25 km."""
    from strikemap.gazetteer.base import ResolveContext
    from strikemap.gazetteer.geo import haversine_km

    counts: dict[str, list[int]] = {}
    for r in rows:
        ctx = ResolveContext(countries=("SY",), admin_hint=r.get("governorate") or None)
        loc = g.resolve(r["name"], ctx).location  # type: ignore[attr-defined]
        if loc is None:
            continue
        d = haversine_km(float(r["latitude"]), float(r["longitude"]), loc.lat, loc.lon)
        level = next((lv for lv in _LEVELS if lv in loc.reason), "other")
        if loc.precision == "relative" or " of list " in loc.reason or "named after" in loc.reason:
            level = "composite (" + level + ")"
        elif "listed only with a qualifier" in loc.reason:
            level = "qualified names (" + level + ")"
        elif "not in gazetteer" in loc.reason or "not in the gazetteer" in loc.reason:
            # The named place is unknown: located at the city/district containing it.
            level = "containing city/district (" + level + ")"
        c = counts.setdefault(level, [0, 0, 0])
        c[0] += 1
        c[1] += d <= 10
        c[2] += d > 25
    print("\nresolved rows by match level: n, within 10 km, beyond 25 km")
    for level, (n, ok, bad) in sorted(counts.items()):
        print(f"  {level:45s} {n:4d} {ok:4d} {bad:3d}")


def main() -> None:
    if not AIRWARS.exists():
        raise SystemExit(f"shared development data absent: {SHARED}")
    from strikemap.gazetteer.areas import area_hulls_path, area_table_path
    from strikemap.gazetteer.build import build_default_index
    from strikemap.gazetteer.evaluate import evaluate_places
    from strikemap.gazetteer.importers import import_ocha
    from strikemap.gazetteer.index import load_gazetteer

    tmp = Path(tempfile.mkdtemp(prefix="strikemap-bench-"))
    try:
        for path in (area_table_path(), area_hulls_path()):
            if path.exists():
                shutil.copy(path, tmp / path.name)
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
        files = [
            OCHA / f
            for f in (
                "syr_admin4_point.geojson",
                "syr_admin1.geojson",
                "syr_admin2.geojson",
                "syr_admin5.geojson",
            )
        ]
        for f in [*files, OCHA_TOPO / "syr_admin_json_190321.json"]:
            print(import_ocha(f, directory=tmp, country="SY").summary())
        g = load_gazetteer(tmp, build=False)
        s = evaluate_places(airwars, g)
        print("\n== Airwars Syria places, default index + OCHA COD import")
        print(s.as_text())
        _by_level(airwars, g)
        g.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
