"""Split a report into paragraphs and sentences, keeping character offsets.

Every :class:`Sentence` indexes into the report text (``text[start:end] == sentence.text``),
so evidence quotes can always be traced back. Splitting is rule based: a sentence ends at
``.``/``!``/``?`` (plus closing quotes or brackets) followed by white space and an upper-case
letter, digit or opening quote, unless the word before the stop is a known abbreviation or
an initial ("U.S.", "Gen.", "Oct.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "cpl",
        "adm",
        "brig",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "pres",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "approx",
        "est",
        "dept",
        "univ",
        "inc",
        "ltd",
        "co",
        "corp",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
_PARA_RE = re.compile(r"\n[ \t]*\n+|\n(?=[ \t]*[–—\-•*] )")
_END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with its span in the report text and its paragraph number."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_RE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_abbreviation(chunk: str) -> bool:
    """Return whether the stop ending ``chunk`` belongs to an abbreviation."""
    # The word is the run of ASCII letters and dots before the final stop, from its first
    # letter on; reading back from the end costs the word's length, not the chunk's.
    stop = len(chunk) - 1
    i = stop
    while i > 0 and chunk[i - 1] in _WORD_CHARS:
        i -= 1
    while i < stop and chunk[i] == ".":
        i += 1
    if i >= stop:
        return False
    word = chunk[i:stop].lower()
    # Single letters ("J. Kerry") and dotted acronyms ("U.S.") are abbreviations.
    return word in _ABBREV or len(word) == 1 or bool(_DOTTED.fullmatch(word))


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets.

    Parameters
    ----------
    text
        The report's main text.

    Returns
    -------
    list of Sentence
        In text order; white space around sentences is excluded from the spans.
    """
    out: list[Sentence] = []
    for pno, (pa, pb) in enumerate(_paragraph_spans(text)):
        para = text[pa:pb]
        cut = 0
        bounds: list[tuple[int, int]] = []
        for m in _END_RE.finditer(para):
            chunk = para[cut : m.end()]
            if m.group(0) == "." and _is_abbreviation(chunk):
                continue
            bounds.append((cut, m.end()))
            cut = m.end()
        bounds.append((cut, len(para)))
        # Single newlines inside a paragraph also end a sentence when the line has no
        # final stop but the next line starts a new one (headlines, list items).
        multi_line = "\n" in para
        for a, b in bounds:
            for la, lb in _split_lines(para, a, b) if multi_line else ((a, b),):
                seg = para[la:lb]
                lstrip = len(seg) - len(seg.lstrip())
                rstrip = len(seg.rstrip())
                if rstrip <= lstrip:
                    continue
                s, e = pa + la + lstrip, pa + la + rstrip
                out.append(Sentence(s, e, text[s:e], pno, len(out)))
    return out


def _split_lines(para: str, a: int, b: int) -> list[tuple[int, int]]:
    parts: list[tuple[int, int]] = []
    pos = a
    nl = para.find("\n", a, b)
    while nl >= 0:
        before = para[pos:nl].rstrip()
        if before and not before.endswith((",", ";", ":", "-", "and", "or")):
            parts.append((pos, nl))
            pos = nl + 1
        nl = para.find("\n", nl + 1, b)
    parts.append((pos, b))
    return parts
