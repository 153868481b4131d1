"""Synthetic events for benchmarks: deterministic, spread over a few theatres."""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np

from strikemap.model import Claim, Event, Extraction, Location, Report

ACTORS = ("Russia", "Ukraine", "Israel", "US-led coalition", "Saudi-led coalition", "Syria", None)
THEATRES = (  # (country, admin1, lat, lon, spread in degrees)
    ("UA", "Donetsk", 48.0, 37.8, 1.0),
    ("UA", "Kharkiv", 49.9, 36.3, 0.8),
    ("SY", "Idlib", 35.8, 36.6, 0.4),
    ("SY", "Aleppo", 36.2, 37.2, 0.5),
    ("YE", "Saada", 16.9, 43.8, 0.6),
    ("IQ", "Nineveh", 36.3, 43.1, 0.5),
    ("PS", "Gaza", 31.45, 34.4, 0.1),
)


def synthetic_extractions(
    n_events: int, events_per_report: int = 5, seed: int = 1, *, clustered: bool = False
) -> list[Extraction]:
    """Build reports of synthetic events.

    ``clustered=False``: every event of a report in a random theatre on a random day of
    1,000 (a worst case for incident linking). ``clustered=True``: like real reports, a
    report covers one theatre and a few days, and reports arrive in date order.
    """
    rng = np.random.default_rng(seed)
    start = dt.date(2022, 1, 1)
    out: list[Extraction] = []
    n_reports = max(1, n_events // events_per_report)
    for r in range(0, n_events, events_per_report):
        report_theatre = int(rng.integers(len(THEATRES)))
        report_day = int(1000 * (r // events_per_report) / n_reports)
        text = f"Synthetic report {seed}-{r}. " + " ".join(
            f"Jets struck target {i} on day {i}." for i in range(events_per_report)
        )
        report = Report(
            id=hashlib.sha256(text.encode()).hexdigest(),
            source_id=f"syn-{seed}-{r}.txt",
            title=f"Synthetic {r}",
            url=None,
            text=text,
            published=start,
            published_basis="user",
        )
        events = []
        for i in range(min(events_per_report, n_events - r)):
            theatre = report_theatre if clustered else int(rng.integers(len(THEATRES)))
            country, admin1, lat, lon, spread = THEATRES[theatre]
            day = report_day - int(rng.integers(0, 3)) if clustered else int(rng.integers(0, 1000))
            quote = f"Jets struck target {i} on day {i}."
            s = text.index(quote)
            events.append(
                Event(
                    location=Location(
                        name=f"Place {r + i}",
                        lat=float(lat + rng.normal(0, spread)),
                        lon=float(lon + rng.normal(0, spread)),
                        precision="town",
                        uncertainty_km=5.0,
                        country=country,
                        admin1=admin1,
                    ),
                    date=start + dt.timedelta(days=max(0, day)),
                    date_precision="day",
                    actor=ACTORS[int(rng.integers(len(ACTORS)))],
                    claims=[
                        Claim(
                            report_id=report.id,
                            quote=quote,
                            span_start=s,
                            span_end=s + len(quote),
                            claimant="ministry",
                            claimed_target=f"target {i}",
                        )
                    ],
                    date_source="sentence",
                )
            )
        out.append(Extraction(report=report, events=events))
    return out
