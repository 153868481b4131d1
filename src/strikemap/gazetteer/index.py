"""The default :class:`~strikemap.gazetteer.base.GazetteerLike`: spot, look up, resolve.

A :class:`Gazetteer` reads the default index (``index.sqlite``) plus every imported
layer (``layers/*.sqlite``), each with a memory-mapped array file beside it (see
:mod:`strikemap.gazetteer._store`). Layers are searched after the default index and
override an entry with the same id.

Matching has three levels, reported in every :class:`Candidate`'s reason and reflected
in its confidence: the folded name (exact), the transliteration skeleton, and a fuzzy
level (skeletons one letter apart, confirmed by a rapidfuzz ratio on the folded names)
restricted to the report's countries (or to large places). Between the last two, a
"vowel spelling" level admits skeleton matches that differ only in vowel letters
(:func:`~strikemap.gazetteer.normalize.vowel_shape`), and below it a "consonant frame"
level admits those with vowels added or dropped; like fuzzy matches both need an
admin hint or nearby places to be accepted. Inside a named province, an "Arabic
spelling" level also compares the name's consonants with those of each place's Arabic
name (:func:`~strikemap.gazetteer.normalize.arabic_slots`). Every level is a hash
posting-list lookup in the arrays: candidates are scored from array reads and only the
few returned are materialised as :class:`~strikemap.model.Place` from SQLite.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import numpy as np
from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.process import cdist as _cdist

from strikemap import settings
from strikemap.gazetteer._stopwords import ENGLISH_WORDS
from strikemap.gazetteer._store import (
    ALT_SEP,
    DELETION_HASH_FORMATS,
    KEY_VERSION,
    KINDS,
    PLACE_COLUMNS,
    POSTINGS,
    Arrays,
    bucket_bits,
    bucket_starts,
    char_class,
    deletion_hash,
    key_hash,
    keys_path,
    open_arrays,
    read_meta,
    rekey_index,
    row_to_place,
    skeleton_deletions,
)
from strikemap.gazetteer.base import Candidate, Mention, Resolution, ResolveContext
from strikemap.gazetteer.geo import bearing_degrees, destination, haversine_km, midpoint
from strikemap.gazetteer.normalize import (
    GENERIC_WORDS,
    KURMANJI_COUNTRIES,
    QUALIFIER_CODES,
    WORD_VARIANT_SPELLINGS,
    ArabicMarks,
    arabic_slots,
    consonant_frame,
    fold_text,
    is_latin,
    kurmanji_reading,
    latin_consonant_variants,
    latin_slots,
    normalize_name,
    skeleton_from_key,
    skeleton_key,
    slots_agree,
    strip_generic,
    variant_key,
    vowel_shape,
)
from strikemap.model import PRECISION_BY_KIND, Location, Place

_AREA_KINDS = frozenset({"admin1", "admin2", "district", "region", "country"})
_ADMIN1_HINTS = frozenset(
    {"province", "governorate", "oblast", "state", "countryside", "muhafazat", "muhafazah"}
)
_REGION_HINTS = frozenset({"region"})
_SETTLEMENT_HINTS = frozenset({"city", "town", "village", "hamlet", "settlement"})
_DISTRICT_HINTS = frozenset({"district", "raion", "rayon", "subdistrict", "nahiya"})
_KIND_CUES = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "governorate",
        "oblast",
        "district",
        "region",
        "area",
        "camp",
        "neighbourhood",
        "neighborhood",
        "countryside",
        "raion",
        "airbase",
    }
)
_ARTICLE_TOKENS = frozenset(
    [
        "al",
        "el",
        "as",
        "ash",
        "at",
        "ath",
        "ad",
        "adh",
        "an",
        "ar",
        "az",
        "es",
        "esh",
        "et",
        "ed",
        "en",
        "er",
        "ez",
    ]
)
# Lower-case words that may sit inside a spotted name ("Jisr al-Shughur", "Rostov-on-Don",
# "Tabqa dam"); any other lower-case word ends the name, so spot hashes far fewer spans.
_INNER_LOWER = (
    _ARTICLE_TOKENS
    | GENERIC_WORDS
    | _KIND_CUES
    | frozenset(
        [
            "de",
            "del",
            "la",
            "le",
            "les",
            "des",
            "du",
            "di",
            "da",
            "do",
            "dos",
            "das",
            "der",
            "den",
            "von",
            "van",
            "on",
            "upon",
            "sur",
            "am",
            "im",
            "bin",
            "ben",
            "ibn",
            "bint",
            "abu",
            "um",
            "umm",
            "bani",
            "beni",
            "wa",
            "w",
            "dam",
            "airport",
            "air",
            "base",
            "airbase",
            "military",
            "airfield",
            "plain",
            "mountain",
            "mountains",
            "valley",
            "crossing",
            "bridge",
            "square",
            # Landmark heads of curated names ("Hodeidah port", "Conoco gas field").
            "port",
            "harbour",
            "harbor",
            "field",
            "oilfield",
            "gas",
            "oil",
            "plant",
            "refinery",
            "garrison",
            "spit",
            "island",
            "corridor",
            "junction",
            "nuclear",
            "power",
            "hill",
            "mount",
            "sea",
            "lake",
            "river",
        ]
    )
)
_ARABIC_PREFIXES = frozenset("وبلف")
_MAX_TOKENS = 6
_FUZZY_CUTOFF = 86.0
_MASK_THRESHOLD = (_FUZZY_CUTOFF - 1e-6) / 200.0
"""LCS per character of ``la + lb`` that a ratio of :data:`_FUZZY_CUTOFF` needs."""
_AMBIGUITY_GAP = 0.05
_AMBIGUITY_KM = 25.0
_SKELETON_MIN_RATIO = 85
"""Variant-key similarity a skeleton-only match needs (Airwars dev set: matches at 75-79
were wrong places one time in three; at 80-89 one in four; at 90+ one in ten)."""
_FUZZY_NEAR_KM = 50.0
"""A fuzzy match is accepted without an admin hint only this close to the report's places."""
_POINTS_AT_KM = 25.0
"""The report's other places point at a candidate when their centroid lies this close."""
_SEAT_KM = 5.0
"""A populated place this close to an admin1 point (its capital) is the capital."""
_SIDE_MIN_PLACES = 8
"""An area's side is told from its listed places only when it lists this many."""
_SIDE_MIN_RADIUS_KM = 10.0
_SIDE_CITY_POP = 1_000_000
"""A city this populous has sides of its own: "eastern Aleppo" is part of the city."""
_POPULATED_CODES = [KINDS.index(k) for k in ("city", "town", "village")]
_DOMINANT_POP = 20_000
"""A place this populous (and 10x its far namesake) wins a bare-name tie: a report naming
"Afrin" or "Nawa" means the town, not an unpopulated hamlet of that name elsewhere."""
_ROMANISATION_MIN_RATIO = 75
"""Skeleton similarity at which an alias counts as another romanisation of a place's name."""
_RUSSIAN_EXONYM_COUNTRIES = frozenset({"UA", "BY", "MD", "GE", "AM", "AZ", "KZ"})
"""Countries whose places reports also name in a Russian romanisation ("Nikolaev")."""
_MIN_CONFIDENCE = 0.6
_COMMON_NAME_COUNT = 4
"""A village name listed this many times in one country is common: GeoNames lists
villages of 500+ people only, so the one listed in the named province may well not be
the one meant (ACLED dev notes: 4 of 5 such matches were 47-72 km off)."""
_COMMON_NAME_POP = 10_000
_COMMON_SPREAD_KM = 50.0
"""Namesakes in one province this close together are covered by one widened circle."""
_DISTRICT_RADIUS_KM = 20.0
"""Radius of "City - District" answers: a city's districts lie within ~20 km of it."""
_PREFIX_CITY_POP = 50_000
"""A name starting with a city this large ("Mosul al-Jadida") is a quarter of it."""
_VOWELS = frozenset("aeiouy")
_GLIDES = re.compile("[WY]")
_DOUBLED = re.compile(r"(.)\1+")
_LEVEL = {
    "exact name": 0,
    "spelling variant": 0,
    "transliteration skeleton": 1,
    "vowel spelling": 2,
    "consonant frame": 2,
    "Arabic spelling": 2,
    "fuzzy": 2,
}
"""Match levels for ambiguity: an exact name and a spelling variant are equal evidence."""
_EXACT = "exact name"
_VARIANT = "spelling variant"
_SKELETON = "transliteration skeleton"
_FUZZY = "fuzzy"
_VOWELS_ONLY = "vowel spelling"
"""Level of a skeleton match whose spelling differs only in vowel letters (same
consonants, same vowel places: :func:`vowel_shape`) but too much for the variant level;
like a fuzzy match it needs the admin hint or the report's other places to confirm it."""
_VOWELS_ONLY_BASE = 0.75
_FRAME_ONLY = "consonant frame"
"""Level of a skeleton match with the same consonants letter for letter but vowels
added or dropped ("Kiljbreen" / "Kaljibrin", "Bzabor" / "Bazabur"): Arabic writes short
vowels not at all, so transliterators insert them at will. Weaker than the vowel
level; accepted only when an admin hint or the report's other places confirm it."""
_FRAME_ONLY_BASE = 0.72
_FRAME_MIN_RATIO = 70
"""Lowest rapidfuzz ratio of the variant keys at the consonant-frame level (Airwars
development set, resolved at this level: 13 within 10 km, 2 misplaced)."""
_ARABIC = "Arabic spelling"
"""Level of a match on the consonants of a place's Arabic name (admin-hint fallback only)."""
_ARABIC_BASE = 0.7
_CONFIRMED_LEVELS = (_FUZZY, _VOWELS_ONLY, _FRAME_ONLY, _ARABIC)
"""Levels the resolver accepts only with an admin hint or nearby places confirming them."""
_RANK_LIMIT = 40
"""Candidates a resolve considers (after kind, country and admin filters)."""
_MAX_SCORED = 16
_MAX_FUZZY_SKELETON = 18
"""Longer skeletons are phrases ("X area, Y"), not one misspelt name: no fuzzy pass."""
"""Candidates scored one by one per level; longer posting lists are pre-ranked in numpy."""
_RANK_CACHE = 4096
"""Ranked lookups kept per process (LRU keyed by name, countries, near point)."""
_PLACE_CACHE = 50_000
"""Materialised :class:`Place` objects kept per process (an LRU over SQLite rows)."""
_SPOT_CACHE = 50_000
"""Spotting keys whose place ids are kept per gazetteer (all forgotten when full)."""
_TOKEN = re.compile(r"\S+")
# What the first character of a token allows spot to do with it: a capital or a letter
# of a non-Latin script may start or continue a name, a digit only continue one.
_UPPER, _OTHER_SCRIPT, _DIGIT = 1, 2, 4


class _FirstKinds(dict[str, int]):
    """Flags of a character (``_UPPER``, ``_OTHER_SCRIPT``, ``_DIGIT``), computed once each."""

    def __missing__(self, ch: str) -> int:
        flags = (
            (_UPPER if ch.isupper() else 0)
            | (_OTHER_SCRIPT if ch.isalpha() and not ch.isascii() and not _is_latin_char(ch) else 0)
            | (_DIGIT if ch.isdigit() else 0)
        )
        self[ch] = flags
        return flags


_FIRST_KINDS = _FirstKinds()

_K_ADMIN1 = KINDS.index("admin1")
_K_COUNTRY = KINDS.index("country")
_K_CITY = KINDS.index("city")
_K_TOWN = KINDS.index("town")
_SEAT_DOMINANCE = 3
"""A governorate's seat city must be this many times larger than its other towns for
an unknown neighbourhood named with the governorate to be put in it."""
_AREA_CODES = frozenset(KINDS.index(k) for k in _AREA_KINDS)


def _rank_score(
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
    if kind in _AREA_CODES and kind != _K_COUNTRY:
        # A bare name means the populated place ("Homs" the city, not the province).
        score -= 0.03
    return score, conf


class _Posting:
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


class _Views:
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
        # Read by _array_place only, which format-3 files alone reach.
        self.unc = a["unc"].data if "unc" in a else None
        self.src = a["src"].data if "src" in a else None
        # Format 4: per-name variant-key length and consonant-frame hash.
        self.vlen = a["nm_vlen"].data if "nm_vlen" in a else None
        self.vframe = a["nm_vframe"].data if "nm_vframe" in a else None
        # Format 5: per-name letter mask of the variant key.
        self.vmask = a["nm_vmask"].data if "nm_vmask" in a else None


class _Strings:
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
class _Db:
    """One opened index or layer file."""

    name: str
    path: Path
    con: sqlite3.Connection
    arr: Arrays
    countries: list[str]
    cc_code: dict[str, int]
    admin1: list[str]
    ids: _Strings
    disp: _Strings
    keys: _Strings
    names: _Strings | None
    """Per-place display name and alternate names (``None`` for format-2 files)."""
    alts: _Strings | None
    vkeys: _Strings | None
    """Per-name variant keys (``None`` before format 4: computed per lookup)."""
    klen: np.ndarray | None
    """Per-name character lengths of the folded and the variant key (format 4)."""
    vlen: np.ndarray | None
    sources: list[str]
    post: dict[str, _Posting]
    views: _Views
    kmask: np.ndarray | None
    """Per-name :func:`letter_mask` of the folded and the variant key (format 5)."""
    vmask: np.ndarray | None
    crc_deletions: bool
    """Whether the deletion postings are keyed by :func:`deletion_hash` (format 5)."""


class _C:
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


def _range(hashes: np.ndarray, h: np.uint64) -> tuple[int, int]:
    lo = int(hashes.searchsorted(h))
    if lo >= len(hashes) or hashes[lo] != h:
        return lo, lo
    hi = lo + 1
    if hi < len(hashes) and hashes[hi] == h:
        hi = int(hashes.searchsorted(h, "right"))
    return lo, hi


class Gazetteer:
    """A local, offline gazetteer (implements ``GazetteerLike``).

    Parameters
    ----------
    index
        The default index file (``index.sqlite``).
    layers
        Imported layer files, searched after ``index`` (later ones override).
    place_cache
        How many materialised places to keep (0 disables the cache; used by the
        benchmark to measure cold lookups).
    rank_cache
        How many ranked name lookups to keep (an LRU; 0 disables it).
    """

    def __init__(
        self,
        index: Path,
        layers: Sequence[Path] = (),
        *,
        place_cache: int = _PLACE_CACHE,
        rank_cache: int = _RANK_CACHE,
    ) -> None:
        self._dbs: list[_Db] = []
        for p in (index, *layers):
            if not p.exists():
                raise FileNotFoundError(f"gazetteer index not found: {p}")
            try:
                arr = open_arrays(keys_path(p))
            except (OSError, ValueError) as exc:
                raise FileNotFoundError(
                    f"gazetteer file {p} has no usable array file ({exc}): it is damaged "
                    "or was written by an older strikemap; rebuild it with "
                    "`strikemap gazetteer build --force` or re-import the layer"
                ) from exc
            con = sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False)
            countries = arr.countries
            a = arr.a
            full = "pl_name_off" in a  # format 3: places are built from the arrays
            self._dbs.append(
                _Db(
                    p.stem,
                    p,
                    con,
                    arr,
                    countries,
                    {c: i for i, c in enumerate(countries)},
                    arr.admin1_names,
                    _Strings(a["id_blob"], a["id_off"]),
                    _Strings(a["nm_disp_blob"], a["nm_disp_off"]),
                    _Strings(a["nm_key_blob"], a["nm_key_off"]),
                    _Strings(a["pl_name_blob"], a["pl_name_off"]) if full else None,
                    _Strings(a["pl_alt_blob"], a["pl_alt_off"]) if full else None,
                    _Strings(a["nm_vkey_blob"], a["nm_vkey_off"]) if "nm_vkey_off" in a else None,
                    a.get("nm_klen"),
                    a.get("nm_vlen"),
                    list(arr.header.get("sources", [])),
                    {
                        k: _Posting(a[f"{k}_hash"], a[f"{k}_val"], a.get(f"{k}_start"))
                        for k in POSTINGS
                        if f"{k}_hash" in a
                    },
                    _Views(a),
                    a.get("nm_kmask"),
                    a.get("nm_vmask"),
                    arr.header.get("format") in DELETION_HASH_FORMATS,
                )
            )
        self._lock = threading.RLock()
        self._places: OrderedDict[tuple[int, int], Place] = OrderedDict()
        self._place_cache = place_cache
        self._ranks: OrderedDict[tuple[object, ...], list[_C]] = OrderedDict()
        self._rank_cache = rank_cache
        self._admin1_memo: dict[tuple[str, tuple[str, ...]], Place | None] = {}
        self._spot_memo: dict[str, tuple[str, ...] | None] = {}
        # resolve() recurses for relations and lists; the depth is per thread.
        self._nesting = threading.local()
        self._arabic_rows: dict[tuple[int, str], dict[str, list[tuple[int, ArabicMarks]]]] = {}
        # Points of the populated places listed per (country, admin1): built once each.
        self._members: dict[tuple[str, str | None], tuple[np.ndarray, np.ndarray]] = {}
        # (country, admin1, bearing) -> (places, lat, lon, radius) of that side: once each.
        self._side_parts: dict[
            tuple[str, str | None, float | None], tuple[int, float, float, float]
        ] = {}

    # ------------------------------------------------------------------ plumbing
    def close(self) -> None:
        """Close the index files."""
        for db in self._dbs:
            db.con.close()

    def clear_caches(self) -> None:
        """Forget materialised places, admin1 answers and spotted keys (for cold benchmarks)."""
        with self._lock:
            self._places.clear()
            self._admin1_memo.clear()
            self._ranks.clear()
            self._spot_memo.clear()

    @property
    def layer_names(self) -> list[str]:
        """Names of the opened files (default index first)."""
        return [db.name for db in self._dbs]

    def _place(self, di: int, idx: int) -> Place:
        key = (di, idx)
        pl = self._places.get(key)
        if pl is not None:
            return pl
        db = self._dbs[di]
        with self._lock:
            if db.names is not None and db.alts is not None:
                pl = _array_place(db, idx)
            else:
                row = db.con.execute(
                    f"SELECT {PLACE_COLUMNS} FROM places WHERE idx=?", (idx,)
                ).fetchone()
                pl = row_to_place(row)
            if self._place_cache:
                self._places[key] = pl
                if len(self._places) > self._place_cache:
                    self._places.popitem(last=False)
        return pl

    def get(self, place_id: str) -> Place:
        """Return the place with this id.

        Raises
        ------
        KeyError
            When no index or layer has it.
        """
        h = np.uint64(key_hash(place_id))
        for di in range(len(self._dbs) - 1, -1, -1):
            a = self._dbs[di].arr.a
            if "id_hash" in a:
                lo, hi = _range(a["id_hash"], h)
                for j in range(lo, hi):
                    idx = int(a["id_idx"][j])
                    if self._pid(di, idx) == place_id:
                        return self._place(di, idx)
                continue
            with self._lock:
                row = (
                    self._dbs[di]
                    .con.execute("SELECT idx FROM places WHERE id=?", (place_id,))
                    .fetchone()
                )
            if row:
                return self._place(di, int(row[0]))
        raise KeyError(place_id)

    def geometry_wkb(self, place_id: str) -> bytes | None:
        """Return the stored polygon (WKB) of an imported admin area, if any."""
        for db in reversed(self._dbs):
            with self._lock:
                row = db.con.execute(
                    "SELECT geometry FROM places WHERE id=?", (place_id,)
                ).fetchone()
            if row:
                return None if row[0] is None else bytes(row[0])
        return None

    def count(self) -> int:
        """Return the number of entries over all files (overridden ids counted once each)."""
        return sum(len(db.arr.a["lat"]) for db in self._dbs)

    # ------------------------------------------------------------------ matching
    def _make(
        self,
        di: int,
        rows: np.ndarray,
        base: float,
        how: str,
        countries: Sequence[str],
        near: tuple[float, float] | None,
        drop: Callable[[int], bool] | None = None,
    ) -> list[_C]:
        """Score name rows of one file from array reads (numpy pre-rank when many).

        Rows for which ``drop`` holds are left out after the pre-rank (so it keeps
        the same rows with or without ``drop``).
        """
        db = self._dbs[di]
        a = db.arr.a
        if len(rows) <= _MAX_SCORED:
            kept = rows.tolist()
            if drop is not None:
                kept = [r for r in kept if not drop(r)]
            return self._make_few(db, di, kept, base, how, countries, near)
        # Keep the most populous (and in-country) ones; the rest cannot win.
        places = a["nm_place"][rows]
        pops = a["pop"][places].astype(np.float64)
        if countries:
            codes = [db.cc_code[c] for c in countries if c in db.cc_code]
            inside = np.isin(a["cc"][places], codes)
            pops = pops + inside * 1e12
        kept = rows[np.argsort(-pops, kind="stable")[:_MAX_SCORED]].tolist()
        if drop is not None:
            kept = [r for r in kept if not drop(r)]
        # The kept rows are few: memoryview reads beat one numpy call per column.
        return self._make_few(db, di, kept, base, how, countries, near)

    def _make_few(
        self,
        db: _Db,
        di: int,
        rows: list[int],
        base: float,
        how: str,
        countries: Sequence[str],
        near: tuple[float, float] | None,
    ) -> list[_C]:
        """Score a few name rows through memoryviews (no numpy call per column).

        Same scores as :meth:`_make`; a numpy fancy index costs about a microsecond of
        call overhead per column, a memoryview read tens of nanoseconds.
        """
        v = db.views
        out: list[_C] = []
        c0 = countries[0] if countries else None
        for row in rows:
            idx = v.nm_place[row]
            pop = v.pop[idx]
            cc = db.countries[v.cc[idx]]
            kind = v.kind[idx]
            near_km = (
                haversine_km(near[0], near[1], v.lat[idx], v.lon[idx]) if near is not None else None
            )
            score, conf = _rank_score(base, pop, cc, kind, countries, c0, near_km)
            c = _C(di, idx, row, base, how, score, min(conf, 1.0))
            c.kind = KINDS[kind]
            c.cc = cc
            c.pop = pop
            a1 = v.a1[idx]
            c.a1 = db.admin1[a1] if a1 >= 0 else None
            out.append(c)
        return out

    def _matched(self, c: _C) -> str:
        db = self._dbs[c.di]
        return db.disp[c.row]

    def _matched_key(self, c: _C) -> str:
        db = self._dbs[c.di]
        return db.keys[c.row]

    def _matched_vkey(self, c: _C, mk: str) -> str:
        """Return the variant key of a candidate's matched key ``mk`` (stored or computed)."""
        vkeys = self._dbs[c.di].vkeys
        return vkeys[c.row] if vkeys is not None else variant_key(mk)

    def _pid(self, di: int, idx: int) -> str:
        db = self._dbs[di]
        return db.ids[idx]

    def _fuzzy(
        self, key: str, skel: str, countries: Sequence[str], near: tuple[float, float] | None
    ) -> list[_C]:
        if not 4 <= len(skel) <= _MAX_FUZZY_SKELETON or not skel.isascii():
            return []
        probes = {skel, *skeleton_deletions(skel)}
        # Format-5 files key their deletion postings by the cheap deletion_hash, older
        # ones by key_hash: each set is computed once, when a file needs it.
        crc_hs: list[int] | None = None
        blake_hs: list[int] | None = None
        weights: tuple[np.ndarray, np.ndarray] | None = None
        out: list[_C] = []
        for di, db in enumerate(self._dbs):
            a = db.arr.a
            # Without a country only major places qualify: their own, much smaller
            # deletion postings (format 3) spare filtering the world's villages.
            major_post = not countries and "fm" in db.post
            post = db.post.get("f" if countries else "fm") or db.post.get("f")
            if post is None:
                continue
            if db.crc_deletions:
                hs = crc_hs = crc_hs or [deletion_hash(p) for p in probes]
            else:
                hs = blake_hs = blake_hs or [key_hash(p) for p in probes]
            parts = []
            for h in hs:
                x, y = post.range(h)
                if y > x:
                    parts.append(post.vals[x:y])
            if not parts:
                continue
            # Filtered before de-duplication: the same sorted unique rows, but np.unique
            # then sorts the few in-country rows, not the thousands of rows a common
            # deletion key has worldwide (it cost ~35 us per name with a country).
            rows = np.concatenate(parts) if len(parts) > 1 else parts[0]
            if major_post:
                pass  # "fm" holds major places only: the filter below would keep all
            elif countries:
                places = a["nm_place"][rows]
                codes = [db.cc_code[c] for c in countries if c in db.cc_code]
                if not codes:
                    continue
                cc_arr = a["cc"][places]
                ok = cc_arr == codes[0] if len(codes) == 1 else np.isin(cc_arr, codes)
                rows = rows[ok]
            else:
                # Without a country, only large or area entries: fuzzy matching the
                # world's villages would mostly produce confident nonsense.
                places = a["nm_place"][rows]
                kinds = a["kind"][places]
                ok = (a["pop"][places] >= 100_000) | (kinds == _K_ADMIN1) | (kinds == _K_COUNTRY)
                rows = rows[ok]
            if len(parts) > 1:
                rows = np.unique(rows)
            if not len(rows):
                continue
            vkey = variant_key(key)
            # A ratio of _FUZZY_CUTOFF needs lengths within ~30 % of each other: drop
            # the rest on the offsets alone before reading any string.
            off = db.keys.offsets
            lens = off[rows + 1] - off[rows]
            n = len(key)
            rows = rows[(lens >= int(0.6 * n)) & (lens <= int(1.7 * n) + 2)]
            rows = rows[:500]
            if (
                db.kmask is not None
                and db.vmask is not None
                and db.klen is not None
                and db.vlen is not None
            ):
                # Format 5: bound each ratio by the characters the two strings can
                # share (letter masks, :func:`letter_mask`), which implies the length
                # bound below; ~1 row in 70 survives, so few strings are decoded.
                weights = weights or (_mask_weights(key), _mask_weights(vkey))
                rows = rows[
                    _mask_may_reach(len(key), weights[0], db.klen[rows], db.kmask[rows])
                    | _mask_may_reach(len(vkey), weights[1], db.vlen[rows], db.vmask[rows])
                ]
            elif db.vkeys is not None and db.klen is not None and db.vlen is not None:
                # A ratio is at most 200 * min(la, lb) / (la + lb) (all of the shorter
                # string matched): rows whose stored key lengths cannot reach the cutoff
                # on either spelling are dropped before any string is decoded. The
                # margin keeps a row whose bound only rounds under the cutoff.
                rows = rows[
                    _may_reach(len(key), db.klen[rows]) | _may_reach(len(vkey), db.vlen[rows])
                ]
            row_list = rows.tolist()
            if not row_list:
                continue
            # The better of the folded and the variant spelling ("Kafar Nabouda" /
            # "Kafr Nabutha" are closer once "Kafar" is written "Kafr"). Both ratios
            # are computed for all rows in one rapidfuzz call each (C loop, scores
            # under the cutoff come back as 0); per-row Python calls cost ~1 us each.
            mks = db.keys.many(row_list)
            mvks = (
                db.vkeys.many(row_list) if db.vkeys is not None else [variant_key(mk) for mk in mks]
            )
            ratios = np.maximum(_ratios(key, mks), _ratios(vkey, mvks))
            for i in np.flatnonzero(ratios >= _FUZZY_CUTOFF).tolist():
                if _fuzzy_frames_ok(vkey, mvks[i], skel):
                    ratio = float(ratios[i])
                    out.extend(
                        self._make_few(
                            db, di, [row_list[i]], 0.75 * ratio / 100, _FUZZY, countries, near
                        )
                    )
        return out

    def _rank(
        self,
        name: str,
        countries: Sequence[str],
        near: tuple[float, float] | None,
        *,
        fuzzy: bool = True,
        limit: int = _RANK_LIMIT,
    ) -> list[_C]:
        """Return scored candidates for a name, best first (one per place id).

        Results are kept in a small per-process LRU (``rank_cache``): reports repeat
        the same few names. The returned list is shared: callers must not mutate it.
        """
        memo = (name, tuple(countries), near, fuzzy, limit)
        hit = self._ranks.get(memo)
        if hit is not None:
            self._ranks.move_to_end(memo)
            return hit
        out = self._rank_uncached(name, countries, near, fuzzy=fuzzy, limit=limit)
        if self._rank_cache:
            with self._lock:
                self._ranks[memo] = out
                if len(self._ranks) > self._rank_cache:
                    self._ranks.popitem(last=False)
        return out

    def _rank_uncached(
        self,
        name: str,
        countries: Sequence[str],
        near: tuple[float, float] | None,
        *,
        fuzzy: bool,
        limit: int,
    ) -> list[_C]:
        key = normalize_name(name)
        if not key:
            return []
        skel = skeleton_from_key(key) or key
        hk, hs = key_hash(key), key_hash(skel)
        vkey = variant_key(key)
        qframe = 0
        nv = len(vkey)
        min_ratio = _SKELETON_MIN_RATIO if len(skel) < 7 else 60
        terms: tuple[int, tuple[tuple[int, int], ...]] | None = None
        hits: list[_C] = []
        for di, db in enumerate(self._dbs):
            kp, sp = db.post["k"], db.post["s"]
            lo, hi = kp.range(hk)
            exact_rows = kp.vals[lo:hi]
            if hi > lo:
                hits += self._make(di, exact_rows, 1.0, _EXACT, countries, near)
            lo, hi = sp.range(hs)
            vf = db.views.vframe
            if 0 < hi - lo <= _MAX_SCORED and vf is not None:
                # A few skeleton rows: drop the exact rows and, in one Python pass,
                # those whose consonant-frame hash differs from the name's. Such a row
                # is rejected by :func:`_skeleton_plausible` (its first test) and can
                # be re-admitted by no later level, so it never needs scoring.
                qframe = qframe or key_hash(consonant_frame(vkey))
                ex = exact_rows.tolist()
                few = [r for r in sp.vals[lo:hi].tolist() if vf[r] == qframe and r not in ex]
                if few and not countries:
                    # Without a country a hit rejected on the stored arrays is never
                    # re-admitted (only the in-country vowel level re-examines
                    # rejected hits): drop it before it is scored.
                    v = db.views
                    if v.vmask is not None:
                        terms = terms or _mask_terms(vkey)
                    few = [r for r in few if not _stored_reject(v, r, qframe, nv, min_ratio, terms)]
                hits += self._make_few(db, di, few, 0.85, _SKELETON, countries, near)
            elif hi > lo:
                srows = sp.vals[lo:hi]
                if len(exact_rows):
                    # Drop the exact rows (order kept): a few vectorised compares, not
                    # a Python test per row of a long skeleton posting list.
                    keep = srows != exact_rows[0]
                    for r in exact_rows[1:].tolist():
                        keep &= srows != r
                    srows = srows[keep]
                if len(srows) > _MAX_SCORED and "nm_vframe" in db.arr.a:
                    # A short skeleton ("sd") is shared by hundreds of names: keep those
                    # whose consonant frame is the name's (any other is rejected below
                    # anyway) before the most populous are picked, or the right village
                    # can be cut for a large town that was never a match.
                    qframe = qframe or key_hash(consonant_frame(vkey))
                    srows = srows[db.arr.a["nm_vframe"][srows] == qframe]
                drop = None
                if not countries and db.views.vframe is not None:
                    # As above: rows the stored arrays reject, dropped after the
                    # population pre-rank (which must see them to cut the same rows).
                    qframe = qframe or key_hash(consonant_frame(vkey))
                    if db.views.vmask is not None:
                        terms = terms or _mask_terms(vkey)
                    drop = partial(
                        _stored_reject,
                        db.views,
                        qframe=qframe,
                        nv=nv,
                        min_ratio=min_ratio,
                        terms=terms,
                    )
                hits += self._make(di, srows, 0.85, _SKELETON, countries, near, drop)

        if not qframe and any(h.how == _SKELETON for h in hits):
            qframe = key_hash(consonant_frame(vkey))

        def cheap_reject(c: _C) -> bool:
            """Whether stored arrays alone show :func:`_skeleton_plausible` rejects ``c``.

            A different consonant-frame hash means a different frame (its first test);
            a ratio bound under the lowest ratio it accepts fails its last: from the
            lengths, ``200 * min(la, lb) / (la + lb)``, and (format 5) from the letter
            masks, which bound the common subsequence (on the development names 3
            collisions in 4 that share a frame fail on the masks: the same consonants
            with other vowels). Either way no string is decoded.
            """
            nonlocal terms
            v = self._dbs[c.di].views
            if v.vmask is not None:
                terms = terms or _mask_terms(vkey)
            return _stored_reject(v, c.row, qframe, nv, min_ratio, terms)

        # With an exact match where the report is (and no near point to reorder), a
        # skeleton hit can neither outrank it nor make a close call (the level gap,
        # 0.15, exceeds any population bonus): leave those hits to the lazy check.
        settled = near is None and any(
            h.how == _EXACT and (not countries or h.cc in countries) for h in hits
        )
        for h in hits:
            if settled or h.how != _SKELETON:
                continue
            if cheap_reject(h):
                # Not a variant match either: equal variant keys share frame and length.
                h.ok = False
                continue
            # A skeleton match whose spelling variant is the same name ("Al Fakkah" /
            # "Fakkeh") is strong evidence; one that merely shares consonants is
            # checked against the variant keys and dropped when too far apart.
            mk = self._matched_key(h)
            mv = self._matched_vkey(h, mk)
            if mv == vkey:
                h.how, h.base = _VARIANT, 0.92
                h.score += 0.07
                h.conf = min(1.0, h.conf * 0.92 / 0.85)
                h.ok = True
            else:
                h.ok = _skeleton_plausible(vkey, mv, skel, key, mk)

        def plausible(c: _C) -> bool:
            if c.ok is None:
                if c.how != _SKELETON:
                    c.ok = True
                elif cheap_reject(c):
                    c.ok = False
                else:
                    mk = self._matched_key(c)
                    c.ok = _skeleton_plausible(vkey, self._matched_vkey(c, mk), skel, key, mk)
            return c.ok

        # Fuzzy only when nothing matched where the report is: a close spelling at home
        # beats an exact homonym abroad, which the country rule would reject anyway.
        if fuzzy and not any((not countries or h.cc in countries) and plausible(h) for h in hits):
            if countries:
                # Skeleton matches that differ only in vowel letters ("Kendeh" /
                # "Kinda", "Tedef" / "Tadaf") come back at their own, weaker level.
                self._vowel_spellings(hits, vkey, skel, key, countries)
            hits += self._fuzzy(key, skel, countries, near)
        hits.sort(key=lambda c: (-c.score, c.di, c.idx))
        best: list[_C] = []
        # Ids are unique within one file, so with a single file the row index stands
        # for the id (no string decoded per hit); layers may repeat an id.
        one_file = len(self._dbs) == 1
        seen: set[object] = set()
        for c in hits:
            if not plausible(c):
                continue
            pid: object = c.idx if one_file else self._pid(c.di, c.idx)
            if pid in seen:
                continue
            seen.add(pid)
            best.append(c)
            if len(best) >= limit:
                break
        return best

    def _vowel_candidates(
        self, key: str, countries: Sequence[str], near: tuple[float, float] | None
    ) -> list[_C]:
        """Return the in-country places whose names differ from ``key`` in vowels only.

        For the admin-hint fallback: a vowel spelling inside the named province
        ("Hazzah, Damascus" / "Hezzeh") is preferred to an exact homonym outside it,
        as a close spelling is (:meth:`_fuzzy`).
        """
        skel = skeleton_from_key(key) or key
        vkey = variant_key(key)
        qframe = key_hash(consonant_frame(vkey))
        hits: list[_C] = []
        for di, db in enumerate(self._dbs):
            lo, hi = db.post["s"].range(key_hash(skel))
            if hi <= lo:
                continue
            rows = db.post["s"].vals[lo:hi]
            if "nm_vframe" in db.arr.a:
                rows = rows[db.arr.a["nm_vframe"][rows] == qframe]
            hits += self._make(di, rows, 0.85, _SKELETON, countries, near)
        for h in hits:
            h.ok = False  # re-examined at the vowel level only
        self._vowel_spellings(hits, vkey, skel, key, countries)
        return [h for h in hits if h.how in (_VOWELS_ONLY, _FRAME_ONLY)]

    def _arabic_candidates(
        self, key: str, countries: Sequence[str], near: tuple[float, float] | None
    ) -> list[_C]:
        """Return the in-country places whose Arabic name the Latin name spells.

        For the admin-hint fallback, like :meth:`_vowel_candidates`: a source's English
        spelling can be idiosyncratic ("Moataf" for منطف, which reports write "Mantaf";
        "Karfuma" for كفرومة, "Kafrouma"), while the Arabic spells the consonants and
        long vowels every romanisation keeps. A place qualifies when its Arabic name has
        the name's consonants (kh, gh and sh kept apart) and writes long vowels only
        where the Latin has vowels of their class; names of two or three consonants
        must also agree on short vowels and endings
        (:func:`~strikemap.gazetteer.normalize.slots_agree`). Airwars development set,
        inside the named governorate: see benchmarks/README.md, "Gazetteer pass 12".
        """
        if not is_latin(key):
            return []
        cons, lslots = latin_slots(key)
        if len(cons) < 2:
            return []
        strict = len(cons) < 4
        out: list[_C] = []
        for di, db in enumerate(self._dbs):
            for cc in countries:
                by_cons = self._arabic_index(di, cc)
                rows = [
                    r
                    for variant in latin_consonant_variants(cons)
                    for r, aslots in by_cons.get(variant, ())
                    if slots_agree(aslots, lslots, strict=strict)
                ]
                if rows:
                    rows = list(dict.fromkeys(rows))
                    out += self._make_few(db, di, rows, _ARABIC_BASE, _ARABIC, countries, near)
        for c in out:
            c.ok = True
        return out

    def _arabic_index(self, di: int, cc: str) -> dict[str, list[tuple[int, ArabicMarks]]]:
        """Map consonants -> (name row, vowel slots) of one file's Arabic names in one country.

        Built on first use per file and country (about 60,000 names for Syria with the
        OCHA layers: tens of milliseconds), then kept.
        """
        got = self._arabic_rows.get((di, cc))  # built once: no lock to read it
        if got is not None:
            return got
        with self._lock:
            got = self._arabic_rows.get((di, cc))
            if got is not None:
                return got
            db = self._dbs[di]
            by_cons: dict[str, list[tuple[int, ArabicMarks]]] = {}
            code = db.cc_code.get(cc)
            if code is not None:
                a = db.arr.a
                rows = np.nonzero(a["cc"][a["nm_place"]] == code)[0].tolist()
                for row, k in zip(rows, db.keys.many(rows), strict=True):
                    if not k or k.isascii() or not _ARABIC_LETTER.search(k):
                        continue
                    for cons, slots in arabic_slots(k):
                        by_cons.setdefault(cons, []).append((row, slots))
            self._arabic_rows[(di, cc)] = by_cons
            return by_cons

    def _vowel_spellings(
        self, hits: list[_C], vkey: str, skel: str, key: str, countries: Sequence[str]
    ) -> None:
        """Re-admit rejected in-country skeleton hits whose spellings differ in vowels only.

        A hit qualifies when its consonant frame and :func:`vowel_shape` equal the
        name's (same consonants, vowels in the same places, only the vowel letters
        differ) and it passes :func:`_skeleton_plausible`'s other tests; it is marked
        with the vowel-spelling level (confidence ~0.71), which the resolver accepts
        only when an admin hint or the report's other places confirm it.
        """
        if len(consonant_frame(vkey)) < 3:
            # With the vowels free, two consonants are no evidence: on the Airwars
            # development set a third of such matches inside the named governorate
            # were another village ("Badu"/"Badi", "Bootha"/"Botheh").
            return
        shape = vowel_shape(vkey)
        for h in hits:
            if h.how != _SKELETON or h.ok is not False or h.cc not in countries:
                continue
            mk = self._matched_key(h)
            mv = self._matched_vkey(h, mk)
            if _final_vowel(mv) != _final_vowel(vkey) or not _skeleton_plausible(
                vkey, mv, skel, key, mk, min_ratio=0
            ):
                continue
            if vowel_shape(mv) == shape:
                how, base = _VOWELS_ONLY, _VOWELS_ONLY_BASE
            elif _frame_spelling(vkey, mv, shape):
                how, base = _FRAME_ONLY, _FRAME_ONLY_BASE
            else:
                continue
            h.how, h.ok = how, True
            h.score += base - h.base
            h.conf *= base / h.base
            h.base = base

    def _candidate(
        self, c: _C, countries: Sequence[str], near: tuple[float, float] | None
    ) -> Candidate:
        pl = self._place(c.di, c.idx)
        matched = self._matched(c)
        reasons = [f"{c.how} {matched!r}"]
        if pl.population:
            reasons.append(f"population {pl.population:,}")
        if countries:
            if pl.country in countries:
                reasons.append(f"in report country {pl.country}")
            else:
                reasons.append(f"outside report countries ({pl.country})")
        if near is not None:
            d = haversine_km(near[0], near[1], pl.lat, pl.lon)
            reasons.append(f"{d:.0f} km from the report's other places")
        return Candidate(pl, matched, round(c.conf, 3), "; ".join(reasons))

    def _candidates(
        self,
        name: str,
        countries: Sequence[str],
        near: tuple[float, float] | None,
        *,
        fuzzy: bool = True,
        limit: int = 10,
    ) -> list[tuple[float, Candidate]]:
        """Return (score, candidate) pairs, best first (compatibility helper)."""
        return [
            (c.score, self._candidate(c, countries, near))
            for c in self._rank(name, countries, near, fuzzy=fuzzy, limit=limit)
        ]

    def lookup(
        self,
        name: str,
        country: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Rank the places a name could mean, best first.

        Parameters
        ----------
        name
            As written, any script.
        country
            ISO2 code to prefer (others are ranked lower, not removed).
        near
            (lat, lon) to prefer places close to.
        limit
            Maximum number of candidates.

        Returns
        -------
        list of Candidate
            Exact folded matches rank above skeleton matches, which rank above fuzzy
            ones; then population, country and proximity. Each carries its reason.
        """
        countries = (country.upper(),) if country else ()
        return [c for _s, c in self._candidates(name, countries, near, limit=limit)]

    def find_admin1(self, name: str, countries: Sequence[str] = ()) -> Place | None:
        """Return the admin1 area a name designates ("Idleb", "Luhansk Oblast"), if any.

        Parameters
        ----------
        name
            As written; kind words ("province", "oblast") are ignored.
        countries
            ISO2 codes to restrict to (any when empty).

        Returns
        -------
        Place or None
            The admin1 entry of that name (best ranked) in ``countries``; ``None``
            otherwise.
        """
        memo_key = (name, tuple(countries))
        if memo_key in self._admin1_memo:
            return self._admin1_memo[memo_key]
        found: Place | None = None
        for variant in dict.fromkeys((name, strip_generic(name))):
            for c in self._rank(variant, countries, None, fuzzy=False):
                if c.kind == "admin1" and (not countries or c.cc in countries):
                    found = self._place(c.di, c.idx)
                    break
            if found is not None:
                break
        if len(self._admin1_memo) > 4096:
            self._admin1_memo.clear()
        self._admin1_memo[memo_key] = found
        return found

    def same_admin1(self, admin1: str | None, other: str, country: str | None = None) -> bool:
        """Return whether two admin1 names designate the same area.

        Parameters
        ----------
        admin1
            An admin1 name as stored on a place (``Place.admin1``).
        other
            Another spelling ("Idleb", "Deir ez Zor", "Al Hasakeh").
        country
            ISO2 code to restrict the comparison to.

        Returns
        -------
        bool
            ``True`` when equal after folding, or when both resolve to the same
            admin1 entry.
        """
        if not admin1:
            return False
        if admin1 == other or strip_generic(admin1) == strip_generic(other):
            return True
        cc = (country,) if country else ()
        a = self.find_admin1(admin1, cc)
        b = self.find_admin1(other, cc)
        return a is not None and b is not None and (a.id == b.id or a.name == b.name)

    # ------------------------------------------------------------------ spotting
    def spot(self, text: str) -> list[Mention]:
        """Find gazetteer names in free text.

        Parameters
        ----------
        text
            Any text.

        Returns
        -------
        list of Mention
            Longest non-overlapping matches, left to right, with offsets into ``text``.
            Latin names must be written capitalised (inner lower-case words only when
            they are articles, particles or kind words: "Jisr al-Shughur", "Tabqa
            dam"); a name that is also a common English word ("Said", "May") needs a
            kind cue next to it ("the village of Said", "Reading town").
        """
        folded, pos = fold_text(text)
        toks = [(m.start(), m.end()) for m in _TOKEN.finditer(folded)]
        n = len(toks)
        # What each token's first character (as written) allows, read once per character.
        kinds = _FIRST_KINDS
        flags = [kinds[text[pos[s]]] for s, _e in toks]
        cands: list[tuple[int, int, int, int]] = []  # (fold start, fold end, tok i, tok j)
        for i in self._start_tokens(folded, toks, flags):
            s = toks[i][0]
            for st in self._token_starts(folded, toks[i], flags[i]):
                for j in range(i, min(i + _MAX_TOKENS, n)):
                    # Which tokens may continue a name: capitalised or non-Latin, a
                    # digit, or an inner word.
                    if j > i and not (flags[j] or folded[toks[j][0] : toks[j][1]] in _INNER_LOWER):
                        break
                    end = toks[j][1]
                    if folded[end - 1] == "s" and end - s > 2 and text[pos[end - 1] - 1] in "'’":
                        # "Assad's": the possessive is not part of the name.
                        cands.append((st, end - 1, i, j))
                        continue
                    cands.append((st, end, i, j))
        if not cands:
            return []
        keys = [folded[a:b] for a, b, _i, _j in cands]
        found = self._spot_ids(keys)
        spans = sorted(
            ((a, b, i, j) for (a, b, i, j), k in zip(cands, keys, strict=True) if k in found),
            key=lambda c: (c[0], -(c[1] - c[0])),
        )
        out: list[Mention] = []
        last_end = -1
        for a, b, i, j in spans:
            if a < last_end:
                continue
            start, end = pos[a], pos[b - 1] + 1
            surface = text[start:end]
            if not self._surface_ok(surface, folded, toks, i, j):
                continue
            if b - a <= 2 and not self._short_ok(surface, folded, toks, i, j):
                continue
            out.append(Mention(start, end, surface, found[folded[a:b]]))
            last_end = b
        return out

    def _spot_ids(self, keys: list[str]) -> dict[str, tuple[str, ...]]:
        """Return the place ids of each key that names places (keys without any left out).

        A key's ids depend on the opened files only: they are kept per key (up to
        ``_SPOT_CACHE`` keys), and only keys not seen before are hashed and looked up.
        The answer is built from what this call read, so another thread clearing the
        memo meanwhile changes nothing.
        """
        memo = self._spot_memo
        ids_of: dict[str, tuple[str, ...] | None] = {}
        new: list[str] = []
        for k in dict.fromkeys(keys):
            try:
                ids_of[k] = memo[k]
            except KeyError:
                new.append(k)
        if new:
            hashes = np.fromiter((key_hash(k) for k in new), dtype=np.uint64, count=len(new))
            found: dict[str, list[str]] = {}
            for di, db in enumerate(self._dbs):
                post = db.post["sp"]
                ok, _lo = post.find_many(hashes)
                for ki in np.nonzero(ok)[0].tolist():
                    x, y = post.range(int(hashes[ki]))
                    ids = found.setdefault(new[ki], [])
                    for idx in post.vals[x:y].tolist():
                        pid = self._pid(di, idx)
                        if pid not in ids:
                            ids.append(pid)
            if len(memo) + len(new) > _SPOT_CACHE:
                memo.clear()
            for key in new:
                memo[key] = ids_of[key] = tuple(found[key]) if key in found else None
        return {k: v for k, v in ids_of.items() if v is not None}

    @staticmethod
    def _start_tokens(folded: str, toks: list[tuple[int, int]], flags: list[int]) -> list[int]:
        """Return the indexes of the tokens a name may start at (see _token_starts)."""
        # (An article starts a name only before a capital: its text is read only then.)
        return [
            i
            for i, (f, after) in enumerate(zip(flags, [*flags[1:], 0], strict=False))
            if f & (_UPPER | _OTHER_SCRIPT)
            or (after & _UPPER and folded[toks[i][0] : toks[i][1]] in _ARTICLE_TOKENS)
        ]

    @staticmethod
    def _token_starts(folded: str, tok: tuple[int, int], flag: int) -> list[int]:
        """Return where names may start in a start token: its start, or after a prefix."""
        s, e = tok
        if flag & _OTHER_SCRIPT and folded[s] in _ARABIC_PREFIXES and e - s >= 4:
            return [s, s + 1]  # و/ب/ل/ف written attached: "بإدلب" = "in Idlib"
        return [s]

    @staticmethod
    def _short_ok(surface: str, folded: str, toks: list[tuple[int, int]], i: int, j: int) -> bool:
        """Whether a two-letter name ("Di", "Ba") is meant as a place here.

        Two letters are mostly abbreviations ("UN", "US") or words: the name must be
        written in title case and sit next to a kind cue ("Di village", "the village
        of Di", "village Di").
        """
        if not (len(surface) == 2 and surface[0].isupper() and surface[1].islower()):
            return False
        before = folded[toks[i - 1][0] : toks[i - 1][1]] if i > 0 else ""
        before2 = folded[toks[i - 2][0] : toks[i - 2][1]] if i > 1 else ""
        after = folded[toks[j + 1][0] : toks[j + 1][1]] if j + 1 < len(toks) else ""
        return (
            after in _KIND_CUES
            or before in _KIND_CUES
            or (before == "of" and before2 in _KIND_CUES)
        )

    @staticmethod
    def _surface_ok(surface: str, folded: str, toks: list[tuple[int, int]], i: int, j: int) -> bool:
        words = [folded[toks[k][0] : toks[k][1]] for k in range(i, j + 1)]
        # Written in capitals ("RUSSIAN STRIKES HIT IDLIB"), a headline's verbs look like
        # names too ("Hit", a town in Anbar): they need a kind cue like English words.
        shouted = surface.isupper() and all(w in _HEADLINE_VERBS for w in words)
        if not shouted and not all(w in ENGLISH_WORDS or w in GENERIC_WORDS for w in words):
            return True
        before = folded[toks[i - 1][0] : toks[i - 1][1]] if i > 0 else ""
        before2 = folded[toks[i - 2][0] : toks[i - 2][1]] if i > 1 else ""
        after = folded[toks[j + 1][0] : toks[j + 1][1]] if j + 1 < len(toks) else ""
        if after in _KIND_CUES:
            return True
        return before == "of" and before2 in _KIND_CUES

    # ------------------------------------------------------------------ resolving
    def resolve(self, name: str, context: ResolveContext) -> Resolution:
        """Pick the place a name means in this context, or say why none was picked.

        Parameters
        ----------
        name
            As written. A trailing ``", Admin"`` part ("Karhouk, Al Hasaka") is used as
            the admin hint, a kind word ("Idlib province", "Al Mashad neighbourhood")
            as the kind hint, a parenthesis as an alternative name, and ``"City -
            District"`` falls back to the city. In reports about Syria, Iraq, Turkey or
            Iran a name with Kurmanji letters is also tried in its English reading
            (:func:`~strikemap.gazetteer.normalize.kurmanji_reading`), said so.
        context
            Countries, admin hint, kind hint and nearby resolved points.

        Returns
        -------
        Resolution
            ``location`` is ``None`` when no candidate is credible (not found, only
            weak fuzzy matches, outside the report's countries, contradicting the
            admin hint, or ambiguous); ``fallback`` then carries the admin1 area named
            next to it when there is one. A name nesting more than
            :data:`_MAX_NESTING` relations ("north of north of ... X") or longer than
            :data:`_MAX_NAME_CHARS` is refused, said so.
        """
        if len(name) > _MAX_NAME_CHARS:
            return Resolution(
                None, (), f"{name[:40]!r}...: longer than {_MAX_NAME_CHARS} characters"
            )
        depth = getattr(self._nesting, "depth", 0)
        if depth >= _MAX_NESTING:
            return Resolution(None, (), f"{name[:40]!r}: relations nested too deeply")
        self._nesting.depth = depth + 1
        try:
            return self._resolve_name(name, context)
        finally:
            self._nesting.depth = depth

    def _rewritten(self, name: str, context: ResolveContext) -> Resolution | None:
        """Resolve a name written in a shape another one states plainly, if it resolves.

        "old city of Aleppo" is "Aleppo old city"; "Douma's outskirts" is "outskirts of
        Douma", "Sana'a's airport" "Sanaa airport", "Raqqa's al-Mishlab district" a part
        of the city ("Raqqa - al-Mishlab district"), "Kherson region's X district" X with
        that admin hint; "Al Hamidiya neighbourhood of Raqqa" is "X neighbourhood,
        Raqqa". The answer keeps the name as written.
        """
        for written in self._plain_forms(name, context):
            res = self.resolve(written, context)
            if res.location is not None:
                return Resolution(
                    _replace(res.location, name=name), res.candidates, res.location.reason
                )
        return None

    def _plain_forms(self, name: str, context: ResolveContext) -> Iterator[str]:
        """Yield the plain forms of a name, in the order :meth:`_rewritten` tries them."""
        old_city = _OLD_CITY_OF.match(name)
        if old_city:
            yield f"{old_city.group('x')} old city"
        poss = _POSSESSIVE.match(name) if "'" in name or "’" in name else None
        if poss:
            owner, rest = poss.group("owner"), poss.group("rest")
            if rest.split()[-1].lower() in _RELATION_NOUNS:
                yield f"{rest} of {owner}"
            elif _FACILITY.match(f"{owner} {rest}"):
                yield f"{owner} {rest}"
            elif owner.split()[-1].lower() in _AREA_WORDS:
                yield f"{rest}, {owner}"
            else:
                yield f"{owner} - {rest}"
        part_of = _PART_OF.match(name) if "," not in name else None
        if part_of and self.resolve(part_of.group("city"), context).location is not None:
            yield f"{part_of.group('head')}, {part_of.group('city')}"

    def _resolve_name(self, name: str, context: ResolveContext) -> Resolution:
        """Resolve one name (:meth:`resolve` without the nesting guard)."""
        rewritten = self._rewritten(name, context)
        if rewritten is not None:
            return rewritten
        full_head, head, admin_hint, kind_hint, alt = _parse_name(name)
        admin_hint = context.admin_hint or admin_hint
        kind_hint = (context.kind_hint or kind_hint or "").lower() or None
        countries = tuple(c.upper() for c in context.countries)
        near = _centroid(context.nearby)

        hint_admin1: Place | None = None
        hint_place: Place | None = None
        if admin_hint:
            hint_admin1 = self.find_admin1(admin_hint, countries)
            hp = self._rank(strip_generic(admin_hint), countries, None, fuzzy=False)
            if hp:
                hint_place = self._place(hp[0].di, hp[0].idx)
        fallback = (
            self._area_location(hint_admin1, f"admin hint {admin_hint!r}")
            if (hint_admin1)
            else None
        )

        tail = _comma_tail(name)
        hints = (hint_admin1, hint_place, admin_hint)
        last = Resolution(None, (), f"{name!r}: empty name")
        kurmanji = kurmanji_reading(head) if KURMANJI_COUNTRIES.intersection(countries) else None
        for attempt in dict.fromkeys([full_head, head, alt, kurmanji]):
            if not attempt:
                continue
            res = self._resolve_one(
                attempt, countries, near, kind_hint, hint_admin1, hint_place, admin_hint
            )
            if res.location is not None and attempt == kurmanji and attempt != head:
                why = f"Kurmanji spelling {head!r} read as {kurmanji!r}; {res.location.reason}"
                res = Resolution(_replace(res.location, reason=why), res.candidates, why)
            if res.location is not None:
                if tail:
                    # "Bab al Hadid neighbourhood, Aleppo": a namesake village 126 km
                    # from Aleppo is not the neighbourhood; the container vetoes it.
                    veto = self._container_veto(name, kind_hint, res, countries, near, hints)
                    if veto is not None:
                        return veto
                return res
            last = res
        if countries and (
            "no gazetteer name matches" in last.reason or "no candidate in" in last.reason
        ):
            fam = self._resolve_qualified(name, head, countries, near, hint_admin1, hint_place)
            if fam is not None:
                return fam
        for sep in (" - ", ": "):
            if sep not in head:
                continue
            # "Donetsk - Kirovskyi", "Deir ez-Zor: Ziban street": a sub-area of a city.
            parent, _, sub = (x.strip() for x in head.partition(sep))
            res = self._resolve_one(
                parent, countries, near, "city", hint_admin1, hint_place, admin_hint
            )
            if res.location is not None:
                return self._at_parent(name, sub, res, _DISTRICT_RADIUS_KM, district=True)
        if tail:
            # "Bazza Square, Aleppo", "Al Qariya, Tabaqa": an unknown place inside the
            # city named after the comma; the city is what we can support.
            inside = self._in_container(name, kind_hint, countries, near, hints)
            if inside is None:
                inside = self._in_district(name, kind_hint, countries, hints)
            if inside is not None:
                return inside
        comp = self._resolve_composite(name, full_head, context, admin_hint)
        if comp is not None:
            if comp.location is not None:
                return comp
            last = comp
        elif not last.candidates or "no gazetteer name" in last.reason:
            quarter = self._resolve_city_prefix(name, head, countries, near)
            if quarter is not None:
                return quarter
        if hint_admin1 is not None and admin_hint and _urban_kind_word(full_head):
            seat = self._seat_city(name, admin_hint, hint_admin1, countries)
            if seat is not None:
                return seat
        return Resolution(None, last.candidates, last.reason, fallback)

    def _container(
        self,
        name: str,
        countries: tuple[str, ...],
        near: tuple[float, float] | None,
        hints: _Hints,
    ) -> tuple[str, Resolution | None, bool, bool]:
        """Resolve the container of "X, C" (the part after the last comma) as a city.

        Returns the head (what precedes the last comma), the city resolution (``None``
        when C is not a populated place, or is a relation such as "north of C"),
        whether C also names an administrative area of the country other than a city
        governorate ("Aleppo", "Afrin": then an unnamed-kind X may be any village of
        that area, not a part of the city), and whether C is a town of
        _COMMON_NAME_POP people or more (or a city). The admin hint picks among
        namesake towns ("Tabaqa" in Raqqa, not in Hasakah).
        """
        text = _PAREN.sub(" ", name)
        head, _, part = text.rpartition(",")
        if _RELATION.match(part.strip()):
            return head, None, False, False
        words = part.split()
        while len(words) > 1 and words[0].lower() in _CONTAINER_ADJECTIVES:
            words = words[1:]  # "eastern Damascus", "central Raqqa"
        part = " ".join(words)
        key = strip_generic(part)
        if not key or not head.strip():
            return head, None, False, False
        res = self._resolve_one(key, countries, near, "city", *hints)
        if res.location is None and hints[2]:
            res = self._resolve_one(key, countries, near, "city", None, None, None)
        loc = res.location
        if loc is None or loc.precision != "town":
            return head, None, False, False
        big = any(
            (c.place.population >= _COMMON_NAME_POP or c.place.kind == "city")
            and haversine_km(c.place.lat, c.place.lon, loc.lat, loc.lon) <= _ALT_SPREAD_KM
            for c in res.candidates
        )
        if not big and "exact name" not in loc.reason and "spelling variant" not in loc.reason:
            # A village matched by a loose spelling ("Haifa" / "Al Haffah") is no
            # container to put other places in.
            return head, None, False, False
        admin = any(
            c.kind in ("admin1", "admin2", "district") and _LEVEL.get(c.how, 9) <= 1
            for c in self._rank(key, countries, near, fuzzy=False)
        )
        city_gov = strip_generic(loc.admin1 or "") in _CITY_GOVERNORATES
        admin = admin and not city_gov and "city" not in normalize_name(part).split()
        return head, res, admin, big

    def _in_container(
        self,
        name: str,
        kind_hint: str | None,
        countries: tuple[str, ...],
        near: tuple[float, float] | None,
        hints: _Hints,
    ) -> Resolution | None:
        """Place an unknown X of "X, C" at the city C when X's kind allows it.

        An intra-urban kind word (neighbourhood, square, street, mosque ...) puts X in
        the city; a settlement word (village, town) never does. Without a kind word X
        is put in C only when C names no administrative area of the country (or names
        a city governorate such as Damascus): "Al Qariya, Tabaqa" is in Tabaqa, but
        "Bibaka, Aleppo" may be any village of Aleppo governorate; nor when C is a
        village ("Al Sadda area, Al Tayba": which Tayba is not sure enough).
        """
        kind = _kind_of_head(_PAREN.sub(" ", name).rpartition(",")[0], kind_hint)
        if kind == "settlement":
            return None
        head, res, admin, big = self._container(name, countries, near, hints)
        if res is None:
            return None
        if kind is None and (admin or not big):
            return None
        if kind == "district" and admin:
            return None  # "Shara district, Afrin": a sub-district of the Afrin area
        return self._at_parent(name, head.strip(), res, 0.0)

    def _in_district(
        self,
        name: str,
        kind_hint: str | None,
        countries: tuple[str, ...],
        hints: _Hints,
    ) -> Resolution | None:
        """Place an unknown X of "X, D" in the district (admin2/admin3 area) D names.

        "Siwiyah village, Mobata district, Afrin": the village is not in the gazetteer
        but the sub-district is; the answer is that area at district precision, its
        radius covering it. Only a part that says it is a district ("Mobata district",
        "Bulbul subdistrict") counts, the first one after X (the smallest area); the
        smallest area of that name is taken, and it must lie in the hinted governorate.
        A bare "X, Afrin" is left unresolved: measured on the Airwars development set,
        the Afrin district centroid (radius 21 km) was 10-25 km from most such villages,
        no useful answer. Parts of a city (an intra-urban kind word) are left to the city.
        """
        parts = [p.strip() for p in _PAREN.sub(" ", name).split(",")]
        if len(parts) < 2 or _kind_of_head(parts[0], kind_hint) == "urban":
            return None
        hint_admin1, hint_place, _text = hints
        for part in parts[1:]:
            words = normalize_name(part).split()
            if len(words) < 2 or words[-1] not in _DISTRICT_HINTS:
                continue
            areas = [
                c
                for c in self._rank(strip_generic(part), countries, None, fuzzy=False)
                if c.kind in ("admin2", "district")
                and _LEVEL.get(c.how, 9) <= 1
                and (hint_admin1 is None or self._agrees(c, hint_admin1, hint_place))
            ]
            if not areas:
                continue
            best = min(areas, key=lambda c: (_LEVEL.get(c.how, 9), self._radius(c)))
            won = self._candidate(best, countries, None)
            reason = (
                f"{parts[0]!r} not in gazetteer; located in the district {won.place.name!r} "
                f"named with it (district precision, radius covering the district). "
                f"{won.reason}"
            )
            loc = self._place_location(won.place, won.matched_name, won.confidence * 0.9, reason)
            return Resolution(_replace(loc, name=name, precision="district"), (won,), reason)
        return None

    def _radius(self, c: _C) -> float:
        unc = float(self._dbs[c.di].arr.a["unc"][c.idx])
        return unc if unc == unc else 50.0  # NaN: no radius stored

    def _container_veto(
        self,
        name: str,
        kind_hint: str | None,
        res: Resolution,
        countries: tuple[str, ...],
        near: tuple[float, float] | None,
        hints: _Hints,
    ) -> Resolution | None:
        """Prefer the container of "X, C" when the place found for X lies far from C.

        Applies when X carries an intra-urban kind word (a neighbourhood, a square:
        it must lie in the city C); X is kept when it lies within C's radius plus
        _DISTRICT_RADIUS_KM / 2. Without a kind word X is kept wherever it is: "Ma'dan,
        Raqqa city" names a town of Raqqa province loosely, not a part of the city.
        """
        loc = res.location
        assert loc is not None  # callers check
        if _kind_of_head(_PAREN.sub(" ", name).rpartition(",")[0], kind_hint) != "urban":
            return None  # checked first: resolving the container costs a lookup or two
        head, cres, _admin, _big = self._container(name, countries, near, hints)
        if cres is None or cres.location is None:
            return None
        city = cres.location
        d = haversine_km(loc.lat, loc.lon, city.lat, city.lon)
        if d <= city.uncertainty_km + _DISTRICT_RADIUS_KM / 2:
            return None
        out = self._at_parent(name, head.strip(), cres, 0.0)
        assert out.location is not None
        reason = (
            f"{loc.name!r} ({loc.place_id}) matches the name but lies {d:.0f} km from "
            f"{city.name}, which the name says contains it: the container is preferred. "
            + out.location.reason
        )
        return Resolution(_replace(out.location, reason=reason), res.candidates, reason)

    def _rival_town(self, c: _C) -> bool:
        """Whether another town of ``c``'s admin1 has over 1/_SEAT_DOMINANCE of its people."""
        a = self._dbs[c.di].arr.a
        a1 = a["a1"][c.idx]
        if a1 < 0:
            return False
        rivals = (
            (a["a1"] == a1)
            & (a["pop"] * _SEAT_DOMINANCE > c.pop)
            & ((a["kind"] == _K_CITY) | (a["kind"] == _K_TOWN))
        )
        rivals[c.idx] = False
        return bool(rivals.any())

    def _seat_city(
        self, name: str, admin_hint: str, hint_admin1: Place, countries: tuple[str, ...]
    ) -> Resolution | None:
        """Place an unknown "X neighbourhood" at the seat city of the hinted governorate.

        Only when the governorate and a city of _PREFIX_CITY_POP or more people inside
        it share the hint's name ("Ar Raqqah" -> Raqqa, "Aleppo" -> Aleppo), and that
        city is at least _SEAT_DOMINANCE times as large as any other town of the
        governorate (Al-Hasakah governorate also holds Qamishli, almost half Hasakah's
        size: a neighbourhood there may be in either): the neighbourhood is in a city
        and the report names that city's province. Names that carry their own parent
        ("Al Baghouz: Sheikh Hamad neighbourhood") are left to the parent.
        """
        if ":" in name or " - " in name:
            return None
        key = strip_generic(admin_hint)
        for c in self._rank(key, countries, None, fuzzy=False, limit=10):
            if (
                c.kind not in ("city", "town")
                or c.pop < _PREFIX_CITY_POP
                or _LEVEL.get(c.how, 9) > 1
                or not self._agrees(c, hint_admin1, None)
            ):
                continue
            if self._rival_town(c):
                return None
            won = self._candidate(c, countries, None)
            reason = (
                f"{name!r}: a part of a city not in the gazetteer; located at "
                f"{won.place.name}, the city that gives the admin hint {admin_hint!r} its "
                f"name (city precision). {won.reason}"
            )
            loc = self._place_location(won.place, won.matched_name, won.confidence * 0.9, reason)
            return Resolution(_replace(loc, name=name), (won,), reason)
        return None

    def _resolve_qualified(
        self,
        name: str,
        head: str,
        countries: tuple[str, ...],
        near: tuple[float, float] | None,
        hint_admin1: Place | None,
        hint_place: Place | None,
    ) -> Resolution | None:
        """Place a bare name listed only with qualifiers ("Baqras": "Upper/Lower Baqras").

        OCHA lists twin villages as "Upper X"/"Lower X", "Big X"/"Little X", "Eastern
        X"/"Western X"; a report naming "X" means that group. Every in-country entry
        whose name is ``head`` plus qualifiers (same variant key, or a plausible
        skeleton match, once the qualifier is set aside) is collected, filtered by the
        admin hint; when they lie within _LIST_SPREAD_KM of each other the answer is
        their centroid with a radius covering them (one entry: that place, its radius
        widened to 3 km), said so in the reason. Farther apart: ``None``.
        """
        key = normalize_name(head)
        skel = skeleton_from_key(key)
        vkey = variant_key(key)
        if not skel or "0" in skel or len(consonant_frame(vkey)) < 3:
            return None
        # A qualified name's key drops the feminine "-a" ("Big Othmaniya" ->
        # "othmaniy"): the bare name is compared without it too.
        bare = vkey[:-1] if len(vkey) > 4 and vkey.endswith("a") else vkey
        hits: list[_C] = []
        for di, db in enumerate(self._dbs):
            for code in QUALIFIER_CODES:
                lo, hi = db.post["s"].range(key_hash(skel + code))
                if hi > lo:
                    hits += self._make(
                        di, db.post["s"].vals[lo:hi], 0.85, _SKELETON, countries, near
                    )
        members: list[_C] = []
        seen: set[str] = set()
        for h in hits:
            if h.cc not in countries or h.kind in _AREA_KINDS:
                continue
            if (hint_admin1 or hint_place) and not self._agrees(h, hint_admin1, hint_place):
                continue
            mk = self._matched_key(h)
            mv = _QUALIFIER_TAIL.sub("", self._matched_vkey(h, mk))
            if mv not in (vkey, bare) and not _skeleton_plausible(vkey, mv, skel, key, mk):
                continue
            pid = self._pid(h.di, h.idx)
            if pid not in seen:
                seen.add(pid)
                members.append(h)
        if not members:
            return None
        pts = [self._point(c) for c in members]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        spread = max(haversine_km(lat, lon, p[0], p[1]) for p in pts)
        if 2 * spread > _LIST_SPREAD_KM:
            return None
        best = max(members, key=lambda c: c.score)
        won = self._candidate(best, countries, near)
        names = sorted({self._matched(c) for c in members})
        reason = (
            f"{head!r} is listed only with a qualifier ({', '.join(map(repr, names))}, "
            f"{2 * spread:.0f} km apart): "
            + ("their centroid, radius covering them. " if len(members) > 1 else "that place. ")
            + won.reason
        )
        loc = self._place_location(won.place, won.matched_name, won.confidence * 0.9, reason)
        loc = _replace(
            loc,
            name=name,
            lat=lat,
            lon=lon,
            uncertainty_km=round(max(spread + (loc.uncertainty_km or 2.0), 3.0), 1),
            place_id=won.place.id if len(members) == 1 else None,
        )
        return Resolution(loc, (won,), reason)

    def _resolve_city_prefix(
        self,
        name: str,
        head: str,
        countries: tuple[str, ...],
        near: tuple[float, float] | None,
    ) -> Resolution | None:
        """Place an unknown "<City> <words>" ("Mosul al-Jadida") at that city.

        Only when the leading words name, exactly, a city of at least _PREFIX_CITY_POP
        people in the report's countries: quarters and suburbs are named after the
        city ("Mosul al-Jadida", "New Mosul"); a village merely sharing a first word
        with a small town is not.
        """
        words = head.split()
        for k in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:k])
            rest = normalize_name(" ".join(words[k:])).split()
            pkey = normalize_name(prefix)
            if (
                len(rest) < 2
                or rest[0] not in _ARTICLE_TOKENS
                or len(pkey) < 4
                or pkey in _NAME_HEAD_WORDS
            ):
                # Only "<City> al-<Word>": Arabic place names that start with a
                # generic word ("Tal", "Bab", "Kafr") name other places.
                continue
            for c in self._rank(prefix, countries, near, fuzzy=False, limit=5):
                if c.how != _EXACT or c.kind not in ("city", "town") or c.pop < _PREFIX_CITY_POP:
                    continue
                if countries and c.cc not in countries:
                    continue
                won = self._candidate(c, countries, near)
                reason = (
                    f"{name!r} not in gazetteer; its name begins with the city "
                    f"{won.place.name!r} (a quarter or suburb named after it): located at "
                    f"that city, city precision. {won.reason}"
                )
                loc = self._place_location(won.place, won.matched_name, won.confidence, reason)
                return Resolution(_replace(loc, name=name), (won,), reason)
        return None

    def _resolve_composite(
        self, name: str, head: str, context: ResolveContext, admin_hint: str | None
    ) -> Resolution | None:
        """Resolve names that combine places: relations, lists, "X in Y", facilities.

        Handles "near X" / "north of X" / "12 km SW of X" / "vicinity of X" (relative
        to X), "between X and Y" / "X-Y road" (midpoint, only when X and Y are within
        _LIST_SPREAD_KM of each other), "X in Y" / "X near Y" (X when it lies by Y, else
        Y itself, or near Y), "X/Y" (alternative spellings: they must agree), "X and
        Y" / "X & Y" / "X or Y" (all named places must lie within _LIST_SPREAD_KM) and
        "X hospital" / "X police station" / "X farms" (at the place named X).
        Returns ``None`` when the name has none of these shapes.
        """
        sub_ctx = ResolveContext(
            countries=context.countries,
            admin_hint=admin_hint,
            kind_hint=None,
            nearby=context.nearby,
        )
        text = _PAREN.sub(" ", head)
        text = _LEADING_NOISE.sub("", " ".join(text.replace("[", " ").replace("]", " ").split()))
        m = _SIDE.match(text)
        if m:
            side_res = self._resolve_side(name, m.group("side"), m.group("rest"), sub_ctx)
            if side_res is not None:
                return side_res
        m = _RELATION.match(text)
        if m:
            dist = float(m.group("km")) if m.group("km") else None
            bearing = m.group("bearing")
            phrase = m.group("rel")
            res = self.resolve(m.group("rest"), sub_ctx)
            if res.location is None:
                return res
            loc = self.relative(res.location, _bearing_word(bearing), dist, phrase)
            return Resolution(_replace(loc, name=name), res.candidates, loc.reason)
        m = _BETWEEN.search(text)
        if m:
            return self._resolve_list(
                name, [m.group(1), m.group(2)], sub_ctx, midpoint_ok=True, how="between"
            )
        m = _ROAD.match(text)
        if m:
            return self._resolve_list(
                name, [m.group(1), m.group(2)], sub_ctx, midpoint_ok=True, how="between"
            )
        m = _INSIDE.match(text)
        if m:
            return self._resolve_inside(name, m.group(1), m.group("rel"), m.group(3), sub_ctx)
        if "/" in text:
            return self._resolve_list(
                name, _LIST_ITEM_NOISE.sub("", text).split("/"), sub_ctx, alternatives=True
            )
        parts = _LIST_SEP.split(text)
        if len(parts) > 1:
            return self._resolve_list(
                name, [_LIST_ITEM_NOISE.sub("", p) for p in parts], sub_ctx, midpoint_ok=True
            )
        if normalize_name(text) != normalize_name(_PAREN.sub(" ", head)):
            # Only a wrapper was dropped ("city centre of Tal Rifaat"): the rest is the
            # place, at its own precision.
            res = self.resolve(text, sub_ctx)
            if res.location is not None:
                reason = f"{name!r}: {text!r}. {res.location.reason}"
                return Resolution(
                    _replace(res.location, name=name, reason=reason), res.candidates, reason
                )
        m = _FACILITY.match(text)
        if m:
            res = self.resolve(m.group(1), sub_ctx)
            if res.location is None or res.location.precision in ("admin1", "country"):
                return res
            if _OUT_OF_TOWN.search(m.group(2)):
                # Airports, power plants, refineries and depots mostly lie outside the
                # town they are named after ("Damascus airport": 20 km from the city):
                # near the town, with the margin "near" gets.
                loc = self.relative(res.location, None, None, "near")
                reason = (
                    f"{m.group(2)!r} named after {m.group(1)!r}: such sites usually lie "
                    f"outside the town, placed near it. {loc.reason}"
                )
                return Resolution(_replace(loc, name=name, reason=reason), res.candidates, reason)
            out = self._at_parent(name, text, res, 2.0)
            reason = (
                f"{m.group(2)!r} named after {m.group(1)!r}: located at that place. "
                f"{res.location.reason}"
            )
            assert out.location is not None
            return Resolution(_replace(out.location, reason=reason), out.candidates, reason)
        return None

    def _resolve_list(
        self,
        name: str,
        items: Sequence[str],
        ctx: ResolveContext,
        *,
        midpoint_ok: bool = False,
        alternatives: bool = False,
        how: str = "list",
    ) -> Resolution:
        """Resolve every named item; succeed only when the resolved ones lie together."""
        items = [i.strip(" ,.-") for i in items if i.strip(" ,.-")]
        results = [self.resolve(i, ctx) for i in items]
        locs = [r.location for r in results if r.location is not None]
        cands = tuple(c for r in results for c in r.candidates)[:10]
        if not locs:
            return Resolution(None, cands, f"{name!r}: none of {items} resolves")
        if how == "between" and len(locs) < 2:
            return Resolution(None, cands, f"{name!r}: only one end of the segment resolves")
        spread = max(haversine_km(a.lat, a.lon, b.lat, b.lon) for a in locs for b in locs)
        if spread > (_ALT_SPREAD_KM if alternatives else _LIST_SPREAD_KM):
            return Resolution(
                None,
                cands,
                f"{name!r}: the places it names lie {spread:.0f} km apart; no single point "
                "is supported",
            )
        if len(locs) == 1 or alternatives:
            loc = locs[0]
            unresolved = [i for i, r in zip(items, results, strict=True) if r.location is None]
            note = (
                f"; also named, not found: {unresolved}" if unresolved and not alternatives else ""
            )
            reason = f"{loc.name!r} of {how} {items}{note}. {loc.reason}"
            return Resolution(_replace(loc, name=name, reason=reason), cands, reason)
        if not midpoint_ok:
            return Resolution(None, cands, f"{name!r}: names several places")
        a, b = locs[0], locs[-1]
        loc = self.between(a, b, "between" if how == "between" else "around")
        for other in locs[1:-1]:
            d = haversine_km(loc.lat, loc.lon, other.lat, other.lon)
            if d + other.uncertainty_km > loc.uncertainty_km:
                loc = _replace(loc, uncertainty_km=round(d + other.uncertainty_km, 2))
        reason = f"{how} {items}: {loc.reason}"
        return Resolution(_replace(loc, name=name, reason=reason), cands, reason)

    def _resolve_inside(
        self, name: str, inner: str, rel: str, outer: str, ctx: ResolveContext
    ) -> Resolution:
        """Resolve "X in Y" / "X near Y": X when it lies by Y, else Y (or near Y)."""
        outer_res = self.resolve(outer, ctx)
        anchor = outer_res.location
        if anchor is None:
            return Resolution(None, outer_res.candidates, outer_res.reason)
        inner_res = self.resolve(
            inner,
            ResolveContext(
                countries=ctx.countries,
                admin_hint=ctx.admin_hint,
                nearby=((anchor.lat, anchor.lon),),
            ),
        )
        il = inner_res.location
        limit = anchor.uncertainty_km + _LIST_SPREAD_KM
        if il is not None and haversine_km(il.lat, il.lon, anchor.lat, anchor.lon) <= limit:
            reason = f"{inner!r} {rel} {outer!r}: {il.reason}"
            return Resolution(_replace(il, name=name, reason=reason), inner_res.candidates, reason)
        if rel.strip().lower() == "in":
            return self._at_parent(name, inner, outer_res, 2.0)
        loc = self.relative(anchor, None, None, "near")
        return Resolution(_replace(loc, name=name), outer_res.candidates, loc.reason)

    @staticmethod
    def _at_parent(
        name: str, sub: str, res: Resolution, min_radius: float, *, district: bool = False
    ) -> Resolution:
        """Locate ``name`` at the city that contains it, saying so in the reason."""
        loc = res.location
        assert loc is not None  # callers check
        if district:
            reason = (
                f"district of {loc.name}: sub-area {sub!r} not in gazetteer; located at the "
                f"city with a radius covering its districts ({min_radius:g} km). {loc.reason}"
            )
        elif loc.precision in ("town", "neighbourhood", "exact"):
            reason = (
                f"sub-area {sub!r} not in gazetteer; located at the city that contains it "
                f"({loc.name}, city precision). {loc.reason}"
            )
        else:
            reason = (
                f"sub-area {sub!r} not in gazetteer; located at the area that contains it "
                f"({loc.name}, {loc.precision} precision). {loc.reason}"
            )
        # The sub-area lies somewhere in the city: the city's radius (or more) covers it.
        unc = max(loc.uncertainty_km, min_radius)
        return Resolution(
            _replace(loc, name=name, reason=reason, uncertainty_km=unc), res.candidates, reason
        )

    def _resolve_one(
        self,
        name: str,
        countries: tuple[str, ...],
        near: tuple[float, float] | None,
        kind_hint: str | None,
        hint_admin1: Place | None,
        hint_place: Place | None,
        admin_hint: str | None,
    ) -> Resolution:
        hinted = bool(admin_hint and (hint_admin1 or hint_place))
        foreign_only = False
        ranked = self._rank(name, countries, near)
        if not ranked and countries and hinted:
            # Nothing spelt close enough anywhere: the Arabic names of the places in the
            # named province may still have the name's consonants.
            ranked = sorted(
                (
                    c
                    for c in self._arabic_candidates(normalize_name(name), countries, near)
                    if self._agrees(c, hint_admin1, hint_place)
                ),
                key=lambda c: (-c.score, c.di, c.idx),
            )
        if not ranked:
            return Resolution(None, (), f"{name!r}: no gazetteer name matches")

        def cands() -> tuple[Candidate, ...]:
            return tuple(self._candidate(c, countries, near) for c in ranked[:10])

        notes: list[str] = []
        if kind_hint in _ADMIN1_HINTS:
            kept = [c for c in ranked if c.kind == "admin1"]
            notes.append(f"kind hint {kind_hint!r} -> admin1")
            if not kept:
                # Where provinces are the second level (Burkina Faso's Sanmatenga).
                kept = [c for c in ranked if c.kind == "admin2"]
                notes[-1] = f"kind hint {kind_hint!r} -> admin2 (no admin1 of that name)"
        elif kind_hint in _REGION_HINTS:
            # "Hama region", "Kharkiv region": the area, not the city; a region of
            # that name (mountains, plain) is as good; none -> keep the places.
            kept = [c for c in ranked if c.kind in ("admin1", "region")]
            if kept:
                kept.sort(key=lambda c: (c.kind != "admin1", -c.score))
                notes.append(f"kind hint {kind_hint!r} -> area")
            else:
                kept = list(ranked)
        elif kind_hint in _SETTLEMENT_HINTS:
            # "Tal al-Laban village" is not a Damascus neighbourhood named Talbani.
            kept = [c for c in ranked if c.kind not in _AREA_KINDS and c.kind != "neighbourhood"]
            notes.append(f"kind hint {kind_hint!r} -> populated place")
        elif kind_hint in _DISTRICT_HINTS:
            # No district of that name: a district takes its seat's name, so the
            # town spelled exactly so stands for it; a place matched only by a looser
            # spelling ("Hayran district" / the village Khayran) is another place, and
            # the district is left to the admin fallback.
            areas = [c for c in ranked if c.kind in ("district", "admin2")]
            # A sub-district (nahiya, OCHA admin3, kind "district") and the district
            # (mintaqa, admin2) often share their seat's name: the word says which
            # ("Ayn al-Arab Subdistrict", "Hasakah District"), and the other level is
            # not a rival 30 km away.
            level = "district" if kind_hint in ("subdistrict", "nahiya") else "admin2"
            areas = [c for c in areas if c.kind == level] or areas
            kept = areas or [
                c
                for c in ranked
                if c.kind not in ("admin1", "country") and _LEVEL.get(c.how, 9) == 0
            ]
            notes.append(f"kind hint {kind_hint!r}")
        else:
            kept = list(ranked)
        if not kept:
            return Resolution(None, cands(), f"{name!r}: no candidate of kind {kind_hint!r}")
        if countries:
            inside = [c for c in kept if c.cc in countries]
            if inside:
                kept = inside
            else:
                top = kept[0]
                big = top.pop >= 100_000 or top.kind == "country"
                known_abroad = big and top.conf >= 0.5 and top.how == _EXACT
                if not known_abroad and hinted:
                    # Only foreign namesakes ("Fayloun" / Falun, Sweden): the named
                    # province's close spellings are tried below before giving up.
                    kept = []
                    foreign_only = True
                elif not known_abroad:
                    return Resolution(
                        None,
                        cands(),
                        f"{name!r}: only matches outside the report countries {countries}",
                    )
        if hinted:
            agree = [c for c in kept if self._agrees(c, hint_admin1, hint_place)]
            if not agree and countries:
                # A close spelling inside the named province beats an exact homonym
                # outside it: fuzzy pass restricted to the country, then the province.
                key = normalize_name(name)
                fz = []
                if not foreign_only:
                    # (With only foreign matches, the ranking already ran the country's
                    # fuzzy and vowel levels and found nothing: not repeated.)
                    fz += self._fuzzy(key, skeleton_from_key(key) or key, countries, near)
                    fz += self._vowel_candidates(key, countries, near)
                fz += self._arabic_candidates(key, countries, near)
                agree = sorted(
                    (c for c in fz if self._agrees(c, hint_admin1, hint_place)),
                    key=lambda c: -c.score,
                )
                if agree:
                    notes.append("close spelling inside the admin hint")
            if not agree:
                return Resolution(None, cands(), f"{name!r}: no candidate in {admin_hint!r}")
            if len(agree) < len(kept):
                notes.append(f"admin hint {admin_hint!r}")
            kept = agree
        best = kept[0]
        if kind_hint is None and best.kind == "admin1":
            # A bare name means the city, not the province named after it: a
            # province's point is its capital, so a populated place there matched by
            # the same name in another spelling is that city ("Hodeidah": the admin1
            # lists the spelling, GeoNames' city only "El-Hodeidah").
            lat, lon = self._point(best)
            seat = next(
                (
                    c
                    for c in kept[1:]
                    if c.kind not in _AREA_KINDS
                    and c.kind != "neighbourhood"
                    and _LEVEL.get(c.how, 9) <= 1
                    and haversine_km(lat, lon, *self._point(c)) <= _SEAT_KM
                ),
                None,
            )
            if seat is not None:
                best = seat
                notes.append("the city at the province's capital, not the province")
        if best.conf < _MIN_CONFIDENCE:
            return Resolution(None, cands(), f"{name!r}: best match too weak ({best.conf:.2f})")
        if (
            best.how == _SKELETON
            and best.pop == 0
            and best.kind not in _AREA_KINDS
            and not hinted
            and near is None
            and not self._same_vowel_places(name, best)
        ):
            # A skeleton match that adds or drops a vowel ("Zarkan" / "Zarkani", "Jarad"
            # / "Jarada") is no stronger than the vowel and frame levels, which need
            # confirmation. Airwars development set, rows with no governorate: such
            # matches to places of unknown size were another village 6 times in 11.
            return Resolution(
                None,
                cands(),
                f"{name!r}: only a transliteration skeleton match ({self._matched(best)!r}) "
                "with other vowels, to a place of unknown size, and no admin hint or "
                "nearby place confirms it",
            )
        if best.how in _CONFIRMED_LEVELS and not hinted:
            a = self._dbs[best.di].arr.a
            close = near is not None and (
                haversine_km(near[0], near[1], float(a["lat"][best.idx]), float(a["lon"][best.idx]))
                <= _FUZZY_NEAR_KM
            )
            # A vowel spelling of a large town's own name ("Tebqa" / "Tabqa", "Efrin" /
            # "Afrin") means the town, as an exact name would; namesakes are still
            # weighed below.
            big = (
                best.how == _VOWELS_ONLY
                and best.pop >= _DOMINANT_POP
                and self._own_name(best)
                and self._vowel_runs_changed(name, best) <= 1
            )
            if not close and not big:
                # Measured on the Airwars set: a one-letter-off name with nothing else
                # pointing at it was a different place 7 times out of 8.
                return Resolution(
                    None,
                    cands(),
                    f"{name!r}: only a close spelling ({self._matched(best)!r}) and no admin "
                    "hint or nearby place confirms it",
                )
        second, far, p1, p2 = self._far_competitor(best, kept)
        if second is not None:
            # Same-quality matches far apart: only a much larger place, or the report's
            # other places (near), may decide; small villages sharing a name never do.
            # Competitors within _AMBIGUITY_KM are the same place listed by two
            # sources (GeoNames and OCHA) and are skipped by _far_competitor.
            same_level = _LEVEL.get(best.how) == _LEVEL.get(second.how)
            dominant = (
                p1 >= _DOMINANT_POP
                and p1 >= 10 * max(p2, 1)
                and self._own_name(best, romanisations=True)
            )
            if (
                same_level
                and p2 >= _DOMINANT_POP
                and p2 >= 10 * max(p1, 1)
                and self._own_name(second, romanisations=True)
                and (near is None or haversine_km(*near, *self._point(best)) > _POINTS_AT_KM)
            ):
                # A smaller namesake ranked first only by being less far from the
                # report's other places ("Nikopol": the city of 105,000, not a hamlet of
                # 588 in Kharkiv Oblast 60 km from them) or by the order of the report's
                # countries ("Donetsk" in a report about Russia and Ukraine).
                best, second = second, best
                dominant = True
                notes.append(
                    "much larger than its namesake"
                    if near is None
                    else "much larger than a namesake the report's places do not point at"
                )
            # A much larger place wins over a namesake village unless the report's other
            # places point at the village ("Mykolaiv": the city, not the town).
            if same_level and not dominant:
                decided = self._own_name_decides(best, second, p1, p2, near)
                if decided is not None:
                    if decided is second:
                        best, second = second, best
                    dominant = True
                    notes.append(
                        f"its namesake {self._place(second.di, second.idx).name!r} has "
                        f"{self._matched(second)!r} only as another name"
                    )
            points_at_rival = (
                near is not None and haversine_km(*near, *self._point(second)) <= _POINTS_AT_KM
            )
            close_call = not (dominant and not points_at_rival) and (
                best.score - second.score < _AMBIGUITY_GAP or (near is None and same_level)
            )
            if close_call:
                return Resolution(
                    None,
                    cands(),
                    f"{name!r}: ambiguous between {self._pid(best.di, best.idx)} and "
                    f"{self._pid(second.di, second.idx)} ({far:.0f} km apart) and the "
                    "context does not decide",
                )
        if near is None and hinted:
            common = self._common_name(name, best, ranked, kept, cands, countries)
            if common is not None:
                return common
        won = self._candidate(best, countries, near)
        reason = "; ".join([won.reason, *notes])
        loc = self._place_location(won.place, won.matched_name, won.confidence, reason)
        return Resolution(loc, cands(), reason)

    def _common_name(
        self,
        name: str,
        best: _C,
        ranked: Sequence[_C],
        kept: Sequence[_C],
        cands: Callable[[], tuple[Candidate, ...]],
        countries: Sequence[str],
    ) -> Resolution | None:
        """Widen or withhold a common village name picked by the admin hint alone.

        When the name is listed _COMMON_NAME_COUNT times or more in the country and the
        pick is a GeoNames village (lists of 500+ people: the province may hold
        unlisted namesakes), the hint does not single one out. Several listed namesakes
        in the province close together give their centroid with a radius covering
        them; otherwise ``None`` is returned with the reason (the caller falls back to
        the admin area). OCHA layers list every village and are exempt.
        """
        level = _LEVEL.get(best.how)
        if (
            level != 0
            or best.kind not in ("city", "town", "village")
            or best.pop >= _COMMON_NAME_POP
            or not self._pid(best.di, best.idx).startswith("gn:")
        ):
            return None
        same = [
            c
            for c in ranked
            if c.cc == best.cc and _LEVEL.get(c.how) == 0 and c.kind in ("city", "town", "village")
        ]
        if len(same) < _COMMON_NAME_COUNT:
            return None
        inside = [c for c in kept if c is best or (_LEVEL.get(c.how) == 0 and c.kind == best.kind)]
        pts = [self._point(c) for c in inside]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        spread = max(haversine_km(lat, lon, p[0], p[1]) for p in pts)
        head = (
            f"{name!r} is a common name ({len(same)} places in {best.cc} listed, villages "
            f"of 500+ people only)"
        )
        if len(pts) > 1 and 2 * spread <= _COMMON_SPREAD_KM:
            won = self._candidate(best, countries, None)
            reason = (
                f"{head}; the {len(pts)} listed in the admin area lie within "
                f"{2 * spread:.0f} km: their centroid, radius covering them. {won.reason}"
            )
            loc = self._place_location(won.place, won.matched_name, won.confidence, reason)
            loc = _replace(
                loc,
                lat=lat,
                lon=lon,
                uncertainty_km=round(spread + (loc.uncertainty_km or 2.0), 1),
                place_id=None,
                precision="district",
            )
            return Resolution(loc, cands(), reason)
        return Resolution(
            None,
            cands(),
            f"{head}; the admin hint alone does not say which one is meant (listed here: "
            f"{len(pts)}): admin area only",
        )

    def _same_vowel_places(self, name: str, c: _C) -> bool:
        """Whether ``c``'s matched name differs from ``name`` in vowel letters only.

        Same :func:`vowel_shape` and final vowel ("Tal Zewan" / "Tal Ziwan"), as
        opposed to a vowel added, dropped or changed at the end ("Jarad" / "Jarada").
        """
        vkey = variant_key(normalize_name(name))
        mv = self._matched_vkey(c, self._matched_key(c))
        return vowel_shape(vkey) == vowel_shape(mv) and _final_vowel(vkey) == _final_vowel(mv)

    def _vowel_runs_changed(self, name: str, c: _C) -> int:
        """How many vowel runs of ``name`` are spelt otherwise in ``c``'s matched name.

        "Tebqa" / "Tabqa" and "Efrin" / "Afrin" change one; "Hiroor" (a Duhok village)
        / "Harir" (a town in Erbil) change two: another name, not another spelling.
        """
        a = _VOWEL_RUNS.findall(variant_key(normalize_name(name)))
        b = _VOWEL_RUNS.findall(self._matched_vkey(c, self._matched_key(c)))
        if len(a) != len(b):
            return max(len(a), len(b))
        return sum(x != y for x, y in zip(a, b, strict=True))

    def _own_name(self, c: _C, *, romanisations: bool = False) -> bool:
        """Whether the matched name spells the place's own name.

        Not a former or foreign name such as Donetsk's "Oleksandrivka". With
        ``romanisations``, for a place where names are romanised from both Russian
        and the local language (:data:`_RUSSIAN_EXONYM_COUNTRIES`), the Russian
        romanisation counts too: "Zaporozhye" or "Nikolaev" for Zaporizhzhia and
        Mykolaiv (consonant skeletons at least 75 % alike), which a former name
        ("Artemivsk" for Bakhmut) is not. Elsewhere similar skeletons are often
        other places: in Idlib "Ma'arrat Shemarin" is a GeoNames alias of Ma'arrat
        Misrin, a different town.
        """
        pl = self._place(c.di, c.idx)
        key = self._matched_key(c)
        own, matched = skeleton_key(pl.name), skeleton_from_key(key)
        if own == matched:
            return True
        if _is_cyrillic_key(key):
            # "Львів" is Lviv's own name written in Cyrillic (an alternate name only
            # because GeoNames' main name is Latin): its romanisation spells the main
            # name, which a foreign or former name ("Лемберг") does not.
            return fuzz.ratio(own, skeleton_key(anyascii(key))) >= _ROMANISATION_MIN_RATIO
        return (
            romanisations
            and pl.country in _RUSSIAN_EXONYM_COUNTRIES
            and fuzz.ratio(own, matched) >= _ROMANISATION_MIN_RATIO
        )

    def _own_name_decides(
        self, a: _C, b: _C, pop_a: int, pop_b: int, near: tuple[float, float] | None
    ) -> _C | None:
        """Return the candidate of two far-apart namesakes that bears the name as its own.

        GeoNames lists some names on a second place as an alternate name, a former
        name, a neighbouring village's name or a mistake: "Bahawalpur" on Bahawalnagar,
        166 km from the city of 900,000 whose name it is. The place whose own name
        matches wins when it is populated and at least as populous as the other, and
        the report's places do not point at the other. A smaller place of that own
        name does not win ("Artemivsk", a village, against Bakhmut's former name), nor
        one of unknown size (an OCHA village against a GeoNames town).
        """
        own_a, own_b = self._own_name(a), self._own_name(b)
        if own_a == own_b:
            return None
        own, other, pop_own, pop_other = (a, b, pop_a, pop_b) if own_a else (b, a, pop_b, pop_a)
        if pop_own <= 0 or pop_own < pop_other:
            return None
        if near is not None and haversine_km(*near, *self._point(other)) <= _POINTS_AT_KM:
            return None
        return own

    def _point(self, c: _C) -> tuple[float, float]:
        a = self._dbs[c.di].arr.a
        return float(a["lat"][c.idx]), float(a["lon"][c.idx])

    def _far_competitor(self, best: _C, kept: Sequence[_C]) -> tuple[_C | None, float, int, int]:
        """Return the best-ranked candidate more than _AMBIGUITY_KM from ``best``.

        Returns the competitor (or ``None``), its distance in km, and the populations
        of ``best`` and of the competitor, each taken as the largest among the
        candidates near it: those are the same place listed by another source (OCHA
        lists no population, GeoNames does). Without the competitor's twin, an OCHA
        village ranked first for a large GeoNames town would look unpopulated and a
        smaller namesake would "dominate" it.
        """
        lat, lon = self._point(best)
        pop = best.pop
        for other in kept[1:]:
            if best.kind not in _AREA_KINDS and other.kind in _AREA_KINDS:
                # A bare name means the populated place: the district or province
                # named after it (its centroid tens of km away) is no rival.
                continue
            if best.kind == "admin1" and other.kind == "admin1" and other.a1 == best.a1:
                # The same governorate from two sources (the curated capital point and
                # an imported polygon's centroid, 40 km apart for Aleppo): no rival.
                continue
            olat, olon = self._point(other)
            d = haversine_km(lat, lon, olat, olon)
            if d > _AMBIGUITY_KM:
                twin_pop = max(
                    (
                        c.pop
                        for c in kept
                        if c.pop > other.pop
                        and haversine_km(olat, olon, *self._point(c)) <= _AMBIGUITY_KM
                    ),
                    default=other.pop,
                )
                return other, d, pop, twin_pop
            pop = max(pop, other.pop)
        return None, 0.0, pop, 0

    def _agrees(self, c: _C, hint_admin1: Place | None, hint_place: Place | None) -> bool:
        if (
            c.kind == "admin1"
            and hint_admin1 is not None
            and (c.a1 == hint_admin1.name or self._pid(c.di, c.idx) == hint_admin1.id)
        ):
            return True
        if hint_admin1 is not None and c.a1:
            return (
                c.a1 == hint_admin1.name
                # A name shared by the parts of a divided area: "Kashmir" names India's
                # admin1 and takes in Pakistan's "Azad Kashmir".
                or c.a1.endswith(" " + hint_admin1.name)
                or frozenset((c.a1, hint_admin1.name)) in _ENCLAVES
                or self.same_admin1(c.a1, hint_admin1.name, c.cc)
            )
        ref = hint_admin1 or hint_place
        if ref is None:
            return False
        if ref.kind == "country":
            # "Bint Jbeil in southern Lebanon": a country hint is its border, not a
            # circle (Lebanon's would miss the south).
            return c.cc == ref.country
        a = self._dbs[c.di].arr.a
        radius = max(50.0, 1.5 * (ref.uncertainty_km or 50.0))
        return (
            haversine_km(float(a["lat"][c.idx]), float(a["lon"][c.idx]), ref.lat, ref.lon) <= radius
        )

    @staticmethod
    def _place_location(pl: Place, matched: str, confidence: float, reason: str) -> Location:
        return Location(
            name=pl.name,
            lat=pl.lat,
            lon=pl.lon,
            precision=PRECISION_BY_KIND.get(pl.kind, "town"),
            uncertainty_km=pl.uncertainty_km or 5.0,
            country=pl.country,
            admin1=pl.admin1 if pl.kind != "admin1" else pl.name,
            place_id=pl.id,
            confidence=confidence,
            reason=reason,
        )

    def _area_location(self, pl: Place | None, why: str) -> Location | None:
        if pl is None:
            return None
        return self._place_location(pl, pl.name, 0.9, f"admin1 only, from {why}")

    # ------------------------------------------------------------------ relative
    def _resolve_side(
        self, name: str, side: str, rest: str, ctx: ResolveContext
    ) -> Resolution | None:
        """Resolve "eastern outskirts of X", "western X countryside", "southern Idlib".

        "<side> outskirts/suburbs/edge of X" is the edge of X on that side (see
        :meth:`relative`). "<side> X" where X resolves to an area (a governorate, a
        region, "X countryside") is that area: its circle covers the side named, and
        moving the point would claim a precision the text does not give. Where X is a
        town sharing its name with an admin1 area ("southern Idlib", "northern Hama"),
        either may be meant; the area holds both readings and is returned, said so.
        Any other town: the part of the town, at the town's circle. Returns ``None``
        when ``rest`` does not resolve, so the other composite shapes are tried.
        """
        bearing = _bearing_word(side) if side.lower() != "central" else None
        edge = _EDGE_OF.match(rest)
        target = edge.group("rest") if edge else rest
        res = self.resolve(target, ctx)
        anchor = res.location
        if anchor is None:
            return None
        if edge:
            phrase = f"{side.lower()} {edge.group('edge').lower()} of"
            loc = self.relative(anchor, bearing, None, phrase)
            return Resolution(_replace(loc, name=name), res.candidates, loc.reason)
        if anchor.precision in ("admin1", "admin2", "district", "region", "country"):
            part = self._side_part(anchor, side, name)
            if part is not None:
                return Resolution(part, res.candidates, part.reason)
            why = (
                f"{name!r}: the {side.lower()} part of {anchor.name}; the area's circle "
                f"covers it. {anchor.reason}"
            )
            return Resolution(_replace(anchor, name=name, reason=why), res.candidates, why)
        town = self._location_place(anchor)
        big_city = town is not None and town.population >= _SIDE_CITY_POP
        # A city of a million has sides of its own ("eastern Aleppo", "western
        # Mosul": districts of the city); a smaller seat's side is the province's.
        area = None if big_city else self.find_admin1(target, ctx.countries)
        if area is not None and (
            haversine_km(area.lat, area.lon, anchor.lat, anchor.lon)
            <= max(area.uncertainty_km or 0.0, _ALT_SPREAD_KM)
        ):
            area_loc = self._area_location(
                area,
                f"{name!r}: the {side.lower()} part of the town {anchor.name} or of "
                f"{area.name}; the area holds both",
            )
            if area_loc is not None:
                # Reports mean the province ("southern Idlib", "northern Gaza"): its
                # side, from its listed places, holds the town's side too.
                part = self._side_part(area_loc, side, name)
                if part is not None:
                    return Resolution(part, res.candidates, part.reason)
                return Resolution(_replace(area_loc, name=name), res.candidates, area_loc.reason)
        loc = self.relative(anchor, bearing, None, f"{side.lower()} part of")
        return Resolution(_replace(loc, name=name), res.candidates, loc.reason)

    def _location_place(self, loc: Location) -> Place | None:
        """Return the gazetteer entry a location was resolved to, if it has one."""
        if loc.place_id is None:
            return None
        try:
            return self.get(loc.place_id)
        except KeyError:
            return None

    def _side_part(self, area: Location, side: str, name: str) -> Location | None:
        """Return the part of an admin1 area (a region) or a country on one side, from its places.

        "southern Idlib", "northern Gaza", "southern Lebanon": the populated places the
        gazetteer lists in the area (every layer) are split at their centre; the part
        is the centre of those on the named side ("central": the nearer half), with a
        circle holding 90 % of them. ``None`` when the area is of another kind or
        lists too few places to tell its sides apart.
        """
        if area.precision not in ("admin1", "country") or area.country is None:
            return None
        bearing = _bearing_word(side)
        deg = bearing_degrees(bearing) if bearing else None
        central = side.lower() == "central"
        if deg is None and not central:
            return None
        admin1 = area.admin1 if area.precision == "admin1" else None
        key = (area.country, admin1, deg)
        part = self._side_parts.get(key)
        if part is None:
            part = self._compute_side(area.country, admin1, deg)
            with self._lock:
                self._side_parts[key] = part
        n, p_lat, p_lon, radius = part
        if n == 0:
            return None
        why = (
            f"{name!r}: the {side.lower()} part of {area.name}: the centre of the {n} places "
            f"listed in it {'nearest its centre' if central else 'on that side of its centre'}, "
            f"the circle holding 90 % of them"
        )
        return _replace(
            area,
            name=name,
            lat=p_lat,
            lon=p_lon,
            # Part of a province is a region; part of a country ("northern Syria") stays
            # as coarse as a country, which reports use for summaries, not strikes.
            precision="region" if area.precision == "admin1" else "country",
            uncertainty_km=round(radius, 1),
            reason=why,
            place_id=None,
        )

    def _compute_side(
        self, country: str, admin1: str | None, deg: float | None
    ) -> tuple[int, float, float, float]:
        """Return (places, lat, lon, radius in km) of one side of an area.

        ``deg`` ``None`` is the central half. No places when the area lists too few
        to tell its sides apart.
        """
        lats, lons = self._member_points(country, admin1)
        if len(lats) < _SIDE_MIN_PLACES:
            return 0, 0.0, 0.0, 0.0
        c_lat, c_lon = float(lats.mean()), float(lons.mean())
        x = (lons - c_lon) * 111.32 * math.cos(math.radians(c_lat))
        y = (lats - c_lat) * 110.57
        if deg is None:
            d = np.hypot(x, y)
            sel = d <= np.median(d)
        else:
            sel = x * math.sin(math.radians(deg)) + y * math.cos(math.radians(deg)) > 0
        n = int(sel.sum())
        if n < _SIDE_MIN_PLACES // 2:
            return 0, 0.0, 0.0, 0.0
        p_lat, p_lon = float(lats[sel].mean()), float(lons[sel].mean())
        dist = np.hypot(
            (lons[sel] - p_lon) * 111.32 * math.cos(math.radians(p_lat)),
            (lats[sel] - p_lat) * 110.57,
        )
        return n, p_lat, p_lon, max(float(np.percentile(dist, 90)), _SIDE_MIN_RADIUS_KM)

    def _member_points(self, country: str, admin1: str | None) -> tuple[np.ndarray, np.ndarray]:
        """Return the points of the populated places listed in a country or admin1 area."""
        key = (country, admin1)
        hit = self._members.get(key)
        if hit is not None:
            return hit
        lats: list[np.ndarray] = []
        lons: list[np.ndarray] = []
        for db in self._dbs:
            a = db.arr.a
            code = db.cc_code.get(country)
            if code is None:
                continue
            mask = (a["cc"] == code) & np.isin(a["kind"], _POPULATED_CODES)
            if admin1 is not None:
                if admin1 not in db.admin1:
                    continue
                mask &= a["a1"] == db.admin1.index(admin1)
            lats.append(np.asarray(a["lat"][mask], dtype=np.float64))
            lons.append(np.asarray(a["lon"][mask], dtype=np.float64))
        out = (np.concatenate(lats), np.concatenate(lons)) if lats else (np.empty(0), np.empty(0))
        with self._lock:
            self._members[key] = out
        return out

    def relative(
        self,
        anchor: Location,
        bearing: str | None,
        distance_km: float | None,
        phrase: str,
    ) -> Location:
        """Offset ``anchor`` for "north of X", "12 km south-east of X", "near X", ...

        Parameters
        ----------
        anchor
            The resolved anchor place.
        bearing
            Compass word, or ``None``.
        distance_km
            Stated distance, or ``None``.
        phrase
            The relation as written ("north of", "outskirts of", "near").

        Returns
        -------
        Location
            Precision ``"relative"`` with the anchor fields set. A stated distance and
            bearing give the exact offset with radius 3 km + 20 % of the distance; a
            bearing alone ("north of Homs") moves 15 km with a 15 km radius; "outskirts
            of" keeps the anchor with its radius + 3 km; "near" and unknown relations
            keep the anchor with its radius + 10 km (or + the stated distance).
        """
        deg = bearing_degrees(bearing) if bearing else None
        p = phrase.lower()
        lat, lon = anchor.lat, anchor.lon
        if deg is not None and distance_km is not None:
            lat, lon = destination(lat, lon, deg, distance_km)
            radius = 3.0 + 0.2 * distance_km
            how = f"{distance_km:g} km {bearing} of anchor"
        elif deg is not None and any(w in p for w in _EDGE_WORDS):
            # "eastern outskirts of X": the edge of X on that side, one anchor radius out.
            lat, lon = destination(lat, lon, deg, anchor.uncertainty_km)
            radius = anchor.uncertainty_km + 3.0
            how = f"{p} anchor: moved the anchor's radius ({anchor.uncertainty_km:g} km) {bearing}"
        elif deg is not None and p.endswith("part of"):
            # "eastern Saraqeb": a part of the town; its own circle still holds it.
            radius = anchor.uncertainty_km
            how = f"{p} anchor: the anchor's circle"
        elif deg is not None:
            lat, lon = destination(lat, lon, deg, 15.0)
            radius = max(15.0, anchor.uncertainty_km)
            how = f"{bearing} of anchor, distance unstated (15 km assumed, 15 km radius)"
        elif "outskirt" in p or "edge" in p:
            radius = anchor.uncertainty_km + 3.0
            how = "outskirts of anchor"
        else:
            radius = anchor.uncertainty_km + (distance_km if distance_km is not None else 10.0)
            how = f"{phrase.strip() or 'near'} anchor"
        return Location(
            name=_relation_name(phrase, anchor.name),
            lat=lat,
            lon=lon,
            precision="relative",
            uncertainty_km=round(radius, 2),
            country=anchor.country,
            admin1=anchor.admin1,
            place_id=None,
            confidence=anchor.confidence,
            reason=f"{how}; anchor: {anchor.reason}",
            anchor_name=anchor.name,
            anchor_lat=anchor.lat,
            anchor_lon=anchor.lon,
            bearing=bearing,
            distance_km=distance_km,
        )

    def between(self, a: Location, b: Location, phrase: str = "between") -> Location:
        """Return the midpoint location for "between X and Y".

        Parameters
        ----------
        a, b
            The two resolved places.
        phrase
            As written.

        Returns
        -------
        Location
            Precision ``"relative"``, anchored on ``a``; radius half the distance
            between them plus the larger of their radii.
        """
        lat, lon = midpoint(a.lat, a.lon, b.lat, b.lon)
        d = haversine_km(a.lat, a.lon, b.lat, b.lon)
        return Location(
            name=f"{phrase} {a.name} and {b.name}",
            lat=lat,
            lon=lon,
            precision="relative",
            uncertainty_km=round(d / 2 + max(a.uncertainty_km, b.uncertainty_km), 2),
            country=a.country if a.country == b.country else None,
            admin1=a.admin1 if a.admin1 == b.admin1 else None,
            confidence=min(a.confidence, b.confidence),
            reason=f"midpoint of {a.name} and {b.name} ({d:.0f} km apart)",
            anchor_name=a.name,
            anchor_lat=a.lat,
            anchor_lon=a.lon,
            distance_km=round(d / 2, 2),
        )


def _is_cyrillic_key(key: str) -> bool:
    """Return whether a folded key is written in Cyrillic (its first letter decides)."""
    return next((("\u0400" <= ch <= "\u04ff") for ch in key if ch.isalpha()), False)


def _words(key: str) -> int:
    """Count the words of a folded key that are not articles."""
    return sum(1 for w in key.split() if w not in _ARTICLE_TOKENS)


def _array_place(db: _Db, idx: int) -> Place:
    """Build a :class:`Place` from a format-3 file's arrays (no SQLite)."""
    # Memoryview reads (tens of ns each) rather than numpy scalar indexing (~100 ns
    # plus a conversion); the values are the same Python floats and ints.
    v = db.views
    assert db.names is not None and db.alts is not None  # callers check
    assert v.unc is not None and v.src is not None  # format 3 has both
    alts = db.alts[idx]
    a1 = v.a1[idx]
    unc = v.unc[idx]
    return Place(
        id=db.ids[idx],
        name=db.names[idx],
        kind=KINDS[v.kind[idx]],  # type: ignore[arg-type]
        country=db.countries[v.cc[idx]],
        lat=v.lat[idx],
        lon=v.lon[idx],
        admin1=db.admin1[a1] if a1 >= 0 else None,
        population=v.pop[idx],
        alt_names=tuple(alts.split(ALT_SEP)) if alts else (),
        source=db.sources[v.src[idx]],
        uncertainty_km=None if math.isnan(unc) else unc,
    )


def _skeleton_plausible(
    key: str,
    matched_key: str,
    skel: str,
    raw_key: str = "",
    raw_matched: str = "",
    *,
    min_ratio: float = _SKELETON_MIN_RATIO,
) -> bool:
    """Reject skeleton collisions between names that merely share consonants.

    ``key`` and ``matched_key`` are variant keys (:func:`variant_key`: articles and
    generic-word spellings already unified). Measured on the development sets: "Kan
    Thit"/"Kin Taw" or "Bairak"/"Byriuky" share a skeleton but are different places,
    while "Deir Ezzor"/"Dayr az Zawr" (ratio 71 on variant keys) and "Kafr
    Nobol"/"Kafranbel" are the same. Short skeletons need a closer spelling, and the
    consonants must agree letter for letter (:func:`consonant_frame`): on the Airwars
    development set, skeleton matches whose frames differ ("Maadi"/"Um Wadi",
    "Tabqaqa"/"Tabqa") were wrong places far more often than right ones.
    """
    if consonant_frame(key) != consonant_frame(matched_key):
        return False
    if len(skel) < 3 and (key[-1] in _VOWELS) != (matched_key[-1] in _VOWELS):
        # With two consonants the ending is all that tells names apart: "Khaneh" is
        # not "Khan", "Az Zur" not "Az Zuhrah" ("Tiba"/"Taybeh" agree).
        return False
    if (
        len(skel) < 7
        and abs(len(key) - len(matched_key)) > 1
        and _words(raw_key) != _words(raw_matched)
    ):
        # A short name that gains a word and a syllable is another name ("Gornal" /
        # "Gornoye Loo"), not another spelling of it ("Kafranbel" / "Kafr Nabl").
        return False
    ratio = fuzz.ratio(key, matched_key)
    return ratio >= min_ratio or (len(skel) >= 7 and ratio >= 60)


_QUALIFIER_CODES = re.compile(r"(?:0[a-z]{2})+$")
_QUALIFIER_TAIL = _QUALIFIER_CODES
_FINAL_VOWEL_CLASS = {"a": "a", "e": "i", "i": "i", "y": "i", "o": "u", "u": "u", "w": "u"}


def _final_vowel(vkey: str) -> str:
    """Return the class of a variant key's final letter: a, i, u or "" for a consonant.

    Arabic writes a final long vowel (alif/ta marbuta, ya, waw) as a letter: "Badu"
    and "Badi", "Tayri" and "Tayara" are different names even where every other
    vowel is the transliterator's choice. The variant key already writes -eh/-ah/-e
    as -a.
    """
    core = _QUALIFIER_CODES.sub("", vkey)
    return _FINAL_VOWEL_CLASS.get(core[-1:], "") if core else ""


def _frame_spelling(vkey: str, matched_vkey: str, shape: str) -> bool:
    """Whether two variant keys with one consonant frame differ only by vowels added or dropped.

    ``shape`` is ``vkey``'s :func:`vowel_shape`. The frame must have three consonants
    or more (two with free vowels are no evidence: "Badu"/"Badi"); both names must
    start alike (with a vowel or not: "Sukkari" is not "Eskar"); the vowel runs may
    differ in number by one ("Kafrouma" is not "Kafr Mu" two runs on); and the
    spellings must stay close (rapidfuzz ratio >= :data:`_FRAME_MIN_RATIO`).
    """
    if len(shape) - shape.count("V") < 3 or not vkey or not matched_vkey:
        return False
    if (vkey[0] in _VOWELS) != (matched_vkey[0] in _VOWELS):
        return False
    if abs(shape.count("V") - vowel_shape(matched_vkey).count("V")) > 1:
        return False
    return fuzz.ratio(vkey, matched_vkey) >= _FRAME_MIN_RATIO


def _may_reach(n: int, lens: np.ndarray) -> np.ndarray:
    """Return where a ratio between lengths ``n`` and ``lens`` can reach the fuzzy cutoff.

    ``fuzz.ratio`` is ``200 * LCS / (la + lb)`` and the LCS is at most the shorter
    length; two empty strings score 100.
    """
    total = lens + n
    bound = 200.0 * np.minimum(lens, n) / np.maximum(total, 1)
    out: np.ndarray = (bound >= _FUZZY_CUTOFF - 1e-6) | (total == 0)
    return out


def _class_counts(key: str) -> dict[int, int]:
    """Return how many characters of each :func:`char_class` ``key`` holds (present ones)."""
    counts: dict[int, int] = {}
    # Per distinct character: a name repeats letters, and str.count is a C loop.
    for ch in set(key):
        c = char_class(ch)
        counts[c] = counts.get(c, 0) + key.count(ch)
    return counts


def _mask_weights(key: str) -> np.ndarray:
    """Return the weights that turn a name's :func:`letter_mask` bits into an LCS bound.

    Weight 1 on bit ``c`` for each class ``c`` that ``key`` holds, and its count in
    ``key`` minus one on bit ``32 + c`` (see :func:`letter_mask`).
    """
    w = np.zeros(64, dtype=np.float64)
    for c, k in _class_counts(key).items():
        w[c] = 1.0
        w[32 + c] = k - 1
    return w


def _stored_reject(
    v: _Views,
    row: int,
    qframe: int,
    nv: int,
    min_ratio: float,
    terms: tuple[int, tuple[tuple[int, int], ...]] | None,
) -> bool:
    """Whether a skeleton hit's stored arrays show :func:`_skeleton_plausible` rejects it.

    ``qframe`` is the hash of the name's consonant frame, ``nv`` the length of its
    variant key, ``min_ratio`` the lowest variant-key ratio the check accepts and
    ``terms`` the name's :func:`_mask_terms` (``None`` for files without masks).
    """
    if v.vframe is None or v.vlen is None:
        return False
    if v.vframe[row] != qframe:
        return True
    n = v.vlen[row]
    if n + nv == 0:
        return False
    if 200.0 * min(n, nv) / (n + nv) < min_ratio - 1e-6:
        return True
    if v.vmask is None or terms is None:
        return False
    m = v.vmask[row]
    lcs = (m & terms[0]).bit_count()
    for extra, bits in terms[1]:
        lcs += extra * (m & bits).bit_count()
    return 200.0 * min(lcs, n) / (n + nv) < min_ratio - 1e-6


def _mask_terms(key: str) -> tuple[int, tuple[tuple[int, int], ...]]:
    """Return :func:`_mask_weights` as bit masks, for one row's bound in a few int ops.

    The bound for a row's mask ``m`` is ``popcount(m & first) + sum(extra *
    popcount(m & bits))``: ``first`` holds bit ``c`` of each class in ``key``,
    and each ``bits`` the ``32 + c`` bits of the classes ``key`` holds ``extra + 1``
    times.
    """
    first = 0
    by_extra: dict[int, int] = {}
    for c, k in _class_counts(key).items():
        first |= 1 << c
        if k > 1:
            by_extra[k - 1] = by_extra.get(k - 1, 0) | 1 << (32 + c)
    return first, tuple(sorted(by_extra.items()))


def _mask_may_reach(n: int, weights: np.ndarray, lens: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """Return where ``fuzz.ratio`` of a length-``n`` key and the rows can reach the cutoff.

    The rows' longest common subsequence with the key is at most the weighted sum of
    their mask bits (``weights`` from :func:`_mask_weights`) and at most their length;
    the ratio is ``200 * LCS / (la + lb)``. The margin keeps a row whose bound only
    rounds under the cutoff.
    """
    bits = np.unpackbits(
        masks.astype("<u8", copy=False).view(np.uint8).reshape(-1, 8), axis=1, bitorder="little"
    )
    # 200 * LCS / (la + lb) >= cutoff, multiplied out (fewer numpy calls; the margin
    # dwarfs any rounding). Two empty strings (threshold 0) are kept.
    out: np.ndarray = np.minimum(bits.dot(weights), lens) >= (lens + n) * _MASK_THRESHOLD
    return out


def _ratios(key: str, others: list[str]) -> np.ndarray:
    """Return ``fuzz.ratio(key, o)`` for each of ``others``, 0 where under the cutoff.

    One rapidfuzz call over the list; ``float64`` keeps the values bit-identical to
    per-pair ``fuzz.ratio`` (the default ``float32`` would round them).
    """
    out: np.ndarray = _cdist(
        [key], others, scorer=fuzz.ratio, dtype=np.float64, score_cutoff=_FUZZY_CUTOFF
    )[0]
    return out


def _fuzzy_frames_ok(vkey: str, matched_vkey: str, skel: str) -> bool:
    """Whether a one-letter-off fuzzy match keeps the consonant frame of the name.

    For short names (skeleton under 6 consonants) a consonant added or dropped makes
    another name ("Masrab"/"Marab", "Tin Thar"/"Tanintharyi"); a changed consonant is a
    transliteration choice only within one :data:`_TRANSLIT_CLASS` ("Nabouda"/"Nabutha":
    d/t), else another name ("Naasan"/"Na'man": s/m).
    """
    if len(skel) >= 6:
        return True
    # Glides, doubled letters and a ta marbuta written "-at" are spelling habits
    # ("Qahtani"/"Qahtaniyeh", "Hardatin"/"Hardatnin", "Sarmadat"/"Sarmada"); only
    # another consonant makes another name.
    # Four-consonant names keep even the "-at" ("Hamrat" is not "Hamra").
    fa, fb = (_frame_core(k, len(skel) >= 5) for k in (vkey, matched_vkey))
    if len(fa) != len(fb):
        return False
    # A changed consonant is a transliteration choice only between letters one source
    # letter is written with (th: t/s, dh: d/z, qaf: q/k/g, jim: j/g, Cyrillic h/g
    # ...); any other pair is another name ("Maaret al-Naasan" is not "Ma'arrat
    # an-Nu'man": s/m).
    return all(
        a == b or _TRANSLIT_CLASS.get(a, a) == _TRANSLIT_CLASS.get(b, b)
        for a, b in zip(fa, fb, strict=True)
    )


_TRANSLIT_CLASS = {
    **dict.fromkeys("tdsz", "T"),
    **dict.fromkeys("kghj", "K"),
    **dict.fromkeys("bp", "B"),
    **dict.fromkeys("fv", "F"),
}
"""Consonant-frame letters that one source letter is written with in common
transliterations (Arabic th/dh/emphatics, qaf/jim/kha, Cyrillic h/g, Persian p/v): a
one-consonant difference within a class is a spelling habit, across classes another name."""


def _frame_core(vkey: str, drop_final_at: bool) -> str:
    frame = _DOUBLED.sub(r"\1", _GLIDES.sub("", consonant_frame(vkey)))
    if drop_final_at and vkey.endswith(("at", "et", "it")) and frame.endswith("t"):
        frame = frame[:-1]
    return frame


def _is_latin_char(ch: str) -> bool:
    import unicodedata

    return unicodedata.name(ch, "").startswith("LATIN")


def _bearing_word(word: str | None) -> str | None:
    """Return a compass word as :func:`bearing_degrees` reads it ("SW" -> "south-west")."""
    if not word:
        return None
    w = word.lower().replace(" ", "-")
    short = {"n": "north", "s": "south", "e": "east", "w": "west"}
    if len(w) <= 3 and all(ch in short for ch in w):
        return "-".join(short[ch] for ch in w)  # "SSE" -> "south-south-east"
    if w.endswith("ern") and w[:-3].replace("-", "") in _COMPASS_STEMS:
        return w[:-3]  # "eastern" -> "east", "north-eastern" -> "north-east"
    return w


def _relation_name(phrase: str, anchor: str) -> str:
    """Name a relative location: "near Homs", "outskirts of Odesa" (not "outskirts Odesa")."""
    words = phrase.split()
    if words and words[-1].lower() in _RELATION_NOUNS:
        words.append("of")
    return " ".join([*words, anchor]).strip()


_RELATION_NOUNS = frozenset(
    {"outskirts", "vicinity", "countryside", "edge", "suburbs", "periphery", "environs",
     "part", "area", "desert", "centre", "center"}
)  # fmt: skip


def _replace(loc: Location, **kw: object) -> Location:
    from dataclasses import replace

    return replace(loc, **kw)  # type: ignore[arg-type]


def _centroid(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


_NAME_HEAD_WORDS = frozenset(
    [*WORD_VARIANT_SPELLINGS, "tall", "bab", "wadi", "ras", "marj", "khan", "hay", "harat", "souq",
     "suq", "mazraat", "mazraa", "dar", "nahr", "tell", "qaryat", "madinat", "bani", "beni"]
)  # fmt: skip
_PAREN = re.compile(r"\(([^)]*)\)")
_ENCLAVES = frozenset(
    [
        frozenset(("Damascus Governorate", "Rif Dimashq Governorate")),
        frozenset(("Kyiv City", "Kyiv Oblast")),
        frozenset(("Sevastopol", "Autonomous Republic of Crimea")),
        frozenset(("Amanat al-Asimah", "Sanaa Governorate")),
    ]
)
"""A city governorate and the one around it: reports (and Airwars) write "Damascus" for
both, so an admin hint naming either agrees with a place in the other."""
_LIST_SPREAD_KM = 25.0
"""Places listed together ("X and Y") are reported as one event only when this close."""
_ALT_SPREAD_KM = 10.0
"""Alternative spellings ("X/Y") must designate points this close."""
_BEARING_RE = (
    r"(?:north|south)[- ](?:north|south)[- ](?:east|west)|"
    r"(?:east|west)[- ](?:north|south)[- ](?:east|west)|"
    r"north(?:[- ]?(?:east|west))?|south(?:[- ]?(?:east|west))?|east|west|"
    r"northern|southern|eastern|western|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW|[NS]?[EW]|[NS]"
)
_RELATION = re.compile(
    rf"^(?:(?P<km>\d+(?:\.\d+)?)\s*km\s+)?(?P<rel>(?P<bearing>{_BEARING_RE})\s+of|"
    r"(?:in\s+the\s+)?vicinity\s+of|(?:the\s+)?outskirts\s+of|near(?:by)?|close\s+to|"
    r"around|en\s+route\s+to|(?:the\s+)?desert\s+of|(?:in\s+)?(?:the\s+)?area\s+of)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_SIDE = re.compile(
    r"^(?:the\s+)?(?P<side>(?:north|south)[- ]?(?:east|west)(?:ern)?|northern|southern|eastern|"
    r"western|central|north|south|east|west)\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_EDGE_OF = re.compile(
    r"^(?P<edge>outskirts|suburbs|edges?|periphery|environs|fringes?)\s+of\s+(?:the\s+)?"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_OLD_CITY_OF = re.compile(r"^(?:the\s+)?old\s+city\s+of\s+(?P<x>\S.*)$", re.IGNORECASE)
_AREA_WORDS = frozenset({"region", "province", "oblast", "governorate", "state", "countryside"})
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s\s+(?P<rest>\S.*)$")
""""Douma's outskirts": an owner and what it owns."""
_PART_OF = re.compile(
    r"^(?P<head>(?:the\s+)?\S.*?\s+(?:neighbou?rhood|quarter|district|suburb|camp|square|"
    r"street|market))\s+(?:of|in)\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?(?P<city>\S.*)$",
    re.IGNORECASE,
)
""""X neighbourhood of C", "X district in C": a part of C named first."""
_MAX_NESTING = 8
"""resolve() calls nested this deep are refused ("north of north of ... X")."""
_MAX_NAME_CHARS = 1000
"""Longer "names" are text, not a place (the longest Airwars name has 243 characters)."""
_VOWEL_RUNS = re.compile(r"[aeiou]+")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_COMPASS_STEMS = frozenset(["north", "south", "east", "west", "northeast", "northwest",
                            "southeast", "southwest"])  # fmt: skip
_EDGE_WORDS = ("outskirt", "suburb", "edge", "periphery", "environs", "fringe")
_BETWEEN = re.compile(r"\bbetween\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)
_ROAD = re.compile(r"^(?:the\s+)?(\S.*?)\s*-\s*(\S.*?)\s+(?:road|highway)$", re.IGNORECASE)
_INSIDE = re.compile(
    r"^(.+?)\s+(?P<rel>in\s+the\s+vicinity\s+of|in|near|at)\s+(.+)$", re.IGNORECASE
)
_LIST_SEP = re.compile(r"\s+(?:and|&|or|wa)\s+|\s*&\s*", re.IGNORECASE)
_LIST_ITEM_NOISE = re.compile(
    r"\b(?:villages?|towns?|neighbou?rhoods?|areas?|districts?|cities)\b", re.IGNORECASE
)
_LEADING_NOISE = re.compile(
    r"^(?:the\s+|an?\s+)?(?:area\s+(?!of\s)|city\s+cent(?:re|er)\s+of\s+|cent(?:re|er)\s+of\s+|"
    r"downtown\s+)?",
    re.IGNORECASE,
)
_FACILITY = re.compile(
    r"^(.+?)\s+((?:national\s+)?(?:hospital|clinic|school|mosque|church|market|bakery|"
    r"police\s+station|water\s+station|station|silos?|farms?|crossing|junction|roundabout|"
    r"bridge|camp|garage|prison|factory|mill|stadium|university|checkpoint|square|"
    # Infrastructure strike reports name by its town ("Avdiivka coke plant").
    r"(?:\w+\s+)?plant|(?:oil\s+)?depot|(?:oil\s+)?refinery|substation|power\s+station|"
    r"thermal\s+power\s+plant|railway\s+station|port|airport|airfield|hotel|shopping\s+centre|"
    r"shopping\s+center|mall|supermarket|warehouse|barracks|residential\s+building|"
    r"(?:city|town)\s+cent(?:re|er)|old\s+city|downtown))$",
    re.IGNORECASE,
)
_HEADLINE_VERBS = frozenset(
    {"hit", "hits", "kill", "kills", "killed", "bomb", "bombs", "bombed", "raid", "raids",
     "shell", "shells", "shelled", "strike", "strikes", "struck", "pound", "pounds", "blast",
     "blasts", "drone", "drones", "missile", "missiles", "rocket", "rockets", "war", "dead"}
)  # fmt: skip
_OUT_OF_TOWN = re.compile(
    r"\b(?:airport|airfield|plant|refinery|depot|substation|power\s+station)$", re.IGNORECASE
)
_Hints = tuple[Place | None, Place | None, str | None]
"""The admin hint as resolved: admin1 area, place of that name, and the text."""
_CITY_GOVERNORATES = frozenset(["damascus", "kyiv", "sevastopol", "amanat al asimah"])
"""Folded names (kind words stripped) of admin1 areas that are one city: a place
"in Damascus" lies in the city whichever of the two is meant."""
_CONTAINER_ADJECTIVES = frozenset(
    ["eastern", "western", "northern", "southern", "central", "east", "west", "north",
     "south", "downtown", "old", "the"]
)  # fmt: skip
_URBAN_WORDS = frozenset(
    ["neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "quarter", "square",
     "street", "st", "road", "roundabout", "hospital", "mosque", "school", "market", "bakery",
     "complex", "university", "building", "stadium", "park", "garage", "souq", "suq", "hay",
     "hai", "hayy", "harat"]
)  # fmt: skip
"""Kind words of a part of a city (a street, a square, a neighbourhood ...)."""
_SETTLEMENT_WORDS = frozenset(["village", "villages", "town", "towns", "hamlet", "farm", "farms"])
"""Kind words of a settlement in its own right, never a part of the container city."""


def _kind_of_head(head: str, kind_hint: str | None) -> str | None:
    """Classify the X of "X, C" by its kind words: settlement, urban, district or none."""
    words = set(normalize_name(head).split())
    if words & _SETTLEMENT_WORDS or kind_hint in _SETTLEMENT_HINTS:
        return "settlement"
    if words & _URBAN_WORDS or kind_hint in ("neighbourhood", "neighborhood"):
        return "urban"
    if words & {"district", "districts"}:
        return "district"
    return None


def _urban_kind_word(head: str) -> bool:
    """Whether a name ends (or starts) with an intra-urban kind word ("X neighbourhood")."""
    words = normalize_name(_PAREN.sub(" ", head).partition(",")[0]).split()
    return len(words) > 1 and (
        words[-1] in _URBAN_WORDS or words[0] in ("hay", "hai", "hayy", "harat")
    )


def _comma_tail(name: str) -> str | None:
    """Return what follows the first comma ("Aleppo" in "Bazza Square, Aleppo")."""
    _head, sep, tail = _PAREN.sub(" ", name).partition(",")
    return tail.strip() or None if sep else None


def _parse_name(name: str) -> tuple[str, str, str | None, str | None, str | None]:
    """Split "Al Mashad neighbourhood, Aleppo (x)" into full head, head, hint, kind, alt."""
    alt = None
    m = _PAREN.search(name)
    if m:
        alt = m.group(1).strip() or None
        name = _PAREN.sub(" ", name)
    head, _, tail = name.partition(",")
    admin_hint = tail.strip() or None
    head = " ".join(head.split())
    words = head.split()
    kind = None
    # A kind word at the end ("Idlib province") or start ("Village of X") of the name.
    while len(words) > 1 and words[-1].lower() in GENERIC_WORDS | _KIND_CUES:
        w = words.pop().lower()
        kind = kind or w
    if len(words) > 2 and words[0].lower() in _KIND_CUES and words[1].lower() == "of":
        kind = kind or words[0].lower()
        words = words[2:]
    return head, " ".join(words).strip(), admin_hint, kind, alt


def gazetteer_files(directory: Path | None = None) -> tuple[Path, list[Path]]:
    """Return the default index file and the layer files in a gazetteer directory."""
    directory = directory or settings.gazetteer_dir()
    layers = sorted((directory / "layers").glob("*.sqlite"))
    return directory / "index.sqlite", layers


def load_gazetteer(
    path: Path | None = None,
    *,
    build: bool = False,
    place_cache: int = _PLACE_CACHE,
    rank_cache: int = _RANK_CACHE,
) -> Gazetteer:
    """Open the gazetteer in ``path`` (default :func:`strikemap.settings.gazetteer_dir`).

    Loading never builds silently: a missing or outdated default index is an error
    that says to run ``strikemap gazetteer build`` (setup does), unless ``build``.

    Parameters
    ----------
    path
        The gazetteer directory.
    build
        Build the default index first when it is missing or outdated (~1 min once).
    place_cache
        Materialised places kept in memory (0 disables the cache).
    rank_cache
        Ranked lookups kept in a per-process LRU (0 disables it).

    Returns
    -------
    Gazetteer
        The default index plus every imported layer.

    Raises
    ------
    FileNotFoundError
        When there is no index (or an index of an older layout) and ``build`` is off.
    """
    from strikemap.gazetteer.build import INDEX_VERSION, build_default_index

    directory = path or settings.gazetteer_dir()
    index, layers = gazetteer_files(directory)
    meta = read_meta(index) if index.exists() else {}
    # An index written by someone else (tests, a team's own build) is never "outdated".
    stale = meta.get("kind") == "default" and meta.get("index_version") != INDEX_VERSION
    missing = not keys_path(index).exists()
    if missing or stale:
        if not build:
            why = "no gazetteer index" if missing else "an index of an older strikemap"
            raise FileNotFoundError(
                f"{why} in {directory}: run `strikemap gazetteer build` (setup does)"
            )
        build_default_index(directory)
    for layer in layers:
        _ensure_current_keys(layer)
    return Gazetteer(index, layers, place_cache=place_cache, rank_cache=rank_cache)


def _ensure_current_keys(layer: Path) -> None:
    """Re-key a layer imported under older name-key rules, or say how to fix it.

    A layer keeps the keys of the strikemap that imported it; after a change of the
    key rules its names would silently stop matching. It is rewritten in place (once,
    about a second for an OCHA country file); when that fails (a read-only folder),
    a one-line error names the layer and the command that re-imports it.
    """
    meta = read_meta(layer)
    if not meta or meta.get("key_version") == KEY_VERSION:
        return
    try:
        rekey_index(layer)
    except (OSError, sqlite3.Error) as exc:
        raise RuntimeError(
            f"gazetteer layer {layer.stem!r} ({meta.get('source', 'unknown source')}) was "
            f"imported with older name-key rules and could not be updated ({exc}); "
            f"re-import it: strikemap gazetteer import <geonames|ocha|aliases> FILE "
            f"--name {layer.stem}"
        ) from exc


@lru_cache(maxsize=4)
def cached_gazetteer(path: str | None = None) -> Gazetteer:
    """Return one shared :class:`Gazetteer` per directory for this process."""
    return load_gazetteer(Path(path) if path else None)
