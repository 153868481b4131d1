"""On-disk form of a gazetteer index or layer: one SQLite file plus one array file.

Lookups must cost microseconds, so everything a lookup, a resolve or ``spot`` reads
lives in flat arrays in ``<name>.arrays.bin``, memory-mapped on load (nothing is parsed
or copied: opening costs milliseconds and untouched pages never enter memory):

* per place: ``lat``, ``lon``, ``pop``, ``kind`` (code), ``cc`` (country code index),
  ``a1`` (admin1 name index), ``unc`` (uncertainty km), ``src`` (source index), and
  the id, display name and alternate names as string blobs with offsets (format 3), so
  a :class:`~strikemap.model.Place` is built without SQLite;
* per name (a place's name or alternate name): the place, the name as written, its
  folded key and its spelling-variant key (:func:`~strikemap.gazetteer.normalize.variant_key`;
  three string blobs with offsets), the character lengths of both keys and the hash
  of the variant key's consonant frame (format 4), and a letter mask of both keys
  (:func:`letter_mask`, format 5), so the fuzzy level bounds its ratios and the
  skeleton check rejects most collisions before decoding any string;
* sorted 64-bit hash -> value posting arrays, each with a bucket table (where each
  run of leading hash bits starts, :func:`bucket_starts`): folded key (exact level),
  transliteration skeleton, a deletion neighbourhood of the skeleton (every skeleton
  with one letter deleted, SymSpell-style) that finds spellings one letter apart
  without scanning, the same for major places only (fuzzy matching without a
  country), the folded keys ``spot`` recognises, and place ids (``get``).

A lookup is therefore a few bucket reads, short binary searches and array reads.
SQLite keeps admin polygons and serves older (format 2) layer files.

Hashes are 64-bit BLAKE2b: among about 10^6 keys and a few thousand keys asked per
text, a false match has a probability around 10^-10 per text, so hits are not
re-checked against the strings (the previous layout did, at 1-3 ms per text). The
deletion postings (format 5) use a cheaper CRC-32/Adler-32 hash
(:func:`deletion_hash`): their hits are always confirmed on the strings.
"""

from __future__ import annotations

import array
import hashlib
import json
import mmap
import os
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zlib import adler32, crc32

import numpy as np

from strikemap.gazetteer.normalize import (
    consonant_frame,
    is_latin,
    normalize_name,
    skeleton_key,
    variant_key,
)
from strikemap.model import PLACE_KINDS, Place

ARRAYS_FORMAT = "5"
"""Layout version of the array file written now (checked on load)."""
_READABLE_FORMATS = frozenset({"2", "3", "4", ARRAYS_FORMAT})
"""Older files (layers imported by an older strikemap) still open: format 2 lacks the
per-place display arrays, so its places are read from SQLite instead; formats 2 and 3
lack the stored variant keys, which are then computed per lookup. Stored variant keys
follow the :func:`variant_key` rules of the build: the default index is rebuilt when
its ``INDEX_VERSION`` changes, so a change of those rules must bump it. Before format 5
the deletion postings (``f``, ``fm``) are keyed by :func:`key_hash`, not
:func:`deletion_hash`, and the letter masks are absent (the fuzzy level then bounds its
ratios from the key lengths alone)."""

DELETION_HASH_FORMATS = frozenset({ARRAYS_FORMAT})
"""Array formats whose deletion postings are keyed by :func:`deletion_hash`."""

KEY_VERSION = "11"
"""Version of the name-key rules (:mod:`strikemap.gazetteer.normalize` folding,
variant and skeleton keys, spot keys) the stored keys and postings were computed
under. Every index file records it (meta ``key_version``); bump it whenever a change
of those rules changes a stored key, so that layers imported earlier are re-keyed
(:func:`rekey_index`) rather than silently missing names."""

KINDS: tuple[str, ...] = PLACE_KINDS
"""Place kinds in code order (``kind`` array values index this tuple)."""
KIND_CODE: dict[str, int] = {k: i for i, k in enumerate(KINDS)}

_SCHEMA = """
CREATE TABLE places (
    idx INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    country TEXT NOT NULL, admin1 TEXT, lat REAL NOT NULL, lon REAL NOT NULL,
    population INTEGER NOT NULL, alt_names TEXT NOT NULL, source TEXT NOT NULL,
    uncertainty_km REAL, geometry BLOB
);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""
_INDEXES = """
CREATE UNIQUE INDEX places_id ON places(id);
"""
ALT_SEP = "\x1f"
"""Separator of alternate names inside the ``places.alt_names`` column."""

_SUN_PREFIXES = ("th", "dh", "sh", "t", "d", "r", "z", "s", "n")
_ARTICLE_FORMS = frozenset(
    [
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
    ]
)
_MIN_DELETION_SKELETON = 4
"""Shorter skeletons get no deletion entries: one letter off "hms" is anything."""


def _article_variants(key: str) -> set[str]:
    """Spellings of a folded Latin name with the Arabic article written other ways.

    ``"jisr al shughur"`` also gets ``"jisr el shughur"`` and ``"jisr ash shughur"``
    (sun-letter assimilation), so spotting finds the usual news spellings.
    """
    toks = key.split()
    out: set[str] = set()
    for i, t in enumerate(toks[:-1]):
        if t not in _ARTICLE_FORMS:
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
        Folded name and alternate names (at least 2 characters, not all digits; ``spot``
        asks more of two-letter names), Arabic-article variants of Latin names, and for
        areas and large cities the -ah/-eh/-a ending variants.
    """
    keys: set[str] = set()
    major = place.kind in _MAJOR_KINDS or place.population >= _MAJOR_POPULATION
    for n in (place.name, *place.alt_names):
        k = normalize_name(n)
        if len(k) < 2 or k.replace(" ", "").isdigit():
            continue
        keys.add(k)
        if is_latin(n) and " " in k:
            keys.update(_article_variants(k))
        if major and is_latin(n):
            keys.update(_ending_variants(k))
    return keys


_MAJOR_KINDS = frozenset({"admin1", "region", "country"})
_MAJOR_POPULATION = 100_000


def _ending_variants(key: str) -> set[str]:
    """Spellings of a province's or large city's name with its -ah/-eh/-a ending swapped.

    Reports write the same ta marbuta ending several ways ("Hasakah", "Hasakeh",
    "Hasaka"); a province spotted under one spelling only was missed under another
    (and then voted for no country). A leading article is dropped too ("Al-Hasakah"
    -> "hasakah"). Only for areas and large cities: the spot index would otherwise grow
    by the world's villages, which lookups reach through the variant level anyway.
    """
    toks = key.split()
    bases = {key}
    if len(toks) > 1 and toks[0] in _ARTICLE_FORMS:
        bases.add(" ".join(toks[1:]))
    out: set[str] = set()
    for b in bases:
        out.add(b)
        stem = None
        if b.endswith(("ah", "eh")) and len(b) > 4:
            stem = b[:-2]
        elif b.endswith(("a", "e")) and len(b) > 3:
            stem = b[:-1]
        if stem:
            out.update({stem + "ah", stem + "eh", stem + "a"})
    out.discard(key)
    return {k for k in out if len(k) >= 4}


def skeleton_deletions(skel: str) -> set[str]:
    """Return ``skel`` with each one letter deleted (empty for short skeletons).

    Two skeletons one edit apart (a letter added, dropped or changed) share an entry of
    ``{s} | deletions(s)``; this is how the fuzzy level finds them without a scan.
    """
    if len(skel) < _MIN_DELETION_SKELETON or not skel.isascii():
        return set()
    return {skel[:i] + skel[i + 1 :] for i in range(len(skel))}


def key_hash(key: str) -> int:
    """Return the stable 64-bit hash of a folded key (Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def key_hashes(keys: list[str]) -> np.ndarray:
    """Return :func:`key_hash` of each key as an array of ``uint64``.

    The digests are joined and read as little-endian integers in one call, rather than
    converted one by one: spotting hashes hundreds of new keys per Arabic report.
    """
    blake = hashlib.blake2b
    digests = b"".join([blake(k.encode("utf-8"), digest_size=8).digest() for k in keys])
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def deletion_hash(key: str) -> int:
    """Return the 64-bit hash keying the deletion postings (format 5 on).

    CRC-32 in the high half (it picks the bucket, so it must be uniform) and Adler-32
    in the low half: two C calls, ~5 times cheaper than :func:`key_hash`'s BLAKE2b, and
    stable across processes. A fuzzy lookup hashes a dozen deletion keys per name;
    a collision only adds rows that the ratio check on the strings then drops, so a
    weaker hash costs at worst a few extra candidates, never a wrong answer.
    """
    b = key.encode("utf-8")
    return crc32(b) << 32 | adler32(b)


MASK_CLASSES = 30
"""Character classes of :func:`letter_mask`: a-z, space, digit, other ASCII, non-ASCII."""


def char_class(ch: str) -> int:
    """Return the :func:`letter_mask` class of one character."""
    o = ord(ch)
    if 97 <= o <= 122:
        return o - 97
    if o == 32:
        return 26
    if 48 <= o <= 57:
        return 27
    return 28 if o < 128 else 29


def letter_mask(key: str) -> int:
    """Return a 64-bit summary of which characters ``key`` holds, and which twice.

    Bit ``c`` is set when a character of class ``c`` (:func:`char_class`) occurs, bit
    ``32 + c`` when it occurs at least twice. Matching characters share a class, so
    the longest common subsequence of a query and this key is at most, summed over
    the query's classes, 0 where bit ``c`` is clear, 1 where only bit ``c`` is set and
    the query's count otherwise: the fuzzy level bounds ``fuzz.ratio`` with it before
    decoding the key (on the development names ~1 row in 70 survives the bound).
    """
    counts = [0] * MASK_CLASSES
    for ch in key:
        counts[char_class(ch)] += 1
    m = 0
    for c, k in enumerate(counts):
        if k:
            m |= 1 << c
            if k > 1:
                m |= 1 << (32 + c)
    return m


def _add(buf: tuple[array.array[int], array.array[int]], h: int, v: int) -> None:
    buf[0].append(h)
    buf[1].append(v)


def _blob(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    data = [s.encode("utf-8") for s in strings]
    off = np.zeros(len(data) + 1, dtype=np.int64)
    if data:
        np.cumsum([len(d) for d in data], out=off[1:])
    return np.frombuffer(b"".join(data), dtype=np.uint8), off


_BUCKET_LOAD = 8
"""Average entries per hash bucket (see :func:`bucket_starts`)."""
POSTINGS = ("k", "s", "f", "fm", "sp")
"""Posting arrays: exact key, skeleton, skeleton deletions (all places / major places
only), spot keys."""
MAJOR_POPULATION = 100_000
"""Places this populous (and areas) are the ones fuzzy-matched without a country."""


def bucket_bits(n: int) -> int:
    """Return how many leading hash bits index the bucket table of ``n`` entries."""
    return max(1, min(26, (max(n, 1) // _BUCKET_LOAD).bit_length()))


def bucket_starts(hashes: np.ndarray) -> np.ndarray:
    """Return where each bucket of a sorted hash array starts (one entry more).

    Bucket ``b`` holds the hashes whose leading :func:`bucket_bits` bits equal ``b``;
    finding a hash is then two reads of this table and a binary search over ~8
    neighbouring entries, instead of ~22 random reads into a multi-megabyte array.
    """
    bits = bucket_bits(len(hashes))
    tops = hashes >> np.uint64(64 - bits)
    return np.searchsorted(tops, np.arange((1 << bits) + 1, dtype=np.uint64)).astype(np.uint32)


def _postings(hashes: array.array[int], values: array.array[int]) -> tuple[np.ndarray, np.ndarray]:
    """Sort (hash, value) pairs by hash into two parallel arrays (duplicates dropped)."""
    h = np.frombuffer(hashes, dtype=np.uint64) if len(hashes) else np.zeros(0, np.uint64)
    v = np.frombuffer(values, dtype=np.int32) if len(values) else np.zeros(0, np.int32)
    order = np.lexsort((v, h))
    h, v = h[order], v[order]
    if len(h) > 1:
        keep = np.ones(len(h), dtype=bool)
        keep[1:] = (h[1:] != h[:-1]) | (v[1:] != v[:-1])
        h, v = h[keep], v[keep]
    return np.ascontiguousarray(h), np.ascontiguousarray(v)


def write_index(
    path: Path,
    places: Iterable[Place],
    meta: Mapping[str, str],
    geometries: Mapping[str, bytes] | None = None,
) -> int:
    """Write ``places`` to a new index at ``path`` (atomically), with its array file.

    Parameters
    ----------
    path
        Target ``.sqlite`` file; the arrays go to :func:`keys_path` of it.
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
    # Per-process temporary names: two processes rebuilding a stale index at once must
    # not write into each other's files (the last rename wins, both are complete).
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp_arrays = path.with_name(f"{path.stem}.arrays.{os.getpid()}.tmp")
    for p in (tmp, tmp_arrays):
        if p.exists():
            p.unlink()
    geometries = geometries or {}
    countries: dict[str, int] = {}
    admin1s: dict[str, int] = {}
    lat: list[float] = []
    lon: list[float] = []
    pop: list[int] = []
    kind: list[int] = []
    cc: list[int] = []
    a1: list[int] = []
    unc: list[float] = []
    ids: list[str] = []
    pl_names: list[str] = []
    pl_alts: list[str] = []
    src: list[int] = []
    sources: dict[str, int] = {}
    nm_place: list[int] = []
    nm_disp: list[str] = []
    nm_key: list[str] = []
    nm_vkey: list[str] = []
    # Compact typed buffers: the deletion level alone has millions of entries.
    post: dict[str, tuple[array.array[int], array.array[int]]] = {
        p: (array.array("Q"), array.array("i")) for p in POSTINGS
    }
    con = sqlite3.connect(tmp)
    try:
        con.executescript(_SCHEMA)
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
            ids.append(pl.id)
            pl_names.append(pl.name)
            pl_alts.append(ALT_SEP.join(pl.alt_names))
            src.append(sources.setdefault(pl.source, len(sources)))
            lat.append(pl.lat)
            lon.append(pl.lon)
            pop.append(pl.population)
            kind.append(KIND_CODE.get(pl.kind, KIND_CODE["village"]))
            cc.append(countries.setdefault(pl.country, len(countries)))
            a1.append(admin1s.setdefault(pl.admin1, len(admin1s)) if pl.admin1 else -1)
            unc.append(pl.uncertainty_km if pl.uncertainty_km is not None else float("nan"))
            seen: set[str] = set()
            major = pl.population >= MAJOR_POPULATION or pl.kind in ("admin1", "country")
            for nm in (pl.name, *pl.alt_names):
                k = normalize_name(nm)
                if not k or k in seen:
                    continue
                seen.add(k)
                row = len(nm_place)
                nm_place.append(idx)
                nm_disp.append(nm)
                nm_key.append(k)
                nm_vkey.append(variant_key(k))
                _add(post["k"], key_hash(k), row)
                skel = skeleton_key(nm) or k
                _add(post["s"], key_hash(skel), row)
                fh = deletion_hash(skel)
                _add(post["f"], fh, row)
                dels = [deletion_hash(d) for d in skeleton_deletions(skel)]
                for dh in dels:
                    _add(post["f"], dh, row)
                if major:
                    _add(post["fm"], fh, row)
                    for dh in dels:
                        _add(post["fm"], dh, row)
            for k in spot_keys_for(pl):
                _add(post["sp"], key_hash(k), idx)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        stamped = {**meta, "key_version": KEY_VERSION}
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(stamped.items()))
        con.executescript(_INDEXES)
        con.commit()
    finally:
        con.close()
    arrays: dict[str, np.ndarray] = {
        "lat": np.array(lat, dtype=np.float64),
        "lon": np.array(lon, dtype=np.float64),
        "pop": np.array(pop, dtype=np.int64),
        "kind": np.array(kind, dtype=np.uint8),
        "cc": np.array(cc, dtype=np.uint16),
        "a1": np.array(a1, dtype=np.int32),
        "unc": np.array(unc, dtype=np.float64),
        "src": np.array(src, dtype=np.uint16),
        "nm_place": np.array(nm_place, dtype=np.int32),
    }
    arrays["id_blob"], arrays["id_off"] = _blob(ids)
    arrays["pl_name_blob"], arrays["pl_name_off"] = _blob(pl_names)
    arrays["pl_alt_blob"], arrays["pl_alt_off"] = _blob(pl_alts)
    id_h = np.array([key_hash(i) for i in ids], dtype=np.uint64)
    order = np.argsort(id_h, kind="stable")
    arrays["id_hash"], arrays["id_idx"] = id_h[order], order.astype(np.int32)
    arrays["nm_disp_blob"], arrays["nm_disp_off"] = _blob(nm_disp)
    arrays["nm_key_blob"], arrays["nm_key_off"] = _blob(nm_key)
    arrays["nm_vkey_blob"], arrays["nm_vkey_off"] = _blob(nm_vkey)
    # Character (not byte) lengths: rapidfuzz ratios count characters.
    arrays["nm_klen"] = np.array([len(k) for k in nm_key], dtype=np.int32)
    arrays["nm_vlen"] = np.array([len(k) for k in nm_vkey], dtype=np.int32)
    arrays["nm_vframe"] = np.array([key_hash(consonant_frame(k)) for k in nm_vkey], np.uint64)
    # Format 5: letter masks of both keys, for the fuzzy level's ratio bound.
    arrays["nm_kmask"] = np.array([letter_mask(k) for k in nm_key], dtype=np.uint64)
    arrays["nm_vmask"] = np.array([letter_mask(k) for k in nm_vkey], dtype=np.uint64)
    for prefix, (hs, vs) in post.items():
        arrays[f"{prefix}_hash"], arrays[f"{prefix}_val"] = _postings(hs, vs)
        arrays[f"{prefix}_start"] = bucket_starts(arrays[f"{prefix}_hash"])
    header = {
        "format": ARRAYS_FORMAT,
        "countries": list(countries),
        "admin1": list(admin1s),
        "sources": list(sources),
    }
    _write_arrays(tmp_arrays, arrays, header)
    os.replace(tmp_arrays, keys_path(path))
    os.replace(tmp, path)
    return n


def _write_arrays(path: Path, arrays: Mapping[str, np.ndarray], header: dict[str, Any]) -> None:
    """Write arrays to one file: an 8-byte header length, a JSON header, aligned data."""
    layout: dict[str, tuple[str, int, int]] = {}
    offset = 0
    for name, a in arrays.items():
        offset = (offset + 7) // 8 * 8
        layout[name] = (a.dtype.str, offset, int(a.size))
        offset += a.nbytes
    head = json.dumps({**header, "arrays": layout}).encode("utf-8")
    start = (8 + len(head) + 7) // 8 * 8
    with path.open("wb") as fh:
        fh.write(len(head).to_bytes(8, "little"))
        fh.write(head)
        fh.write(b"\0" * (start - 8 - len(head)))
        pos = 0
        for name, a in arrays.items():
            off = layout[name][1]
            fh.write(b"\0" * (off - pos))
            fh.write(np.ascontiguousarray(a).tobytes())
            pos = off + a.nbytes


@dataclass(frozen=True)
class Arrays:
    """The memory-mapped arrays of one index file (see the module docstring)."""

    header: dict[str, Any]
    a: dict[str, np.ndarray]
    _mm: mmap.mmap | None

    @property
    def countries(self) -> list[str]:
        """Country codes, indexed by the ``cc`` array."""
        return list(self.header["countries"])

    @property
    def admin1_names(self) -> list[str]:
        """Admin1 names, indexed by the ``a1`` array."""
        return list(self.header["admin1"])


def open_arrays(path: Path) -> Arrays:
    """Memory-map an array file written by :func:`write_index`.

    Raises
    ------
    ValueError
        When the file is not an array file of the current format.
    """
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else None
    if mm is None or size < 8:
        raise ValueError(f"{path}: empty array file")
    hlen = int.from_bytes(mm[:8], "little")
    try:
        header = json.loads(mm[8 : 8 + hlen].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a gazetteer array file") from exc
    if header.get("format") not in _READABLE_FORMATS:
        raise ValueError(f"{path}: array format {header.get('format')!r}, need {ARRAYS_FORMAT}")
    start = (8 + hlen + 7) // 8 * 8
    arrays: dict[str, np.ndarray] = {}
    for name, (dtype, off, count) in header["arrays"].items():
        arrays[name] = np.frombuffer(mm, dtype=np.dtype(dtype), count=count, offset=start + off)
    return Arrays(header, arrays, mm)


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


def rekey_index(path: Path) -> int:
    """Rewrite an index file's keys under the current rules (:data:`KEY_VERSION`).

    The places, their geometries and the meta table are read back and written again
    with :func:`write_index` (atomically: readers holding the old file keep it).
    Layers are small (an OCHA country file: ~5,000 places, about a second).

    Parameters
    ----------
    path
        The ``.sqlite`` file of a layer (or any index written by :func:`write_index`).

    Returns
    -------
    int
        The number of places written.
    """
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute(f"SELECT {PLACE_COLUMNS}, geometry FROM places ORDER BY idx").fetchall()
        meta = dict(con.execute("SELECT k, v FROM meta").fetchall())
    finally:
        con.close()
    places = [row_to_place(r[:-1]) for r in rows]
    geometries = {str(r[0]): bytes(r[-1]) for r in rows if r[-1] is not None}
    meta.pop("key_version", None)
    return write_index(path, places, meta, geometries)


def keys_path(index: Path) -> Path:
    """Return the array file stored next to an index file."""
    return index.with_name(index.stem + ".arrays.bin")
