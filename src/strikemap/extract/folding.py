"""One event per strike: group a report's strike mentions and fold the coarser ones.

Each strike place of a report first becomes a :class:`PendingStrike`; those with the
same place, date and actor are one event (:func:`fold_events`). A strike told by a
headline and again by the body is one strike: the headline's event folds into the body
event it summarises, its claims kept as evidence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.normalize import normalize_name
from strikemap.model import Claim, DatePrecision, DateSource, Event, Location

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
    return _fold_headline(_group(pending, report_id), _headline_spans(text))


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
            )
        else:
            if p.claim not in ev.claims:
                ev.claims.append(p.claim)
            # Keep the best-founded date basis among the merged claims.
            if _SOURCE_RANK[p.source] < _SOURCE_RANK[ev.date_source]:
                ev.date_precision, ev.date_source = p.precision, p.source
    return list(events.values())
