"""Actor colours: fixed per actor, colour-blind safe, the same on every page.

An actor's colour comes from the ``colour`` column of the actor table
(``data/actors.csv``; the first valid ``#rrggbb`` on any of the actor's rows), where a
user can change it. An actor without one gets a colour from a colour-blind-safe
palette (Paul Tol's "bright" and "muted" schemes) chosen by a hash of its name, moving
past colours the table gives to the actors shown, so it rarely changes when actors come
and go. When two actors shown together share a table colour, the one with fewer events
moves to a free colour. Past :data:`MAX_ACTORS` actors, the ones with
the fewest events share the "other" colour and one legend entry; the unknown actor is
always grey, so "unknown" never looks like a real attribution.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from strikemap.settings import data_dir

__all__ = [
    "MAX_ACTORS",
    "OTHER",
    "OTHER_COLOUR",
    "PALETTE",
    "UNKNOWN",
    "UNKNOWN_COLOUR",
    "actor_colours",
    "legend_entries",
    "shown_actor",
    "table_colours",
]

PALETTE: tuple[str, ...] = (
    "#4477AA",
    "#EE6677",
    "#228833",
    "#CCBB44",
    "#66CCEE",
    "#AA3377",
    "#332288",
    "#44AA99",
    "#999933",
    "#882255",
    "#DDCC77",
    "#CC6677",
)
"""Paul Tol's colour-blind-safe "bright" then "muted" colours (greys left out)."""

UNKNOWN = "(unknown)"
UNKNOWN_COLOUR = "#7f7f7f"
OTHER = "other"
OTHER_COLOUR = "#3a3a3a"
MAX_ACTORS = 10
"""Actors shown with their own colour; the rest (fewest events first) are "other"."""

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


@lru_cache(maxsize=4)
def _read_table(path: str) -> dict[str, str]:
    colours: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                actor = (row.get("actor") or "").strip()
                colour = (row.get("colour") or "").strip()
                if actor and not actor.startswith("#") and _HEX.fullmatch(colour):
                    colours.setdefault(actor, colour.upper())
    except OSError:
        return {}
    return colours


def table_colours(path: Path | None = None) -> dict[str, str]:
    """Return the colours the actor table sets, by actor (empty when it sets none)."""
    return dict(_read_table(str(path or data_dir() / "actors.csv")))


def _start(actor: str) -> int:
    return hashlib.sha256(actor.casefold().encode("utf-8")).digest()[0] % len(PALETTE)


def _spread(actors: Sequence[str], taken: set[str]) -> dict[str, str]:
    # Each actor without a table colour starts at the palette colour its name hashes to
    # and moves on past colours already taken, while free ones remain: its colour
    # depends on its name and on the table, not on which other actors exist.
    out: dict[str, str] = {}
    used = set(taken)
    for actor in sorted(actors, key=lambda a: (_start(a), a.casefold())):
        start = _start(actor)
        order = [PALETTE[(start + k) % len(PALETTE)] for k in range(len(PALETTE))]
        colour = next((c for c in order if c not in used), order[0])
        out[actor] = colour
        used.add(colour)
    return out


def actor_colours(
    actors: Sequence[str],
    counts: Mapping[str, int] | None = None,
    *,
    table: Mapping[str, str] | None = None,
    limit: int = MAX_ACTORS,
) -> dict[str, str]:
    """Return each actor's colour.

    Parameters
    ----------
    actors
        The actors to colour (the store's facets, so every page agrees).
    counts
        Events per actor; with more than ``limit`` named actors, all but the ``limit``
        with the most events get :data:`OTHER_COLOUR`. Without counts nobody is grouped.
    table
        Colours set by the actor table (default: :func:`table_colours`).
    limit
        How many actors keep their own colour.
    """
    fixed = table_colours() if table is None else table
    named = [a for a in actors if a != UNKNOWN]
    kept = set(named)
    if counts is not None and len(named) > limit:
        ranked = sorted(named, key=lambda a: (-counts.get(a, 0), a))
        kept = set(ranked[:limit])
    # The table may give two actors of different wars one colour; shown together, the
    # one with fewer events moves to a free colour, so the legend stays unambiguous.
    tabled: dict[str, str] = {}
    for actor in sorted(kept, key=lambda a: (-(counts or {}).get(a, 0), a)):
        colour = fixed.get(actor)
        if colour and colour not in tabled.values():
            tabled[actor] = colour
    spread = _spread([a for a in kept if a not in tabled], set(tabled.values()))
    colours = {a: tabled.get(a) or spread.get(a) or OTHER_COLOUR for a in named}
    colours[UNKNOWN] = UNKNOWN_COLOUR
    return colours


def shown_actor(actor: str, colours: Mapping[str, str]) -> str:
    """Return the name an actor is shown under: itself, or "other" when grouped."""
    return OTHER if colours.get(actor) == OTHER_COLOUR else actor


def legend_entries(actors: Sequence[str], colours: Mapping[str, str]) -> list[tuple[str, str]]:
    """Return (label, colour) legend rows: each kept actor, then "other (N)", then unknown."""
    rows: list[tuple[str, str]] = []
    n_other = 0
    for actor in actors:
        colour = colours.get(actor, UNKNOWN_COLOUR)
        if actor == UNKNOWN:
            continue
        if colour == OTHER_COLOUR:
            n_other += 1
        else:
            rows.append((actor, colour))
    if n_other:
        rows.append((f"{OTHER} ({n_other} actors)", OTHER_COLOUR))
    if UNKNOWN in actors:
        rows.append((UNKNOWN, UNKNOWN_COLOUR))
    return rows
