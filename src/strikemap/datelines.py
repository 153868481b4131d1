"""Read news datelines: the place and date that open a dispatch or a live-blog entry.

A dateline is the first thing on a line: an optional place ("KHARKIV", "KYIV, Ukraine"),
an optional weekday, a date, an optional time and news agency, then a dash, a colon or
the end of the line::

    KHARKIV, 14 May 2024 — ...
    KYIV, Ukraine, May 14, 2024 (AP) — ...
    MOSCOW, Oct 1 (Reuters) - ...
    14.05.2024 09:12 — ...
    2024-05-14

Dates are read, never guessed:

* a dateline without a year ("May 14 (Reuters) -") gives month and day only; the caller
  supplies the year from context (:meth:`Dateline.resolve`) or leaves it unknown;
* ``14.05.2024`` is day.month.year (dotted dates are written day first);
* ``04/05/2024`` can be 4 May or 5 April: the date stays unknown, with a note that says
  so, unless one reading is impossible ("14/05/2024", "05/14/2024").

This module is pure and imports nothing heavy: the reader uses it for publication dates,
extraction for the reference date of each paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["MONTHS", "MONTH_NAME", "Dateline", "find_dateline", "month_day_before", "safe_date"]

MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
"""Month numbers by the first three letters of the English name, lower case."""

MONTH_NAME = (
    r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
"""An English month name or its abbreviation, any case, with an optional full stop."""
# Words that open sentences, never a dateline's place ("On 12 June 2022 - ...").
_NOT_PLACE = (
    r"(?!(?:On|In|At|By|Around|About|Since|From|Between|Until|Till|Before|After|During|"
    r"Late|Early|Updated|Posted|Published|Last|This|Today|Yesterday|Overnight|And|Or|The|"
    r"As|Of|Date|Until|Through|Also|Then|Now)\b)"
)
_WORD = r"[A-Z][\w'’.\-]*"
_PARTICLE = r"(?:al|el|ad|an|ar|as|ash|az|de|del|da|di|du|la|le|bin|ibn)-?[\w'’\-]*"
_PLACE = rf"{_NOT_PLACE}{_WORD}(?:[ ](?:{_WORD}|{_PARTICLE})){{0,3}}"
_DATELINE_RE = re.compile(
    r"[ \t]*"
    rf"(?:(?P<place>{_PLACE}(?:,[ ]*{_PLACE}){{0,2}}),?[ ]+)?"
    r"(?:(?i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day),?[ ]+)?"
    r"(?:"
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?[ ]+(?:of[ ]+)?(?P<m1>{MONTH_NAME})"
    rf"(?:,?[ ]+(?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{MONTH_NAME})[ ]+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?[ ]+(?P<y2>\d{{4}}))?"
    r"|(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y4>\d{4})"
    r")\b"
    # A time ("09:12", "at 9.12 am", "18:14 GMT+3").
    r"(?:,?[ ]+(?:at[ ]+)?\d{1,2}[:.]\d{2}(?:[ ]*(?i:[ap]\.?m\.?))?"
    r"(?:[ ]*(?:GMT|UTC)(?:[ ]*[+\-]\d{1,2}(?::?\d{2})?)?)?)?"
    # A news agency or outlet in brackets: "(Reuters)", "(AP)".
    r"(?:[ ]*\([A-Z][\w .&\-]{1,30}\))?"
    r"[ ]*(?P<end>[-–—|:]|\n|$)"
)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline: its span, the date it gives and why a part of it stays unknown.

    Attributes
    ----------
    start, end
        The span of the dateline (place, date, agency and dash) in the text searched.
    month, day
        What the dateline writes (``None`` when an ambiguous numeric date hides them).
    year
        The year the dateline writes, or ``None``.
    note
        Why the date is incomplete ("no year", "4 May or 5 April"), or ``None``.
    """

    start: int
    end: int
    month: int | None
    day: int | None
    year: int | None
    note: str | None = None

    @property
    def date(self) -> dt.date | None:
        """Return the full date when the dateline writes one, else ``None``."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return safe_date(self.year, self.month, self.day)

    def resolve(self, reference: dt.date | None) -> dt.date | None:
        """Return the date, taking a missing year from ``reference`` (the latest such day).

        A dateline without a year takes the latest such day not after ``reference``
        (the publication date); without a reference it stays unknown.
        """
        if self.year is not None:
            return self.date
        if self.month is None or self.day is None or reference is None:
            return None
        return month_day_before(self.month, self.day, reference)


def month_day_before(month: int, day: int, reference: dt.date) -> dt.date | None:
    """Return the latest date with this month and day not after ``reference``."""
    for year in (reference.year, reference.year - 1):
        d = safe_date(year, month, day)
        if d is not None and d <= reference:
            return d
    return None


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    """Return the date, or ``None`` when it does not exist (31 April)."""
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dateline(text: str, start: int = 0, end: int | None = None) -> Dateline | None:
    """Read a dateline at ``text[start:]`` (a line or paragraph start), if there is one.

    Parameters
    ----------
    text
        The report text.
    start
        Where the line starts (leading blanks are skipped).
    end
        How far the dateline may reach (default: 160 characters on).

    Returns
    -------
    Dateline or None
        ``None`` when the line does not open with a dateline.
    """
    stop = min(len(text), start + 160 if end is None else end)
    if not _DIGIT.search(text, start, min(stop, start + 80)):
        return None  # every dateline writes a number within its first words
    m = _DATELINE_RE.match(text, start, stop)
    if m is None:
        return None
    dl_end = m.start("end") if m.group("end") in ("\n", "") else m.end()
    if m.group("m1") or m.group("m2"):
        mon = (m.group("m1") or m.group("m2")).lower()[:3]
        day = int(m.group("d1") or m.group("d2"))
        year_s = m.group("y1") or m.group("y2")
        if not 1 <= day <= 31:
            return None
        if year_s is None:
            return Dateline(start, dl_end, MONTHS[mon], day, None, "the dateline gives no year")
        return Dateline(start, dl_end, MONTHS[mon], day, int(year_s))
    if m.group("y3"):
        y, mo, d = int(m.group("y3")), int(m.group("m3")), int(m.group("d3"))
        if safe_date(y, mo, d) is None:
            return None
        return Dateline(start, dl_end, mo, d, y)
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y4"))
    num_month, num_day, note = numeric_day_month(a, b, m.group("sep"))
    if note is None and (
        num_month is None or num_day is None or safe_date(year, num_month, num_day) is None
    ):
        return None
    return Dateline(start, dl_end, num_month, num_day, year, note)


def numeric_day_month(a: int, b: int, sep: str) -> tuple[int | None, int | None, str | None]:
    """Read the first two numbers of ``a.b.yyyy`` or ``a/b/yyyy`` as (month, day, note).

    Dotted dates are day first. With slashes a date is ambiguous unless one reading is
    impossible: then month and day are ``None`` and the note names both readings.
    """
    if sep == "." or a > 12 >= b or a == b:
        return (b, a, None) if b <= 12 else (a, b, None) if a <= 12 else (None, None, None)
    if b > 12 >= a:
        return a, b, None
    if a > 12 and b > 12:
        return None, None, None
    return None, None, f"{a:02d}/{b:02d} reads as day/month or month/day"
