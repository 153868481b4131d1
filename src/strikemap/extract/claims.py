"""Claims: who says it, what was hit, casualties, denials.

All rules work on one sentence; anaphoric claimants ("it said", "the source said") are
resolved by :class:`ClaimantMemory` against earlier claimants in the report.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from strikemap.extract._rx import contains_any, lowered, with_first_chars
from strikemap.extract.tolls import find_casualties

__all__ = [
    "ClaimantMemory",
    "choose_target",
    "find_casualties",
    "find_claimant",
    "find_denial",
    "find_targets",
]

_SPEECH = (
    r"(?:said|says|told|claimed|claims|reported|reports|announced|stated|added|confirmed|"
    r"accused|tweeted|wrote|alleged|denied|concluded|found)"
)
_ACCORDING = re.compile(r"\baccording to (?P<c>[^,.;“”\"]{3,80}?)(?=[,.;]|$| on | in | who )", re.I)
_QUOTE_ATTR = re.compile(
    r"[”\"’],?\s+(?P<c>(?:the |a |an )?[\w’'\- ]{1,60}?)\s+" + _SPEECH + r"\b", re.I
)
# A subject starts the sentence or follows a stop or a conjunction, and speaks.
_SUBJECT_LATER = r"[.;:]\s+|,\s+(?:but|and|while)\s+|\bbut\s+|\band\s+"
_SUBJECT_TAIL = (
    r"(?P<c>(?:[“\"]?)(?:the |a |an )?[A-Za-z’'\-][\w’'\- ]{1,80}?)"
    r"(?:,\s+(?:which|who|a|an|the)\b[^,]{0,120},)?\s+(?:on \w+\s+|late \w+\s+)?" + _SPEECH + r"\b"
)
_SUBJECT_ATTR = re.compile(r"(?:^|" + _SUBJECT_LATER + r"|^(?:In\s+[\w ]+,\s+))" + _SUBJECT_TAIL)
# The same past the first character, where "^" cannot match: its remaining starts begin
# with a few characters, which a look-ahead tests at once (much faster on long sentences).
_SUBJECT_ATTR_LATER = with_first_chars(r"(?:" + _SUBJECT_LATER + r")" + _SUBJECT_TAIL)
_TRAILING_ATTR = re.compile(
    r",\s+(?P<c>it|he|she|they|the [\w\-’' ]{2,40}?|[A-Z][\w\-]+(?: [A-Z][\w\-]+){0,3}|"
    # "regional governor Vadym Filashkin", "Gaza health officials", "local sources"
    r"(?:[A-Z][\w\-]+\s+)?(?:[a-z][\w\-]*\s+){0,2}(?:officials?|governor|mayor|"
    r"spokes(?:man|woman|person)|ministry|sources?|authorities|media|residents|witnesses|"
    r"medics|doctors|activists|rescuers|police)(?:\s+[A-Z][\w\-]+){0,3})\s+"
    r"(?:said|says|added|claimed|reported|stated)\b"
)
_SPEECH_KEYS = (
    "said", "says", "told", "claim", "report", "announc", "stated", "added", "confirm",
    "accus", "tweet", "wrote", "alleg", "denied", "according", "concluded", "found",
)  # fmt: skip
# Adverbs between a speaker and its verb ("US forces later said") are not the speaker.
_TRAILING_ADVERB = re.compile(
    r"(?:\s+(?:later|also|again|previously|earlier|initially|subsequently|then|first|"
    r"quickly|swiftly|immediately|flatly|strongly|repeatedly|officially|publicly|"
    r"reportedly|have|has|had))+$",
    re.IGNORECASE,
)
_ACCORDING_LOW = lowered(_ACCORDING)
_QUOTE_ATTR_LOW = lowered(_QUOTE_ATTR)
_LEAD_CONJ = re.compile(r"^(?:But|And|So|Meanwhile|However)\s+")
_LEAD_IN = re.compile(r"^In\s+[\w ]+,\s+")
_WHICH_TAIL = re.compile(r",\s+(?:which|who)\b.*$")
_QUOTES = re.compile(r"[“”\"]")
_NOT_TARGET_VERB = re.compile(r"^(?:out|carried|conducted|launched)\b", re.I)
_PRONOUN = re.compile(r"^(?:it|he|she|they|we)$", re.I)
_DEFINITE = re.compile(r"^the\s+(?:[\w\-]+\s+)?(?P<head>[\w\-]+)$", re.I)

# The denial verb is found first and its subject read back to the clause start (a regex
# spanning an open-ended subject would miss "Russia's defence ministry" or backtrack).
_DENIAL_VERB = re.compile(
    r"\b(?P<verb>denied|denies|rejected|dismissed|refuted)\s+(?P<what>[^.;]{3,160})"
)
_CLAUSE_START = re.compile(r"(?:^|[,;:(“\"]\s*|\b(?:but|while|whereas|although)\s+)", re.I)
_NOT_DENIER = re.compile(r"\b(?:was|were|been|is|are|be|being)$", re.I)
# The passive verb is found first and its subject read back to the previous clause stop:
# a lazy regex spanning the subject would be quadratic in the sentence length.
_PASSIVE_VERB = re.compile(
    r"\s+(?:was|were|had been|has been|have been)\s+(?:also\s+|reportedly\s+|completely\s+)?"
    r"(?:destroyed|targeted|hit|struck|bombed|shelled|flattened|damaged|levelled|leveled)\b",
    re.I,
)
_TARGET_ACTIVE = re.compile(
    r"\b(?:struck|hit|targeted|targeting|bombed|bombing|destroying|destroyed|flattened|"
    r"striking|shelled|shelling|attacked|pounded|levelled)\s+"
    # "Shelling killed two people": the noun's verb, not its target.
    r"(?!by\b|killed\b|killing\b|injured\b|wounded\b)(?P<t>[^,.;]{3,120}?)"
    r"(?=\s+(?:in|near|on|at|north|south|east|west|with|killing|injuring|wounding|as|after|"
    # ("Shelling of the bridge killed two": the toll's verb ends the noun's object.)
    r"outside|around|overnight|(?:and\s+)?(?:killed|injured|wounded)|"
    r"\d+(?:\.\d+)?\s*(?:km|kilomet(?:re|er)s?|miles?))\b|[,.;]|$)",
    re.I,
)
# "fired rockets at an Israeli base", "launched drones at energy facilities", "dropped
# barrel bombs on a market": the weapon is not the target; what it was aimed at is.
_TARGET_AIMED = re.compile(
    r"\b(?:fired|launched|dropped|aimed)\s+(?:[\w\-]+\s+){1,4}?(?:at|on|towards?)\s+"
    r"(?P<t>[^,.;]{3,120}?)"
    r"(?=\s+(?:in|near|on|at|north|south|east|west|with|killing|injuring|wounding|as|after|"
    r"outside|around|overnight)\b|[,.;]|$)",
    re.I,
)
# (= r"\band\s+...": the boundary is tested behind the literal "and", which lets the
# engine look for "and" itself instead of trying the pattern at every position.)
_TARGET_CONJ = re.compile(r"and(?<=\band)\s+(?P<t>(?:a|an|the)\s+[^,.;]{3,60}?)\s+in\s+[A-Z]")
_PLACE_TAIL = re.compile(
    r"\s+(?:in|near|north of|south of|east of|west of|outside|at|on the outskirts of)\s+.*$",
    re.I,
)
_PASSIVE_VERB_LOW = lowered(_PASSIVE_VERB)
_TARGET_ACTIVE_LOW = lowered(_TARGET_ACTIVE)
# The subject of a passive verb starts after "that", or after a speech verb that has no
# "that": "the Observatory said the school was hit" -> "the school".
_THAT = re.compile(r"^.*\b(?:that|whether|said|says|added|announced|stated|told\s+\w+)\s+")
_TARGET_LEAD = re.compile(r"^\s*(?:adding that|that|and|but|which|while|when)\s+", re.I)
_NOT_TARGET = re.compile(r"^(?:it|they|them|him|her|back|out|hard|the\s+(?:city|town|area))$", re.I)
# An adverb after the verb says when or how, not what: "was hit shortly after midnight".
_ADVERB_START = re.compile(
    r"^(?:shortly|just|again|twice|repeatedly|early|late|overnight|soon|minutes|hours|"
    r"moments|later|earlier|afterwards|heavily|directly|for)\b",
    re.I,
)
# "shelling of the village of Hroza": the noun's object is the place, read without "of".
_OF_LEAD = re.compile(r"^of\s+", re.I)
# An article closing the speaker's words means the "speech verb" was an adjective: "an
# alleged airstrike", "the reported strike".
_ENDS_ARTICLE = re.compile(r"\b(?:a|an|the|this|that)$", re.I)
_PASSIVE_AUX_BEFORE = ("was ", "were ", "been ", " be ", " is ", " are ")


@dataclass(slots=True)
class ClaimantMemory:
    """Earlier claimants in a report, to resolve "it said" and "the source said"."""

    seen: list[str] = field(default_factory=list)

    def resolve(self, name: str | None) -> str | None:
        """Return ``name``, or the earlier claimant it refers back to."""
        if name is None:
            return None
        n = name.strip()
        if _PRONOUN.match(n):
            return self.seen[-1] if self.seen else None
        m = _DEFINITE.match(n)
        if m:
            head = m.group("head").lower()
            for earlier in reversed(self.seen):
                if head in earlier.lower().split() and earlier.lower() != n.lower():
                    return earlier
        self.seen.append(n)
        return n


def find_claimant(sentence: str, lowercase: str | None = None) -> str | None:
    """Return the claimant as written ("the defence ministry", "it"), or ``None``.

    ``lowercase`` is ``sentence.lower()`` when the caller has it.
    """
    low = sentence.lower() if lowercase is None else lowercase
    if not contains_any(low, _SPEECH_KEYS):  # cheap guard before the regexes
        return None
    # The case-insensitive patterns run as lower-case twins on ``low`` (offsets equal
    # when lower-casing keeps the length); each needs a string the guards look for.
    same = len(low) == len(sentence)
    if "according to" in low or not same:
        m = _ACCORDING_LOW.search(low) if same else _ACCORDING.search(sentence)
        if m:
            return _clean_claimant(sentence[m.start("c") : m.end("c")])
    if contains_any(sentence, '”"’'):
        m = _QUOTE_ATTR_LOW.search(low) if same else _QUOTE_ATTR.search(sentence)
        if m:
            return _clean_claimant(sentence[m.start("c") : m.end("c")])
    m = (
        _TRAILING_ATTR.search(sentence)
        # = _SUBJECT_ATTR.search(sentence): its match at 0, else the first one after.
        or _SUBJECT_ATTR.match(sentence)
        or _SUBJECT_ATTR_LATER.search(sentence, 1)
    )
    if m:
        return _clean_claimant(m.group("c"))
    return None


def _clean_claimant(c: str) -> str | None:
    c = c.strip(' “"”,')
    c = _LEAD_CONJ.sub("", c)
    c = _LEAD_IN.sub("", c)
    c = _WHICH_TAIL.sub("", c)
    c = _TRAILING_ADVERB.sub("", c).strip()
    if not c or len(c.split()) > 10 or _ENDS_ARTICLE.search(c):
        return None
    return c


def find_targets(sentence: str, lowercase: str | None = None) -> list[tuple[int, int, str, bool]]:
    """Return claimed-target candidates as ``(start, end, text, passive)``.

    ``start``/``end`` span the whole match (so a passive subject that contains a place,
    "arms depots ... in Hama province were also targeted", covers that place).
    ``lowercase`` is ``sentence.lower()`` when the caller has it.
    """
    out: list[tuple[int, int, str, bool]] = []
    low = sentence.lower() if lowercase is None else lowercase
    same = len(low) == len(sentence)  # lower-case twins need unchanged offsets
    passive: Iterable[re.Match[str]] = ()
    if "was" in low or "were" in low or "been" in low:  # every passive form has one
        passive = _PASSIVE_VERB_LOW.finditer(low) if same else _PASSIVE_VERB.finditer(sentence)
    for m in passive:
        start = max(sentence.rfind(c, 0, m.start()) for c in ",;:.") + 1
        # "Amnesty concluded that the theatre was hit": the subject starts after "that".
        that = _THAT.search(sentence, start, m.start())
        t = _clean_target(sentence[that.end() if that else start : m.start()])
        if t:
            out.append((start, m.end(), t, True))
    active = _TARGET_ACTIVE_LOW.finditer(low) if same else _TARGET_ACTIVE.finditer(sentence)
    conj = _TARGET_CONJ.finditer(sentence) if "and" in sentence else ()
    aimed = (
        _TARGET_AIMED.finditer(sentence)
        if ("fired" in low or "launched" in low or "dropped" in low or "aimed" in low)
        else ()
    )
    for am in itertools.chain(active, conj, aimed):
        if low[max(0, am.start() - 6) : am.start()].endswith(_PASSIVE_AUX_BEFORE) and not low[
            am.start() : am.start("t")
        ].rstrip().endswith("ing"):
            continue  # "was hit" is passive (read above); "were targeting" stays active
        t = _clean_target(sentence[am.start("t") : am.end("t")])
        if t:
            out.append((am.start("t"), am.end(), t, False))
    return out


def choose_target(cands: list[tuple[int, int, str, bool]], pos: int) -> str | None:
    """Pick the target for a place at ``pos``.

    A passive subject around the place wins, else the nearest target written before it,
    else the first one in the sentence.
    """
    for s, e, t, passive in cands:
        if passive and s <= pos <= e:
            return t
    before = [c for c in cands if c[0] < pos and not c[3]]
    if before:
        return max(before, key=lambda c: c[0])[2]
    return cands[0][2] if cands else None


def _clean_target(t: str) -> str | None:
    t = _OF_LEAD.sub("", _TARGET_LEAD.sub("", t))
    t = _PLACE_TAIL.sub("", t)
    t = t.strip(" “”\"‘’'…,")
    t = _QUOTES.sub("", t)
    if len(t) < 3 or _NOT_TARGET.match(t) or len(t.split()) > 16:
        return None
    if _NOT_TARGET_VERB.match(t) or _ADVERB_START.match(t):
        return None
    return t


def find_denial(sentence: str, lowercase: str | None = None) -> tuple[str, str] | None:
    """Return ``(denial text, denier)`` when the sentence denies something.

    The denier is the subject of the denial verb, read back to the start of its clause:
    "Russia's defence ministry denied it had struck the station" -> ("denied it had struck
    the station", "Russia's defence ministry"). A passive ("access was denied") has none.
    ``lowercase`` is ``sentence.lower()`` when the caller has it.
    """
    low = sentence.lower() if lowercase is None else lowercase
    if not contains_any(low, ("denied", "denies", "rejected", "dismissed", "refuted")):
        return None
    for m in _DENIAL_VERB.finditer(sentence):
        head = sentence[: m.start()]
        starts = [c.end() for c in _CLAUSE_START.finditer(head)]
        who = head[starts[-1] if starts else 0 :].strip(" ,")
        who = _TRAILING_ADVERB.sub("", who).strip()
        if not who or _NOT_DENIER.search(who) or len(who.split()) > 8:
            continue
        if not (who[:1].isupper() or re.match(r"(?:the|it|he|she|they)\b", who, re.I)):
            continue
        return f"{m.group('verb')} {m.group('what').strip()}", who
    return None
