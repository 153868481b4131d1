"""Who struck: find and normalise the striking actor of a sentence.

Actor names and aliases live in ``data/actors.csv`` (columns ``actor, alias``), which users
edit; an actor of ``-`` marks an alias that names a *non*-striker (a monitor, an opposition
body) so that a shorter alias inside it ("Syrian" in "Syrian Observatory") does not fire.
Aliases written in capitals (``US``, ``IS``, ``DPR``) match case-sensitively.

An optional third column ``country`` (ISO 3166-1 alpha-2 codes, ``|``-separated) scopes a
generic alias ("the military", "junta", "government forces") to reports about that country:
"the military" is Myanmar's in a report about Myanmar and nobody's in a report about
nowhere in particular (unknown stays unknown). Scoping also maps a coalition member to its
coalition in the coalition's war ("Belgian F-16s" in Syria are the US-led coalition's).

An optional fourth column ``kind`` marks weapons and platforms (``weapon``): "Shahed
drones", "Kalibr missiles", "barrel bombs" tell who struck when nobody is named, but any
named striker outweighs them (their score is at most 1), and a weapon is never an agent.

Each alias occurrence is scored by its role in the sentence: next to a striker noun
("Russian warplanes") or before a strike verb ("Russian pigs had flattened") it is the
striker; after "by"/"from" ("killed by Russian airstrikes") likewise; after "against",
"targeting", "positions of" it is the target; before "source", "ministry", "said" it is a
speaker. The best positive score wins; no positive score means no explicit actor.
"""

from __future__ import annotations

import csv
import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strikemap.extract._rx import contains_any, lower_same_length, lowered
from strikemap.gazetteer.world import shared_world
from strikemap.settings import data_dir

# Armed people who fire as often as they are fired on (see _GROUP_NOUN).
_ARMED_PEOPLE = r"rebels|insurgents|separatists|militiamen|militias?|jihadists|guerrillas"
_STRIKER_NOUN = (
    r"(?:forces|army|military|troops|warplanes?|jets?|fighter jets|aircraft|aircrafts|planes?|"
    r"helicopters?|drones?|artillery|air ?force|navy|gunboats?|bombers?|raids?|air raids?|"
    r"strikes?|airstrikes?|air strikes?|missiles?|rockets?|shelling|militants|fighters|gunmen|"
    + _ARMED_PEOPLE
    + r"|pilots|regime|tanks|units|soldiers|coalition|pigs|mortars?|aviation|bombardment|"
    r"shells?|attacks?|gunships?|warships?|submarines?|frigates?|UAVs?|howitzers?|"
    # A munition in the singular, however qualified: "a Russian guided bomb hit", "an
    # Israeli munition struck" ("bomb-making" is a workshop, not a bomb).
    r"bombs?(?!-)|munitions?|projectiles?|warheads?|"
    r"rocket launchers|MLRS|cruise missiles|ballistic missiles|air defen[cs]es?|navy|"
    # Combat aircraft by type: "Belgian F-16s", "RAF Tornados", "Russian Su-34s".
    r"F-\d+\w*|Su-\d+\w*|MiG-\d+\w*|Tu-\d+\w*|B-\d+\w*|A-10s?|AC-130s?|Tornados?|"
    r"Typhoons?|Rafales?|Mirages?|Reapers?|Predators?|"
    r"marines|special forces|commandos|battalions?|brigades?|border guards?|coast guards?)"
)
# What an armed group owns is a target, never the striker: "a Hamas compound", "Houthi
# radar sites", "IS positions", "Russian military bases".
_TARGET_NOUN = (
    r"(?:targets?|positions?|sites?|compounds?|facilit(?:y|ies)|depots?|warehouses?|"
    r"infrastructure|command\s+(?:posts?|cent(?:re|er)s?)|checkpoints?|outposts?|posts?|"
    r"tunnels?|convoys?|vehicles?|gatherings?|radars?|installations?|airbases?|"
    r"air\s+bases?|bases?|barracks|leaders?|commanders?|operatives?|hideouts?|"
    r"strongholds?|training\s+camps?|weapons?\s+(?:depots?|stores?|storage))"
)
_STRIKE_VERB = (
    r"(?:struck|strikes?|striking|hit|hits|bombed|bombs|bombing|bombarded|shelled|shells|"
    r"shelling|targeted|targets|targeting|pounded|flattened|destroyed|raided|attacked|"
    r"fired|launched|carried out|conducted|killed|killing|unleashed|dropped|claimed "
    r"responsibility|took responsibility|admitted|used)"
)
# A passive auxiliary before a strike verb makes its subject the one struck: "Ukrainian
# soldiers were killed", "forces of Ukraine were shelled".
_PASSIVE = r"(?:was|were|is|are|been|being|be|get|gets|got)\s+(?![a-z]+ing\b)"
# "Ukrainian troops were shelled", "forces of Ukraine were hit": the subject of a passive
# verb of harm is the one struck. (A fired or launched weapon stays its owner's:
# "Russian missiles were fired at Kyiv".)
_AFTER_PASSIVE = re.compile(
    r"^(?:['’]s?)?\s*(?:[\w\-]+\s+){0,2}?(?:was|were|is|are|been|being|got)\s+"
    r"(?:\w+ly\s+)?(?:struck|hit|bombed|shelled|targeted|pounded|flattened|destroyed|"
    r"raided|attacked|killed|wounded|injured)\b",
    re.IGNORECASE,
)
# "Syrian air defences intercepted Israeli missiles": the defender repelled a strike, and
# the strike is the missiles' owner's. (Shooting an aircraft down is the shooter's strike.)
_AFTER_INTERCEPT = re.compile(
    r"^(?:['’]s?)?\s*(?:[\w\-]+\s+){0,2}?air\s+defen[cs]es?\s+(?:(?:systems?|forces|"
    r"units)\s+)?(?:\w+ly\s+)?(?:intercepted|intercepts|repelled|repels)\b"
    # "Ukraine's air force said it shot down 21 of 23 cruise missiles": whoever downs
    # incoming munitions defends against the strike; the munitions are the striker's.
    # (Downing a jet or a helicopter is the shooter's own strike, so only munitions.)
    r"|^(?:['’]s?)?\s*(?:[\w\-]+\s+){0,3}?(?:(?:said|says|reported|announced)\s+"
    r"(?:that\s+)?(?:it|they|its\s+\w+(?:\s+\w+)?)\s+(?:had\s+|has\s+|have\s+)?)?"
    r"(?:(?:shot|shoots|shooting)\s+down|intercepted|intercepts|downed|repelled|repels)\s+"
    r"(?:[\w\-]+\s+){0,5}?(?:missiles?|drones?|rockets?|UAVs?|Shaheds?|projectiles?|"
    r"munitions?)\b",
    re.IGNORECASE,
)
# Group nouns name the people of an actor, who are as often the victims or the target
# ("civilians or IS militants were killed", "a camp for IS fighters"): they make the
# actor the striker only when a strike verb follows in the active voice.
_GROUP_NOUN = re.compile(
    r"^(?:['’]s?)?\s*(?:[\w\-]+\s+){0,2}?(?:militants|fighters|gunmen|members|soldiers|"
    r"troops|units|"
    + _ARMED_PEOPLE
    + r")\b(?!\s+(?:(?!"
    + _PASSIVE
    + r")\w+\s+){0,2}?"
    + _STRIKE_VERB
    + r"\b)",
    re.IGNORECASE,
)
# "Islamic State-held city", "IS-controlled areas": who holds the place, not who struck it.
_AFTER_HOLDER = re.compile(r"^-?\s*(?:held|controlled|run|occupied)\b", re.IGNORECASE)
# The words between an alias and its striker noun never include a speaker or a speech
# verb: in "Houthi media said strikes hit", the strikes are not the Houthis'.
_NOT_FILLER = (
    r"(?!(?:said|says|told|reported|stated|claimed|announced|media|agency|news|television|"
    r"tv|officials?|sources?|spokes\w*|ministry|statement)\b)"
)
# A striker noun that speaks ("Pakistan's military said Indian missiles hit") names the
# speaker, not the striker; its own strike is told by _AFTER_RESPONSIBILITY.
_AFTER_STRIKER = re.compile(
    r"^(?:['’]s?)?\s*(?:" + _NOT_FILLER + r"[\w\-]+\s+){0,2}?" + _STRIKER_NOUN + r"\b"
    r"(?!\s+(?:said|says|told|stated|reported|announced|denied|confirmed|" + _TARGET_NOUN + r")\b)",
    re.IGNORECASE,
)
# (A strike verb may come second in a pair of verbs: "the group tested and fired".)
# (Or the actor comes first in a pair of strikers: "FAMa and Wagner conducted".)
_AFTER_VERB = re.compile(
    r"^(?:['’]s?)?[”\"’]?\s*(?!" + _PASSIVE + r")(?:[\w\-]+\s+){0,1}?(?:[a-z]+ed\s+and\s+)?"
    r"(?:had\s+|have\s+|has\s+|reportedly\s+)?" + _STRIKE_VERB + r"\b"
    r"|^\s*and\s+(?:the\s+)?(?:(?!" + _PASSIVE + r")[\w\-]+\s+){1,2}?" + _STRIKE_VERB + r"\b",
    re.IGNORECASE,
)
_AFTER_SPEAKER = re.compile(
    r"^(?:['’]s?)?\s*(?:[\w\-]+\s+){0,2}?(?:source|sources|officials?|ministry|monitor|"
    r"observatory|spokes(?:man|woman|person)|media|agency|agencies|news|television|president|"
    r"minister|activists|senators|daily|counterpart|said|says|told|targets|positions|bases|"
    r"backer|state television|confirmed|announced|claimed|reported|denied|stated|warned|"
    r"group bastion|bastion|stronghold|enclaves?|hideouts?|headquarters|camps?|"
    # What an armed group owns is a target: "a Hamas compound", "Houthi radar sites".
    + _TARGET_NOUN
    + r")\b",
    re.IGNORECASE,
)
_BEFORE_AGENT = re.compile(
    r"\b(?:by|from|"
    # "a drone strike attributed to Turkey", "shelling blamed on the separatists".
    r"(?:attributed|ascribed|blamed)\s+(?:to|on))\s+(?:the\s+|a\s+)?(?:\w+\s+)?[“\"]?$",
    re.IGNORECASE,
)
_BEFORE_TARGET = re.compile(
    r"\b(?:against|at|on|targeting|targeted|target|hit|struck|shelled|bombed|striking|"
    r"positions of|of|toward|towards|to|into|held by|controlled by|linked to|for|or|and|"
    r"including|between)\s+"
    r"(?:the\s+|a\s+|an\s+)?[“\"‘']?(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|several|some|all)\s+)?[“\"‘']?$",
    re.IGNORECASE,
)
_BEFORE_HELPER = re.compile(
    r"\b(?:supported|backed|aided|assisted|joined|accompanied)\s+by\s+(?:the\s+)?$", re.IGNORECASE
)
# "JWS, which operates under OPS, shelled": the unnamed striker is part of that force.
_BEFORE_UNDER = re.compile(
    r"\b(?:operat\w*|fight\w*|serv\w*|acting)\s+under\s+(?:the\s+)?"
    r"(?:(?:command|umbrella|banner)\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
# "the armed forces of Ukraine", "Military Forces of Russia": the alias owns the striker
# noun before it, whose role the words before that noun tell ("positions of the armed
# forces of Ukraine" is a target).
_BEFORE_OWNER = re.compile(
    r"\b(?:(?:military|armed|security|naval|air|ground|government)\s+forces|army|navy|"
    r"air\s+force)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ENDS_STRIKER = re.compile(_STRIKER_NOUN + r"$", re.IGNORECASE)
_ACCUSED_OF = re.compile(r"\s+of\s+\w+ing\b")
# "X claimed responsibility", "X admitted": the speaker is the striker by its own word.
_STATE_BODY = (
    r"(?:defen[cs]e\s+ministry|ministry(?:\s+of\s+defen[cs]e)?|general\s+staff|mod|"
    r"(?:operations\s+)?command|spokes(?:man|woman|person)|press\s+service|joint\s+staff)"
)
_AFTER_RESPONSIBILITY = re.compile(
    r"^(?:['’]s?)?\s*(?:[\w\-]+\s+){0,2}?(?:claimed|claims|took|takes|accepted)\s+"
    r"(?:(?:the|full)\s+)?responsibility\b|^\s*(?:[\w\-]+\s+){0,1}?admitted\b|"
    # "Hezbollah said it fired rockets", "India said on Wednesday it had struck",
    # "Russian forces said they hit": the speaker tells of its own strike.
    # (Only the actor or its forces speak so: "a Syrian security source said they had
    # targeted rebels" tells of another's strike.)
    # A state body speaks for its forces too: "the Russian defence ministry said its
    # forces hit", "Israel's military said it struck", "the coalition said its aircraft".
    r"^(?:['’]s?)?\s*(?:(?:[\w\-]+\s+){0,2}?(?:" + _STRIKER_NOUN + r"|" + _STATE_BODY + r")\s+)?"
    r"(?:said|says|announced|stated|claimed|reported|confirmed)\s+"
    r"(?:(?:on|late|early|last|this|overnight)\s+(?:\w+\s+)?)?(?:that\s+)?(?:it|they|we|"
    r"(?:its|our)\s+(?:[\w\-]+\s+)?"
    + _STRIKER_NOUN
    + r")\s+(?:had\s+|have\s+|has\s+)?"
    + _STRIKE_VERB
    + r"\b",
    re.IGNORECASE,
)
_PREV_WORD = re.compile(r"([\w\-]+(?:['’]s)?)\s+$")
_NOT_OWNER = frozenset(
    """The A An But And On In At Then When Two Three Four Five Six Several Many Some
    Other Its Their His Her""".split()  # noqa: SIM905 (a word list reads better)
)
# Strike verbs that are also plural nouns ("Islamic State targets"): no proof of a striker.
_NOUN_VERB = re.compile(
    r"^(?:['’]s?)?[”\"’]?\s*(?:targets|strikes|shells|hits|bombs|attacks)\b", re.I
)
_LED_COALITION = re.compile(r"^-led\s+(?:international\s+|military\s+)?coalition\b", re.I)
_ACCUSED = re.compile(r"\baccus\w*\s+$", re.IGNORECASE)
# "Russian forces in Ukraine launched", "Turkish jets in northern Iraq bombed": a country
# named where the striker is, not who struck.
_BEFORE_IN_COUNTRY = re.compile(
    r"\b(?:in|inside|across)\s+(?:the\s+)?(?:(?:north|south|east|west|central|"
    r"northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|"
    r"south-?western|occupied|rebel-held|government-held)\s+)?$",
    re.IGNORECASE,
)
# ", and the coalition struck": a new clause's subject, not the last item of a list of
# targets ("struck X and Y").
_CLAUSE_AND = re.compile(r",\s+(?:and|but)\s+(?:the\s+)?$")
# "Russian-backed separatists", "Iran-aligned militias": the backer, not the striker.
_AFTER_BACKER = re.compile(
    r"^-(?:backed|aligned|allied|supported|sponsored|funded|affiliated|linked)\b", re.I
)
_HOLDER_WORDS = ("held", "controlled", "run", "occupied")
_INTERCEPT_WORDS = ("defen", "down", "intercept", "repel")
_PASSIVE_WORDS = (" was ", " were ", " is ", " are ", " been ", " being ", " got ")
_ROLE_PATTERNS = (
    _LED_COALITION, _AFTER_VERB, _AFTER_STRIKER, _AFTER_RESPONSIBILITY, _GROUP_NOUN,
    _AFTER_HOLDER, _BEFORE_AGENT, _BEFORE_HELPER, _BEFORE_UNDER, _ACCUSED, _BEFORE_TARGET,
    _NOUN_VERB, _AFTER_SPEAKER, _BEFORE_OWNER, _AFTER_PASSIVE, _AFTER_INTERCEPT,
    _BEFORE_IN_COUNTRY, _AFTER_BACKER,
)  # fmt: skip
# Lower-case twins (see strikemap.extract._rx) and the identity map used when a text's
# lower-casing changes its length.
_LOW = {p: lowered(p) for p in _ROLE_PATTERNS}
_SAME = {p: p for p in _ROLE_PATTERNS}


def _whole_words(automaton: Any, text: str, low: str) -> Iterator[tuple[int, int]]:
    """Yield the ``(start, end)`` of the automaton's matches in ``text`` that are whole words.

    ``low`` is ``text`` lower-cased, of the same length; the boundaries are read in it.
    """
    n = len(low)
    for end_idx, length in automaton.iter(text):
        start, end = end_idx - length + 1, end_idx + 1
        if start > 0 and (low[start - 1].isalnum() or low[start - 1] in "_-"):
            continue
        if end < n and (low[end].isalnum() or low[end] == "_"):
            continue
        yield start, end


@dataclass(frozen=True, slots=True)
class ActorTable:
    """Aliases compiled into one pattern, mapped to canonical actor names.

    ``automaton`` (an Aho-Corasick automaton over lower-cased aliases) finds aliases in
    one pass over a text; ``pattern`` (one regular expression) is its slower equivalent,
    used when lower-casing would change the text's length. ``scoped`` maps a lower-cased
    generic alias to the actor it names in reports about each country.
    ``exact_automaton``, when given, finds the case-sensitive aliases as written, and
    ``automaton`` then holds only the others: lower-cased, "IS" and "US" would match
    inside most words of a text ("this", "thus"), each match to be checked and dropped.
    """

    pattern: re.Pattern[str]
    exact: dict[str, str]
    folded: dict[str, str]
    automaton: Any = None
    scoped: dict[str, dict[str, str]] = field(default_factory=dict)
    weapons: frozenset[str] = frozenset()
    exact_automaton: Any = None

    def find(self, text: str, lowercase: str | None = None) -> list[tuple[int, int, str]]:
        """Return ``(start, end, surface)`` of alias occurrences: leftmost, longest first.

        ``lowercase`` is ``text.lower()`` when the caller has it.
        """
        low = text.lower() if lowercase is None else lowercase
        if self.automaton is None or len(low) != len(text):
            return [(m.start(), m.end(), m.group(0)) for m in self.pattern.finditer(text)]
        found: list[tuple[int, int]] = []  # (start, -end): sorted, leftmost then longest
        for start, end in _whole_words(self.automaton, low, low):
            key = low[start:end]
            if (
                key not in self.folded
                and key not in self.scoped
                and text[start:end] not in self.exact
            ):
                continue  # a case-sensitive alias ("IS") written otherwise ("is")
            found.append((start, -end))
        if self.exact_automaton is not None:
            # Case-sensitive aliases, found as written: the same word boundaries.
            found.extend(
                (start, -end) for start, end in _whole_words(self.exact_automaton, text, low)
            )
        found.sort()
        out: list[tuple[int, int, str]] = []
        last = -1
        for start, neg_end in found:
            if start >= last:
                out.append((start, -neg_end, text[start:-neg_end]))
                last = -neg_end
        return out

    def normalise(self, name: str | None) -> str | None:
        """Map any alias (e.g. an ACLED actor name) to its canonical actor, else ``None``."""
        if not name:
            return None
        n = name.strip()
        actor = self.exact.get(n) or self.folded.get(n.lower())
        if actor:
            return None if actor == "-" else actor
        # "Military Forces of Russia (2000-) Air Force": try the longest known prefix.
        for _s, _e, surface in self.find(n):
            a = self._actor_of(surface)
            if a and a != "-":
                return a
        return None

    def _actor_of(self, surface: str, countries: tuple[str, ...] = ()) -> str | None:
        """Return the actor ``surface`` names; scoped aliases need a focus country."""
        by_country = self.scoped.get(surface.lower())
        if by_country:
            for c in countries:
                if c in by_country:
                    return by_country[c]
        return self.exact.get(surface) or self.folded.get(surface.lower())

    def is_alias(self, surface: str) -> bool:
        """Return whether ``surface`` is exactly an actor alias (any actor, or ``-``)."""
        return surface in self.exact or surface.lower() in self.folded

    def is_scoped_only(self, surface: str) -> bool:
        """Return whether ``surface`` is a generic alias with no country-free meaning."""
        low = surface.lower()
        return low in self.scoped and surface not in self.exact and low not in self.folded


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An alias occurrence with its canonical actor and role score.

    ``agent`` marks an explicit attribution: "fired by X", "carried out by X", "X claimed
    responsibility"; such a sentence may name the striker of a strike told before it.
    ``defender`` marks a side that intercepted or shot down the incoming munitions: it
    neither struck nor speaks for the striker.
    """

    start: int
    end: int
    surface: str
    actor: str
    score: int
    agent: bool = False
    defender: bool = False


def load_actor_table(path: Path | None = None) -> ActorTable:
    """Load and compile the actor aliases (``data/actors.csv`` by default), cached."""
    if path is None:
        return _load_default(os.environ.get("STRIKEMAP_DATA"))
    return _load_cached(str(path))


@functools.lru_cache(maxsize=8)
def _load_default(data_env: str | None) -> ActorTable:
    # Keyed on the variable settings.data_dir reads: resolving the default path touches
    # the file system, which costs more than the rest of a short report's extraction.
    return _load_cached(str(data_dir() / "actors.csv"))


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> ActorTable:
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    scoped: dict[str, dict[str, str]] = {}
    weapons: set[str] = set()
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            actor, alias = (row.get("actor") or "").strip(), (row.get("alias") or "").strip()
            if not actor or not alias or actor.startswith("#"):
                continue  # blank, or a comment row
            countries = [c.strip().upper() for c in (row.get("country") or "").split("|")]
            countries = [c for c in countries if c]
            if (row.get("kind") or "").strip().lower() == "weapon":
                weapons.add(alias.lower())
            if countries:
                for c in countries:
                    scoped.setdefault(alias.lower(), {})[c] = actor
            elif alias.isupper() or alias.replace(".", "").isupper():
                exact[alias] = actor
            else:
                folded[alias.lower()] = actor
    parts: list[str] = []
    for alias in sorted(set(exact) | set(folded) | set(scoped), key=len, reverse=True):
        esc = re.escape(alias)
        parts.append(esc if alias in exact else f"(?i:{esc})")
    pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(parts) + r")(?![\w])")
    # (A table of case-sensitive aliases only keeps them in the lower-cased automaton.)
    auto = _automaton([*folded, *scoped] or list(exact), lower=True)
    exact_auto = (
        _automaton(list(exact), lower=False)
        if auto is not None and exact and (folded or scoped)
        else None
    )
    return ActorTable(pattern, exact, folded, auto, scoped, frozenset(weapons), exact_auto)


def _automaton(aliases: list[str], *, lower: bool) -> Any:
    """Build an Aho-Corasick automaton of aliases (``None`` if unavailable).

    ``lower``: the aliases are lower-cased (to match a lower-cased text), else kept as
    written.
    """
    try:
        import ahocorasick
    except ImportError:  # optional speed-up: the regular expression does the same work
        return None
    auto = ahocorasick.Automaton()
    for alias in aliases:
        key = alias.lower() if lower else alias
        auto.add_word(key, len(key))
    auto.make_automaton()
    return auto


def find_actor_mentions(
    text: str, table: ActorTable, countries: tuple[str, ...] = (), lowercase: str | None = None
) -> list[ActorMention]:
    """Return every alias occurrence in ``text`` with its striker score.

    Parameters
    ----------
    text
        A sentence (or any span).
    table
        The compiled aliases.
    countries
        The report's country focus, most salient first: it gives generic aliases
        ("the military", "junta") their country-specific actor.
    lowercase
        ``text.lower()`` when the caller has it.
    """
    out: list[ActorMention] = []
    found = table.find(text, lowercase)
    if not found:
        return out
    # The role patterns run on lower-cased slices with their lower-case twins (several
    # times faster than IGNORECASE), unless lower-casing would move offsets.
    low = lower_same_length(text, lowercase)
    rx = _LOW if low is not None else _SAME
    ltext = text if low is None else low
    for start, end, surface in found:
        actor = table._actor_of(surface, countries)
        if actor is None or actor == "-":
            continue
        weapon = surface.lower() in table.weapons
        generic = surface.lower() in table.scoped and not weapon
        if generic and _named_before(text, start):
            continue  # "Turkish army", "Malian soldiers": someone's army, named there
        if text.startswith(_ORIGIN_SUFFIXES, end):
            continue  # "Iranian-made drones": who made them, not who fired them
        before = ltext[max(0, start - 45) : start]
        after = ltext[end : end + 60]
        owner = rx[_BEFORE_OWNER].search(before) if "of" in before[-12:] else None
        if owner:
            at = max(0, start - 45) + owner.start()
            before = ltext[max(0, at - 45) : at]
        score = 0
        agent = False
        if after[:1] == "-" and rx[_AFTER_BACKER].match(after):
            out.append(ActorMention(start, end, surface, actor, -2))
            continue
        led = rx[_LED_COALITION].match(after) if after[:1] == "-" else None
        if led:
            # "Saudi-led coalition", "American-led coalition": the coalition struck.
            actor = table._actor_of(surface + "-led coalition") or f"{actor}-led coalition"
            after = after[led.end() :]
            score += 2
        verb = rx[_AFTER_VERB].match(after)
        striker = rx[_AFTER_STRIKER].match(after)
        # Cheap substring tests first: each pattern needs its word.
        al = after if low is not None else after.lower()
        if (
            "respons" in al or "admitted" in al or " it " in al or " its " in al or " they " in al
        ) and rx[_AFTER_RESPONSIBILITY].match(after):
            score += 3
            agent = True
        elif verb:
            score += 3
        elif (striker and not rx[_GROUP_NOUN].match(after)) or (
            not generic and not led and (owner is not None or _ends_striker(surface))
        ):
            # A generic noun ("soldiers", "the army") is a striker only by what it does:
            # "killing two soldiers" names victims.
            score += 2
        if contains_any(al, _PASSIVE_WORDS) and rx[_AFTER_PASSIVE].match(after):
            score -= 3
        defender = contains_any(al, _INTERCEPT_WORDS) and bool(rx[_AFTER_INTERCEPT].match(after))
        if defender:
            score -= 3
        if contains_any(al, _HOLDER_WORDS) and rx[_AFTER_HOLDER].match(after):
            score -= 4
        # Each "before" pattern needs a word the cheap substring tests look for.
        bl = before if low is not None else before.lower()
        by_agent = ("by" in bl or "from" in bl or "ed " in bl) and bool(
            rx[_BEFORE_AGENT].search(before)
        )
        helper = "by" in bl and bool(rx[_BEFORE_HELPER].search(before))
        if "under" in bl and rx[_BEFORE_UNDER].search(before):
            score += 2
        if by_agent:
            score += 2
            agent = not helper
        if (
            "accus" in bl
            and rx[_ACCUSED].search(before)
            and _ACCUSED_OF.match(text, end + (led.end() if led else 0), end + 60)
        ):
            score += 3
        if helper:
            score -= 6
        if not by_agent and (
            (rx[_BEFORE_TARGET].search(before) and not (verb and _CLAUSE_AND.search(before)))
            or (
                contains_any(bl, _IN_WORDS)
                and rx[_BEFORE_IN_COUNTRY].search(before)
                and _is_country_name(surface)
            )
        ):
            score -= 4
        if (
            not (verb and not rx[_NOUN_VERB].match(after))
            and not agent
            and not striker
            and rx[_AFTER_SPEAKER].match(after)
        ):
            score -= 3
        if weapon:
            # A weapon says whose it is, weakly: any named striker outweighs it, and
            # only a target's role ("shot down", "against") takes that away.
            score, agent = (1 if score >= 0 else score), False
        out.append(ActorMention(start, end, surface, actor, score, agent and score > 0, defender))
    return out


@functools.lru_cache(maxsize=1024)
def _is_country_name(surface: str) -> bool:
    """Return whether an alias as written is a country's name ("Ukraine", "Iraq")."""
    return bool(shared_world().countries_named(surface))


_IN_WORDS = ("in ", "inside ", "across ", "ern ", "central ", "held ")
_ORIGIN_SUFFIXES = ("-made", "-built", "-designed", "-supplied", "-produced", "-manufactured")


@functools.lru_cache(maxsize=4096)
def _ends_striker(surface: str) -> bool:
    """Return whether an alias as written ends with a striker noun ("Russian jets")."""
    return bool(_ENDS_STRIKER.search(surface))


def _named_before(text: str, start: int) -> bool:
    """Return whether a capitalised word right before ``start`` owns the generic noun.

    "Turkish army", "Burkinabe soldiers", "Malian troops": the army is named by the
    word before; function words ("The military", "Two soldiers") own nothing.
    """
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    return bool(m and m.group(1)[:1].isupper() and m.group(1) not in _NOT_OWNER)


def best_actor(mentions: list[ActorMention]) -> str | None:
    """Return the actor with the best positive score (earliest on ties), else ``None``."""
    best: ActorMention | None = None
    for am in mentions:
        if am.score > 0 and (best is None or am.score > best.score):
            best = am
    return best.actor if best else None
