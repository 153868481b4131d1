"""The small interface the rest of strikemap uses to reach a gazetteer.

Extraction depends only on :class:`GazetteerLike`; the default implementation lives in
:mod:`strikemap.gazetteer.index`. Tests may pass any object with these methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from strikemap.model import Location, Place


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that matches one or more gazetteer names.

    ``start``/``end`` index the text given to :meth:`GazetteerLike.spot`.
    """

    start: int
    end: int
    surface: str
    place_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked answer to a name lookup, with the reason it ranks where it does."""

    place: Place
    matched_name: str
    confidence: float
    reason: str


@dataclass(frozen=True, slots=True)
class ResolveContext:
    """What the surrounding report tells the resolver.

    Attributes
    ----------
    countries
        ISO 3166-1 alpha-2 codes the report is about, most salient first.
    admin_hint
        An administrative area named next to the mention ("in Idlib province",
        "Kafr Nabl, Idlib", "Aleppo countryside"), as written.
    kind_hint
        A kind cue written with the name: "province", "governorate", "region",
        "oblast", "city", "village", "neighbourhood", ...
    nearby
        (lat, lon) of places already resolved in the same report.
    """

    countries: tuple[str, ...] = ()
    admin_hint: str | None = None
    kind_hint: str | None = None
    nearby: tuple[tuple[float, float], ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving one name: a location, or ``None`` with the candidates.

    ``fallback`` (optional, added compatibly) is a coarser, supported location such as
    the admin1 area named with an unresolved village; callers may store it as
    :attr:`strikemap.model.UnresolvedPlace.fallback`.
    """

    location: Location | None
    candidates: tuple[Candidate, ...]
    reason: str
    fallback: Location | None = None
    """A coarser location that *is* supported when ``location`` is ``None`` (e.g. the
    admin1 area named next to a village the gazetteer lacks); never a guess."""


class GazetteerLike(Protocol):
    """What extraction needs from a gazetteer."""

    def spot(self, text: str) -> list[Mention]:
        """Find gazetteer names in ``text`` (longest, non-overlapping, left to right)."""
        ...

    def lookup(
        self,
        name: str,
        country: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Rank the places a name could mean, best first."""
        ...

    def resolve(self, name: str, context: ResolveContext) -> Resolution:
        """Pick the place a name means in this context, or say why none was picked."""
        ...

    def relative(
        self,
        anchor: Location,
        bearing: str | None,
        distance_km: float | None,
        phrase: str,
    ) -> Location:
        """Offset ``anchor`` for "north of X", "12 km south-east of X", "near X", ...

        ``phrase`` is the relation as written ("north of", "outskirts of", "near").
        """
        ...

    def get(self, place_id: str) -> Place:
        """Return the place with this id (``KeyError`` when absent)."""
        ...
