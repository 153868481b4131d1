"""Publication dates from the header and byline lines that open pasted reports."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_fakes import FakeGazetteer
from strikemap.extract import extract_report
from strikemap.read import read_text
from strikemap.read_bylines import BYLINE_CHARS, HEADER_LINES, byline_date

STORY = (
    "Russian warplanes carried out at least 15 airstrikes on Khan Shaykhun in southern "
    "Idlib countryside on Tuesday, killing four civilians."
)
JUNE_12 = dt.date(2019, 6, 12)


def _read(header: str) -> tuple[dt.date | None, str]:
    r = read_text(f"{header}\n\n{STORY}", source_id="pasted.txt")
    return r.published, r.published_basis


@pytest.mark.parametrize(
    "header",
    [
        "Syrian Observatory for Human Rights, 12 June 2019",
        "SYRIAN OBSERVATORY FOR HUMAN RIGHTS | 12 JUNE 2019",
        "The Syrian Network for Human Rights (SNHR) - June 12, 2019",
        "By Jane Doe | June 12, 2019",
        "By Jane Doe, 12th June 2019",
        "Posted on June 12, 2019 by admin",
        "Posted by Jane Doe on June 12, 2019",
        "SOHR | By Jane Doe on 12 June 2019",
        "Updated: 12 June 2019 14:05 GMT",
        "Last updated Wed 12 Jun 2019 14.05 BST",
        "Idlib Daily Brief — Wednesday 12 June 2019 (Reuters)",
        "Newsletter #45 • Jane Doe • 3 min read • Jun 12, 2019",
        "SOHR | 2019-06-12",
        "Airstrikes kill four in Khan Shaykhun\nIdlib Monitor / 12.06.2019",
    ],
)
def test_header_or_byline_line_gives_publication_date(header: str) -> None:
    assert _read(header) == (JUNE_12, "header")


def test_relative_days_resolve_against_a_byline_date() -> None:
    r = read_text(
        "Syrian Observatory for Human Rights, 12 June 2019\n\n"
        "Russian jets struck Idlib on Tuesday, killing four civilians.",
        source_id="sohr.txt",
    )
    events = extract_report(r, FakeGazetteer()).events
    assert events and {e.date for e in events} == {dt.date(2019, 6, 11)}


def test_published_date_wins_over_a_later_updated_one() -> None:
    for header in (
        "By Jane Doe | Updated June 13, 2019 | Published June 12, 2019",
        "Updated: 13 June 2019 09:00\nFirst published: 12 June 2019",
        "SOHR, 12 June 2019 (updated 13 June 2019)",
    ):
        assert byline_date(header) == JUNE_12, header


@pytest.mark.parametrize(
    "header",
    [
        "On 12 June 2019, jets struck Khan Shaykhun.",  # a story sentence: the strike's date
        "Since 12 June 2019 the offensive has continued",
        "As of 12 June 2019",
        "Shelled by the army on 12 June 2019",
        "Shelled by Russian Forces on 12 June 2019",
        "Report No. 5 of 12 June 2019",
        "10-12 June 2019",  # ranges
        "Between 10 June 2019 and 12 June 2019",
        "The 2019 offensive on Idlib",  # no full date
        "Wednesday, 12 June",  # no year, and none guessed from the weekday
        "June 2019 | Monthly Report",
        "SOHR, 31 June 2019",  # no such day
    ],
)
def test_lines_that_date_something_else_give_no_date(header: str) -> None:
    assert byline_date(header) is None
    assert _read(header) == (None, "unknown")


@pytest.mark.parametrize(
    "line",
    [
        "SOHR | 12 June 2019 – 14 June 2019",
        "SOHR | 12 June 2019 - 14 June",
        "SOHR | 12 June 2019 | 13 June 2019",
        "Khan Shaykhun Massacre, 4 April 2017",  # the date of an event, not of the page
        "Aleppo, 12 June 2019: four killed",
        "Russian jets struck Idlib on Tuesday, 12 June 2019",
    ],
)
def test_byline_reader_leaves_ranges_events_and_prose_alone(line: str) -> None:
    assert byline_date(line) is None


@pytest.mark.parametrize("stamp", ["Posted on 12/06/2019", "SOHR | 06/12/2019"])
def test_numeric_date_that_reads_both_ways_stays_unknown(stamp: str) -> None:
    assert _read(stamp) == (None, "unknown")


def test_numeric_date_with_one_possible_reading_is_read() -> None:
    assert _read("SOHR | 25/06/2019") == (dt.date(2019, 6, 25), "header")
    assert _read("SOHR | 06/25/2019") == (dt.date(2019, 6, 25), "header")


def test_two_different_unlabelled_header_dates_leave_the_date_unknown() -> None:
    assert byline_date("SOHR, 12 June 2019\nIdlib Brief, 13 June 2019") is None
    assert byline_date("SOHR, 12 June 2019\nSOHR | 12 June 2019") == JUNE_12


def test_only_short_lines_near_the_top_are_read() -> None:
    filler = "\n".join(f"Line {i}" for i in range(HEADER_LINES))
    assert byline_date(f"{filler}\nSOHR, 12 June 2019") is None
    assert byline_date(f"{filler[: filler.rfind(chr(10))]}\nSOHR, 12 June 2019") == JUNE_12
    long_name = "Syrian Observatory " * (BYLINE_CHARS // 19 + 1)
    assert byline_date(f"{long_name.strip()}, 12 June 2019") is None


def test_dates_found_by_other_readers_are_unchanged() -> None:
    # A dateline is read before any byline line, and the user's date before both.
    assert _read("By Jane Doe | June 13, 2019\nKHARKIV, 12 June 2019 —") == (JUNE_12, "dateline")
    r = read_text(f"SOHR, 12 June 2019\n\n{STORY}", source_id="x", published=dt.date(2020, 1, 2))
    assert (r.published, r.published_basis) == (dt.date(2020, 1, 2), "user")
