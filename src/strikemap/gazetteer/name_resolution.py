"""Resolving a place name in its context: containers, namesakes, lists, composites."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from strikemap.gazetteer._store import key_hash
from strikemap.gazetteer.base import Resolution, ResolveContext
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index_arrays import ScoredCandidate
from strikemap.gazetteer.name_phrases import (
    ALT_SPREAD_KM,
    AREA_WORDS,
    BETWEEN,
    CITY_GOVERNORATES,
    CONTAINER_ADJECTIVES,
    FACILITY,
    INSIDE,
    LEADING_NOISE,
    LIST_ITEM_NOISE,
    LIST_SEP,
    LIST_SPREAD_KM,
    MAX_NAME_CHARS,
    MAX_NESTING,
    NAME_HEAD_WORDS,
    OLD_CITY_OF,
    OUT_OF_TOWN,
    PAREN,
    PART_OF,
    POSSESSIVE,
    RELATION,
    RELATION_NOUNS,
    ROAD,
    SIDE,
    Hints,
    bearing_word,
    comma_tail,
    kind_of_head,
    parse_name,
    points_centroid,
    replace_location,
    urban_kind_word,
)
from strikemap.gazetteer.namesake_choice import NamesakeChoice
from strikemap.gazetteer.normalize import (
    KURMANJI_COUNTRIES,
    QUALIFIER_CODES,
    consonant_frame,
    kurmanji_reading,
    normalize_name,
    skeleton_from_key,
    strip_generic,
    variant_key,
)
from strikemap.gazetteer.resolver_constants import (
    AREA_KINDS,
    ARTICLE_TOKENS,
    COMMON_NAME_POP,
    DISTRICT_HINTS,
    DISTRICT_RADIUS_KM,
    EXACT,
    K_CITY,
    K_TOWN,
    LEVEL,
    PREFIX_CITY_POP,
    SEAT_DOMINANCE,
    SKELETON,
)
from strikemap.gazetteer.spelling_match import (
    QUALIFIER_TAIL,
    skeleton_plausible,
)
from strikemap.model import Place


class NameResolution(NamesakeChoice):
    """Resolving a name in its context, a layer of :class:`~strikemap.gazetteer.index.Gazetteer`.

    Containers, qualified names, lists and composites; namesakes are chosen below.
    """

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
            :data:`MAX_NESTING` relations ("north of north of ... X") or longer than
            :data:`MAX_NAME_CHARS` is refused, said so.
        """
        if len(name) > MAX_NAME_CHARS:
            return Resolution(
                None, (), f"{name[:40]!r}...: longer than {MAX_NAME_CHARS} characters"
            )
        depth = getattr(self._nesting, "depth", 0)
        if depth >= MAX_NESTING:
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
                    replace_location(res.location, name=name), res.candidates, res.location.reason
                )
        return None

    def _plain_forms(self, name: str, context: ResolveContext) -> Iterator[str]:
        """Yield the plain forms of a name, in the order :meth:`_rewritten` tries them."""
        old_city = OLD_CITY_OF.match(name)
        if old_city:
            yield f"{old_city.group('x')} old city"
        poss = POSSESSIVE.match(name) if "'" in name or "’" in name else None
        if poss:
            owner, rest = poss.group("owner"), poss.group("rest")
            if rest.split()[-1].lower() in RELATION_NOUNS:
                yield f"{rest} of {owner}"
            elif FACILITY.match(f"{owner} {rest}"):
                yield f"{owner} {rest}"
            elif owner.split()[-1].lower() in AREA_WORDS:
                yield f"{rest}, {owner}"
            else:
                yield f"{owner} - {rest}"
        part_of = PART_OF.match(name) if "," not in name else None
        if part_of and self.resolve(part_of.group("city"), context).location is not None:
            yield f"{part_of.group('head')}, {part_of.group('city')}"

    def _resolve_name(self, name: str, context: ResolveContext) -> Resolution:
        """Resolve one name (:meth:`resolve` without the nesting guard)."""
        rewritten = self._rewritten(name, context)
        if rewritten is not None:
            return rewritten
        full_head, head, admin_hint, kind_hint, alt = parse_name(name)
        admin_hint = context.admin_hint or admin_hint
        kind_hint = (context.kind_hint or kind_hint or "").lower() or None
        countries = tuple(c.upper() for c in context.countries)
        near = points_centroid(context.nearby)

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

        tail = comma_tail(name)
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
                res = Resolution(replace_location(res.location, reason=why), res.candidates, why)
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
                return self._at_parent(name, sub, res, DISTRICT_RADIUS_KM, district=True)
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
        if hint_admin1 is not None and admin_hint and urban_kind_word(full_head):
            seat = self._seat_city(name, admin_hint, hint_admin1, countries)
            if seat is not None:
                return seat
        return Resolution(None, last.candidates, last.reason, fallback)

    def _container(
        self,
        name: str,
        countries: tuple[str, ...],
        near: tuple[float, float] | None,
        hints: Hints,
    ) -> tuple[str, Resolution | None, bool, bool]:
        """Resolve the container of "X, C" (the part after the last comma) as a city.

        Returns the head (what precedes the last comma), the city resolution (``None``
        when C is not a populated place, or is a relation such as "north of C"),
        whether C also names an administrative area of the country other than a city
        governorate ("Aleppo", "Afrin": then an unnamed-kind X may be any village of
        that area, not a part of the city), and whether C is a town of
        COMMON_NAME_POP people or more (or a city). The admin hint picks among
        namesake towns ("Tabaqa" in Raqqa, not in Hasakah).
        """
        text = PAREN.sub(" ", name)
        head, _, part = text.rpartition(",")
        if RELATION.match(part.strip()):
            return head, None, False, False
        words = part.split()
        while len(words) > 1 and words[0].lower() in CONTAINER_ADJECTIVES:
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
            (c.place.population >= COMMON_NAME_POP or c.place.kind == "city")
            and haversine_km(c.place.lat, c.place.lon, loc.lat, loc.lon) <= ALT_SPREAD_KM
            for c in res.candidates
        )
        if not big and "exact name" not in loc.reason and "spelling variant" not in loc.reason:
            # A village matched by a loose spelling ("Haifa" / "Al Haffah") is no
            # container to put other places in.
            return head, None, False, False
        admin = any(
            c.kind in ("admin1", "admin2", "district") and LEVEL.get(c.how, 9) <= 1
            for c in self._rank(key, countries, near, fuzzy=False)
        )
        city_gov = strip_generic(loc.admin1 or "") in CITY_GOVERNORATES
        admin = admin and not city_gov and "city" not in normalize_name(part).split()
        return head, res, admin, big

    def _in_container(
        self,
        name: str,
        kind_hint: str | None,
        countries: tuple[str, ...],
        near: tuple[float, float] | None,
        hints: Hints,
    ) -> Resolution | None:
        """Place an unknown X of "X, C" at the city C when X's kind allows it.

        An intra-urban kind word (neighbourhood, square, street, mosque ...) puts X in
        the city; a settlement word (village, town) never does. Without a kind word X
        is put in C only when C names no administrative area of the country (or names
        a city governorate such as Damascus): "Al Qariya, Tabaqa" is in Tabaqa, but
        "Bibaka, Aleppo" may be any village of Aleppo governorate; nor when C is a
        village ("Al Sadda area, Al Tayba": which Tayba is not sure enough).
        """
        kind = kind_of_head(PAREN.sub(" ", name).rpartition(",")[0], kind_hint)
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
        hints: Hints,
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
        parts = [p.strip() for p in PAREN.sub(" ", name).split(",")]
        if len(parts) < 2 or kind_of_head(parts[0], kind_hint) == "urban":
            return None
        hint_admin1, hint_place, _text = hints
        for part in parts[1:]:
            words = normalize_name(part).split()
            if len(words) < 2 or words[-1] not in DISTRICT_HINTS:
                continue
            areas = [
                c
                for c in self._rank(strip_generic(part), countries, None, fuzzy=False)
                if c.kind in ("admin2", "district")
                and LEVEL.get(c.how, 9) <= 1
                and (hint_admin1 is None or self._agrees(c, hint_admin1, hint_place))
            ]
            if not areas:
                continue
            best = min(areas, key=lambda c: (LEVEL.get(c.how, 9), self._radius(c)))
            won = self._candidate(best, countries, None)
            reason = (
                f"{parts[0]!r} not in gazetteer; located in the district {won.place.name!r} "
                f"named with it (district precision, radius covering the district). "
                f"{won.reason}"
            )
            loc = self._place_location(won.place, won.matched_name, won.confidence * 0.9, reason)
            return Resolution(
                replace_location(loc, name=name, precision="district"), (won,), reason
            )
        return None

    def _radius(self, c: ScoredCandidate) -> float:
        unc = float(self._dbs[c.di].arr.a["unc"][c.idx])
        return unc if unc == unc else 50.0  # NaN: no radius stored

    def _container_veto(
        self,
        name: str,
        kind_hint: str | None,
        res: Resolution,
        countries: tuple[str, ...],
        near: tuple[float, float] | None,
        hints: Hints,
    ) -> Resolution | None:
        """Prefer the container of "X, C" when the place found for X lies far from C.

        Applies when X carries an intra-urban kind word (a neighbourhood, a square:
        it must lie in the city C); X is kept when it lies within C's radius plus
        DISTRICT_RADIUS_KM / 2. Without a kind word X is kept wherever it is: "Ma'dan,
        Raqqa city" names a town of Raqqa province loosely, not a part of the city.
        """
        loc = res.location
        assert loc is not None  # callers check
        if kind_of_head(PAREN.sub(" ", name).rpartition(",")[0], kind_hint) != "urban":
            return None  # checked first: resolving the container costs a lookup or two
        head, cres, _admin, _big = self._container(name, countries, near, hints)
        if cres is None or cres.location is None:
            return None
        city = cres.location
        d = haversine_km(loc.lat, loc.lon, city.lat, city.lon)
        if d <= city.uncertainty_km + DISTRICT_RADIUS_KM / 2:
            return None
        out = self._at_parent(name, head.strip(), cres, 0.0)
        assert out.location is not None
        reason = (
            f"{loc.name!r} ({loc.place_id}) matches the name but lies {d:.0f} km from "
            f"{city.name}, which the name says contains it: the container is preferred. "
            + out.location.reason
        )
        return Resolution(replace_location(out.location, reason=reason), res.candidates, reason)

    def _rival_town(self, c: ScoredCandidate) -> bool:
        """Whether another town of ``c``'s admin1 has over 1/SEAT_DOMINANCE of its people."""
        a = self._dbs[c.di].arr.a
        a1 = a["a1"][c.idx]
        if a1 < 0:
            return False
        rivals = (
            (a["a1"] == a1)
            & (a["pop"] * SEAT_DOMINANCE > c.pop)
            & ((a["kind"] == K_CITY) | (a["kind"] == K_TOWN))
        )
        rivals[c.idx] = False
        return bool(rivals.any())

    def _seat_city(
        self, name: str, admin_hint: str, hint_admin1: Place, countries: tuple[str, ...]
    ) -> Resolution | None:
        """Place an unknown "X neighbourhood" at the seat city of the hinted governorate.

        Only when the governorate and a city of PREFIX_CITY_POP or more people inside
        it share the hint's name ("Ar Raqqah" -> Raqqa, "Aleppo" -> Aleppo), and that
        city is at least SEAT_DOMINANCE times as large as any other town of the
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
                or c.pop < PREFIX_CITY_POP
                or LEVEL.get(c.how, 9) > 1
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
            return Resolution(replace_location(loc, name=name), (won,), reason)
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
        admin hint; when they lie within LIST_SPREAD_KM of each other the answer is
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
        hits: list[ScoredCandidate] = []
        for di, db in enumerate(self._dbs):
            for code in QUALIFIER_CODES:
                lo, hi = db.post["s"].range(key_hash(skel + code))
                if hi > lo:
                    hits += self._make(
                        di, db.post["s"].vals[lo:hi], 0.85, SKELETON, countries, near
                    )
        members: list[ScoredCandidate] = []
        seen: set[str] = set()
        for h in hits:
            if h.cc not in countries or h.kind in AREA_KINDS:
                continue
            if (hint_admin1 or hint_place) and not self._agrees(h, hint_admin1, hint_place):
                continue
            mk = self._matched_key(h)
            mv = QUALIFIER_TAIL.sub("", self._matched_vkey(h, mk))
            if mv not in (vkey, bare) and not skeleton_plausible(vkey, mv, skel, key, mk):
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
        if 2 * spread > LIST_SPREAD_KM:
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
        loc = replace_location(
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

        Only when the leading words name, exactly, a city of at least PREFIX_CITY_POP
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
                or rest[0] not in ARTICLE_TOKENS
                or len(pkey) < 4
                or pkey in NAME_HEAD_WORDS
            ):
                # Only "<City> al-<Word>": Arabic place names that start with a
                # generic word ("Tal", "Bab", "Kafr") name other places.
                continue
            for c in self._rank(prefix, countries, near, fuzzy=False, limit=5):
                if c.how != EXACT or c.kind not in ("city", "town") or c.pop < PREFIX_CITY_POP:
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
                return Resolution(replace_location(loc, name=name), (won,), reason)
        return None

    def _resolve_composite(
        self, name: str, head: str, context: ResolveContext, admin_hint: str | None
    ) -> Resolution | None:
        """Resolve names that combine places: relations, lists, "X in Y", facilities.

        Handles "near X" / "north of X" / "12 km SW of X" / "vicinity of X" (relative
        to X), "between X and Y" / "X-Y road" (midpoint, only when X and Y are within
        LIST_SPREAD_KM of each other), "X in Y" / "X near Y" (X when it lies by Y, else
        Y itself, or near Y), "X/Y" (alternative spellings: they must agree), "X and
        Y" / "X & Y" / "X or Y" (all named places must lie within LIST_SPREAD_KM) and
        "X hospital" / "X police station" / "X farms" (at the place named X).
        Returns ``None`` when the name has none of these shapes.
        """
        sub_ctx = ResolveContext(
            countries=context.countries,
            admin_hint=admin_hint,
            kind_hint=None,
            nearby=context.nearby,
        )
        text = PAREN.sub(" ", head)
        text = LEADING_NOISE.sub("", " ".join(text.replace("[", " ").replace("]", " ").split()))
        m = SIDE.match(text)
        if m:
            side_res = self._resolve_side(name, m.group("side"), m.group("rest"), sub_ctx)
            if side_res is not None:
                return side_res
        m = RELATION.match(text)
        if m:
            dist = float(m.group("km")) if m.group("km") else None
            bearing = m.group("bearing")
            phrase = m.group("rel")
            res = self.resolve(m.group("rest"), sub_ctx)
            if res.location is None:
                return res
            loc = self.relative(res.location, bearing_word(bearing), dist, phrase)
            return Resolution(replace_location(loc, name=name), res.candidates, loc.reason)
        m = BETWEEN.search(text)
        if m:
            return self._resolve_list(
                name, [m.group(1), m.group(2)], sub_ctx, midpoint_ok=True, how="between"
            )
        m = ROAD.match(text)
        if m:
            return self._resolve_list(
                name, [m.group(1), m.group(2)], sub_ctx, midpoint_ok=True, how="between"
            )
        m = INSIDE.match(text)
        if m:
            return self._resolve_inside(name, m.group(1), m.group("rel"), m.group(3), sub_ctx)
        if "/" in text:
            return self._resolve_list(
                name, LIST_ITEM_NOISE.sub("", text).split("/"), sub_ctx, alternatives=True
            )
        parts = LIST_SEP.split(text)
        if len(parts) > 1:
            return self._resolve_list(
                name, [LIST_ITEM_NOISE.sub("", p) for p in parts], sub_ctx, midpoint_ok=True
            )
        if normalize_name(text) != normalize_name(PAREN.sub(" ", head)):
            # Only a wrapper was dropped ("city centre of Tal Rifaat"): the rest is the
            # place, at its own precision.
            res = self.resolve(text, sub_ctx)
            if res.location is not None:
                reason = f"{name!r}: {text!r}. {res.location.reason}"
                return Resolution(
                    replace_location(res.location, name=name, reason=reason), res.candidates, reason
                )
        m = FACILITY.match(text)
        if m:
            res = self.resolve(m.group(1), sub_ctx)
            if res.location is None or res.location.precision in ("admin1", "country"):
                return res
            if OUT_OF_TOWN.search(m.group(2)):
                # Airports, power plants, refineries and depots mostly lie outside the
                # town they are named after ("Damascus airport": 20 km from the city):
                # near the town, with the margin "near" gets.
                loc = self.relative(res.location, None, None, "near")
                reason = (
                    f"{m.group(2)!r} named after {m.group(1)!r}: such sites usually lie "
                    f"outside the town, placed near it. {loc.reason}"
                )
                return Resolution(
                    replace_location(loc, name=name, reason=reason), res.candidates, reason
                )
            out = self._at_parent(name, text, res, 2.0)
            reason = (
                f"{m.group(2)!r} named after {m.group(1)!r}: located at that place. "
                f"{res.location.reason}"
            )
            assert out.location is not None
            return Resolution(replace_location(out.location, reason=reason), out.candidates, reason)
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
        if spread > (ALT_SPREAD_KM if alternatives else LIST_SPREAD_KM):
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
            return Resolution(replace_location(loc, name=name, reason=reason), cands, reason)
        if not midpoint_ok:
            return Resolution(None, cands, f"{name!r}: names several places")
        a, b = locs[0], locs[-1]
        loc = self.between(a, b, "between" if how == "between" else "around")
        for other in locs[1:-1]:
            d = haversine_km(loc.lat, loc.lon, other.lat, other.lon)
            if d + other.uncertainty_km > loc.uncertainty_km:
                loc = replace_location(loc, uncertainty_km=round(d + other.uncertainty_km, 2))
        reason = f"{how} {items}: {loc.reason}"
        return Resolution(replace_location(loc, name=name, reason=reason), cands, reason)

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
        limit = anchor.uncertainty_km + LIST_SPREAD_KM
        if il is not None and haversine_km(il.lat, il.lon, anchor.lat, anchor.lon) <= limit:
            reason = f"{inner!r} {rel} {outer!r}: {il.reason}"
            return Resolution(
                replace_location(il, name=name, reason=reason), inner_res.candidates, reason
            )
        if rel.strip().lower() == "in":
            return self._at_parent(name, inner, outer_res, 2.0)
        loc = self.relative(anchor, None, None, "near")
        return Resolution(replace_location(loc, name=name), outer_res.candidates, loc.reason)

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
            replace_location(loc, name=name, reason=reason, uncertainty_km=unc),
            res.candidates,
            reason,
        )
