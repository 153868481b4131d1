"""The date a web page or post prints for itself, for reports without a publication date.

Pages copied from the web carry their own date among the clutter:

* a date line near the headline: a short line that is mostly a date ("08/08/2021",
  "الأحد، 5 يونيو 2022، 22:53", "نوفمبر 6, 2022", "حصاد الأحداث ليوم الاثنين
  15-11-2021");
* a stamp after a post's last sentence ("... بين روسيا وتركيا.8/9/2021");
* a sentence that says which day today is ("اليوم الأحد 8 آب 2021");
* a social post's timestamp in English ("November 23, 2024 · Shared with public",
  "5:06 PM · Jul 13, 2022").

The first of them in the text is the page's date line: the reference a report without a
publication date reads its relative dates against, as an English dispatch's dateline is
(:mod:`strikemap.datelines`). A full date inside a sentence ("the ceasefire of 5 March
2020") dates what the sentence tells, not the page, and is never taken; a page without
a date line has no reference.
"""

from __future__ import annotations

import re
from functools import lru_cache

from strikemap.datelines import MONTH_NAME, MONTHS, Dateline, safe_date
from strikemap.extract.lang import LanguagePack, language_pack
from strikemap.extract.lang.normal import original_offset
from strikemap.extract.ml_dates import full_dates

__all__ = ["page_date_line"]

DATE_LINE_CHARS = 60
"""The longest line (normalised, stripped) read as a date line rather than a sentence."""

_STOP_BEFORE = re.compile(r"[.!?]\s*$")
_BLANK = re.compile(r"[\s.,;:|·\-–—)(]*")
# English months in a social post's timestamp (the dateline reader's month names);
# Arabic letters may be glued on before them ("...لحظة بلحظةNovember 26, 2024"), so no
# word boundary is asked for on the left.
_LATIN_STAMP = re.compile(
    rf"(?P<m>{MONTH_NAME})\s+(?P<d>\d{{1,2}}),\s+(?P<y>(?:19|20)\d\d)(?!\d)"
    rf"|(?<![\d.])(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH_NAME})\s+(?P<y2>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)


def page_date_line(text: str, norm: str, pack: LanguagePack) -> Dateline | None:
    """Return the page's own date line, or ``None`` when the page prints none.

    Parameters
    ----------
    text
        The report text as written; the returned span indexes it.
    norm
        ``text`` normalised for ``pack`` (:func:`strikemap.extract.lang.normal.normalise`).
    pack
        The report language's tables (month names, "today").
    """
    best = _latin_stamp(text)
    today = _today_words(pack.code)
    for start, end, date in full_dates(norm, pack):
        if _is_date_line(norm, start, end, today):
            o_start = original_offset(text, pack.code, start)
            if best is None or o_start < best.start:
                best = Dateline(
                    o_start,
                    original_offset(text, pack.code, end),
                    date.month,
                    date.day,
                    date.year,
                )
            break
    return best


def _is_date_line(norm: str, start: int, end: int, today: re.Pattern[str] | None) -> bool:
    """Return whether the full date at ``norm[start:end]`` dates the page, not an event."""
    line_start = norm.rfind("\n", 0, start) + 1
    line_end = norm.find("\n", end)
    line_end = len(norm) if line_end < 0 else line_end
    if len(norm[line_start:line_end].strip()) <= DATE_LINE_CHARS:
        return True
    before = norm[line_start:start]
    if _BLANK.fullmatch(norm, end, line_end) and _STOP_BEFORE.search(before):
        return True  # a stamp after the last sentence
    return bool(today is not None and today.search(before[-30:]))


@lru_cache(maxsize=8)
def _today_words(code: str) -> re.Pattern[str] | None:
    """Return a pattern for "today" and at most one word (a weekday) ending a text."""
    pack = language_pack(code)
    words = [
        w for w, off in pack.relative_days.items() if off == 0 and not pack.night.match(w + " ")
    ]
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")\W*(?:\w+\W*)?$")


def _latin_stamp(text: str) -> Dateline | None:
    """Return the first English "Month d, yyyy" or "d Month yyyy" in the text."""
    # Looked for just before each year the text writes: cheaper than the case-blind
    # month names tried at every character.
    for y in _YEAR.finditer(text):
        for m in _LATIN_STAMP.finditer(text, max(0, y.start() - 20), y.end()):
            if m.end() != y.end():
                continue
            mon = (m.group("m") or m.group("m2")).lower()[:3]
            day = int(m.group("d") or m.group("d2"))
            year = int(m.group("y") or m.group("y2"))
            if safe_date(year, MONTHS[mon], day) is not None:
                return Dateline(m.start(), m.end(), MONTHS[mon], day, year)
    return None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
