"""Find date expressions in a report and resolve them against a reference date.

The reference is the publication date, or a paragraph's own dateline when it has one
(multi-dispatch posts, live blogs; see :mod:`strikemap.datelines`). Candidate spans are
found with regular expressions and resolved by a small own resolver (dateparser's
``search_dates`` is unreliable and its weekday handling depends on settings):

* a weekday equal to the reference weekday is the reference day, otherwise the most
  recent past one;
* "yesterday" is the day before, "overnight"/"last night" the reference day with
  precision ``"overnight"`` (the night before it), "last week" a week before (``"week"``);
* a month and day without a year take the most recent such day not after the reference;
* ranges are intervals (``date`` the first day, ``date_end`` the last): "between 3 and 5
  March", "from 3 to 5 March", "3-5 March", "March 3-5", "between Monday and Wednesday"
  (precision ``"day"``); "overnight into Tuesday", "Monday night into Tuesday", "late on
  Monday and early Tuesday", "the night of 13-14 May" (two days, ``"overnight"``);
* numeric dates: "14.05.2024" is day first; "04/05/2024" is 4 May or 5 April, so unless
  the reference rules one out it is kept as the interval between the two readings, at
  ``"month"`` (or ``"year"``) precision, with a note saying why;
* without a reference, only fully written dates resolve; the rest stay ``None``.

A date glued to a speech verb ("Kerry said Wednesday", "on Thursday quoted") dates the
speech, not the strike, and is flagged ``speech=True``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from strikemap.datelines import find_dateline, numeric_day_month
from strikemap.extract._rx import contains_any, lower_same_length, lowered
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
_D = r"\d{1,2}(?:st|nd|rd|th)?"
_Y = r"(?:,?\s+\d{4}\b)?"
_DASH = r"\s*[-–—]\s*"
_TO = r"(?:\s*[-–—]\s*|\s+(?:and|to|until|till|through|thru)\s+)"
_D_MON = rf"{_D}(?:\s+(?:of\s+)?{_MON}{_Y})?"
_TO_D_MON = rf"{_D}\s+(?:of\s+)?{_MON}{_Y}"
# Ranges are tried first: "3-5 March" is one interval, not "5 March". Word connectors
# need "between" or "from" ("strikes on 2 and 5 March" names two days, not a range);
# "March 3-5" takes no blanks around its dash ("March 5 - 12 killed" is not a range).
_RANGE = (
    rf"(?P<rng>(?:between|from)\s+(?:{_D_MON}{_TO}{_TO_D_MON}"
    rf"|{_MON}\s+{_D}{_Y}{_TO}(?:{_MON}\s+)?{_D}\b{_Y}|{_WD}{_TO}{_WD}\b)"
    rf"|{_D_MON}{_DASH}{_TO_D_MON}|{_MON}\s+\d{{1,2}}[-–]\d{{1,2}}\b{_Y})"
)
_NIGHT_PAIR = r"\s*(?:[-–/]|to|into|and)\s*"
_OVERNIGHT = (
    rf"(?P<ovn>(?:overnight|(?:the\s+)?night\s+(?:of|from)\s+{_WD}|{_WD}\s+(?:night|evening)"
    rf"|late\s+(?:on\s+)?{_WD}(?:\s+(?:night|evening))?)"
    rf"\s+(?:into|to|and|or)\s+(?:early\s+(?:on\s+)?)?{_WD}(?:\s+morning)?\b"
    rf"|(?:the\s+)?night\s+of\s+{_D}{_NIGHT_PAIR}{_TO_D_MON}"
    rf"|(?:the\s+)?night\s+of\s+{_MON}\s+{_D}{_NIGHT_PAIR}{_D}\b{_Y}"
    rf"|overnight\s+(?:on\s+)?{_D}\s*[-–/]\s*{_TO_D_MON})"
)
# Every alternative starts at a word boundary, written once in front of them all.
_DATE_BODY = (
    r"(?P<iso>\d{4}-\d{2}-\d{2}\b)"
    + r"|(?P<num>\d{1,2}(?P<sep>[./])\d{1,2}(?P=sep)\d{4}\b)"
    + r"|(?P<dmy>\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MON
    + r"(?:,?\s+(?P<y1>\d{4}))?)"
    r"|(?P<mdy>" + _MON + r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{4}))?)"
    # "the 2nd" is a day only when no noun follows it ("the 2nd maternity hospital",
    # "the 80th brigade" are ordinals): a function word, a verb form or punctuation may.
    r"|(?P<the>the\s+\d{1,2}(?:st|nd|rd|th)\b(?!\s+of\s+"
    + _MON
    + r")(?!\s+(?!(?:of|at|in|on|and|or|when|while|"
    r"after|before|as|with|but|to|from|until|that|this|the|a|an|by|for|during|around|"
    r"about|between|\w+ing|\w+ed)\b)[a-z]))"
    r"|(?P<wd>(?:last\s+)?" + _WD + r"(?:\s+(?:morning|afternoon|evening|night))?\b)"
    r"|(?P<ago>(?:(?:a|one|two|three|four|five|six|seven|\d)\s+days?\s+ago|"
    r"the\s+day\s+before\s+yesterday)\b)"
    r"|(?P<yest>yesterday\b)"
    r"|(?P<today>(?:today|this morning|this afternoon|this evening|tonight)\b)"
    r"|(?P<night>(?:overnight|last night)\b)"
    r"|(?P<lweek>(?:last|past|this)\s+week\b)"
    r"|(?P<lmonth>last\s+month\b)"
)
_DATE_RE = re.compile(r"\b(?:" + _DATE_BODY + ")", re.IGNORECASE)
# Intervals: a second pattern, run only on text with one of their cues (most sentences
# have none); a match replaces the single dates it overlaps ("5 March" of "3-5 March").
_SPAN_RE = re.compile(r"\b(?:" + _OVERNIGHT + "|" + _RANGE + ")", re.IGNORECASE)
_SPAN_CUE = re.compile(
    r"(?:between|from)\s+(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu"
    r"|fri|sat|sun)|(?:night|evening)\s+(?:of|from|into|to|and|or)\b"
    r"|overnight\s+(?:into|to|on)\b|late\s+(?:on\s+)?\w+day",
    re.IGNORECASE,
)
# Words every interval without a dash between two numbers holds one of: substring tests
# before the cue pattern, whose alternatives start with common letters.
_SPAN_CUE_WORDS = ("between", "from", "night", "evening", "late")
_DIGIT_DASH = re.compile(r"\d\s*[-–—]\s*\d")
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
_LOW_SPANS = (lowered(_SPAN_CUE), lowered(_SPAN_RE))
_MAY_DAY = re.compile(r"May\s+\d")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: its span (in the report), resolved date and precision.

    ``date`` is ``None`` when the expression is relative and the reference date is
    unknown. ``speech`` marks dates that date a statement, not a strike. ``date_end`` is
    the last day of an interval ("3-5 March", "overnight into Tuesday"), ``None`` for a
    single day; ``note`` says why a date was kept at a lower precision.
    """

    start: int
    end: int
    surface: str
    date: dt.date | None
    precision: DatePrecision
    speech: bool
    date_end: dt.date | None = None
    note: str | None = None


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


_Resolved = tuple[dt.date | None, DatePrecision, dt.date | None, str | None]
_UNKNOWN: _Resolved = (None, "unknown", None, None)
_DAY_NUM = re.compile(r"(?<![\d.])\d{1,2}(?![\d.])")
_YEAR = re.compile(r"\b\d{4}\b")
_AGO_DAYS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_MON_WORD = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?=\s|,|$)")
_WD_WORD = re.compile(r"(mon|tues|wednes|thurs|fri|satur|sun)day")


def _resolve(m: re.Match[str], published: dt.date | None) -> _Resolved:
    g = m.lastgroup
    s = m.group(0).lower()
    if g in ("rng", "ovn"):
        return _resolve_range(s, published, night=g == "ovn")
    if g == "iso":
        try:
            return dt.date.fromisoformat(s), "day", None, None
        except ValueError:
            return _UNKNOWN
    if g == "num":
        return _resolve_numeric(s, published)
    if g in ("dmy", "mdy"):
        mon_m = re.search(r"[a-z]{3}", s)
        day_m = re.search(r"\d{1,2}(?!\d)", s)
        year = m.group("y1") or m.group("y2")
        if not mon_m or not day_m:
            return _UNKNOWN
        month, day = _MONTHS[mon_m.group(0)], int(day_m.group(0))
        if year:
            try:
                return dt.date(int(year), month, day), "day", None, None
            except ValueError:
                return _UNKNOWN
        d = _month_day(month, day, published)
        return d, ("day" if d else "unknown"), None, None
    if published is None:
        return _UNKNOWN
    d, prec = _resolve_relative(g, s, published)
    return d, prec, None, None


def _resolve_relative(
    g: str | None, s: str, published: dt.date
) -> tuple[dt.date | None, DatePrecision]:
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
    if g == "ago":
        # "two days ago", "the day before yesterday"
        n = 2 if s.startswith("the") else _AGO_DAYS.get(s.split()[0]) or int(s.split()[0])
        return published - dt.timedelta(days=n), "day"
    if g == "today":
        return published, "day"
    if g == "night":
        return published, "overnight"
    if g == "lweek":
        return (published if s.startswith("this") else published - dt.timedelta(days=7)), "week"
    if g == "lmonth":
        return (published.replace(day=1) - dt.timedelta(days=1)), "month"
    return None, "unknown"


def _resolve_range(s: str, published: dt.date | None, *, night: bool) -> _Resolved:
    """Resolve an interval: two weekdays, or two days with one or two months and a year.

    ``date`` is the first day, ``date_end`` the last; a night over two consecutive days
    has precision ``"overnight"``, any other interval ``"day"`` (its ends are days).
    """
    wds = [_WEEKDAYS.index(w + "day") for w in _WD_WORD.findall(s)]
    if wds:
        if published is None:
            return _UNKNOWN
        last = resolve_weekday(wds[-1], published)
        # "overnight into Tuesday" names the morning only: the night began the day before.
        gap = (wds[1] - wds[0]) % 7 or 7 if len(wds) == 2 else 1
        first = last - dt.timedelta(days=gap)
    else:
        days = [int(x) for x in _DAY_NUM.findall(s)]
        months = [_MONTHS[x] for x in _MON_WORD.findall(s)]
        years = _YEAR.findall(s)
        if len(days) != 2 or not months:
            return _UNKNOWN
        m1, m2 = months[0], months[-1]
        if years:
            span = _interval(days[0], m1, days[1], m2, int(years[-1]))
        elif published is not None:
            # No year: the first day is the latest such day not after the reference.
            start = _month_day(m1, days[0], published)
            span = _interval(
                days[0], m1, days[1], m2, start.year if start else None, year_of_first=True
            )
        else:
            span = None
        if span is None:
            return _UNKNOWN
        first, last = span
    if last <= first:
        return _UNKNOWN
    prec: DatePrecision = "overnight" if night and (last - first).days == 1 else "day"
    return first, prec, last, None


def _interval(
    d1: int, m1: int, d2: int, m2: int, year: int | None, *, year_of_first: bool = False
) -> tuple[dt.date, dt.date] | None:
    """Return (first, last) of "d1 m1 - d2 m2"; ``year`` is the last day's (or the first's)."""
    if year is None:
        return None
    wraps = int((m1, d1) > (m2, d2))  # "28 December - 2 January"
    y1, y2 = (year, year + wraps) if year_of_first else (year - wraps, year)
    try:
        return dt.date(y1, m1, d1), dt.date(y2, m2, d2)
    except ValueError:
        return None


def _resolve_numeric(s: str, published: dt.date | None) -> _Resolved:
    """Resolve "14.05.2024" (day first) and "14/05/2024"; keep "04/05/2024" honest.

    An ambiguous slashed date is 4 May or 5 April: a reading after the reference is
    impossible and dropped; with both left, the date is the interval between them at
    ``"month"`` (or ``"year"``) precision, with a note naming both readings.
    """
    sep = "." if "." in s else "/"
    a_s, b_s, y_s = s.split(sep)
    a, b, y = int(a_s), int(b_s), int(y_s)
    month, day, note = numeric_day_month(a, b, sep)
    if month is not None and day is not None:
        try:
            return dt.date(y, month, day), "day", None, None
        except ValueError:
            return _UNKNOWN
    if note is None:
        return _UNKNOWN
    readings = sorted({d for d in (_safe(y, b, a), _safe(y, a, b)) if d is not None})
    if published is not None:
        readings = [d for d in readings if d <= published + _ONE_DAY] or readings
    if len(readings) == 1:
        return readings[0], "day", None, None
    if not readings:
        return _UNKNOWN
    first, last = readings[0], readings[-1]
    prec: DatePrecision = "month" if (last - first).days <= 31 else "year"
    why = (
        f"'{s}' is {first.day} {first:%B} or {last.day} {last:%B} {y}: kept as the "
        f"interval between them ({prec} precision)"
    )
    return first, prec, last, why


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


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
    if not (_DIGIT.search(seg) or contains_any(seg, _DATE_WORDS)):
        return out  # most sentences hold no date: one cheap scan instead of the big pattern
    # Lower-case twins of the patterns run on the lower-cased segment (several times
    # faster than IGNORECASE); surfaces are read from the original by offset.
    low = lower_same_length(seg)
    subject = seg if low is None else low
    date_rx, before_rx, after_rx = (
        (_DATE_RE, _SPEECH_BEFORE, _SPEECH_AFTER) if low is None else _LOW_RES
    )
    matches: list[re.Match[str]] = list(date_rx.finditer(subject))
    cue_rx, span_rx = (_SPAN_CUE, _SPAN_RE) if low is None else _LOW_SPANS
    cue_text = subject if low is not None else subject.lower()
    if _DIGIT_DASH.search(subject) or (
        contains_any(cue_text, _SPAN_CUE_WORDS) and cue_rx.search(subject)
    ):
        spans = list(span_rx.finditer(subject))
        if spans:
            matches = sorted(
                spans
                + [
                    m
                    for m in matches
                    if not any(sp.start() < m.end() and m.start() < sp.end() for sp in spans)
                ],
                key=lambda m: m.start(),
            )
    for m in matches:
        surface = seg[m.start() : m.end()]
        if m.lastgroup == "mdy" and surface[:3].lower() == "may" and not _MAY_DAY.match(surface):
            continue
        date, prec, date_end, note = _resolve(m, published)
        if date is not None and published is not None and date > published + _ONE_DAY:
            # A report cannot date a strike it describes after its own publication: a
            # written later date is a plan, a deadline or a typo, never the strike's date.
            continue
        before = subject[max(0, m.start() - 40) : m.start()]
        after = subject[m.end() : m.end() + 30]
        speech = bool(before_rx.search(before) or after_rx.match(after))
        out.append(
            DateMention(
                start + m.start(), start + m.end(), surface, date, prec, speech, date_end, note
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Reference:
    """What a paragraph's relative dates resolve against.

    Attributes
    ----------
    date
        The reference date: the paragraph's own dateline, the latest dateline above it
        (a multi-dispatch post, a live blog), else the publication date.
    own
        Whether a dateline that differs from the publication date set it.
    skip_to
        Dates before this offset are the dateline's own, not a strike's.
    """

    date: dt.date | None
    own: bool = False
    skip_to: int = 0


def paragraph_references(
    text: str, starts: list[int], published: dt.date | None
) -> list[Reference]:
    """Return the reference date of each paragraph, given the paragraphs' start offsets.

    A paragraph that opens with a dateline ("KHARKIV, 14 May 2024 —", "May 14 (Reuters)
    -", "14.05.2024") is dated by it, and so are the paragraphs after it up to the next
    dateline. A dateline without a year takes the latest such day not after publication;
    one that cannot be dated (no year and no publication date, "04/05/2024") leaves the
    reference as it was, but its date is still not a strike's.
    """
    out: list[Reference] = []
    current = Reference(published)
    for start in starts:
        dl = find_dateline(text, start)
        if dl is None:
            out.append(current)
            continue
        d = dl.resolve(published)
        if d is not None:
            current = Reference(d, d != published)
        out.append(Reference(current.date, current.own, dl.end))
    return out
