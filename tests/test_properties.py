"""Property-based tests (hypothesis): reader, name normaliser, date resolver, exporter.

The default profile runs few examples so CI stays fast. For a long run::

    HYPOTHESIS_PROFILE=thorough .venv/bin/pytest tests/test_properties.py

The profiles are registered here, not in conftest.py, and applied per test (no global
``load_profile``), so other test modules keep hypothesis' own defaults.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from strikemap.export import dumps_geojson, events_to_geojson
from strikemap.extract.dates import find_dates, resolve_weekday
from strikemap.gazetteer.normalize import fold_text, normalize_name, skeleton_key
from strikemap.model import Casualties, Claim, Event, Extraction, Location, Report
from strikemap.read import (
    MAX_REPORT_CHARS,
    ReadError,
    parse_date_text,
    read_html,
    read_notes_csv,
    read_text,
    safe_link,
)
from strikemap.store import Store, open_store

settings.register_profile(
    "ci", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Text that looks like what reports contain, mixed with arbitrary Unicode (including
# control characters and unpaired surrogates, which the reader must survive).
WORDS = st.sampled_from(
    ["Russian", "jets", "struck", "Homs", "on", "Monday", "yesterday", "12 June 2016",
     "Oct 1", "the 3rd", "last week", "overnight", ",", ".", "\n", "\n\n", "published:",
     "title:", "MOSCOW, Oct 1 (Reuters) -", "Date of publication", "2016-06-12", "<p>",
     "</p>", "<script>", "&amp;", '"', "'", "=", "\t", "\r", "\x00", "Jisr al-Shughur",
     "دير الزور", "Северодонецк"]
)  # fmt: skip
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
TEXTISH = st.one_of(
    ANY_TEXT,
    st.lists(st.one_of(WORDS, ANY_TEXT.map(lambda s: s[:5])), max_size=40).map(" ".join),
)
# What a store can hold: no lone surrogates (the reader removes them before storing).
STORABLE = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=200),
    st.lists(WORDS, max_size=30).map(" ".join),
)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))


# --------------------------------------------------------------------------- reader


def _check_report(report: Report) -> None:
    assert report.text.strip()
    assert len(report.text) <= MAX_REPORT_CHARS
    assert len(report.id) == 64
    report.text.encode("utf-8")  # no lone surrogates left
    assert not any(ord(c) < 32 and c not in "\t\n" for c in report.text)
    if report.url is not None:
        assert safe_link(report.url) == report.url


@PROFILE
@given(text=TEXTISH, published=st.none() | DATES)
def test_read_text_gives_a_report_or_read_error(text: str, published: dt.date | None) -> None:
    try:
        report = read_text(text, source_id="p", published=published)
    except ReadError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("p:")
        return
    _check_report(report)
    if published is not None:
        assert (report.published, report.published_basis) == (published, "user")
    elif report.published is None:
        assert report.published_basis == "unknown"


HTMLISH = st.recursive(
    TEXTISH,
    lambda inner: (
        st.builds(
            "<{0}>{1}</{0}>".format,
            st.sampled_from(["p", "div", "script", "article", "b", "title", "table", "td"]),
            inner,
        )
        | st.lists(inner, max_size=4).map("".join)
    ),
    max_leaves=12,
)


@PROFILE
@given(html=HTMLISH)
def test_read_html_gives_a_report_or_read_error(html: str) -> None:
    try:
        report = read_html(f"<html><body>{html}</body></html>", source_id="h")
    except ReadError as exc:
        assert "\n" not in str(exc)
        return
    _check_report(report)


CSVISH = st.one_of(
    ANY_TEXT,
    st.tuples(
        st.sampled_from(["id,text", "text", "id,date,notes,source", "a,b", ""]),
        st.lists(
            st.lists(st.one_of(TEXTISH, st.sampled_from(['"', '""', ",", "2016-06-12"])),
                     max_size=5).map(",".join),
            max_size=5,
        ),
    ).map(lambda t: "\n".join([t[0], *t[1]])),
)  # fmt: skip


@PROFILE
@given(content=CSVISH)
def test_read_notes_csv_gives_reports_or_read_error(content: str) -> None:
    try:
        reports = read_notes_csv(content + "\n")  # "\n": never taken for a file name
    except ReadError as exc:
        assert "\n" not in str(exc)
        return
    for report in reports:
        _check_report(report)
        assert report.published_basis in ("csv", "unknown")


@PROFILE
@given(text=TEXTISH)
def test_parse_date_text_never_raises(text: str) -> None:
    d = parse_date_text(text)
    assert d is None or isinstance(d, dt.date)


# --------------------------------------------------------------------------- normaliser


@PROFILE
@given(name=TEXTISH)
def test_normalize_name_is_idempotent(name: str) -> None:
    key = normalize_name(name)
    assert normalize_name(key) == key
    assert key == key.strip() and "  " not in key


@PROFILE
@given(name=TEXTISH)
def test_skeleton_key_accepts_raw_or_folded_names(name: str) -> None:
    skel = skeleton_key(name)
    assert skeleton_key(normalize_name(name)) == skel
    assert " " not in skel


@PROFILE
@given(text=TEXTISH)
def test_fold_text_offsets_map_back_into_the_original(text: str) -> None:
    folded, positions = fold_text(text)
    assert len(positions) == len(folded)
    assert all(0 <= p < len(text) for p in positions)
    assert positions == sorted(positions)
    for ch, p in zip(folded, positions, strict=True):
        original = text[p]
        if original.isascii() and original.isalnum():
            assert ch == original.lower()
    # The folded text spells the same key as folding the text as one name.
    assert " ".join(folded.split()) == normalize_name(text)


# --------------------------------------------------------------------------- dates


@PROFILE
@given(text=TEXTISH, published=DATES, day_numbers=st.booleans())
def test_dates_never_after_publication(text: str, published: dt.date, day_numbers: bool) -> None:
    if day_numbers:  # "Oct 1", "the 3rd": day numbers without a year
        text += " on Oct 1 and the 3rd and June 30"
    for m in find_dates(text, 0, len(text), published):
        assert text[m.start : m.end] == m.surface
        if m.date is not None:
            assert m.date <= published + dt.timedelta(days=1), m


def _no_written_year(text: str) -> str:
    # A written year names its own day even when the publication date is unknown;
    # relative expressions ("Wednesday", "the 3rd") must stay unknown.
    return "".join(" " if c.isdigit() else c for c in text) if any(map(str.isdigit, text)) else text


@PROFILE
@given(text=TEXTISH)
def test_relative_dates_stay_unknown_without_publication(text: str) -> None:
    text = _no_written_year(text)
    for m in find_dates(text, 0, len(text), None):
        assert m.date is None and m.precision == "unknown", m


@PROFILE
@given(text=TEXTISH, published=DATES, start=st.integers(0, 50), length=st.integers(0, 400))
def test_find_dates_any_span(text: str, published: dt.date, start: int, length: int) -> None:
    end = min(len(text), start + length)
    assume(start <= end)
    for m in find_dates(text, start, end, published):
        assert start <= m.start < m.end <= end


@PROFILE
@given(weekday=st.integers(0, 6), published=DATES)
def test_resolve_weekday_is_within_the_past_week(weekday: int, published: dt.date) -> None:
    d = resolve_weekday(weekday, published)
    assert d.weekday() == weekday and dt.timedelta(0) <= published - d < dt.timedelta(7)


# --------------------------------------------------------------------------- exporter

TEXT_FIELD = st.one_of(st.none(), STORABLE.map(lambda s: s[:80]))
LAT = st.floats(-90, 90, allow_nan=False)
LON = st.floats(-180, 180, allow_nan=False)


@st.composite
def extractions(draw: st.DrawFn) -> Extraction:
    body = draw(STORABLE)
    text = "Jets struck. " + body.replace("\x00", "")
    report = Report(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source_id=draw(STORABLE.map(lambda s: s[:40] or "r")),
        title=draw(TEXT_FIELD),
        url=draw(st.one_of(TEXT_FIELD, st.sampled_from(["javascript:alert(1)", "https://x.y/"]))),
        text=text,
        published=draw(st.none() | DATES),
        published_basis="unknown",
    )
    evs = []
    for _ in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, len(text) - 1))
        b = draw(st.integers(a + 1, len(text)))
        claim = Claim(
            report_id=report.id,
            quote=text[a:b],
            span_start=a,
            span_end=b,
            claimant=draw(TEXT_FIELD),
            claimed_target=draw(TEXT_FIELD),
            casualties=Casualties(killed=draw(st.none() | st.integers(0, 10_000))),
            denial=draw(TEXT_FIELD),
        )
        date = draw(st.none() | DATES)
        evs.append(
            Event(
                location=Location(
                    name=draw(STORABLE.map(lambda s: s[:40] or "P")),
                    lat=draw(LAT),
                    lon=draw(LON),
                    precision=draw(st.sampled_from(["exact", "town", "admin1", "country"])),
                    uncertainty_km=draw(st.floats(0, 1000, allow_nan=False)),
                    country=draw(st.none() | st.sampled_from(["SY", "UA"])),
                ),
                date=date,
                date_precision="day" if date else "unknown",
                actor=draw(TEXT_FIELD),
                claims=[claim],
            )
        )
    return Extraction(report=report, events=evs)


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as tmp:
        s = open_store(f"sqlite:///{Path(tmp) / 'p.db'}")
        yield s
        s.dispose()


def _walk_numbers(value: object) -> Iterator[float]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _walk_numbers(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk_numbers(v)


@PROFILE
@given(extraction=extractions())
def test_geojson_export_is_valid_rfc7946_and_round_trips(store: Store, extraction) -> None:
    store.save(extraction)
    fc = events_to_geojson(store.events_frame(), store.claims_frame())
    back = json.loads(dumps_geojson(fc))
    assert back["type"] == "FeatureCollection" and isinstance(back["features"], list)
    assert back["strikemap"]["count"] == len(back["features"])
    for feature in back["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) == {"type", "id", "geometry", "properties"}
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(feature["properties"], dict)
        url = feature["properties"]["report_url"]
        assert url is None or safe_link(url) == url
        assert all(math.isfinite(n) for n in _walk_numbers(feature))
    # Round trip: what is parsed back serialises to the same document.
    assert json.loads(dumps_geojson(back)) == back


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # rounding 1e308
@PROFILE
@given(lat=st.floats(allow_nan=True), lon=st.floats(allow_nan=True))
def test_geojson_refuses_what_rfc7946_cannot_hold(store: Store, lat: float, lon: float) -> None:
    import pandas as pd

    columns = list(store.events_frame().columns)  # whatever the store's frame holds today
    frame = pd.DataFrame({c: [None] for c in columns} | {"id": [1], "lat": [lat], "lon": [lon]})
    ok = -180 <= round(lon, 6) <= 180 and -90 <= round(lat, 6) <= 90
    if ok:
        (feature,) = events_to_geojson(frame, pd.DataFrame())["features"]
        assert feature["geometry"]["coordinates"] == [round(lon, 6), round(lat, 6)]
    else:
        with pytest.raises(ValueError, match="out of range"):
            events_to_geojson(frame, pd.DataFrame())


# --------------------------------------------------------------------------- findings


def test_written_date_after_publication_is_not_a_strike_date() -> None:
    """A fully written date after publication is dropped: no strike is dated after its report."""
    assert find_dates("Jets struck on 12 June 2030.", 0, 28, dt.date(2015, 10, 1)) == []
    (m,) = find_dates("Jets struck on 12 June 2015.", 0, 28, dt.date(2015, 10, 1))
    assert m.date == dt.date(2015, 6, 12)
