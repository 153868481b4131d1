"""Whether a place mention in a strike sentence is where the strike happened: a fitted model.

Each candidate name of a strike sentence (see :func:`strikemap.extract.places.find_strike_places`)
is described by features of its context relative to the strike trigger: which side of the
trigger it stands on and how far, the preposition that governs it ("in", "near", "from",
"over", "of" after a kind word or a facility), whether it is the trigger's object or the
subject of a passive strike verb, whether a speaker frames it ("In Moscow, the ministry
said", "officials in Kyiv said"), whether it is the origin or the course of a flight
("launched from Crimea", "flying over"), whether it is used as a qualifier ("a Hamas
compound", "Ukraine's air force"), and where it stands in the sentence and its list.

A logistic model over those features (weights fitted on news sentences whose event
locations are annotated, see :mod:`strikemap.extract.role_fit`), calibrated by an isotonic
curve fitted on answers the weights did not see, gives the chance that the mention is the
event's location; a mention at or above the file's ``threshold`` is a strike place.

The model ships as ``data/roles.json`` (JSON with a checksum, refused when edited,
truncated or fitted on other features); ``scripts/fit_roles.py`` refits it. Nothing is
read at import time: the file is loaded on first use.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from strikemap import settings
from strikemap.extract._rx import lowered
from strikemap.extract.strikes import STRONG_TRIGGER, WEAK_TRIGGER
from strikemap.gazetteer.model_files import ModelFileError, read_checked_json, write_checked_json

MODEL_FORMAT = 1
"""Version of the role model file layout; a file of another version is refused."""

PREPOSITIONS = (
    "in", "on", "at", "near", "outside", "from", "of_kind", "of_landmark", "of_other", "over",
    "toward", "into", "to", "across", "inside", "around", "between", "by", "with", "for",
    "within", "throughout", "upon", "comma", "start", "clause", "hedged", "other",
)  # fmt: skip
"""What governs a mention, read back over descriptors ("in the besieged town of X" is
``of_kind``; "the port of X" is ``of_landmark``)."""

ROLE_FEATURES: tuple[str, ...] = (
    "bias",
    "after_trigger",
    "no_trigger",
    "gap_0_2",
    "gap_3_6",
    "gap_7_12",
    "gap_13_plus",
    "log_gap",
    "clause_break",
    "said_between",
    *(f"prep_{p}" for p in PREPOSITIONS),
    "prep_in_before_trigger",
    "setting_frame",
    "prep_from_after_trigger",
    "relative",
    "pattern_role",
    "verb_object",
    "trigger_object",
    "passive_subject",
    "speaker_frame",
    "speaker_before",
    "says_after",
    "flight_before",
    "launched_from",
    "flew_over",
    "into_without_fire",
    "facility_after",
    "article_before",
    "possessive_after",
    "possessive_of_name",
    "after_name_comma",
    "list_member",
    "list_first",
    "sentence_start",
    "known",
    "area",
    "country",
    "kind_settlement",
    "kind_area",
    "side_before",
)
"""The features, in the order of the weights in the model file."""

_INDEX = {f: i for i, f in enumerate(ROLE_FEATURES)}

_WORD = re.compile(r"[\w’'\-]+")
_CLAUSE_BREAK = re.compile(r"[;:(—–]|\s-\s|,\s+(?:who|which|where|while|as|after|but)\b|,")
_SAID = re.compile(
    r"\b(?:said|says|say|told|tells|announced|stated|claimed|reported|reports|according|"
    r"added|accused|denied|confirmed|warned)\b",
    re.IGNORECASE,
)
_SAID_LOW = lowered(_SAID)
_SAYS_AFTER = re.compile(
    r"^(?:\s+[\w’'\-]+){0,4}?\s+(?:said|says|told|announced|stated|claimed|reported|accused|"
    r"denied|confirmed|warned|launched|agreed)\b"
)
# Words a preposition may be separated from its name by ("in the besieged town of X").
_DESCRIPTOR_WORDS = frozenset(
    """the a an neighbouring neighboring nearby central northern southern eastern western
    north-western north-eastern south-western south-eastern northwestern northeastern
    southwestern southeastern rural besieged embattled occupied annexed city town village
    villages province governorate region area district countryside suburb suburbs centre
    center heart part parts oblast neighbourhood neighborhood areas towns community
    settlement capital key strategic small large coastal border frontline front-line
    rebel-held government-held nearby""".split()  # noqa: SIM905 (a word list reads better)
)
_KIND_OF = frozenset(
    """town towns city cities village villages province provinces governorate region regions
    area areas district districts countryside part parts neighbourhood neighborhood oblast
    centre center heart outskirts vicinity desert mountains hills plains environs suburbs
    capital state county municipality community""".split()  # noqa: SIM905
)
_LANDMARK_OF = frozenset(
    """port camp plant airport airbase base station bridge dam refinery hospital university
    mosque church market prison stadium harbour harbor terminal depot factory""".split()  # noqa: SIM905
)
_PREP_WORDS = {
    "in": "in", "on": "on", "at": "at", "near": "near", "outside": "outside", "from": "from",
    "over": "over", "toward": "toward", "towards": "toward", "into": "into", "to": "to",
    "across": "across", "inside": "inside", "around": "around", "between": "between",
    "by": "by", "with": "with", "for": "for", "within": "within", "throughout": "throughout",
    "upon": "upon", "onto": "on", "nearby": "near", "outskirts": "near",
}  # fmt: skip
_SPEAKER_WORDS = frozenset(
    """journalists reporters told speaking spoke meeting met talks conference summit visit
    visiting press based headquartered statement embassy interview speech inquiry sidelines
    assembly council session officials diplomats governor spokesman spokeswoman ministry
    authorities sources correspondent""".split()  # noqa: SIM905
)
_FLIGHT_WORDS = frozenset(
    """fly flying flew flown transit transiting transited through via toward towards reached
    since advance advanced advancing advances fled fleeing returned returning
    headed heading""".split()  # noqa: SIM905
)
_LAUNCH_WORDS = frozenset(
    """launched launch launching fired firing took took-off departed taking flew flying
    came coming originated""".split()  # noqa: SIM905
)
_FIRE_WORDS = frozenset({"fired", "launched", "rocket", "rockets", "shell", "shells", "missile",
                         "missiles", "crashed", "slammed", "plunged"})  # fmt: skip
_SETTLEMENT_KINDS = frozenset(
    {"city", "town", "village", "neighbourhood", "neighborhood", "camp", "settlement",
     "community", "suburb", "ward"}
)  # fmt: skip
_AREA_KINDS = frozenset(
    {"province", "governorate", "oblast", "region", "state", "countryside", "district",
     "subdistrict", "township", "raion", "county", "municipality"}
)  # fmt: skip
_SIDE_WORDS = frozenset(
    """north south east west northern southern eastern western central north-east north-west
    south-east south-west northeastern northwestern southeastern southwestern""".split()  # noqa: SIM905
)


def find_triggers(sent: str, low: str | None = None) -> list[tuple[int, int]]:
    """Return the spans of the strike triggers of a sentence (weak ones when no strong one).

    ``low`` is the sentence lower-cased with its length kept, when the caller has it.
    """
    text, strong, weak = sent, STRONG_TRIGGER, WEAK_TRIGGER
    if low is not None:
        text, strong, weak = low, _STRONG_LOW, _WEAK_LOW
    spans = [m.span() for m in strong.finditer(text)]
    return spans or [m.span() for m in weak.finditer(text)]


_STRONG_LOW = lowered(STRONG_TRIGGER)
_WEAK_LOW = lowered(WEAK_TRIGGER)


@dataclass(frozen=True, slots=True)
class Cues:
    """What the place patterns found before and after a name (see ``role_rules.role_cues``)."""

    relative: bool = False
    locative: bool = False
    verb_object: bool = False
    passive_subject: bool = False
    speaker_frame: bool = False
    flew_over: bool = False
    into_without_fire: bool = False


@dataclass(frozen=True, slots=True)
class MentionContext:
    """A candidate name in its sentence (sentence offsets), with what is known of it."""

    start: int
    end: int
    known: bool
    area: bool
    country: bool
    kind: str | None
    index: int
    """Position among the sentence's candidate names."""
    count: int
    prev_end: int | None
    """End of the previous candidate name, if any."""
    next_start: int | None


def _prep(words: list[str]) -> tuple[str, bool]:
    """Return the preposition governing a name from the lower-case words before it.

    The second value tells whether a side word ("southern") stands among the descriptors.
    """
    i = len(words) - 1
    side = False
    while i >= 0 and words[i] in _DESCRIPTOR_WORDS:
        side = side or words[i] in _SIDE_WORDS
        i -= 1
    if i < 0:
        return "start", side
    w = words[i]
    if w == "of":
        before = words[i - 1] if i > 0 else ""
        if before in _KIND_OF or before in _SIDE_WORDS:
            return "of_kind", side
        if before in _LANDMARK_OF:
            return "of_landmark", side
        return "of_other", side
    if w == ",":
        return "comma", side
    if w in _CLAUSE_WORDS:
        return "clause", side  # "said Shebekino came under fire": a clause's subject
    if w == "be" and i >= 2 and words[i - 1] == "to" and words[i - 2] in _HEDGE_WORDS:
        return "hedged", side  # "believed to be the Zorava region"
    return _PREP_WORDS.get(w, "other"), side


_LIST_GAP = re.compile(r"\s*(?:,|,?\s*and|&|or)\s*")
_CLAUSE_WORDS = frozenset({"said", "says", "that", "reported", "announced", "stated", "claimed"})
_HEDGE_WORDS = frozenset({"believed", "presumed", "thought", "understood", "reported"})
_TOKEN = re.compile(r"[\w’'\-]+|[,;:()]")


def mention_features(
    sent: str, low: str, m: MentionContext, triggers: Sequence[tuple[int, int]], cues: Cues
) -> dict[str, float]:
    """Return the non-zero features of a candidate name (``low``: the sentence lower-cased)."""
    f: dict[str, float] = {"bias": 1.0}
    # The trigger nearest the name (by characters), and the text between them.
    trig: tuple[int, int] | None = None
    best = 1 << 30
    for t in triggers:
        d = m.start - t[1] if t[1] <= m.start else (t[0] - m.end if m.end <= t[0] else 0)
        if d < best:
            best, trig = d, t
    if trig is None:
        f["no_trigger"] = 1.0
    else:
        after = trig[1] <= m.start
        a, b = (trig[1], m.start) if after else (m.end, trig[0])
        gap = len(_WORD.findall(sent, a, b)) if b > a else 0
        if after:
            f["after_trigger"] = 1.0
        key = (
            "gap_0_2" if gap <= 2 else "gap_3_6" if gap <= 6 else "gap_7_12" if gap <= 12
            else "gap_13_plus"
        )  # fmt: skip
        f[key] = 1.0
        f["log_gap"] = math.log1p(gap)
        if b > a and _CLAUSE_BREAK.search(sent, a, b):
            f["clause_break"] = 1.0
        if b > a and _SAID_LOW.search(low, a, b):
            f["said_between"] = 1.0
        if after and gap <= 3 and not sent[a:b].strip(" ").lower().startswith(tuple(_PREP_WORDS)):
            f["trigger_object"] = 1.0
    pre_words = _TOKEN.findall(low, max(0, m.start - 60), m.start)
    prep, side = _prep(pre_words[-6:])
    f["prep_" + prep] = 1.0
    if side:
        f["side_before"] = 1.0
    if trig is not None:
        if prep == "in" and trig[0] >= m.end:
            f["prep_in_before_trigger"] = 1.0
        if (
            prep in ("in", "of_kind", "at")
            and trig[0] >= m.end
            and "," in sent[m.end : trig[0]]
            and not _SAID_LOW.search(low, m.end, trig[0])
        ):
            # "On 27 April, in X village (...), forces attacked ...": the setting of the
            # sentence, written before its event.
            f["setting_frame"] = 1.0
        if prep == "from" and trig[1] <= m.start:
            f["prep_from_after_trigger"] = 1.0
    last = pre_words[-3:]
    if any(w in _SPEAKER_WORDS for w in last[-2:]):
        f["speaker_before"] = 1.0
    if any(w in _FLIGHT_WORDS for w in last):
        f["flight_before"] = 1.0
    if prep == "from" and any(w in _LAUNCH_WORDS for w in pre_words[-8:]):
        f["launched_from"] = 1.0
    if pre_words[-1:] in (["a"], ["an"]):
        f["article_before"] = 1.0
    post = sent[m.end : m.end + 50]
    if post.startswith(("'s", "’s")):
        # "Kharkiv's Kyivskyi district": the owner of a place heads it; "Iraq's army" is
        # an owner of something else.
        own = "possessive_of_name" if m.next_start == m.end + 3 else "possessive_after"
        f[own] = 1.0
    elif _SAYS_AFTER.match(post):
        f["says_after"] = 1.0
    if _FACILITY_AFTER.match(post):
        f["facility_after"] = 1.0
    if m.prev_end is not None and sent[m.prev_end : m.start].strip() == ",":
        f["after_name_comma"] = 1.0
    if m.next_start is not None and _LIST_GAP.fullmatch(sent, m.end, m.next_start):
        f["list_member"] = 1.0
        if m.prev_end is None or not _LIST_GAP.fullmatch(sent, m.prev_end, m.start):
            f["list_first"] = 1.0
    if not _WORD.search(sent, 0, m.start) or len(_WORD.findall(sent, 0, m.start)) <= 2:
        f["sentence_start"] = 1.0
    if (
        (cues.relative or cues.locative or cues.verb_object or cues.passive_subject)
        and not (cues.speaker_frame or cues.flew_over or cues.into_without_fire)
        and "speaker_before" not in f
    ):
        # The role patterns written by hand before this model: one feature among others.
        f["pattern_role"] = 1.0
    for name, on in (
        ("known", m.known), ("area", m.area), ("country", m.country),
        ("kind_settlement", m.kind in _SETTLEMENT_KINDS), ("kind_area", m.kind in _AREA_KINDS),
        ("relative", cues.relative), ("verb_object", cues.verb_object),
        ("passive_subject", cues.passive_subject), ("speaker_frame", cues.speaker_frame),
        ("flew_over", cues.flew_over), ("into_without_fire", cues.into_without_fire),
    ):  # fmt: skip
        if on:
            f[name] = 1.0
    return f


_FACILITY_AFTER = re.compile(
    r"^\s+(?:[a-z][\w\-]*\s+){0,2}?(?:hospital|clinic|school|market|mosque|church|theatre|"
    r"theater|station|factory|plant|bakery|headquarters|office|offices|compound|camp|base|"
    r"airbase|warehouse|depot|facility|building|center|centre|shelter|university|positions?|"
    r"fighters|militants|forces|troops|army|police|officials?|government|authorities|"
    r"ministry|spokesman|leader|commander)s?\b"
)


@dataclass(frozen=True, slots=True)
class RoleModel:
    """Fitted weights, their calibration and the decision threshold."""

    weights: tuple[float, ...]
    calibration: tuple[tuple[float, float], ...]
    """Knots (raw probability, share of mentions that are the event's location)."""
    threshold: float
    """Calibrated probability at or above which a mention is a strike place."""
    meta: dict[str, Any] = field(default_factory=dict)

    def raw_probability(self, features: dict[str, float]) -> float:
        """Return the logistic probability before calibration."""
        w = self.weights
        z = sum(w[_INDEX[k]] * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def probability(self, features: dict[str, float]) -> float:
        """Return the calibrated chance that the mention is where the event happened."""
        return calibrate(self.calibration, self.raw_probability(features))

    def is_strike_place(self, features: dict[str, float]) -> bool:
        """Return whether the mention is taken as a strike place."""
        return self.probability(features) >= self.threshold


def calibrate(knots: Sequence[tuple[float, float]], p: float) -> float:
    """Interpolate an isotonic calibration curve linearly at ``p``."""
    if p <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(knots):
        if p <= x1:
            return y0 if x1 <= x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)
    return knots[-1][1]


class RoleFileError(ModelFileError):
    """The role model file is missing, truncated, corrupted or fitted on other features."""


def default_model_path() -> Path:
    """Return the shipped role model file."""
    return settings.data_dir() / "roles.json"


def save_role_model(model: RoleModel, path: Path) -> None:
    """Write the model as JSON with a checksum of its content."""
    payload = {
        "format": MODEL_FORMAT,
        "features": list(ROLE_FEATURES),
        "weights": [round(float(v), 6) for v in model.weights],
        "calibration": [[round(p, 4), round(v, 4)] for p, v in model.calibration],
        "threshold": round(model.threshold, 4),
        "meta": model.meta,
    }
    write_checked_json(payload, path)


def load_role_model(path: Path | None = None) -> RoleModel:
    """Read a role model file, refusing anything that does not check out.

    Raises
    ------
    RoleFileError
        When the file is missing, is not JSON, fails its checksum, is of another format
        or lists other features than this code computes.
    """
    path = path or default_model_path()
    hint = "refit it with `python scripts/fit_roles.py` or restore it from the repository"
    try:
        doc = read_checked_json(path, "role model file", hint, MODEL_FORMAT)
    except ModelFileError as exc:
        raise RoleFileError(str(exc)) from None
    if tuple(doc.get("features") or ()) != ROLE_FEATURES or len(doc["weights"]) != len(
        ROLE_FEATURES
    ):
        raise RoleFileError(f"role model file {path} was fitted on other features; {hint}")
    return RoleModel(
        weights=tuple(float(v) for v in doc["weights"]),
        calibration=tuple((float(p), float(v)) for p, v in doc["calibration"]),
        threshold=float(doc["threshold"]),
        meta=dict(doc.get("meta") or {}),
    )


@lru_cache(maxsize=4)
def _cached_model(path: Path) -> RoleModel:
    return load_role_model(path)


def shipped_role_model() -> RoleModel:
    """Return the shipped role model, read once per process on first use."""
    return _cached_model(default_model_path())
