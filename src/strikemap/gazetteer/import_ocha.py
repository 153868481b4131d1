"""Import OCHA common operational datasets (admin boundaries, populated places) as a layer.

Boundaries (GeoJSON or TopoJSON) become areas with their simplified polygons and a
radius that covers them from their representative point (:func:`far_vertex_km`).
Populated places keep their English and Arabic names, and a village whose OCHA name
carries its district ("Mreimin Afrin") also answers to the name alone ("Mreimin").
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from strikemap.gazetteer.build import (
    default_uncertainty_km,
)
from strikemap.gazetteer.geo import EARTH_RADIUS_KM
from strikemap.gazetteer.layer_files import (
    Admin1Namer,
    GazetteerImportError,
    ImportReport,
    LayerRows,
    check_layer_name,
    write_layer,
)
from strikemap.gazetteer.normalize import (
    QUALIFIER_WORDS,
    WORD_VARIANT_SPELLINGS,
    normalize_name,
    variant_key,
    vowel_shape,
)
from strikemap.model import Place, PlaceKind


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
    check_layer_name(layer)
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
    namer = Admin1Namer()
    col = LayerRows()
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
    return write_layer(layer, directory, col, f"OCHA COD {path.name}")


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
