"""Who struck: find and normalise the striking actor of a sentence.

Actor names and aliases live in ``data/actors.csv`` (columns ``actor, alias``), which users
edit; an actor of ``-`` marks an alias that names a *non*-striker (a monitor, an opposition
body) so that a shorter alias inside it ("Syrian" in "Syrian Observatory") does not fire.
Aliases written in capitals (``US``, ``IS``, ``DPR``) match case-sensitively.

Each alias occurrence is scored by its role in the sentence: next to a striker noun
("Russian warplanes") or before a strike verb ("Russian pigs had flattened") it is the
striker; after "by"/"from" ("killed by Russian airstrikes") likewise; after "against",
"targeting", "positions of" it is the target; before "source", "ministry", "said" it is a
speaker. The best positive score wins; no positive score means no explicit actor.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from strikemap.settings import data_dir

_STRIKER_NOUN = (
    r"(?:forces|army|military|troops|warplanes?|jets?|fighter jets|aircraft|aircrafts|planes?|"
    r"helicopters?|drones?|artillery|air ?force|navy|gunboats?|bombers?|raids?|air raids?|"
    r"strikes?|airstrikes?|air strikes?|missiles?|rockets?|shelling|militants|fighters|gunmen|"
    r"pilots|regime|tanks|units|soldiers|coalition|pigs|mortars?|aviation|bombardment|"
    r"shells|attacks?)"
)
_STRIKE_VERB = (
    r"(?:struck|strikes?|striking|hit|hits|bombed|bombs|bombing|bombarded|shelled|shells|"
    r"shelling|targeted|targets|targeting|pounded|flattened|destroyed|raided|attacked|"
    r"fired|launched|carried out|conducted|killed|killing|unleashed)"
)
_AFTER_STRIKER = re.compile(
    r"^(?:['’]s?)?\s*(?:[\w\-]+\s+){0,2}?" + _STRIKER_NOUN + r"\b", re.IGNORECASE
)
_AFTER_VERB = re.compile(
    r"^(?:['’]s?)?[”\"’]?\s*(?:[\w\-]+\s+){0,1}?(?:had\s+|have\s+|has\s+|reportedly\s+)?"
    + _STRIKE_VERB
    + r"\b",
    re.IGNORECASE,
)
_AFTER_SPEAKER = re.compile(
    r"^(?:['’]s?)?\s*(?:[\w\-]+\s+){0,2}?(?:source|sources|officials?|ministry|monitor|"
    r"observatory|spokes(?:man|woman|person)|media|agency|agencies|news|television|president|"
    r"minister|activists|senators|daily|counterpart|said|says|told|targets|positions|bases|"
    r"backer|state television)\b",
    re.IGNORECASE,
)
_BEFORE_AGENT = re.compile(r"\b(?:by|from)\s+(?:the\s+|a\s+)?(?:\w+\s+)?[“\"]?$", re.IGNORECASE)
_BEFORE_TARGET = re.compile(
    r"\b(?:against|at|on|targeting|targeted|target|hit|struck|shelled|bombed|striking|"
    r"positions of|of|toward|towards|to|into|held by|controlled by|linked to)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|some|all)\s+)?[“\"‘']?$",
    re.IGNORECASE,
)
_BEFORE_HELPER = re.compile(
    r"\b(?:supported|backed|aided|assisted|joined|accompanied)\s+by\s+(?:the\s+)?$", re.IGNORECASE
)
_ACCUSED = re.compile(r"\baccus\w*\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ActorTable:
    """Aliases compiled into one pattern, mapped to canonical actor names."""

    pattern: re.Pattern[str]
    exact: dict[str, str]
    folded: dict[str, str]

    def normalise(self, name: str | None) -> str | None:
        """Map any alias (e.g. an ACLED actor name) to its canonical actor, else ``None``."""
        if not name:
            return None
        n = name.strip()
        actor = self.exact.get(n) or self.folded.get(n.lower())
        if actor:
            return None if actor == "-" else actor
        # "Military Forces of Russia (2000-) Air Force": try the longest known prefix.
        for m in self.pattern.finditer(n):
            a = self._actor_of(m.group(0))
            if a and a != "-":
                return a
        return None

    def _actor_of(self, surface: str) -> str | None:
        return self.exact.get(surface) or self.folded.get(surface.lower())


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An alias occurrence with its canonical actor and role score."""

    start: int
    end: int
    surface: str
    actor: str
    score: int


def load_actor_table(path: Path | None = None) -> ActorTable:
    """Load and compile the actor aliases (``data/actors.csv`` by default), cached."""
    return _load_cached(str(path or data_dir() / "actors.csv"))


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> ActorTable:
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            actor, alias = (row.get("actor") or "").strip(), (row.get("alias") or "").strip()
            if not actor or not alias:
                continue
            if alias.isupper() or alias.replace(".", "").isupper():
                exact[alias] = actor
            else:
                folded[alias.lower()] = actor
    parts: list[str] = []
    for alias in sorted(set(exact) | set(folded), key=len, reverse=True):
        esc = re.escape(alias)
        parts.append(esc if alias in exact else f"(?i:{esc})")
    pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(parts) + r")(?![\w])")
    return ActorTable(pattern, exact, folded)


def find_actor_mentions(text: str, table: ActorTable) -> list[ActorMention]:
    """Return every alias occurrence in ``text`` with its striker score.

    Parameters
    ----------
    text
        A sentence (or any span).
    table
        The compiled aliases.
    """
    out: list[ActorMention] = []
    for m in table.pattern.finditer(text):
        actor = table._actor_of(m.group(0))
        if actor is None or actor == "-":
            continue
        before = text[max(0, m.start() - 45) : m.start()]
        after = text[m.end() : m.end() + 60]
        score = 0
        if _AFTER_VERB.match(after):
            score += 3
        elif _AFTER_STRIKER.match(after) or re.search(
            _STRIKER_NOUN + r"$", m.group(0), re.IGNORECASE
        ):
            score += 2
        if _BEFORE_AGENT.search(before):
            score += 2
        if _ACCUSED.search(before) and re.match(r"\s+of\s+\w+ing\b", after):
            score += 3
        if _BEFORE_HELPER.search(before):
            score -= 6
        if _BEFORE_TARGET.search(before) and not _BEFORE_AGENT.search(before):
            score -= 4
        if _AFTER_SPEAKER.match(after) and not _AFTER_STRIKER.match(after):
            score -= 3
        out.append(ActorMention(m.start(), m.end(), m.group(0), actor, score))
    return out


def best_actor(mentions: list[ActorMention]) -> str | None:
    """Return the actor with the best positive score (earliest on ties), else ``None``."""
    best: ActorMention | None = None
    for am in mentions:
        if am.score > 0 and (best is None or am.score > best.score):
            best = am
    return best.actor if best else None
