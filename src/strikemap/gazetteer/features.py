"""Features of a (mention, candidate place) pair for the fitted ranker.

Two groups, used in two passes:

* *prior* features need only the mention and its candidates: how the name matched,
  what kind of place the candidate is, its importance (population, and its rank among
  the namesakes), kind cues written next to the name ("X County", "city of X") and a
  container written after it ("Springfield, Illinois", "Kupiansk, Kharkiv region");
* *context* features need the rest of the document, summarised by the prior pass as a
  probability distribution per mention: the share of the document's other mentions in
  the candidate's country and admin1 area (a distribution, not one focus country),
  whether the document names that country or area itself, the distance to the
  nearest confidently placed other mention, and plain co-occurrence: how many other
  names have *some* reading in the same country or area, and how near the nearest
  reading of any other name lies.

Each feature is a small, bounded number; weights come from
:mod:`strikemap.gazetteer.ranking`, never from here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from strikemap.gazetteer.candidates import PlaceCandidate
from strikemap.gazetteer.geo import EARTH_RADIUS_KM

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
    "kind_world_area",
    "kind_other",
    "log_population",
    "log_extent_km",
    "most_populous",
    "index_confidence",
    "cue_area_on_area",
    "cue_area_on_populated",
    "cue_city_on_populated",
    "container_written",
    "inside_name",
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
    "country_cooccur",
    "admin1_cooccur",
    "log_nearest_any_km",
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
    inside_name: bool = False
    """The candidates are those of a place named inside the mention ("University of
    California" -> California), the mention itself matching nothing."""


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
class _KeyEvidence:
    """What one distinct name of a document contributes to its context."""

    country_mass: dict[str, float] = field(default_factory=dict)
    area_mass: dict[tuple[str, str], float] = field(default_factory=dict)
    named_country: str | None = None
    named_area: tuple[str, str] | None = None
    top_point: tuple[float, float] | None = None
    countries: set[str] = field(default_factory=set)
    areas: set[tuple[str, str]] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)


class DocumentEvidence:
    """The prior pass's answers for a document, aggregated per distinct name.

    A mention's context is every *other* name of the document: mentions repeating the
    same name add nothing about it. Two kinds of evidence are kept: the prior pass's
    probability mass (countries, admin1 areas, confidently placed points) and the
    plain co-occurrence of candidates (which areas and points any reading of the
    other names could lie in), which holds even where the prior pass is unsure.
    """

    def __init__(self) -> None:
        self._keys: dict[str, _KeyEvidence] = {}

    def add(self, key: str, distribution: Sequence[tuple[PlaceCandidate, float]]) -> None:
        """Add one mention's candidates with their prior probabilities."""
        if not distribution:
            return
        ev = self._keys.setdefault(key, _KeyEvidence())
        for cand, p in distribution:
            pl = cand.place
            if pl.country:
                ev.country_mass[pl.country] = ev.country_mass.get(pl.country, 0.0) + p
                ev.countries.add(pl.country)
            if pl.admin1:
                a = (pl.country, pl.admin1)
                ev.area_mass[a] = ev.area_mass.get(a, 0.0) + p
                ev.areas.add(a)
            if cand.feature in POPULATED or cand.feature in _AREA:
                ev.points.append((pl.lat, pl.lon))
        top, p_top = max(distribution, key=lambda cp: cp[1])
        if p_top >= _NEAR_PROBABILITY:
            if top.feature == "country":
                ev.named_country = top.place.country
            elif top.feature == "admin1" and top.place.admin1:
                ev.named_area = (top.place.country, top.place.admin1)
            if top.feature in POPULATED or top.feature in _AREA:
                ev.top_point = (top.place.lat, top.place.lon)

    def add_area(self, key: str, country: str, admin1: str | None) -> None:
        """Add an area the text writes next to a name ("X, Ohio"), as a certain reading."""
        ev = self._keys.setdefault(key, _KeyEvidence())
        ev.country_mass[country] = ev.country_mass.get(country, 0.0) + 1.0
        ev.countries.add(country)
        if admin1 is None:
            ev.named_country = country
        else:
            ev.area_mass[(country, admin1)] = ev.area_mass.get((country, admin1), 0.0) + 1.0
            ev.areas.add((country, admin1))
            ev.named_area = (country, admin1)

    def summary_for(self, key: str) -> _Summary:
        """Aggregate the document's other names for a mention of ``key``."""
        others = [ev for k, ev in sorted(self._keys.items()) if k != key]
        countries: dict[str, float] = {}
        areas: dict[tuple[str, str], float] = {}
        country_keys: dict[str, int] = {}
        area_keys: dict[tuple[str, str], int] = {}
        for ev in others:
            for cc, m in ev.country_mass.items():
                countries[cc] = countries.get(cc, 0.0) + m
            for a, m in ev.area_mass.items():
                areas[a] = areas.get(a, 0.0) + m
            for cc in ev.countries:
                country_keys[cc] = country_keys.get(cc, 0) + 1
            for a in ev.areas:
                area_keys[a] = area_keys.get(a, 0) + 1
        points = [ev.top_point for ev in others if ev.top_point is not None]
        any_points = [pt for ev in others for pt in ev.points]
        return _Summary(
            n=len(others),
            countries=countries,
            areas=areas,
            country_keys=country_keys,
            area_keys=area_keys,
            named_countries={ev.named_country for ev in others if ev.named_country},
            named_areas={ev.named_area for ev in others if ev.named_area},
            points=np.array(points, dtype=float).reshape(-1, 2),
            any_points=np.array(any_points, dtype=float).reshape(-1, 2),
        )


@dataclass(frozen=True, slots=True)
class _Summary:
    n: int
    countries: dict[str, float]
    areas: dict[tuple[str, str], float]
    country_keys: dict[str, int]
    area_keys: dict[tuple[str, str], int]
    named_countries: set[str]
    named_areas: set[tuple[str, str]]
    points: np.ndarray
    any_points: np.ndarray


def _nearest_km(lat: float, lon: float, points: np.ndarray) -> float:
    """Great-circle distance from a point to the nearest of ``points`` (rows lat, lon)."""
    la1, lo1 = math.radians(lat), math.radians(lon)
    la2, lo2 = np.radians(points[:, 0]), np.radians(points[:, 1])
    h = np.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1))).min())


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
        row[_P["inside_name"]] = 1.0 if cues.inside_name else 0.0
    return rows


def with_null_row(x: np.ndarray) -> np.ndarray:
    """Append the "none of these candidates" row (``none_of_these`` = 1, all else 0)."""
    null = np.zeros((1, x.shape[1]))
    null[0, _P["none_of_these"]] = 1.0
    return np.vstack([x, null])


def context_features(cands: Sequence[PlaceCandidate], summary: _Summary | None) -> np.ndarray:
    """Return the context feature matrix (one row per candidate)."""
    rows = np.zeros((len(cands), len(CONTEXT_FEATURES)))
    if summary is None or summary.n == 0:
        rows[:, _X["log_nearest_km"]] = 1.0
        rows[:, _X["no_neighbour"]] = 1.0
        rows[:, _X["log_nearest_any_km"]] = 1.0
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
        row[_X["country_cooccur"]] = summary.country_keys.get(pl.country, 0) / summary.n
        if pl.admin1:
            row[_X["admin1_cooccur"]] = (
                summary.area_keys.get((pl.country, pl.admin1), 0) / summary.n
            )
        populated = c.feature in POPULATED
        if len(summary.points) and populated:
            d = _nearest_km(pl.lat, pl.lon, summary.points)
            row[_X["log_nearest_km"]] = math.log10(1.0 + d) / 4.0
        else:
            row[_X["log_nearest_km"]] = 1.0
            row[_X["no_neighbour"]] = 1.0
        if len(summary.any_points) and populated:
            d = _nearest_km(pl.lat, pl.lon, summary.any_points)
            row[_X["log_nearest_any_km"]] = math.log10(1.0 + d) / 4.0
        else:
            row[_X["log_nearest_any_km"]] = 1.0
    return rows


_WORLD_AREAS = frozenset({"continent", "region", "sea"})


def _kind_column(feature: str) -> int:
    if feature in POPULATED:
        return PRIOR_FEATURES.index("kind_populated")
    if feature in _WORLD_AREAS:
        # Continents, seas and regions are rare in any corpus: one weight for all three.
        return PRIOR_FEATURES.index("kind_world_area")
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
