"""Gazetteer layer files: where imports write, and how a layer is listed or removed.

Each import writes one layer, ``<gazetteer dir>/layers/<name>.sqlite`` (+ key hashes),
searched after the default index. Re-importing a name replaces the layer; the file is
written to a temporary name and renamed (:func:`write_layer`), so a failed import leaves
nothing behind. :class:`Admin1Namer` maps a source's spelling of a first-level area
("Idleb") to the curated name.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from strikemap import settings
from strikemap.gazetteer._store import (
    keys_path,
    read_meta,
    write_index,
)
from strikemap.gazetteer.build import (
    read_curated,
)
from strikemap.gazetteer.normalize import (
    skeleton_key,
    strip_generic,
)
from strikemap.model import Place

_LAYER_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


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
class LayerRows:
    """The places an import keeps, the rows it rejects (line, reason) and area polygons."""

    places: list[Place] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    geometries: dict[str, bytes] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def add(self, lineno: int, place: Place | None, why: str = "") -> None:
        """Keep ``place``, or record why row ``lineno`` is rejected (``why`` when ``None``)."""
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


def check_layer_name(name: str) -> str:
    """Return ``name`` when it is a valid layer name; raise :class:`GazetteerImportError`."""
    if not _LAYER_NAME.match(name):
        raise GazetteerImportError(
            f"invalid layer name {name!r}: use lower-case letters, digits, '-' and '_'"
        )
    return name


def write_layer(name: str, directory: Path | None, col: LayerRows, source: str) -> ImportReport:
    """Write the kept places as layer ``name`` (replacing it atomically) and report it."""
    if not col.places:
        raise GazetteerImportError(f"{source}: no usable place found; nothing imported")
    path = layers_dir(directory) / f"{check_layer_name(name)}.sqlite"
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
    path = layers_dir(directory) / f"{check_layer_name(name)}.sqlite"
    existed = path.exists()
    for p in (path, keys_path(path)):
        if p.exists():
            p.unlink()
    return existed


# ---------------------------------------------------------------------- admin1 names
class Admin1Namer:
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
        """Return the curated name of ``country``'s area ``name``, else ``name`` itself."""
        if not name:
            return None
        for k in (strip_generic(name), skeleton_key(strip_generic(name))):
            hit = self._by.get((country, k))
            if hit:
                return hit
        return name
