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
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # Every half-precision value as single precision, to widen the model's rows by
    # table look-up.
    widened = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16).view(np.float16)
    to_single = widened.astype(np.float32)

    class _Identifier(LanguageIdentifier):  # type: ignore[misc]
        """py3langid's identifier, scoring a text's features with the same numbers.

        The model's weights are half precision: multiplying them with the counts
        widens the ~600 rows a text touches one value at a time, which took half the
        time of a classification. Widened by look-up, they are the same single
        precision values, and the product is the same.
        """

        def _sparse_score(self, visits: dict[int, int], table: np.ndarray) -> np.ndarray:
            idx = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
            counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
            rows = table[idx]
            if rows.dtype == np.float16:
                rows = np.take(to_single, rows.view(np.uint16))
            return np.log1p(counts) @ rows + self.nb_pc  # type: ignore[no-any-return]

    return _Identifier.from_model_file(MODEL_FILE, norm_probs=True)  # type: ignore[no-any-return]


def _has_letters(text: str, n: int) -> bool:
    """Return whether ``text`` has at least ``n`` letters (counting stops at the n-th)."""
    for k, _m in enumerate(_LETTER.finditer(text), 1):
        if k >= n:
            return True
    return n <= 0


def detect_language(text: str) -> DetectedLanguage:
    """Return the language of ``text``; ``und`` with probability 0 when it is too short."""
    if not _has_letters(text, MIN_LETTERS):
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
