"""Features of a (mention, candidate place) pair for the fitted ranker.

Two groups, used in two passes:

* *prior* features need only the mention and its candidates: how the name matched,
  what kind of place the candidate is, its importance (population, and its rank among
  the namesakes), kind cues written next to the name ("X County", "city of X") and a
  container written after it ("Springfield, Illinois", "Kupiansk, Kharkiv region");
* *context* features need the rest of the document, summarised by the prior pass as a
  probability distribution per mention: the share of the document's other mentions in
  the candidate's country and admin1 area (a distribution, not one focus country),
  whether the document names that country or area itself, and the distance to the
  nearest confidently placed other mention.

Each feature is a small, bounded number; weights come from
:mod:`strikemap.gazetteer.ranking`, never from here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from strikemap.gazetteer.candidates import PlaceCandidate
from strikemap.gazetteer.geo import haversine_km

PRIOR_FEATURES: tuple[str, ...] = (
    "match_name",
    "match_alternate",
    "match_variant",
    "match_skeleton",
    "match_fuzzy",
    "match_abbreviation",
    "kind_country",
    "kind_admin1",
    "kind_admin2",
    "kind_populated",
    "kind_continent",
    "kind_region",
    "kind_sea",
    "kind_other",
    "log_population",
    "log_extent_km",
    "most_populous",
    "index_confidence",
    "cue_area_on_area",
    "cue_area_on_populated",
    "cue_city_on_populated",
    "container_written",
    "none_of_these",
)
"""Features of the prior pass, in model-file order.

``none_of_these`` is 1 only on the extra row :func:`with_null_row` adds to every
mention: the ranker's "the right place is not among the candidates" answer, so that a
lone weak match (one skeleton match, one fuzzy match) is not certain by default.
"""

CONTEXT_FEATURES: tuple[str, ...] = (
    "country_share",
    "country_named",
    "admin1_share",
    "admin1_named",
    "log_nearest_km",
    "no_neighbour",
)
"""Features that need the document's other mentions."""

POPULATED = frozenset({"city", "town", "village"})
_AREA = frozenset({"admin1", "admin2", "district"})
_AREA_CUES = frozenset(
    {
        "county",
        "province",
        "state",
        "region",
        "oblast",
        "governorate",
        "district",
        "prefecture",
        "department",
        "territory",
        "raion",
        "parish",
        "municipality",
    }
)
_CITY_CUES = frozenset({"city", "town", "village", "township", "borough"})
_NEAR_PROBABILITY = 0.5
"""A first-pass answer at least this probable counts as a neighbour or a named area."""


@dataclass(frozen=True, slots=True)
class MentionCues:
    """What the words around a mention say about it.

    ``area_cue``/``city_cue``: a kind word written with the name ("X County",
    "province of X"; "city of X", "X township"). ``containers``: (country, admin1 or
    ``None``) pairs of the area written after a comma ("X, Ohio", "X, Ukraine").
    """

    area_cue: bool = False
    city_cue: bool = False
    containers: tuple[tuple[str, str | None], ...] = ()


def read_cues(text: str, start: int, end: int) -> MentionCues:
    """Read kind cues from the words just before and after a mention."""
    after = text[end : end + 20].lstrip(" ").split(" ", 1)[0].strip(".,;:()\"'").lower()
    before_words = text[max(0, start - 20) : start].lower().split()
    before = before_words[-2:] if len(before_words) >= 2 else before_words
    inside = text[start:end].lower().split()
    last_inside = inside[-1] if inside else ""
    area = after in _AREA_CUES or last_inside in _AREA_CUES
    area = area or (len(before) == 2 and before[1] == "of" and before[0] in _AREA_CUES)
    city = after in _CITY_CUES or last_inside in _CITY_CUES
    city = city or (len(before) == 2 and before[1] == "of" and before[0] in _CITY_CUES)
    return MentionCues(area_cue=area, city_cue=city)


@dataclass(slots=True)
class DocumentEvidence:
    """The prior pass's answers for every mention of a document (for context features).

    ``mentions[i]`` is (name key, [(candidate, probability), ...]).
    """

    mentions: list[tuple[str, list[tuple[PlaceCandidate, float]]]] = field(default_factory=list)

    def summary_for(self, key: str) -> _Summary:
        """Aggregate the other mentions (those with another name) for one mention."""
        countries: dict[str, float] = {}
        areas: dict[tuple[str, str], float] = {}
        named_countries: set[str] = set()
        named_areas: set[tuple[str, str]] = set()
        points: list[tuple[float, float]] = []
        n = 0
        for other_key, dist in self.mentions:
            if other_key == key or not dist:
                continue
            n += 1
            for cand, p in dist:
                pl = cand.place
                if pl.country:
                    countries[pl.country] = countries.get(pl.country, 0.0) + p
                if pl.admin1:
                    a = (pl.country, pl.admin1)
                    areas[a] = areas.get(a, 0.0) + p
            top, p_top = max(dist, key=lambda cp: cp[1])
            if p_top >= _NEAR_PROBABILITY:
                if top.feature == "country":
                    named_countries.add(top.place.country)
                elif top.feature == "admin1" and top.place.admin1:
                    named_areas.add((top.place.country, top.place.admin1))
                if top.feature in POPULATED or top.feature in _AREA:
                    points.append((top.place.lat, top.place.lon))
        return _Summary(n, countries, areas, named_countries, named_areas, points)


@dataclass(frozen=True, slots=True)
class _Summary:
    n: int
    countries: dict[str, float]
    areas: dict[tuple[str, str], float]
    named_countries: set[str]
    named_areas: set[tuple[str, str]]
    points: list[tuple[float, float]]


_P = {name: i for i, name in enumerate(PRIOR_FEATURES)}
_X = {name: i for i, name in enumerate(CONTEXT_FEATURES)}


def prior_features(cands: Sequence[PlaceCandidate], cues: MentionCues) -> np.ndarray:
    """Return the prior-pass feature matrix (one row per candidate)."""
    logpops = [math.log10(1 + c.place.population) for c in cands]
    best = max(logpops, default=0.0)
    rows = np.zeros((len(cands), len(PRIOR_FEATURES)))
    for i, c in enumerate(cands):
        row = rows[i]
        populated = c.feature in POPULATED
        area = c.feature in _AREA
        row[_P["match_" + c.match]] = 1.0
        row[_kind_column(c.feature)] = 1.0
        row[_P["log_population"]] = logpops[i] / 7.0
        row[_P["log_extent_km"]] = math.log10(1.0 + (c.place.uncertainty_km or 0.0)) / 4.0
        row[_P["most_populous"]] = 1.0 if logpops[i] == best and best > 0 else 0.0
        row[_P["index_confidence"]] = c.index_confidence
        row[_P["cue_area_on_area"]] = 1.0 if cues.area_cue and area else 0.0
        row[_P["cue_area_on_populated"]] = 1.0 if cues.area_cue and populated else 0.0
        row[_P["cue_city_on_populated"]] = 1.0 if cues.city_cue and populated else 0.0
        row[_P["container_written"]] = 1.0 if _inside_written(c, cues.containers) else 0.0
    return rows


def with_null_row(x: np.ndarray) -> np.ndarray:
    """Append the "none of these candidates" row (``none_of_these`` = 1, all else 0)."""
    null = np.zeros((1, x.shape[1]))
    null[0, _P["none_of_these"]] = 1.0
    return np.vstack([x, null])


def context_features(
    cands: Sequence[PlaceCandidate], summary: _Summary | None
) -> np.ndarray:
    """Return the context feature matrix (one row per candidate)."""
    rows = np.zeros((len(cands), len(CONTEXT_FEATURES)))
    if summary is None or summary.n == 0:
        rows[:, _X["log_nearest_km"]] = 1.0
        rows[:, _X["no_neighbour"]] = 1.0
        return rows
    for i, c in enumerate(cands):
        pl = c.place
        row = rows[i]
        row[_X["country_share"]] = summary.countries.get(pl.country, 0.0) / summary.n
        if c.feature != "country" and pl.country in summary.named_countries:
            row[_X["country_named"]] = 1.0
        if pl.admin1:
            a = (pl.country, pl.admin1)
            row[_X["admin1_share"]] = summary.areas.get(a, 0.0) / summary.n
            if c.feature != "admin1" and a in summary.named_areas:
                row[_X["admin1_named"]] = 1.0
        if summary.points and c.feature in POPULATED:
            d = min(haversine_km(pl.lat, pl.lon, la, lo) for la, lo in summary.points)
            row[_X["log_nearest_km"]] = math.log10(1.0 + d) / 4.0
        else:
            row[_X["log_nearest_km"]] = 1.0
            row[_X["no_neighbour"]] = 1.0
    return rows


def _kind_column(feature: str) -> int:
    if feature in POPULATED:
        return PRIOR_FEATURES.index("kind_populated")
    name = "kind_" + feature
    if name in PRIOR_FEATURES:
        return PRIOR_FEATURES.index(name)
    return PRIOR_FEATURES.index("kind_other")


def _inside_written(c: PlaceCandidate, containers: Sequence[tuple[str, str | None]]) -> bool:
    """Whether the candidate lies in an area written after the mention ("X, Ohio")."""
    pl = c.place
    for cc, admin1 in containers:
        if pl.country == cc and (admin1 is None or pl.admin1 == admin1):
            return True
    return False
