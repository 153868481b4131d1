"""Which spotted names are places: a fitted filter over the gazetteer's raw matches.

The gazetteer matches every name it knows, and many place names are also surnames,
first names and common words ("Brown said", "Officer Clark", "Scott Varner", "Taco
Bell"). A logistic model over the words around a match and what the ranker found for it
says whether the match is a place mention:

* person cues: a title before it ("Sgt.", "coach"), a speech verb after it ("said"),
  a capitalised word after or before it (a full name), a possessive;
* place cues: a locative preposition before it ("in", "near"), an area written after
  it ("Brown, Texas"), the kind, importance and match level of its best reading and the
  ranker's calibrated confidence;
* the word itself: sentence-initial, all capitals, a common English word.

It is fitted with the ranker (``scripts/fit_ranker.py``) on the *fit* documents of the
geoparsing corpora, and ships as ``data/gazetteer/spot_filter.json``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from strikemap import settings
from strikemap.gazetteer._stopwords import ENGLISH_WORDS
from strikemap.gazetteer.candidates import PlaceCandidate
from strikemap.gazetteer.features import POPULATED
from strikemap.gazetteer.model_files import ModelFileError, read_checked_json, write_checked_json

FILE_FORMAT = 1

SPOT_FEATURES: tuple[str, ...] = (
    "bias",
    "sentence_initial",
    "title_before",
    "speech_verb_after",
    "speech_verb_before",
    "capitalised_after",
    "capitalised_before",
    "possessive",
    "locative_before",
    "of_before",
    "all_capitals",
    "common_word",
    "several_words",
    "best_country",
    "best_admin1",
    "best_populated",
    "best_world_area",
    "best_log_population",
    "best_exact_match",
    "area_written_after",
    "confidence",
    "unresolved",
)
"""Features of one spotted match, in model-file order."""

_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sgt",
        "sergeant",
        "officer",
        "coach",
        "president",
        "gov",
        "governor",
        "sen",
        "senator",
        "rep",
        "representative",
        "judge",
        "lt",
        "lieutenant",
        "capt",
        "captain",
        "gen",
        "general",
        "col",
        "colonel",
        "chief",
        "director",
        "minister",
        "secretary",
        "mayor",
        "sheriff",
        "deputy",
        "attorney",
        "professor",
        "prof",
        "father",
        "rev",
        "reverend",
        "sir",
        "lady",
        "lord",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "saint",
        "st",
        "brother",
        "sister",
        "uncle",
        "aunt",
    ]
)
_SPEECH = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "added",
        "adds",
        "explained",
        "explains",
        "noted",
        "notes",
        "wrote",
        "writes",
        "asked",
        "asks",
        "argued",
        "argues",
        "stated",
        "states",
        "recalled",
        "recalls",
        "warned",
        "warns",
    ]
)
_LOCATIVE = frozenset(
    [
        "in",
        "at",
        "near",
        "from",
        "to",
        "into",
        "across",
        "outside",
        "inside",
        "towards",
        "toward",
        "around",
        "throughout",
        "through",
        "via",
        "across",
        "between",
        "within",
    ]
)
_WORD = re.compile(r"[\w'’.-]+")
_F = {name: i for i, name in enumerate(SPOT_FEATURES)}
THRESHOLD = 0.5
"""A match this likely to be a place mention is reported."""


def _prev_word(text: str, start: int) -> str:
    words = _WORD.findall(text[max(0, start - 30) : start])
    return words[-1] if words else ""


def _next_word(text: str, end: int) -> str:
    m = _WORD.search(text, end, min(len(text), end + 30))
    return m.group(0) if m is not None and not text[end : m.start()].strip(" ") else ""


def spot_features(
    text: str,
    start: int,
    end: int,
    best: PlaceCandidate | None,
    confidence: float,
    area_written_after: bool,
) -> np.ndarray:
    """Return the feature row of one spotted match."""
    x = np.zeros(len(SPOT_FEATURES))
    x[_F["bias"]] = 1.0
    surface = text[start:end]
    before = text[max(0, start - 3) : start].rstrip(" \t\"'“‘(")
    x[_F["sentence_initial"]] = 1.0 if not before or before[-1] in ".!?\n:;" else 0.0
    prev = _prev_word(text, start)
    prev_key = prev.lower().rstrip(".")
    nxt = _next_word(text, end)
    nxt_key = nxt.lower()
    x[_F["title_before"]] = 1.0 if prev_key in _TITLES else 0.0
    x[_F["speech_verb_after"]] = 1.0 if nxt_key in _SPEECH else 0.0
    x[_F["speech_verb_before"]] = 1.0 if prev_key in _SPEECH else 0.0
    x[_F["capitalised_after"]] = 1.0 if nxt[:1].isupper() else 0.0
    gap = text[max(0, start - 2) : start]
    x[_F["capitalised_before"]] = 1.0 if prev[:1].isupper() and gap.strip() == "" else 0.0
    x[_F["possessive"]] = 1.0 if text[end : end + 2] in ("'s", "’s") else 0.0
    x[_F["locative_before"]] = 1.0 if prev_key in _LOCATIVE else 0.0
    x[_F["of_before"]] = 1.0 if prev_key == "of" else 0.0
    x[_F["all_capitals"]] = 1.0 if surface.isupper() and len(surface) > 3 else 0.0
    x[_F["common_word"]] = 1.0 if surface.lower() in ENGLISH_WORDS else 0.0
    x[_F["several_words"]] = 1.0 if " " in surface.strip() else 0.0
    if best is None:
        x[_F["unresolved"]] = 1.0
    else:
        feature = best.feature
        x[_F["best_country"]] = 1.0 if feature == "country" else 0.0
        x[_F["best_admin1"]] = 1.0 if feature == "admin1" else 0.0
        x[_F["best_populated"]] = 1.0 if feature in POPULATED else 0.0
        x[_F["best_world_area"]] = 1.0 if feature in ("continent", "sea", "region") else 0.0
        x[_F["best_log_population"]] = math.log10(1 + best.place.population) / 7.0
        x[_F["best_exact_match"]] = 1.0 if best.match in ("name", "abbreviation") else 0.0
    x[_F["area_written_after"]] = 1.0 if area_written_after else 0.0
    x[_F["confidence"]] = confidence
    return x


@dataclass(frozen=True, slots=True)
class SpotFilter:
    """Logistic weights over :data:`SPOT_FEATURES` and the reporting threshold."""

    weights: np.ndarray
    threshold: float = THRESHOLD
    meta: dict[str, Any] = field(default_factory=dict)

    def probability(self, x: np.ndarray) -> float:
        """Return the probability that a match with feature row ``x`` is a place."""
        z = float(x @ self.weights)
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def default_filter_path() -> Path:
    """Return the shipped spot filter file."""
    return settings.data_dir() / "gazetteer" / "spot_filter.json"


def save_filter(model: SpotFilter, path: Path) -> None:
    """Write the filter as JSON with a checksum."""
    payload = {
        "format": FILE_FORMAT,
        "features": list(SPOT_FEATURES),
        "weights": [round(float(v), 6) for v in model.weights],
        "threshold": model.threshold,
        "meta": model.meta,
    }
    write_checked_json(payload, path)


def load_filter(path: Path | None = None) -> SpotFilter:
    """Read the spot filter; raises :class:`ModelFileError` when it does not check out."""
    path = path or default_filter_path()
    hint = "refit it with `python scripts/fit_ranker.py` or restore it from the repository"
    doc = read_checked_json(path, "spot filter", hint, FILE_FORMAT)
    if tuple(doc["features"]) != SPOT_FEATURES or len(doc["weights"]) != len(SPOT_FEATURES):
        raise ModelFileError(f"spot filter {path} was fitted on other features; {hint}")
    return SpotFilter(
        np.array(doc["weights"], dtype=float), float(doc["threshold"]), dict(doc["meta"])
    )
