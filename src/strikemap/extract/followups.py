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

A toll told *before* its strike is placed is given the same way: "At least 15 people were
killed by Russian airstrikes in northern Syria. Russian warplanes struck the town of X."
The first sentence's strike has no place (or only a country or its part); the next strike
sentence of its paragraph (or, from the report's lead, of the next paragraph) places it.
Its claim joins that strike, quoting its own sentence, only when the two tell the same
strike: the same named striker or the same kind of weapon, no conflicting striker, date
or weapon, one place only, and nothing marking either as another strike or the earlier
one as a summary of several ("across", "a series of", "villages"). The link is dropped
when a later strike sentence of the report places a strike the toll may also cover (at
another place, with no conflicting striker, date or weapon): a lead summing up several
strikes is no one strike's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from strikemap.extract.sentences import Sentence
from strikemap.extract.tolls import find_casualties
from strikemap.model import Casualties, Claim, figures_disagree

# A sentence about the war's totals or another time, not about the strike just told.
_BACKGROUND = re.compile(
    r"\b(?:since|so far|to date|this year|last year|in total|overall|war|conflict|uprising|"
    r"began|started|the past|previous|previously|last (?:week|month)|earlier this)\b"
)
# A strike sentence that marks itself as another strike ("another 30 injured" adds to a
# toll: a figure after "another" is no other strike).
_ANOTHER = re.compile(
    r"\b(?:another(?!\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozens?|"
    r"few|several)\b))|separate|separately|elsewhere|meanwhile|a second|other (?:strikes|attacks|"
    r"raids|air ?strikes)|in a (?:further|new) (?:strike|attack|raid))\b"
)
# A sentence telling of several strikes or places at once ("raids across Idlib", "a series
# of strikes", "shelling of villages", "20 sorties striking eight targets"): its toll is
# no one strike's.
_SEVERAL = re.compile(
    r"\b(?:across|throughout|series of|waves? of|string of|spate of|various|multiple|"
    r"different|towns|villages|cities|areas|regions|provinces|districts|neighbou?rhoods|"
    r"locations|settlements|communities|governorates|oblasts|parts|"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens of|several|numerous)\s+"
    r"(?:[\w\-“”\"]+\s+){0,3}?[“”\"]?(?:targets|sorties|positions|sites|facilities))\b"
)
# Kinds of weapon, to tell an air strike from shelling (a missile or a rocket may be
# either: it is neither kind).
_AIR = re.compile(
    r"\b(?:air[ -]?strikes?|air[ -]?raids?|air (?:attacks?|force)|aerial|raids?|warplanes?|"
    r"jets?|aircraft|planes?|helicopters?|gunships?|bombers?|sorties|barrel[ -]bombs?|"
    r"drones?|uavs?)\b"
)
_GROUND = re.compile(
    r"\b(?:shell(?:s|ed|ing)?|artillery|mortars?|howitzers?|mlrs|multiple[ -]rocket)\b"
)

# The counts whose figures, told before and with a strike, must agree to be one toll.
_COUNTS = (
    "killed", "civilians_killed", "children_killed", "fighters_killed", "wounded",
    "civilians_wounded", "children_wounded", "fighters_wounded", "missing",
)  # fmt: skip


def weapon_kinds(low: str) -> frozenset[str]:
    """Return the kinds of weapon a lower-cased sentence names: ``"air"``, ``"ground"``."""
    kinds = []
    if _AIR.search(low):
        kinds.append("air")
    if _GROUND.search(low):
        kinds.append("ground")
    return frozenset(kinds)


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


@dataclasses.dataclass(frozen=True, slots=True)
class Unplaced:
    """The latest strike sentence with a toll but no strike place (see the module doc).

    A later strike sentence may place its strike. ``claim`` indexes its claim among the
    report's unlocated claims; ``lead`` is set when no strike was placed before it (the
    next paragraph may then place it); ``dates`` are the dates it states for itself.
    """

    paragraph: int
    end: int
    claim: int
    lead: bool
    actor: str | None
    dates: frozenset[dt.date]
    weapons: frozenset[str]
    casualties: Casualties


@dataclasses.dataclass(frozen=True, slots=True)
class EarlierToll:
    """An unplaced strike's claim given to the strike a later sentence places."""

    earlier: Unplaced
    strike: LastStrike
    place: tuple[object, ...]


def unplaced(
    s: Sentence,
    low: str,
    claim: int,
    *,
    lead: bool,
    actor: str | None,
    dates: Iterable[dt.date | None],
    places: Iterable[str],
    casualties: Casualties,
) -> Unplaced | None:
    """Return what a later sentence needs to place the strike of ``s``, if it may.

    Parameters
    ----------
    s, low
        The strike sentence (its claim unlocated) and its text lower-cased.
    claim
        The index of its claim among the report's unlocated claims.
    lead
        Whether no strike has been placed before it in the report.
    actor
        The sentence's explicit striker, if any.
    dates
        The dates the sentence states for itself.
    places
        The names of the places it strikes, none resolved to a strike place (a country
        or its part): a sentence naming two tells of more than one strike.
    casualties
        Its toll.
    """
    if len({p.lower() for p in places}) > 1:
        return None
    if _ANOTHER.search(low) or _BACKGROUND.search(low) or _SEVERAL.search(low):
        return None
    return Unplaced(
        s.paragraph,
        s.end,
        claim,
        lead,
        actor,
        _stated(dates),
        weapon_kinds(low),
        casualties,
    )


def place_earlier(
    text: str,
    s: Sentence,
    low: str,
    earlier: Unplaced | None,
    strike: LastStrike,
    place: tuple[object, ...],
    *,
    explicit: str | None,
    dates: Iterable[dt.date | None],
    dated: bool,
    casualties: Casualties,
) -> EarlierToll | None:
    """Return the link when strike sentence ``s`` places the strike ``earlier`` told.

    Parameters
    ----------
    text, s, low
        The report text, the sentence and its text lower-cased.
    earlier
        The latest unplaced strike sentence, if any, with no strike sentence since.
    strike, place
        The strike ``s`` made and the key of its place.
    explicit
        The sentence's explicit striker, if any.
    dates
        The dates the sentence states for itself.
    dated
        Whether the strike's date was read from the text (not the publication's).
    casualties
        The sentence's own toll: one that disagrees with the earlier toll ("at least 20
        killed" before "killing three") tells a part of what the earlier sentence summed.
    """
    if earlier is None or not strike.one_place or s.start < earlier.end:
        return None
    same_line = s.paragraph == earlier.paragraph and "\n" not in text[earlier.end : s.start]
    if not (same_line or (earlier.lead and s.paragraph == earlier.paragraph + 1)):
        return None
    if _ANOTHER.search(low) or _BACKGROUND.search(low):
        return None
    weapons = weapon_kinds(low)
    own = _stated(dates)
    if not _may_cover(earlier, strike, own, dated, weapons):
        return None
    if any(
        figures_disagree([earlier.casualties.range_of(n), casualties.range_of(n)]) for n in _COUNTS
    ):
        return None
    # The same strike, by its own word: the striker named again, or the weapon.
    if not ((explicit is not None and explicit == earlier.actor) or earlier.weapons & weapons):
        return None
    return EarlierToll(earlier, strike, place)


def drop_covered(
    links: list[EarlierToll],
    low: str,
    strike: LastStrike,
    places: Iterable[tuple[object, ...]],
    *,
    dates: Iterable[dt.date | None],
    dated: bool,
) -> None:
    """Drop the links whose toll may also cover a strike placed later in the report.

    A strike at another place that nothing sets apart from the unplaced one (its striker,
    date and weapon do not conflict) may be part of what the earlier sentence told: its
    toll is then no one strike's. Sentences about the war's past do not count.
    """
    if not links or _BACKGROUND.search(low):
        return
    keys = set(places)
    weapons = weapon_kinds(low)
    own = _stated(dates)
    links[:] = [
        k
        for k in links
        if keys <= {k.place} or not _may_cover(k.earlier, strike, own, dated, weapons)
    ]


def _stated(dates: Iterable[dt.date | None]) -> frozenset[dt.date]:
    """Return the dates a sentence states (unknown ones left out)."""
    return frozenset(d for d in dates if d is not None)


def _may_cover(
    earlier: Unplaced,
    strike: LastStrike,
    dates: frozenset[dt.date],
    dated: bool,
    weapons: frozenset[str],
) -> bool:
    """Return whether nothing sets ``strike`` apart from the strike ``earlier`` told."""
    if earlier.actor is not None and strike.actor is not None and earlier.actor != strike.actor:
        return False
    if earlier.dates:
        if dates and not dates & earlier.dates:
            return False
        if dated and strike.date not in earlier.dates:
            return False
    return not (earlier.weapons and weapons and not earlier.weapons & weapons)
