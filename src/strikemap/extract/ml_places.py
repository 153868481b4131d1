"""Place names in Ukrainian, Russian and Arabic sentences, read as gazetteer names.

The gazetteer holds names as dictionaries write them: Cyrillic in the nominative
("Харків", "Хмельницька область"), Arabic without clitics ("إدلب"). Reports inflect
them and glue particles to them, so each language reads a sentence its own way:

* **Ukrainian, Russian**: a run of capitalised words (with a following area word such
  as "область", "району") is looked up under every nominative form of its words
  (:func:`strikemap.extract.lang.morph.word_forms`): "у Харкові" -> "Харків",
  "Хмельницької області" -> "Хмельницька область", "під Ізюмом" -> "Ізюм". Region
  names made with a suffix ("на Донеччині") name their oblast (``REGION_FORMS``).
* **Arabic**: the gazetteer's own spotter reads Arabic script, folds letter variants and
  tries a name without a one-letter proclitic ("بإدلب"); hashtags' underscores are
  read as spaces. Arabic has no capitals to tell a name from a word, so a name counts
  only where the text treats it as a place: after a place word or preposition ("في",
  "بلدة", "قرية", "ريف", ...), in a hashtag, or when it is a name of several words or a
  town with inhabitants on record.

A name is a gazetteer name when the gazetteer spots it whole; which place it is, is
left to the resolver (:meth:`GazetteerLike.resolve`), as for English.
"""

from __future__ import annotations

import itertools

from strikemap.extract.lang import LanguagePack
from strikemap.extract.ml_place_lookup import (
    AREA_KINDS,
    POPULATED_KINDS,
    NamedPlace,
    Span,
    any_place,
    names_a_country,
)
from strikemap.extract.ml_places_arabic import arabic_places
from strikemap.extract.ml_places_cyrillic import cyrillic_places
from strikemap.gazetteer.base import GazetteerLike

__all__ = ["NamedPlace", "Span", "find_places", "find_places_in", "names_a_country"]


def find_places(
    text: str,
    start: int,
    end: int,
    pack: LanguagePack,
    gazetteer: GazetteerLike,
    skip: list[tuple[int, int]] | None = None,
) -> list[NamedPlace]:
    """Return the places named in ``text[start:end]`` (one sentence), in text order.

    Parameters
    ----------
    text
        The report text.
    start, end
        The sentence's span.
    pack
        The sentence's language tables.
    gazetteer
        Any gazetteer.
    skip
        Spans (report offsets) holding no place: actor names ("Сили оборони").
    """
    return find_places_in(text, [(start, end, skip or [])], pack, gazetteer)[0]


def find_places_in(
    text: str, sentences: list[Span], pack: LanguagePack, gazetteer: GazetteerLike
) -> list[list[NamedPlace]]:
    """Return the places named in each of a report's sentences, as :func:`find_places`.

    The gazetteer is asked about all the sentences' names in one spotting pass: a
    pass costs much the same for one sentence as for a report's ten.
    """
    if pack.code == "ar":
        found = arabic_places(text, sentences, pack, gazetteer)
    else:
        found = cyrillic_places(text, sentences, pack, gazetteer)
    for places in found:
        _admin_hints(places, text, gazetteer)
    return found


def _admin_hints(found: list[NamedPlace], text: str, gazetteer: GazetteerLike) -> None:
    """Give a place the area written right after it ("Ізюм Харківської області")."""
    for a, b in itertools.pairwise(found):
        if b.start - a.end > 24 or not b.known:
            continue
        gap = text[a.end : b.start]
        if "." in gap or ";" in gap:
            continue
        if _is_area(gazetteer, b.place_ids) and _is_populated(gazetteer, a.place_ids):
            a.admin_hint = b.name


def _is_populated(gazetteer: GazetteerLike, ids: tuple[str, ...]) -> bool:
    """Return whether a name may be a town or village (also when a district bears it)."""
    return any_place(gazetteer, ids, 12, lambda p: p.kind in POPULATED_KINDS)


def _is_area(gazetteer: GazetteerLike, ids: tuple[str, ...]) -> bool:
    return any_place(gazetteer, ids, 4, lambda p: p.kind in AREA_KINDS)
