"""Acceptance tests on ../shared data and on the real default index (slow-ish, ~40 s once)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.build import build_default_index, read_curated
from strikemap.gazetteer.geo import bearing_degrees, destination, haversine_km
from strikemap.gazetteer.index import Gazetteer, load_gazetteer

SHARED = Path(__file__).resolve().parents[2] / "shared"
CURATED = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "curated.csv"
OCHA_ADM1 = SHARED / "gazetteer-sources" / "ocha-cod-ab-syria-2020_adm1" / "syr_admin1.geojson"

needs_shared = pytest.mark.skipif(
    not OCHA_ADM1.exists(), reason=f"shared development data absent ({SHARED})"
)

# Curated admin1 names -> OCHA ADM1_PCODE (crosswalk in shared/gazetteer-sources/README.md).
_PCODE = {
    "Damascus Governorate": "SY01",
    "Aleppo Governorate": "SY02",
    "Rif Dimashq Governorate": "SY03",
    "Homs Governorate": "SY04",
    "Hama Governorate": "SY05",
    "Latakia Governorate": "SY06",
    "Idlib Governorate": "SY07",
    "Al-Hasakah Governorate": "SY08",
    "Deir ez-Zor Governorate": "SY09",
    "Tartus Governorate": "SY10",
    "Raqqa Governorate": "SY11",
    "Daraa Governorate": "SY12",
    "As-Suwayda Governorate": "SY13",
    "Quneitra Governorate": "SY14",
}


@pytest.mark.acceptance
@needs_shared
def test_curated_syrian_points_fall_in_their_governorate() -> None:
    data = json.loads(OCHA_ADM1.read_bytes().decode("utf-8", errors="replace"))
    polys = {f["properties"]["ADM1_PCODE"]: shape(f["geometry"]) for f in data["features"]}
    places, _ = read_curated()
    syrian = [p for p in places if p.country == "SY"]
    assert len(syrian) >= 25
    wrong = [
        (p.id, p.admin1)
        for p in syrian
        if not polys[_PCODE[p.admin1 or ""]].contains(Point(p.lon, p.lat))
    ]
    assert wrong == []


@pytest.fixture(scope="module")
def default_gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("default-gaz")
    build_default_index(d)
    return load_gazetteer(d, build=False)


@pytest.mark.acceptance
@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Jisr al-Shughur", "SY", 35.81, 36.32),
        ("Jisr ash-Shughur", "SY", 35.81, 36.32),
        ("Jisr Al Shugour", "SY", 35.81, 36.32),
        ("جسر الشغور", "SY", 35.81, 36.32),
        ("Deir ez-Zor", "SY", 35.34, 40.14),
        ("Dayr az Zawr", "SY", 35.34, 40.14),
        ("Severodonetsk", "UA", 48.95, 38.49),
        ("Sievierodonetsk", "UA", 48.95, 38.49),
        ("Kafr Nabl", "SY", 35.61, 36.56),
        ("Kafranbel", "SY", 35.61, 36.56),
        ("Jabal al-Zawiya", "SY", 35.70, 36.52),
        ("Kharkov", "UA", 49.98, 36.25),
        # Russian romanisations of Ukrainian cities that villages share.
        ("Zaporozhye", "UA", 47.85, 35.12),
        ("Nikolaev", "UA", 46.98, 31.99),
        ("Donetsk People's Republic", "UA", 48.02, 37.80),
        # Curated places strike reports name (landmarks, bases, crossings, regions).
        ("Menagh airbase", "SY", 36.52, 37.04),
        ("Bab al-Hawa crossing", "SY", 36.23, 36.67),
        ("Sheikh Maqsoud", "SY", 36.23, 37.16),
        ("al-Omar oil field", "SY", 35.00, 40.58),
        ("Donbas", "UA", 48.30, 38.50),
        ("Hostomel airport", "UA", 50.60, 30.19),
        ("Kulbakino airfield", "UA", 46.94, 32.10),
        ("Maghazi camp", "PS", 31.42, 34.38),
        ("Beach camp", "PS", 31.53, 34.45),
        ("al-Mawasi", "PS", 31.35, 34.27),
        ("Erbil airport", "IQ", 36.24, 43.96),
        ("al-Dailami airbase", "YE", 15.48, 44.22),
        # A 16-point compass abbreviation: 12 km along 157.5 degrees from Homs.
        ("12 km SSE of Homs", "SY", 34.62, 36.78),
    ],
)
def test_default_index_resolves_required_examples(
    default_gaz: Gazetteer, name: str, country: str, lat: float, lon: float
) -> None:
    loc = default_gaz.resolve(name, ResolveContext(countries=(country,))).location
    assert loc is not None, name
    assert haversine_km(loc.lat, loc.lon, lat, lon) < 5


@pytest.mark.acceptance
def test_default_index_admin1_and_country(default_gaz: Gazetteer) -> None:
    idlib = default_gaz.resolve("Idleb", ResolveContext(countries=("SY",), kind_hint="province"))
    assert idlib.location is not None and idlib.location.precision == "admin1"
    jisr = default_gaz.lookup("Jisr ash-Shughur", country="SY")[0].place
    assert jisr.admin1 == "Idlib Governorate"
    assert default_gaz.get(jisr.id) == jisr
    syria = default_gaz.lookup("Syria")[0].place
    assert syria.kind == "country"
    # A country point is the median of its places, not its capital (Damascus 33.5, 36.3).
    assert haversine_km(syria.lat, syria.lon, 33.51, 36.29) > 50


@pytest.mark.acceptance
def test_build_is_idempotent(default_gaz: Gazetteer, tmp_path: Path) -> None:
    assert default_gaz.layer_names[0] == "index"  # the fixture built it already
    index_dir = Path(default_gaz._dbs[0].path).parent
    files = sorted(p for p in index_dir.iterdir() if p.is_file())
    before = {p.name: p.stat().st_mtime_ns for p in files}
    build_default_index(index_dir)  # same stamp: nothing is rewritten
    assert {p.name: p.stat().st_mtime_ns for p in files} == before


@pytest.mark.acceptance
@pytest.mark.parametrize(
    ("name", "lat", "lon", "tolerance_km"),
    [
        ("Homs province", 34.80, 36.75, 100),
        ("Hama province", 35.20, 37.10, 80),
        ("Hama region", 35.20, 37.10, 80),
        ("Idlib area", 35.80, 36.60, 60),
    ],
)
def test_seed_admin_areas_are_at_their_capitals(
    default_gaz: Gazetteer, name: str, lat: float, lon: float, tolerance_km: float
) -> None:
    loc = default_gaz.resolve(name, ResolveContext(countries=("SY",))).location
    assert loc is not None, name
    assert haversine_km(loc.lat, loc.lon, lat, lon) <= tolerance_km
    if "region" in name or "province" in name:
        assert loc.precision == "admin1", loc.reason


@pytest.mark.acceptance
def test_default_index_has_admin1_areas_worldwide(default_gaz: Gazetteer) -> None:
    bavaria = default_gaz.find_admin1("Bavaria", ("DE",))
    assert bavaria is not None and bavaria.kind == "admin1"
    # The point is the area's capital/largest city (Munich), not a guess.
    assert haversine_km(bavaria.lat, bavaria.lon, 48.14, 11.58) < 5


@pytest.mark.acceptance
def test_city_areas_are_as_wide_as_the_city_not_a_share_of_the_country(
    default_gaz: Gazetteer,
) -> None:
    kyiv = default_gaz.find_admin1("Kyiv City", ("UA",))
    oblast = default_gaz.find_admin1("Kyiv Oblast", ("UA",))
    damascus = default_gaz.find_admin1("Damascus Governorate", ("SY",))
    assert kyiv is not None and oblast is not None and damascus is not None
    # Kyiv is ~40 km across; the oblast around it stays a province-sized circle.
    assert 15 <= (kyiv.uncertainty_km or 0) <= 30
    assert (oblast.uncertainty_km or 0) >= 150
    assert (damascus.uncertainty_km or 0) <= 15


@pytest.mark.acceptance
@needs_shared
def test_damascus_city_area_radius_covers_its_ocha_polygon(default_gaz: Gazetteer) -> None:
    data = json.loads(OCHA_ADM1.read_bytes().decode("utf-8", errors="replace"))
    (feature,) = [f for f in data["features"] if f["properties"]["ADM1_PCODE"] == "SY01"]
    geom = shape(feature["geometry"])
    damascus = default_gaz.find_admin1("Damascus Governorate", ("SY",))
    assert damascus is not None
    rings = [p.exterior.coords for p in getattr(geom, "geoms", [geom])]
    farthest = max(
        haversine_km(damascus.lat, damascus.lon, lat, lon) for ring in rings for lon, lat in ring
    )
    assert farthest <= (damascus.uncertainty_km or 0)


def _alias_rows() -> list[dict[str, str]]:
    import csv

    path = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "aliases.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.acceptance
def test_packaged_aliases_resolve_to_their_place_in_their_governorate(
    default_gaz: Gazetteer,
) -> None:
    rows = _alias_rows()
    assert len(rows) >= 8
    for row in rows:
        loc = default_gaz.resolve(row["name"], ResolveContext(countries=(row["country"],)))
        assert loc.location is not None and loc.location.place_id == row["place_id"], row
        assert default_gaz.get(row["place_id"]).admin1 == row["admin1"], row


@pytest.mark.acceptance
@needs_shared
def test_packaged_alias_places_lie_in_their_ocha_governorate(default_gaz: Gazetteer) -> None:
    data = json.loads(OCHA_ADM1.read_bytes().decode("utf-8", errors="replace"))
    polys = {f["properties"]["ADM1_PCODE"]: shape(f["geometry"]) for f in data["features"]}
    for row in _alias_rows():
        place = default_gaz.get(row["place_id"])
        # Border towns: GeoNames puts Ras al-Ayn 0.25 km past the OCHA border line.
        off_km = polys[_PCODE[row["admin1"]]].distance(Point(place.lon, place.lat)) * 111
        assert off_km <= 1.0, row


# "...; 7.3 km S of Azaz" or "...; 10 km ESE of Reyhanlı (TR)" at the end of a source note.
_RELATION = re.compile(r"(\d+(?:\.\d+)?) km ([NSEW]{1,3}) of ([^;()]+?)(?: \(([A-Z]{2})\))?$")


def _curated_relations() -> list[tuple[str, float, float, float, str, str, str]]:
    rows = []
    with CURATED.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            m = _RELATION.search(r["source_note"].strip())
            if m:
                km, bearing, town, cc = m.groups()
                rows.append(
                    (r["id"], float(r["lat"]), float(r["lon"]), float(km), bearing, town,
                     cc or r["country"])
                )  # fmt: skip
    return rows


def test_curated_notes_state_relations_to_check() -> None:
    # Every curated landmark, region or neighbourhood states where it lies relative to a
    # GeoNames town; the list must not silently shrink to nothing.
    assert len(_curated_relations()) >= 19


@pytest.mark.acceptance
@pytest.mark.parametrize(
    ("pid", "lat", "lon", "km", "bearing", "town", "country"),
    _curated_relations(),
    ids=lambda v: v if isinstance(v, str) and v.startswith("cur:") else "",
)
def test_curated_point_agrees_with_its_stated_relation_to_a_geonames_town(
    default_gaz: Gazetteer,
    pid: str,
    lat: float,
    lon: float,
    km: float,
    bearing: str,
    town: str,
    country: str,
) -> None:
    # The relation ("7.3 km S of Azaz") is how descriptions of the place put it; the
    # town's point comes from GeoNames. Agreement catches swapped or mistyped digits
    # and a point on the wrong side of a town, not a shared error of both.
    loc = default_gaz.resolve(town, ResolveContext(countries=(country,))).location
    assert loc is not None, f"{pid}: anchor {town!r} does not resolve in {country}"
    deg = bearing_degrees(bearing)
    assert deg is not None
    exp_lat, exp_lon = destination(loc.lat, loc.lon, deg, km)
    off = haversine_km(exp_lat, exp_lon, lat, lon)
    assert off <= max(1.0, 0.25 * km), f"{pid}: {off:.1f} km from {km} km {bearing} of {town}"


# "...; radius reaches Bosaso, Galkayo and Alula; ..." in a curated region's note.
_REACHES = re.compile(r"radius reaches ([^;(]+)")


def _curated_reaches() -> list[tuple[str, float, float, float, str, str]]:
    rows = []
    with CURATED.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            m = _REACHES.search(r["source_note"])
            if not m:
                continue
            towns = re.split(r",\s*|\s+and\s+", m.group(1).strip())
            for town in towns:
                rows.append(
                    (r["id"], float(r["lat"]), float(r["lon"]), float(r["uncertainty_km"]),
                     town.strip(), r["country"])
                )  # fmt: skip
    return rows


@pytest.mark.acceptance
@pytest.mark.parametrize(
    ("pid", "lat", "lon", "radius_km", "town", "country"),
    [r for r in _curated_reaches() if r[4] not in {"Alqosh", "the Yarmouk", "Majdal Shams"}],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_curated_region_radius_reaches_the_towns_its_note_names(
    default_gaz: Gazetteer,
    pid: str,
    lat: float,
    lon: float,
    radius_km: float,
    town: str,
    country: str,
) -> None:
    # The towns are resolved in the default index (GeoNames points), not read from the
    # note; Alqosh, Majdal Shams and the Yarmouk are not in it (filtered above).
    loc = default_gaz.resolve(town, ResolveContext(countries=(country,))).location
    assert loc is not None, f"{pid}: {town!r} does not resolve in {country}"
    assert haversine_km(lat, lon, loc.lat, loc.lon) <= radius_km, (pid, town)


def test_curated_region_notes_name_towns_to_check() -> None:
    assert len({r[0] for r in _curated_reaches()}) >= 10


@pytest.mark.acceptance
@pytest.mark.parametrize(
    ("name", "country", "place_id", "precision"),
    [
        # Compass forms of GeoNames admin1 names.
        ("North Darfur", "SD", None, "admin1"),
        ("South Kordofan", "SD", None, "admin1"),
        # A name GeoNames also lists on a town 166 km away.
        ("Bahawalpur", "PK", "gn:1183880", "town"),
        ("Puntland", "SO", "cur:so-puntland", "region"),
        ("Darfur", "SD", "cur:sd-darfur", "region"),
        ("Golan Heights", "SY", "cur:sy-golan-heights", "region"),
        ("Kurdistan Region", "IQ", "cur:iq-kurdistan-region", "region"),
        ("North Waziristan", "PK", "cur:pk-north-waziristan", "district"),
    ],
)
def test_default_index_resolves_names_from_recent_reports(
    default_gaz: Gazetteer, name: str, country: str, place_id: str | None, precision: str
) -> None:
    loc = default_gaz.resolve(name, ResolveContext(countries=(country,))).location
    assert loc is not None, name
    assert loc.precision == precision and loc.country == country
    if place_id is not None:
        assert loc.place_id == place_id
