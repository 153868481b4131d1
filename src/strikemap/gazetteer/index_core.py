"""The gazetteer's files, caches and materialised places (the base of :class:`Gazetteer`)."""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from strikemap.gazetteer._store import (
    DELETION_HASH_FORMATS,
    KINDS,
    PLACE_COLUMNS,
    POSTINGS,
    key_hash,
    keys_path,
    open_arrays,
    row_to_place,
)
from strikemap.gazetteer.arabic_latin import ArabicMarks
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index_arrays import (
    ColumnViews,
    IndexFile,
    Posting,
    ScoredCandidate,
    StringColumn,
    hash_run,
    rank_score,
)
from strikemap.gazetteer.normalize import variant_key
from strikemap.gazetteer.resolver_constants import MAX_SCORED, PLACE_CACHE, RANK_CACHE
from strikemap.gazetteer.spelling_match import array_place
from strikemap.model import Place


class GazetteerCore:
    """The base layer of :class:`~strikemap.gazetteer.index.Gazetteer`: files, caches, places."""

    def __init__(
        self,
        index: Path,
        layers: Sequence[Path] = (),
        *,
        place_cache: int = PLACE_CACHE,
        rank_cache: int = RANK_CACHE,
    ) -> None:
        self._dbs: list[IndexFile] = []
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
                IndexFile(
                    p.stem,
                    p,
                    con,
                    arr,
                    countries,
                    {c: i for i, c in enumerate(countries)},
                    arr.admin1_names,
                    StringColumn(a["id_blob"], a["id_off"]),
                    StringColumn(a["nm_disp_blob"], a["nm_disp_off"]),
                    StringColumn(a["nm_key_blob"], a["nm_key_off"]),
                    StringColumn(a["pl_name_blob"], a["pl_name_off"]) if full else None,
                    StringColumn(a["pl_alt_blob"], a["pl_alt_off"]) if full else None,
                    StringColumn(a["nm_vkey_blob"], a["nm_vkey_off"])
                    if "nm_vkey_off" in a
                    else None,
                    a.get("nm_klen"),
                    a.get("nm_vlen"),
                    list(arr.header.get("sources", [])),
                    {
                        k: Posting(a[f"{k}_hash"], a[f"{k}_val"], a.get(f"{k}_start"))
                        for k in POSTINGS
                        if f"{k}_hash" in a
                    },
                    ColumnViews(a),
                    a.get("nm_kmask"),
                    a.get("nm_vmask"),
                    arr.header.get("format") in DELETION_HASH_FORMATS,
                )
            )
        self._lock = threading.RLock()
        self._places: OrderedDict[tuple[int, int], Place] = OrderedDict()
        self._place_cache = place_cache
        self._ranks: OrderedDict[tuple[object, ...], list[ScoredCandidate]] = OrderedDict()
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
                pl = array_place(db, idx)
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
                lo, hi = hash_run(a["id_hash"], h)
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
    ) -> list[ScoredCandidate]:
        """Score name rows of one file from array reads (numpy pre-rank when many).

        Rows for which ``drop`` holds are left out after the pre-rank (so it keeps
        the same rows with or without ``drop``).
        """
        db = self._dbs[di]
        a = db.arr.a
        if len(rows) <= MAX_SCORED:
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
        kept = rows[np.argsort(-pops, kind="stable")[:MAX_SCORED]].tolist()
        if drop is not None:
            kept = [r for r in kept if not drop(r)]
        # The kept rows are few: memoryview reads beat one numpy call per column.
        return self._make_few(db, di, kept, base, how, countries, near)

    def _make_few(
        self,
        db: IndexFile,
        di: int,
        rows: list[int],
        base: float,
        how: str,
        countries: Sequence[str],
        near: tuple[float, float] | None,
    ) -> list[ScoredCandidate]:
        """Score a few name rows through memoryviews (no numpy call per column).

        Same scores as :meth:`_make`; a numpy fancy index costs about a microsecond of
        call overhead per column, a memoryview read tens of nanoseconds.
        """
        v = db.views
        out: list[ScoredCandidate] = []
        c0 = countries[0] if countries else None
        for row in rows:
            idx = v.nm_place[row]
            pop = v.pop[idx]
            cc = db.countries[v.cc[idx]]
            kind = v.kind[idx]
            near_km = (
                haversine_km(near[0], near[1], v.lat[idx], v.lon[idx]) if near is not None else None
            )
            score, conf = rank_score(base, pop, cc, kind, countries, c0, near_km)
            c = ScoredCandidate(di, idx, row, base, how, score, min(conf, 1.0))
            c.kind = KINDS[kind]
            c.cc = cc
            c.pop = pop
            a1 = v.a1[idx]
            c.a1 = db.admin1[a1] if a1 >= 0 else None
            out.append(c)
        return out

    def _matched(self, c: ScoredCandidate) -> str:
        db = self._dbs[c.di]
        return db.disp[c.row]

    def _matched_key(self, c: ScoredCandidate) -> str:
        db = self._dbs[c.di]
        return db.keys[c.row]

    def _matched_vkey(self, c: ScoredCandidate, mk: str) -> str:
        """Return the variant key of a candidate's matched key ``mk`` (stored or computed)."""
        vkeys = self._dbs[c.di].vkeys
        return vkeys[c.row] if vkeys is not None else variant_key(mk)

    def _pid(self, di: int, idx: int) -> str:
        db = self._dbs[di]
        return db.ids[idx]
