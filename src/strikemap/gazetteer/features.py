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
from typing import Any

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
    "natural_feature",
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
    "continent_share",
    "continent_cooccur",
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
_NATURAL_WORDS = frozenset(
    {
        "lake", "river", "bay", "sea", "gulf", "creek", "strait", "ocean", "mount",
        "mountain", "mountains", "island", "islands", "peninsula", "valley", "canal",
        "harbour", "harbor", "falls", "glacier", "desert", "forest", "reservoir", "coast",
    }
)  # fmt: skip
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
    natural_feature: bool = False
    """The mention names a lake, river, bay, mountain, island... ("Lake Ontario")."""


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
    natural = any(w.strip(".,'’") in _NATURAL_WORDS for w in inside)
    return MentionCues(area_cue=area, city_cue=city, natural_feature=natural)


@dataclass(slots=True)
class _KeyEvidence:
    """What one distinct name of a document contributes to its context."""

    country_mass: dict[str, float] = field(default_factory=dict)
    continent_mass: dict[str, float] = field(default_factory=dict)
    continents: set[str] = field(default_factory=set)
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
        self._totals: _Totals | None = None

    def add(self, key: str, distribution: Sequence[tuple[PlaceCandidate, float]]) -> None:
        """Add one mention's candidates with their prior probabilities."""
        if not distribution:
            return
        self._totals = None
        ev = self._keys.setdefault(key, _KeyEvidence())
        for cand, p in distribution:
            pl = cand.place
            if pl.country:
                ev.country_mass[pl.country] = ev.country_mass.get(pl.country, 0.0) + p
                ev.countries.add(pl.country)
            if cand.continent:
                ev.continent_mass[cand.continent] = ev.continent_mass.get(cand.continent, 0.0) + p
                ev.continents.add(cand.continent)
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
        self._totals = None
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
        """Aggregate the document's other names for a mention of ``key``.

        Totals over all names are computed once; a name's summary is the totals less
        its own contribution.
        """
        if self._totals is None:
            self._totals = self._compute_totals()
        tot = self._totals
        own = self._keys.get(key)
        if own is None:
            own = _KeyEvidence()
        countries = _minus(tot.countries, own.country_mass)
        continents = _minus(tot.continents, own.continent_mass)
        continent_keys = _minus(tot.continent_keys, dict.fromkeys(own.continents, 1))
        areas = _minus(tot.areas, own.area_mass)
        country_keys = _minus(tot.country_keys, dict.fromkeys(own.countries, 1))
        area_keys = _minus(tot.area_keys, dict.fromkeys(own.areas, 1))
        named_countries = {
            cc for cc, n in tot.named_countries.items() if n - (own.named_country == cc) > 0
        }
        named_areas = {a for a, n in tot.named_areas.items() if n - (own.named_area == a) > 0}
        ki = tot.key_index.get(key, -1)
        return _Summary(
            n=len(self._keys) - (1 if key in self._keys else 0),
            countries=countries,
            continents=continents,
            continent_keys=continent_keys,
            areas=areas,
            country_keys=country_keys,
            area_keys=area_keys,
            named_countries=named_countries,
            named_areas=named_areas,
            points=tot.points[tot.point_keys != ki],
            any_points=tot.any_points[tot.any_point_keys != ki],
        )

    def _compute_totals(self) -> _Totals:
        tot = _Totals()
        points: list[tuple[float, float]] = []
        point_keys: list[int] = []
        any_points: list[tuple[float, float]] = []
        any_keys: list[int] = []
        for i, (key, ev) in enumerate(sorted(self._keys.items())):
            tot.key_index[key] = i
            _add_into(tot.countries, ev.country_mass)
            _add_into(tot.continents, ev.continent_mass)
            _add_into(tot.continent_keys, dict.fromkeys(ev.continents, 1))
            _add_into(tot.areas, ev.area_mass)
            _add_into(tot.country_keys, dict.fromkeys(ev.countries, 1))
            _add_into(tot.area_keys, dict.fromkeys(ev.areas, 1))
            if ev.named_country:
                _add_into(tot.named_countries, {ev.named_country: 1})
            if ev.named_area:
                _add_into(tot.named_areas, {ev.named_area: 1})
            if ev.top_point is not None:
                points.append(ev.top_point)
                point_keys.append(i)
            any_points += ev.points
            any_keys += [i] * len(ev.points)
        tot.points = np.array(points, dtype=float).reshape(-1, 2)
        tot.point_keys = np.array(point_keys, dtype=int)
        tot.any_points = np.array(any_points, dtype=float).reshape(-1, 2)
        tot.any_point_keys = np.array(any_keys, dtype=int)
        return tot


@dataclass(slots=True)
class _Totals:
    key_index: dict[str, int] = field(default_factory=dict)
    countries: dict[str, float] = field(default_factory=dict)
    continents: dict[str, float] = field(default_factory=dict)
    continent_keys: dict[str, int] = field(default_factory=dict)
    areas: dict[tuple[str, str], float] = field(default_factory=dict)
    country_keys: dict[str, int] = field(default_factory=dict)
    area_keys: dict[tuple[str, str], int] = field(default_factory=dict)
    named_countries: dict[str, int] = field(default_factory=dict)
    named_areas: dict[tuple[str, str], int] = field(default_factory=dict)
    points: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    point_keys: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))
    any_points: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    any_point_keys: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))


def _add_into(total: dict[Any, Any], part: dict[Any, Any]) -> None:
    for k, v in part.items():
        total[k] = total.get(k, 0) + v


def _minus(total: dict[Any, Any], part: dict[Any, Any]) -> dict[Any, Any]:
    if not part:
        return total
    out = dict(total)
    for k, v in part.items():
        out[k] = out.get(k, 0) - v
    return out


@dataclass(frozen=True, slots=True)
class _Summary:
    n: int
    countries: dict[str, float]
    continents: dict[str, float]
    continent_keys: dict[str, int]
    areas: dict[tuple[str, str], float]
    country_keys: dict[str, int]
    area_keys: dict[tuple[str, str], int]
    named_countries: set[str]
    named_areas: set[tuple[str, str]]
    points: np.ndarray
    any_points: np.ndarray


def _radians(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(latitudes, longitudes, cos latitudes) in radians of (lat, lon) rows."""
    la, lo = np.radians(points[:, 0]), np.radians(points[:, 1])
    return la, lo, np.cos(la)


def _nearest_km(
    lats: np.ndarray, lons: np.ndarray, others: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> np.ndarray:
    """Great-circle distance from each (lat, lon) to the nearest of ``others`` (radians)."""
    la2, lo2, cos2 = others
    la1, lo1 = np.radians(lats)[:, None], np.radians(lons)[:, None]
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * cos2 * np.sin((lo2 - lo1) / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h.min(axis=1), 1.0))))


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
        row[_P["natural_feature"]] = 1.0 if cues.natural_feature else 0.0
    return rows


def with_null_row(x: np.ndarray) -> np.ndarray:
    """Append the "none of these candidates" row (``none_of_these`` = 1, all else 0)."""
    null = np.zeros((1, x.shape[1]))
    null[0, _P["none_of_these"]] = 1.0
    return np.vstack([x, null])


def context_features(cands: Sequence[PlaceCandidate], summary: _Summary | None) -> np.ndarray:
    """Return the context feature matrix (one row per candidate)."""
    rows = np.zeros((len(cands), len(CONTEXT_FEATURES)))
    rows[:, _X["log_nearest_km"]] = 1.0
    rows[:, _X["no_neighbour"]] = 1.0
    rows[:, _X["log_nearest_any_km"]] = 1.0
    if summary is None or summary.n == 0:
        return rows
    for i, c in enumerate(cands):
        pl = c.place
        row = rows[i]
        row[_X["country_share"]] = summary.countries.get(pl.country, 0.0) / summary.n
        row[_X["country_cooccur"]] = summary.country_keys.get(pl.country, 0) / summary.n
        if c.continent:
            row[_X["continent_share"]] = summary.continents.get(c.continent, 0.0) / summary.n
            row[_X["continent_cooccur"]] = summary.continent_keys.get(c.continent, 0) / summary.n
        if c.feature != "country" and pl.country in summary.named_countries:
            row[_X["country_named"]] = 1.0
        if pl.admin1:
            a = (pl.country, pl.admin1)
            row[_X["admin1_share"]] = summary.areas.get(a, 0.0) / summary.n
            row[_X["admin1_cooccur"]] = summary.area_keys.get(a, 0) / summary.n
            if c.feature != "admin1" and a in summary.named_areas:
                row[_X["admin1_named"]] = 1.0
    # Distances only for populated places: an area's or a country's point says little.
    idx = [i for i, c in enumerate(cands) if c.feature in POPULATED]
    if idx:
        lats = np.array([cands[i].place.lat for i in idx])
        lons = np.array([cands[i].place.lon for i in idx])
        if len(summary.points):
            d = _nearest_km(lats, lons, _radians(summary.points))
            rows[idx, _X["log_nearest_km"]] = np.log10(1.0 + d) / 4.0
            rows[idx, _X["no_neighbour"]] = 0.0
        if len(summary.any_points):
            d = _nearest_km(lats, lons, _radians(summary.any_points))
            rows[idx, _X["log_nearest_any_km"]] = np.log10(1.0 + d) / 4.0
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
