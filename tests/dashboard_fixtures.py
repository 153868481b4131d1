"""Synthetic stores for the dashboard tests and benchmark (no gazetteer needed).

``build_store(url, n)`` writes ``n`` events through :meth:`Store.save`, spread over
several actors, countries, dates and precisions, some contested, one undated, and one
hostile report whose text, title, URL and claim quote carry HTML/JS/markdown payloads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from strikemap.model import Casualties, Claim, Event, Extraction, Location, Report
from strikemap.store import Store, open_store

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_MD = "**markdown** [link](javascript:alert(1))"
XSS_PLACE = "Kafr Hostile"

ACTORS: tuple[str | None, ...] = ("Russia", "Syrian government", "US-led coalition", None)
PLACES: tuple[tuple[str, str, str, float, float], ...] = (
    # name, country, admin1, lat, lon
    ("Talbiseh", "SY", "Homs", 34.84, 36.73),
    ("Latamneh", "SY", "Hama", 35.32, 36.62),
    ("Kafr Nabl", "SY", "Idlib", 35.61, 36.56),
    ("Mosul", "IQ", "Nineveh", 36.34, 43.13),
    ("Kharkiv", "UA", "Kharkiv", 49.99, 36.23),
    ("Saada", "YE", "Saada", 16.94, 43.76),
)
PRECISIONS: tuple[tuple[str, float], ...] = (
    ("town", 2.0),
    ("exact", 0.1),
    ("admin1", 60.0),
    ("town", 3.0),
    ("region", 40.0),
    ("relative", 8.0),
    ("district", 15.0),
)
START = dt.date(2015, 9, 30)


def _loc(i: int, rng: random.Random, spread: float) -> Location:
    name, country, admin1, lat, lon = PLACES[i % len(PLACES)]
    precision, unc = PRECISIONS[i % len(PRECISIONS)]
    return Location(
        name=name,
        lat=lat + rng.uniform(-spread, spread),
        lon=lon + rng.uniform(-spread, spread),
        precision=precision,  # type: ignore[arg-type]
        uncertainty_km=unc,
        country=country,
        admin1=admin1,
        place_id=f"test:{name}",
        reason="synthetic fixture",
        anchor_name=name if precision == "relative" else None,
        bearing="north" if precision == "relative" else None,
        distance_km=8.0 if precision == "relative" else None,
    )


def _report(idx: int, sentences: list[str], *, title: str, url: str | None) -> Report:
    text = " ".join(sentences)
    return Report(
        id=hashlib.sha256(f"{idx}:{text}".encode()).hexdigest(),
        source_id=f"report-{idx:05d}",
        title=title,
        url=url,
        text=text,
        published=START + dt.timedelta(days=idx % 60),
        published_basis="metadata",
        ingested_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )


def synthetic_extractions(
    n_events: int,
    *,
    per_report: int = 4,
    seed: int = 0,
    spread: float = 0.05,
    hostile: bool = True,
) -> list[Extraction]:
    """Return extractions holding ``n_events`` events in total (deterministic)."""
    rng = random.Random(seed)
    out: list[Extraction] = []
    i = 0
    idx = 0
    n_plain = n_events - (1 if hostile else 0)
    while i < n_plain:
        batch = min(per_report, n_plain - i)
        sentences: list[str] = []
        events: list[Event] = []
        pos = 0
        for _ in range(batch):
            actor = ACTORS[i % len(ACTORS)]
            loc = _loc(i, rng, spread)
            target = ("hospital", "bridge", "market", "checkpoint")[i % 4]
            sentence = f"Event {i}: {actor or 'Unknown aircraft'} struck a {target} in {loc.name}."
            start = pos
            sentences.append(sentence)
            pos += len(sentence) + 1
            claims = [
                Claim(
                    report_id="",
                    quote=sentence,
                    span_start=start,
                    span_end=start + len(sentence),
                    claimant=("SOHR", "Ministry of Defence", "Airwars")[i % 3],
                    claimed_target=target,
                    casualties=Casualties(killed=i % 5 or None),
                )
            ]
            if i % 5 == 0:  # contested: a denial by the accused side
                claims.append(
                    Claim(
                        report_id="",
                        quote=sentence,
                        span_start=start,
                        span_end=start + len(sentence),
                        claimant="Ministry of Defence",
                        denial="denied striking civilians",
                        denied_by="Ministry of Defence",
                    )
                )
            undated = i == 3
            events.append(
                Event(
                    location=loc,
                    date=None if undated else START + dt.timedelta(days=i % 30),
                    date_precision="unknown" if undated else "day",
                    actor=actor,
                    claims=claims,
                    date_source="unknown" if undated else "sentence",
                )
            )
            i += 1
        report = _report(
            idx, sentences, title=f"Strike report {idx}", url=f"https://example.org/r/{idx}"
        )
        out.append(Extraction(report=report, events=events))
        idx += 1
    if hostile:
        sentence = (
            f"Jets struck {XSS_PLACE} {XSS_IMG} {XSS_SCRIPT} {XSS_MD} killing 3, activists said."
        )
        claim = Claim(
            report_id="",
            quote=sentence,
            span_start=0,
            span_end=len(sentence),
            claimant=f"Activists {XSS_IMG}",
            claimed_target=f"clinic {XSS_SCRIPT}",
            casualties=Casualties(killed=3, text=XSS_MD),
        )
        loc = Location(
            name=XSS_PLACE,
            lat=35.9,
            lon=36.63,
            precision="town",
            uncertainty_km=2.0,
            country="SY",
            admin1="Idlib",
            reason=f"fixture {XSS_IMG}",
        )
        ev = Event(
            location=loc,
            date=START,
            date_precision="day",
            actor="Russia",
            claims=[claim],
            date_source="sentence",
        )
        report = _report(
            idx, [sentence], title=f"Hostile {XSS_MD} {XSS_IMG}", url="javascript:alert(1)"
        )
        out.append(Extraction(report=report, events=[ev]))
    return out


def build_store(url: str, n_events: int = 24, **kwargs: object) -> Store:
    """Create (or fill) the store at ``url`` with ``n_events`` synthetic events."""
    store = open_store(url)
    for extraction in synthetic_extractions(n_events, **kwargs):  # type: ignore[arg-type]
        store.save(extraction)
    return store
