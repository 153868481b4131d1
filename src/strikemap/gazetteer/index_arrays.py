"""The array-backed index: posting lists, string tables and candidate records."""

from __future__ import annotations

import math
import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from strikemap.gazetteer._store import Arrays, bucket_bits, bucket_starts
from strikemap.gazetteer.resolver_constants import AREA_CODES, K_COUNTRY


def rank_score(
    base: float,
    pop: int,
    cc: str,
    kind: int,
    countries: Sequence[str],
    c0: str | None,
    near_km: float | None,
) -> tuple[float, float]:
    """Return (ranking score, confidence) of one candidate row: the one formula for both paths."""
    score = base + 0.1 * min(math.log10(pop + 1) / 7, 1.0)
    conf = 0.95 * base
    if countries:
        if cc == c0:
            score += 0.3
        elif cc in countries:
            score += 0.2
        else:
            score -= 0.4
            conf *= 0.6
    if near_km is not None:
        score += 0.25 * math.exp(-near_km / 100)
    if kind in AREA_CODES and kind != K_COUNTRY:
        # A bare name means the populated place ("Homs" the city, not the province).
        score -= 0.03
    return score, conf


class Posting:
    """A sorted hash -> value posting array with its bucket table.

    See :func:`strikemap.gazetteer._store.bucket_starts`. Scalar lookups use
    :func:`bisect.bisect_left` over memoryviews inside one bucket
    (no numpy call: a numpy ``searchsorted`` costs microseconds of call overhead and
    ~22 cache misses on a multi-megabyte array); many hashes at once (``spot``) use a
    vectorised binary search bounded by the largest bucket.
    """

    __slots__ = ("_hmv", "_smv", "_width", "hashes", "shift", "starts", "vals")

    def __init__(self, hashes: np.ndarray, vals: np.ndarray, starts: np.ndarray | None) -> None:
        if starts is None:  # a format-2 file: build the table now (small layers only)
            starts = bucket_starts(hashes)
        self.hashes = hashes
        self.vals = vals
        self.starts = starts
        self.shift = 64 - bucket_bits(len(hashes))
        self._hmv = hashes.data
        self._smv = starts.data
        self._width = int(np.diff(starts).max()) if len(hashes) else 0

    def range(self, h: int) -> tuple[int, int]:
        """Return the slice of entries with hash ``h`` (empty when absent)."""
        b = h >> self.shift
        lo, hi = self._smv[b], self._smv[b + 1]
        if lo == hi:
            return 0, 0
        i = bisect_left(self._hmv, h, lo, hi)
        if i == hi or self._hmv[i] != h:
            return 0, 0
        # A common skeleton ("sd") repeats its hash hundreds of times: bisect to the
        # end of the run instead of walking it.
        return i, bisect_right(self._hmv, h, i + 1, hi)

    def find_many(self, hs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (found mask, first index) for many hashes at once."""
        if not self._width:
            return np.zeros(len(hs), dtype=bool), np.zeros(len(hs), dtype=np.int64)
        b = (hs >> np.uint64(self.shift)).astype(np.int64)
        lo = self.starts[b].astype(np.int64)
        hi = self.starts[b + 1].astype(np.int64)
        last = len(self.hashes) - 1
        for _ in range(self._width.bit_length()):
            mid = (lo + hi) >> 1
            go = (self.hashes[np.minimum(mid, last)] < hs) & (mid < hi)
            lo = np.where(go, mid + 1, lo)
            hi = np.where(go, hi, mid)
        found = self.hashes[np.minimum(lo, last)] == hs
        return found & (lo <= last), lo


class ColumnViews:
    """Memoryviews of the per-place and per-name columns, for scalar reads."""

    __slots__ = (
        "a1",
        "cc",
        "kind",
        "lat",
        "lon",
        "nm_place",
        "pop",
        "src",
        "unc",
        "vframe",
        "vlen",
        "vmask",
    )

    def __init__(self, a: dict[str, np.ndarray]) -> None:
        self.nm_place = a["nm_place"].data
        self.pop = a["pop"].data
        self.cc = a["cc"].data
        self.kind = a["kind"].data
        self.a1 = a["a1"].data
        self.lat = a["lat"].data
        self.lon = a["lon"].data
        # Read by array_place only, which format-3 files alone reach.
        self.unc = a["unc"].data if "unc" in a else None
        self.src = a["src"].data if "src" in a else None
        # Format 4: per-name variant-key length and consonant-frame hash.
        self.vlen = a["nm_vlen"].data if "nm_vlen" in a else None
        self.vframe = a["nm_vframe"].data if "nm_vframe" in a else None
        # Format 5: per-name letter mask of the variant key.
        self.vmask = a["nm_vmask"].data if "nm_vmask" in a else None


class StringColumn:
    """A string column stored as one UTF-8 blob with offsets (both memory-mapped).

    Offsets are read through a memoryview: indexing one returns a Python int in tens of
    nanoseconds, where a numpy slice costs a microsecond.
    """

    __slots__ = ("_blob", "_off", "offsets")

    def __init__(self, blob: np.ndarray, off: np.ndarray) -> None:
        self.offsets = off
        self._blob = blob.data
        self._off = np.ascontiguousarray(off).data

    def __getitem__(self, i: int) -> str:
        return str(self._blob[self._off[i] : self._off[i + 1]], "utf-8")

    def many(self, rows: list[int]) -> list[str]:
        """Return the strings at ``rows`` (one comprehension, no method call per row)."""
        blob, off = self._blob, self._off
        return [str(blob[off[i] : off[i + 1]], "utf-8") for i in rows]


@dataclass
class IndexFile:
    """One opened index or layer file."""

    name: str
    path: Path
    con: sqlite3.Connection
    arr: Arrays
    countries: list[str]
    cc_code: dict[str, int]
    admin1: list[str]
    ids: StringColumn
    disp: StringColumn
    keys: StringColumn
    names: StringColumn | None
    """Per-place display name and alternate names (``None`` for format-2 files)."""
    alts: StringColumn | None
    vkeys: StringColumn | None
    """Per-name variant keys (``None`` before format 4: computed per lookup)."""
    klen: np.ndarray | None
    """Per-name character lengths of the folded and the variant key (format 4)."""
    vlen: np.ndarray | None
    sources: list[str]
    post: dict[str, Posting]
    views: ColumnViews
    kmask: np.ndarray | None
    """Per-name :func:`letter_mask` of the folded and the variant key (format 5)."""
    vmask: np.ndarray | None
    crc_deletions: bool
    """Whether the deletion postings are keyed by :func:`deletion_hash` (format 5)."""


class ScoredCandidate:
    """A scored candidate before it is materialised (array reads only)."""

    __slots__ = (
        "a1",
        "base",
        "cc",
        "conf",
        "di",
        "how",
        "idx",
        "kind",
        "ok",
        "pop",
        "row",
        "score",
    )

    def __init__(
        self, di: int, idx: int, row: int, base: float, how: str, score: float, conf: float
    ) -> None:
        self.di = di
        self.idx = idx
        self.row = row
        self.base = base
        self.how = how
        self.score = score
        self.conf = conf
        self.kind = ""
        self.cc = ""
        self.pop = 0
        self.a1: str | None = None
        self.ok: bool | None = None


def hash_run(hashes: np.ndarray, h: np.uint64) -> tuple[int, int]:
    """Return where the run of ``h`` lies in the sorted ``hashes`` (``lo == hi`` when absent)."""
    lo = int(hashes.searchsorted(h))
    if lo >= len(hashes) or hashes[lo] != h:
        return lo, lo
    hi = lo + 1
    if hi < len(hashes) and hashes[hi] == h:
        hi = int(hashes.searchsorted(h, "right"))
    return lo, hi
