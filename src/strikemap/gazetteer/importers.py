"""Import extra gazetteer layers: GeoNames dumps, OCHA COD files, user aliases.

Each import writes one layer, ``<gazetteer dir>/layers/<name>.sqlite`` (+ key hashes),
searched after the default index. Re-importing a name replaces the layer; the file is
written to a temporary name and renamed, so a failed import leaves nothing behind.

A structurally malformed file (wrong column count, invalid JSON/CSV) raises
:class:`GazetteerImportError` with the line number; a well-formed row with unusable
values (no name, coordinates out of range) is skipped and reported in
:attr:`ImportReport.rejected`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from strikemap import safe_fetch, settings
from strikemap.gazetteer._store import (
    PLACE_COLUMNS,
    keys_path,
    read_meta,
    row_to_place,
    write_index,
)
from strikemap.gazetteer.build import (
    alt_ok,
    city_kind,
    covering_radius_km,
    default_uncertainty_km,
    read_curated,
)
from strikemap.gazetteer.geo import EARTH_RADIUS_KM
from strikemap.gazetteer.normalize import (
    QUALIFIER_WORDS,
    WORD_VARIANT_SPELLINGS,
    normalize_name,
    skeleton_key,
    strip_generic,
    variant_key,
    vowel_shape,
)
from strikemap.model import PLACE_KINDS, Place, PlaceKind

_LAYER_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_SKIP_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid"})


class GazetteerImportError(Exception):
    """A file could not be imported; the message is one line and names the line number."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did."""

    layer: str
    path: Path
    count: int
    rejected: tuple[tuple[int, str], ...] = ()

    def summary(self) -> str:
        """Return a one-line summary."""
        return f"layer {self.layer!r}: {self.count} places imported, {len(self.rejected)} rejected"


@dataclass(frozen=True, slots=True)
class LayerInfo:
    """An imported layer on disk."""

    name: str
    path: Path
    count: int
    source: str
    imported_at: str


@dataclass
class _Collector:
    places: list[Place] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    geometries: dict[str, bytes] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def add(self, lineno: int, place: Place | None, why: str = "") -> None:
        if place is None:
            self.rejected.append((lineno, why))
            return
        if not place.name.strip():
            self.rejected.append((lineno, "empty name"))
            return
        if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180) or math.isnan(place.lat):
            self.rejected.append((lineno, "coordinates out of range"))
            return
        if place.id in self.ids:
            self.rejected.append((lineno, f"duplicate id {place.id}"))
            return
        self.ids.add(place.id)
        self.places.append(place)


# ---------------------------------------------------------------------- layers on disk
def layers_dir(directory: Path | None = None) -> Path:
    """Return the folder of imported layers inside a gazetteer directory."""
    return (directory or settings.gazetteer_dir()) / "layers"


def _check_name(name: str) -> str:
    if not _LAYER_NAME.match(name):
        raise GazetteerImportError(
            f"invalid layer name {name!r}: use lower-case letters, digits, '-' and '_'"
        )
    return name


def _write_layer(name: str, directory: Path | None, col: _Collector, source: str) -> ImportReport:
    if not col.places:
        raise GazetteerImportError(f"{source}: no usable place found; nothing imported")
    path = layers_dir(directory) / f"{_check_name(name)}.sqlite"
    meta = {
        "kind": "layer",
        "layer": name,
        "source": source,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "places": str(len(col.places)),
    }
    write_index(path, col.places, meta, col.geometries)
    return ImportReport(name, path, len(col.places), tuple(col.rejected))


def list_layers(directory: Path | None = None) -> list[LayerInfo]:
    """Return the imported layers in a gazetteer directory.

    Parameters
    ----------
    directory
        The gazetteer directory (default :func:`strikemap.settings.gazetteer_dir`).

    Returns
    -------
    list of LayerInfo
        Sorted by name.
    """
    out = []
    for p in sorted(layers_dir(directory).glob("*.sqlite")):
        meta = read_meta(p)
        out.append(
            LayerInfo(
                p.stem,
                p,
                int(meta.get("places", "0")),
                meta.get("source", ""),
                meta.get("imported_at", ""),
            )
        )
    return out


def remove_layer(name: str, directory: Path | None = None) -> bool:
    """Delete an imported layer; return whether it existed."""
    path = layers_dir(directory) / f"{_check_name(name)}.sqlite"
    existed = path.exists()
    for p in (path, keys_path(path)):
        if p.exists():
            p.unlink()
    return existed


# ---------------------------------------------------------------------- admin1 names
class _Admin1Namer:
    """Map an admin1 name as a source spells it ("Idleb") to the curated name."""

    def __init__(self) -> None:
        try:
            places, _codes = read_curated()
        except (OSError, ValueError):
            places = []
        self._by: dict[tuple[str, str], str] = {}
        for p in places:
            if p.kind != "admin1":
                continue
            for n in (p.name, *p.alt_names):
                for k in (strip_generic(n), skeleton_key(strip_generic(n))):
                    self._by.setdefault((p.country, k), p.name)

    def __call__(self, country: str, name: str | None) -> str | None:
        if not name:
            return None
        for k in (strip_generic(name), skeleton_key(strip_generic(name))):
            hit = self._by.get((country, k))
            if hit:
                return hit
        return name


# ---------------------------------------------------------------------- GeoNames
_GN_COLUMNS = 19


def _gn_kind(fclass: str, fcode: str, pop: int) -> tuple[PlaceKind, float] | None:
    if fclass == "P":
        if fcode in ("PPLX",):
            return "neighbourhood", 1.5
        return city_kind(pop)
    if fclass == "A":
        if fcode == "ADM1":
            return "admin1", 50.0
        if fcode == "ADM2":
            return "admin2", 15.0
        if fcode in ("ADM3", "ADM4", "ADM5", "ADMD"):
            return "district", 8.0
        if fcode in ("PCLI", "PCLD", "PCLS", "PCLF", "TERR"):
            return "country", 300.0
        return None
    if fclass in ("T", "L"):
        return "region", 10.0
    if fclass == "S" or (fclass == "H" and fcode in ("DAM", "RSV")):
        return "landmark", 1.0
    return None


def _base_admin1_by_code(directory: Path | None) -> dict[tuple[str, str], Place]:
    """Return the base index's first-level areas by (country, GeoNames admin1 code).

    Curated areas carry their code in ``curated.csv``; generated ones have the id
    ``gn-admin1:CC.code``. Empty when no base index is built yet.
    """
    import sqlite3

    index = (directory or settings.gazetteer_dir()) / "index.sqlite"
    if not index.exists():
        return {}
    con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        rows = con.execute(f"SELECT {PLACE_COLUMNS} FROM places WHERE kind = 'admin1'").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        con.close()
    areas = [row_to_place(r) for r in rows]
    try:
        _curated, codes = read_curated()
    except (OSError, ValueError):
        codes = {}
    by_name = {(p.country, p.name): p for p in areas}
    out: dict[tuple[str, str], Place] = {}
    for (cc, code), nm in sorted(codes.items()):
        if (cc, nm) in by_name:
            out[(cc, code)] = by_name[(cc, nm)]
    for p in sorted(areas, key=lambda a: a.id):
        if p.id.startswith("gn-admin1:"):
            cc, _, code = p.id.split(":", 1)[1].partition(".")
            out.setdefault((cc, code), p)
    return out


_ADMIN_LEVEL = {"ADM1": 1, "ADM2": 2, "ADM3": 3, "ADM4": 4}


def _admin_unit(cols: Sequence[str]) -> tuple[str, ...] | None:
    """Return the (country, admin codes...) key of an ADM1-ADM4 row, None otherwise."""
    level = _ADMIN_LEVEL.get(cols[7])
    if level is None or not all(cols[10 : 10 + level]):
        return None
    return (cols[8], *cols[10 : 10 + level])


def _admin_extents(
    rows: Sequence[tuple[int, Sequence[str]]],
) -> dict[tuple[str, ...], list[tuple[float, float]]]:
    """Return the populated places of each administrative unit, by its codes key."""
    members: dict[tuple[str, ...], list[tuple[float, float]]] = {}
    for _lineno, c in rows:
        if c[6] != "P":
            continue
        try:
            pt = (float(c[4]), float(c[5]))
        except ValueError:
            continue
        for level in range(1, 5):
            codes = c[10 : 10 + level]
            if not all(codes):
                break
            members.setdefault((c[8], *codes), []).append(pt)
    return members


def _read_alternate_names(path: Path) -> dict[str, list[str]]:
    alts: dict[str, list[str]] = {}
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                raise GazetteerImportError(
                    f"{path.name}:{lineno}: expected >= 4 tab-separated columns "
                    f"(alternateNames format), found {len(cols)}"
                )
            if cols[2] in _SKIP_LANGS or not alt_ok(cols[3]):
                continue
            alts.setdefault(cols[1], []).append(cols[3])
    return alts


def _open_text(path: Path) -> io.TextIOWrapper:
    """Open a text file, or the single ``.txt`` inside a ``.zip``."""
    if path.suffix.lower() == ".zip":
        zf = zipfile.ZipFile(path)
        members = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
        if not members:
            raise GazetteerImportError(f"{path.name}: no .txt file inside the zip")
        return io.TextIOWrapper(zf.open(members[0]), encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def import_geonames(
    path: Path,
    *,
    alternate_names: Path | None = None,
    name: str | None = None,
    directory: Path | None = None,
) -> ImportReport:
    """Import a GeoNames dump (``SY.txt``/``SY.zip``, 19 tab-separated columns).

    Parameters
    ----------
    path
        The country (or ``allCountries``) dump.
    alternate_names
        Optional ``alternateNames``/``alternateNamesV2`` file for the same places.
    name
        Layer name (default ``geonames-<file stem>``).
    directory
        The gazetteer directory.

    Returns
    -------
    ImportReport
        Counts and rejected rows.

    Raises
    ------
    GazetteerImportError
        When a line does not have 19 columns, or nothing usable was found.
    """
    layer = name or f"geonames-{path.stem.lower()}"
    _check_name(layer)
    alts = _read_alternate_names(alternate_names) if alternate_names else {}
    rows: list[tuple[int, list[str]]] = []
    admin1: dict[tuple[str, str], str] = {}
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\n")
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) != _GN_COLUMNS:
                raise GazetteerImportError(
                    f"{path.name}:{lineno}: expected {_GN_COLUMNS} tab-separated columns "
                    f"(GeoNames dump format), found {len(cols)}"
                )
            rows.append((lineno, cols))
            if cols[7] == "ADM1":
                admin1[(cols[8], cols[10])] = cols[1]
    namer = _Admin1Namer()
    base_areas = _base_admin1_by_code(directory)
    extents = _admin_extents(rows)
    col = _Collector()
    for lineno, c in rows:
        try:
            lat, lon = float(c[4]), float(c[5])
            pop = int(c[14] or 0)
        except ValueError:
            col.add(lineno, None, "bad number in latitude/longitude/population")
            continue
        kind = _gn_kind(c[6], c[7], pop)
        if kind is None:
            continue  # feature classes strike reports do not name (streams, roads...)
        cc = c[8]
        names = [c[2], *c[3].split(","), *alts.get(c[0], [])]
        alt_names = tuple(
            dict.fromkeys(a.strip() for a in names if a.strip() and a.strip() != c[1] and alt_ok(a))
        )
        base = base_areas.get((cc, c[10])) if c[10] else None
        # Places keep the base index's name for their first-level area (matched by the
        # GeoNames admin1 code), so that "X, Sumy" finds the villages of the area the
        # rest of strikemap calls "Sumy Oblast" (GeoNames spells it "Sumska Oblast").
        a1 = base.name if base is not None else admin1.get((cc, c[10])) if c[10] else None
        if kind[0] == "admin1" and base is None:
            a1 = c[1]
        radius = kind[1]
        unit = _admin_unit(c)
        if unit is not None and unit in extents:
            # An administrative unit covers its member places: its radius is their
            # extent from its point, not a fixed figure per level.
            radius = covering_radius_km(lat, lon, extents[unit], floor_km=kind[1] / 5)
        if kind[0] == "admin1" and base is not None:
            # The same area as an entry of the base index: one entry (its id, name and
            # point) with GeoNames' names added, not a rival that makes it ambiguous.
            merged = tuple(dict.fromkeys((*base.alt_names, c[1], *alt_names)))
            col.add(
                lineno,
                replace(
                    base,
                    alt_names=tuple(a for a in merged if a != base.name),
                    uncertainty_km=max(base.uncertainty_km or 0.0, radius),
                ),
            )
            continue
        col.add(
            lineno,
            Place(
                id=f"gn:{c[0]}",
                name=c[1],
                kind=kind[0],
                country=cc,
                admin1=a1 if base is not None else namer(cc, a1),
                lat=lat,
                lon=lon,
                population=pop,
                alt_names=alt_names,
                source="geonames-dump",
                uncertainty_km=radius,
            ),
        )
    return _write_layer(layer, directory, col, f"GeoNames dump {path.name}")


# ---------------------------------------------------------------------- OCHA COD
def _load_json_bytes(path: Path) -> Any:
    # Some COD files are not strictly UTF-8 (truncated Arabic names): replace, don't fail.
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise GazetteerImportError(f"{path.name}:{exc.lineno}: invalid JSON ({exc.msg})") from exc


def _topo_features(topo: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Decode a TopoJSON topology into (object name, GeoJSON feature) pairs."""
    tr = topo.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        pts: list[tuple[float, float]] = []
        x = y = 0.0
        for p in arc:
            if tr:
                x += p[0]
                y += p[1]
                pts.append(
                    (
                        x * tr["scale"][0] + tr["translate"][0],
                        y * tr["scale"][1] + tr["translate"][1],
                    )
                )
            else:
                pts.append((float(p[0]), float(p[1])))
        arcs.append(pts)

    def ring(idx: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in idx:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    def geom(g: Mapping[str, Any]) -> dict[str, Any] | None:
        t = g.get("type")
        if t == "Polygon":
            return {"type": t, "coordinates": [ring(r) for r in g["arcs"]]}
        if t == "MultiPolygon":
            return {"type": t, "coordinates": [[ring(r) for r in poly] for poly in g["arcs"]]}
        if t in ("Point", "MultiPoint"):
            return {"type": t, "coordinates": g["coordinates"]}
        return None

    for oname, obj in topo.get("objects", {}).items():
        geoms = obj.get("geometries", [obj])
        for g in geoms:
            yield (
                oname,
                {"type": "Feature", "properties": g.get("properties") or {}, "geometry": geom(g)},
            )


_PLACEHOLDER_NAMES = frozenset(["unknown", "n/a", "na", "none", "null", "-", "?"])
"""Names a source writes where it has none (OCHA's Damascus neighbourhoods: "Unknown")."""


def _admin_level(props: Mapping[str, Any]) -> tuple[int, str, str, str | None] | None:
    """Return (level, name, pcode, arabic name) of an OCHA admin feature."""
    if "HAY_EN" in props:
        return 5, str(props["HAY_EN"]), str(props.get("HAY_PCODE") or ""), None
    if props.get("NAME_EN"):
        parents = [k for k in range(1, 5) if f"ADMIN{k}_EN" in props or f"ADM{k}_EN" in props]
        level = (max(parents) + 1) if parents else 1
        ar = props.get("NAME_ARA") or props.get("NAME_AR")
        return level, str(props["NAME_EN"]), str(props.get("PCODE") or ""), ar
    for k in range(4, 0, -1):
        if props.get(f"ADM{k}_EN"):
            return (
                k,
                str(props[f"ADM{k}_EN"]),
                str(props.get(f"ADM{k}_PCODE") or ""),
                props.get(f"ADM{k}_AR"),
            )
    return None


def import_ocha(
    path: Path,
    *,
    name: str | None = None,
    directory: Path | None = None,
    country: str | None = None,
) -> ImportReport:
    """Import an OCHA COD file: populated places or admin boundaries (GeoJSON/TopoJSON).

    Parameters
    ----------
    path
        A GeoJSON FeatureCollection or a TopoJSON Topology.
    name
        Layer name (default ``ocha-<file stem>``).
    directory
        The gazetteer directory.
    country
        ISO2 code; default the first two letters of the P-codes ("SY01" -> ``SY``).

    Returns
    -------
    ImportReport
        Counts and rejected features (numbered from 1 in file order).

    Raises
    ------
    GazetteerImportError
        On invalid JSON or a file that is neither a FeatureCollection nor a Topology.
    """
    from shapely import wkb  # lazy: only imports need shapely
    from shapely.geometry import shape

    layer = name or f"ocha-{re.sub(r'[^a-z0-9_-]+', '-', path.stem.lower())}"
    _check_name(layer)
    data = _load_json_bytes(path)
    if not isinstance(data, dict):
        raise GazetteerImportError(f"{path.name}:1: not a GeoJSON/TopoJSON object")
    if data.get("type") == "Topology":
        feats: Iterable[tuple[str, dict[str, Any]]] = _topo_features(data)
    elif data.get("type") == "FeatureCollection":
        feats = (("", f) for f in data.get("features", []))
    else:
        raise GazetteerImportError(
            f"{path.name}:1: expected a GeoJSON FeatureCollection or TopoJSON Topology"
        )
    namer = _Admin1Namer()
    col = _Collector()
    for n, (_oname, feat) in enumerate(feats, start=1):
        props = feat.get("properties") or {}
        g = feat.get("geometry")
        pcode = str(props.get("PCODE") or "")
        # Populated-place P-codes are "Cnnnn": the country comes from the admin codes.
        code = (
            props.get("ADMIN1_COD")
            or props.get("ADM1_PCODE")
            or props.get("ADM0_PCODE")
            or props.get("ADMIN2_COD")
            or (pcode if not pcode.startswith("C") else "")
        )
        cc = (country or str(code or "")[:2]).upper()
        if "LATITUDE" in props or (g and g.get("type") in ("Point", "MultiPoint")):
            try:
                if props.get("LATITUDE") is not None:
                    lat, lon = float(props["LATITUDE"]), float(props["LONGITUDE"])
                else:
                    pt = shape(g).representative_point()
                    lat, lon = pt.y, pt.x
            except (TypeError, ValueError, KeyError):
                col.add(n, None, "no usable coordinates")
                continue
            admin_names = (props.get("ADMIN2_EN") or props.get("ADM2_EN"), props.get("ADMIN3_EN"))
            alts = [
                props.get("NAM_EN_REF"),
                props.get("NAME_ARA"),
                props.get("NAME_AR"),
                *_name_parts(str(props.get("NAME_EN") or ""), admin_names),
                *_name_parts(str(props.get("NAM_EN_REF") or ""), admin_names),
                *_district_stems(str(props.get("NAME_EN") or ""), admin_names),
                *_arabic_district_stems(
                    str(props.get("NAME_ARA") or ""),
                    (props.get("ADMIN2_ARA"), props.get("ADMIN3_ARA")),
                ),
            ]
            capital = props.get("CAPIT_LVL")
            kind: PlaceKind = "city" if capital in (1, "1") else "town" if capital else "village"
            col.add(
                n,
                Place(
                    id=f"ocha:{pcode}" if pcode else f"ocha:{layer}:{n}",
                    name=str(props.get("NAME_EN") or ""),
                    kind=kind,
                    country=cc,
                    admin1=namer(cc, props.get("ADMIN1_EN") or props.get("ADM1_EN")),
                    lat=lat,
                    lon=lon,
                    alt_names=tuple(
                        dict.fromkeys(
                            str(a).replace("\ufffd", "").strip()
                            for a in alts
                            if a
                            and str(a).strip()
                            and "\ufffd" not in str(a)
                            and str(a) != props.get("NAME_EN")
                        )
                    ),
                    source="ocha-cod",
                    uncertainty_km={"city": 6.0, "town": 3.0}.get(kind, 2.0),
                ),
            )
            continue
        lvl = _admin_level(props)
        if lvl is None or g is None:
            col.add(n, None, "no admin name or geometry")
            continue
        level, nm, pc, ar = lvl
        if nm.strip().lower() in _PLACEHOLDER_NAMES:
            col.add(n, None, f"placeholder name {nm!r}")
            continue
        iso = pc[:2] if pc[:2].isalpha() else ""
        if not (country or iso):
            # Damascus neighbourhoods carry populated-place codes ("C10011010"): taking
            # "C1" as the country hid all 64 from every Syrian report.
            raise GazetteerImportError(
                f"{path.name}:{n}: P-code {pc!r} does not say which country; pass the "
                "country (strikemap gazetteer import ocha FILE --country SY)"
            )
        cc = (country or iso).upper()
        try:
            geo = shape(g)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            col.add(n, None, f"bad geometry: {exc}")
            continue
        if geo.is_empty:
            col.add(n, None, "empty geometry")
            continue
        pt = geo.centroid if geo.contains(geo.centroid) else geo.representative_point()
        levels: dict[int, PlaceKind] = {1: "admin1", 2: "admin2", 3: "district"}
        kind = levels.get(level, "neighbourhood")
        if level == 1:
            a1 = namer(cc, nm)
        else:
            # Neighbourhoods name their city, which names its governorate ("Damascus").
            a1 = namer(cc, props.get("ADMIN1_EN") or props.get("ADM1_EN") or props.get("CITY_NAME"))
        pid = f"ocha:{pc}" if pc else f"ocha:{layer}:{n}"
        alts = [props.get("NAM_EN_REF"), ar]
        if level == 1 and a1 and a1 != nm:
            alts.append(a1)
        place = Place(
            id=pid,
            name=nm,
            kind=kind,
            country=cc,
            admin1=a1,
            lat=pt.y,
            lon=pt.x,
            alt_names=tuple(
                dict.fromkeys(str(a) for a in alts if a and str(a) != nm and "\ufffd" not in str(a))
            ),
            source="ocha-cod",
            uncertainty_km=far_vertex_km(pt.y, pt.x, geo) or default_uncertainty_km(kind),
        )
        col.add(n, place)
        if level <= 2 and pid in col.ids:
            # Simplified (~500 m) so the dashboard can draw admin areas cheaply.
            col.geometries[pid] = wkb.dumps(geo.simplify(0.005, preserve_topology=True))
    return _write_layer(layer, directory, col, f"OCHA COD {path.name}")


_PART_SEP = re.compile(r"\s+-\s+|\s*/\s*")
_QUALIFIER_ONLY = re.compile(
    r"^(?:(?:eastern|western|northern|southern|upper|lower|big|little|middle|and)\s*)+$",
    re.IGNORECASE,
)


_ARTICLE_WORDS = frozenset(["al", "el", "ar", "as", "ash", "at", "ath", "az", "ad", "an", "ed"])


def far_vertex_km(lat: float, lon: float, geom: Any) -> float:
    """Return the distance from (lat, lon) to the farthest vertex of a polygon, in km.

    The radius that covers an area from its representative point: any point of a
    polygon is within its farthest vertex's distance. (``sqrt(area) / 2``, used before,
    is the half side of a square of that area: on the 14 OCHA governorates of Syria the
    farthest vertex lay 1.4-2.2 times beyond it, median 1.8.) Rounded up to 0.1 km; 0.0
    for a geometry without vertices.
    """
    import numpy as np
    import shapely

    xy = shapely.get_coordinates(geom)
    if not len(xy):
        return 0.0
    p1 = math.radians(lat)
    p2 = np.radians(xy[:, 1])
    h = (
        np.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * np.cos(p2) * np.sin(np.radians(xy[:, 0] - lon) / 2) ** 2
    )
    km = 2 * EARTH_RADIUS_KM * float(np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))).max())
    return math.ceil(km * 10) / 10


def _district_stems(name: str, admin_names: Iterable[object]) -> list[str]:
    """Return the name without its district ("Mreimin Afrin" -> "Mreimin").

    OCHA COD appends the admin2/admin3 name to village names that recur in several
    districts ("Mreimin Afrin", "Zaydiyeh Ras El Ein", "Samuqet Aazaz"); reports write
    the village alone. The stem is kept as an alias when it is a name by itself (not
    an article, a qualifier or a bare generic word such as "Tal"). A construct ending
    left bare ("Khaldiyet") is kept as written: respelling it "-eh" matched, on the
    Airwars development set, a namesake 170 km from the place meant.
    """
    words = normalize_name(name).split()
    for admin in admin_names:
        if not admin or len(words) < 2:
            continue
        vadmin = variant_key(normalize_name(str(admin)))
        for k in range(1, len(words)):
            if variant_key(" ".join(words[k:])) != vadmin:
                continue
            stem = words[:k]
            core = [w for w in stem if w not in _ARTICLE_WORDS and w not in QUALIFIER_WORDS]
            if not core or (
                len(core) == 1 and (len(core[0]) < 3 or core[0] in WORD_VARIANT_SPELLINGS)
            ):
                return []
            return [" ".join(w.capitalize() for w in stem)]
    return []


def _arabic_district_stems(name: str, admin_names: Iterable[object]) -> list[str]:
    """Return an Arabic name without the district OCHA appends to it.

    "سموقة اعزاز" (Samuqa in Azaz district) -> "سموقة", as :func:`_district_stems` does
    for the English name: reports name the village alone. A stem of one letter group
    only, or a name cut by the source (a replacement character), gives nothing.
    """
    if "\ufffd" in name:
        return []
    for admin in admin_names:
        a = str(admin or "").strip()
        if a and name.endswith(" " + a):
            stem = name[: -len(a) - 1].strip()
            if len(stem) >= 2:
                return [stem]
    return []


def _name_parts(name: str, admin_names: Iterable[object] = ()) -> list[str]:
    """Return the names a combined OCHA name lists ("Qaderiyeh - Qayqun" -> both).

    OCHA COD populated places often join two names of one place (Arabic and Kurdish or
    Turkmen, or an old and a new name) with " - "; each part is what a report writes.
    Parts made only of qualifiers ("Tab Issa - Eastern and Western") are not names, nor
    is a part that spells the row's own district or sub-district ("Abin - Efrin" in
    Afrin district, "Jeb Elkhafi - Manbaj" in Menbij): that part tells namesakes apart,
    and as an alias it made "Manbaj" resolve to a village 40 km from Manbij.
    """
    parts = [p.strip() for p in _PART_SEP.split(name)]
    if len(parts) < 2:
        return []
    shapes = {vowel_shape(variant_key(normalize_name(str(a)))) for a in admin_names if a}
    return [
        p
        for p in parts
        if len(p) >= 3
        and not _QUALIFIER_ONLY.match(p)
        and vowel_shape(variant_key(normalize_name(p))) not in shapes
    ]


# ---------------------------------------------------------------------- user aliases
def import_aliases(
    path: Path,
    *,
    name: str = "aliases",
    directory: Path | None = None,
    gazetteer: Any = None,
) -> ImportReport:
    """Import a user alias CSV.

    Columns: ``name``, then either ``place_id`` (an existing entry, whose point and
    kind are copied) or ``lat`` and ``lon``; ``country`` (ISO2); optional ``kind``,
    ``admin1``, ``uncertainty_km``, ``alt_names`` (``|``-separated).

    Parameters
    ----------
    path
        The CSV.
    name
        Layer name.
    directory
        The gazetteer directory.
    gazetteer
        Used to look up ``place_id`` rows (default: the gazetteer in ``directory``).

    Returns
    -------
    ImportReport
        Counts and rejected rows (CSV line numbers).

    Raises
    ------
    GazetteerImportError
        When the header lacks ``name`` or both ``place_id`` and ``lat``/``lon``.
    """
    _check_name(name)
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    fields = set(reader.fieldnames or [])
    if "name" not in fields or not ({"place_id"} <= fields or {"lat", "lon"} <= fields):
        raise GazetteerImportError(
            f"{path.name}:1: header needs 'name' and 'place_id' or 'lat','lon' columns"
        )
    col = _Collector()
    for lineno, row in _csv_rows(reader):
        nm = (row.get("name") or "").strip()
        pid = (row.get("place_id") or "").strip()
        cc = (row.get("country") or "").strip().upper()
        alts = tuple(a.strip() for a in (row.get("alt_names") or "").split("|") if a.strip())
        if pid:
            if gazetteer is None:
                from strikemap.gazetteer.index import load_gazetteer

                gazetteer = load_gazetteer(directory)
            try:
                target = gazetteer.get(pid)
            except KeyError:
                col.add(lineno, None, f"unknown place id {pid}")
                continue
            col.add(
                lineno,
                Place(
                    id=f"user:{name}:{lineno}",
                    name=nm,
                    kind=target.kind,
                    country=cc or target.country,
                    admin1=target.admin1,
                    lat=target.lat,
                    lon=target.lon,
                    population=target.population,
                    alt_names=alts,
                    source=f"user alias of {pid}",
                    uncertainty_km=target.uncertainty_km,
                ),
            )
            continue
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, TypeError, ValueError):
            col.add(lineno, None, "no place_id and no numeric lat/lon")
            continue
        kind = (row.get("kind") or "village").strip()
        if kind not in PLACE_KINDS:
            col.add(lineno, None, f"unknown kind {kind!r}")
            continue
        try:
            unc = float(row["uncertainty_km"]) if row.get("uncertainty_km") else None
        except ValueError:
            col.add(lineno, None, "bad uncertainty_km")
            continue
        col.add(
            lineno,
            Place(
                id=f"user:{name}:{lineno}",
                name=nm,
                kind=kind,  # type: ignore[arg-type]
                country=cc,
                admin1=(row.get("admin1") or "").strip() or None,
                lat=lat,
                lon=lon,
                alt_names=alts,
                source="user",
                uncertainty_km=unc if unc is not None else default_uncertainty_km(kind),
            ),
        )
    return _write_layer(name, directory, col, f"aliases {path.name}")


def _csv_rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise GazetteerImportError(f"line {reader.line_num}: malformed CSV ({exc})") from exc


# ---------------------------------------------------------------------- download
def download_geonames(
    countries: Sequence[str],
    base_url: str = "https://download.geonames.org/export/dump/",
    timeout: float = 15.0,
    dest: Path | None = None,
    *,
    allow_private: bool | None = None,
) -> list[tuple[Path, Path | None]]:
    """Download GeoNames country dumps and their alternate names.

    Fetched through :mod:`strikemap.safe_fetch`: a ``base_url`` (or a redirect) leading
    to a loopback, private or other non-public address is refused unless allowed.

    Parameters
    ----------
    countries
        ISO2 codes.
    base_url
        The dump root; ``CC.zip`` and ``alternatenames/CC.zip`` are fetched from it.
    timeout
        Seconds per request; an unreachable server fails after at most this long.
    dest
        Download folder (default ``<gazetteer dir>/downloads``).
    allow_private
        Let ``base_url`` be a private or loopback address (an intranet mirror); ``None``
        reads ``STRIKEMAP_ALLOW_PRIVATE_URLS``.

    Returns
    -------
    list of (Path, Path or None)
        Per country, the dump zip and the alternate-names zip (``None`` when the
        server has none).

    Raises
    ------
    GazetteerImportError
        When a dump cannot be fetched (offline, unknown country, HTTP error) or its
        address is refused.
    """
    dest = dest or settings.gazetteer_dir() / "downloads"
    dest.mkdir(parents=True, exist_ok=True)
    base = base_url if base_url.endswith("/") else base_url + "/"
    out: list[tuple[Path, Path | None]] = []
    for cc in countries:
        cc = cc.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", cc):
            raise GazetteerImportError(f"invalid country code {cc!r}")
        main = _download(base + f"{cc}.zip", dest / f"{cc}.zip", timeout, allow_private)
        try:
            alt: Path | None = _download(
                base + f"alternatenames/{cc}.zip",
                dest / f"{cc}-alternatenames.zip",
                timeout,
                allow_private,
            )
        except GazetteerImportError as exc:
            if isinstance(exc.__cause__, safe_fetch.URLRefusedError):
                raise  # a refused redirect is reported, not taken for a missing file
            alt = None
        out.append((main, alt))
    return out


def _download(url: str, target: Path, timeout: float, allow_private: bool | None) -> Path:
    tmp = target.with_name(target.name + ".part")
    try:
        with tmp.open("wb") as fh:
            safe_fetch.copy_url(url, fh, timeout=timeout, allow_private=allow_private)
    except safe_fetch.URLRefusedError as exc:
        tmp.unlink(missing_ok=True)
        raise GazetteerImportError(str(exc)) from exc
    except (safe_fetch.FetchError, OSError) as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.reason if isinstance(exc, safe_fetch.FetchError) else exc
        raise GazetteerImportError(
            f"cannot download {url}: {reason} (offline? download the file elsewhere and "
            "use 'strikemap gazetteer import geonames FILE')"
        ) from exc
    if not zipfile.is_zipfile(tmp):
        tmp.unlink()
        raise GazetteerImportError(f"cannot download {url}: the server did not send a zip file")
    tmp.replace(target)
    return target


__all__ = [
    "GazetteerImportError",
    "ImportReport",
    "LayerInfo",
    "download_geonames",
    "import_aliases",
    "import_geonames",
    "import_ocha",
    "layers_dir",
    "list_layers",
    "normalize_name",
    "remove_layer",
]
