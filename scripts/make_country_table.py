"""Write data/gazetteer/countries.csv from the ``countryinfo`` package (MIT licence).

The table gives each country its representative point (the World Factbook's
geographic coordinates, as countryinfo carries them), its English demonym and its
common alternate spellings. Run it again to refresh the table from a newer package:

    pip install countryinfo && python scripts/make_country_table.py
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import countryinfo  # type: ignore[import-untyped]

OUT = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "countries.csv"

# The Factbook's point for the United States (38 N, 97 W) lies in southern Kansas; the
# usual representative point, which GeoNames also uses, is the geographic centre of
# the contiguous United States near Lebanon, Kansas.
POINT_OVERRIDES = {
    "US": (39.76, -98.5, "geographic centre of the contiguous United States"),
}

# Current official short names that countryinfo's spellings predate.
EXTRA_NAMES = {
    "CI": ("Côte d'Ivoire", "Cote d'Ivoire"),
    "MK": ("North Macedonia", "Macedonia"),
    "SZ": ("Eswatini",),
    "CZ": ("Czechia",),
    "TL": ("Timor-Leste",),
    "CV": ("Cabo Verde",),
    "TR": ("Türkiye", "Turkiye"),
    "CD": ("Congo-Kinshasa",),
    "CG": ("Congo-Brazzaville",),
}

# Countries countryinfo has no ISO code or point for, at the World Factbook's points.
MISSING = (
    ("MM", "Myanmar", 22.0, 98.0, "Burmese", ("Burma",)),
    (
        "PS",
        "Palestine",
        31.9,
        35.2,
        "Palestinian",
        ("State of Palestine", "Palestinian territories"),
    ),
    ("XK", "Kosovo", 42.58333, 21.0, "Kosovar", ()),
    ("VA", "Vatican City", 41.9, 12.45, "", ("Holy See", "Vatican")),
)


def main() -> int:
    """Read every country file of the package and write the table sorted by ISO code."""
    rows = []
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng")
        if not iso or not latlng or len(latlng) != 2:
            continue
        alts = [a for a in info.get("altSpellings") or [] if a and a != iso and len(a) > 1]
        lat, lon, basis = float(latlng[0]), float(latlng[1]), "World Factbook (countryinfo)"
        if iso in POINT_OVERRIDES:
            lat, lon, basis = POINT_OVERRIDES[iso]
        rows.append(
            {
                "iso2": iso,
                "name": info["name"],
                "lat": f"{lat:.5f}",
                "lon": f"{lon:.5f}",
                "point_basis": basis,
                "demonym": info.get("demonym") or "",
                "alt_names": "|".join(dict.fromkeys([*alts, *EXTRA_NAMES.get(iso, ())])),
            }
        )
    have = {r["iso2"] for r in rows}
    for iso, name, lat, lon, demonym, names in MISSING:
        if iso not in have:
            rows.append(
                {
                    "iso2": iso,
                    "name": name,
                    "lat": f"{lat:.5f}",
                    "lon": f"{lon:.5f}",
                    "point_basis": "World Factbook (not in countryinfo)",
                    "demonym": demonym,
                    "alt_names": "|".join(names),
                }
            )
    rows.sort(key=lambda r: r["iso2"])
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
