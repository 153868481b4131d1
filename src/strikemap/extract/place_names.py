"""Find the proper-noun names of a sentence and their spans, as written.

Names are read as whole capitalised phrases joined by particles ("Kafr Nabl",
"Jisr al-Shughur", "Bab Ghaliq"), trimmed of the kind words and titles around them
("the town of", "Governor"), with lines in capitals read word by word. A gazetteer match
inside a longer phrase is not that place: the whole phrase is the name, resolved as
written or reported unresolved. Parenthesis groups, possessives ("Russia's"),
demonyms and words that are never place names are told apart here so that role
reading (:mod:`strikemap.extract.places`) only sees names.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from strikemap.extract._rx import with_first_chars
from strikemap.extract.role_rules import CONTROL_SUFFIX
from strikemap.gazetteer.base import Mention

_KIND_WORDS = (
    r"province|governorate|region|oblast|city|town|village|district|countryside|area|"
    r"neighbourhood|neighborhood|camp|suburb|raion|county|state|township|front|community|"
    r"subdistrict|municipality|hromada|ward"
)
# ("the Shati refugee camp": the camp's kind word after its qualifier.)
KIND_AFTER = re.compile(
    r"^\s*(?:refugee\s+|displacement\s+)?(?P<kind>" + _KIND_WORDS + r")(?:s|es)?\b",
    re.IGNORECASE,
)
KIND_BEFORE = re.compile(
    r"\b(?P<kind>province|governorate|region|city|town|village|district|countryside|area|"
    r"oblast)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
KIND_WORD_SET = frozenset(_KIND_WORDS.split("|"))
# A proper-noun phrase: capitalised words, joined by spaces, hyphens, Arabic particles
# ("Jabal al Balaq ash Sharqi", "Kitaf wa Al Boqee") or a spaced dash ("Donetsk - Kirovskyi").
NAME_PARTICLE = r"(?:al|el|ad|as|ash|ar|an|at|az|ath|wa|bin|ibn|bani|abu|umm|de|du|la|le|di)"
_PARTICLE_RE = re.compile(NAME_PARTICLE)
_CAPWORD = r"(?:[A-Z][\w’'\-]*[\w]|[A-Z])"
# Between two words, the article that is also an English word ("at", "as", "an") joins
# them only assimilated to the next word's first letter, as the Arabic article is ("at
# Tuhayat", "as Suwayda", "an Nabk"): "fired MLRS at Chasiv Yar" is a weapon and a town.
_JOIN_PARTICLE = (
    r"(?:al|el|ad|ash|ar|az|ath|wa|bin|ibn|bani|abu|umm|de|du|la|le|di|"
    r"at(?=[-\s]+[Tt])|as(?=[-\s]+[Ss])|an(?=[-\s]+[Nn]))"
)
_PHRASE = with_first_chars(
    r"(?<![\w’'\-])(?:(?:al|el)[-\s]|" + NAME_PARTICLE + r"-)?" + _CAPWORD
    + r"(?:(?:\s+(?:" + _JOIN_PARTICLE + r"[-\s]+)?|[-\s]+" + _JOIN_PARTICLE + r"[-\s]+|\s+-\s+)"
    + _CAPWORD + r")*"
)  # fmt: skip
_POSSESSIVE_INSIDE = re.compile(r"['’]s\s+")
_QUALIFIER_AFTER = re.compile(
    r"-(?:" + CONTROL_SUFFIX + r"|backed|led|aligned|allied|based)\b",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\((?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)")
_ACRONYM = re.compile(r"^[A-Z0-9]{2,6}(?:['’]s)?$")
NOT_NAMES = frozenset(
    """The A An On In At Of By For From With And But Or As It He She They We His Her Its
    Their This That These Those There Here Around About After Before Between During Since
    Until Over Under Near Some All Both One Two Three Four Five Six Seven Eight Nine Ten
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Twitter Facebook Telegram
    Islamic State IS ISIS ISIL Daesh Army Conquest Sunni Shia Kurdish Arab Western Eastern
    Northern Southern Central Free Syrian Coalition Observatory Council Assembly God Allah
    PM AM Civil Defence Defense Red Crescent Cross UN President Minister Ministry Forces
    Force Military Police Casualties Fatalities Unknown Unidentified Tags Read Also Date
    Published Source Sources Photo Reuters AFP AP Anadolu Agency Local Medical Security
    Anti Pro Mount Mountain Mountains Highway Road Airport Base Hospital Market School
    Border Brigade Battalion Division Regiment Operation Operations Units Unit Group Front
    Russian Ukrainian Turkish Iraqi Iranian Israeli American Saudi Yemeni Houthi Houthis
    Burkinabe Moroccan Nigerian Afghan Pakistani Armenian Azerbaijani British French
    According Around Several Dozens Scores Hundreds Most Many Other Another Each Every
    No Not Also Then When While Where Which Who What Why How Shelling Airstrikes Airstrike
    Strikes Strike Raids Raid Attack Attacks Drone Drones Artillery Missile Missiles
    Rocket Rockets Mortar Mortars Grad Fighters Militants Soldiers Troops Civilians
    Residents Children People Governor Mayor General Colonel Commander Spokesman
    Spokeswoman Lieutenant Major Captain Sheikh-ul Prime Deputy Chief Head""".split()  # noqa: SIM905 (a word list reads better)
)
_GENERIC_HEADS = frozenset(
    {"Highway", "Road", "Airport", "Base", "Hospital", "Market", "School", "Mountains",
     "Brigade", "Front", "Camp", "Golf", "Course", "Command", "Street", "Square"}
)  # fmt: skip
# Head nouns of buildings and institutions: "Donetsk Academic Regional Drama Theatre" is a
# theatre named after a region, not the region; it is where the strike fell only through
# the town written with it ("... Theatre in Mariupol").
_LANDMARK_HEADS = _GENERIC_HEADS | frozenset(
    {"Theatre", "Theater", "Station", "Mosque", "Church", "Cathedral", "Bridge", "Plant",
     "Factory", "University", "Academy", "Institute", "College", "Stadium", "Port",
     "Prison", "Palace", "Museum", "Hotel", "Mall", "Refinery", "Depot", "Tower",
     "Building", "Complex", "Company", "Facility", "Clinic", "Bakery", "Library", "Center",
     "Centre", "Office", "Headquarters", "Ministry", "Embassy", "Compound", "Bank", "Dam",
     "Terminal", "Warehouse", "Mill", "Shelter", "Club", "Park", "Zoo", "Temple"}
)  # fmt: skip
_TOWN_NAMED_SITES = frozenset({"Airport", "Airfield", "Airbase"})
# A capitalised name followed by a lower-case facility noun names the facility's owner or
# namesake ("the Medecins Sans Frontieres trauma hospital"), not a place.
_FACILITY_AFTER = re.compile(
    r"^\s+(?:[a-z][\w\-]*\s+){0,2}?(?:hospital|clinic|school|market|mosque|church|theatre|"
    r"theater|station|factory|plant|bakery|headquarters|office|offices|compound|camp|base|"
    r"airbase|warehouse|depot|facility|building|center|centre|shelter|university)s?\b"
)


@dataclass(slots=True)
class NameSpan:
    """A name as written in one sentence, with its gazetteer ids and kind word."""

    start: int  # sentence offsets
    end: int
    surface: str
    ids: tuple[str, ...]
    known: bool
    kind: str | None = None
    paren: int = -1  # index of the parenthesis group holding it, -1 when none


_SPACE = re.compile(r"\s")
_NONSPACE = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_GAP_WORD = re.compile(r"[\w’'\-]+")


def _trim_phrase(sent: str, a: int, b: int) -> tuple[int, int, str | None]:
    """Drop leading/trailing non-name words (weekdays, "The") and a trailing kind word."""
    kind: str | None = None
    if not _SPACE.search(sent, a, b):
        # One word (most phrases): the loops below reduce to this test.
        w = sent[a:b]
        return (a, a, None) if w in NOT_NAMES or w == "-" else (a, b, None)
    words = [(m.start(), m.end()) for m in _NONSPACE.finditer(sent, a, b)]
    while words and sent[words[0][0] : words[0][1]] in NOT_NAMES:
        words.pop(0)
    while words:
        w = sent[words[-1][0] : words[-1][1]]
        prev = sent[words[-2][0] : words[-2][1]] if len(words) > 1 else ""
        if _PARTICLE_RE.fullmatch(prev):
            break  # "Ain al Arab": a word after a particle belongs to the name
        if w.lower() in KIND_WORD_SET and len(words) > 1:
            kind = kind or w.lower()
            words.pop()
        elif w in NOT_NAMES or w == "-":
            words.pop()
        else:
            break
    if not words:
        return a, a, None
    return words[0][0], words[-1][1], kind


def find_names(
    sent: str,
    sent_start: int,
    mentions: list[Mention],
    blocked: list[tuple[int, int]],
    is_area: Callable[[tuple[str, ...]], bool],
    actor_role: list[tuple[int, int]],
) -> list[NameSpan]:
    """Return the candidate names of a sentence: whole phrases, or their gazetteer parts."""
    rel = [(m.start - sent_start, m.end - sent_start, m.surface, m.place_ids) for m in mentions]
    used: set[int] = set()
    out: list[NameSpan] = []
    shouted: list[tuple[int, int]] | None = None  # read when an unknown name needs it
    for pa, pb in _phrase_spans(sent):
        a, b, kind = _trim_phrase(sent, pa, pb)
        if b <= a:
            continue
        inside = [i for i, r in enumerate(rel) if r[0] < b and r[1] > a] if rel else []
        if inside:
            used.update(inside)
        if kind is not None and rel:
            # The kind word trimmed off ("Hahan Ward") is no place of its own, whatever
            # the gazetteer spots in it ("Ward", a county elsewhere).
            used.update(i for i, r in enumerate(rel) if r[0] >= b and r[1] <= pb)
        if blocked and any(s < b and e > a for s, e in blocked):
            # An actor alias inside is no unknown place name; a gazetteer name stays a
            # place ("near Damascus") unless the sentence uses it as an actor ("Damascus
            # said", "Moscow launched").
            for i in inside:
                s, e, surf, ids = rel[i]
                if not any(bs < e and be > s for bs, be in actor_role):
                    out.append(NameSpan(s, e, surf, ids, True))
            continue
        landmark = sent[pa:pb].rsplit(None, 1)[-1] in _LANDMARK_HEADS
        if not inside:
            if _is_demonym(sent[a:b]):
                continue  # "the southern Lebanese city of Tyre": a people, not a place
            if shouted is None:
                shouted = _shouted_lines(sent)
            k = bisect.bisect_right(shouted, (a, len(sent))) - 1
            if (
                not (k >= 0 and shouted[k][0] <= a and b <= shouted[k][1])
                and not landmark
                and _plausible_unknown(sent[a:b], sent, b)
                and not _owner(sent, b)
            ):
                out.append(NameSpan(a, b, sent[a:b], (), False, kind))
            continue
        covered = _covers(sent, a, b, [rel[i] for i in inside])
        # Several names in a row are a list only when each is an area ("Idlib Russia
        # Syria" in a tag line); "Myrna Dolyna" is one village, whatever its parts match.
        if covered and len(inside) > 1 and not all(is_area(rel[i][3]) for i in inside):
            covered = False
        if covered:
            for i in inside:
                s, e, surf, ids = rel[i]
                out.append(NameSpan(s, e, surf, ids, True, kind if e == b else None))
        elif not landmark and not _owner(sent, b):
            # A gazetteer name inside a longer proper name is not that place (and a
            # building's or an organisation's name is no place at all).
            out.append(NameSpan(a, b, sent[a:b], (), False, kind))
        elif landmark and sent[a:pb].rsplit(None, 1)[-1] in _TOWN_NAMED_SITES:
            # "Baghdad International Airport": an airfield is named after the town it
            # serves, and lies near it (the resolver places it so), unlike a theatre
            # named after a region.
            out.append(NameSpan(a, pb, sent[a:pb], (), False, kind))
    for i, (s, e, surf, ids) in enumerate(rel):
        if i not in used:
            out.append(NameSpan(s, e, surf, ids, True))
    if "-" in sent:
        # "Pakistan-administered Kashmir", "Kurdish-held": a qualifier, not a place.
        out = [n for n in out if not _QUALIFIER_AFTER.match(sent, n.end)]
    out.sort(key=lambda n: n.start)
    return out


def _phrase_spans(sent: str) -> list[tuple[int, int]]:
    """Return the proper-noun phrases of a sentence, split after a possessive.

    "Kharkiv's Kyivskyi district" is the owner "Kharkiv" and the place "Kyivskyi"
    (an apostrophe inside a word, as in "Ma'arrat", stays part of the name).
    """
    spans = [m.span() for m in _PHRASE.finditer(sent)]
    if "'" not in sent and "’" not in sent:
        return spans  # the common case: no possessive to split at
    out: list[tuple[int, int]] = []
    for a, b in spans:
        for poss in _POSSESSIVE_INSIDE.finditer(sent, a, b):
            out.append((a, poss.start()))
            a = poss.end()
        # An owner before a common noun ("Kharkiv's northern outskirts") is the name
        # without its "'s"; an acronym's ("MONUSCO's positions") is an organisation's.
        owner = b - a > 2 and sent[b - 2] in "'’" and sent[b - 1] == "s"
        if owner and not sent[a : b - 2].isupper():
            b -= 2
        out.append((a, b))
    return out


def _shouted_lines(sent: str) -> list[tuple[int, int]]:
    """Return the spans of the sentence's lines written in capitals.

    In "RUSSIAN STRIKES HIT IDLIB" every word looks like a name: only gazetteer names
    count there, not unknown capitalised words. (Each line is read once.)
    """
    out: list[tuple[int, int]] = []
    start = 0
    for line in sent.split("\n"):
        # The ASCII letters are counted in C (they are A-Z and a-z, and only A-Z are
        # upper case); the few other characters one by one.
        raw = line.encode("ascii", "ignore")
        letters = raw.translate(None, _NOT_ASCII_LETTERS)
        n_letters = len(letters)
        n_upper = n_letters - len(letters.translate(None, _ASCII_UPPER))
        if len(raw) != len(line):
            for c in _NON_ASCII.findall(line):
                if c.isalpha():
                    n_letters += 1
                    n_upper += c.isupper()
        if n_letters >= 8 and n_upper > 0.8 * n_letters:
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


_ASCII_UPPER = bytes(range(65, 91))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NOT_ASCII_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())


def _owner(sent: str, end: int) -> bool:
    """Return whether a lower-case facility noun follows the name ending at ``end``."""
    return bool(_FACILITY_AFTER.match(sent[end : end + 60]))


def _covers(sent: str, a: int, b: int, parts: list[tuple[int, int, str, tuple[str, ...]]]) -> bool:
    """Return whether gazetteer matches cover every word of ``sent[a:b]`` that matters."""
    pos = a
    for s, e, *_r in sorted(parts):
        gap = sent[pos:s]
        if not _gap_ok(gap):
            return False
        pos = max(pos, e)
    return _gap_ok(sent[pos:b])


def _gap_ok(gap: str) -> bool:
    if not gap:
        return True  # (most gaps: a match starting or ending the phrase)
    for w in _GAP_WORD.findall(gap):  # (a loop: cheaper than all() over a generator)
        if w not in NOT_NAMES and w.lower() not in KIND_WORD_SET:
            return False
    return True


@functools.lru_cache(maxsize=4096)
def _is_demonym(name: str) -> bool:
    # Cached by name: the world tables do not change while strikemap runs.
    from strikemap.gazetteer.world import shared_world

    return shared_world().demonym(name) is not None


def _plausible_unknown(name: str, sent: str = "", end: int = 0) -> bool:
    """Return whether a capitalised phrase unknown to the gazetteer may be a place name.

    Two-letter names ("Ye", "Bo") are too often other words to stand alone; they count
    only when a kind word follows them ("in Ye township", "Bo district").
    """
    words = name.split()
    if _ACRONYM.match(name) or any(w in NOT_NAMES for w in words[:1]):
        return False
    if words[-1] in _GENERIC_HEADS or _DIGIT.search(name):
        return False
    if len(name) == 2 and name[1].islower():
        return bool(KIND_AFTER.match(sent[end : end + 30]))
    return len(name) >= 3


def paren_groups(sent: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, body)`` of each top-level parenthesis in a sentence."""
    return [(m.start(), m.end(), m.group("body")) for m in _PAREN.finditer(sent)]
