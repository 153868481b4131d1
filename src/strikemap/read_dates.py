"""A report's publication date: written dates, header lines, datelines, and precedence.

The reader never invents a date: a dateline without a year and no other evidence leaves
the date unknown, and a numeric date that reads both ways ("04/05/2024") stays unknown.

Precedence of publication dates (:func:`decide_published`): the user's date wins over
everything, then page metadata (HTML), a header line ("Date of publication 12 June 2016",
"published: 2016-06-12"), a dateline ("MOSCOW, Oct 1 (Reuters) -", "KHARKIV, 14 May 2024 —",
"14.05.2024", "2024-05-14"; see :mod:`strikemap.datelines`), a CSV date column; when
none of these gives one, a header or byline line near the top ("Syrian Observatory
for Human Rights, 12 June 2019", "By Jane Doe | June 12, 2019"; see
:mod:`strikemap.read_bylines`, basis ``"header"``); otherwise ``None`` with basis
``"unknown"``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from strikemap.datelines import find_dateline
from strikemap.datelines import safe_date as _safe_date
from strikemap.model import PublishedBasis

__all__ = ["dateline_date", "decide_published", "header_date", "parse_date_text"]

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)


_HEADER_DATE_RE = re.compile(
    r"^\W*(?:date of publication|published(?: on)?|posted(?: on)?|date|publication date)"
    r"\s*:?\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?P<date>[^\n]{4,40})",
    re.IGNORECASE,
)
_LEADING_DATE_RE = re.compile(
    r"^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)(?P<date>\d{1,2}\s+"
    + _MONTH_RE
    + r",?\s+\d{4}|"
    + _MONTH_RE
    + r"\.?\s+\d{1,2},?\s+\d{4})",
    re.IGNORECASE,
)


def parse_date_text(s: str) -> dt.date | None:
    """Parse a written full date ("12 June 2016", "August 2 2016", "2016-06-12").

    Returns ``None`` unless day, month and year are all written: no part is guessed.
    """
    s = s.strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(r"(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_RE + r")\.?,?\s+(\d{4})", s, re.I)
    if m:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    m = re.match(r"(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", s, re.I)
    if m:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if m:  # ambiguous d/m vs m/d: only accept when one reading is impossible
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12 >= b:
            return _safe_date(y, b, a)
        if b > 12 >= a:
            return _safe_date(y, a, b)
    return None


def header_date(fields: dict[str, str], body: str) -> dt.date | None:
    """Find a publication date in header fields or the first lines of the body."""
    for key in ("published", "date", "publication_date", "pubdate"):
        if key in fields:
            d = parse_date_text(fields[key])
            if d:
                return d
    first = body[:300]
    for line in first.split("\n")[:5]:
        m = _HEADER_DATE_RE.match(line)
        if m:
            d = parse_date_text(m.group("date"))
            if d:
                return d
    m = _LEADING_DATE_RE.match(first)
    if m:
        return parse_date_text(m.group("date"))
    return None


def dateline_date(text: str, url: str | None) -> tuple[dt.date | None, str | None]:
    """Read a news dateline on one of the first lines ("KHARKIV, 14 May 2024 —").

    Every common form is read (see :mod:`strikemap.datelines`). A dateline without a
    year takes it from a ``/YYYY/`` segment of the URL or a full date elsewhere in the
    text with the same month and day; otherwise the date stays unknown and a note says
    why. An ambiguous numeric date ("04/05/2024") stays unknown too.
    """
    m = None
    pos = 0
    while pos < min(len(text), 400):
        m = find_dateline(text, pos)
        if m is not None:
            break
        nl = text.find("\n", pos)
        if nl < 0:
            break
        pos = nl + 1
    if m is None:
        return None, None
    if m.month is None or m.day is None:
        return None, f"dateline date is ambiguous ({m.note}): date left unknown"
    if m.year is not None:
        return m.date, None
    month, day = m.month, m.day
    years: list[int] = []
    if url:
        years += [int(y) for y in re.findall(r"/((?:19|20)\d\d)/", url)]
    for dm in re.finditer(
        r"(?:\d{1,2}\s+" + _MONTH_RE + r"|" + _MONTH_RE + r"\.?\s+\d{1,2}),?\s+((?:19|20)\d\d)",
        text,
        re.I,
    ):
        d = parse_date_text(dm.group(0))
        if d and d.month == month and d.day == day:
            years.append(d.year)
    if len(set(years)) == 1:
        return _safe_date(years[0], month, day), None
    return None, f"dateline gives month {month} day {day} but no year: date left unknown"


def decide_published(
    user: dt.date | None, candidates: Iterable[tuple[dt.date | None, PublishedBasis]]
) -> tuple[dt.date | None, PublishedBasis]:
    """Return the first known date in precedence order; the user's date wins."""
    if user is not None:
        return user, "user"
    for d, basis in candidates:
        if d is not None:
            return d, basis
    return None, "unknown"
