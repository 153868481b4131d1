"""The bundled demo reports (data/demo): every one reads, is dated, and maps.

The format checks run everywhere. The mapping checks use the real default gazetteer, because the
point of the demo is what a fresh install shows; they skip, saying why, when that gazetteer has not
been built. The per-report rules of the extractor are tested elsewhere (test_extract_patterns.py,
on the fake gazetteer).

Reports that strikemap did not map when the demo was written are listed in ``KNOWN_MISSES`` with
the reason. Every other report must map; a listed one that maps is welcome (extraction improves
without this file changing), and the list may only shrink. The texts are written as a journalist
would write them and are not to be reworded to pass.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import REAL_GAZETTEER
from strikemap.demo import demo_sources
from strikemap.model import Extraction
from strikemap.read import read_path

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
FILES = sorted(DEMO.glob("*.txt"))
NAMES = [p.name for p in FILES]

# Reports that yield no event with the default gazetteer, and why (found when the demo was written).
KNOWN_MISSES = {
    "2006-07-25-khiam-un-post.txt": "Khiam: not in the gazetteer; 'southern Lebanon' unused",
    "2014-07-16-gaza-beach.txt": "'the beach beside Gaza City's fishing port': the possessor of a "
    "landmark is not read as the place (it mapped only by reading 'Hamas' as Hamm, Germany)",
    "2016-10-08-sanaa-funeral-hall.txt": "Sanaa only in the dateline and as 'the Yemeni capital'",
    "2017-08-25-faj-attan.txt": "Faj Attan: not in the gazetteer; the dateline SANAA unused",
    "2019-09-14-abqaiq-khurais.txt": "Abqaiq is in the gazetteer but stays unresolved",
    "2024-07-27-majdal-shams.txt": "'A rocket hit a football pitch in ... Majdal Shams': no strike",
}

# The theatres the demo is meant to show (ISO country of the mapped events).
THEATRES = {"SY", "UA", "YE", "IQ", "PS", "LB"}


def test_the_demo_has_enough_reports_to_fill_the_dashboard() -> None:
    assert len(FILES) >= 40
    assert set(KNOWN_MISSES) <= set(NAMES), "KNOWN_MISSES names a report that is gone"


def test_every_demo_report_reads_with_its_title_and_publication_date() -> None:
    reports = demo_sources(DEMO)
    assert [r.source_id for r in reports] == NAMES
    for report in reports:
        assert report.title, report.source_id
        assert report.published is not None, report.source_id
        assert report.text.strip(), report.source_id


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_each_file_is_dated_by_its_strike_and_published_soon_after(path: Path) -> None:
    head, sep, body = path.read_text(encoding="utf-8").partition("\n\n")
    assert sep, "a header block, a blank line, then the text"
    fields = dict(line.split(":", 1) for line in head.splitlines())
    assert set(fields) <= {"title", "published", "url"}, sorted(fields)
    strike = dt.date.fromisoformat(path.name[:10])
    published = dt.date.fromisoformat(fields["published"].strip())
    assert 0 <= (published - strike).days <= 3
    if "url" in fields:
        assert fields["url"].strip().startswith("https://"), fields["url"]
        # The generic reader keeps the URL (the demo loader reads title and published only).
        assert read_path(path)[0].url == fields["url"].strip()
    assert 40 <= len(body.split()) <= 220


@pytest.fixture(scope="module")
def extractions() -> dict[str, Extraction]:
    index = Path(REAL_GAZETTEER)
    if not (index / "index.sqlite").is_file():
        pytest.skip(f"no default gazetteer at {index} (build it: strikemap gazetteer build)")
    from strikemap.extract.events import extract_report
    from strikemap.gazetteer import load_gazetteer

    gaz = load_gazetteer(index)
    return {path.name: extract_report(read_path(path)[0], gaz) for path in FILES}


@pytest.mark.parametrize("name", NAMES)
def test_each_demo_report_maps_a_strike_dated_by_the_report(
    name: str, extractions: dict[str, Extraction]
) -> None:
    ex = extractions[name]
    if name not in KNOWN_MISSES:
        assert ex.events, f"no event; unresolved: {[u.name for u in ex.unresolved]}"
    published = ex.report.published
    assert published is not None
    for event in ex.events:
        # Nothing invented: never after the report, never long before it.
        if event.date is not None:
            assert published - dt.timedelta(days=7) <= event.date <= published, event


def test_the_demo_covers_every_theatre(extractions: dict[str, Extraction]) -> None:
    countries = {e.location.country for ex in extractions.values() for e in ex.events}
    assert countries >= THEATRES, THEATRES - countries


@pytest.mark.parametrize(
    "name", ["2024-07-30-haret-hreik-shukr.txt", "2024-09-27-nasrallah-dahiyeh.txt"]
)
def test_a_suburb_missing_from_the_gazetteer_is_placed_around_its_city(
    name: str, extractions: dict[str, Extraction]
) -> None:
    # "in Haret Hreik, in Beirut's southern suburbs": Haret Hreik stays unresolved, and
    # the strike is placed around Beirut (the dateline BEIRUT alone would not do).
    ex = extractions[name]
    [u] = [u for u in ex.unresolved if u.name == "Haret Hreik"]
    assert u.fallback is not None
    assert (u.fallback.precision, u.fallback.anchor_name) == ("relative", "Beirut")
    assert u.fallback in [e.location for e in ex.events]
