"""Find date expressions in a report and resolve them against its publication date.

Candidate spans are found with regular expressions and resolved by a small own resolver
(dateparser's ``search_dates`` is unreliable and its weekday handling depends on settings):

* a weekday equal to the publication weekday is the publication day, otherwise the most
  recent past one;
* "yesterday" is the day before, "overnight"/"last night" the publication day with
  precision ``"overnight"`` (the night before it), "last week" a week before (``"week"``);
* a month and day without a year take the most recent such day not after publication;
* with no publication date, only fully written dates resolve; the rest stay ``None``.

A date glued to a speech verb ("Kerry said Wednesday", "on Thursday quoted") dates the
speech, not the strike, and is flagged ``speech=True``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from strikemap.extract._rx import lower_same_length, lowered
from strikemap.model import DatePrecision

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
# Every alternative starts at a word boundary, written once in front of them all.
_DATE_BODY = (
    r"(?P<iso>\d{4}-\d{2}-\d{2}\b)"
    r"|(?P<dmy>\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"(?:,?\s+(?P<y1>\d{4}))?)"
    r"|(?P<mdy>" + _MON + r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{4}))?)"
    # "the 2nd" is a day only when no noun follows it ("the 2nd maternity hospital",
    # "the 80th brigade" are ordinals): a function word, a verb form or punctuation may.
    r"|(?P<the>the\s+\d{1,2}(?:st|nd|rd|th)\b(?!\s+of\s+"
    + _MON
    + r")(?!\s+(?!(?:of|at|in|on|and|or|when|while|"
    r"after|before|as|with|but|to|from|until|that|this|the|a|an|by|for|during|around|"
    r"about|between|\w+ing|\w+ed)\b)[a-z]))"
    r"|(?P<wd>(?:last\s+)?" + _WD + r"(?:\s+(?:morning|afternoon|evening|night))?\b)"
    r"|(?P<yest>yesterday\b)"
    r"|(?P<today>(?:today|this morning|this afternoon|this evening|tonight)\b)"
    r"|(?P<night>(?:overnight|last night)\b)"
    r"|(?P<lweek>(?:last|past|this)\s+week\b)"
    r"|(?P<lmonth>last\s+month\b)"
)
_DATE_RE = re.compile(r"\b(?:" + _DATE_BODY + ")", re.IGNORECASE)
# Every alternative of _DATE_RE holds a digit or one of these letter sequences.
# (Substring tests: faster than one regular expression with these alternatives.)
_DATE_WORDS = (
    "day", "Day", "DAY", "night", "Night", "NIGHT", "week", "Week", "WEEK", "month",
    "Month", "MONTH", "morning", "Morning", "MORNING", "evening", "Evening", "EVENING",
    "afternoon", "Afternoon", "AFTERNOON", "tonight", "Tonight",
)  # fmt: skip
_DIGIT = re.compile(r"\d")
_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:said|says|told|tells|announced|reported|stated|added|claimed|confirmed|"
    r"quoted|tweeted|wrote|declared|published|publication|posted|updated|speaking)"
    r"(?:\s+\w+){0,1}\s*,?\s*(?:on|late|early|late on|early on)?\s*)$",
    re.IGNORECASE,
)
_SPEECH_AFTER = re.compile(
    r"^\s*,?\s*(?:it\s+|he\s+|she\s+|they\s+)?(?:said|says|told|announced|reported|stated|"
    r"quoted|added|claimed|tweeted|wrote|declared)\b",
    re.IGNORECASE,
)


# Lower-case twins (see strikemap.extract._rx): several times faster than IGNORECASE.
_LOW_RES = (lowered(_DATE_RE), lowered(_SPEECH_BEFORE), lowered(_SPEECH_AFTER))
_MAY_DAY = re.compile(r"May\s+\d")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: its span (in the report), resolved date and precision.

    ``date`` is ``None`` when the expression is relative and the publication date is
    unknown. ``speech`` marks dates that date a statement, not a strike.
    """

    start: int
    end: int
    surface: str
    date: dt.date | None
    precision: DatePrecision
    speech: bool


def _month_day(month: int, day: int, published: dt.date | None) -> dt.date | None:
    """Resolve a month/day without year to the latest such day not after publication."""
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= published:
            return d
    return None


def resolve_weekday(weekday: int, published: dt.date) -> dt.date:
    """Return the publication day if it is that weekday, else the most recent past one."""
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _resolve(m: re.Match[str], published: dt.date | None) -> tuple[dt.date | None, DatePrecision]:
    g = m.lastgroup
    s = m.group(0).lower()
    if g == "iso":
        try:
            return dt.date.fromisoformat(s), "day"
        except ValueError:
            return None, "unknown"
    if g in ("dmy", "mdy"):
        mon_m = re.search(r"[a-z]{3}", s)
        day_m = re.search(r"\d{1,2}(?!\d)", s)
        year = m.group("y1") or m.group("y2")
        if not mon_m or not day_m:
            return None, "unknown"
        month, day = _MONTHS[mon_m.group(0)], int(day_m.group(0))
        if year:
            try:
                return dt.date(int(year), month, day), "day"
            except ValueError:
                return None, "unknown"
        d = _month_day(month, day, published)
        return d, ("day" if d else "unknown")
    if published is None:
        return None, "unknown"
    if g == "the":
        day = int(re.search(r"\d+", s).group(0))  # type: ignore[union-attr]
        ref = published if day <= published.day else (published.replace(day=1) - dt.timedelta(1))
        try:
            return ref.replace(day=day), "day"
        except ValueError:
            return None, "unknown"
    if g == "wd":
        wd = next(i for i, w in enumerate(_WEEKDAYS) if w in s)
        d = resolve_weekday(wd, published)
        if s.startswith("last") and d == published:
            d -= dt.timedelta(days=7)
        return d, "day"
    if g == "yest":
        return published - dt.timedelta(days=1), "day"
    if g == "today":
        return published, "day"
    if g == "night":
        return published, "overnight"
    if g == "lweek":
        return (published if s.startswith("this") else published - dt.timedelta(days=7)), "week"
    if g == "lmonth":
        return (published.replace(day=1) - dt.timedelta(days=1)), "month"
    return None, "unknown"


_ONE_DAY = dt.timedelta(days=1)


def find_dates(text: str, start: int, end: int, published: dt.date | None) -> list[DateMention]:
    """Find and resolve the date expressions in ``text[start:end]``.

    Parameters
    ----------
    text
        The report text.
    start, end
        The span to search (a sentence or paragraph); returned spans index ``text``.
    published
        The report's publication date, or ``None`` when unknown.

    Returns
    -------
    list of DateMention
    """
    out: list[DateMention] = []
    seg = text[start:end]
    if not (_DIGIT.search(seg) or any(w in seg for w in _DATE_WORDS)):
        return out  # most sentences hold no date: one cheap scan instead of the big pattern
    # Lower-case twins of the patterns run on the lower-cased segment (several times
    # faster than IGNORECASE); surfaces are read from the original by offset.
    low = lower_same_length(seg)
    subject = seg if low is None else low
    date_rx, before_rx, after_rx = (
        (_DATE_RE, _SPEECH_BEFORE, _SPEECH_AFTER) if low is None else _LOW_RES
    )
    for m in date_rx.finditer(subject):
        surface = seg[m.start() : m.end()]
        if m.lastgroup == "mdy" and surface[:3].lower() == "may" and not _MAY_DAY.match(surface):
            continue
        date, prec = _resolve(m, published)
        if date is not None and published is not None and date > published + _ONE_DAY:
            # A report cannot date a strike it describes after its own publication: a
            # written later date is a plan, a deadline or a typo, never the strike's date.
            continue
        before = subject[max(0, m.start() - 40) : m.start()]
        after = subject[m.end() : m.end() + 30]
        speech = bool(before_rx.search(before) or after_rx.match(after))
        out.append(DateMention(start + m.start(), start + m.end(), surface, date, prec, speech))
    return out
