"""Regions named after their capital, read in Ukrainian and Russian.

Most oblasts and krais are named by the adjective of their capital ("Курська область"
from Курськ, "Воронезька область" from Воронеж, "Краснодарський край" from Краснодар).
The gazetteer knows the capitals' Cyrillic names (GeoNames' alternate names) but often
only the English names of regions outside Ukraine ("Kursk", "Krasnodarskiy"). A region
the gazetteer does not hold under its Cyrillic name is read here as the first-level area
of the town its adjective is made from, when that area is named after that town: no hand
list of regions, and nothing found when the adjective names no town of some size.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from anyascii import anyascii
from rapidfuzz import fuzz

from strikemap.model import Place

__all__ = ["REGION_AREA_WORDS", "region_of_capital", "towns_of_adjective"]

REGION_AREA_WORDS = frozenset({"область", "край"})
"""Nominative area words of first-level regions named by an adjective."""

_ADJ_SUFFIX = (
    "ський", "ська", "ське", "ский", "ская", "ское",
    "цький", "цька", "цкий", "цкая", "зький", "зька",
)  # fmt: skip
# Consonants that change before the adjective suffix ("Кременчук" -> "кременчуцький",
# "Калуга" -> "калузька" / "калужская", "Воронеж" -> "воронезька").
_SOFTENED = {"ц": ("к",), "ч": ("к",), "з": ("ж", "г", "га"), "ж": ("г", "га")}
_CAPITAL_PEOPLE = 10_000
"""Fewest inhabitants of a town whose adjective names a region (regional capitals are
larger; a hamlet of the same stem is no region's capital)."""
_NAMED_AFTER = 80
"""Least partial similarity (0-100) of the town's and the area's Latin names for the
area to count as named after the town ("Bryansk" / "Brjansk", "Krasnodar" /
"Krasnodarskiy"); St Petersburg's area is not "Leningrad Oblast"."""


def towns_of_adjective(form: str) -> list[str]:
    """Return the town names an adjective may be made from ("бердянський" -> "бердянськ").

    The town is the stem with "-ськ", the bare stem, the stem with "-а" or "-ь", or
    with a softened final consonant restored ("донецька" -> "донецьк", "калузька" ->
    "калуга").
    """
    for suffix in _ADJ_SUFFIX:
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            stem = form[: -len(suffix)]
            if suffix[0] in "цз":
                stem += suffix[0]
            # "одеський" <- "Одеса": the name's own "с" merged into the suffix.
            out = [stem + "ськ", stem + "ск", stem, stem + "а", stem + "ь", stem + "са"]
            if stem[-1] == "ц":
                out += [stem + "ьк", stem + "к"]  # "донецька", "липецкая"
            out += [stem[:-1] + alt for alt in _SOFTENED.get(stem[-1], ())]
            return list(dict.fromkeys(out))
    return []


def region_of_capital(
    name: str,
    ids_of: Callable[[str], tuple[str, ...]],
    places_of: Callable[[tuple[str, ...]], Iterable[Place]],
) -> tuple[str, tuple[str, ...]] | None:
    """Return the reading and ids of the region a name made from its capital stands for.

    Parameters
    ----------
    name
        A nominative region name of an adjective and an area word ("Курська область").
    ids_of
        The place ids of a name the gazetteer holds whole (``()`` when none).
    places_of
        The gazetteer's places of some ids.

    Returns
    -------
    tuple or None
        ``("Kursk province", ids)``: the area's gazetteer name with a kind word the
        resolver reads as a first-level area, and the area's ids; ``None`` when the
        adjective names no town of :data:`_CAPITAL_PEOPLE` inhabitants or more whose
        first-level area is named after it.
    """
    words = name.lower().split()
    if len(words) != 2 or words[1] not in REGION_AREA_WORDS:
        return None
    best: tuple[int, Place] | None = None
    for town in towns_of_adjective(words[0]):
        for place in places_of(ids_of(town[:1].upper() + town[1:])):
            if place.kind not in ("city", "town") or place.population < _CAPITAL_PEOPLE:
                continue
            area = _area_named_after(town, place, ids_of, places_of)
            if area is not None and (best is None or place.population > best[0]):
                best = (place.population, area)
    if best is None:
        return None
    return f"{best[1].name} province", (best[1].id,)


def _area_named_after(
    written: str,
    town: Place,
    ids_of: Callable[[str], tuple[str, ...]],
    places_of: Callable[[tuple[str, ...]], Iterable[Place]],
) -> Place | None:
    """Return the first-level area a town lies in when it is named after the town.

    Named after the town *as the adjective writes it*: "Ленінградська" is made from
    St Petersburg's former name, and the city's own area is not Leningrad Oblast.
    """
    if not town.admin1:
        return None
    if fuzz.partial_ratio(_letters(anyascii(written)), _letters(town.admin1)) < _NAMED_AFTER:
        return None
    return next(
        (
            p
            for p in places_of(ids_of(town.admin1))
            if p.kind == "admin1" and p.country == town.country and p.admin1 == town.admin1
        ),
        None,
    )


def _letters(name: str) -> str:
    """Return a Latin name's letters, lower case (soft signs and hyphens dropped)."""
    return re.sub(r"[^a-z]", "", name.lower())
