"""Place names in Ukrainian and Russian sentences.

A run of capitalised words (with a following area word such as "область", "району") is
looked up under every nominative form of its words
(:func:`strikemap.extract.lang.morph.word_forms`): "у Харкові" -> "Харків",
"Хмельницької області" -> "Хмельницька область", "під Ізюмом" -> "Ізюм". Region names
made with a suffix ("на Донеччині") name their oblast, a district or front sector named
after a town ("Харківському районі", "на Бахмутському напрямку") lies around the town,
and words that open a clause, quoted words and street names are passed over.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from strikemap.extract.lang import LanguagePack
from strikemap.extract.lang.morph import is_noun, word_forms
from strikemap.extract.lang.normal import normalise
from strikemap.extract.ml_place_lookup import (
    AREA_KINDS,
    POPULATED_KINDS,
    NameCache,
    NamedPlace,
    Span,
    any_place,
    gazetteer_ids,
    is_report_word,
    name_cache,
    names_a_country,
    places_of,
    prefetch_names,
)
from strikemap.extract.ml_regions import region_of_capital, towns_of_adjective
from strikemap.gazetteer.base import GazetteerLike

_CYR_TOKEN = re.compile(r"[^\W\d_][\w'’ʼ]*(?:-[\w'’ʼ]+)*")
_MAX_RUN = 3
_MAX_COMBOS = 16
_MAX_NAMES = 60
_STREET_WORDS = (
    "вулиц", "вул", "проспект", "просп", "провул", "бульвар", "площ", "шосе", "набережн",
    "улиц", "ул", "переул", "шоссе",
)  # fmt: skip
"""Beginnings of the words for a street, lower case (Ukrainian, then Russian)."""
"""Capitalised words beyond which a Cyrillic "sentence" is not read for places."""
# Words after which a capitalised word is a place (Ukrainian and Russian prepositions).
_CYR_LOCATIVE = frozenset(
    """у в во на під біля поблизу до по з із від над под около возле вблизи из со ко район
    районі місто місті селі село селище селищі смт пгт город городе поселок поселке""".split()  # noqa: SIM905 (a word list reads better as text)
)


def _title(form: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in form.split("-"))


_Tokens = list[tuple[int, int, str]]
_Runs = dict[tuple[int, int], list[tuple[str, bool]]]
"""The names of runs of words, by their first and last token."""


def cyrillic_places(
    text: str, sentences: list[Span], pack: LanguagePack, gazetteer: GazetteerLike
) -> list[list[NamedPlace]]:
    """Return the places each of the Cyrillic ``sentences`` names, sentence by sentence."""
    cache = name_cache(gazetteer)
    read: list[tuple[int, _Tokens, _Runs] | None] = []
    for start, end, skip in sentences:
        toks = [(m.start(), m.end(), m.group()) for m in _CYR_TOKEN.finditer(text, start, end)]
        if skip:
            toks = [t for t in toks if not any(a <= t[0] < b for a, b in skip)]
        if sum(_name_like(w) for _s, _e, w in toks) > _MAX_NAMES:
            # Not a sentence but a list or garbage (a post without stops, mixed
            # scripts): reading every capitalised word costs time and finds chance
            # hamlets.
            read.append(None)
            continue
        read.append((start, toks, _all_candidates(toks, pack, text)))
    names = [n for r in read if r for run in r[2].values() for n, _d in run]
    prefetch_names(gazetteer, names, cache)
    return [
        _cyrillic_sentence(text, *r, pack, gazetteer, cache) if r is not None else [] for r in read
    ]


def _cyrillic_sentence(
    text: str,
    start: int,
    toks: _Tokens,
    runs: _Runs,
    pack: LanguagePack,
    gazetteer: GazetteerLike,
    cache: NameCache,
) -> list[NamedPlace]:
    """Return the places of one sentence from its tokens and its runs' names."""
    out: list[NamedPlace] = []
    i = 0
    while i < len(toks):
        word = toks[i][2]
        quoted = toks[i][0] > 0 and text[toks[i][0] - 1] in _QUOTES
        # A name in quotation marks names a thing: a ship ("Москва"), a plant, an
        # operation; a front-line direction names no place.
        if word.isupper() and word.lower() in pack.region_forms:
            # "в ДНР": an acronym that names an area.
            region = pack.region_forms[word.lower()]
            ids = gazetteer_ids(gazetteer, region, cache)
            if ids:
                out.append(NamedPlace(toks[i][0], toks[i][1], region, ids))
            i += 1
            continue
        if not _name_like(word) or quoted:
            i += 1
            continue
        before = toks[i - 1][2].lower() if i > 0 else ""
        if _LATIN_WORD.fullmatch(word) and before not in _CYR_LOCATIVE:
            # A name in Latin letters in a Cyrillic report is written as its owner writes
            # it: an outlet ("The Washington Post"), a ship ("Sukru Okan"), a firm. The
            # report writes places in its own letters, unless one follows "у", "біля"...
            i += 1
            while i < len(toks) and _LATIN_WORD.fullmatch(toks[i][2]):
                i += 1
            continue
        if before.startswith(_STREET_WORDS):
            # "на проспекті Індустріальному", "улица Ленина": a street's name, not the
            # village of that name; its further words too.
            i += 1
            while i < len(toks) and _name_like(toks[i][2]):
                i += 1
            continue
        if _names_a_direction(toks, i, pack):
            sector = _sector_of_town(toks, i, pack, gazetteer, cache)
            if sector is not None:
                out.append(sector)
            i += 2 if sector is not None else 1
            continue
        if before not in _CYR_LOCATIVE and is_report_word(normalise(word, pack.code), pack):
            # "Атаки ЗСУ по ...", "Удар по ...": a strike word opening a clause, not the
            # village of that name.
            i += 1
            continue
        opening = _opens_sentence(text, start, toks[i][0])
        hit = _longest_name(toks, i, pack, gazetteer, cache, text, before, opening, runs)
        if hit is not None:
            j, readings = hit
            name, ids = readings[0]
            if not names_a_country(gazetteer, ids):
                # ("у Росії": a country is not where a strike fell, nor the hamlet of
                # that name.)
                others = tuple(n for n, gazetteer_ids in readings[1:])
                out.append(NamedPlace(toks[i][0], toks[j][1], name, ids, readings=others))
            i = j + 1
            continue
        district = _district_of_town(toks, i, pack, gazetteer, cache)
        if district is not None:
            out.append(district)
            i += 2
            continue
        if before in _CYR_LOCATIVE and not word.isupper() and not opening:
            # "у Сватовому": written where a place stands, in no gazetteer form.
            forms = word_forms(word, pack.code)
            name = _title(forms[0][0]) if forms else word
            out.append(NamedPlace(toks[i][0], toks[i][1], name, (), known=False))
        i += 1
    return out


def _continues_name(word: str, pack: LanguagePack) -> bool:
    """Return whether a word may continue a name.

    A name-like word, an area word, or a facility's acronym ("Запорізька АЕС", a name
    the gazetteer holds whole).
    """
    return (
        _name_like(word)
        or _area_word(word, pack) is not None
        or (word.isupper() and word.lower().startswith(pack.facility_words))
    )


def _all_candidates(toks: _Tokens, pack: LanguagePack, text: str) -> _Runs:
    """Return the names of every run of words :func:`_longest_name` may look up.

    Keyed by the run's first and last token; the values are :func:`_run_names`'s.
    """
    out: _Runs = {}
    for i in range(len(toks)):
        if not _may_start_name(toks, i, pack, text):
            continue
        for j in range(i, _run_end(toks, i, pack, text) + 1):
            nxt = _next_word(toks, j, text)
            out[(i, j)] = _run_names(toks[i : j + 1], pack, nxt)
    return out


def _run_end(toks: _Tokens, i: int, pack: LanguagePack, text: str) -> int:
    """Return the last token of the longest run a name starting at token i may span.

    The run goes on over words only spaces part that may continue a name, up to
    :data:`_MAX_RUN` words.
    """
    last = i
    for k in range(i + 1, min(i + _MAX_RUN, len(toks))):
        gap = text[toks[k - 1][1] : toks[k][0]]
        if gap.strip(" ") or not _continues_name(toks[k][2], pack):
            break
        last = k
    return last


def _may_start_name(toks: _Tokens, i: int, pack: LanguagePack, text: str) -> bool:
    """Return whether :func:`_cyrillic_sentence` may look word i up as a name's first word.

    It passes over an acronym of a region, a word not written like a name, a quoted
    one, a front sector's adjective and a strike word opening a clause, whatever the
    gazetteer holds: their runs' names are not worth a look-up in advance.
    """
    word = toks[i][2]
    if word.isupper() and word.lower() in pack.region_forms:
        return False
    if not _name_like(word) or (toks[i][0] > 0 and text[toks[i][0] - 1] in _QUOTES):
        return False
    if _names_a_direction(toks, i, pack):
        return False
    before = toks[i - 1][2].lower() if i > 0 else ""
    return before in _CYR_LOCATIVE or not is_report_word(normalise(word, pack.code), pack)


def _next_word(toks: list[tuple[int, int, str]], j: int, text: str) -> str:
    """Return the word after token j when only spaces part them ("" across punctuation).

    "у Кропивницькому: усі подробиці": a word past a colon or a comma is no noun the
    name agrees with.
    """
    if j + 1 >= len(toks) or text[toks[j][1] : toks[j + 1][0]].strip(" "):
        return ""
    return toks[j + 1][2]


def _district_of_town(
    toks: list[tuple[int, int, str]],
    i: int,
    pack: LanguagePack,
    gazetteer: GazetteerLike,
    cache: NameCache,
) -> NamedPlace | None:
    """Read "Харківському районі" that the gazetteer lacks as a district around its town.

    The district is reported unresolved, with its town as the anchor that places it
    (see :func:`strikemap.extract.events._anchor_fallback`): near the town, with the
    relation's margin, not at the town's point as if it were the town.
    """
    if i + 1 >= len(toks) or _area_word(toks[i + 1][2], pack) != "район":
        return None
    town = _town_of_adjective(toks[i][2], pack, gazetteer, cache, _TOWN_PEOPLE)
    if town is None:
        return None
    form, name, ids = town
    return NamedPlace(
        toks[i][0], toks[i + 1][1], f"{_title(form)} {pack.area_words['район']}", (),
        known=False, anchor=(name, ids, "surroundings"),
    )  # fmt: skip


_SECTOR_TOWN_PEOPLE = 15_000
"""People a town needs for a front sector named after it ("Бахмутський напрямок") to be
read as its surroundings: sectors bear the names of the front's larger towns, while a
smaller namesake ("Таврійськ") is seldom the sector's town."""


def _sector_of_town(
    toks: list[tuple[int, int, str]],
    i: int,
    pack: LanguagePack,
    gazetteer: GazetteerLike,
    cache: NameCache,
) -> NamedPlace | None:
    """Read "на Бахмутському напрямку" as the surroundings of the town it is named after.

    A front sector is no place the gazetteer holds; it is reported unresolved with its
    town as the anchor (the town's surroundings, with the relation's margin).
    """
    if i + 1 >= len(toks) or not toks[i + 1][2].lower().startswith(_SECTOR_WORDS):
        return None
    town = _town_of_adjective(toks[i][2], pack, gazetteer, cache, _SECTOR_TOWN_PEOPLE)
    if town is None:
        return None
    form, name, ids = town
    sector = next((f for f, g in word_forms(toks[i + 1][2], pack.code) if g is None), "")
    return NamedPlace(
        toks[i][0], toks[i + 1][1], f"{_title(form)} {sector or toks[i + 1][2]}", (),
        known=False, anchor=(name, ids, "surroundings"),
    )  # fmt: skip


_SECTOR_WORDS = ("напрям", "направлени")


def _town_of_adjective(
    word: str, pack: LanguagePack, gazetteer: GazetteerLike, cache: NameCache, people: int
) -> tuple[str, str, tuple[str, ...]] | None:
    """Return (adjective, town name, ids) of the town of ``people`` an adjective names."""
    for form, gender in word_forms(word, pack.code):
        if gender != "masc":
            continue
        for town in towns_of_adjective(form):
            ids = gazetteer_ids(gazetteer, _title(town), cache)
            if ids and _is_town(gazetteer, ids, people):
                return form, _title(town), ids
    return None


def _names_a_direction(toks: list[tuple[int, int, str]], i: int, pack: LanguagePack) -> bool:
    """Whether the word names a front line ("на Таврійському напрямку"), not a place."""
    if i + 1 >= len(toks):
        return False
    nxt = toks[i + 1][2].lower()
    return nxt.startswith(_DIRECTION_WORDS)


_DIRECTION_WORDS = ("напрям", "направлени", "фронт", "угрупован", "группировк")
_QUOTES = frozenset("«\"“„'‘")
_OPENERS = frozenset("«\"“„'(—–-:|")
_MIN_PEOPLE = 1000


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
"""A word in Latin letters only."""


def _opens_sentence(text: str, start: int, pos: int) -> bool:
    """Return whether the word at ``pos`` opens its sentence (or a quote, a clause)."""
    head = text[start:pos].rstrip()
    return not head or head[-1] in _OPENERS


def _plain_name_ok(gazetteer: GazetteerLike, ids: tuple[str, ...], opening: bool) -> bool:
    """Whether a one-word name, not introduced as a place, is read as one.

    Mid-sentence a capitalised word is a name: any populated place or area will do.
    Opening a sentence it may be a common word, so it needs a place of at least
    :data:`_MIN_PEOPLE` people or an area.
    """
    for p in places_of(gazetteer, ids[:12]):
        if p.kind in AREA_KINDS or p.kind == "admin1":
            return True
        if p.kind in POPULATED_KINDS and (not opening or p.population >= _MIN_PEOPLE):
            return True
    return False


def _name_like(word: str) -> bool:
    """Return whether a word may start a place name: capitalised, not an acronym."""
    return word[:1].isupper() and not (word.isupper() and len(word) <= 5)


def _longest_name(
    toks: list[tuple[int, int, str]],
    i: int,
    pack: LanguagePack,
    gazetteer: GazetteerLike,
    cache: NameCache,
    text: str,
    before: str,
    opening: bool,
    runs: _Runs,
) -> tuple[int, list[tuple[str, tuple[str, ...]]]] | None:
    """Return the last token and the readings of the longest gazetteer name at token i.

    The readings are the (name, ids) the words may stand for, likeliest first.

    One word not written where a place stands (after "у", "під", ...) is read as a
    name only when it may be one: see :func:`_plain_name_ok`.
    """
    last = _run_end(toks, i, pack, text)
    placed = before in _CYR_LOCATIVE
    for j in range(last, i - 1, -1):
        names = runs.get((i, j))
        if names is None:
            names = _run_names(toks[i : j + 1], pack, _next_word(toks, j, text))
        readings: list[tuple[str, tuple[str, ...]]] = []
        for name, derived in names:
            ids = gazetteer_ids(gazetteer, name, cache)
            if not ids and (j > i or name in pack.region_forms.values()):
                # "Курської області": a region the gazetteer knows by its capital only.
                region = _region(name, gazetteer, cache)
                if region is not None and region not in readings:
                    readings.append(region)
                    continue
            if not ids:
                continue
            if derived and (opening or not _is_town(gazetteer, ids)):
                # A name made from an adjective ("Кременчуцькому НПЗ" -> Kremenchuk)
                # is a guess at the word's origin: only a town of some size, and never
                # an adjective opening a sentence ("Українська авіація").
                continue
            if (
                j == i
                and not derived
                and not placed
                and not _plain_name_ok(gazetteer, ids, opening)
            ):
                continue
            readings.append((name, ids))
        if readings:
            # One inflected word may stand for a village and a town ("у Кропивницькому":
            # the village Кропивницьке or the city Кропивницький): a town of some size is
            # the likelier reading, as a name a report writes without qualification.
            readings.sort(key=lambda r: not _is_town(gazetteer, r[1]))
            return j, readings
    return None


_TOWN_PEOPLE = 10_000


def _region(
    name: str, gazetteer: GazetteerLike, cache: NameCache
) -> tuple[str, tuple[str, ...]] | None:
    """Return the reading and ids of a region named by its capital's adjective, if any."""
    return region_of_capital(
        name, lambda n: gazetteer_ids(gazetteer, n, cache), lambda ids: places_of(gazetteer, ids)
    )


def _is_town(gazetteer: GazetteerLike, ids: tuple[str, ...], people: int = _TOWN_PEOPLE) -> bool:
    return any_place(
        gazetteer, ids, 12, lambda p: p.kind in POPULATED_KINDS and p.population >= people
    )


def _is_common_noun(word: str, pack: LanguagePack) -> bool:
    """Return whether a word is a lower-case noun (one an adjective before it may modify)."""
    return bool(word) and word[:1].islower() and is_noun(word, pack.code)


@lru_cache(maxsize=8)
def _area_heads(code: str, words: tuple[str, ...]) -> frozenset[str]:
    """Return the first three letters of a language's area words ("обл", "рай")."""
    return frozenset(w[:3] for w in words)


def _area_word(word: str, pack: LanguagePack) -> str | None:
    """Return the area an area word names ("областю" -> "область"), else ``None``."""
    if word[:3].lower() not in _area_heads(pack.code, tuple(pack.area_words)):
        # Most words are no area word: spare them the dictionary look-up.
        return None
    for form, _gender in word_forms(word, pack.code):
        if form in pack.area_words:
            return pack.area_words[form]
    low = word.lower().rstrip(".")
    return pack.area_words.get(low)


_run_memo: dict[tuple[str, ...], list[tuple[str, bool]]] = {}
""":func:`_run_names`' answers by language, next word and the run's words."""


def _run_names(
    run: list[tuple[int, int, str]], pack: LanguagePack, nxt: str = ""
) -> list[tuple[str, bool]]:
    """Return :func:`_read_run`'s names of a run of words (kept: names recur).

    The list is shared: callers must not change it.
    """
    # (Only a one-word run's names depend on the word after it.)
    key = (pack.code, nxt if len(run) == 1 else "", *(w for _s, _e, w in run))
    names = _run_memo.get(key)
    if names is None:
        if len(_run_memo) > 100_000:
            _run_memo.clear()
        names = _run_memo[key] = _read_run(run, pack, nxt)
    return names


def _read_run(
    run: list[tuple[int, int, str]], pack: LanguagePack, nxt: str = ""
) -> list[tuple[str, bool]]:
    """Return the nominative names a run of words may stand for, likeliest first.

    Each comes with whether it is *derived*: read from an adjective (a city named like
    an adjective, "Кропивницький"; a town's adjective before a facility, "Бердянський
    порт"), not from a noun or a village's neuter name. ``nxt`` is the word after a
    one-word run: an adjective that agrees with a common noun after it ("Херсонській
    авіабазі", "Чорноморський флот") is no village's name, and it names its town only
    before a facility (``FACILITY_WORDS``).
    """
    if len(run) == 1:
        word = run[0][2]
        names: list[tuple[str, bool]] = []
        forms = word_forms(word, pack.code)
        # Whether the word agrees with a noun after it matters only for its adjective
        # readings: nouns' forms spare the dictionary look-up of the next word.
        facility = bool(nxt) and nxt.lower().startswith(pack.facility_words)
        # An adjective before a facility word modifies it ("Запорізькій АЕС"), even an
        # acronym the dictionary does not call a noun: no village's neuter name.
        modifies = any(g is not None for _f, g in forms) and (
            facility or _is_common_noun(nxt, pack)
        )
        # A word that agrees as an adjective with a common noun after it ("Українська
        # авіація") modifies that noun; that it is also a town's genitive ("Українськ")
        # is a guess at the word's origin, like a name made from an adjective.
        guessed_noun = modifies and not facility
        for form, gender in forms:
            region = pack.region_forms.get(form)
            if region:
                names.append((region, False))
            elif gender is None:
                names.append((_title(form), guessed_noun))
            elif not modifies:
                names.append((_title(form), gender != "neut"))
        if facility:
            # The adjective agrees with the facility word ("Херсонській авіабазі",
            # feminine): each gendered form is made from the town's name.
            for form, gender in forms:
                if gender is not None:
                    names.extend((_title(t), True) for t in towns_of_adjective(form))
        # As written last: a form the gazetteer happens to hold ("Львове") is not
        # the name when a dictionary form is; an adjective as written is derived.
        if not (modifies and forms and all(g is not None for _f, g in forms)):
            names.append((word, bool(forms) and all(g is not None for _f, g in forms)))
        seen: dict[str, bool] = {}
        for name, derived in names:
            seen.setdefault(name, derived)
        return list(seen.items())
    area = _area_word(run[-1][2], pack)
    options: list[list[str]] = []
    for k, (_s, _e, word) in enumerate(run):
        if k == len(run) - 1 and area is not None:
            options.append([area])
            continue
        forms = word_forms(word, pack.code)
        if area == "область":  # feminine: "Хмельницька область"
            forms = tuple(sorted(forms, key=lambda f: f[1] != "femn"))
        options.append(list(dict.fromkeys([word, *(_title(f) for f, _ in forms)])))
    combos = itertools.islice(itertools.product(*options), _MAX_COMBOS)
    return [(name, False) for name in dict.fromkeys(" ".join(c) for c in combos)]
