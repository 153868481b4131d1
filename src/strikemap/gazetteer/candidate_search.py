"""Candidate search: exact, spelling-variant, skeleton, fuzzy and Arabic lookups."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np

from strikemap.gazetteer._store import deletion_hash, key_hash, skeleton_deletions
from strikemap.gazetteer.arabic_latin import (
    ArabicMarks,
    arabic_slots,
    latin_consonant_variants,
    latin_slots,
    slots_agree,
)
from strikemap.gazetteer.base import Candidate
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index_arrays import ScoredCandidate
from strikemap.gazetteer.index_core import GazetteerCore
from strikemap.gazetteer.name_phrases import ARABIC_LETTER
from strikemap.gazetteer.normalize import (
    consonant_frame,
    is_latin,
    normalize_name,
    skeleton_from_key,
    strip_generic,
    variant_key,
    vowel_shape,
)
from strikemap.gazetteer.resolver_constants import (
    ARABIC,
    ARABIC_BASE,
    EXACT,
    FRAME_ONLY,
    FRAME_ONLY_BASE,
    FUZZY,
    FUZZY_CUTOFF,
    K_ADMIN1,
    K_COUNTRY,
    MAX_FUZZY_SKELETON,
    MAX_SCORED,
    RANK_LIMIT,
    SKELETON,
    SKELETON_MIN_RATIO,
    VARIANT,
    VOWELS_ONLY,
    VOWELS_ONLY_BASE,
)
from strikemap.gazetteer.spelling_match import (
    final_vowel,
    frame_spelling,
    fuzzy_frames_ok,
    mask_may_reach,
    mask_terms,
    mask_weights,
    may_reach,
    skeleton_plausible,
    spelling_ratios,
    stored_reject,
)
from strikemap.model import Place


class CandidateSearch(GazetteerCore):
    """Candidate search, a layer of :class:`~strikemap.gazetteer.index.Gazetteer`.

    Exact, spelling-variant, skeleton, fuzzy and Arabic lookups, and the first-level areas.
    """

    def _fuzzy(
        self, key: str, skel: str, countries: Sequence[str], near: tuple[float, float] | None
    ) -> list[ScoredCandidate]:
        if not 4 <= len(skel) <= MAX_FUZZY_SKELETON or not skel.isascii():
            return []
        probes = {skel, *skeleton_deletions(skel)}
        # Format-5 files key their deletion postings by the cheap deletion_hash, older
        # ones by key_hash: each set is computed once, when a file needs it.
        crc_hs: list[int] | None = None
        blake_hs: list[int] | None = None
        weights: tuple[np.ndarray, np.ndarray] | None = None
        out: list[ScoredCandidate] = []
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
                ok = (a["pop"][places] >= 100_000) | (kinds == K_ADMIN1) | (kinds == K_COUNTRY)
                rows = rows[ok]
            if len(parts) > 1:
                rows = np.unique(rows)
            if not len(rows):
                continue
            vkey = variant_key(key)
            # A ratio of FUZZY_CUTOFF needs lengths within ~30 % of each other: drop
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
                weights = weights or (mask_weights(key), mask_weights(vkey))
                rows = rows[
                    mask_may_reach(len(key), weights[0], db.klen[rows], db.kmask[rows])
                    | mask_may_reach(len(vkey), weights[1], db.vlen[rows], db.vmask[rows])
                ]
            elif db.vkeys is not None and db.klen is not None and db.vlen is not None:
                # A ratio is at most 200 * min(la, lb) / (la + lb) (all of the shorter
                # string matched): rows whose stored key lengths cannot reach the cutoff
                # on either spelling are dropped before any string is decoded. The
                # margin keeps a row whose bound only rounds under the cutoff.
                rows = rows[
                    may_reach(len(key), db.klen[rows]) | may_reach(len(vkey), db.vlen[rows])
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
            ratios = np.maximum(spelling_ratios(key, mks), spelling_ratios(vkey, mvks))
            for i in np.flatnonzero(ratios >= FUZZY_CUTOFF).tolist():
                if fuzzy_frames_ok(vkey, mvks[i], skel):
                    ratio = float(ratios[i])
                    out.extend(
                        self._make_few(
                            db, di, [row_list[i]], 0.75 * ratio / 100, FUZZY, countries, near
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
        limit: int = RANK_LIMIT,
    ) -> list[ScoredCandidate]:
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
    ) -> list[ScoredCandidate]:
        key = normalize_name(name)
        if not key:
            return []
        skel = skeleton_from_key(key) or key
        hk, hs = key_hash(key), key_hash(skel)
        vkey = variant_key(key)
        qframe = 0
        nv = len(vkey)
        min_ratio = SKELETON_MIN_RATIO if len(skel) < 7 else 60
        terms: tuple[int, tuple[tuple[int, int], ...]] | None = None
        hits: list[ScoredCandidate] = []
        for di, db in enumerate(self._dbs):
            kp, sp = db.post["k"], db.post["s"]
            lo, hi = kp.range(hk)
            exact_rows = kp.vals[lo:hi]
            if hi > lo:
                hits += self._make(di, exact_rows, 1.0, EXACT, countries, near)
            lo, hi = sp.range(hs)
            vf = db.views.vframe
            if 0 < hi - lo <= MAX_SCORED and vf is not None:
                # A few skeleton rows: drop the exact rows and, in one Python pass,
                # those whose consonant-frame hash differs from the name's. Such a row
                # is rejected by :func:`skeleton_plausible` (its first test) and can
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
                        terms = terms or mask_terms(vkey)
                    few = [r for r in few if not stored_reject(v, r, qframe, nv, min_ratio, terms)]
                hits += self._make_few(db, di, few, 0.85, SKELETON, countries, near)
            elif hi > lo:
                srows = sp.vals[lo:hi]
                if len(exact_rows):
                    # Drop the exact rows (order kept): a few vectorised compares, not
                    # a Python test per row of a long skeleton posting list.
                    keep = srows != exact_rows[0]
                    for r in exact_rows[1:].tolist():
                        keep &= srows != r
                    srows = srows[keep]
                if len(srows) > MAX_SCORED and "nm_vframe" in db.arr.a:
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
                        terms = terms or mask_terms(vkey)
                    drop = partial(
                        stored_reject,
                        db.views,
                        qframe=qframe,
                        nv=nv,
                        min_ratio=min_ratio,
                        terms=terms,
                    )
                hits += self._make(di, srows, 0.85, SKELETON, countries, near, drop)

        if not qframe and any(h.how == SKELETON for h in hits):
            qframe = key_hash(consonant_frame(vkey))

        def cheap_reject(c: ScoredCandidate) -> bool:
            """Whether stored arrays alone show :func:`skeleton_plausible` rejects ``c``.

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
                terms = terms or mask_terms(vkey)
            return stored_reject(v, c.row, qframe, nv, min_ratio, terms)

        # With an exact match where the report is (and no near point to reorder), a
        # skeleton hit can neither outrank it nor make a close call (the level gap,
        # 0.15, exceeds any population bonus): leave those hits to the lazy check.
        settled = near is None and any(
            h.how == EXACT and (not countries or h.cc in countries) for h in hits
        )
        for h in hits:
            if settled or h.how != SKELETON:
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
                h.how, h.base = VARIANT, 0.92
                h.score += 0.07
                h.conf = min(1.0, h.conf * 0.92 / 0.85)
                h.ok = True
            else:
                h.ok = skeleton_plausible(vkey, mv, skel, key, mk)

        def plausible(c: ScoredCandidate) -> bool:
            if c.ok is None:
                if c.how != SKELETON:
                    c.ok = True
                elif cheap_reject(c):
                    c.ok = False
                else:
                    mk = self._matched_key(c)
                    c.ok = skeleton_plausible(vkey, self._matched_vkey(c, mk), skel, key, mk)
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
        best: list[ScoredCandidate] = []
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
    ) -> list[ScoredCandidate]:
        """Return the in-country places whose names differ from ``key`` in vowels only.

        For the admin-hint fallback: a vowel spelling inside the named province
        ("Hazzah, Damascus" / "Hezzeh") is preferred to an exact homonym outside it,
        as a close spelling is (:meth:`_fuzzy`).
        """
        skel = skeleton_from_key(key) or key
        vkey = variant_key(key)
        qframe = key_hash(consonant_frame(vkey))
        hits: list[ScoredCandidate] = []
        for di, db in enumerate(self._dbs):
            lo, hi = db.post["s"].range(key_hash(skel))
            if hi <= lo:
                continue
            rows = db.post["s"].vals[lo:hi]
            if "nm_vframe" in db.arr.a:
                rows = rows[db.arr.a["nm_vframe"][rows] == qframe]
            hits += self._make(di, rows, 0.85, SKELETON, countries, near)
        for h in hits:
            h.ok = False  # re-examined at the vowel level only
        self._vowel_spellings(hits, vkey, skel, key, countries)
        return [h for h in hits if h.how in (VOWELS_ONLY, FRAME_ONLY)]

    def _arabic_candidates(
        self, key: str, countries: Sequence[str], near: tuple[float, float] | None
    ) -> list[ScoredCandidate]:
        """Return the in-country places whose Arabic name the Latin name spells.

        For the admin-hint fallback, like :meth:`_vowel_candidates`: a source's English
        spelling can be idiosyncratic ("Moataf" for منطف, which reports write "Mantaf";
        "Karfuma" for كفرومة, "Kafrouma"), while the Arabic spells the consonants and
        long vowels every romanisation keeps. A place qualifies when its Arabic name has
        the name's consonants (kh, gh and sh kept apart) and writes long vowels only
        where the Latin has vowels of their class; names of two or three consonants
        must also agree on short vowels and endings
        (:func:`~strikemap.gazetteer.arabic_latin.slots_agree`); the Airwars places figure in
        benchmarks/README.md measures it.
        """
        if not is_latin(key):
            return []
        cons, lslots = latin_slots(key)
        if len(cons) < 2:
            return []
        strict = len(cons) < 4
        out: list[ScoredCandidate] = []
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
                    out += self._make_few(db, di, rows, ARABIC_BASE, ARABIC, countries, near)
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
                    if not k or k.isascii() or not ARABIC_LETTER.search(k):
                        continue
                    for cons, slots in arabic_slots(k):
                        by_cons.setdefault(cons, []).append((row, slots))
            self._arabic_rows[(di, cc)] = by_cons
            return by_cons

    def _vowel_spellings(
        self, hits: list[ScoredCandidate], vkey: str, skel: str, key: str, countries: Sequence[str]
    ) -> None:
        """Re-admit rejected in-country skeleton hits whose spellings differ in vowels only.

        A hit qualifies when its consonant frame and :func:`vowel_shape` equal the
        name's (same consonants, vowels in the same places, only the vowel letters
        differ) and it passes :func:`skeleton_plausible`'s other tests; it is marked
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
            if h.how != SKELETON or h.ok is not False or h.cc not in countries:
                continue
            mk = self._matched_key(h)
            mv = self._matched_vkey(h, mk)
            if final_vowel(mv) != final_vowel(vkey) or not skeleton_plausible(
                vkey, mv, skel, key, mk, min_ratio=0
            ):
                continue
            if vowel_shape(mv) == shape:
                how, base = VOWELS_ONLY, VOWELS_ONLY_BASE
            elif frame_spelling(vkey, mv, shape):
                how, base = FRAME_ONLY, FRAME_ONLY_BASE
            else:
                continue
            h.how, h.ok = how, True
            h.score += base - h.base
            h.conf *= base / h.base
            h.base = base

    def _candidate(
        self, c: ScoredCandidate, countries: Sequence[str], near: tuple[float, float] | None
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
