"""Read a strike report written in Ukrainian, Russian or Arabic.

The same outputs as the English reader (:mod:`strikemap.extract.events`): one event per
(place, date, actor) with every claim about it, unresolved places reported, the quote
and span of each claim kept as evidence in the report's own language. The reading is
simpler than English's: a sentence is a strike sentence when it holds a strike trigger
(or a weaker word with a striking actor), and every place it names is a strike place.
Places are resolved by the same gazetteer and resolver as English, with the report's
country focus; the map then shows the gazetteer's (English) name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from strikemap.datelines import Dateline
from strikemap.extract.dates import DateMention
from strikemap.extract.folding import PendingStrike, fold_events
from strikemap.extract.lang import MULTILINGUAL, LanguagePack, language_pack
from strikemap.extract.lang.normal import normalise, original_offset
from strikemap.extract.ml_claims import actor_spans, alias_matches, find_actor, find_tolls
from strikemap.extract.ml_dates import MlDate, find_date
from strikemap.extract.ml_places import NamedPlace, Span, find_places_in, names_a_country
from strikemap.extract.page_dates import page_date_line
from strikemap.extract.places import PlaceHit
from strikemap.extract.report_places import ReportPlaces, country_weights, locate_hit
from strikemap.extract.sentences import Sentence, split_sentences
from strikemap.gazetteer.base import GazetteerLike, Mention
from strikemap.model import Claim, DatePrecision, DateSource, Extraction, Report

__all__ = ["MULTILINGUAL", "extract_multilingual", "reading_language"]


def reading_language(text: str) -> str:
    """Return the language a report is read in: ``en``, ``uk``, ``ru``, ``ar`` or another code.

    A text without Cyrillic or Arabic letters is read as English without running the
    language detector, so English reading is exactly what it was. Arabic dialect codes
    (``ary``, ``arz``, ...) are read as Arabic.
    """
    if not any("\u0400" <= ch <= "\u04ff" or "\u0600" <= ch <= "\u06ff" for ch in text):
        return "en"
    from strikemap.language import UNDETERMINED, detect_language

    code = detect_language(text).code
    if code.startswith("ar"):
        return "ar"
    if code == UNDETERMINED:
        return _by_script(text)
    if code in _CYRILLIC_NEIGHBOURS:
        # A headline is little text to tell Ukrainian from Russian by; letters only one
        # of them writes decide when the text has those of one language alone.
        return _cyrillic_by_letters(text) or code
    return code


_CYRILLIC_NEIGHBOURS = frozenset({"uk", "ru"})
_UK_ONLY = frozenset("іїєґ")
_RU_ONLY = frozenset("ыэъё")


def _cyrillic_by_letters(text: str) -> str | None:
    """Return ``uk`` or ``ru`` when the text has letters of only one of them, else None."""
    letters = set(text.lower())
    uk, ru = bool(letters & _UK_ONLY), bool(letters & _RU_ONLY)
    if uk == ru:
        return None
    return "uk" if uk else "ru"


def _by_script(text: str) -> str:
    """Return the language of a text too short to detect, by its letters ("und" if unsure)."""
    arabic = sum("\u0600" <= ch <= "\u06ff" for ch in text)
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in text)
    if arabic > cyrillic:
        return "ar"
    low = text.lower()
    if any(ch in low for ch in "іїєґ"):
        return "uk"
    if any(ch in low for ch in "ыэъё"):
        return "ru"
    return "und"


@dataclasses.dataclass(slots=True)
class _StrikeSentence:
    sentence: Sentence
    norm: str
    places: list[NamedPlace]
    actor: str | None
    claimant: str | None


def extract_multilingual(report: Report, gazetteer: GazetteerLike, code: str) -> Extraction:
    """Find every strike a report in ``code`` (``uk``, ``ru``, ``ar``) describes.

    Parameters
    ----------
    report
        The report (its ``text`` is what evidence spans index).
    gazetteer
        Any :class:`~strikemap.gazetteer.base.GazetteerLike`.
    code
        The report's language, one of :data:`strikemap.extract.lang.MULTILINGUAL`.

    Returns
    -------
    Extraction
        Events, unresolved places, unlocated claims and warnings, as for English.
    """
    if code not in MULTILINGUAL:
        raise ValueError(f"language {code} not supported")
    pack = language_pack(code)
    text = report.text
    ex = Extraction(report=report)
    strikes = [s for s in _strike_sentences(text, pack, gazetteer)]
    mentions = [
        Mention(p.start, p.end, p.name, p.place_ids) for st in strikes for p in st.places if p.known
    ]
    countries, clear = _report_countries(mentions, gazetteer, pack.home_countries)
    resolver = ReportPlaces(gazetteer, countries, clear)
    # Relative dates resolve against the publication date, else against the date the
    # page prints for itself (its date line), as against an English dateline.
    ref: dt.date | None = report.published
    ref_source: DateSource = "publication"
    page_line: Dateline | None = None
    if ref is None:
        page_line = page_date_line(text, normalise(text, code), pack)
        if page_line is not None:
            ref, ref_source = page_line.date, "paragraph"
    pending: list[PendingStrike] = []
    para_date: dict[int, DateMention] = {}
    last_actor: dict[int, str] = {}
    for st in strikes:
        s = st.sentence
        found = find_date(st.norm, pack, ref)
        date = None if found is None else _date_mention(text, s, code, found, page_line)
        if date and page_line and page_line.start <= date.start < page_line.end:
            date = None  # the page's own date line dates the page, not a strike
        source: DateSource = "sentence"
        if date is not None:
            para_date[s.paragraph] = date
        elif s.paragraph in para_date:
            date, source = para_date[s.paragraph], "paragraph"
        actor = st.actor or last_actor.get(s.paragraph)
        if st.actor:
            last_actor[s.paragraph] = st.actor
        when, precision, source = _when(date, source, ref, ref_source)
        claim = Claim(
            report_id=report.id,
            quote=s.text,
            span_start=s.start,
            span_end=s.end,
            claimant=st.claimant,
            casualties=find_tolls(st.norm, pack),
        )
        located = 0
        for place in st.places:
            hit = PlaceHit(
                place.start,
                place.end,
                _resolvable_reading(place, resolver),
                place.place_ids,
                place.known,
                kind_hint=place.kind_hint,
                admin_hint=place.admin_hint,
                anchor=place.anchor,
            )
            n_unresolved = len(ex.unresolved)
            loc = locate_hit(hit, resolver, ex)
            if loc is None or loc.precision == "country":
                # A country is not where a strike fell ("Росія вдарила"): no event.
                continue
            stand_in = len(ex.unresolved) > n_unresolved
            pending.append(PendingStrike(loc, when, precision, source, actor, claim, stand_in))
            resolver.points.append((loc.lat, loc.lon))
            located += 1
        if not located and not claim.casualties.is_empty():
            ex.unlocated_claims.append(claim)
    ex.events = fold_events(pending, report.id, text)
    if page_line is not None and ex.events:
        ex.warnings.append(
            "publication date unknown: dates read against the page's own date line "
            f"{text[page_line.start : page_line.end]!r} ({ref})"
        )
    elif ref is None and any(d.date is None for d in para_date.values()):
        ex.warnings.append(
            "publication date unknown: relative dates (weekdays, 'yesterday') left unresolved"
        )
    return ex


def _resolvable_reading(place: NamedPlace, resolver: ReportPlaces) -> str:
    """Return the first of a place's readings the resolver places, else its first reading.

    "Дубно" reads as "Дубно" or "Дубна": when the likelier reading is ambiguous or lies
    outside the report's area, the next one is tried before the name is left unresolved.
    """
    for name in place.readings:
        if resolver.resolve(place.name, place.admin_hint, place.kind_hint).location:
            break
        if resolver.resolve(name, place.admin_hint, place.kind_hint).location:
            return name
    return place.name


_HOME_PRIOR = 1.0
"""Weight each of a language's home countries adds to the report's country votes."""


def _report_countries(
    mentions: list[Mention], gazetteer: GazetteerLike, home: tuple[str, ...]
) -> tuple[tuple[str, ...], bool]:
    """Rank the countries a report is about, with its language's home countries as a prior.

    The votes are the English reader's (:func:`strikemap.extract.report_places.country_focus`):
    a country or first-level area counts 3, a name with places in several countries
    spreads 1 over them. Country names vote for no country: in these reports they mostly
    say who struck ("Росія вдарила по Харкову"), not where. Each home country then adds
    :data:`_HOME_PRIOR`, so that "Одесі", split between Ukraine and Texas, is Odesa, and
    the home countries rank after the report's own; the prior never makes the focus
    *clear* (it never rejects a place abroad).
    """
    weights = country_weights(mentions, gazetteer, _country_starts(mentions, gazetteer))
    # Clear as the English reader has it: the leader weighs at least 2 and twice the
    # runner-up, before the prior.
    own = sorted(weights.values(), reverse=True)
    clear = bool(own) and own[0] >= 2.0 and own[0] >= 2 * (own[1] if len(own) > 1 else 0.0)
    for c in home:
        weights[c] = weights.get(c, 0.0) + _HOME_PRIOR
    # Ties go to the country code, not to insertion order (same answer whatever the
    # hash seed).
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ranked[0][1] if ranked else 0.0
    focus = [c for c, w in ranked[:3] if w >= top / 2]
    # The home countries stay in the focus below the report's own, as places a report
    # in the language may name beside them ("Харків і Бєлгород").
    return tuple(dict.fromkeys((*focus, *home)))[:4], clear


def _country_starts(mentions: list[Mention], gazetteer: GazetteerLike) -> set[int]:
    return {m.start for m in mentions if names_a_country(gazetteer, m.place_ids)}


def _date_mention(
    text: str, s: Sentence, code: str, date: MlDate, page_line: Dateline | None
) -> DateMention:
    """Return a sentence's date as the English reader keeps one: its span in the report.

    A date read against the page's own date line (the report has no publication date)
    says so in its note.
    """
    start = s.start + original_offset(s.text, code, date.start)
    end = s.start + original_offset(s.text, code, date.end)
    note = None
    if date.relative and page_line is not None and date.date is not None:
        note = (
            "no publication date: read against the page's own date line "
            f"{text[page_line.start : page_line.end]!r}"
        )
    return DateMention(start, end, text[start:end], date.date, date.precision, False, None, note)


def _when(
    date: DateMention | None, source: DateSource, ref: dt.date | None, ref_source: DateSource
) -> tuple[dt.date | None, DatePrecision, DateSource]:
    """Return the (date, precision, source) of a strike, as the English reader does."""
    if date is not None:
        return date.date, date.precision if date.date else "unknown", source
    if ref is not None:
        # No date in the sentence or its paragraph: on or shortly before the report's
        # date (its publication, else its header's date).
        return ref, "week", ref_source
    return None, "unknown", "unknown"


def _at_target(norm: str, pack: LanguagePack) -> bool:
    """Return whether a normalised sentence tells of a fire or damage at a strike target."""
    return bool(
        pack.incident is not None
        and pack.targets is not None
        and pack.incident.search(norm)
        and pack.targets.search(norm)
    )


def _strike_sentences(
    text: str, pack: LanguagePack, gazetteer: GazetteerLike
) -> list[_StrikeSentence]:
    strikes: list[tuple[Sentence, str, str | None, str | None]] = []
    spans: list[Span] = []
    for s in split_sentences(text):
        norm = normalise(s.text, pack.code)
        tested = pack.not_strike.sub(" ", norm) if pack.not_strike else norm
        # A strike trigger reports a strike on its own; a weaker word (killed,
        # attacked) with a striking actor; a fire or damage at a target strikes are
        # aimed at ("пожежа на нафтобазі"). Each is searched for once.
        if pack.strong.search(tested):
            weak_only = False
        elif pack.weak.search(tested):
            weak_only = True
        elif _at_target(tested, pack):
            weak_only = False
        else:
            # No trigger of any strength: not a strike whoever it names, so its actors
            # are not looked for.
            continue
        aliases = alias_matches(norm, pack)
        actor, claimant = find_actor(norm, pack, aliases)
        if weak_only and not actor and not _at_target(tested, pack):
            # A weaker word needs a striking actor (or a strike target).
            continue
        # Actor names hold no place ("Сили оборони" is not the village Syla); their
        # spans carry over when normalising kept the length (Cyrillic).
        skip = (
            [(s.start + a, s.start + b) for a, b in actor_spans(norm, pack, aliases)]
            if len(norm) == len(s.text)
            else []
        )
        strikes.append((s, norm, actor, claimant))
        spans.append((s.start, s.end, skip))
    out: list[_StrikeSentence] = []
    for (s, norm, actor, claimant), places in zip(
        strikes, find_places_in(text, spans, pack, gazetteer), strict=True
    ):
        if any(not p.qualifier for p in places):
            # "قرية سرجة في ريف إدلب": Idlib says where Sarja lies (its admin hint),
            # it is not struck itself. Alone, it is the strike's area.
            places = [p for p in places if not p.qualifier]
        out.append(_StrikeSentence(s, norm, places, actor, claimant))
    return out
