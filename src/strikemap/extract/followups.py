"""Claims told after their strike: later sentences of the strike's paragraph.

"A missile struck the station in Kramatorsk. Officials said 50 people were killed." The
toll (with its claimant and any claimed target) belongs to the strike told just before,
as a claim of its own that quotes its own sentence. It is attached only within the same
paragraph and line, only while no new strike sentence has intervened, only to a strike
at one place (a toll for "strikes on A and B" is not split between them), and never from
a sentence about the war's totals ("since 2011 more than 300,000 have been killed").

A later strike sentence that names no new place ("At least 35 civilians were killed in
the airstrikes", "...killed by Russian airstrikes on Raqqa", when the strike told before
was in Raqqa) tells more of the same strike when nothing marks it as another: no other
striker, no other date, no "another", "elsewhere", "separate".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from strikemap.extract.sentences import Sentence
from strikemap.extract.tolls import find_casualties
from strikemap.model import Claim

# A sentence about the war's totals or another time, not about the strike just told.
_BACKGROUND = re.compile(
    r"\b(?:since|so far|to date|this year|last year|in total|overall|war|conflict|uprising|"
    r"began|started|the past|previous|previously|last (?:week|month)|earlier this)\b"
)
# A strike sentence that marks itself as another strike.
_ANOTHER = re.compile(
    r"\b(?:another|separate|separately|elsewhere|meanwhile|a second|other (?:strikes|attacks|"
    r"raids|air ?strikes)|in a (?:further|new) (?:strike|attack|raid))\b"
)


@dataclasses.dataclass(frozen=True, slots=True)
class LastStrike:
    """The latest located strike sentence, whose paragraph may tell more of it.

    ``pending`` indexes the strikes it made (all at one place, else follow-ups are not
    attached); ``surfaces`` are its place names as written, lower-cased.
    """

    paragraph: int
    end: int
    pending: tuple[int, ...]
    one_place: bool
    surfaces: frozenset[str]
    actor: str | None
    date: dt.date | None


def continues(text: str, s: Sentence, last: LastStrike | None) -> bool:
    """Return whether sentence ``s`` may tell more of ``last`` (same paragraph and line)."""
    return (
        last is not None
        and last.one_place
        and s.paragraph == last.paragraph
        and s.start >= last.end
        and "\n" not in text[last.end : s.start]
    )


def toll_claim(
    report_id: str, s: Sentence, claimant: str | None, last: LastStrike | None, text: str
) -> Claim | None:
    """Return the claim a non-strike sentence adds to ``last`` (a toll), else ``None``."""
    if last is None or not continues(text, s, last):
        return None
    low = s.text.lower()
    if _BACKGROUND.search(low):
        return None
    casualties = find_casualties(s.text)
    if casualties.is_empty():
        return None
    return Claim(report_id, s.text, s.start, s.end, claimant, None, casualties)


def same_strike(
    text: str,
    s: Sentence,
    last: LastStrike | None,
    *,
    actor: str | None,
    dates: Iterable[dt.date | None],
    places: Iterable[str],
) -> bool:
    """Return whether a strike sentence without a place of its own tells ``last`` again.

    Parameters
    ----------
    text, s
        The report text and the sentence.
    last
        The latest located strike sentence.
    actor
        The sentence's explicit striker, if any.
    dates
        The dates the sentence states for itself.
    places
        The place names it mentions (in no strike role): any it names must include one
        of ``last``'s.
    """
    if last is None or not continues(text, s, last):
        return False
    if actor is not None and last.actor is not None and actor != last.actor:
        return False
    own = [d for d in dates if d is not None]
    if own and last.date not in own:
        return False
    names = {p.lower() for p in places}
    if names and not names & last.surfaces:
        return False
    low = s.text.lower()
    return not (_ANOTHER.search(low) or _BACKGROUND.search(low))


def attach(pending: list, last: LastStrike, claim: Claim) -> tuple[int, int]:  # type: ignore[type-arg]
    """Add ``claim`` to the strike of ``last`` (a copy of its first pending strike).

    Returns the indexes of the copy and of the strike it copies: a striker attributed by
    a later sentence is copied too once the report is read.
    """
    pending.append(dataclasses.replace(pending[last.pending[0]], claim=claim))
    return len(pending) - 1, last.pending[0]
