"""Score extraction against gold: the seed-style gold JSON and notes CSVs (ACLED-like).

A predicted event matches a gold event when its point lies within the gold
``tolerance_km`` (10 km by default) and its date is within one day. Recall counts gold
events matched by some prediction; precision counts predictions matching some gold event.
Because strikemap keeps one event per (place, date, actor), two gold events at the same
place and date (e.g. two sources' claims about one strike) may be matched by one event.

For notes CSVs each note is one report with one gold event; the tolerance is 10 km for
ACLED ``geo_precision`` 1, 25 km for 2 ("near" / part of a region) and 100 km for 3.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from strikemap.extract import extract_report
from strikemap.extract.actors import ActorTable, load_actor_table
from strikemap.gazetteer.base import GazetteerLike
from strikemap.model import Event, Extraction

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "and",
        "or",
        "by",
        "for",
        "from",
        "with",
        "its",
        "it",
        "s",
    ]
)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One gold strike."""

    id: str
    place: str
    lat: float
    lon: float
    date: dt.date | None
    tolerance_km: float = 10.0
    admin1: str | None = None
    actor: str | None = None
    claimant: str | None = None
    target: str | None = None


@dataclass(slots=True)
class Score:
    """Aggregated figures and the itemised misses and false alarms."""

    gold: int = 0
    predicted: int = 0
    gold_matched: int = 0
    predicted_matched: int = 0
    within_1: int = 0
    within_10: int = 0
    within_25: int = 0
    admin1_ok: int = 0
    admin1_n: int = 0
    date_exact: int = 0
    actor_ok: int = 0
    actor_n: int = 0
    claimant_ok: int = 0
    claimant_n: int = 0
    target_ok: int = 0
    target_n: int = 0
    errors_km: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    not_strike_mapped: list[str] = field(default_factory=list)
    unlocated_found: int = 0
    unlocated_n: int = 0

    @property
    def recall(self) -> float:
        """Share of gold events matched."""
        return self.gold_matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        """Share of predicted events matching a gold event."""
        return self.predicted_matched / self.predicted if self.predicted else 0.0

    def format(self) -> str:
        """Return a human-readable multi-line summary."""

        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "   n/a"

        med = sorted(self.errors_km)[len(self.errors_km) // 2] if self.errors_km else float("nan")
        lines = [
            f"event recall      {pct(self.gold_matched, self.gold)}",
            f"event precision   {pct(self.predicted_matched, self.predicted)}",
            f"within 1 km       {pct(self.within_1, self.gold)}",
            f"within 10 km      {pct(self.within_10, self.gold)}",
            f"within 25 km      {pct(self.within_25, self.gold)}",
            f"median error km   {med:.1f}",
            f"admin1 correct    {pct(self.admin1_ok, self.admin1_n)}",
            f"date exact        {pct(self.date_exact, self.gold_matched)}",
            f"actor correct     {pct(self.actor_ok, self.actor_n)}",
            f"claimant found    {pct(self.claimant_ok, self.claimant_n)}",
            f"target found      {pct(self.target_ok, self.target_n)}",
        ]
        if self.unlocated_n:
            lines.append(f"unlocated kept    {pct(self.unlocated_found, self.unlocated_n)}")
        if self.not_strike_mapped or self.unlocated_n:
            lines.append(f"not-strike places mapped: {len(self.not_strike_mapped)}")
            lines += [f"  MAPPED {m}" for m in self.not_strike_mapped]
        lines += [f"  MISS {m}" for m in self.misses]
        lines += [f"  FALSE ALARM {m}" for m in self.false_alarms]
        return "\n".join(lines)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _words(s: str | None) -> set[str]:
    if not s:
        return set()
    return {w for w in re.findall(r"[a-z0-9]+", s.lower().replace("’", "'")) if w not in _STOP}


def text_overlaps(pred: str | None, gold: str | None) -> bool:
    """Return whether two phrases share at least half the words of the shorter one."""
    a, b = _words(pred), _words(gold)
    if not a or not b:
        return False
    return len(a & b) >= max(1, math.ceil(min(len(a), len(b)) / 2))


def _fold_admin(s: str | None) -> str:
    s = (s or "").lower()
    s = re.sub(r"\b(?:governorate|province|oblast|region|muhafazat|al|as|ad|ar)\b", "", s)
    s = re.sub(r"[^a-z]", "", s)
    return s.replace("ee", "i").replace("e", "i").replace("y", "i")


def _admin_equal(a: str | None, b: str | None) -> bool:
    fa, fb = _fold_admin(a), _fold_admin(b)
    if not fa or not fb:
        return False
    from rapidfuzz import fuzz  # lazy: only scoring needs it

    return fa == fb or fuzz.ratio(fa, fb) >= 80


def _describe(e: Event) -> str:
    return (
        f"{e.location.name} ({e.location.lat:.3f},{e.location.lon:.3f}) {e.date} "
        f"actor={e.actor} precision={e.location.precision}"
    )


def score_events(
    golds: list[GoldEvent],
    extraction: Extraction,
    score: Score,
    actors: ActorTable,
    label: str = "",
) -> None:
    """Add one report's events to ``score`` against its gold events."""
    events = extraction.events
    score.gold += len(golds)
    score.predicted += len(events)
    matched_pred: set[int] = set()
    for g in golds:
        best: tuple[float, int] | None = None
        best_rank = math.inf
        near: tuple[float, int] | None = None
        for i, e in enumerate(events):
            d = haversine_km(g.lat, g.lon, e.location.lat, e.location.lon)
            if near is None or d < near[0]:
                near = (d, i)
            date_ok = g.date is None or (e.date is not None and abs((e.date - g.date).days) <= 1)
            if d <= g.tolerance_km and date_ok:
                matched_pred.add(i)
                # Prefer the event with the right date, then the nearest one.
                rank = d + (0.0 if e.date == g.date else 1e6)
                if best is None or rank < best_rank:
                    best, best_rank = (d, i), rank
        if near is not None:
            e = events[near[1]]
            score.errors_km.append(near[0])
            score.within_1 += near[0] <= 1
            score.within_10 += near[0] <= 10
            score.within_25 += near[0] <= 25
            if g.admin1:
                score.admin1_n += 1
                score.admin1_ok += _admin_equal(e.location.admin1, g.admin1)
        elif g.admin1:
            score.admin1_n += 1
        gold_actor = actors.normalise(g.actor) if g.actor else None
        if best is None:
            why = f"nearest {near[0]:.1f} km: {_describe(events[near[1]])}" if near else "no event"
            score.misses.append(f"{label}{g.id} {g.place} {g.date}: {why}")
            continue
        score.gold_matched += 1
        e = events[best[1]]
        score.date_exact += e.date == g.date
        # Actor, claimant and target are scored on matched events only.
        score.actor_n += bool(gold_actor)
        score.claimant_n += bool(g.claimant)
        score.target_n += bool(g.target)
        if gold_actor:
            score.actor_ok += e.actor == gold_actor
        if g.claimant:
            score.claimant_ok += any(text_overlaps(c.claimant, g.claimant) for c in e.claims)
        if g.target:
            score.target_ok += any(text_overlaps(c.claimed_target, g.target) for c in e.claims)
    score.predicted_matched += len(matched_pred)
    for i, e in enumerate(events):
        if i not in matched_pred:
            score.false_alarms.append(f"{label}{_describe(e)}")


def _parse_date(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


def load_gold(gold_json_path: Path) -> tuple[dict[str, object], list[GoldEvent]]:
    """Read a gold JSON file (seed-article format) and its events."""
    gold = json.loads(Path(gold_json_path).read_text(encoding="utf-8"))
    events = [
        GoldEvent(
            id=str(g.get("id", "")),
            place=str(g.get("place", "")),
            lat=float(g["lat"]),
            lon=float(g["lon"]),
            date=_parse_date(g.get("date")),
            tolerance_km=float(g.get("tolerance_km") or 10.0),
            admin1=g.get("admin1"),
            actor=g.get("actor"),
            claimant=g.get("claimant"),
            target=g.get("claimed_target"),
        )
        for g in gold.get("events", [])
    ]
    return gold, events


def evaluate_gold(
    gold_json_path: Path, extraction: Extraction, *, actors: ActorTable | None = None
) -> Score:
    """Score one report's extraction against a gold JSON file.

    Besides event figures, counts not-strike places that were mapped (an event whose
    place or anchor is named like one) and gold unlocated reports kept as unlocated claims.
    """
    table = actors or load_actor_table()
    gold, events = load_gold(Path(gold_json_path))
    score = Score()
    score_events(events, extraction, score, table)
    for ns in gold.get("not_strike_locations", []):  # type: ignore[attr-defined]
        name = str(ns["place"]).lower()
        for e in extraction.events:
            names = {e.location.name.lower(), (e.location.anchor_name or "").lower()}
            if name in names:
                score.not_strike_mapped.append(f"{ns['place']}: {_describe(e)}")
    for ur in gold.get("unlocated_reports", []):  # type: ignore[attr-defined]
        score.unlocated_n += 1
        ev = " ".join(_words(ur.get("evidence")))
        if any(
            text_overlaps(" ".join(_words(c.quote)), ev)
            and len(_words(c.quote) & _words(ur.get("evidence"))) >= 0.6 * len(_words(ev))
            for c in extraction.unlocated_claims
        ):
            score.unlocated_found += 1
    return score


def _notes_tolerance(geo_precision: str | None) -> float:
    return {"1": 10.0, "2": 25.0, "3": 100.0}.get((geo_precision or "").strip(), 10.0)


def evaluate_notes_csv(
    path: Path, gazetteer: GazetteerLike, *, actors: ActorTable | None = None
) -> Score:
    """Extract every note of a notes CSV and score it against the coded columns.

    Columns used: ``id``, ``text`` (via :func:`strikemap.read.read_notes_csv`),
    ``latitude``, ``longitude``, ``date``, ``actor``, ``admin1``, ``location``,
    ``geo_precision``.
    """
    from strikemap.read import read_notes_csv

    table = actors or load_actor_table()
    reports = {r.source_id: r for r in read_notes_csv(Path(path))}
    score = Score()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            rep = reports.get((row.get("id") or "").strip())
            if rep is None:
                continue
            g = GoldEvent(
                id=row["id"],
                place=row.get("location") or "",
                lat=float(row["latitude"]),
                lon=float(row["longitude"]),
                date=_parse_date(row.get("date")),
                tolerance_km=_notes_tolerance(row.get("geo_precision")),
                admin1=row.get("admin1"),
                actor=row.get("actor"),
            )
            ex = extract_report(rep, gazetteer, actors=table)
            score_events([g], ex, score, table, label=f"{row['id']}: ")
    return score
