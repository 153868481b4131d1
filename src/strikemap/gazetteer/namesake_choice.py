"""Choosing among a name's namesakes: hints, own names, common names and far rivals."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from anyascii import anyascii
from rapidfuzz import fuzz

from strikemap.gazetteer.base import Candidate, Resolution
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index_arrays import ScoredCandidate
from strikemap.gazetteer.name_phrases import ENCLAVES, VOWEL_RUNS, replace_location
from strikemap.gazetteer.normalize import (
    normalize_name,
    skeleton_from_key,
    skeleton_key,
    variant_key,
    vowel_shape,
)
from strikemap.gazetteer.relative_places import RelativePlaces
from strikemap.gazetteer.resolver_constants import (
    ADMIN1_HINTS,
    AMBIGUITY_GAP,
    AMBIGUITY_KM,
    AREA_KINDS,
    COMMON_NAME_COUNT,
    COMMON_NAME_POP,
    COMMON_SPREAD_KM,
    CONFIRMED_LEVELS,
    DISTRICT_HINTS,
    DOMINANT_POP,
    EXACT,
    FUZZY_NEAR_KM,
    LEVEL,
    MIN_CONFIDENCE,
    PART_OF_TOWN_HINTS,
    POINTS_AT_KM,
    REGION_HINTS,
    ROMANISATION_MIN_RATIO,
    RUSSIAN_EXONYM_COUNTRIES,
    SEAT_KM,
    SETTLEMENT_HINTS,
    SKELETON,
    VOWELS_ONLY,
)
from strikemap.gazetteer.spelling_match import final_vowel, is_cyrillic_key
from strikemap.model import Place

_COUNTED_KINDS = frozenset({"city", "town", "village"})
"""Kinds of place GeoNames gives a population for when it has one."""


class NamesakeChoice(RelativePlaces):
    """Choosing one of a name's places, a layer of :class:`~strikemap.gazetteer.index.Gazetteer`.

    Admin hints and nearby places, a place's own name against a spelling, names too
    common to decide, and rivals too far apart to pick between.
    """

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
        if kind_hint in ADMIN1_HINTS:
            kept = [c for c in ranked if c.kind == "admin1"]
            notes.append(f"kind hint {kind_hint!r} -> admin1")
            if not kept:
                # Where provinces are the second level (Burkina Faso's Sanmatenga).
                kept = [c for c in ranked if c.kind == "admin2"]
                notes[-1] = f"kind hint {kind_hint!r} -> admin2 (no admin1 of that name)"
        elif kind_hint in REGION_HINTS:
            # "Hama region", "Kharkiv region": the area, not the city; a region of
            # that name (mountains, plain) is as good; none -> keep the places.
            kept = [c for c in ranked if c.kind in ("admin1", "region")]
            if kept:
                kept.sort(key=lambda c: (c.kind != "admin1", -c.score))
                notes.append(f"kind hint {kind_hint!r} -> area")
            else:
                kept = list(ranked)
        elif kind_hint in SETTLEMENT_HINTS:
            # "Tal al-Laban village" is not a Damascus neighbourhood named Talbani.
            kept = [c for c in ranked if c.kind not in AREA_KINDS and c.kind != "neighbourhood"]
            notes.append(f"kind hint {kind_hint!r} -> populated place")
        elif kind_hint in PART_OF_TOWN_HINTS:
            # "the Shati refugee camp" is no Libyan district called Shati.
            kept = [c for c in ranked if c.kind not in AREA_KINDS]
            notes.append(f"kind hint {kind_hint!r} -> no area")
        elif kind_hint in DISTRICT_HINTS:
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
                if c.kind not in ("admin1", "country") and LEVEL.get(c.how, 9) == 0
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
                known_abroad = big and top.conf >= 0.5 and top.how == EXACT
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
                    if c.kind not in AREA_KINDS
                    and c.kind != "neighbourhood"
                    and LEVEL.get(c.how, 9) <= 1
                    and haversine_km(lat, lon, *self._point(c)) <= SEAT_KM
                ),
                None,
            )
            if seat is not None:
                best = seat
                notes.append("the city at the province's capital, not the province")
        if best.conf < MIN_CONFIDENCE:
            return Resolution(None, cands(), f"{name!r}: best match too weak ({best.conf:.2f})")
        if (
            best.how == SKELETON
            and best.pop == 0
            and best.kind not in AREA_KINDS
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
        if best.how in CONFIRMED_LEVELS and not hinted:
            a = self._dbs[best.di].arr.a
            close = near is not None and (
                haversine_km(near[0], near[1], float(a["lat"][best.idx]), float(a["lon"][best.idx]))
                <= FUZZY_NEAR_KM
            )
            # A vowel spelling of a large town's own name ("Tebqa" / "Tabqa", "Efrin" /
            # "Afrin") means the town, as an exact name would; namesakes are still
            # weighed below.
            big = (
                best.how == VOWELS_ONLY
                and best.pop >= DOMINANT_POP
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
            # Competitors within AMBIGUITY_KM are the same place listed by two
            # sources (GeoNames and OCHA) and are skipped by _far_competitor.
            same_level = LEVEL.get(best.how) == LEVEL.get(second.how)
            dominant = (
                p1 >= DOMINANT_POP
                and p1 >= 10 * max(p2, 1)
                and self._own_name(best, romanisations=True)
            )
            if (
                same_level
                and p2 >= DOMINANT_POP
                and p2 >= 10 * max(p1, 1)
                and self._own_name(second, romanisations=True)
                and (near is None or haversine_km(*near, *self._point(best)) > POINTS_AT_KM)
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
            if (
                same_level
                and not dominant
                and best.kind == "admin1"
                and second.kind in _COUNTED_KINDS
                and p2 < DOMINANT_POP
            ):
                # A province's name is the province, not a far town of under
                # DOMINANT_POP bearing it ("Крым": Crimea, not the village Krym in
                # Rostov Oblast). An area lists no population, so the town's is no
                # measure against it (as _own_name_decides would take it).
                dominant = True
                notes.append(
                    "a first-level area, not the smaller place "
                    f"{self._place(second.di, second.idx).name!r}"
                )
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
            if same_level and not dominant and self._only_one_counted(best, kept, p1, p2):
                dominant = True
                notes.append(
                    f"its namesake {self._place(second.di, second.idx).name!r} has no "
                    "population on record"
                )
            points_at_rival = (
                near is not None and haversine_km(*near, *self._point(second)) <= POINTS_AT_KM
            )
            close_call = not (dominant and not points_at_rival) and (
                best.score - second.score < AMBIGUITY_GAP or (near is None and same_level)
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
        best: ScoredCandidate,
        ranked: Sequence[ScoredCandidate],
        kept: Sequence[ScoredCandidate],
        cands: Callable[[], tuple[Candidate, ...]],
        countries: Sequence[str],
    ) -> Resolution | None:
        """Widen or withhold a common village name picked by the admin hint alone.

        When the name is listed COMMON_NAME_COUNT times or more in the country and the
        pick is a GeoNames village (lists of 500+ people: the province may hold
        unlisted namesakes), the hint does not single one out. Several listed namesakes
        in the province close together give their centroid with a radius covering
        them; otherwise ``None`` is returned with the reason (the caller falls back to
        the admin area). OCHA layers list every village and are exempt.
        """
        level = LEVEL.get(best.how)
        if (
            level != 0
            or best.kind not in ("city", "town", "village")
            or best.pop >= COMMON_NAME_POP
            or not self._pid(best.di, best.idx).startswith("gn:")
        ):
            return None
        same = [
            c
            for c in ranked
            if c.cc == best.cc and LEVEL.get(c.how) == 0 and c.kind in ("city", "town", "village")
        ]
        if len(same) < COMMON_NAME_COUNT:
            return None
        inside = [c for c in kept if c is best or (LEVEL.get(c.how) == 0 and c.kind == best.kind)]
        pts = [self._point(c) for c in inside]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        spread = max(haversine_km(lat, lon, p[0], p[1]) for p in pts)
        head = (
            f"{name!r} is a common name ({len(same)} places in {best.cc} listed, villages "
            f"of 500+ people only)"
        )
        if len(pts) > 1 and 2 * spread <= COMMON_SPREAD_KM:
            won = self._candidate(best, countries, None)
            reason = (
                f"{head}; the {len(pts)} listed in the admin area lie within "
                f"{2 * spread:.0f} km: their centroid, radius covering them. {won.reason}"
            )
            loc = self._place_location(won.place, won.matched_name, won.confidence, reason)
            loc = replace_location(
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

    def _same_vowel_places(self, name: str, c: ScoredCandidate) -> bool:
        """Whether ``c``'s matched name differs from ``name`` in vowel letters only.

        Same :func:`vowel_shape` and final vowel ("Tal Zewan" / "Tal Ziwan"), as
        opposed to a vowel added, dropped or changed at the end ("Jarad" / "Jarada").
        """
        vkey = variant_key(normalize_name(name))
        mv = self._matched_vkey(c, self._matched_key(c))
        return vowel_shape(vkey) == vowel_shape(mv) and final_vowel(vkey) == final_vowel(mv)

    def _vowel_runs_changed(self, name: str, c: ScoredCandidate) -> int:
        """How many vowel runs of ``name`` are spelt otherwise in ``c``'s matched name.

        "Tebqa" / "Tabqa" and "Efrin" / "Afrin" change one; "Hiroor" (a Duhok village)
        / "Harir" (a town in Erbil) change two: another name, not another spelling.
        """
        a = VOWEL_RUNS.findall(variant_key(normalize_name(name)))
        b = VOWEL_RUNS.findall(self._matched_vkey(c, self._matched_key(c)))
        if len(a) != len(b):
            return max(len(a), len(b))
        return sum(x != y for x, y in zip(a, b, strict=True))

    def _own_name(self, c: ScoredCandidate, *, romanisations: bool = False) -> bool:
        """Whether the matched name spells the place's own name.

        Not a former or foreign name such as Donetsk's "Oleksandrivka". With
        ``romanisations``, for a place where names are romanised from both Russian
        and the local language (:data:`RUSSIAN_EXONYM_COUNTRIES`), the Russian
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
        if is_cyrillic_key(key):
            # "Львів" is Lviv's own name written in Cyrillic (an alternate name only
            # because GeoNames' main name is Latin): its romanisation spells the main
            # name, which a foreign or former name ("Лемберг") does not.
            return fuzz.ratio(own, skeleton_key(anyascii(key))) >= ROMANISATION_MIN_RATIO
        return (
            romanisations
            and pl.country in RUSSIAN_EXONYM_COUNTRIES
            and fuzz.ratio(own, matched) >= ROMANISATION_MIN_RATIO
        )

    def _own_name_decides(
        self,
        a: ScoredCandidate,
        b: ScoredCandidate,
        pop_a: int,
        pop_b: int,
        near: tuple[float, float] | None,
    ) -> ScoredCandidate | None:
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
        if near is not None and haversine_km(*near, *self._point(other)) <= POINTS_AT_KM:
            return None
        return own

    def _only_one_counted(
        self, best: ScoredCandidate, kept: Sequence[ScoredCandidate], pop_best: int, pop_rival: int
    ) -> bool:
        """Whether ``best`` is a counted settlement and its far namesakes uncounted ones.

        GeoNames gives the population of towns and of most villages of some size; a
        namesake it lists without one (nor a twin from another source with one) is a
        hamlet or a place too small to count, which a report names less often than the
        village of thousands ("Чорнобаївка": the Kherson village of 9,000, not the
        Kharkiv hamlet). Only GeoNames' zero counts as "none on record": other layers
        (OCHA) list no population for any village, so their zero says nothing of size.
        """
        if pop_best <= 0 or pop_rival != 0 or best.kind not in _COUNTED_KINDS:
            return False
        lat, lon = self._point(best)
        rivals = [
            c
            for c in kept[1:]
            if c.kind not in AREA_KINDS and haversine_km(lat, lon, *self._point(c)) > AMBIGUITY_KM
        ]
        return all(
            c.pop == 0 and c.kind in _COUNTED_KINDS and self._pid(c.di, c.idx).startswith("gn:")
            for c in rivals
        )

    def _point(self, c: ScoredCandidate) -> tuple[float, float]:
        a = self._dbs[c.di].arr.a
        return float(a["lat"][c.idx]), float(a["lon"][c.idx])

    def _far_competitor(
        self, best: ScoredCandidate, kept: Sequence[ScoredCandidate]
    ) -> tuple[ScoredCandidate | None, float, int, int]:
        """Return the best-ranked candidate more than AMBIGUITY_KM from ``best``.

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
            if best.kind not in AREA_KINDS and other.kind in AREA_KINDS:
                # A bare name means the populated place: the district or province
                # named after it (its centroid tens of km away) is no rival.
                continue
            if best.kind == "admin1" and other.kind == "admin1" and other.a1 == best.a1:
                # The same governorate from two sources (the curated capital point and
                # an imported polygon's centroid, 40 km apart for Aleppo): no rival.
                continue
            olat, olon = self._point(other)
            d = haversine_km(lat, lon, olat, olon)
            if d > AMBIGUITY_KM:
                twin_pop = max(
                    (
                        c.pop
                        for c in kept
                        if c.pop > other.pop
                        and haversine_km(olat, olon, *self._point(c)) <= AMBIGUITY_KM
                    ),
                    default=other.pop,
                )
                return other, d, pop, twin_pop
            pop = max(pop, other.pop)
        return None, 0.0, pop, 0

    def _agrees(
        self, c: ScoredCandidate, hint_admin1: Place | None, hint_place: Place | None
    ) -> bool:
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
                or frozenset((c.a1, hint_admin1.name)) in ENCLAVES
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
