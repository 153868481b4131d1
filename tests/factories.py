"""Small builders of reports and extractions for store, export and CLI tests."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from sqlalchemy import create_engine, func, select

from strikemap.gazetteer._store import write_index
from strikemap.gazetteer.index import Gazetteer, load_gazetteer
from strikemap.model import Casualties, Claim, Event, Extraction, Location, Place, Report
from strikemap.store.schema import claims, events, reports


def make_report(text: str, source_id: str = "r.txt", published: dt.date | None = None) -> Report:
    return Report(
        id=hashlib.sha256(text.encode()).hexdigest(),
        source_id=source_id,
        title=f"Title of {source_id}",
        url=f"https://example.org/{source_id}",
        text=text,
        published=published,
        published_basis="user" if published else "unknown",
    )


def make_claim(report: Report, quote: str, **kwargs: object) -> Claim:
    start = report.text.index(quote)
    return Claim(
        report_id=report.id, quote=quote, span_start=start, span_end=start + len(quote), **kwargs
    )  # type: ignore[arg-type]


def make_event(
    report: Report,
    quote: str,
    *,
    place: str = "Jisr al-Shughur",
    lat: float = 35.8126,
    lon: float = 36.3177,
    date: dt.date | None = dt.date(2015, 10, 1),
    actor: str | None = "Russia",
    country: str = "SY",
    admin1: str = "Idlib",
    precision: str = "town",
    claimant: str | None = "Syrian security source",
    target: str | None = None,
    casualties: Casualties | None = None,
    denial: str | None = None,
) -> Event:
    claim = make_claim(
        report,
        quote,
        claimant=claimant,
        claimed_target=target,
        casualties=casualties or Casualties(),
        denial=denial,
    )
    return Event(
        location=Location(
            name=place,
            lat=lat,
            lon=lon,
            precision=precision,  # type: ignore[arg-type]
            uncertainty_km=5.0,
            country=country,
            admin1=admin1,
            place_id="gn:1",
        ),
        date=date,
        date_precision="day" if date else "unknown",
        actor=actor,
        claims=[claim],
        date_source="sentence" if date else "unknown",
    )


SEEDISH = (
    "Russian warplanes struck bases in Jisr al-Shughur on Thursday. "
    "Israeli jets hit a depot near Damascus on Wednesday, the army said. "
    "Nobody knows when the third strike happened in Aleppo."
)


def sample_extraction() -> Extraction:
    report = make_report(SEEDISH, "seedish.txt", dt.date(2015, 10, 1))
    return Extraction(
        report=report,
        events=[
            make_event(
                report,
                "Russian warplanes struck bases in Jisr al-Shughur on Thursday",
                target="bases",
            ),
            make_event(
                report,
                "Israeli jets hit a depot near Damascus on Wednesday",
                place="Damascus",
                lat=33.5102,
                lon=36.2913,
                date=dt.date(2015, 9, 30),
                actor="Israel",
                admin1="Damascus",
                claimant="the army",
                target="a depot",
                casualties=Casualties(killed=3),
            ),
            make_event(
                report,
                "the third strike happened in Aleppo",
                place="Aleppo",
                lat=36.2021,
                lon=37.1343,
                date=None,
                actor=None,
                admin1="Aleppo",
                claimant=None,
                denial="nobody confirms it",
            ),
        ],
    )


def table_counts(url: str) -> tuple[int, int, int]:
    """Return (reports, events, claims) row counts, read through a fresh engine."""
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = [
            int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (reports, events, claims)
        ]
    engine.dispose()
    return counts[0], counts[1], counts[2]


def numbered_extraction(n: int, claims_per_event: int = 1) -> Extraction:
    """Report number ``n`` with five undated events: deterministic, for writer processes."""
    text = f"report {n}: " + " ".join(f"jets struck target {i}." for i in range(5))
    report = make_report(text, f"r{n}")
    events = []
    for i in range(5):
        quote = f"jets struck target {i}."
        start = text.index(quote)
        claim = Claim(report.id, quote, start, start + len(quote), claimant="c")
        location = Location(f"P{i}", 35.0 + i / 10, 36.0, "town", 5.0)
        events.append(Event(location, None, "unknown", None, [claim] * claims_per_event))
    return Extraction(report=report, events=events)


PlaceRow = tuple[str, str, str, str, float, float, "str | None", int, tuple[str, ...]]
"""id, name, kind, country, lat, lon, admin1, population, alternate names."""


def index_from_rows(directory: Path, rows: list[PlaceRow], uncertainty_km: float) -> Gazetteer:
    """Write a test index of ``rows`` (each with radius ``uncertainty_km``) and open it."""
    places = [
        Place(pid, name, kind, cc, lat, lon, admin1=a1, population=pop,  # type: ignore[arg-type]
              alt_names=alts, uncertainty_km=uncertainty_km, source="test")
        for pid, name, kind, cc, lat, lon, a1, pop, alts in rows
    ]  # fmt: skip
    write_index(directory / "index.sqlite", places, {"kind": "test"})
    return load_gazetteer(directory, build=False)
