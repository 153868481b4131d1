"""The default :class:`~strikemap.gazetteer.base.GazetteerLike`: spot, look up, resolve.

A :class:`Gazetteer` reads the default index (``index.sqlite``) plus every imported
layer (``layers/*.sqlite``), each one SQLite file with a sorted key-hash array beside
it (see :mod:`strikemap.gazetteer._store`). Layers are searched after the default index
and override an entry with the same id.

Matching has three levels, reported in every :class:`Candidate`'s reason and reflected
in its confidence: the folded name (exact), the transliteration skeleton, and a
rapidfuzz fallback restricted to one country (or to large places).
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from strikemap import settings
from strikemap.gazetteer._stopwords import ENGLISH_WORDS
from strikemap.gazetteer._store import PLACE_COLUMNS, key_hash, keys_path, row_to_place
from strikemap.gazetteer.base import Candidate, Mention, Resolution, ResolveContext
from strikemap.gazetteer.geo import bearing_degrees, destination, haversine_km, midpoint
from strikemap.gazetteer.normalize import (
    GENERIC_WORDS,
    fold_text,
    normalize_name,
    skeleton_key,
    strip_generic,
)
from strikemap.model import Location, LocationPrecision, Place

_PRECISION_BY_KIND: dict[str, LocationPrecision] = {
    "city": "town",
    "town": "town",
    "village": "town",
    "neighbourhood": "neighbourhood",
    "landmark": "exact",
    "district": "district",
    "admin2": "district",
    "region": "region",
    "admin1": "admin1",
    "country": "country",
}
_AREA_KINDS = frozenset({"admin1", "admin2", "district", "region", "country"})
_ADMIN1_HINTS = frozenset(
    {"province", "governorate", "oblast", "state", "countryside", "muhafazat", "muhafazah"}
)
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
_ARABIC_PREFIXES = frozenset("وبلف")
_MAX_TOKENS = 6
_FUZZY_CUTOFF = 86.0
_AMBIGUITY_GAP = 0.05
_AMBIGUITY_KM = 25.0
_MIN_CONFIDENCE = 0.6


@dataclass
class _Db:
    """One opened index or layer file."""

    name: str
    path: Path
    con: sqlite3.Connection
    keys: np.ndarray | None = None
    fuzzy: dict[str, tuple[list[str], list[int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Hit:
    place: Place
    matched: str
    base: float
    how: str


class Gazetteer:
    """A local, offline gazetteer (implements ``GazetteerLike``).

    Parameters
    ----------
    index
        The default index file (``index.sqlite``).
    layers
        Imported layer files, searched after ``index`` (later ones override).
    """

    def __init__(self, index: Path, layers: Sequence[Path] = ()) -> None:
        self._dbs: list[_Db] = []
        for p in (index, *layers):
            if not p.exists():
                raise FileNotFoundError(f"gazetteer index not found: {p}")
            con = sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False)
            self._dbs.append(_Db(p.stem, p, con))
        self._lock = threading.RLock()
        self._places: dict[tuple[int, int], Place] = {}

    # ------------------------------------------------------------------ plumbing
    def close(self) -> None:
        """Close the index files."""
        for db in self._dbs:
            db.con.close()

    @property
    def layer_names(self) -> list[str]:
        """Names of the opened files (default index first)."""
        return [db.name for db in self._dbs]

    def _place(self, di: int, idx: int) -> Place:
        key = (di, idx)
        pl = self._places.get(key)
        if pl is None:
            with self._lock:
                row = (
                    self._dbs[di]
                    .con.execute(f"SELECT {PLACE_COLUMNS} FROM places WHERE idx=?", (idx,))
                    .fetchone()
                )
            pl = row_to_place(row)
            if len(self._places) > 200_000:
                self._places.clear()
            self._places[key] = pl
        return pl

    def _keys(self, db: _Db) -> np.ndarray:
        if db.keys is None:
            db.keys = np.load(keys_path(db.path), mmap_mode="r")
        return db.keys

    def get(self, place_id: str) -> Place:
        """Return the place with this id.

        Raises
        ------
        KeyError
            When no index or layer has it.
        """
        for di in range(len(self._dbs) - 1, -1, -1):
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
        total = 0
        for db in self._dbs:
            with self._lock:
                total += int(db.con.execute("SELECT count(*) FROM places").fetchone()[0])
        return total

    # ------------------------------------------------------------------ matching
    def _match(self, name: str, column: str, value: str, base: float, how: str) -> list[_Hit]:
        hits: list[_Hit] = []
        for di, db in enumerate(self._dbs):
            with self._lock:
                rows = db.con.execute(
                    f"SELECT place, name FROM names WHERE {column}=?", (value,)
                ).fetchall()
            hits.extend(_Hit(self._place(di, int(i)), str(n), base, how) for i, n in rows)
        return hits

    def _fuzzy(self, key: str, country: str | None) -> list[_Hit]:
        hits: list[_Hit] = []
        for di, db in enumerate(self._dbs):
            scope = country or "*"
            if scope not in db.fuzzy:
                if country:
                    sql = (
                        "SELECT n.key, n.place FROM names n JOIN places p ON p.idx=n.place "
                        "WHERE p.country=?"
                    )
                    args: tuple[str, ...] = (country,)
                else:
                    # Without a country, only large or area entries: fuzzy matching the
                    # world's villages would mostly produce confident nonsense.
                    sql = (
                        "SELECT n.key, n.place FROM names n JOIN places p ON p.idx=n.place "
                        "WHERE p.population>=100000 OR p.kind IN ('admin1','country')"
                    )
                    args = ()
                with self._lock:
                    rows = db.con.execute(sql, args).fetchall()
                db.fuzzy[scope] = ([str(r[0]) for r in rows], [int(r[1]) for r in rows])
            keys, idxs = db.fuzzy[scope]
            if not keys:
                continue
            for _k, score, pos in process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=15
            ):
                hits.append(
                    _Hit(self._place(di, idxs[pos]), keys[pos], 0.75 * score / 100, "fuzzy")
                )
        return hits

    def _candidates(
        self,
        name: str,
        countries: Sequence[str],
        near: tuple[float, float] | None,
        *,
        fuzzy: bool = True,
    ) -> list[tuple[float, Candidate]]:
        key = normalize_name(name)
        if not key:
            return []
        hits = self._match(name, "key", key, 1.0, "exact name")
        skel = skeleton_key(name) or key
        hits += [
            h
            for h in self._match(name, "skel", skel, 0.85, "transliteration skeleton")
            if _skeleton_plausible(key, normalize_name(h.matched), skel)
        ]
        # Fuzzy only when nothing matched where the report is: a close spelling at home
        # beats an exact homonym abroad, which the country rule would reject anyway.
        if fuzzy and not any(not countries or h.place.country in countries for h in hits):
            for cc in countries or (None,):
                hits += self._fuzzy(key, cc)
        best: dict[str, _Hit] = {}
        for h in hits:
            cur = best.get(h.place.id)
            if cur is None or h.base > cur.base:
                best[h.place.id] = h
        ranked: list[tuple[float, Candidate]] = []
        for h in best.values():
            ranked.append(self._score(h, countries, near))
        ranked.sort(key=lambda sc: (-sc[0], sc[1].place.id))
        return ranked

    @staticmethod
    def _score(
        h: _Hit, countries: Sequence[str], near: tuple[float, float] | None
    ) -> tuple[float, Candidate]:
        pl = h.place
        reasons = [f"{h.how} {h.matched!r}"]
        score = h.base
        conf = 0.95 * h.base
        score += 0.1 * min(math.log10(pl.population + 1) / 7, 1.0)
        if pl.population:
            reasons.append(f"population {pl.population:,}")
        if countries:
            if pl.country == countries[0]:
                score += 0.3
                reasons.append(f"in report country {pl.country}")
            elif pl.country in countries:
                score += 0.2
                reasons.append(f"in report country {pl.country}")
            else:
                score -= 0.4
                conf *= 0.6
                reasons.append(f"outside report countries ({pl.country})")
        if near is not None:
            d = haversine_km(near[0], near[1], pl.lat, pl.lon)
            score += 0.25 * math.exp(-d / 100)
            reasons.append(f"{d:.0f} km from the report's other places")
        if pl.kind in _AREA_KINDS and pl.kind != "country":
            # A bare name means the populated place ("Homs" the city, not the province).
            score -= 0.03
        return score, Candidate(pl, h.matched, round(min(conf, 1.0), 3), "; ".join(reasons))

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
        return [c for _s, c in self._candidates(name, countries, near)[:limit]]

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
            The admin1 entry, or the admin1 of a populated place of that name in the
            same countries when no area has that name; ``None`` otherwise.
        """
        for variant in dict.fromkeys((name, strip_generic(name))):
            cands = self._candidates(variant, countries, None, fuzzy=False)
            for _s, c in cands:
                if c.place.kind == "admin1" and (not countries or c.place.country in countries):
                    return c.place
        return None

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
        if strip_generic(admin1) == strip_generic(other):
            return True
        cc = (country,) if country else ()
        a = self.find_admin1(admin1, cc)
        b = self.find_admin1(other, cc)
        return a is not None and b is not None and a.id == b.id

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
            Latin names must be written capitalised; a name that is also a common
            English word ("Said", "May") needs a kind cue next to it ("the village of
            Said", "Reading town").
        """
        folded, pos = fold_text(text)
        toks = [(m.start(), m.end()) for m in re.finditer(r"\S+", folded)]
        cands: list[tuple[int, int, int, int]] = []  # (fold start, fold end, tok i, tok j)
        for i, (s, _e) in enumerate(toks):
            starts = self._start_offsets(text, folded, pos, toks, i)
            for st in starts:
                for j in range(i, min(i + _MAX_TOKENS, len(toks))):
                    end = toks[j][1]
                    if folded[end - 1] == "s" and end - s > 2 and text[pos[end - 1] - 1] in "'’":
                        # "Assad's": the possessive is not part of the name.
                        cands.append((st, end - 1, i, j))
                        continue
                    cands.append((st, end, i, j))
        if not cands:
            return []
        keys = [folded[a:b] for a, b, _i, _j in cands]
        hashes = np.fromiter((key_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
        found: dict[str, list[str]] = {}
        for db in self._dbs:
            arr = self._keys(db)
            if len(arr) == 0:
                continue
            ix = np.searchsorted(arr, hashes)
            ok = (ix < len(arr)) & (arr[np.minimum(ix, len(arr) - 1)] == hashes)
            hit_keys = sorted({keys[k] for k in np.nonzero(ok)[0]})
            if not hit_keys:
                continue
            di = self._dbs.index(db)
            for chunk_start in range(0, len(hit_keys), 500):
                chunk = hit_keys[chunk_start : chunk_start + 500]
                with self._lock:
                    rows = db.con.execute(
                        f"SELECT key, places FROM spot WHERE key IN ({','.join('?' * len(chunk))})",
                        chunk,
                    ).fetchall()
                for k, idxs in rows:
                    ids = found.setdefault(str(k), [])
                    for ix_s in str(idxs).split(","):
                        pid = self._place(di, int(ix_s)).id
                        if pid not in ids:
                            ids.append(pid)
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
            out.append(Mention(start, end, surface, tuple(found[folded[a:b]])))
            last_end = b
        return out

    @staticmethod
    def _start_offsets(
        text: str, folded: str, pos: list[int], toks: list[tuple[int, int]], i: int
    ) -> list[int]:
        s, e = toks[i]
        first = text[pos[s]]
        tok = folded[s:e]
        if first.isalpha() and not first.isascii() and not _is_latin_char(first):
            offs = [s]
            if tok[0] in _ARABIC_PREFIXES and e - s >= 4:
                offs.append(s + 1)  # و/ب/ل/ف written attached: "بإدلب" = "in Idlib"
            return offs
        if first.isupper():
            return [s]
        if tok in _ARTICLE_TOKENS and i + 1 < len(toks):
            nxt = text[pos[toks[i + 1][0]]]
            if nxt.isupper():
                return [s]
        return []

    @staticmethod
    def _surface_ok(surface: str, folded: str, toks: list[tuple[int, int]], i: int, j: int) -> bool:
        words = [folded[toks[k][0] : toks[k][1]] for k in range(i, j + 1)]
        if not all(w in ENGLISH_WORDS or w in GENERIC_WORDS for w in words):
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
            District"`` falls back to the city.
        context
            Countries, admin hint, kind hint and nearby resolved points.

        Returns
        -------
        Resolution
            ``location`` is ``None`` when no candidate is credible (not found, only
            weak fuzzy matches, outside the report's countries, contradicting the
            admin hint, or ambiguous); ``fallback`` then carries the admin1 area named
            next to it when there is one.
        """
        full_head, head, admin_hint, kind_hint, alt = _parse_name(name)
        admin_hint = context.admin_hint or admin_hint
        kind_hint = (context.kind_hint or kind_hint or "").lower() or None
        countries = tuple(c.upper() for c in context.countries)
        near = _centroid(context.nearby)

        hint_admin1: Place | None = None
        hint_place: Place | None = None
        if admin_hint:
            hint_admin1 = self.find_admin1(admin_hint, countries)
            hp = self._candidates(strip_generic(admin_hint), countries, None, fuzzy=False)
            if hp:
                hint_place = hp[0][1].place
        fallback = (
            self._area_location(hint_admin1, f"admin hint {admin_hint!r}")
            if (hint_admin1)
            else None
        )

        last = Resolution(None, (), f"{name!r}: empty name")
        for attempt in dict.fromkeys([full_head, head, alt]):
            if not attempt:
                continue
            res = self._resolve_one(
                attempt, countries, near, kind_hint, hint_admin1, hint_place, admin_hint
            )
            if res.location is not None:
                return res
            last = res
        if " - " in head:
            parent = head.split(" - ")[0].strip()
            res = self._resolve_one(
                parent, countries, near, "city", hint_admin1, hint_place, admin_hint
            )
            if res.location is not None:
                loc = res.location
                sub = head.split(" - ", 1)[1].strip()
                reason = f"sub-area {sub!r} not in gazetteer; located at its parent. {loc.reason}"
                # The sub-area lies somewhere in the parent: widen the radius to match.
                unc = max(loc.uncertainty_km, 15.0)
                return Resolution(
                    _replace(loc, name=name, reason=reason, uncertainty_km=unc),
                    res.candidates,
                    reason,
                )
        return Resolution(None, last.candidates, last.reason, fallback)

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
        ranked = self._candidates(name, countries, near)
        all_cands = tuple(c for _s, c in ranked[:10])
        if not ranked:
            return Resolution(None, (), f"{name!r}: no gazetteer name matches")
        notes: list[str] = []
        if kind_hint in _ADMIN1_HINTS:
            kept = [sc for sc in ranked if sc[1].place.kind == "admin1"]
            notes.append(f"kind hint {kind_hint!r} -> admin1")
        elif kind_hint in _SETTLEMENT_HINTS:
            kept = [sc for sc in ranked if sc[1].place.kind not in _AREA_KINDS]
            notes.append(f"kind hint {kind_hint!r} -> populated place")
        elif kind_hint in _DISTRICT_HINTS:
            kept = [sc for sc in ranked if sc[1].place.kind in ("district", "admin2")] or [
                sc for sc in ranked if sc[1].place.kind not in ("admin1", "country")
            ]
            notes.append(f"kind hint {kind_hint!r}")
        else:
            kept = list(ranked)
        if not kept:
            return Resolution(None, all_cands, f"{name!r}: no candidate of kind {kind_hint!r}")
        if countries:
            inside = [sc for sc in kept if sc[1].place.country in countries]
            if inside:
                kept = inside
            else:
                top = kept[0][1]
                big = top.place.population >= 100_000 or top.place.kind == "country"
                if not (big and top.confidence >= 0.5 and "exact" in top.reason):
                    return Resolution(
                        None,
                        all_cands,
                        f"{name!r}: only matches outside the report countries {countries}",
                    )
        if admin_hint and (hint_admin1 or hint_place):
            agree = [sc for sc in kept if self._agrees(sc[1].place, hint_admin1, hint_place)]
            if not agree:
                return Resolution(
                    None,
                    all_cands,
                    f"{name!r}: no candidate in {admin_hint!r}",
                )
            if len(agree) < len(kept):
                notes.append(f"admin hint {admin_hint!r}")
            kept = agree
        score, best = kept[0]
        if best.confidence < _MIN_CONFIDENCE:
            return Resolution(
                None, all_cands, f"{name!r}: best match too weak ({best.confidence:.2f})"
            )
        if len(kept) > 1:
            s2, second = kept[1]
            far = haversine_km(best.place.lat, best.place.lon, second.place.lat, second.place.lon)
            # Same-quality matches far apart: only a much larger place, or the report's
            # other places (near), may decide; small villages sharing a name never do.
            same_level = best.reason.split(" ")[0] == second.reason.split(" ")[0]
            p1, p2 = best.place.population, second.place.population
            dominant = p1 >= 100_000 and p1 >= 10 * max(p2, 1)
            close_call = score - s2 < _AMBIGUITY_GAP or (
                near is None and same_level and not dominant
            )
            if close_call and far > _AMBIGUITY_KM:
                return Resolution(
                    None,
                    all_cands,
                    f"{name!r}: ambiguous between {best.place.id} and {second.place.id} "
                    f"({far:.0f} km apart) and the context does not decide",
                )
        reason = "; ".join([best.reason, *notes])
        loc = self._place_location(best.place, best.matched_name, best.confidence, reason)
        return Resolution(loc, all_cands, reason)

    def _agrees(self, pl: Place, hint_admin1: Place | None, hint_place: Place | None) -> bool:
        if pl.kind == "admin1" and hint_admin1 is not None and pl.id == hint_admin1.id:
            return True
        if hint_admin1 is not None and pl.admin1:
            return pl.admin1 == hint_admin1.name or self.same_admin1(
                pl.admin1, hint_admin1.name, pl.country
            )
        ref = hint_admin1 or hint_place
        if ref is None:
            return False
        radius = max(50.0, 1.5 * (ref.uncertainty_km or 50.0))
        return haversine_km(pl.lat, pl.lon, ref.lat, ref.lon) <= radius

    @staticmethod
    def _place_location(pl: Place, matched: str, confidence: float, reason: str) -> Location:
        return Location(
            name=pl.name,
            lat=pl.lat,
            lon=pl.lon,
            precision=_PRECISION_BY_KIND.get(pl.kind, "town"),
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
            name=f"{phrase.strip()} {anchor.name}".strip(),
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


def _skeleton_plausible(key: str, matched_key: str, skel: str) -> bool:
    """Reject skeleton collisions between names that merely share consonants.

    Measured on the development sets: "Kan Thit"/"Kin Taw" or "Bairak"/"Byriuky" share
    a skeleton but are different places, while "Deir Ezzor"/"Dayr az Zawr" (ratio 52)
    and "Kafr Nobol"/"Kafranbel" (78) are the same. Short skeletons need a closer
    spelling.
    """
    ratio = fuzz.ratio(key.replace(" ", ""), matched_key.replace(" ", ""))
    return ratio >= 75 or (len(skel) >= 4 and ratio >= 50)


def _is_latin_char(ch: str) -> bool:
    import unicodedata

    return unicodedata.name(ch, "").startswith("LATIN")


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


_PAREN = re.compile(r"\(([^)]*)\)")


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


def load_gazetteer(path: Path | None = None, *, build: bool = True) -> Gazetteer:
    """Open the gazetteer in ``path`` (default :func:`strikemap.settings.gazetteer_dir`).

    Parameters
    ----------
    path
        The gazetteer directory.
    build
        Build the default index first when it is missing (takes ~30 s once).

    Returns
    -------
    Gazetteer
        The default index plus every imported layer.
    """
    directory = path or settings.gazetteer_dir()
    index, layers = gazetteer_files(directory)
    if build and not keys_path(index).exists():
        from strikemap.gazetteer.build import build_default_index

        build_default_index(directory)
    return Gazetteer(index, layers)


@lru_cache(maxsize=4)
def cached_gazetteer(path: str | None = None) -> Gazetteer:
    """Return one shared :class:`Gazetteer` per directory for this process."""
    return load_gazetteer(Path(path) if path else None)
