"""Dates in Ukrainian, Russian and Arabic sentences, resolved against the report date.

Read from the language tables, on the normalised sentence:

* a day and month ("14 травня", "5 марта", "7 آب/أغسطس"), with a year when written;
  without one, the latest such day not after the reference date;
* a numeric date ("14.05.2024", day first);
* "yesterday", "today" ("вчора", "вчера", "أمس", "اليوم");
* a weekday ("у вівторок", "السبت"): the reference day when it is that weekday, else
  the latest one before it;
* "in the night to" ("у ніч на вівторок", "в ночь на 5 марта", "ليلة"): the night
  before the day named, precision ``"overnight"``.

"أمس السبت" (yesterday, Saturday) is one date: a day and month beat "yesterday", which
beats a weekday. Without a reference date only dates written in full resolve; the
others stay unknown (``None``), never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from strikemap.extract.dates import resolve_weekday
from strikemap.extract.lang import LanguagePack, language_pack
from strikemap.model import DatePrecision

__all__ = ["MlDate", "find_date", "written_date"]


@dataclass(frozen=True, slots=True)
class MlDate:
    """A sentence's strike date: the day (or ``None``), its precision and the phrase."""

    date: dt.date | None
    precision: DatePrecision
    phrase: str


@dataclass(frozen=True, slots=True)
class _Patterns:
    day_month: re.Pattern[str]
    numeric: re.Pattern[str]
    relative: re.Pattern[str]
    weekday: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _patterns(pack: LanguagePack) -> _Patterns:
    return _compiled(pack.code)


@lru_cache(maxsize=8)
def _compiled(code: str) -> _Patterns:
    # Keyed on the code: a pack holds dicts and cannot be hashed.
    pack = language_pack(code)
    months = _alternation([m for m, _ in pack.months])
    return _Patterns(
        day_month=re.compile(
            r"(?<!\d)(?P<d>\d{1,2})(?:-?(?:го|е|ого))?\s+(?P<m>"
            + months
            + r")"
            + pack.month_ending
            + r"(?!\w)"
            r"(?:\s*/\s*\w+)?(?:\s*,?\s*(?P<y>(?:19|20)\d\d))?"
        ),
        # Day first, with dots or slashes ("14.05.2024", "9/9/2021").
        numeric=re.compile(
            r"(?<![\d./])(?P<d>\d{1,2})([./])(?P<m>\d{1,2})\2(?P<y>(?:19|20)?\d\d)(?![\d/])"
        ),
        relative=re.compile(r"(?<!\w)(?:" + _alternation(list(pack.relative_days)) + r")(?!\w)"),
        weekday=re.compile(r"(?<!\w)(?:" + _alternation([w for w, _ in pack.weekdays]) + r")\w*"),
    )


def _month(pack: LanguagePack, word: str) -> int | None:
    for stem, month in pack.months:  # longest first
        if word.startswith(stem):
            return month
    return None


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _without_year(month: int, day: int, ref: dt.date | None) -> dt.date | None:
    if ref is None:
        return None
    for year in (ref.year, ref.year - 1):
        d = _safe(year, month, day)
        if d is not None and d <= ref:
            return d
    return None


def find_date(sentence: str, pack: LanguagePack, ref: dt.date | None) -> MlDate | None:
    """Return the strike date a normalised sentence states, or ``None`` when it states none.

    Parameters
    ----------
    sentence
        The sentence, normalised (:func:`strikemap.extract.lang.normal.normalise`).
    pack
        Its language tables.
    ref
        The reference date (the report's publication date), or ``None``.
    """
    pat = _patterns(pack)
    found: MlDate | None = None
    pos = -1
    m = pat.day_month.search(sentence)
    if m:
        month = _month(pack, m.group("m"))
        day = int(m.group("d"))
        if month is not None:
            y = m.group("y")
            d = _safe(int(y), month, day) if y else _without_year(month, day, ref)
            found, pos = MlDate(d, "day" if d else "unknown", m.group(0)), m.start()
    if found is None and (m := pat.numeric.search(sentence)):
        y = int(m.group("y"))
        y = y + 2000 if y < 100 else y
        d = _safe(y, int(m.group("m")), int(m.group("d")))
        if d is not None:
            found, pos = MlDate(d, "day", m.group(0)), m.start()
    if found is None and (m := pat.relative.search(sentence)):
        offset = pack.relative_days[m.group(0)]
        d = ref + dt.timedelta(days=offset) if ref else None
        found, pos = MlDate(d, "day" if d else "unknown", m.group(0)), m.start()
    if found is None and (m := pat.weekday.search(sentence)):
        wd = next(n for w, n in pack.weekdays if m.group(0).startswith(w))
        d = resolve_weekday(wd, ref) if ref else None
        found, pos = MlDate(d, "day" if d else "unknown", m.group(0)), m.start()
    if found is None:
        return None
    night = pack.night.search(sentence, max(0, pos - 14), pos + 1)
    if night is not None and night.end() == pos and found.date is not None:
        # "у ніч на вівторок": the night before Tuesday, dated Tuesday like English
        # "overnight" (see strikemap.model.DatePrecision).
        return MlDate(found.date, "overnight", sentence[night.start() : pos] + found.phrase)
    return found


def written_date(text: str, pack: LanguagePack) -> dt.date | None:
    """Return the first date a normalised text writes in full (day, month and year).

    A post without publication metadata often carries its date in a header line
    ("28/11/2021", "14 تشرين الثاني 2021"): it serves as the reference for the post's
    relative dates, as a dateline does for English.
    """
    pat = _patterns(pack)
    best: tuple[int, dt.date] | None = None
    for m in pat.day_month.finditer(text):
        month = _month(pack, m.group("m"))
        if month is not None and m.group("y"):
            d = _safe(int(m.group("y")), month, int(m.group("d")))
            if d is not None:
                best = (m.start(), d)
                break
    for m in pat.numeric.finditer(text):
        if best is not None and m.start() > best[0]:
            break
        y = int(m.group("y"))
        d = _safe(y + 2000 if y < 100 else y, int(m.group("m")), int(m.group("d")))
        if d is not None:
            best = (m.start(), d)
            break
    return best[1] if best else None
