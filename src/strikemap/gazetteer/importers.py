"""Import extra gazetteer layers: GeoNames dumps, OCHA COD files, user aliases.

This module is the importers' one entry point: GeoNames dumps
(:mod:`strikemap.gazetteer.import_geonames`), OCHA files
(:mod:`strikemap.gazetteer.import_ocha`), user aliases (here), and the layer files they
write (:mod:`strikemap.gazetteer.layer_files`).

A structurally malformed file (wrong column count, invalid JSON/CSV) raises
:class:`GazetteerImportError` with the line number; a well-formed row with unusable
values (no name, coordinates out of range) is skipped and reported in
:attr:`ImportReport.rejected`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from strikemap.gazetteer.build import (
    default_uncertainty_km,
)
from strikemap.gazetteer.import_geonames import download_geonames, import_geonames
from strikemap.gazetteer.import_ocha import import_ocha
from strikemap.gazetteer.layer_files import (
    GazetteerImportError,
    ImportReport,
    LayerInfo,
    LayerRows,
    check_layer_name,
    layers_dir,
    list_layers,
    remove_layer,
    write_layer,
)
from strikemap.gazetteer.normalize import (
    normalize_name,
)
from strikemap.model import PLACE_KINDS, Place


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
    check_layer_name(name)
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    fields = set(reader.fieldnames or [])
    if "name" not in fields or not ({"place_id"} <= fields or {"lat", "lon"} <= fields):
        raise GazetteerImportError(
            f"{path.name}:1: header needs 'name' and 'place_id' or 'lat','lon' columns"
        )
    col = LayerRows()
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
    return write_layer(name, directory, col, f"aliases {path.name}")


def _csv_rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise GazetteerImportError(f"line {reader.line_num}: malformed CSV ({exc})") from exc


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
