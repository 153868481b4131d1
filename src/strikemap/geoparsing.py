"""Geoparsing: find the place mentions of a text and resolve each with the fitted ranker.

This is strikemap's public geocoding interface, the same for the library and the CLI::

    from strikemap import geoparse
    for m in geoparse("Shelling hit Kupiansk, Kharkiv region, on Monday."):
        print(m.text, m.name, m.lat, m.lon, m.confidence)

With ``spans`` exactly those character spans are resolved, in the document's context
and in the order given ("resolution with gold spans"); without, every place mention is
spotted first (not only strike places). Resolution runs in two passes: a prior pass
ranks each mention's candidates on the mention alone, then a context pass re-ranks
them with what the prior pass found in the rest of the document (see
:mod:`strikemap.gazetteer.features`). A mention whose calibrated confidence is low is
returned unresolved with its best candidates and the reason, never guessed.

Demonyms and group names ("Russian", "Hamas") are never spotted as places. Asked to
resolve one as a span, the answer is the country it points to with kind ``demonym``
(or ``organisation``/``group``).
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from strikemap.gazetteer.areas import AreaTable, load_area_table
from strikemap.gazetteer.candidates import CandidateSource, PlaceCandidate
from strikemap.gazetteer.features import (
    DocumentEvidence,
    MentionCues,
    context_features,
    prior_features,
    read_cues,
)
from strikemap.gazetteer.normalize import is_latin
from strikemap.gazetteer.ranking import probabilities_with_null
from strikemap.gazetteer.spot_filter import SpotFilter, spot_features
from strikemap.gazetteer.world import WorldTable, load_world, name_key
from strikemap.model import PRECISION_BY_KIND, Place

if TYPE_CHECKING:
    from strikemap.gazetteer.index import Gazetteer
    from strikemap.gazetteer.ranking import RankerModel

_ALTERNATIVES_SHOWN = 3
_CONTAINER_AFTER = re.compile(r",\s*((?:[A-Z][\w.'-]*\.?)(?:\s+[A-Z][\w.'-]*\.?){0,2})")
_KIND_WORDS = frozenset(
    {
        # Arabic and Ukrainian/Russian words for "city", "town", "village", "countryside",
        # "neighbourhood", "governorate", "area", "camp", "region", "district": GeoNames
        # lists some as alternate names of real places (مدينة for Medina), yet written
        # alone they name a kind of place, never a place.
        "مدينة", "بلدة", "قرية", "ريف", "حي", "محافظة", "منطقة", "ناحية", "مخيم", "مدينه",
        "місто", "село", "селище", "область", "район", "город", "поселок", "посёлок",
    }
)  # fmt: skip
_FACILITY_WORDS = frozenset(
    {
        "university", "college", "school", "academy", "institute", "centre", "center",
        "park", "market", "complex", "airport", "station", "road", "street", "drive",
        "avenue", "hospital", "court", "courthouse", "theatre", "theater", "farm", "palace",
        "hall", "bridge", "tower", "building", "church", "cathedral", "mosque", "stadium",
        "arena", "prison", "base", "camp", "cargo", "state", "national", "international",
        "city", "county", "district", "area", "protection", "environmental", "high",
        "polytechnic", "reception", "animal", "correctional", "agriculture", "new", "north",
        "south", "east", "west", "central", "upper", "lower", "great", "little", "old",
    }
)  # fmt: skip
"""Words of facility and generic names that name no place on their own."""
CONTEXT_WINDOW_CHARS = 20_000
"""Longest stretch of text read as one context (a long news article)."""
_STRONG = frozenset({"name", "alternate", "abbreviation", "variant"})
"""Match levels that make a name's own candidates worth ranking before looking inside it."""
_PRECISION_BY_FEATURE = {"continent": "region", "sea": "region", "region": "region"}


class GeoparseError(ValueError):
    """Spans that cannot be resolved as given (outside the text, or overlapping)."""


@dataclass(frozen=True, slots=True)
class GeoMention:
    """One place mention and what it resolved to (``place_id`` is ``None`` if unresolved).

    ``start``/``end`` index the text; ``lat``/``lon`` are WGS84 degrees (note the
    order: GeoJSON writes lon first). ``confidence`` is calibrated: of mentions given
    0.8, about 80% lie within 161 km of the truth on held-out development data.
    """

    start: int
    end: int
    text: str
    place_id: str | None
    name: str | None
    kind: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str | None
    uncertainty_km: float | None
    confidence: float
    reason: str
    alternatives: tuple[tuple[str, str, float], ...] = field(default=())
    """Best candidates as (place id, name, probability), for unresolved mentions too."""

    def to_dict(self) -> dict[str, object]:
        """Return the JSON record the CLI prints (without ``alternatives``)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "place_id": self.place_id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "uncertainty_km": self.uncertainty_km,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
        }


@dataclass(slots=True)
class PreparedMention:
    """A mention with its candidates and prior features, before ranking."""

    start: int
    end: int
    surface: str
    key: str
    candidates: tuple[PlaceCandidate, ...]
    prior_x: np.ndarray
    cues: MentionCues
    inner: str | None = None
    """The place name inside the mention whose candidates these are, if any."""


def check_spans(
    text: str, spans: Sequence[Sequence[int]], *, allow_overlap: bool = False
) -> list[tuple[int, int]]:
    """Validate character spans: inside the text, non-empty, not overlapping.

    ``allow_overlap`` admits nested or overlapping spans (evaluation corpora have them).

    Raises
    ------
    GeoparseError
        Naming the first bad span.
    """
    out: list[tuple[int, int]] = []
    for sp in spans:
        if len(sp) != 2 or not all(isinstance(v, int) for v in sp):
            raise GeoparseError(f"span {list(sp)!r} is not a pair of integers")
        s, e = int(sp[0]), int(sp[1])
        if not 0 <= s < e <= len(text):
            raise GeoparseError(f"span [{s}, {e}] lies outside the text (length {len(text)})")
        out.append((s, e))
    ordered = [] if allow_overlap else sorted(out)
    for (s1, e1), (s2, e2) in itertools.pairwise(ordered):
        if s2 < e1:
            raise GeoparseError(f"spans [{s1}, {e1}] and [{s2}, {e2}] overlap")
    return out


class Geoparser:
    """Spot and resolve place mentions with a gazetteer, the world table and a ranker."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        world: WorldTable,
        model: RankerModel,
        areas: AreaTable | None = None,
        spot_filter: SpotFilter | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.world = world
        self.model = model
        self.spot_filter = spot_filter
        self.source = CandidateSource(gazetteer, world, areas)
        self._world_pattern: re.Pattern[str] | None = None

    # ------------------------------------------------------------------ spotting
    def spot(self, text: str) -> list[tuple[int, int]]:
        """Return the spans of the place names in ``text`` (demonyms excluded)."""
        spans = [(m.start, m.end) for m in self.gazetteer.spot(text)]
        spans += [(m.start(), m.end()) for m in self._world_names().finditer(text)]
        kept: list[tuple[int, int]] = []
        for s, e in sorted(spans, key=lambda sp: (sp[0], -(sp[1] - sp[0]))):
            if kept and s < kept[-1][1]:
                continue
            if self.world.demonym(text[s:e]) is not None or text[s:e] in _KIND_WORDS:
                continue
            kept.append((s, e))
        return kept

    def _world_names(self) -> re.Pattern[str]:
        if self._world_pattern is None:
            names: set[str] = {a.surface for a in self.world.abbreviations.values()}
            for places in self.world.places.values():
                for pl in places:
                    names.update((pl.name, *pl.alt_names))
            names = {n for n in names if len(n) > 1 and n[0].isupper()}
            alts = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
            self._world_pattern = re.compile(rf"(?<![\w.])(?:{alts})(?![\w])")
        return self._world_pattern

    # ------------------------------------------------------------------ resolving
    def prepare(self, text: str, spans: Sequence[tuple[int, int]]) -> list[PreparedMention]:
        """Generate candidates and prior features for each span."""
        out = []
        for s, e in spans:
            surface = text[s:e]
            cands = self.source.candidates(surface)
            cues = read_cues(text, s, e)
            inner = None
            if not any(c.match in _STRONG for c in cands):
                inner = self._inner_name(surface)
                if inner is not None:
                    cands = inner[1]
            cues = replace(
                cues, containers=self._containers_after(text, e), inside_name=inner is not None
            )
            out.append(
                PreparedMention(
                    s,
                    e,
                    surface,
                    name_key(surface),
                    cands,
                    prior_features(cands, cues),
                    cues,
                    inner[0] if inner is not None else None,
                )
            )
        return out

    def _inner_name(self, surface: str) -> tuple[str, tuple[PlaceCandidate, ...]] | None:
        """Return the longest place names inside an unknown multi-word name, with candidates.

        "University of California" -> California (and any place called "University":
        all names of the longest length that matches are kept, the ranker chooses),
        "Manila Cathedral" -> Manila. Only whole capitalised words, and only names that
        match exactly (a spelling match inside a longer name is noise).
        """
        words = surface.split()
        for n in range(len(words) - 1, 0, -1):
            found: dict[str, PlaceCandidate] = {}
            names: list[str] = []
            for i in range(len(words) - n + 1):
                part = words[i : i + n]
                if not all(w[:1].isupper() for w in part):
                    continue
                sub = " ".join(part).strip(",.;:()")
                if all(w.lower().strip(",.;:()") in _FACILITY_WORDS for w in part):
                    continue  # "University" in "University of California" names no place
                strong = [c for c in self.source.candidates(sub) if c.match in _STRONG]
                if strong:
                    names.append(sub)
                    for c in strong:
                        found.setdefault(c.place.id, c)
            if found:
                return " / ".join(names), tuple(found.values())
        return None

    def _containers_after(self, text: str, end: int) -> tuple[tuple[str, str | None], ...]:
        m = _CONTAINER_AFTER.match(text, end)
        if m is None:
            return ()
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            abbr = self.world.abbreviation(name)
            if abbr is not None:
                if abbr.target_kind == "country":
                    return ((abbr.country, None),)
                pl = self.gazetteer.find_admin1(abbr.target_name, [abbr.country])
                if pl is not None:
                    return ((pl.country, pl.admin1),)
            found = [(p.country, None) for p in self.world.lookup(name) if p.kind == "country"]
            if found:
                return tuple(found)
            pl = self.gazetteer.find_admin1(name.rstrip("."))
            if pl is not None:
                return ((pl.country, pl.admin1),)
        return ()

    def context_matrices(
        self, prepared: Sequence[PreparedMention], probabilities: Sequence[np.ndarray]
    ) -> list[np.ndarray]:
        """Return each mention's prior and context features side by side.

        The context is what ``probabilities`` (one array per mention, the last entry
        being "none of these") say about the document's other names.
        """
        evidence = DocumentEvidence()
        for pm, probs in zip(prepared, probabilities, strict=True):
            if self.world.demonym(pm.surface) is None:
                # Drop the last, "none of these", probability: it places nothing.
                evidence.add(pm.key, list(zip(pm.candidates, probs[:-1], strict=True)))
            for cc, admin1 in pm.cues.containers:
                # A container written after a name is context whether or not it is a
                # span itself: the same evidence in gold-span and spotting runs.
                evidence.add_area(f"written:{cc}:{admin1}", cc, admin1)
        summaries = {key: evidence.summary_for(key) for key in sorted({pm.key for pm in prepared})}
        # A name repeated in a document has the same candidates and context each time.
        done: dict[tuple[str, str], np.ndarray] = {}
        out = []
        for pm in prepared:
            memo = (pm.surface, pm.key)
            ctx = done.get(memo)
            if ctx is None:
                ctx = done[memo] = context_features(pm.candidates, summaries[pm.key])
            out.append(np.hstack([pm.prior_x, ctx]))
        return out

    def rank(
        self, prepared: Sequence[PreparedMention], model: RankerModel | None = None
    ) -> list[np.ndarray]:
        """Return each mention's candidate probabilities (last: none of these).

        The prior pass, then each context round re-reads the document with the
        previous round's answers.
        """
        model = model or self.model
        probs = [model.prior_probabilities(pm.prior_x) for pm in prepared]
        for weights in model.context_weights:
            mats = self.context_matrices(prepared, probs)
            probs = [probabilities_with_null(x, weights) for x in mats]
        return probs

    def parse(
        self,
        text: str,
        spans: Sequence[Sequence[int]] | None = None,
        *,
        allow_overlap: bool = False,
    ) -> list[GeoMention]:
        """Resolve ``spans`` of ``text`` (or every spotted mention) in the text's context.

        Spotted matches that the spot filter finds unlikely to be places (a surname, a
        common word) are dropped; given spans are always answered.
        """
        if spans is not None:
            chosen = check_spans(text, spans, allow_overlap=allow_overlap)
        if len(text) <= CONTEXT_WINDOW_CHARS:
            return self._parse_window(text, None if spans is None else chosen)
        # A long text is read in windows of about CONTEXT_WINDOW_CHARS, cut at line
        # breaks outside any span: context work grows with the square of the names in
        # a window, and a book's chapters are each other's context no more than two
        # articles are.
        out: list[GeoMention] = []
        for lo, hi in _windows(text, [] if spans is None else chosen):
            part = None
            if spans is not None:
                part = [(s - lo, e - lo) for s, e in chosen if lo <= s < hi]
                if not part:
                    continue
            for m in self._parse_window(text[lo:hi], part):
                out.append(replace(m, start=m.start + lo, end=m.end + lo))
        if spans is not None:
            # Back to the order the spans were given in.
            at = {(m.start, m.end): m for m in out}
            out = [at[sp] for sp in chosen]
        return out

    def _parse_window(self, text: str, spans: Sequence[tuple[int, int]] | None) -> list[GeoMention]:
        chosen = self.spot(text) if spans is None else list(spans)
        prepared = self.prepare(text, chosen)
        probs = self.rank(prepared)
        answers = [self._answer(pm, p) for pm, p in zip(prepared, probs, strict=True)]
        if spans is not None or self.spot_filter is None:
            return answers
        rows = self.spot_rows(text, prepared, probs)
        # The filter was fitted on English news: names in other scripts pass unfiltered.
        return [
            a
            for a, x in zip(answers, rows, strict=True)
            if not is_latin(a.text) or self.spot_filter.probability(x) >= self.spot_filter.threshold
        ]

    def spot_rows(
        self, text: str, prepared: Sequence[PreparedMention], probs: Sequence[np.ndarray]
    ) -> list[np.ndarray]:
        """Return the spot filter's feature row for each prepared mention."""
        rows = []
        for pm, p in zip(prepared, probs, strict=True):
            best, confidence = self._best(pm, p)
            rows.append(
                spot_features(text, pm.start, pm.end, best, confidence, bool(pm.cues.containers))
            )
        return rows

    def _best(self, pm: PreparedMention, probs: np.ndarray) -> tuple[PlaceCandidate | None, float]:
        """Return the best candidate and its calibrated confidence (None, 0 if none)."""
        if not pm.candidates:
            return None, 0.0
        i = min(range(len(pm.candidates)), key=lambda k: (-probs[k], pm.candidates[k].place.id))
        return pm.candidates[i], self.model.calibrated(float(probs[i]))

    def _answer(self, pm: PreparedMention, probs: np.ndarray) -> GeoMention:
        demonym = self.world.demonym(pm.surface)
        if demonym is not None:
            return self._demonym_answer(pm, demonym.country, demonym.kind)
        if not pm.candidates:
            return _unresolved(pm, "no gazetteer entry matches this name", ())
        # The last probability is "none of these candidates".
        order = sorted(
            range(len(pm.candidates)), key=lambda i: (-probs[i], pm.candidates[i].place.id)
        )
        alts = tuple(
            (pm.candidates[i].place.id, pm.candidates[i].place.name, round(float(probs[i]), 3))
            for i in order[:_ALTERNATIVES_SHOWN]
        )
        best = pm.candidates[order[0]]
        confidence = self.model.calibrated(float(probs[order[0]]))
        if confidence < self.model.abstain_below:
            others = ", ".join(f"{name} ({pid}, p={p:.2f})" for pid, name, p in alts)
            return _unresolved(
                pm, f"ambiguous (confidence {confidence:.2f}); best candidates: {others}", alts
            )
        pl = best.place
        why = [f"{best.match} match {best.matched_name!r}", best.feature]
        if pm.inner is not None:
            why.insert(0, f"the place named inside {pm.surface!r}")
        if pl.population:
            why.append(f"population {pl.population:,}")
        if best.place.country:
            why.append(f"in {pl.country}")
        why.append(f"best of {len(pm.candidates)} candidates")
        return _placed(
            pm, pl, best.feature, _precision(best.feature), confidence, "; ".join(why), alts
        )

    def _demonym_answer(self, pm: PreparedMention, country: str | None, kind: str) -> GeoMention:
        place = self.source.country_place(country) if country else None
        if place is None:
            return _unresolved(pm, f"{kind} name with no single country", ())
        why = f"{kind}: designates {place.name} (people or forces, not a place)"
        return replace(_placed(pm, place, kind, "country", 1.0, why, ()), admin1=None)


def _windows(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut ``text`` into windows of about :data:`CONTEXT_WINDOW_CHARS` at line breaks.

    A cut never falls inside a span; a text without line breaks is cut at a space.
    """
    inside = sorted(spans)
    out: list[tuple[int, int]] = []
    lo = 0
    while len(text) - lo > CONTEXT_WINDOW_CHARS:
        target = lo + CONTEXT_WINDOW_CHARS
        cut = text.rfind("\n", lo + CONTEXT_WINDOW_CHARS // 2, target)
        if cut < 0:
            cut = text.rfind(" ", lo + CONTEXT_WINDOW_CHARS // 2, target)
        if cut < 0:
            cut = target
        for s, e in inside:
            if s < cut < e:
                cut = e
        if cut >= len(text):
            break
        out.append((lo, cut))
        lo = cut
    out.append((lo, len(text)))
    return out


def _precision(feature: str) -> str:
    if feature in _PRECISION_BY_FEATURE:
        return _PRECISION_BY_FEATURE[feature]
    return str(PRECISION_BY_KIND.get(feature, "region"))  # type: ignore[call-overload]


def _placed(
    pm: PreparedMention,
    place: Place,
    kind: str,
    precision: str,
    confidence: float,
    reason: str,
    alts: tuple[tuple[str, str, float], ...],
) -> GeoMention:
    """Return a mention resolved to ``place``."""
    return GeoMention(
        start=pm.start,
        end=pm.end,
        text=pm.surface,
        place_id=place.id,
        name=place.name,
        kind=kind,
        country=place.country or None,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        precision=precision,
        uncertainty_km=place.uncertainty_km,
        confidence=confidence,
        reason=reason,
        alternatives=alts,
    )


def _unresolved(
    pm: PreparedMention, reason: str, alts: tuple[tuple[str, str, float], ...]
) -> GeoMention:
    return GeoMention(
        start=pm.start,
        end=pm.end,
        text=pm.surface,
        place_id=None,
        name=None,
        kind=None,
        country=None,
        admin1=None,
        lat=None,
        lon=None,
        precision=None,
        uncertainty_km=None,
        confidence=0.0,
        reason=reason,
        alternatives=alts,
    )


_DEFAULT: Geoparser | None = None
_DEFAULT_LOCK = threading.Lock()


def default_geoparser() -> Geoparser:
    """Return this process's geoparser over the default gazetteer and shipped ranker."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            from strikemap.gazetteer import shared_gazetteer
            from strikemap.gazetteer.ranking import load_model
            from strikemap.gazetteer.spot_filter import load_filter

            _DEFAULT = Geoparser(
                shared_gazetteer(), load_world(), load_model(), load_area_table(), load_filter()
            )
        return _DEFAULT


def geoparse(
    text: str,
    spans: Sequence[Sequence[int]] | None = None,
    published: date | None = None,
) -> list[GeoMention]:
    """Return the place mentions of a text, each with its span and its resolution.

    Parameters
    ----------
    text
        The document.
    spans
        Character spans ``[start, end)`` to resolve, in this order, without spotting.
        When omitted, every place mention is spotted.
    published
        The document's publication date. Placement does not depend on it today; it is
        accepted so that callers pass what they know once (reports always have it).

    Returns
    -------
    list of GeoMention
        One per span (or per spotted mention), in order.

    Raises
    ------
    GeoparseError
        When a span lies outside the text or two spans overlap.
    """
    del published
    return default_geoparser().parse(text, spans)
