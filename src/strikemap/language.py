"""Which language a report (or each of its paragraphs) is written in.

Detection uses ``py3langid``, which ships its trained model inside the package, so it
works offline and gives the same answer on every run. Its model knows about 97
languages; strikemap reports whichever it finds, and reads the ones in
:data:`READ_LANGUAGES`.

Short texts carry little signal, so a text with fewer than :data:`MIN_LETTERS` letters
gets :data:`UNDETERMINED` rather than a guess. The probability returned with a
language is the model's normalised posterior over all its languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

__all__ = [
    "MIN_LETTERS",
    "READ_LANGUAGES",
    "UNDETERMINED",
    "DetectedLanguage",
    "LanguageSpan",
    "detect_language",
    "is_language_code",
    "paragraph_languages",
]

UNDETERMINED = "und"
"""ISO 639-2 code for "undetermined": too little text to tell."""

READ_LANGUAGES: tuple[str, ...] = ("en", "uk", "ru", "ar")
"""Languages whose strike reports strikemap reads (ISO 639-1)."""

MIN_LETTERS = 12
"""Below this many letters a text's language is not guessed."""

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class DetectedLanguage:
    """A language code (ISO 639-1, or ``und``) and the model's probability for it."""

    code: str
    probability: float


@dataclass(frozen=True, slots=True)
class LanguageSpan:
    """A paragraph's character span in the text and its detected language."""

    start: int
    end: int
    language: DetectedLanguage


def is_language_code(code: str) -> bool:
    """Return whether ``code`` has the shape of a stored language code (``uk``, ``und``)."""
    return code.isascii() and code.isalpha() and 2 <= len(code) <= 3


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    # Loaded on first use (about 0.2 s), not at import; normalised probabilities so the
    # figure reported beside a language is a probability, not a raw log score.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> DetectedLanguage:
    """Return the language of ``text``; ``und`` with probability 0 when it is too short."""
    if len(_LETTER.findall(text)) < MIN_LETTERS:
        return DetectedLanguage(UNDETERMINED, 0.0)
    code, probability = _identifier().classify(text)
    return DetectedLanguage(str(code), round(float(probability), 4))


def paragraph_languages(text: str) -> list[LanguageSpan]:
    """Return each paragraph's span and language, for posts that mix languages.

    Paragraphs are separated by blank lines. A paragraph too short to judge alone takes
    the language of the whole text.
    """
    whole = detect_language(text)
    spans: list[LanguageSpan] = []
    start = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk is not None else len(text)
        if text[start:end].strip():
            found = detect_language(text[start:end])
            spans.append(LanguageSpan(start, end, whole if found.code == UNDETERMINED else found))
        start = brk.end() if brk is not None else len(text)
    return spans
