"""A publication date from the header and byline lines that open a pasted report.

Reports pasted from monitors, NGOs and newsletters print their date on a short line
near the top that is neither a dateline nor a ``Published:`` line::

    Syrian Observatory for Human Rights, 12 June 2019
    By Jane Doe | June 12, 2019
    Posted on 25/06/2019 by admin
    Updated: 12 June 2019 14:05 GMT
    Idlib Daily Brief — Wednesday 12 June 2019 (Reuters)

A line is such a header line when, once its full date (with weekday and time) and a
label ("Posted on", "Updated:") are taken out, only header matter is left: a byline
("By Jane Doe"), a source or outlet name in title case ("Syrian Observatory for Human
Rights", "Newsletter #45"), an agency in brackets, a time or a reading time, joined by
separators (``| , • · / —``). Anything else makes the line prose, and its date is not
taken:

* a date in a story sentence ("On 12 June 2019, jets struck ...") or after a word that
  ties it to something else ("since 12 June 2019", "as of ...", "between ... and ...");
* a date range ("10-12 June 2019", "12 June 2019 – 14 June 2019");
* a name that is an event ("Khan Shaykhun Massacre, 4 April 2017"), which dates the
  event, not the page;
* a date without day, month or year ("the 2019 offensive", "June 2019"); the year is
  never taken from a weekday;
* a numeric date that reads both ways ("12/06/2019": 12 June or 6 December) stays
  unknown, as a dateline's does (:func:`strikemap.datelines.numeric_day_month`).

Only the first :data:`HEADER_LINES` non-blank lines starting within the first
:data:`HEADER_CHARS` characters are read, each at most :data:`BYLINE_CHARS` long. A
``Published`` date wins over an unlabelled one, which wins over an ``Updated`` one; two
different dates of the same standing leave the date unknown.
"""

from __future__ import annotations

import datetime as dt
import re

from strikemap.datelines import MONTH_NAME, MONTHS, numeric_day_month, safe_date
from strikemap.model import PublishedBasis

__all__ = ["BYLINE_CHARS", "HEADER_CHARS", "HEADER_LINES", "byline_date"]

HEADER_LINES = 6
"""Non-blank lines read from the top: a title (one or two lines), a standfirst, a source
or byline line, a date line and an "Updated" line. The story starts after them."""

HEADER_CHARS = 600
"""A header line must start within this many characters of the text's start: a title
and a standfirst of ordinary length come before it."""

BYLINE_CHARS = 100
"""The longest header line (stripped); a longer line is prose."""

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_WEEKDAY = r"(?i:(?:Mon|Tue(?:s)?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?)"
_TIME = (
    r"\d{1,2}[:.]\d{2}(?:[ ]*(?i:[ap]\.?m\.?))?"
    r"(?:[ ]*(?:GMT|UTC|[A-Z]{2,4}T)(?:[ ]*[+\-]\d{1,2}(?::?\d{2})?)?)?"
)
_FULL_DATE = re.compile(
    rf"(?<![\w/.\-])(?:{_WEEKDAY},?[ ]+)?"
    r"(?:"
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?[ ]+(?:of[ ]+)?(?P<m1>{MONTH_NAME}),?[ ]+"
    r"(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<m2>{MONTH_NAME})[ ]+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?[ ]+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y4>(?:19|20)\d\d)"
    r")(?![\w/\-]|\.\d)"
    rf"(?:,?[ ]+(?:at[ ]+)?{_TIME})?"
)
# A label before the date; "updated" ones date an edit, not the publication.
_LABEL = re.compile(
    r"(?i:(?:(?P<upd>(?:last[ ]+)?(?:updated|modified|edited))"
    r"|(?:first[ ]+|originally[ ]+)?(?:published|posted|released|issued|dated|date"
    r"|publication[ ]+date|date[ ]+of[ ]+publication|report[ ]+date))"
    r"(?:[ ]+(?:on|at))?)[ ]*:?[ ]*$"
)
# Words that tie the date after them to something other than the page.
_TIED_BEFORE = re.compile(
    r"(?i:\b(?:on|since|from|until|till|between|before|after|by|of|in|to|and|through"
    r"|as[ ]+of|during|around|about)|\d[ ]*[-–—])[ ]*$"
)
# A second date after a dash or "to" ("12 June 2019 – 14 June 2019"); a time is not one.
_RANGE_AFTER = re.compile(
    r"[ ]*(?:[-–—]|(?i:to|until|till|and|through)\b)[ ]*\d(?!\d?[:.]\d\d(?!\d))"
)
_SEPARATOR = re.compile(r"[ ]*(?:[|•·/,;–—]|[ ]-[ ]|^-[ ]|[ ]-$)[ ]*")
_BYLINE = re.compile(r"(?i:by)[ ]+\S.*")
# A byline that runs into its date, opening the line or a piece of it: "Posted by Jane
# Doe on June 12, 2019" (not "Shelled by Russian Forces on 12 June 2019").
_BYLINE_ON = re.compile(
    r"(?:^|[|•·;—–][ ]*)(?P<by>(?i:(?:posted|written|published)[ ]+)?(?i:by)[ ]+"
    r"(?P<name>[^|•·,;]{1,60}?)[ ]+(?i:on)[ ]*)$"
)
_TIME_PIECE = re.compile(rf"(?:at[ ]+)?{_TIME}|\d{{1,2}}[ ]+min(?:ute)?s?[ ]+read", re.I)
_NAME_WORD = re.compile(r"[A-Z0-9#@&][\w'’.&\-]*|(?:al|el|ad|ar|as|ash|az)-[\w'’\-]+")
_CONNECTORS = frozenset(
    {"for", "of", "the", "and", "on", "in", "at", "de", "du", "des", "la", "le"}
)
# A name holding one of these names an event ("Khan Shaykhun Massacre"): its date dates
# the event.
_EVENT_WORDS = frozenset(
    {
        "attack", "attacks", "airstrike", "airstrikes", "strike", "strikes", "massacre",
        "bombing", "bombings", "shelling", "offensive", "battle", "siege", "killed",
        "explosion", "ceasefire", "truce", "raid", "raids",
    }
)  # fmt: skip
_NAME_MAX_WORDS = 8
_BYLINE_MAX_WORDS = 6


def or_byline_date(
    decided: tuple[dt.date | None, PublishedBasis], text: str
) -> tuple[dt.date | None, PublishedBasis]:
    """Return a reader's publication date, else the one a header or byline line prints.

    The byline scan runs only when nothing better dated the report (it costs a scan of
    the first lines); its date has basis ``"header"``.
    """
    if decided[0] is not None:
        return decided
    found = byline_date(text)
    return (found, "header") if found is not None else decided


def byline_date(text: str) -> dt.date | None:
    """Return the full date a header or byline line near the top of ``text`` prints.

    Parameters
    ----------
    text
        The report's main text.

    Returns
    -------
    datetime.date or None
        The date of the best-standing header line (published, then unlabelled, then
        updated), or ``None`` when no header line prints a full date or two lines of
        the same standing disagree.
    """
    found: dict[int, set[dt.date]] = {}
    for line in _top_lines(text):
        for rank, date in _header_line_dates(line):
            found.setdefault(rank, set()).add(date)
    if not found:
        return None
    best = found[min(found)]
    return next(iter(best)) if len(best) == 1 else None


def _top_lines(text: str) -> list[str]:
    """Return the first non-blank lines that may be header lines (short, with a year)."""
    lines: list[str] = []
    seen = 0
    start = 0
    while start < min(len(text), HEADER_CHARS) and seen < HEADER_LINES:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        start = end + 1
        if not line:
            continue
        seen += 1
        if len(line) <= BYLINE_CHARS and _YEAR.search(line):
            lines.append(line)
    return lines


def _header_line_dates(line: str) -> list[tuple[int, dt.date]]:
    """Return (rank, date) for each full date of a header line; nothing for prose.

    Rank 0 is a published label, 1 no label, 2 an updated label.
    """
    dates: list[tuple[int, dt.date]] = []
    rest: list[str] = []
    pos = 0
    for m in _FULL_DATE.finditer(line):
        before = line[pos : m.start()]
        label = _LABEL.search(before)
        if label is not None:
            before = before[: label.start()]
        elif (by := _BYLINE_ON.search(before)) and _is_name(by.group("name")):
            before = before[: by.start("by")]
        elif _TIED_BEFORE.search(before):
            return []
        if _RANGE_AFTER.match(line, m.end()):
            return []
        rest.append(before)
        pos = m.end()
        date = _match_date(m)
        if date is None:
            continue  # a numeric date that reads both ways stays unknown
        rank = 1 if label is None else 2 if label.group("upd") else 0
        dates.append((rank, date))
    if not dates:
        return []
    rest.append(line[pos:])
    if not all(_is_header_matter(piece) for part in rest for piece in _SEPARATOR.split(part)):
        return []
    return dates


def _match_date(m: re.Match[str]) -> dt.date | None:
    """Return the date a :data:`_FULL_DATE` match writes, ``None`` when ambiguous."""
    if m.group("m1") or m.group("m2"):
        mon = MONTHS[(m.group("m1") or m.group("m2")).lower()[:3]]
        day = int(m.group("d1") or m.group("d2"))
        return safe_date(int(m.group("y1") or m.group("y2")), mon, day)
    if m.group("y3"):
        return safe_date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    num_month, num_day, _note = numeric_day_month(
        int(m.group("a")), int(m.group("b")), m.group("sep")
    )
    if num_month is None or num_day is None:
        return None
    return safe_date(int(m.group("y4")), num_month, num_day)


def _is_header_matter(piece: str) -> bool:
    """Return whether a piece of a line, its date taken out, is header matter."""
    piece = piece.strip(" ().[]:")
    if not piece or _TIME_PIECE.fullmatch(piece):
        return True
    if _BYLINE.fullmatch(piece):
        return len(piece.split()) <= _BYLINE_MAX_WORDS + 1
    return _is_name(piece)


def _is_name(piece: str) -> bool:
    """Return whether ``piece`` reads as a source or outlet name in title case."""
    words = piece.split()
    if not words or len(words) > _NAME_MAX_WORDS or not _NAME_WORD.fullmatch(words[0]):
        return False
    for word in words:
        w = word.strip("()")  # an acronym in brackets: "(SNHR)"
        low = w.lower()
        if low in _EVENT_WORDS or not (_NAME_WORD.fullmatch(w) or low in _CONNECTORS):
            return False
    return True
