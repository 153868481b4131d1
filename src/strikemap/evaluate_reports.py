"""Score extraction against gold: seed-style gold JSON, notes CSVs (ACLED-like), FA-KES.

Matching rule (printed with every score)
----------------------------------------
A predicted event *matches* a gold event when its date is within one day of the gold
date and the gold point lies within ``max(gold tolerance_km, predicted uncertainty_km)``
of the predicted point. A location that says "somewhere within R km of P" is right when
the truth is inside that circle: an unknown village honestly placed at its province
(admin1 precision, radius of the province) matches a gold point inside the province.
Because that rule rewards coarse answers, the *strict* figures (gold tolerance only) and
the shares of gold events with a predicted point within 1/10/25 km are printed beside it.

Each gold event is matched to at most one predicted event and each predicted event to at
most one gold event (a maximum matching; among several candidates the event whose claim
quotes the gold evidence wins, then the exact date, then the nearest). A gold event
marked ``same_strike_as`` another may share that event's prediction (two claims about one
strike are one event in strikemap). Recall counts matched gold events; precision counts
predicted events within the rule's distance and date of *some* gold event (a note naming
three villages may yield three correct events where the coder kept one). Date, actor,
claimant and target are scored on the matched pairs.

For notes CSVs each note is one report with one gold event; the gold tolerance is 10 km
for ACLED ``geo_precision`` 1, 25 km for 2 ("near" / part of a region) and 100 km for 3.
For FA-KES-style articles (a ``fakes_gold:`` header line), see :func:`evaluate_fakes_dir`.
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
from strikemap.held_out import part_of
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
    evidence: str | None = None
    same_as: str | None = None


@dataclass(slots=True)
class Score:
    """Aggregated figures and the itemised misses and false alarms."""

    gold: int = 0
    predicted: int = 0
    gold_matched: int = 0
    predicted_matched: int = 0
    gold_matched_strict: int = 0
    predicted_matched_strict: int = 0
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
    wrong: list[str] = field(default_factory=list)
    not_strike_mapped: list[str] = field(default_factory=list)
    unlocated_found: int = 0
    unlocated_n: int = 0
    toll_ok: int = 0
    toll_n: int = 0
    no_toll_ok: int = 0
    no_toll_n: int = 0

    @property
    def recall(self) -> float:
        """Share of gold events matched (rule: within max(tolerance, uncertainty))."""
        return self.gold_matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        """Share of predicted events matching some gold event (same rule)."""
        return self.predicted_matched / self.predicted if self.predicted else 0.0

    @property
    def recall_strict(self) -> float:
        """Share of gold events matched within the gold tolerance alone."""
        return self.gold_matched_strict / self.gold if self.gold else 0.0

    @property
    def precision_strict(self) -> float:
        """Share of predicted events within the gold tolerance of some gold event."""
        return self.predicted_matched_strict / self.predicted if self.predicted else 0.0

    def format(self) -> str:
        """Return a human-readable multi-line summary (the matching rule first)."""

        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "   n/a"

        med = sorted(self.errors_km)[len(self.errors_km) // 2] if self.errors_km else float("nan")
        lines = [
            "rule: match = date within 1 day and gold point within "
            "max(gold tolerance, predicted uncertainty_km); strict = gold tolerance only",
            f"event recall      {pct(self.gold_matched, self.gold)}",
            f"event precision   {pct(self.predicted_matched, self.predicted)}",
            f"recall strict     {pct(self.gold_matched_strict, self.gold)}",
            f"precision strict  {pct(self.predicted_matched_strict, self.predicted)}",
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
        if self.toll_n or self.no_toll_n:
            lines.append(f"toll found        {pct(self.toll_ok, self.toll_n)}")
            lines.append(f"no toll invented  {pct(self.no_toll_ok, self.no_toll_n)}")
        if self.unlocated_n:
            lines.append(f"unlocated kept    {pct(self.unlocated_found, self.unlocated_n)}")
        if self.not_strike_mapped or self.unlocated_n:
            lines.append(f"not-strike places mapped: {len(self.not_strike_mapped)}")
            lines += [f"  MAPPED {m}" for m in self.not_strike_mapped]
        lines += [f"  MISS {m}" for m in self.misses]
        lines += [f"  FALSE ALARM {m}" for m in self.false_alarms]
        lines += [f"  WRONG {m}" for m in self.wrong]
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
        f"actor={e.actor} precision={e.location.precision} "
        f"±{e.location.uncertainty_km:.0f} km"
    )


def match_distance_km(gold: GoldEvent, event: Event) -> float:
    """Return the distance within which ``event`` matches ``gold`` under the lenient rule."""
    return max(gold.tolerance_km, event.location.uncertainty_km)


def _date_ok(g: GoldEvent, e: Event) -> bool:
    return g.date is None or (e.date is not None and abs((e.date - g.date).days) <= 1)


def _evidence_overlap(g: GoldEvent, e: Event) -> float:
    """Share of the gold evidence's words found in one of the event's claim quotes."""
    ev = _words(g.evidence)
    if not ev:
        return 0.0
    return max((len(ev & _words(c.quote)) / len(ev) for c in e.claims), default=0.0)


def _max_matching(prefs: list[list[int]]) -> dict[int, int]:
    """Return a maximum gold->event matching (Kuhn), trying each gold's events in order."""
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set[int]) -> bool:
        for ei in prefs[gi]:
            if ei in seen:
                continue
            seen.add(ei)
            if ei not in owner or augment(owner[ei], seen):
                owner[ei] = gi
                return True
        return False

    for gi in range(len(prefs)):
        augment(gi, set())
    return {gi: ei for ei, gi in owner.items()}


def _referents(golds: list[GoldEvent]) -> dict[int, int]:
    """Map each gold event that strikemap would merge into an earlier one to that one.

    Explicit ``same_strike_as`` links count, and so do gold events on the same date within
    each other's tolerance: one event per (place, date, actor) is the data model.
    """
    ids = {g.id: i for i, g in enumerate(golds)}
    ref: dict[int, int] = {}
    for j, g in enumerate(golds):
        if g.same_as and g.same_as in ids and ids[g.same_as] != j:
            ref[j] = ids[g.same_as]
            continue
        for i in range(j):
            h = golds[i]
            if (
                i not in ref
                and h.date == g.date
                and haversine_km(h.lat, h.lon, g.lat, g.lon) <= min(h.tolerance_km, g.tolerance_km)
            ):
                ref[j] = i
                break
    return ref


def score_events(
    golds: list[GoldEvent],
    extraction: Extraction,
    score: Score,
    actors: ActorTable,
    label: str = "",
) -> None:
    """Add one report's events to ``score`` against its gold events (rule: module doc)."""
    events = extraction.events
    score.gold += len(golds)
    score.predicted += len(events)
    dist = [[haversine_km(g.lat, g.lon, e.location.lat, e.location.lon) for e in events]
            for g in golds]  # fmt: skip

    def feasible(gi: int, strict: bool) -> list[int]:
        g = golds[gi]
        ok = [
            ei
            for ei, e in enumerate(events)
            if _date_ok(g, e)
            and dist[gi][ei] <= (g.tolerance_km if strict else match_distance_km(g, e))
        ]
        # Preference: the claim quoting the gold evidence, the exact date, the nearest.
        ok.sort(
            key=lambda ei: (
                -round(_evidence_overlap(g, events[ei]), 1),
                events[ei].date != g.date,
                dist[gi][ei],
            )
        )
        return ok

    ref = _referents(golds)
    primary = [i for i in range(len(golds)) if i not in ref]
    assigned: dict[int, int] = {}
    strict_matched = 0
    for strict in (True, False):
        prefs = [feasible(gi, strict) for gi in primary]
        m = {primary[k]: ei for k, ei in _max_matching(prefs).items()}
        for gi, ri in ref.items():
            # A second claim about the same strike may share its referent's event.
            opts = [ei for ei in feasible(gi, strict) if ei == m.get(ri) or ei not in m.values()]
            if opts:
                m[gi] = opts[0]
        if strict:
            strict_matched = len(m)
        else:
            assigned = m
    score.gold_matched_strict += strict_matched
    for ei, e in enumerate(events):
        if any(_date_ok(g, e) and dist[gi][ei] <= g.tolerance_km for gi, g in enumerate(golds)):
            score.predicted_matched_strict += 1
        if any(
            _date_ok(g, e) and dist[gi][ei] <= match_distance_km(g, e) for gi, g in enumerate(golds)
        ):
            score.predicted_matched += 1
        else:
            score.false_alarms.append(f"{label}{_describe(e)}")
    for gi, g in enumerate(golds):
        near = min(range(len(events)), key=lambda ei: dist[gi][ei]) if events else None
        if near is not None:
            d = dist[gi][near]
            score.errors_km.append(d)
            score.within_1 += d <= 1
            score.within_10 += d <= 10
            score.within_25 += d <= 25
        if g.admin1:
            score.admin1_n += 1
            ei_admin = assigned.get(gi, near)
            if ei_admin is not None:
                score.admin1_ok += _admin_equal(events[ei_admin].location.admin1, g.admin1)
        gold_actor = actors.normalise(g.actor) if g.actor else None
        if gi not in assigned:
            why = (
                f"nearest {dist[gi][near]:.1f} km: {_describe(events[near])}"
                if near is not None
                else "no event"
            )
            score.misses.append(f"{label}{g.id} {g.place} {g.date}: {why}")
            continue
        score.gold_matched += 1
        e = events[assigned[gi]]
        score.date_exact += e.date == g.date
        # Actor, claimant and target are scored on matched events only.
        score.actor_n += bool(gold_actor)
        score.claimant_n += bool(g.claimant)
        score.target_n += bool(g.target)
        problems: list[str] = []
        if e.date != g.date:
            problems.append(f"date {e.date} != {g.date}")
        if gold_actor:
            score.actor_ok += e.actor == gold_actor
            if e.actor != gold_actor:
                problems.append(f"actor {e.actor} != {gold_actor}")
        if g.claimant:
            ok = any(text_overlaps(c.claimant, g.claimant) for c in e.claims)
            score.claimant_ok += ok
            if not ok:
                problems.append(f"claimant {[c.claimant for c in e.claims]} != {g.claimant!r}")
        if g.target:
            ok = any(text_overlaps(c.claimed_target, g.target) for c in e.claims)
            score.target_ok += ok
            if not ok:
                problems.append(f"target {[c.claimed_target for c in e.claims]} != {g.target!r}")
        if problems:
            score.wrong.append(f"{label}{g.id} {g.place}: " + "; ".join(problems))


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
            evidence=g.get("evidence"),
            same_as=g.get("same_strike_as"),
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


NOTES_HELD_OUT_SHARE = 0.3
"""Share of a notes CSV's rows in the held-out part (by a hash of the note id)."""


def note_part(note_id: str) -> str:
    """Return ``fit`` or ``held-out`` for a note (deterministic across runs and machines).

    Rules and fitted models are written and tuned on the fit part only; the held-out part
    measures how they generalise to notes of the same kind.
    """
    return part_of(f"notes/{note_id.strip()}", NOTES_HELD_OUT_SHARE)


def evaluate_notes_csv(
    path: Path,
    gazetteer: GazetteerLike,
    *,
    actors: ActorTable | None = None,
    part: str | None = None,
) -> Score:
    """Extract every note of a notes CSV and score it against the coded columns.

    Columns used: ``id``, ``text`` (via :func:`strikemap.read.read_notes_csv`),
    ``latitude``, ``longitude``, ``date``, ``actor``, ``admin1``, ``location``,
    ``geo_precision`` and, when present, ``fatalities`` (the toll figures). With
    ``part`` (``fit`` or ``held-out``), only that part's notes (:func:`note_part`).
    """
    from strikemap.read import read_notes_csv

    table = actors or load_actor_table()
    reports = {r.source_id: r for r in read_notes_csv(Path(path))}
    score = Score()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            rep = reports.get((row.get("id") or "").strip())
            if rep is None or (part is not None and note_part(row["id"]) != part):
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
            _score_toll(row.get("fatalities"), ex, score)
    return score


_KILLED_COUNTS = ("killed", "civilians_killed", "children_killed", "fighters_killed")


def _score_toll(fatalities: str | None, ex: Extraction, score: Score) -> None:
    """Score a note's killed figures against its coded ``fatalities``.

    A coded toll is *found* when some claim of the report (located or not) states that
    number as its killed figure, in all or in one category; a note coded 0 counts as
    right when no claim states anyone killed. Coders' estimates ("fatalities coded as
    10") are no statement of the report, so a toll is not expected to reach 100%.
    """
    try:
        coded = int(float(fatalities)) if fatalities not in (None, "") else None
    except ValueError:
        coded = None
    if coded is None:
        return
    claims = [c for e in ex.events for c in e.claims] + list(ex.unlocated_claims)
    stated = {getattr(c.casualties, n) for c in claims for n in _KILLED_COUNTS} - {None}
    if coded > 0:
        score.toll_n += 1
        score.toll_ok += coded in stated
    else:
        score.no_toll_n += 1
        score.no_toll_ok += not any(v > 0 for v in stated)


@dataclass(slots=True)
class FakesScore:
    """Figures for a directory of FA-KES-style articles (one coded strike each).

    The FA-KES crowd coding gives a governorate, an actor set ("syrian government or
    russian troops"), a date and casualty counts per article, not points: an article
    counts as *found* when some event lies in the coded governorate; the events there
    are then checked for actor and date.
    """

    articles: int = 0
    found: int = 0
    events: int = 0
    events_in_gov: int = 0
    actor_ok: int = 0
    actor_unknown: int = 0
    actor_wrong: int = 0
    is_actor: int = 0
    date_ok: int = 0
    civilians_ok: int = 0
    civilians_n: int = 0
    lines: list[str] = field(default_factory=list)

    def format(self) -> str:
        """Return a human-readable multi-line summary."""

        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "   n/a"

        head = [
            "rule: an article is found when an event lies in its coded governorate; "
            "actor/date are checked on those events",
            f"governorate found {pct(self.found, self.articles)}",
            f"events            {self.events} ({self.events_in_gov} in the coded governorate)",
            f"actor correct     {pct(self.actor_ok, self.events_in_gov)}",
            f"actor unknown     {pct(self.actor_unknown, self.events_in_gov)}",
            f"actor wrong       {pct(self.actor_wrong, self.events_in_gov)}",
            f"'Islamic State' as actor: {self.is_actor} events",
            f"date within 1 day {pct(self.date_ok, self.events_in_gov)}",
            f"civilian toll     {pct(self.civilians_ok, self.civilians_n)}",
        ]
        return "\n".join(head + [f"  {ln}" for ln in self.lines])


def _fakes_gold(path: Path) -> tuple[dict[str, str], dt.date | None]:
    """Read the ``fakes_gold:`` fields and the crowd date from an article's header."""
    fields: dict[str, str] = {}
    crowd: dt.date | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        if key.strip() == "fakes_gold":
            for part in value.split(";"):
                k, _, v = part.partition("=")
                fields[k.strip()] = v.strip()
        m = re.search(r'"date" field = (\d{1,2})/(\d{1,2})/(\d{2,4})', line)
        if m:
            mo, d, y = (int(g) for g in m.groups())
            try:
                crowd = dt.date(y + 2000 if y < 100 else y, mo, d)
            except ValueError:
                crowd = None
    return fields, crowd


def evaluate_fakes_dir(
    directory: Path, gazetteer: GazetteerLike, *, actors: ActorTable | None = None
) -> FakesScore:
    """Extract every ``*.txt`` FA-KES-style article in ``directory`` and score it.

    Each file has header lines (``published:``, ``fakes_gold: location=...; actor=...;
    nb_civilians=...``, ``date_basis: ... "date" field = M/D/YY``), a blank line, then
    the text; files without a ``fakes_gold`` line are skipped.
    """
    from strikemap.read import read_path

    table = actors or load_actor_table()
    score = FakesScore()
    for path in sorted(Path(directory).glob("*.txt")):
        gold, crowd = _fakes_gold(path)
        if "location" not in gold:
            continue
        score.articles += 1
        allowed = {table.normalise(a.strip()) for a in gold.get("actor", "").split(" or ")}
        allowed.discard(None)
        ex = extract_report(read_path(path)[0], gazetteer, actors=table)
        gov = gold["location"]
        in_gov = [
            e
            for e in ex.events
            if _admin_equal(e.location.admin1, gov) or _admin_equal(e.location.name, gov)
        ]
        score.events += len(ex.events)
        score.events_in_gov += len(in_gov)
        score.found += bool(in_gov)
        score.is_actor += sum(e.actor == "Islamic State" for e in ex.events)
        for e in in_gov:
            if e.actor is None:
                score.actor_unknown += 1
            elif e.actor in allowed:
                score.actor_ok += 1
            else:
                score.actor_wrong += 1
            score.date_ok += bool(crowd and e.date is not None and abs((e.date - crowd).days) <= 1)
        civ = gold.get("nb_civilians")
        if civ and civ.isdigit() and int(civ) > 0:
            score.civilians_n += 1
            score.civilians_ok += any(
                c.casualties.civilians_killed == int(civ) or c.casualties.killed == int(civ)
                for e in in_gov
                for c in e.claims
            )
        status = "found" if in_gov else "MISSED"
        score.lines.append(
            f"{path.name}: {gov} {status}; "
            + "; ".join(
                f"{e.location.name} [{e.location.precision}] {e.date} actor={e.actor}"
                for e in ex.events
            )
        )
    return score
