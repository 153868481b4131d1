"""One event per strike: group a report's strike mentions and fold the coarser ones.

Each strike place of a report first becomes a :class:`PendingStrike`; those with the
same place, date and actor are one event (:func:`fold_events`). Reports then tell one
strike at several granularities, and each telling would map a strike of its own:

* a headline and the body ("Israeli airstrikes kill 20 in central Gaza" over "... hit
  a school in Nuseirat"): the headline's event folds into the body event it summarises;
* a place and its area ("a school in the Nuseirat refugee camp in central Gaza", "a
  landmark in its town", "shelling near the nuclear power plant in Enerhodar", a
  province and a town in it): the coarser event folds into the finer one.

Folding is decided by geometry, not by names: the finer location lies inside the
coarser one (within its uncertainty radius, or in the first-level area it is), the
dates agree and the actors do not conflict. An area written as a natural one (a valley,
a plain) has no border: whatever its circle covers is inside it, whichever province the
gazetteer gives ("the Bekaa Valley" round Baalbek). The coarser mention's claims join
the finer event as evidence. Places of the same granularity never fold (two towns
struck the same night are two strikes), and neither does an area that only stands in
for a place the gazetteer does not know (a village of the province, not the province);
a town standing in for an unknown part of it still takes in its province.
An area told in another sentence than the finer strike folds only when its sentence may
retell that strike (:func:`strikemap.extract.retelling.may_retell`): not when it says
"also" or "elsewhere", lists other places, names another weapon or another toll.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from strikemap.extract.retelling import may_retell
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.normalize import normalize_name
from strikemap.model import (
    PRECISION_ORDER,
    Claim,
    DatePrecision,
    DateSource,
    Event,
    Location,
)

_SOURCE_RANK: dict[str, int] = {
    "sentence": 0, "paragraph": 1, "user": 2, "publication": 3, "unknown": 4,
}  # fmt: skip
_HEADLINE_LINES = 4
_HEADLINE_MAX_CHARS = 200


@dataclasses.dataclass(slots=True)
class PendingStrike:
    """One strike place of a report, located and dated, with the claim that tells it."""

    location: Location
    date: dt.date | None
    precision: DatePrecision
    source: DateSource
    actor: str | None
    claim: Claim
    stand_in: bool = False
    """The location stands in for a named place the gazetteer does not know (its area,
    its anchor town): it says where an unknown place lies, not that the area was struck."""
    date_end: dt.date | None = None
    """The last day when the date is an interval ("3-5 March"), else ``None``."""
    natural: bool = False
    """The place is written as a natural area ("the Bekaa Valley"): it has no border."""


_NATURAL_HEADS = frozenset(
    {"valley", "plain", "plains", "mountains", "hills", "desert", "coast", "basin",
     "plateau", "heights"}
)  # fmt: skip


def is_natural_area(surface: str) -> bool:
    """Return whether a place is written as a natural area ("Bekaa Valley", "Nineveh Plains")."""
    words = surface.split()
    return len(words) > 1 and words[-1].lower() in _NATURAL_HEADS


def fold_events(pending: list[PendingStrike], report_id: str, text: str) -> list[Event]:
    """Return one event per strike of a report.

    Parameters
    ----------
    pending
        The report's strike places, in text order.
    report_id
        The report's id, recorded on each event.
    text
        The report text (its headline lines are read from it).
    """
    stand_ins = {place_key(p.location) for p in pending if p.stand_in}
    natural = {place_key(p.location) for p in pending if p.natural}
    events = _fold_headline(_group(pending, report_id), _headline_spans(text))
    return _fold_granularities(events, stand_ins, natural)


def place_key(loc: Location) -> tuple[object, ...]:
    """Return what makes two locations the same place (id, rounded point, precision)."""
    return (loc.place_id or loc.name, round(loc.lat, 3), round(loc.lon, 3), loc.precision)


def _headline_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of headline lines.

    Among the first lines, those without a final full stop that more text follows
    ("Israeli airstrikes kill 20 in central Gaza camps").
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for _ in range(_HEADLINE_LINES):
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        stripped = text[pos:end].strip()
        if stripped and len(stripped) <= _HEADLINE_MAX_CHARS and stripped[-1] not in '.!?"”':
            spans.append((pos, end))
        elif stripped.endswith((".", "!", "?")):
            break  # the body has begun
        pos = end + 1
    return spans if pos < len(text) else []


def _fold_headline(events: list[Event], headline: list[tuple[int, int]]) -> list[Event]:
    """Fold an event told only by the headline into the body event it summarises.

    "Israeli airstrikes kill 20 in central Gaza camps" over a body naming Nuseirat and
    Maghazi: the headline's place contains a body strike of the same actor and date (or
    lies in that strike's circle), so its claim joins that strike instead of mapping a
    second one. A headline whose strike the body does not locate stays an event.
    """
    if not headline or len(events) < 2:
        return events

    def in_headline(c: Claim) -> bool:
        return any(a <= c.span_start and c.span_end <= b for a, b in headline)

    body = [e for e in events if not all(in_headline(c) for c in e.claims)]
    out: list[Event] = []
    for e in events:
        if e in body or not body:
            out.append(e)
            continue
        loc = e.location
        # "RUSSIAN STRIKES HIT IDLIB" over strikes in Idlib province: the headline names
        # the province by its capital.
        seat = loc.admin1 is not None and normalize_name(loc.admin1).startswith(
            normalize_name(loc.name)
        )
        match = next(
            (
                b
                for b in body
                if (e.actor is None or b.actor is None or e.actor == b.actor)
                # A headline rarely dates its strike: dated by the publication, it tells
                # of the past week's strikes ("on Monday" in the body).
                and (
                    e.date is None
                    or b.date is None
                    or abs((e.date - b.date).days) <= 2
                    or (e.date_source == "publication" and 0 <= (e.date - b.date).days <= 7)
                )
                and (
                    haversine_km(loc.lat, loc.lon, b.location.lat, b.location.lon)
                    <= max(loc.uncertainty_km, b.location.uncertainty_km)
                    or (seat and b.location.admin1 == loc.admin1)
                )
            ),
            None,
        )
        if match is None:
            out.append(e)
        else:
            match.claims.extend(c for c in e.claims if c not in match.claims)
    return out


def _group(pending: list[PendingStrike], report_id: str) -> list[Event]:
    """Merge pending strikes into one event per (place, date, actor)."""
    events: dict[tuple[object, ...], Event] = {}
    for p in pending:
        key = (place_key(p.location), p.date, p.actor)
        ev = events.get(key)
        if ev is None:
            events[key] = Event(
                location=p.location,
                date=p.date,
                date_precision=p.precision,
                actor=p.actor,
                claims=[p.claim],
                date_source=p.source,
                report_id=report_id,
                date_end=p.date_end,
            )
        else:
            if p.claim not in ev.claims:
                ev.claims.append(p.claim)
            # Keep the best-founded date basis among the merged claims.
            if _SOURCE_RANK[p.source] < _SOURCE_RANK[ev.date_source]:
                ev.date_precision, ev.date_source = p.precision, p.source
                ev.date_end = p.date_end
    return list(events.values())


_RANK = {p: i for i, p in enumerate(PRECISION_ORDER)}
_EDGE_KM = 5.0
"""How far beyond a town's circle a place written with it in one sentence may lie."""


def _fold_granularities(
    events: list[Event], stand_ins: set[tuple[object, ...]], natural: set[tuple[object, ...]]
) -> list[Event]:
    """Fold each event into a finer event of the same strike inside its location.

    The coarsest events are folded first, so a province folds into the town inside it
    rather than into a district that itself folds into that town. Among several finer
    events inside, the one told in the same sentence wins, else the one told nearest in
    the text (a summary sentence usually precedes or follows its detail).
    """
    if len(events) < 2:
        return events
    order = sorted(range(len(events)), key=lambda i: -_RANK.get(events[i].location.precision, 0))
    # (Absorbing changes no event's location: whether each stands in is read once.)
    stands_in = [place_key(e.location) in stand_ins for e in events]
    # How many events each sentence places: a sentence placing several lists them.
    placed = Counter((c.span_start, c.span_end) for e in events for c in e.claims)
    gone: set[int] = set()
    for i in order:
        coarse = events[i]
        if stands_in[i]:
            continue
        borderless = place_key(coarse.location) in natural
        finer = [
            j
            for j, fine in enumerate(events)
            if j != i
            and j not in gone
            # A town standing in for an unknown part of it ("Gaza City's Al-Rimal
            # neighbourhood") still locates the strike finer than a province does.
            and (not stands_in[j] or fine.location.precision not in _AREAS)
            and _same_strike(fine, coarse, borderless)
            and _told_as_one(fine, coarse, placed)
        ]
        if not finer:
            continue
        j = min(finer, key=lambda j: _text_distance(events[j], coarse))
        _absorb(events[j], coarse)
        gone.add(i)
    return [e for i, e in enumerate(events) if i not in gone]


def _same_strike(fine: Event, coarse: Event, borderless: bool = False) -> bool:
    """Return whether ``coarse`` tells the strike ``fine`` locates, at a coarser grain.

    ``borderless``: the coarse place is a natural area, containing what its circle does.
    """
    f, c = fine.location, coarse.location
    if _RANK.get(f.precision, 0) >= _RANK.get(c.precision, 0):
        return False
    if fine.actor is not None and coarse.actor is not None and fine.actor != coarse.actor:
        return False
    if not _dates_agree(fine, coarse) and not _undated_retelling(fine, coarse):
        return False
    if c.bearing is not None and c.anchor_name is not None and c.anchor_name == f.name:
        return False  # "10 km north of T" is not T itself
    if f.country and c.country and f.country != c.country:
        return False
    if c.admin1 and f.admin1 and not (borderless and f.admin1 != c.admin1):
        # A circle drawn round an area reaches into its neighbours: a place in another
        # first-level area is outside it, whatever the distance.
        if f.admin1 != c.admin1:
            return False
        if c.precision == "admin1":
            return True
    reach = c.uncertainty_km
    if c.precision in ("town", "relative") and _share_a_claim(fine, coarse):
        # Written together ("the nuclear power plant in Enerhodar", "near the plant in
        # Enerhodar"): a facility of a town often lies at its edge, beyond the circle
        # drawn round its centre.
        reach += f.uncertainty_km + _EDGE_KM
    return haversine_km(f.lat, f.lon, c.lat, c.lon) <= reach


_AREAS = frozenset({"admin1", "region", "district"})


def _told_as_one(fine: Event, coarse: Event, placed: Counter[tuple[int, int]]) -> bool:
    """Return whether an area told apart from a finer strike may be telling that strike.

    Told in the same sentence, it is. Told in another, it is unless that sentence tells
    other strikes (see :mod:`strikemap.extract.retelling`).
    """
    if coarse.location.precision not in _AREAS or _share_a_claim(fine, coarse):
        return True
    own = [c for c in coarse.claims if c not in fine.claims]
    listed = any(placed[(c.span_start, c.span_end)] > 1 for c in own)
    return may_retell(own, fine.claims, listed)


def _share_a_claim(a: Event, b: Event) -> bool:
    """Return whether two events are told by the same sentence."""
    spans = {(c.span_start, c.span_end) for c in a.claims}
    return any((c.span_start, c.span_end) in spans for c in b.claims)


def _dates_agree(a: Event, b: Event) -> bool:
    """Return whether two events' dates may be the same strike's.

    The same day, or an unknown date; an overnight date also agrees with the day after
    or before. A date read from the publication alone agrees only with the same day: a
    strike the text dates to another day is another strike.
    """
    if a.date is None or b.date is None or a.date == b.date:
        return True
    if "overnight" in (a.date_precision, b.date_precision):
        return abs((a.date - b.date).days) <= 1 and "publication" not in (
            a.date_source,
            b.date_source,
        )
    return False


_RETOLD_WITHIN_DAYS = 7
"""How many days before its publication an area the text does not date may retell a strike."""


def _undated_retelling(fine: Event, coarse: Event) -> bool:
    """Return whether an area the text does not date may retell a dated strike.

    "Israeli air strikes killed 12 in Baalbek on Monday ... The military said its jets
    struck the Bekaa Valley": the area takes the publication date for want of its own;
    it may be the strike of the week before, if its sentence may retell it (checked by
    :func:`_told_as_one`: only for an area told in another sentence).
    """
    if (
        coarse.date_source != "publication"
        or coarse.location.precision not in _AREAS
        or coarse.date is None
        or fine.date is None
        or _share_a_claim(fine, coarse)
    ):
        return False
    return 0 <= (coarse.date - fine.date).days <= _RETOLD_WITHIN_DAYS


def _text_distance(fine: Event, coarse: Event) -> tuple[int, int]:
    """Return how far apart two events are told: 0 when they share a sentence."""
    spans = [(c.span_start, c.span_end) for c in fine.claims]
    gap = min(
        max(0, max(a, ca) - min(b, cb))
        for a, b in spans
        for ca, cb in ((c.span_start, c.span_end) for c in coarse.claims)
    )
    return gap, _RANK.get(fine.location.precision, 0)


def _absorb(fine: Event, coarse: Event) -> None:
    """Add a coarser event's claims (and what it knows better) to the finer event."""
    fine.claims.extend(c for c in coarse.claims if c not in fine.claims)
    if fine.actor is None:
        fine.actor = coarse.actor
    if coarse.date is not None and (
        fine.date is None or _SOURCE_RANK[coarse.date_source] < _SOURCE_RANK[fine.date_source]
    ):
        fine.date, fine.date_precision = coarse.date, coarse.date_precision
        fine.date_source, fine.date_end = coarse.date_source, coarse.date_end
