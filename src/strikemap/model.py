"""The records strikemap passes between its stages.

Pure data, no I/O. Coordinates are always held as separate ``lat`` and ``lon`` fields;
the order only flips on output (GeoJSON writes ``[lon, lat]``, see :mod:`strikemap.export`).

The invariants these records carry:

* nothing is invented: an unknown date is ``None`` with precision ``"unknown"``, an
  unresolved place is an :class:`UnresolvedPlace`, never a guessed :class:`Location`;
* every :class:`Claim` quotes its evidence with the character span in the report text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

DatePrecision = Literal["day", "overnight", "week", "month", "year", "unknown"]
"""How precisely an event's date is known (``overnight``: the night before ``date``, or
the night from ``date`` to ``date_end``)."""

DateSource = Literal["sentence", "paragraph", "publication", "user", "unknown"]
"""Where an event's date came from: its own sentence, its paragraph, or the report date."""

PublishedBasis = Literal["metadata", "dateline", "header", "user", "csv", "unknown"]
"""How a report's publication date was established."""

LocationPrecision = Literal[
    "exact",
    "neighbourhood",
    "town",
    "district",
    "admin1",
    "region",
    "country",
    "relative",
]
"""How precisely a location is known, finest first (``relative`` = offset from an anchor)."""

PRECISION_ORDER: tuple[LocationPrecision, ...] = (
    "exact",
    "neighbourhood",
    "town",
    "relative",
    "district",
    "region",
    "admin1",
    "country",
)
"""Location precisions from finest to coarsest, for sorting and filtering."""

PlaceKind = Literal[
    "city",
    "town",
    "village",
    "neighbourhood",
    "district",
    "admin1",
    "admin2",
    "region",
    "landmark",
    "country",
]
"""What a gazetteer entry is."""

PLACE_KINDS: tuple[PlaceKind, ...] = get_args(PlaceKind)
"""Every place kind, in declaration order (the gazetteer's array codes index this)."""

PRECISION_BY_KIND: dict[PlaceKind, LocationPrecision] = {
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
"""The location precision a place of each kind gives when a mention resolves to it."""


@dataclass(frozen=True, slots=True)
class Report:
    """One ingested report.

    Attributes
    ----------
    id
        Content hash (sha256 hex of the normalised text): the same text is one report.
        A Telegram message's hash also covers its address (channel and message id):
        channels repeat texts ("explosions in Kharkiv") about different strikes.
    source_id
        The user's own identifier: a notes CSV's id column, else the file name or URL.
    title, url
        From the page or file, when known.
    text
        The main text that extraction ran on (site chrome removed); every evidence span
        indexes into this string.
    published
        Publication date, or ``None`` when unknown.
    published_basis
        How ``published`` was established (page metadata, a dateline, the user, ...).
    ingested_at
        When the report was read (UTC).
    language
        The text's main language as detected when it was read (ISO 639-1, or ``und`` when
        the text is too short to tell; see :func:`strikemap.language.detect_language`);
        ``None`` only on a record built by hand, which the store detects on saving.
        Posts mixing languages keep their main one here; per-paragraph languages come
        from :func:`strikemap.language.paragraph_languages` on ``text``.
    language_probability
        The detector's probability for ``language`` (0 for ``und``).
    """

    id: str
    source_id: str
    title: str | None
    url: str | None
    text: str
    published: dt.date | None
    published_basis: PublishedBasis
    ingested_at: dt.datetime | None = None
    language: str | None = None
    language_probability: float | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    id: str
    name: str
    kind: PlaceKind
    country: str
    lat: float
    lon: float
    admin1: str | None = None
    population: int = 0
    alt_names: tuple[str, ...] = ()
    source: str = "geonames"
    uncertainty_km: float | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a place mention resolved to, and how sure we are.

    ``anchor_*``, ``bearing`` and ``distance_km`` are set for relative locations
    ("12 km south-east of Homs"): the point is the anchor moved along the bearing.
    """

    name: str
    lat: float
    lon: float
    precision: LocationPrecision
    uncertainty_km: float
    country: str | None = None
    admin1: str | None = None
    place_id: str | None = None
    confidence: float = 1.0
    reason: str = ""
    anchor_name: str | None = None
    anchor_lat: float | None = None
    anchor_lon: float | None = None
    bearing: str | None = None
    distance_km: float | None = None


CASUALTY_COUNTS: tuple[str, ...] = (
    "killed",
    "wounded",
    "missing",
    "civilians_killed",
    "children_killed",
    "fighters_killed",
    "civilians_wounded",
    "children_wounded",
    "fighters_wounded",
)
"""The counts a :class:`Casualties` holds; each has a ``<name>_max`` twin."""
_COUNT_FIELDS = tuple(f for n in CASUALTY_COUNTS for f in (n, n + "_max"))


@dataclass(frozen=True, slots=True)
class Casualties:
    """Casualty figures as a claim states them; ``None`` means not stated.

    Each count (:data:`CASUALTY_COUNTS`: killed, wounded and missing in all, and killed
    and wounded among civilians, children and fighters) is the stated figure or, for a
    range, its lower bound; its ``_max`` twin is the upper bound when one is stated. An
    exact figure ("30 killed") has both equal; "at least 30", "more than 20" (21),
    "dozens" (24), "scores" (40) have a minimum and no maximum; "up to 12" has only a
    maximum; "between 5 and 7" has both. ``text`` quotes the phrases the figures come
    from. The first five fields keep their historical order.
    """

    killed: int | None = None
    wounded: int | None = None
    civilians_killed: int | None = None
    children_killed: int | None = None
    text: str | None = None
    killed_max: int | None = None
    wounded_max: int | None = None
    civilians_killed_max: int | None = None
    children_killed_max: int | None = None
    missing: int | None = None
    missing_max: int | None = None
    fighters_killed: int | None = None
    fighters_killed_max: int | None = None
    civilians_wounded: int | None = None
    civilians_wounded_max: int | None = None
    children_wounded: int | None = None
    children_wounded_max: int | None = None
    fighters_wounded: int | None = None
    fighters_wounded_max: int | None = None

    def is_empty(self) -> bool:
        """Return whether the claim states no casualty figure at all."""
        if self.text is not None:
            return False
        for name in _COUNT_FIELDS:  # noqa: SIM110 (a generator costs more than these reads)
            if getattr(self, name) is not None:
                return False
        return True

    def range_of(self, count: str) -> tuple[int | None, int | None]:
        """Return ``(minimum, maximum)`` of a count (e.g. ``"killed"``) as stated."""
        return getattr(self, count), getattr(self, count + "_max")


def figures_disagree(ranges: list[tuple[int | None, int | None]]) -> bool:
    """Return whether claims' figures for one count contradict each other.

    Each item is a claim's ``(minimum, maximum)``. Figures with a maximum (exact ones,
    "up to 12", "between 5 and 7") disagree when their ranges do not overlap; a minimum
    alone ("at least 12") disagrees with a range that stays below it, and with another
    minimum alone that differs (two sources giving 4 and 9 as their figures disagree).
    """
    stated = [(lo or 0, hi) for lo, hi in ranges if lo is not None or hi is not None]
    for i, (a_lo, a_hi) in enumerate(stated):
        for b_lo, b_hi in stated[i + 1 :]:
            if a_hi is None and b_hi is None:
                if a_lo != b_lo:
                    return True
            elif a_hi is None:
                if b_hi is not None and b_hi < a_lo:
                    return True
            elif b_hi is None:
                if a_hi < b_lo:
                    return True
            elif a_hi < b_lo or b_hi < a_lo:
                return True
    return False


@dataclass(frozen=True, slots=True)
class Claim:
    """What one source says about one strike, with its evidence.

    ``quote == report_text[span_start:span_end]`` always holds.
    """

    report_id: str
    quote: str
    span_start: int
    span_end: int
    claimant: str | None = None
    claimed_target: str | None = None
    casualties: Casualties = field(default_factory=Casualties)
    denial: str | None = None
    denied_by: str | None = None


@dataclass(slots=True)
class Event:
    """One strike: a (place, date, actor) with every claim made about it.

    ``contested`` is derived from the claims (a denial, or disagreeing casualty figures),
    never set by hand. ``date_end`` is the last day when the date is an interval ("3-5
    March", "overnight into Tuesday"): ``date`` is then its first day; ``None`` means a
    single day (or an unknown date).
    """

    location: Location
    date: dt.date | None
    date_precision: DatePrecision
    actor: str | None
    claims: list[Claim]
    date_source: DateSource = "unknown"
    report_id: str | None = None
    id: int | None = None
    incident_id: int | None = None
    date_end: dt.date | None = None

    @property
    def contested(self) -> bool:
        """Return whether the claims about this event disagree."""
        if any(c.denial for c in self.claims):
            return True
        return any(
            figures_disagree([c.casualties.range_of(count) for c in self.claims])
            for count in ("killed", "civilians_killed")
        )


@dataclass(frozen=True, slots=True)
class UnresolvedPlace:
    """A place a strike sentence names that the gazetteer could not place.

    Reported to the user, stored, never mapped. ``candidates`` are the closest names.
    """

    name: str
    span_start: int
    span_end: int
    quote: str
    candidates: tuple[str, ...] = ()
    fallback: Location | None = None


@dataclass(slots=True)
class Extraction:
    """Everything extraction found in one report."""

    report: Report
    events: list[Event] = field(default_factory=list)
    unresolved: list[UnresolvedPlace] = field(default_factory=list)
    unlocated_claims: list[Claim] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
