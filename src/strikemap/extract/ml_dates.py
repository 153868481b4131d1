"""Dates in Ukrainian, Russian and Arabic sentences, resolved against the report date.

Read from the language tables, on the normalised sentence:

* a day and month ("14 травня", "5 марта", "7 آب/أغسطس", "7 من آب", "21 كانون ثاني/
  يناير"), with a year when written ("5 آذار عام 2020"); without one, the latest such
  day not after the reference date;
* a month, day and year ("نوفمبر 6, 2022");
* a numeric date, day first ("14.05.2024", "9/9/2021", "15-11-2021"), or year first
  ("2022/10/06");
* "yesterday", "today" ("вчора", "вчера", "أمس", "اليوم"), "last night" ("ليلة أمس",
  the night before the reference day, precision ``"overnight"``);
* a weekday ("у вівторок", "السبت"): the reference day when it is that weekday, else
  the latest one before it;
* "in the night to" ("у ніч на вівторок", "в ночь на 5 марта", "ليلة السبت"): the night
  before the day named, precision ``"overnight"``.

"أمس السبت" (yesterday, Saturday) is one date: a written date beats "yesterday", which
beats a weekday. Without a reference date only dates written in full resolve; the
others stay unknown (``None``), never guessed. As in English, a date more than a day
after the reference is not a strike's (a plan, a deadline, another page's date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from strikemap.datelines import safe_date
from strikemap.extract.dates import resolve_weekday
from strikemap.extract.lang import LanguagePack, language_pack
from strikemap.model import DatePrecision

__all__ = ["MlDate", "find_date", "full_dates"]


@dataclass(frozen=True, slots=True)
class MlDate:
    """A sentence's strike date: the day (or ``None``), its precision and the phrase.

    ``start`` and ``end`` are the phrase's span in the string searched (the normalised
    sentence; see :func:`strikemap.extract.lang.normal.original_offset` for the text
    as written).
    """

    date: dt.date | None
    precision: DatePrecision
    phrase: str
    start: int = 0
    end: int = 0
    relative: bool = False
    """Whether the date was read against the reference (no year, "yesterday", a weekday)."""


@dataclass(frozen=True, slots=True)
class _Patterns:
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    numeric: re.Pattern[str]
    relative: re.Pattern[str]
    weekday: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _patterns(pack: LanguagePack) -> _Patterns:
    return _compiled(pack.code)


_YEAR = r"(?:19|20)\d\d(?!\d)"


@lru_cache(maxsize=8)
def _compiled(code: str) -> _Patterns:
    # Keyed on the code: a pack holds dicts and cannot be hashed.
    pack = language_pack(code)
    months = "(?:" + _alternation([m for m, _ in pack.months]) + ")" + pack.month_ending
    return _Patterns(
        day_month=re.compile(
            # "7 من آب": Arabic may join day and month with "of".
            r"(?<!\d)(?P<d>\d{1,2})(?:-?(?:го|е|ого))?\s+(?:من\s+)?(?P<m>" + months + r")(?!\w)"
            # Two names of one month ("آب/أغسطس", "نوفمبر/ تشرين الثاني").
            r"(?:\s*/\s*(?:" + months + r"|\w+)(?!\w))?"
            r"(?:\s*,?\s*(?:عام\s+|سنه\s+)?(?P<y>" + _YEAR + "))?"
        ),
        # Month first takes a comma and a year ("نوفمبر 6, 2022"): "ايار 2017" is a month.
        month_day=re.compile(
            r"(?<!\w)(?P<m>" + months + r")(?!\w)\s+(?P<d>\d{1,2})\s*,\s*(?P<y>" + _YEAR + ")"
        ),
        # Day first with dots, slashes or dashes ("14.05.2024", "9/9/2021", "15-11-2021";
        # a dash takes a full year), or year first ("2022/10/06"). A stop may be glued
        # before it ("...وتركيا.8/9/2021"), not a number ("1.14.05.2024").
        numeric=re.compile(
            r"(?<!\d)(?<!\d[./-])(?:"
            r"(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)?\d\d)"
            r"|(?P<d2>\d{1,2})-(?P<m2>\d{1,2})-(?P<y2>" + _YEAR + ")"
            r"|(?P<y3>" + _YEAR + r")(?P<sep3>[./-])(?P<m3>\d{1,2})(?P=sep3)(?P<d3>\d{1,2})"
            r")(?![\d/]|[.-]\d)"
        ),
        relative=re.compile(r"(?<!\w)(?:" + _alternation(list(pack.relative_days)) + r")(?!\w)"),
        weekday=re.compile(
            r"(?<!\w)"
            + pack.weekday_form.format(
                "(?P<wd>" + _alternation([w for w, _ in pack.weekdays]) + ")"
            )
        ),
    )


def _month(pack: LanguagePack, word: str) -> int | None:
    for stem, month in pack.months:  # longest first
        if word.startswith(stem):
            return month
    return None


def _without_year(month: int, day: int, ref: dt.date | None) -> dt.date | None:
    if ref is None:
        return None
    for year in (ref.year, ref.year - 1):
        d = safe_date(year, month, day)
        if d is not None and d <= ref:
            return d
    return None


def _numeric(m: re.Match[str]) -> dt.date | None:
    """Return the date of a numeric match: day first, unless only month first exists."""
    if m.group("y3"):
        return safe_date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    day, month, year = (
        (m.group("d"), m.group("m"), m.group("y"))
        if m.group("d")
        else (m.group("d2"), m.group("m2"), m.group("y2"))
    )
    y = int(year) + (2000 if len(year) == 2 else 0)
    a, b = int(day), int(month)
    # "11/28/2021" can only be month first; "04/05/2021" is read day first, the way
    # Arabic and Slavic sources write dates.
    if b > 12 >= a:
        return safe_date(y, a, b)
    return safe_date(y, b, a)


def full_dates(text: str, pack: LanguagePack) -> Iterator[tuple[int, int, dt.date]]:
    """Yield ``(start, end, date)`` of every date a normalised text writes in full.

    A full date has a day, a month and a year: "14 تشرين الثاني 2021", "نوفمبر 6, 2022",
    "28/11/2021". Matches come in text order; spans index ``text``.
    """
    pat = _patterns(pack)
    found: set[tuple[int, int, dt.date]] = set()
    # Worded dates are looked for just before each year a text writes (a report is read
    # once, whole: the month patterns tried at every character cost more than this).
    for y in _YEAR_RUN.finditer(text):
        lo = max(0, y.start() - _WORDED_DATE_CHARS)
        for rx in (pat.day_month, pat.month_day):
            for m in rx.finditer(text, lo, y.end()):
                month = _month(pack, m.group("m"))
                if month is not None and m.group("y") and m.end("y") == y.end():
                    d = safe_date(int(m.group("y")), month, int(m.group("d")))
                    if d is not None:
                        found.add((m.start(), m.end(), d))
    if _NUMERIC_CUE.search(text):
        for m in pat.numeric.finditer(text):
            d = _numeric(m)
            if d is not None:
                found.add((m.start(), m.end(), d))
    yield from sorted(found)


_YEAR_RUN = re.compile(_YEAR)
_WORDED_DATE_CHARS = 48
"""How far before its year a worded date may start ("22 أكتوبر/ تشرين الأول عام 2019")."""
_NUMERIC_CUE = re.compile(r"\d[./-]\d")
_DIGIT = re.compile(r"\d")


def _absolute(sentence: str, pack: LanguagePack, ref: dt.date | None) -> MlDate | None:
    """Return the sentence's first written date (day and month, or numeric)."""
    if not _DIGIT.search(sentence):
        return None  # every written date has a number: most sentences are done here
    pat = _patterns(pack)
    best: MlDate | None = None
    for rx in (pat.day_month, pat.month_day):
        m = rx.search(sentence)
        if m is None or (best is not None and m.start() > best.start):
            continue
        month = _month(pack, m.group("m"))
        if month is None:
            continue
        y = m.group("y")
        day = int(m.group("d"))
        d = safe_date(int(y), month, day) if y else _without_year(month, day, ref)
        best = MlDate(d, "day" if d else "unknown", m.group(0), m.start(), m.end(), not y)
    if best is None and (m := pat.numeric.search(sentence)):
        d = _numeric(m)
        if d is not None:
            best = MlDate(d, "day", m.group(0), m.start(), m.end())
    return best


def find_date(sentence: str, pack: LanguagePack, ref: dt.date | None) -> MlDate | None:
    """Return the strike date a normalised sentence states, or ``None`` when it states none.

    Parameters
    ----------
    sentence
        The sentence, normalised (:func:`strikemap.extract.lang.normal.normalise`).
    pack
        Its language tables.
    ref
        The reference date (the report's publication date, else the page's own date
        line), or ``None``.
    """
    pat = _patterns(pack)
    found = _absolute(sentence, pack, ref)
    if found is not None and found.date and ref and found.date > ref + _ONE_DAY:
        found = None  # after the report: not the strike's date
    if found is None and (m := pat.relative.search(sentence)):
        phrase = m.group(0)
        d = ref + dt.timedelta(days=pack.relative_days[phrase]) if ref else None
        # "ليلة أمس" (last night) names its night itself.
        prec: DatePrecision = "overnight" if pack.night.match(phrase + " ") else "day"
        found = MlDate(d, prec if d else "unknown", phrase, m.start(), m.end(), True)
        if pack.night.match(phrase + " "):
            return found
    if found is None and (m := pat.weekday.search(sentence)):
        wd = next(n for w, n in pack.weekdays if m.group("wd").startswith(w))
        d = resolve_weekday(wd, ref) if ref else None
        found = MlDate(d, "day" if d else "unknown", m.group(0), m.start(), m.end(), True)
    if found is None:
        return None
    pos = found.start
    night = pack.night.search(sentence, max(0, pos - 14), pos + 1)
    if night is not None and night.end() == pos and found.date is not None:
        # "у ніч на вівторок": the night before Tuesday, dated Tuesday like English
        # "overnight" (see strikemap.model.DatePrecision).
        return MlDate(
            found.date,
            "overnight",
            sentence[night.start() : pos] + found.phrase,
            night.start(),
            found.end,
            found.relative,
        )
    return found


_ONE_DAY = dt.timedelta(days=1)
