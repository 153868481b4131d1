"""Casualty figures of one sentence: killed, wounded and missing, by category, as ranges.

A toll is read around its outcome word ("killed", "dead", "wounded", "missing", "death
toll", "fatalities"): the quantity after an active verb ("killing at least 12 people",
"left another 30 injured") or before a passive one ("24 civilians were killed", "dozens
more injured"). Quantities keep what the text says and no more:

========================  ==================
"30", "thirty", "a dozen"  exactly 30 (12)
"at least 30"              minimum 30
"more than 20", "over 20"  minimum 21
"up to 12", "as many as"   maximum 12
"fewer than 10"            maximum 9
"nearly 20", "almost 20"   maximum 19
"between 5 and 7", "5-7"   5 to 7
"dozens" / "scores"        minimum 24 / 40
"hundreds" / "thousands"   minimum 200 / 2,000
"about 20", "some 20"      20 as stated
"several", "many"          no figure (quoted)
"no casualties"            0 killed, 0 wounded
========================  ==================

Who was hit is a category when the noun says so (civilians, children, fighters); people,
residents and unnamed victims count in the totals. The phrases the figures come from are
quoted in :attr:`Casualties.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from strikemap.extract._rx import contains_any, lower_same_length
from strikemap.model import Casualties

_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUE = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_UNIT_RX = "|".join(sorted(_UNITS[1:10], key=len, reverse=True))
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d.,:]\d|\s*(?:%|mm\b|km\b|kg\b|per\s*cent|percent))"
    r"|(?:" + "|".join(_TENS) + r")(?:[\s\-](?:" + _UNIT_RX + r"))?"
    r"|(?:a|one|two|three|four|five|six|seven|eight|nine)\s+hundred"
    r"|(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
_DOZEN = r"(?:half\s+a|a|one|two|three|four|five)\s+dozen"
_VAGUE = (
    r"dozens|scores|hundreds|thousands|tens|several|many|numerous|a\s+few|a\s+number|"
    r"a\s+handful"
)
_MOD = (
    r"at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|a\s+minimum\s+of|more\s+than|"
    r"over|upwards\s+of|in\s+excess\s+of|up\s+to|as\s+many\s+as|at\s+most|no\s+more\s+than|"
    r"fewer\s+than|less\s+than|nearly|almost|about|around|some|roughly|approximately|"
    r"an\s+estimated|estimated|another|a\s+further|a\s+total\s+of"
)
# "a child", "an elderly man": one person, when a singular person noun follows.
_ONE = r"an?(?=\s+(?:(?:[a-z\-]+|\d{1,3}-(?:year|month|week)s?-old)\s+){0,2}(?:child|boy|girl|baby|infant|civilian|soldier|serviceman|fighter|militant|person|man|woman|resident|member|policeman|rebel)\b)"  # noqa: E501
_QTY = (
    r"(?:(?P<mod>" + _MOD + r")\s+)?"
    r"(?:between\s+(?P<lo>" + _NUMBER + r")\s+and\s+(?P<hi>" + _NUMBER + r")"
    r"|(?P<a>\d+)\s*[-–]\s*(?P<b>\d+)(?![\w\-])"
    r"|(?P<a2>" + _NUMBER + r")\s+(?:to|or)\s+(?P<b2>" + _NUMBER + r")(?![\w\-])"
    r"|(?P<n>" + _DOZEN + "|" + _NUMBER + "|" + _VAGUE + "|" + _ONE + r")(?![\w\-])"
    r"(?:\s+of)?)"
)
# Who: category nouns (plural or singular); any other person noun counts in the totals.
_CATEGORY = {
    "civilian": "civilians", "resident": "civilians", "non-combatant": "civilians",
    "child": "children", "children": "children", "boy": "children", "girl": "children",
    "kid": "children", "minor": "children", "infant": "children", "baby": "children",
    "babies": "children", "toddler": "children",
    "fighter": "fighters", "militant": "fighters", "soldier": "fighters", "troop": "fighters",
    "serviceman": "fighters", "servicemen": "fighters", "combatant": "fighters",
    "rebel": "fighters", "insurgent": "fighters", "gunman": "fighters", "gunmen": "fighters",
    "jihadist": "fighters", "militiaman": "fighters", "militiamen": "fighters",
    "terrorist": "fighters", "paramilitar": "fighters",
}  # fmt: skip
_WHO = (
    r"(?:civilians?|residents?|non-combatants?|children|child|boys?|girls?|kids?|minors?|"
    r"infants?|bab(?:y|ies)|toddlers?|fighters?|militants?|soldiers?|troops?|servicem[ae]n|"
    r"service\s+members|combatants?|rebels?|insurgents?|gunm[ae]n|jihadists?|militiam[ae]n|"
    r"terrorists?|paramilitar(?:y|ies)|people|persons?|individuals|others?|women|woman|men|man|"
    r"members?|patients|workers?|family\s+members|relatives|victims|policem[ae]n|officers)"
)
# A word between the figure and its noun ("36 Ukrainian civilians", "3 PKK militants");
# never a function word, a verb of being, or an outcome.
# (An age is a word too: "a 60-year-old man".)
_AGE = r"\d{1,3}-(?:year|month|week)s?-old"
_GAP_WORD = (
    r"(?:" + _AGE + r"|(?!(?:and|or|but|of|in|on|at|by|with|the|a|an|were|was|have|has|had|"
    r"been|are|is|killed|dead|died|wounded|injured|hurt|missing|including|among|who|which|"
    r"that)\b)[a-z][\w\-’']*)"
)
# After a verb, only words that cannot start a clause ("killed 4 IS militants").
_ACTIVE_GAP_WORD = (
    r"(?:" + _AGE + r"|(?!(?:and|or|but|of|in|on|at|by|with|the|a|an|including|among|who|"
    r"which|that|when|after|as|while|during)\b)[a-z][\w\-’']*)"
)
_INCLUDING = r"(?:,\s*|\s+)(?:including|among\s+them|among\s+whom)\s+(?P<inc>[^,;.()]{1,60}?),?"
_BE = (
    r"(?:were|was|have\s+been|has\s+been|had\s+been|are|is|remain|remained|remains|"
    r"reportedly|also|later|confirmed|reported|believed\s+to\s+be|feared|left)"
)
_OUTCOME_OF = {
    "killed": "killed", "dead": "killed", "died": "killed", "fatalities": "killed",
    "deaths": "killed", "wounded": "wounded", "injured": "wounded", "hurt": "wounded",
    "missing": "missing",
}  # fmt: skip
# Outcome words: the passive forms (and nouns) read back to their figure, the active
# ones forward to it.
_OUTCOME = re.compile(
    r"\b(?P<w>killed|dead|died|wounded|injured|hurt|missing|fatalities|deaths|killing|kills|"
    r"kill|wounding|wounds|injuring|injures|leaving|left|claimed\s+the\s+lives\s+of|"
    r"death\s+toll)\b"
)
_PASSIVE_WORDS = frozenset(_OUTCOME_OF)
_ACTIVE_WORDS = frozenset(
    [
        "killing", "killed", "kills", "kill", "wounding", "wounded", "wounds", "injuring",
        "injured", "injures", "leaving", "left", "death toll", "claimed the lives of",
    ]
)  # fmt: skip
_ACTIVE_TAIL = re.compile(
    r"\s+" + _QTY + r"(?:\s+(?:more|other))?"
    r"(?:(?:\s+" + _ACTIVE_GAP_WORD + r"){0,2}?\s+(?P<who>" + _WHO + r"))?(?![\w\-])"
)
_LEFT_OUTCOME = re.compile(r"\s+(?P<o>dead|killed|wounded|injured|hurt|missing)\b")
_TOLL_TAIL = re.compile(
    r"(?:\s+[\w\-]+){0,3}?\s+(?:to|of|at|reached|hit|is|was|stands\s+at|stood\s+at)\s+" + _QTY
)
# "the death toll from this morning's strike on Dnipro has risen to 9": the strike the
# toll is of, told before its figure.
_TOLL_RISEN = re.compile(
    r"[^.;:!?]{1,90}?\s(?:rose|risen|climbed|jumped|increased|grew|reached)\s+(?:to\s+)?" + _QTY
)
# ("the remaining six people killed", "the 50 dead": a figure told before, or a part.)
_PASSIVE_HEAD = re.compile(
    r"(?<![\w\-])(?<!the )(?<!remaining )"
    + _QTY
    + r"(?:\s+(?:more|other))?(?:\s+"
    + _GAP_WORD
    + r"){0,2}?"
    r"(?:\s+(?P<who>" + _WHO + r"))?(?:" + _INCLUDING + r")?"
    r"(?:\s+" + _BE + r"){0,3}\s+$"
)
# "50 people were killed, including five children": a category after the verb.
_INCLUDING_AFTER = re.compile(
    r",?\s+(?:including|among\s+them|among\s+whom)\s+(?P<inc>[^,;.()]{1,60})"
)
_INCLUDED = re.compile(
    r"(?<![\w\-])" + _QTY + r"(?:\s+" + _GAP_WORD + r"){0,2}?\s+(?P<who>" + _WHO + r")(?![\w\-])"
)
_NONE = re.compile(
    r"\b(?:no|zero)\s+(?:(?P<who>civilian|military)\s+)?"
    r"(?P<o>casualties|fatalities|deaths|injuries|dead)"
    r"(?:\s+or\s+(?P<o2>casualties|fatalities|deaths|injuries))?\b"
    r"|\b(?:no\s+one|nobody|none)\s+(?:was|were)\s+(?:\w+\s+)?(?P<o3>killed|hurt|injured|wounded)\b"
)
_KEYS = ("kill", "dead", "died", "death", "fatal", "wound", "injur", "hurt", "missing", "casualt")
_VAGUE_MIN = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens": 20}
_WINDOW = 140
_NO_CASUALTIES = Casualties()
"""What a sentence without figures states (frozen: one instance serves every such sentence)."""


@dataclass(frozen=True, slots=True)
class _Figure:
    outcome: str  # killed / wounded / missing
    who: str  # "" (everyone), civilians, children, fighters
    lo: int | None
    hi: int | None
    quote: str


def find_casualties(sentence: str, lowercase: str | None = None) -> Casualties:
    """Return the casualty figures a sentence states, as ranges (see the module doc).

    The first figure stated for each outcome and category wins; every phrase a figure
    (or a figure-less toll such as "several were killed") comes from is quoted.
    ``lowercase`` is ``sentence.lower()`` when the caller has it.
    """
    low = lower_same_length(sentence, lowercase)
    if low is None:
        # Offsets may drift: quote from the lower-cased text.
        low = sentence.lower() if lowercase is None else lowercase
        quote_src = low
    else:
        quote_src = sentence
    if not contains_any(low, _KEYS):  # cheap guard before the patterns
        return _NO_CASUALTIES
    figures: list[_Figure] = []
    texts: list[str] = []
    if "no" in low or "zero" in low:
        for m in _NONE.finditer(low):
            _zero(m, quote_src[m.start() : m.end()], figures)
            texts.append(quote_src[m.start() : m.end()])
    done = 0  # the end of the last phrase read ("left 5 dead" reads "dead" too)
    for m in _OUTCOME.finditer(low):
        if m.start() < done:
            continue
        w = " ".join(m.group("w").split())
        got = _active(low, m, w) if w in _ACTIVE_WORDS else None
        if got is None and w in _PASSIVE_WORDS:
            got = _passive(low, m, w)
        if got is None:
            continue
        start, end, found = got
        after = _INCLUDING_AFTER.match(low, end) if "includ" in low or "among" in low else None
        if after:
            found = found + _included(after.group("inc"), found[0].outcome)
            end = after.end()
        done = end
        figures.extend(found)
        texts.append(quote_src[start:end].strip())
    return _casualties(figures, texts)


def _active(low: str, m: re.Match[str], verb: str) -> tuple[int, int, list[_Figure]] | None:
    """Read the figure after an active verb ("killing 12 people", "left 5 dead")."""
    if verb == "death toll":
        t = _TOLL_TAIL.match(low, m.end()) or _TOLL_RISEN.match(low, m.end())
        if not t:
            return None
        lo, hi = _range(t)
        return m.start(), t.end(), [_Figure("killed", "", lo, hi, "")]
    t = _ACTIVE_TAIL.match(low, m.end())
    if not t:
        return None
    end = t.end()
    if verb in ("leaving", "left"):
        o = _LEFT_OUTCOME.match(low, end)
        if not o:
            return None
        outcome = _OUTCOME_OF[o.group("o")]
        end = o.end()
    elif verb.startswith(("kill", "claimed")):
        outcome = "killed"
    else:
        outcome = "wounded"
    lo, hi = _range(t)
    return m.start(), end, [_Figure(outcome, _who(t.group("who")), lo, hi, "")]


def _passive(low: str, m: re.Match[str], word: str) -> tuple[int, int, list[_Figure]] | None:
    """Read the figure before a passive verb ("24 civilians were killed", "17 wounded")."""
    start = max(0, m.start() - _WINDOW)
    h = _PASSIVE_HEAD.search(low, start, m.start())
    if not h:
        return None
    outcome = _OUTCOME_OF[word]
    lo, hi = _range(h)
    found = [_Figure(outcome, _who(h.group("who")), lo, hi, "")]
    inc = h.group("inc")
    if inc:
        # "At least 30 people including 24 civilians were killed": a category within.
        found += _included(inc, outcome)
    return h.start(), m.end(), found


def _included(inc: str, outcome: str) -> list[_Figure]:
    """Return the figures of an "including ..." phrase ("24 civilians", "a child")."""
    out: list[_Figure] = []
    for i in _INCLUDED.finditer(inc):
        lo, hi = _range(i)
        who = _who(i.group("who"))
        if who:  # "including 5 people" repeats no category
            out.append(_Figure(outcome, who, lo, hi, ""))
    return out


def _zero(m: re.Match[str], quote: str, figures: list[_Figure]) -> None:
    """Record "no casualties", "no civilian deaths", "nobody was hurt" as zero figures."""
    who = "civilians" if m.group("who") == "civilian" else ""
    if m.group("who") == "military":
        who = "fighters"
    words = [w for w in (m.group("o"), m.group("o2"), m.group("o3")) if w]
    for w in words:
        if w in ("casualties", "injuries", "hurt", "injured", "wounded"):
            figures.append(_Figure("wounded", who, 0, 0, quote))
        if w in ("casualties", "fatalities", "deaths", "dead", "killed"):
            figures.append(_Figure("killed", who, 0, 0, quote))


def _who(noun: str | None) -> str:
    """Return the category a person noun names ("" for people in general)."""
    if not noun:
        return ""
    n = noun.split()[-1]
    for stem, cat in _CATEGORY.items():
        if n.startswith(stem):
            return cat
    return ""


def _range(m: re.Match[str]) -> tuple[int | None, int | None]:
    """Return ``(minimum, maximum)`` of a quantity match of ``_QTY``."""
    if m.group("lo") is not None:
        a, b = _value(m.group("lo")), _value(m.group("hi"))
        return (min(a, b), max(a, b)) if a is not None and b is not None else (None, None)
    if m.group("a") is not None or m.group("a2") is not None:
        a = _value(m.group("a") or m.group("a2"))
        b = _value(m.group("b") or m.group("b2"))
        return (min(a, b), max(a, b)) if a is not None and b is not None else (None, None)
    word = " ".join(m.group("n").split())
    mod = " ".join((m.group("mod") or "").split())
    vague = _VAGUE_MIN.get(word)
    if vague is not None:
        return vague, None  # "dozens", even "at least dozens": a minimum, never more
    v = _value(word)
    if v is None:
        return None, None  # "several", "many", "a number": quoted, no figure
    if mod in ("at least", "no fewer than", "no less than", "not less than", "a minimum of"):
        return v, None
    if mod in ("more than", "over", "upwards of", "in excess of"):
        return v + 1, None
    if mod in ("up to", "as many as", "at most", "no more than"):
        return None, v
    if mod in ("fewer than", "less than", "nearly", "almost"):
        return None, max(v - 1, 0)
    if mod in ("about", "around", "some", "roughly", "approximately", "an estimated", "estimated"):
        return v, None  # as stated, not a bound
    return v, v


def _value(word: str) -> int | None:
    """Return the value of a number written in digits or words ("twenty-one", "a dozen")."""
    w = word.replace(",", "")
    if w.isdigit():
        return int(w)
    if w in ("a", "an"):
        return 1
    parts = w.replace("-", " ").split()
    if parts[-1] == "dozen":
        return 6 if parts[0] == "half" else 12 * (_WORD_VALUE.get(parts[0]) or 1)
    if parts[-1] == "hundred":
        return 100 * (_WORD_VALUE.get(parts[0]) or 1)
    if all(p in _WORD_VALUE for p in parts):
        return sum(_WORD_VALUE[p] for p in parts)
    return None


_FIELD = {
    ("killed", ""): "killed", ("wounded", ""): "wounded", ("missing", ""): "missing",
    ("killed", "civilians"): "civilians_killed", ("killed", "children"): "children_killed",
    ("killed", "fighters"): "fighters_killed", ("wounded", "civilians"): "civilians_wounded",
    ("wounded", "children"): "children_wounded", ("wounded", "fighters"): "fighters_wounded",
}  # fmt: skip


def _casualties(figures: list[_Figure], texts: list[str]) -> Casualties:
    """Fold figures into one :class:`Casualties`: the first stated per count wins."""
    values: dict[str, int | None] = {}
    for f in figures:
        if f.lo is None and f.hi is None:
            continue
        name = _FIELD.get((f.outcome, f.who)) or f.outcome  # missing by category: missing
        if name in values or f"{name}_max" in values:
            continue
        values[name], values[f"{name}_max"] = f.lo, f.hi
    text = "; ".join(dict.fromkeys(t for t in texts if t)) or None
    if not values and text is None:
        return _NO_CASUALTIES
    return Casualties(text=text, **values)
