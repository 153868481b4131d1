"""What the multilingual place readers share: the named place, and gazetteer look-ups.

:class:`NamedPlace` is a place named in a sentence. The look-ups remember, per
gazetteer, the ids a name spots to and the places behind them (:func:`gazetteer_ids`,
:func:`places_of`), spot many names in one call (:func:`prefetch_names`,
:func:`spot_each`), and tell a report's own words (strike, toll and actor words) from
names (:func:`is_report_word`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from strikemap.extract.gazetteer_memo import PerGazetteer
from strikemap.extract.lang import LanguagePack
from strikemap.gazetteer.base import GazetteerLike, Mention
from strikemap.model import Place


@dataclass(slots=True)
class NamedPlace:
    """A place named in a sentence (offsets index the report text).

    ``name`` is the form the gazetteer knows it by ("Харків" for "Харкові"); ``known``
    is false for a name written where a place stands ("у Сватовому") that the gazetteer
    does not hold under any form: it is reported unresolved, not dropped.
    """

    start: int
    end: int
    name: str
    place_ids: tuple[str, ...]
    known: bool = True
    kind_hint: str | None = None
    admin_hint: str | None = None
    qualifier: bool = False
    """Written as the area around another place ("بريف إدلب", "جنوبي إدلب")."""
    anchor: tuple[str, tuple[str, ...], str] | None = None
    """For an unknown district named after its town ("в Харьковском районе"): the town,
    its ids and the relation, which place the district around the town."""
    readings: tuple[str, ...] = ()
    """Other gazetteer names the same words may stand for, likeliest first ("Дубна" for
    "Дубно"): tried in turn when ``name`` does not resolve."""


AREA_KINDS = frozenset({"admin1", "admin2", "region", "district"})

NameCache = dict[str, tuple[str, ...]]
name_cache: PerGazetteer[str, tuple[str, ...]] = PerGazetteer()
"""The place ids of each name a gazetteer spots whole (see :func:`gazetteer_ids`)."""


def gazetteer_ids(gazetteer: GazetteerLike, name: str, cache: NameCache) -> tuple[str, ...]:
    """Return the place ids of ``name`` when the gazetteer spots it whole, else ``()``."""
    ids = cache.get(name)
    if ids is None:
        ms = gazetteer.spot(name)
        ids = (
            ms[0].place_ids if len(ms) == 1 and ms[0].start == 0 and ms[0].end == len(name) else ()
        )
        if len(cache) > 200_000:
            cache.clear()
        cache[name] = ids
    return ids


_place_cache: PerGazetteer[str, Place | None] = PerGazetteer()
"""Each id's place (``None``: the gazetteer has none) per gazetteer object."""


def places_of(gazetteer: GazetteerLike, ids: tuple[str, ...]) -> Iterator[Place]:
    """Yield the gazetteer's places of ``ids`` (those it has), in order.

    A place never changes within one gazetteer object, and the same few hundred names
    recur report after report: each id is read from the gazetteer once.
    """
    cache = _place_cache(gazetteer)
    for pid in ids:
        if pid in cache:
            place = cache[pid]
        else:
            try:
                place = gazetteer.get(pid)
            except KeyError:
                place = None
            if len(cache) > 200_000:
                cache.clear()
            cache[pid] = place
        if place is not None:
            yield place


_SEPARATOR = " | zq | "
"""What parts names (or sentences) spotted in one pass. Punctuation folds to spaces,
which would let a name run on into the next one; "zq" stays a word, lower-case Latin,
that neither starts nor continues a name nor is a kind cue a name's check looks at, so
each part is spotted as it is spotted alone."""


def prefetch_names(gazetteer: GazetteerLike, names: list[str], cache: NameCache) -> None:
    """Look up many candidate names with one spotting pass.

    A pass costs about the same for one name as for twenty; the answers are those
    :func:`gazetteer_ids` gives one by one.
    """
    todo = [n for n in dict.fromkeys(names) if n not in cache and "|" not in n]
    if len(todo) < 2:
        return
    for n, ms in zip(todo, spot_each(gazetteer, todo), strict=True):
        cache[n] = ms[0].place_ids if len(ms) == 1 and ms[0].end - ms[0].start == len(n) else ()


def spot_each(gazetteer: GazetteerLike, texts: list[str]) -> list[list[Mention]]:
    """Return what :meth:`GazetteerLike.spot` finds in each text, with one spotting pass.

    Offsets index each text; the texts are joined with :data:`_SEPARATOR`.
    """
    if len(texts) == 1:
        return [gazetteer.spot(texts[0])]
    starts: list[int] = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + len(_SEPARATOR)
    out: list[list[Mention]] = [[] for _ in texts]
    for m in gazetteer.spot(_SEPARATOR.join(texts)):
        k = bisect_right(starts, m.start) - 1
        off = starts[k]
        out[k].append(Mention(m.start - off, m.end - off, m.surface, m.place_ids))
    return out


Span = tuple[int, int, list[tuple[int, int]]]
"""A sentence's start and end in the report, and the spans in it that hold no place."""
POPULATED_KINDS = frozenset({"city", "town", "village"})


_report_words: dict[tuple[str, str], bool] = {}
""":func:`is_report_word`'s answers by language and word (one pack per language)."""


def is_report_word(word: str, pack: LanguagePack) -> bool:
    """Return whether a word is one of the language's strike, toll or actor words.

    Each capitalised word is asked about twice (when its runs' names are gathered and
    when the sentence is read), and the same words recur report after report: the
    answer is kept.
    """
    key = (pack.code, word)
    known = _report_words.get(key)
    if known is None:
        if len(_report_words) > 100_000:
            _report_words.clear()
        known = _report_words[key] = _matches_report_word(word, pack)
    return known


def _matches_report_word(word: str, pack: LanguagePack) -> bool:
    for pattern in (pack.strong, pack.weak, pack.killed, pack.wounded):
        m = pattern.match(word)
        if m and m.end() == len(word):
            return True
    return any((m := p.match(word)) and m.end() == len(word) for p, _a in pack.actors)


def any_place(
    gazetteer: GazetteerLike, ids: tuple[str, ...], first: int, test: Callable[[Place], bool]
) -> bool:
    """Return whether one of the ``first`` places a name may mean passes ``test``."""
    return any(test(place) for place in places_of(gazetteer, ids[:first]))


_country_names: PerGazetteer[tuple[str, ...], bool] = PerGazetteer()
""":func:`names_a_country`'s answers per gazetteer object."""


def names_a_country(gazetteer: GazetteerLike, ids: tuple[str, ...]) -> bool:
    """Return whether a name's places (the first 48 of ``ids``) include a country.

    Asked of each name the report reads and again of each mention in its country
    votes: kept per gazetteer, like the places themselves.
    """
    cache = _country_names(gazetteer)
    known = cache.get(ids)
    if known is None:
        if len(cache) > 200_000:
            cache.clear()
        known = cache[ids] = any_place(gazetteer, ids, 48, lambda p: p.kind == "country")
    return known


def has_people(gazetteer: GazetteerLike, ids: tuple[str, ...]) -> bool:
    """Return whether a name is a town with inhabitants on record or an area."""
    return any_place(
        gazetteer, ids, 8, lambda p: p.population >= 10_000 or p.kind in ("admin1", "country")
    )
