"""Regular-expression helpers for speed: lower-case twins of case-insensitive patterns.

Python's ``re`` runs a pattern compiled with ``IGNORECASE`` several times slower than the
same pattern on text that is already lower case, and a pattern that starts with a set of
literal characters lets the engine skip impossible start positions in C. Extraction
lower-cases each sentence once and matches these twins against it; offsets are the
same whenever lower-casing keeps the length (checked by :func:`lower_same_length`).
"""

from __future__ import annotations

import re


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
    return re.compile(lower_source(rx.pattern), rx.flags & ~re.IGNORECASE)


def lower_same_length(text: str) -> str | None:
    """Return ``text.lower()``, or ``None`` when lower-casing changes its length.

    ("İ" lower-cases to two characters; offsets found in the lower-cased text would no
    longer index the original, so callers fall back to the case-insensitive pattern.)
    """
    low = text.lower()
    return low if len(low) == len(text) else None
