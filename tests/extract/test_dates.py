"""Dates: datelines, relative days against the right reference, intervals, refusals.

Sentences are written for these tests; they run through the public API (``read_text``,
``extract_report`` on the fake gazetteer of tests/extract_fakes.py, ``find_dates``).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from extract_fakes import FakeGazetteer
from factories import make_event, make_report
from strikemap.datelines import find_dateline
from strikemap.export import events_to_csv, export_csv, export_geojson
from strikemap.extract import extract_report
from strikemap.extract.dates import find_dates
from strikemap.filters import EventFilter
from strikemap.model import Event, Extraction
from strikemap.read import read_text
from strikemap.store import open_store

TUESDAY = dt.date(2024, 5, 14)


@pytest.fixture()
def gaz() -> FakeGazetteer:
    return FakeGazetteer()


def _run(text: str, gaz: FakeGazetteer, published: dt.date | None = None) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=published), gaz)


def _dates(text: str, published: dt.date | None = TUESDAY) -> list[tuple[object, ...]]:
    return [
        (d.surface, d.date, d.date_end, d.precision)
        for d in find_dates(text, 0, len(text), published)
    ]


# -- datelines set the publication date ---------------------------------------------------


@pytest.mark.parametrize(
    "dateline",
    [
        "KHARKIV, 14 May 2024 —",
        "KYIV, Ukraine, May 14, 2024 (AP) —",
        "DEIR AL-ZOUR, Syria, Tuesday, May 14, 2024 (AP) —",
        "Beirut, 14th May 2024 -",
        "14.05.2024 09:12 —",
        "14/05/2024 -",
        "2024-05-14 –",
        "KYIV, 2024-05-14 (Reuters) -",
    ],
)
def test_dateline_forms_give_the_publication_date(dateline: str) -> None:
    r = read_text(f"{dateline} Russian drones hit a depot.", source_id="d")
    assert (r.published, r.published_basis) == (TUESDAY, "dateline")


def test_a_date_alone_on_the_first_line_is_a_dateline() -> None:
    r = read_text("14 May 2024\n\nDrones hit a depot overnight.", source_id="d")
    assert (r.published, r.published_basis) == (TUESDAY, "dateline")


def test_header_date_wins_over_dateline() -> None:
    r = read_text("published: 2024-05-15\n\nKHARKIV, 14 May 2024 — Drones hit.", source_id="d")
    assert (r.published, r.published_basis) == (dt.date(2024, 5, 15), "header")


def test_dateline_without_year_takes_it_from_context_only() -> None:
    alone = read_text("May 14 (Reuters) - Drones hit a depot.", source_id="d")
    assert (alone.published, alone.published_basis) == (None, "unknown")
    from_url = read_text(
        "May 14 (Reuters) - Drones hit a depot.",
        source_id="d",
        url="https://example.org/world/2024/05/14/drones/",
    )
    assert from_url.published == TUESDAY


@pytest.mark.parametrize(
    "text",
    [
        "On 12 June 2022 - Russian forces shelled a village.",  # a sentence, not a dateline
        "Around 4 February 2022 (between 21 January - 11 February), jets struck.",
        "Russia Strikes 14 Targets - report",
        "04/05/2024 - Drones hit a depot.",  # 4 May or 5 April: not read
    ],
)
def test_sentences_and_ambiguous_numbers_are_not_datelines(text: str) -> None:
    r = read_text(text, source_id="d")
    assert r.published is None


def test_ambiguous_numeric_dateline_says_why() -> None:
    dl = find_dateline("04/05/2024 - Drones hit a depot.")
    assert dl is not None and dl.date is None and dl.note and "04/05" in dl.note


# -- relative days resolve against the right reference ------------------------------------


def test_day_month_year_dateline_dates_monday_night(gaz: FakeGazetteer) -> None:
    ex = _run("BEIRUT, 14 May 2024 — Russian jets struck Jisr al-Shughur on Monday night.", gaz)
    assert ex.report.published == TUESDAY
    [ev] = ex.events
    assert (ev.date, ev.date_precision, ev.date_source) == (dt.date(2024, 5, 13), "day", "sentence")


@pytest.mark.parametrize(
    ("phrase", "date", "precision"),
    [
        ("yesterday", dt.date(2024, 5, 13), "day"),
        ("two days ago", dt.date(2024, 5, 12), "day"),
        ("3 days ago", dt.date(2024, 5, 11), "day"),
        ("the day before yesterday", dt.date(2024, 5, 12), "day"),
        ("last night", TUESDAY, "overnight"),
        ("overnight", TUESDAY, "overnight"),
        ("on Monday", dt.date(2024, 5, 13), "day"),
        ("on Tuesday", TUESDAY, "day"),
        ("earlier today", TUESDAY, "day"),
        ("this morning", TUESDAY, "day"),
    ],
)
def test_relative_days_against_the_publication_date(
    phrase: str, date: dt.date, precision: str
) -> None:
    [(_, got, end, prec)] = _dates(f"Jets struck the town {phrase}.")
    assert (got, end, prec) == (date, None, precision)


def test_each_dispatch_dates_its_own_relative_days(gaz: FakeGazetteer) -> None:
    text = (
        "BEIRUT, 14 May 2024 — Russian jets struck Jisr al-Shughur yesterday.\n\n"
        "BEIRUT, 17 May 2024 — Russian jets struck Khan Shaykhun yesterday.\n\n"
        "A second raid hit Idlib city on Wednesday."
    )
    ex = _run(text, gaz, published=dt.date(2024, 5, 20))
    got = {e.location.name: e.date for e in ex.events}
    assert got == {
        "Jisr al-Shughur": dt.date(2024, 5, 13),
        "Khan Shaykhun": dt.date(2024, 5, 16),
        # No dateline of its own: the dispatch above it (Friday 17 May) dates it.
        "Idlib": dt.date(2024, 5, 15),
    }


def test_live_blog_entries_date_the_paragraphs_below_them(gaz: FakeGazetteer) -> None:
    text = (
        "Live: strikes in Syria\n\n"
        "14 May 2024\n\nRussian jets struck Jisr al-Shughur this morning.\n\n"
        "16 May 2024\n\nRussian jets struck Khan Shaykhun overnight."
    )
    ex = _run(text, gaz, published=dt.date(2024, 5, 16))
    got = {e.location.name: (e.date, e.date_precision) for e in ex.events}
    assert got == {
        "Jisr al-Shughur": (TUESDAY, "day"),
        "Khan Shaykhun": (dt.date(2024, 5, 16), "overnight"),
    }


def test_a_dateline_does_not_date_the_strike_it_opens(gaz: FakeGazetteer) -> None:
    ex = _run("BEIRUT, 14 May 2024 — Russian jets struck Jisr al-Shughur.", gaz)
    [ev] = ex.events
    # The dispatch's date says the strike happened by then, not on that day.
    assert (ev.date, ev.date_precision, ev.date_source) == (TUESDAY, "week", "publication")


def test_a_later_dispatch_without_a_strike_date_is_dated_by_its_dateline(
    gaz: FakeGazetteer,
) -> None:
    text = (
        "BEIRUT, 14 May 2024 — Russian jets struck Jisr al-Shughur.\n\n"
        "BEIRUT, 17 May 2024 — Russian jets struck Khan Shaykhun."
    )
    ex = _run(text, gaz, published=TUESDAY)
    later = next(e for e in ex.events if e.location.name == "Khan Shaykhun")
    assert (later.date, later.date_precision, later.date_source) == (
        dt.date(2024, 5, 17),
        "week",
        "paragraph",
    )


def test_a_dateline_without_year_uses_the_publication_year(gaz: FakeGazetteer) -> None:
    ex = _run(
        "BEIRUT, May 12 (Reuters) - Russian jets struck Jisr al-Shughur yesterday.",
        gaz,
        published=TUESDAY,
    )
    assert [e.date for e in ex.events] == [dt.date(2024, 5, 11)]


# -- intervals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Jets struck the area between 3 and 5 March.", dt.date(2024, 3, 3), dt.date(2024, 3, 5)),
        ("Shelling went on from 3 to 5 March 2023.", dt.date(2023, 3, 3), dt.date(2023, 3, 5)),
        ("Raids on 3-5 March hit the town.", dt.date(2024, 3, 3), dt.date(2024, 3, 5)),
        ("Raids on 3–5 March hit the town.", dt.date(2024, 3, 3), dt.date(2024, 3, 5)),
        ("Raids on March 3-5, 2023 hit it.", dt.date(2023, 3, 3), dt.date(2023, 3, 5)),
        ("It was hit between March 3 and 5.", dt.date(2024, 3, 3), dt.date(2024, 3, 5)),
        ("Strikes from March 3 to March 5.", dt.date(2024, 3, 3), dt.date(2024, 3, 5)),
        ("between 28 February and 2 March", dt.date(2024, 2, 28), dt.date(2024, 3, 2)),
        ("28 December 2023 - 2 January 2024", dt.date(2023, 12, 28), dt.date(2024, 1, 2)),
        ("between Monday and Wednesday", dt.date(2024, 5, 6), dt.date(2024, 5, 8)),
    ],
)
def test_day_ranges_are_intervals(text: str, first: dt.date, last: dt.date) -> None:
    [(_, got, end, prec)] = _dates(text)
    assert (got, end, prec) == (first, last, "day")


@pytest.mark.parametrize(
    "phrase",
    [
        "overnight into Tuesday",
        "Monday night into Tuesday",
        "late on Monday and early Tuesday",
        "late Monday and early on Tuesday",
        "the night of 13-14 May",
        "the night of May 13 to 14",
        "overnight on 13/14 May",
    ],
)
def test_nights_over_two_days_are_overnight_intervals(phrase: str) -> None:
    [(_, got, end, prec)] = _dates(f"Drones hit the port {phrase}.")
    assert (got, end, prec) == (dt.date(2024, 5, 13), TUESDAY, "overnight")


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("Strikes on 2 and 5 March hit it.", ["5 March"]),  # two days, not a range
        ("Shelling on March 5 - 12 killed.", ["March 5"]),  # a toll, not a range
    ],
)
def test_lists_and_tolls_are_not_ranges(text: str, surfaces: list[str]) -> None:
    got = _dates(text)
    assert [s for s, *_ in got] == surfaces and all(end is None for _, _, end, _ in got)


def test_event_keeps_its_interval(gaz: FakeGazetteer) -> None:
    ex = _run("Russian jets struck Jisr al-Shughur between 3 and 5 March.", gaz, TUESDAY)
    [ev] = ex.events
    assert (ev.date, ev.date_end, ev.date_precision) == (
        dt.date(2024, 3, 3),
        dt.date(2024, 3, 5),
        "day",
    )
    night = _run("Russian drones hit Jisr al-Shughur overnight into Tuesday.", gaz, TUESDAY)
    assert [(e.date, e.date_end, e.date_precision) for e in night.events] == [
        (dt.date(2024, 5, 13), TUESDAY, "overnight")
    ]


def test_parenthetical_range_does_not_date_the_strike(gaz: FakeGazetteer) -> None:
    ex = _run(
        "Around 4 February 2022 (between 21 January - 11 February), air forces conducted "
        "airstrikes in Idlib province.",
        gaz,
        published=dt.date(2022, 2, 4),
    )
    assert [(e.date, e.date_end) for e in ex.events] == [(dt.date(2022, 2, 4), None)]


# -- numeric dates and refusals -----------------------------------------------------------


def test_dotted_dates_are_day_first_and_iso_is_read() -> None:
    assert _dates("Hit on 04.05.2024 and 2024-05-03.") == [
        ("04.05.2024", dt.date(2024, 5, 4), None, "day"),
        ("2024-05-03", dt.date(2024, 5, 3), None, "day"),
    ]


def test_slashed_date_is_read_when_one_reading_is_impossible() -> None:
    assert _dates("Hit on 13/05/2024 and 05/12/2024.", published=dt.date(2024, 12, 31))[0] == (
        "13/05/2024",
        dt.date(2024, 5, 13),
        None,
        "day",
    )


def test_ambiguous_slashed_date_stays_an_interval_with_the_reason(gaz: FakeGazetteer) -> None:
    [d] = find_dates("Hit on 04/05/2024.", 0, 18, TUESDAY)
    assert (d.date, d.date_end, d.precision) == (dt.date(2024, 4, 5), dt.date(2024, 5, 4), "month")
    assert d.note and "5 April or 4 May" in d.note
    ex = _run("Russian jets struck Jisr al-Shughur on 04/05/2024.", gaz, TUESDAY)
    [ev] = ex.events
    assert (ev.date, ev.date_end, ev.date_precision) == (
        dt.date(2024, 4, 5),
        dt.date(2024, 5, 4),
        "month",
    )
    assert any("04/05/2024" in w for w in ex.warnings)


def test_publication_date_rules_out_a_later_reading() -> None:
    # Published 20 April: 4 May had not happened yet, so 04/05 is 5 April.
    assert _dates("Hit on 04/05/2024.", published=dt.date(2024, 4, 20)) == [
        ("04/05/2024", dt.date(2024, 4, 5), None, "day")
    ]


def test_ambiguity_far_apart_is_kept_at_year_precision() -> None:
    [(_, first, last, prec)] = _dates("Hit on 01/12/2023.")
    assert (first, last, prec) == (dt.date(2023, 1, 12), dt.date(2023, 12, 1), "year")


@pytest.mark.parametrize(
    "text",
    ["between 3 and 5 March", "on 3-5 March", "overnight into Tuesday", "on Monday"],
)
def test_no_year_and_no_reference_stays_unknown(text: str) -> None:
    assert [(d, end, p) for _, d, end, p in _dates(text, published=None)] == [
        (None, None, "unknown")
    ]


def test_unknown_publication_leaves_the_strike_date_unknown(gaz: FakeGazetteer) -> None:
    ex = _run("Russian jets struck Jisr al-Shughur between 3 and 5 March.", gaz)
    [ev] = ex.events
    assert (ev.date, ev.date_end, ev.date_precision) == (None, None, "unknown")
    assert any("unknown" in w for w in ex.warnings)


def test_ordinals_before_nouns_are_not_days() -> None:
    pub = dt.date(2022, 3, 9)
    for text in ("jets struck the 3rd city hospital", "a post of the 45th brigade"):
        assert find_dates(text, 0, len(text), pub) == [], text
    text = "the depot was hit on the 3rd, killing two"
    assert [d.date for d in find_dates(text, 0, len(text), pub)] == [dt.date(2022, 3, 3)]


# -- storage and exports ------------------------------------------------------------------


def _interval_event() -> tuple[Extraction, Event]:
    report = make_report("Jets struck Jisr al-Shughur between 3 and 5 March.", "r.txt")
    ev = make_event(report, report.text, date=dt.date(2024, 3, 3))
    ev.date_end = dt.date(2024, 3, 5)
    return Extraction(report=report, events=[ev]), ev


def test_interval_is_stored_and_exported(tmp_path) -> None:
    ex, _ = _interval_event()
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    try:
        store.save(ex)
        frame = store.events_frame()
        assert list(frame["date_end"]) == ["2024-03-05"]
        [feature] = export_geojson(store)["features"]
        assert feature["properties"]["date"] == "2024-03-03"
        assert feature["properties"]["date_end"] == "2024-03-05"
        header, row = export_csv(store).splitlines()[:2]
        cells = dict(zip(header.split(","), row.split(","), strict=False))
        assert (cells["date"], cells["date_end"]) == ("2024-03-03", "2024-03-05")
        # The date filter reads the first day: an interval starting in the range matches.
        assert len(store.events_frame(EventFilter(date_from=dt.date(2024, 3, 3)))) == 1
    finally:
        store.dispose()


def test_single_day_exports_an_empty_date_end(tmp_path) -> None:
    report = make_report("Jets struck Jisr al-Shughur.", "one.txt")
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    try:
        store.save(Extraction(report=report, events=[make_event(report, report.text)]))
        [feature] = json.loads(json.dumps(export_geojson(store)))["features"]
        assert feature["properties"]["date_end"] is None
        text = events_to_csv(store.events_frame(), store.claims_frame([]))
        assert ",day,," in text.splitlines()[1]
    finally:
        store.dispose()


def test_a_date_naming_the_strike_wins_over_later_dates_of_its_sentence(
    gaz: FakeGazetteer,
) -> None:
    ex = _run(
        "The death toll from Saturday's Russian missile strike on Kramatorsk rose to 40 on "
        "Monday, officials said.",
        gaz,
        TUESDAY,
    )
    [ev] = ex.events
    assert (ev.date, ev.date_precision) == (dt.date(2024, 5, 11), "day")
