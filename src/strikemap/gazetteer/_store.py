"""On-disk form of a gazetteer index or layer: one SQLite file plus one key-hash file.

A SQLite file opens instantly and its indexed lookups cost microseconds, so loading a
gazetteer costs almost nothing and memory stays small. ``spot`` needs a set of every
spottable folded name; it is saved as a sorted array of 64-bit hashes
(``<name>.keys.npy``, memory-mapped on load). Measured on the default index (834k
keys): a pyahocorasick automaton over the same keys is a 177 MB file taking 1.7 s to
load; the hash array is 6.7 MB and loads in milliseconds. Hash hits are confirmed
against the ``spot`` table, so a hash collision never yields a false match.

Tables: ``places`` (one row per entry, optional WKB ``geometry``), ``names`` (every
name's folded and skeleton key), ``spot`` (folded keys the automaton maps to), ``meta``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from strikemap.gazetteer.normalize import is_latin, normalize_name, skeleton_key
from strikemap.model import Place

_SCHEMA = """
CREATE TABLE places (
    idx INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    country TEXT NOT NULL, admin1 TEXT, lat REAL NOT NULL, lon REAL NOT NULL,
    population INTEGER NOT NULL, alt_names TEXT NOT NULL, source TEXT NOT NULL,
    uncertainty_km REAL, geometry BLOB
);
CREATE TABLE names (key TEXT NOT NULL, skel TEXT NOT NULL, place INTEGER NOT NULL,
                    name TEXT NOT NULL);
CREATE TABLE spot (id INTEGER PRIMARY KEY, key TEXT NOT NULL, places TEXT NOT NULL);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""
_INDEXES = """
CREATE UNIQUE INDEX places_id ON places(id);
CREATE INDEX places_country ON places(country);
CREATE INDEX names_key ON names(key);
CREATE INDEX names_skel ON names(skel);
CREATE UNIQUE INDEX spot_key ON spot(key);
"""
ALT_SEP = "\x1f"
"""Separator of alternate names inside the ``places.alt_names`` column."""

_SUN_PREFIXES = ("th", "dh", "sh", "t", "d", "r", "z", "s", "n")


def _article_variants(key: str) -> set[str]:
    """Spellings of a folded Latin name with the Arabic article written other ways.

    ``"jisr al shughur"`` also gets ``"jisr el shughur"`` and ``"jisr ash shughur"``
    (sun-letter assimilation), so spotting finds the usual news spellings.
    """
    toks = key.split()
    out: set[str] = set()
    for i, t in enumerate(toks[:-1]):
        if t not in (
            "al",
            "el",
            "ash",
            "as",
            "at",
            "ath",
            "ad",
            "adh",
            "ar",
            "az",
            "an",
            "ed",
            "es",
            "esh",
            "et",
            "er",
            "ez",
            "en",
        ):
            continue
        nxt = toks[i + 1]
        forms = {"al", "el"}
        for p in _SUN_PREFIXES:
            if nxt.startswith(p):
                forms.update({"a" + p, "e" + p})
                break
        for f in forms:
            out.add(" ".join([*toks[:i], f, *toks[i + 1 :]]))
    out.discard(key)
    return out


def spot_keys_for(place: Place) -> set[str]:
    """Return the folded keys under which ``place`` can be spotted in text.

    Parameters
    ----------
    place
        A gazetteer entry.

    Returns
    -------
    set of str
        Folded name and alternate names (at least 3 characters, not all digits), plus
        Arabic-article variants of Latin names.
    """
    keys: set[str] = set()
    for n in (place.name, *place.alt_names):
        k = normalize_name(n)
        if len(k) < 3 or k.replace(" ", "").isdigit():
            continue
        keys.add(k)
        if is_latin(n) and " " in k:
            keys.update(_article_variants(k))
    return keys


def write_index(
    path: Path,
    places: Iterable[Place],
    meta: Mapping[str, str],
    geometries: Mapping[str, bytes] | None = None,
) -> int:
    """Write ``places`` to a new SQLite index at ``path`` (atomically) and its key hashes.

    Parameters
    ----------
    path
        Target ``.sqlite`` file; the key hashes go to :func:`keys_path` of it.
    places
        The entries; ids must be unique.
    meta
        Key/value strings stored in the ``meta`` table (version stamp, source, counts).
    geometries
        Optional WKB per place id (admin polygons).

    Returns
    -------
    int
        The number of places written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp_keys = path.with_name(path.stem + ".keys.tmp.npy")
    for p in (tmp, tmp_keys):
        if p.exists():
            p.unlink()
    geometries = geometries or {}
    con = sqlite3.connect(tmp)
    try:
        con.executescript(_SCHEMA)
        spot: dict[str, list[int]] = {}
        name_rows: list[tuple[str, str, int, str]] = []
        place_rows = []
        n = 0
        for idx, pl in enumerate(places):
            n += 1
            place_rows.append(
                (
                    idx,
                    pl.id,
                    pl.name,
                    pl.kind,
                    pl.country,
                    pl.admin1,
                    pl.lat,
                    pl.lon,
                    pl.population,
                    ALT_SEP.join(pl.alt_names),
                    pl.source,
                    pl.uncertainty_km,
                    geometries.get(pl.id),
                )
            )
            seen: set[str] = set()
            for nm in (pl.name, *pl.alt_names):
                k = normalize_name(nm)
                if not k or k in seen:
                    continue
                seen.add(k)
                name_rows.append((k, skeleton_key(nm) or k, idx, nm))
            for k in spot_keys_for(pl):
                spot.setdefault(k, []).append(idx)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", name_rows)
        spot_rows = []
        hashes = np.empty(len(spot), dtype=np.uint64)
        for i, (k, ids) in enumerate(sorted(spot.items())):
            spot_rows.append((i, k, ",".join(map(str, ids))))
            hashes[i] = key_hash(k)
        con.executemany("INSERT INTO spot VALUES (?,?,?)", spot_rows)
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.executescript(_INDEXES)
        con.commit()
    finally:
        con.close()
    hashes.sort()
    np.save(tmp_keys, hashes)
    os.replace(tmp_keys, keys_path(path))
    os.replace(tmp, path)
    return n


def read_meta(path: Path) -> dict[str, str]:
    """Return the ``meta`` table of an index file (empty when unreadable)."""
    if not path.exists():
        return {}
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT k, v FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return {}


def row_to_place(row: tuple[object, ...]) -> Place:
    """Build a :class:`Place` from a ``places`` row (``idx`` and ``geometry`` excluded).

    Parameters
    ----------
    row
        ``(id, name, kind, country, admin1, lat, lon, population, alt_names, source,
        uncertainty_km)``.

    Returns
    -------
    Place
        The entry.
    """
    pid, name, kind, country, admin1, lat, lon, pop, alts, source, unc = row
    return Place(
        id=str(pid),
        name=str(name),
        kind=kind,  # type: ignore[arg-type]
        country=str(country),
        lat=float(lat),  # type: ignore[arg-type]
        lon=float(lon),  # type: ignore[arg-type]
        admin1=None if admin1 is None else str(admin1),
        population=int(pop),  # type: ignore[call-overload]
        alt_names=tuple(str(alts).split(ALT_SEP)) if alts else (),
        source=str(source),
        uncertainty_km=None if unc is None else float(unc),  # type: ignore[arg-type]
    )


PLACE_COLUMNS = (
    "id, name, kind, country, admin1, lat, lon, population, alt_names, source, uncertainty_km"
)
"""The ``places`` columns :func:`row_to_place` expects, in order."""


def key_hash(key: str) -> int:
    """Return the stable 64-bit hash of a folded key (Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def keys_path(index: Path) -> Path:
    """Return the key-hash file stored next to an index file."""
    return index.with_name(index.stem + ".keys.npy")
