"""Regular-expression helpers for speed: lower-case twins of case-insensitive patterns.

Python's ``re`` runs a pattern compiled with ``IGNORECASE`` several times slower than the
same pattern on text that is already lower case, and a pattern that starts with a set of
literal characters lets the engine skip impossible start positions in C. Extraction
lower-cases each sentence once and matches these twins against it; offsets are the
same whenever lower-casing keeps the length (checked by :func:`lower_same_length`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any


def lower_source(pattern: str) -> str:
    r"""Return ``pattern`` with its literal letters lower-cased.

    Escapes (``\S``, ``\w``, ``\B``), group names (``(?P<Name>``, ``(?P=Name)``) and
    everything after a backslash are copied unchanged, so the pattern matches the same
    lower-cased text that the original matched, case-insensitively, in any case.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if pattern.startswith(("(?P<", "(?P="), i):
            close = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i : close + 1])
            i = close + 1
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)


def lowered(rx: re.Pattern[str]) -> re.Pattern[str]:
    """Compile the lower-case twin of a case-insensitive pattern (same flags, no ``re.I``).

    The twin also starts with a look-ahead on the characters a match can start with
    (:func:`first_chars`), which lets the engine give up at once at most positions.

    Parameters
    ----------
    rx
        A pattern compiled with ``re.IGNORECASE``; its twin matches lower-cased text only.

    Raises
    ------
    ValueError
        When ``rx`` is case-sensitive (its twin would match more than it does).
    """
    if not rx.flags & re.IGNORECASE:
        raise ValueError(f"pattern is case-sensitive: {rx.pattern[:60]!r}")
    return with_first_chars(lower_source(rx.pattern), rx.flags & ~re.IGNORECASE)


def with_first_chars(source: str, flags: int = 0) -> re.Pattern[str]:
    r"""Compile ``source`` behind a look-ahead on the characters its matches start with.

    The look-ahead is a necessary condition only, so the pattern matches exactly what
    ``source`` matches. It is left out when the first characters cannot be listed (a
    class such as ``\w``, a pattern that may match the empty string) or when ``source``
    begins with global inline flags.
    """
    chars = first_chars(source, flags)
    if not chars or _GLOBAL_FLAGS.match(source):
        return re.compile(source, flags)
    ahead = "".join(sorted(chars))
    return re.compile(f"(?=[{ahead}])(?:{source})", flags)


_CATEGORIES = {
    _constants.CATEGORY_DIGIT: r"\d",
    _constants.CATEGORY_SPACE: r"\s",
    _constants.CATEGORY_WORD: r"\w",
}
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def first_chars(source: str, flags: int = 0) -> frozenset[str] | None:
    r"""Return what a match of ``source`` can start with, as character-class items.

    Items are escaped characters or the classes ``\d``, ``\s``, ``\w`` (ready to join
    inside ``[...]``). ``None`` means "anything, as far as this reading can tell": a
    negated class, ``.``, a case-insensitive pattern, a back-reference, or a pattern that
    can match the empty string. Zero-width items (``\b``, look-arounds) are skipped.
    """
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = _parser.parse(source, flags)
    except re.error:
        return None
    chars, nullable = _first_of_seq(list(parsed))
    return None if chars is None or nullable else frozenset(chars)


def _first_of_seq(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """Return (first characters, may match empty) of a sequence of parsed items."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_of_item(op, av)
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of_item(op: Any, av: Any) -> tuple[set[str] | None, bool]:
    """Return (first characters, may match empty) of one parsed item."""
    c = _constants
    if op is c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is c.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is c.LITERAL:
                chars.add(re.escape(chr(iav)))
            elif iop is c.RANGE:
                chars.add(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
            elif iop is c.CATEGORY and iav in _CATEGORIES:
                chars.add(_CATEGORIES[iav])
            else:
                return None, False  # a negation, a negated category (\W, \S)
        return chars, False
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero-width: matches start with what follows
    if op is c.SUBPATTERN:
        return _first_of_seq(list(av[-1]))
    if op is c.ATOMIC_GROUP:
        return _first_of_seq(list(av))
    if op is c.BRANCH:
        out: set[str] = set()
        nullable = False
        for alt in av[1]:
            chars_alt, null_alt = _first_of_seq(list(alt))
            if chars_alt is None:
                return None, False
            out |= chars_alt
            nullable = nullable or null_alt
        return out, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        chars_rep, null_rep = _first_of_seq(list(av[2]))
        if chars_rep is None:
            return None, False
        return chars_rep, null_rep or av[0] == 0
    return None, False  # any character, a back-reference, a conditional group


def lower_same_length(text: str, lowercase: str | None = None) -> str | None:
    """Return ``text.lower()``, or ``None`` when lower-casing changes its length.

    ("İ" lower-cases to two characters; offsets found in the lower-cased text would no
    longer index the original, so callers fall back to the case-insensitive pattern.)
    ``lowercase`` is ``text.lower()`` when the caller has it.
    """
    low = text.lower() if lowercase is None else lowercase
    return low if len(low) == len(text) else None


def lower_each(text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    """Return ``text[a:b].lower()`` for each span, lower-casing ``text`` once if that is the same.

    Each stage that reads a sentence lower-cases it (about 1 µs for a sentence with a
    curly quote); extraction does it once per report and hands the slices down. Slices
    of the lower-cased text equal the lower-cased slices when every character lower-cases
    to one character (the length is kept) and no capital sigma, the one letter lower-cased
    by its context, occurs.
    """
    low = text.lower()
    if len(low) == len(text) and "\u03a3" not in text:
        return [low[a:b] for a, b in spans]
    return [text[a:b].lower() for a, b in spans]


def contains_any(text: str, words: Iterable[str]) -> bool:
    """Return whether any of ``words`` occurs in ``text``: ``any(w in text for w in words)``.

    A plain loop: the generator expression costs more than the substring tests it runs
    when, as in the cheap guards before patterns, the words are few and the text short.
    """
    for w in words:  # noqa: SIM110 (the loop is the speed-up)
        if w in text:
            return True
    return False
