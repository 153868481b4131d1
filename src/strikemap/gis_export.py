r"""GeoPackage, KML and GeoParquet exports of stored events, through geopandas and pyogrio.

Each file is built from the GeoJSON export (:func:`strikemap.export.export_geojson`), so it
holds exactly the same events and fields: one point per event in WGS 84 (EPSG:4326,
x = lon, y = lat), an ``event_id`` column (the Feature id), then every Feature property in
order. ``claims`` stays one JSON text column, the GeoJSON ``claims`` array as is: each
claim keeps its own claimant, target, casualty figures, denial, quote and evidence span
together, which the CSV's joined columns cannot (and none of the three formats has a
nested type every reader understands).

The GeoJSON's top-level ``strikemap`` block (filters, generation time, version, count,
attribution) travels as JSON text:

- GeoPackage: the layer's description (``gpkg_contents.description``, shown by QGIS) and
  the layer metadata item ``strikemap`` (``gpkg_metadata``, read by
  ``pyogrio.read_info(path)["layer_metadata"]``);
- GeoParquet: the file's key-value metadata ``strikemap``, beside GeoParquet's ``geo``;
- KML: the ``<description>`` of the root ``<Document>``. KML viewers render descriptions
  as HTML, so ``<``, ``>`` and ``&`` inside it are written as JSON ``\u`` escapes: the
  text still parses as the same JSON and a viewer shows it as text. Each placemark is
  named after its place (``Name``, the label Google Earth shows); the fields are its
  extended data, escaped as XML text. XML cannot hold control characters, and GDAL's KML
  writer trims spaces at the ends of a field; the claims' JSON keeps them as escapes.

Every file is written to a temporary name beside the target and renamed into place, so a
failure never leaves a half-written export.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import orjson

from strikemap.export import FEATURE_PROPERTIES, cycle_collector_paused, export_geojson
from strikemap.filters import EventFilter

if TYPE_CHECKING:  # geopandas, pyogrio and pyarrow load on first export, not on import
    import geopandas as gpd

    from strikemap.store import Store

__all__ = [
    "GIS_FORMATS",
    "LAYER_NAME",
    "METADATA_KEY",
    "GisExportError",
    "GisFormat",
    "collection_to_gdf",
    "export_gis",
    "gis_bytes",
    "metadata_json",
    "write_gis",
]


@dataclass(frozen=True, slots=True)
class GisFormat:
    """One GIS export format: its name on the command line, file suffix and MIME type."""

    name: str
    label: str
    suffix: str
    mime: str
    binary: bool


GIS_FORMATS: dict[str, GisFormat] = {
    f.name: f
    for f in (
        GisFormat("gpkg", "GeoPackage", ".gpkg", "application/geopackage+sqlite3", True),
        GisFormat("kml", "KML", ".kml", "application/vnd.google-earth.kml+xml", False),
        GisFormat("parquet", "GeoParquet", ".parquet", "application/vnd.apache.parquet", True),
    )
}
"""The formats :func:`write_gis` writes, by name."""

LAYER_NAME = "events"
"""The layer (GeoPackage table, KML folder) holding the events."""

METADATA_KEY = "strikemap"
"""Name of the metadata item holding the export's ``strikemap`` block."""

_CRS = "EPSG:4326"
_KML_DOCUMENT_ID = "strikemap"
_TITLE = "strikemap events"

# Columns whose type is known whatever the values (an empty export keeps them typed).
_COLUMN_DTYPES = {
    "uncertainty_km": "float64",
    "contested": "bool",
    "incident_id": "Int64",
}


class GisExportError(Exception):
    """A GIS export could not be written; the message is one line for the user."""


# --------------------------------------------------------------------------- conversion


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def _column(name: str, values: list[Any]) -> Any:
    """Return one typed column of Feature property values (``None`` stays missing)."""
    import pandas as pd

    if name in _COLUMN_DTYPES:
        return pd.Series(values, dtype=_COLUMN_DTYPES[name])
    kinds = set(map(type, values)) - {type(None)}
    if kinds & {dict, list}:  # nested values (claims): JSON text
        return pd.Series([None if v is None else _json_text(v) for v in values], dtype=object)
    if kinds and kinds <= {bool}:
        return pd.Series(values, dtype="boolean")
    if kinds and kinds <= {int}:
        return pd.Series(values, dtype="Int64")
    if kinds and kinds <= {int, float}:
        return pd.Series(values, dtype="float64")
    if kinds <= {str}:  # also an empty export: text
        return pd.Series(values, dtype=object)
    return pd.Series([None if v is None else str(v) for v in values], dtype=object)


def collection_to_gdf(collection: Mapping[str, Any]) -> gpd.GeoDataFrame:
    """Return a GeoJSON export's features as a GeoDataFrame (EPSG:4326, lon/lat points).

    Columns: ``event_id``, then the Feature properties (:data:`FEATURE_PROPERTIES`, then
    any other property the features carry), ``claims`` as JSON text. An empty collection
    gives the same columns and no rows.

    Parameters
    ----------
    collection
        A FeatureCollection from :func:`strikemap.export.export_geojson` or
        :func:`strikemap.export.events_to_geojson`.
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    features: Sequence[Mapping[str, Any]] = collection.get("features") or []
    names = list(FEATURE_PROPERTIES)
    if features:
        names += [k for k in features[0]["properties"] if k not in names]
    n = len(features)
    data: dict[str, Any] = {
        "event_id": np.fromiter((int(f["id"]) for f in features), dtype=np.int64, count=n)
    }
    # One C-level lookup per feature, then one transpose, with the cycle collector paused
    # (it would otherwise trace the whole collection again and again while the rows and
    # points are made: half the time of this function at 100k events, measured).
    row_of = itemgetter(*names)
    with cycle_collector_paused():
        try:
            rows = [row_of(f["properties"]) for f in features]
        except KeyError:  # a feature without some property: it is missing there
            rows = [tuple(f["properties"].get(k) for k in names) for f in features]
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
        for name, values in zip(names, columns, strict=True):
            data[name] = _column(name, list(values))
        # GeoJSON coordinates are [lon, lat]: x = lon, y = lat, as EPSG:4326 is used by
        # GIS software (axis order "traditional GIS", as in GeoPackage and GeoParquet).
        coords = [f["geometry"]["coordinates"] for f in features]
        xy = np.array(coords, dtype=np.float64).reshape(n, 2)
        geometry = gpd.GeoSeries(shapely.points(xy), crs=_CRS)
        return gpd.GeoDataFrame(data, geometry=geometry)


def metadata_json(collection: Mapping[str, Any]) -> str:
    """Return the collection's ``strikemap`` block (filters, attribution...) as JSON text."""
    return _json_text(dict(collection.get("strikemap") or {}))


def _html_safe_json(text: str) -> str:
    r"""Escape ``& < >`` in JSON text as ``\u`` escapes: the same JSON, and no HTML."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# --------------------------------------------------------------------------- writers


def _write_gpkg(gdf: gpd.GeoDataFrame, path: Path, meta: str) -> None:
    import pyogrio

    pyogrio.write_dataframe(
        gdf,
        path,
        layer=LAYER_NAME,
        driver="GPKG",
        geometry_type="Point",
        promote_to_multi=False,
        layer_options={"IDENTIFIER": _TITLE, "DESCRIPTION": meta},
        layer_metadata={METADATA_KEY: meta},
    )


def _write_kml(gdf: gpd.GeoDataFrame, path: Path, meta: str) -> None:
    import numpy as np
    import pandas as pd
    import pyogrio

    # "Name" fills each placemark's <name>, the label Google Earth shows.
    labelled = gdf.assign(Name=gdf["place"])
    for column in gdf.columns:
        # KML's "int" is 32-bit; GDAL writes 64-bit integers as "string" fields.
        series = gdf[column]
        if not pd.api.types.is_integer_dtype(series.dtype):
            continue
        largest = series.abs().max() if series.notna().any() else 0
        if largest <= np.iinfo(np.int32).max:
            labelled[column] = series.astype("Int32")
    labelled = labelled[["Name", *(c for c in gdf.columns if c != "Name")]]
    pyogrio.write_dataframe(
        labelled,
        path,
        layer=LAYER_NAME,
        driver="KML",
        geometry_type="Point",
        promote_to_multi=False,
        dataset_options={"DOCUMENT_ID": _KML_DOCUMENT_ID},
    )
    # GDAL's KML driver has no option for the document's own name and description (the
    # LIBKML driver has, but writes text in CDATA sections that "]]>" in a report
    # breaks): they go in just after the root <Document> opens, where KML puts them.
    data = path.read_bytes()
    opening = f'<Document id="{_KML_DOCUMENT_ID}">'.encode()
    at = data.find(opening)
    if at < 0:
        raise GisExportError("the KML driver wrote no root <Document>")
    at += len(opening)
    head = (
        f"\n<name>{escape(_TITLE)}</name>"
        f"\n<description>{escape(_html_safe_json(meta))}</description>"
    ).encode()
    with path.open("wb") as out:
        out.write(data[:at])
        out.write(head)
        out.write(memoryview(data)[at:])


def _write_parquet(gdf: gpd.GeoDataFrame, path: Path, meta: str) -> None:
    import pyarrow.parquet as pq

    # The table geopandas' own to_parquet writes (GeoParquet "geo" metadata, WKB points),
    # with the export's metadata added: to_parquet takes no extra key-value metadata.
    from geopandas.io.arrow import _geopandas_to_arrow

    table = _geopandas_to_arrow(gdf, index=False)
    schema_meta = dict(table.schema.metadata or {})
    schema_meta[METADATA_KEY.encode()] = meta.encode("utf-8")
    pq.write_table(table.replace_schema_metadata(schema_meta), path, compression="snappy")


_WRITERS = {"gpkg": _write_gpkg, "kml": _write_kml, "parquet": _write_parquet}


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _remove(tmp: Path) -> None:
    # SQLite (GeoPackage) may leave its journal files beside the database.
    for path in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))):
        path.unlink(missing_ok=True)


def write_gis(collection: Mapping[str, Any], path: str | os.PathLike[str], fmt: str) -> int:
    """Write a GeoJSON export's events as GeoPackage, KML or GeoParquet; return the count.

    The file is written beside ``path`` under a temporary name and renamed into place;
    on any failure the temporary file is removed and ``path`` is left as it was.

    Parameters
    ----------
    collection
        A FeatureCollection from :func:`strikemap.export.export_geojson`.
    path
        The file to write (replaced if it exists).
    fmt
        A key of :data:`GIS_FORMATS`: ``"gpkg"``, ``"kml"`` or ``"parquet"``.

    Raises
    ------
    GisExportError
        The file could not be written (the message is one line).
    """
    spec = GIS_FORMATS.get(fmt)
    if spec is None:
        raise ValueError(f"unknown GIS format {fmt!r} (known: {', '.join(GIS_FORMATS)})")
    target = Path(path)
    if not target.parent.is_dir():
        raise GisExportError(f"no such directory: {target.parent}")
    gdf = collection_to_gdf(collection)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part{spec.suffix}")
    try:
        _remove(tmp)
        _WRITERS[fmt](gdf, tmp, metadata_json(collection))
        os.replace(tmp, target)
    except GisExportError:
        _remove(tmp)
        raise
    except (OSError, RuntimeError, ValueError) as exc:  # pyogrio, GDAL and Arrow errors
        _remove(tmp)
        # GDAL names the temporary file; the user knows the target.
        message = _one_line(exc).replace(str(tmp), str(target))
        raise GisExportError(message) from exc
    except BaseException:  # e.g. KeyboardInterrupt: no half file either
        _remove(tmp)
        raise
    return len(gdf)


def gis_bytes(collection: Mapping[str, Any], fmt: str) -> bytes:
    """Return the bytes of :func:`write_gis`'s file (for a download button or stdout)."""
    spec = GIS_FORMATS.get(fmt)
    if spec is None:
        raise ValueError(f"unknown GIS format {fmt!r} (known: {', '.join(GIS_FORMATS)})")
    with tempfile.TemporaryDirectory(prefix="strikemap-export-") as tmp:
        path = Path(tmp) / f"events{spec.suffix}"
        write_gis(collection, path, fmt)
        return path.read_bytes()


def export_gis(
    store: Store, path: str | os.PathLike[str], fmt: str, flt: EventFilter | None = None
) -> int:
    """Write the events of ``store`` matching ``flt`` to ``path``; return the count."""
    return write_gis(export_geojson(store, flt or EventFilter()), path, fmt)
