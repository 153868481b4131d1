"""Assemble events from one report: the extract stage's orchestration.

Per strike sentence: actor, claimant, claimed target, casualties, denial, date and the
places in a strike role; each place is resolved through the gazetteer (with the report's
country focus, admin hint, kind hint and nearby points) and becomes (or joins) the event
keyed by (place, date, actor). Dates come from the sentence, else its paragraph, else the
publication date with precision ``"week"`` (a report without a date for a strike tells us
only that it happened on or shortly before publication), and record which.

Country-level places ("Russian raids in Syria") become events only when the report names
no finer strike place at all; otherwise their sentences are kept as unlocated claims.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re
from collections import Counter

from strikemap.extract import followups
from strikemap.extract._rx import lower_each, lower_same_length, lowered
from strikemap.extract.actors import (
    ActorTable,
    best_actor,
    find_actor_mentions,
    load_actor_table,
)
from strikemap.extract.capitals import (
    find_capital_phrases,
    report_country,
    with_capital_phrases,
)
from strikemap.extract.claims import (
    ClaimantMemory,
    choose_target,
    find_casualties,
    find_claimant,
    find_denial,
    find_targets,
)
from strikemap.extract.dateline_city import as_dateline_city, city_phrases, dateline_place
from strikemap.extract.dates import DateMention, Reference, find_dates, paragraph_references
from strikemap.extract.folding import PendingStrike as _Pending
from strikemap.extract.folding import fold_events, is_natural_area
from strikemap.extract.folding import place_key as _place_key
from strikemap.extract.place_names import KIND_WORD_SET, NOT_NAMES
from strikemap.extract.places import find_strike_places
from strikemap.extract.report_places import (
    ReportPlaces,
    blank_except,
    country_focus,
    locate_between,
    locate_hit,
    spot_strike_sentences,
)
from strikemap.extract.sentences import Sentence, split_sentences
from strikemap.extract.strikes import is_strike_sentence, strike_candidates
from strikemap.gazetteer.base import GazetteerLike, Mention
from strikemap.model import (
    Claim,
    DatePrecision,
    DateSource,
    Extraction,
    Location,
    Report,
)

_CONTINUING = re.compile(
    r"\b(?:also|again|further|another|it said|they said|it had|they had|were also|was also|"
    r"the same)\b|^(?:It|They|He|She)\b",
    re.IGNORECASE,
)
_STATE_SPEAKER = re.compile(
    r"^(?:['’]s?)?\s*(?:[\w\-]+\s+){0,2}?(?:defen[cs]e ministry|ministry of defen[cs]e|military|"
    r"army|armed forces|air force|general staff|defen[cs]e)\b",
    re.IGNORECASE,
)
_DECIDE_LOW = (lowered(_CONTINUING), lowered(_STATE_SPEAKER))
# A speech or action verb right after an actor alias: the alias is the actor in this
# sentence ("Moscow said", "Russia launched"), not a place.
_SPEAKS_AFTER = re.compile(
    r"\s*(?:on \w+\s+)?(?:said|says|told|complained|warned|launched|gave|accused|denied|"
    r"agreed)\b"
)
_AFFILIATION_AFTER = re.compile(
    r"-(?:backed|aligned|allied|affiliated|supported|sponsored|funded|linked)\b"
)
# Cyrillic or Arabic letters: multilingual.reading_language reads any text without them
# as English, and this one search in C spares its loop over every character.
_OTHER_SCRIPT = re.compile("[\u0400-\u04ff\u0600-\u06ff]")


def extract_report(
    report: Report, gazetteer: GazetteerLike, *, actors: ActorTable | None = None
) -> Extraction:
    """Find every strike a report describes and build its events.

    Parameters
    ----------
    report
        The report (its ``text`` is what evidence spans index).
    gazetteer
        Any :class:`~strikemap.gazetteer.base.GazetteerLike`.
    actors
        Actor aliases; ``data/actors.csv`` by default.

    Returns
    -------
    Extraction
        Events (one per place, date and actor, with all their claims), unresolved places,
        unlocated claims and warnings.
    """
    from strikemap.extract import multilingual  # imported here: it imports this module

    code = multilingual.reading_language(report.text) if _OTHER_SCRIPT.search(report.text) else "en"
    if code in multilingual.MULTILINGUAL:
        return multilingual.extract_multilingual(report, gazetteer, code)
    if code not in ("en", "und"):
        # Never half-read: a language strikemap does not read is said so, in one line.
        return Extraction(report=report, warnings=[f"language {code} not supported"])
    table = actors or load_actor_table()
    states = _state_actors()
    text = report.text
    ex = Extraction(report=report)
    sentences = split_sentences(text)
    # Each sentence lower-cased once, for every stage that reads it lower-cased.
    lows = lower_each(text, [(s.start, s.end) for s in sentences])
    # Only sentences with a strike trigger can hold a strike place: the gazetteer spots
    # names in those alone (see spot_strike_sentences), which also keeps site chrome and
    # background out of the country focus.
    candidates = strike_candidates(text, sentences)
    keep = [s for s in sentences if s.index in candidates]
    spotted = blank_except(text, keep)
    mentions = spot_strike_sentences(gazetteer, keep, spotted)
    if any(a.start > b.start for a, b in itertools.pairwise(mentions)):
        mentions = sorted(mentions, key=lambda m: m.start)  # the loop below walks them in order
    # Country names used as actors ("Russia launched") say who struck, not where.
    alias_starts = {m.start for m in mentions if table.is_alias(m.surface)}
    # "pro-Iran militias", "Iran-backed", "anti-Russia": an affiliation, not a place.
    alias_starts |= {m.start for m in mentions if _is_affiliation(spotted, m.start, m.end)}
    # "Sada" in "Al Sada", "Federal" in "Iraq Federal Police": a gazetteer name inside a
    # longer proper name says nothing about the report's country.
    focus_mentions = [m for m in mentions if not _is_embedded(spotted, m.start, m.end)]
    countries, clear = country_focus(focus_mentions, gazetteer, alias_starts)
    resolver = ReportPlaces(gazetteer, countries, clear)
    memory = ClaimantMemory()
    by_para: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    # Dates are read lazily, only for paragraphs that hold a strike sentence.
    para_dates: dict[int, list[tuple[Sentence, list[DateMention]]]] = {}
    refs: dict[int, Reference] | None = None  # each paragraph's reference date
    pending: list[_Pending] = []
    country_level: list[_Pending] = []
    points = resolver.points
    actor_counts: Counter[str] = Counter()
    last_actor: dict[int, str] = {}
    last_claims: list[int] = []  # indexes into pending/unlocated of the latest strike claims
    last_para = -2  # paragraph of those claims
    # The latest located strike sentence: later sentences of its paragraph may add its toll.
    last_strike: followups.LastStrike | None = None
    told_after: list[tuple[int, int]] = []  # (follow-up, its strike) in pending
    # The latest strike sentence with a toll but no place: the next may place its strike.
    unplaced: followups.Unplaced | None = None
    told_before: list[followups.EarlierToll] = []  # unplaced claims given to a strike
    # The area a name was first written with ("Novopokrovka, Zaporizhia"): the same name
    # again in the report is that place, not a namesake elsewhere.
    hinted: dict[str, str] = {}
    relative_unresolved = False
    # The one country the report's names point to, read when a sentence writes "capital".
    sole_country: tuple[str | None] | None = None
    dateline_cities: dict[int, Location | None] = {}
    mi = 0
    for s in sentences:
        low = lows[s.index]
        if s.index not in candidates:
            claimant_raw = find_claimant(s.text, low)
            told = followups.toll_claim(
                report.id, s, memory.resolve(claimant_raw), last_strike, text
            )
            if told is not None and last_strike is not None:
                told_after.append(followups.attach(pending, last_strike, told))
            denial = find_denial(s.text, low)
            if denial and last_claims:
                _attach_denial(pending, ex.unlocated_claims, last_claims, denial)
            continue
        claimant_raw = find_claimant(s.text, low)
        ams = find_actor_mentions(s.text, table, countries, low)
        explicit = best_actor(ams)
        if not is_strike_sentence(s.text, explicit is not None, low):
            told = followups.toll_claim(
                report.id, s, memory.resolve(claimant_raw), last_strike, text
            )
            if told is not None and last_strike is not None:
                told_after.append(followups.attach(pending, last_strike, told))
            denial = find_denial(s.text, low)
            if denial and last_claims:
                _attach_denial(pending, ex.unlocated_claims, last_claims, denial)
            continue
        denial = find_denial(s.text, low)
        if refs is None:
            starts = [ps[0].start for ps in by_para.values()]
            found = paragraph_references(text, starts, report.published)
            refs = dict(zip(by_para, found, strict=True))
        ref = refs[s.paragraph]
        if s.paragraph not in para_dates:
            para_dates[s.paragraph] = [
                (ps, _strike_dates(text, ps, ref)) for ps in by_para[s.paragraph]
            ]
            for _, ds in para_dates[s.paragraph]:
                for d in ds:
                    relative_unresolved = relative_unresolved or d.date is None
                    if d.note is not None and d.note not in ex.warnings:
                        ex.warnings.append(d.note)
        date_info = _sentence_dates(s, para_dates, report.published)
        # Mentions are in text order: skip those before this sentence, take those in it.
        while mi < len(mentions) and mentions[mi].start < s.start:
            mi += 1
        sent_mentions = []
        for m in mentions[mi:]:
            if m.start >= s.end:
                break
            sent_mentions.append(m)
        if "capital" in low:
            if sole_country is None:
                sole_country = (report_country(focus_mentions, gazetteer, alias_starts),)
            capital_phrases = find_capital_phrases(
                text, s.start, s.end, sent_mentions, gazetteer, sole_country[0]
            )
            if capital_phrases:
                # "the Yemeni capital": a place mention, located at that country's capital.
                sent_mentions = with_capital_phrases(sent_mentions, capital_phrases)
                for cp in capital_phrases:
                    if cp.location is not None:
                        resolver.references[cp.mention.surface] = cp.location
        if not pending and ("the city" in low or "the town" in low):
            sent_mentions = _with_dateline_city(
                text, s, by_para, sent_mentions, resolver, dateline_cities
            )
        actor_spans = {(s.start + am.start, s.start + am.end) for am in ams if am.score > 0} | {
            (s.start + am.start, s.start + am.end)
            for am in ams
            if _SPEAKS_AFTER.match(s.text, am.end)
        }
        alias_spans = {(s.start + am.start, s.start + am.end) for am in ams}
        group_spans = {
            (s.start + am.start, s.start + am.end) for am in ams if am.actor not in states
        }
        hits = find_strike_places(
            text,
            s.start,
            s.end,
            sent_mentions,
            gazetteer,
            actor_spans,
            alias_spans=alias_spans,
            group_spans=group_spans,
            is_admin1=resolver.is_admin1,
        )
        if not hits and denial and last_claims:
            # "Russia's defence ministry denied it had struck the station and blamed
            # Ukrainian forces": a denial of the strike told before, not a new strike,
            # and whoever it blames is the denier's claim, not the striker.
            memory.resolve(claimant_raw)
            _attach_denial(pending, ex.unlocated_claims, last_claims, denial)
            continue
        actor = _decide_actor(s, ams, explicit, last_actor, actor_counts, low)
        if explicit:
            actor_counts[explicit] += 1
        if actor:
            last_actor[s.paragraph] = actor
        claimant = memory.resolve(claimant_raw)
        casualties = find_casualties(s.text, low)
        targets = find_targets(s.text, low)
        if not hits and last_claims and last_para >= s.paragraph - 1:
            agent = next((am.actor for am in ams if am.agent and am.actor == explicit), None)
            if agent is not None:
                claim = Claim(
                    report.id,
                    s.text,
                    s.start,
                    s.end,
                    claimant,
                    choose_target(targets, len(s.text)),
                    casualties,
                )
                attached = _attribute(pending, last_claims, agent, claim)
                if attached:
                    # "HRW said the missile was fired by Russian forces": the striker of
                    # the strike just told, by this claimant's word.
                    last_claims = attached
                    last_actor[s.paragraph] = agent
                    continue
        made: list[int] = []
        unresolved_before = len(ex.unresolved)
        # A "target" that is only a place the sentence names ("struck Saraqib, Ariha
        # and Jisr al-Shughur") says where, not what: no claimed target.
        place_words = {h.surface.lower() for h in hits} | {m.surface.lower() for m in sent_mentions}
        joined: set[int] = set()  # ends of "between X and Y" placed with X
        for hit in hits:
            if id(hit) in joined:
                continue
            target = choose_target(targets, hit.start - s.start)
            if target is not None and _only_places(target, place_words):
                target = None
            claim = Claim(
                report_id=report.id,
                quote=s.text,
                span_start=s.start,
                span_end=s.end,
                claimant=claimant,
                claimed_target=target,
                casualties=casualties,
                denial=denial[0] if denial else None,
                denied_by=denial[1] if denial else None,
            )
            if hit.admin_hint:
                hinted.setdefault(hit.surface.lower(), hit.admin_hint)
            elif hit.surface.lower() in hinted:
                hit = dataclasses.replace(hit, admin_hint=hinted[hit.surface.lower()])
            n_unresolved = len(ex.unresolved)
            loc = locate_between(hit, resolver)
            if loc is not None:
                joined.add(id(hit.between))
            else:
                loc = locate_hit(hit, resolver, ex)
            if loc is None:
                if table.is_alias(hit.surface) and len(ex.unresolved) > n_unresolved:
                    # "a Hamas command post": an armed group's name that is also some
                    # town's alias abroad (Hamm, Germany) names the group, not a place
                    # left unresolved.
                    del ex.unresolved[n_unresolved:]
                continue
            date, prec, src, date_end = _nearest_date(date_info, hit.start, ref, text)
            # A location found for an unknown name (its area, its town) stands in for it.
            stand_in = len(ex.unresolved) > n_unresolved
            p = _Pending(
                loc,
                date,
                prec,
                src,
                actor,
                claim,
                stand_in,
                date_end=date_end,
                natural=is_natural_area(hit.surface),
            )
            if loc.precision == "country":
                country_level.append(p)
                continue
            pending.append(p)
            points.append((loc.lat, loc.lon))
            made.append(len(pending) - 1)
        if made:
            last_claims = made
            last_para = s.paragraph
            located = [pending[i] for i in made]
            last_strike = followups.LastStrike(
                s.paragraph,
                s.end,
                tuple(made),
                len({_place_key(p.location) for p in located}) == 1,
                frozenset(h.surface.lower() for h in hits),
                located[0].actor,
                located[0].date,
            )
            own_dates = [d.date for d in date_info[0]]
            dated = located[0].source in ("sentence", "paragraph")
            keys = [_place_key(p.location) for p in located]
            followups.drop_covered(
                told_before, low, last_strike, keys, dates=own_dates, dated=dated
            )
            link = followups.place_earlier(
                text,
                s,
                low,
                unplaced,
                last_strike,
                keys[0],
                explicit=explicit,
                dates=own_dates,
                dated=dated,
                casualties=casualties,
            )
            if link is not None:
                told_before.append(link)
            unplaced = None
        else:
            target = choose_target(targets, len(s.text))
            if followups.same_strike(
                text,
                s,
                last_strike,
                actor=explicit,
                dates=[d.date for d in date_info[0]],
                # (An armed group's name spotted as a place, "a Hamas compound", is none.)
                places=[
                    n
                    for n in [m.surface for m in sent_mentions] + [h.surface for h in hits]
                    if not table.is_alias(n)
                ],
            ):
                # "At least 35 civilians were killed in the airstrikes": the strike just
                # told, told again with its toll.
                if last_strike is not None and (target or not casualties.is_empty()):
                    again = Claim(
                        report.id,
                        s.text,
                        s.start,
                        s.end,
                        claimant,
                        target,
                        casualties,
                        denial[0] if denial else None,
                        denial[1] if denial else None,
                    )
                    told_after.append(followups.attach(pending, last_strike, again))
                continue
            last_strike = None  # a strike of its own: later tolls are not the last one's
            unplaced = None
            if target or not casualties.is_empty():
                ex.unlocated_claims.append(
                    Claim(
                        report.id,
                        s.text,
                        s.start,
                        s.end,
                        claimant,
                        target,
                        casualties,
                        denial[0] if denial else None,
                        denial[1] if denial else None,
                    )
                )
                last_claims = [-len(ex.unlocated_claims)]
                last_para = s.paragraph
                if not casualties.is_empty() and len(ex.unresolved) == unresolved_before:
                    # A toll, and no named place left unknown: a later sentence may place it.
                    unplaced = followups.unplaced(
                        s,
                        low,
                        len(ex.unlocated_claims) - 1,
                        lead=not pending,
                        actor=explicit,
                        dates=[d.date for d in date_info[0]],
                        places=[h.surface for h in hits],
                        casualties=casualties,
                    )
    for k in told_before:
        # The toll told before its strike was placed: the claim moves to that strike.
        told_after.append(followups.attach(pending, k.strike, ex.unlocated_claims[k.earlier.claim]))
    for c in sorted((k.earlier.claim for k in told_before), reverse=True):
        del ex.unlocated_claims[c]
    for i, strike in told_after:
        pending[i].actor = pending[strike].actor  # a striker attributed after the toll
    if not pending:
        pending = country_level
    ex.events = fold_events(pending, report.id, text)
    if report.published is None and relative_unresolved:
        ex.warnings.append(
            "publication date unknown: relative dates (weekdays, 'yesterday') left unresolved"
        )
    return ex


@functools.lru_cache(maxsize=1)
def _state_actors() -> frozenset[str]:
    # Actors named like a country are states: their aliases may name places ("near
    # Damascus"); any other actor is a group, whose names are never places.
    from strikemap.gazetteer.world import shared_world

    return frozenset(shared_world().country_names.values())


def _attribute(pending: list[_Pending], idxs: list[int], actor: str, claim: Claim) -> list[int]:
    """Give the latest strike claims an attributed striker, with the attribution as a claim.

    Only strikes whose striker was unknown or is the same actor take it (a conflicting
    attribution is left as its own unlocated claim). Returns the new claims' indexes.
    """
    added: list[int] = []
    seen: set[tuple[object, ...]] = set()
    for i in idxs:
        if i < 0:
            continue
        p = pending[i]
        if p.actor not in (None, actor):
            continue
        p.actor = actor
        key = (_place_key(p.location), p.date)
        if key in seen:
            continue
        seen.add(key)
        pending.append(
            _Pending(
                p.location,
                p.date,
                p.precision,
                p.source,
                actor,
                claim,
                p.stand_in,
                date_end=p.date_end,
            )
        )
        added.append(len(pending) - 1)
    return added


_WORD_BEFORE = re.compile(r"([\w’'\-]+)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([\w’'\-]+)")


def _is_embedded(text: str, start: int, end: int) -> bool:
    """Return whether a name is glued to a capitalised word that no place name has.

    A capitalised neighbour that is neither a function word nor a kind word ("Al Sada",
    "Tal Al Rashad", "Federal Police") makes the name part of a longer proper name.
    """
    a = _WORD_AFTER.match(text, end)
    if a and _is_name_word(a.group(1)):
        return True
    before = text[max(0, start - 4) : start].rstrip(" \t")
    if before.endswith(("'s", "’s")):
        return False  # "Russia's Belgorod region": owned by the word before, not part of it
    return _is_name_word(_word_before(text, start))


def _is_name_word(w: str | None) -> bool:
    """Return whether ``w`` is capitalised and neither a function word nor a kind word."""
    if not w:
        return False
    return w[:1].isupper() and w not in NOT_NAMES and w.lower() not in KIND_WORD_SET


def _word_before(text: str, start: int) -> str | None:
    """Return the word that ``_WORD_BEFORE`` finds in the 30 characters before ``start``.

    The same answer as ``_WORD_BEFORE.search(text, max(0, start - 30), start).group(1)``,
    read backwards from ``start`` (the search would try every start position): the run
    of word characters before the trailing spaces or tabs, which ``$`` may also see
    before a final newline.
    """
    w = text[max(0, start - 30) : start]
    if w.endswith("\n"):
        w = w[:-1]
    j = len(w.rstrip(" \t"))
    if j == len(w):
        return None  # no space or tab before the name
    k = j
    while k > 0 and (w[k - 1].isalnum() or w[k - 1] in "_’'-"):
        k -= 1
    return w[k:j] if k < j else None


def _is_affiliation(text: str, start: int, end: int) -> bool:
    """Return whether a name at ``text[start:end]`` is part of "pro-X", "X-backed", ..."""
    before = text[max(0, start - 6) : start].lower()
    after = text[end : end + 12].lower()
    return before.endswith(("pro-", "anti-")) or bool(_AFFILIATION_AFTER.match(after))


def _with_dateline_city(
    text: str,
    s: Sentence,
    by_para: dict[int, list[Sentence]],
    mentions: list[Mention],
    resolver: ReportPlaces,
    cities: dict[int, Location | None],
) -> list[Mention]:
    """Add "the city" phrases of a sentence as mentions of its dispatch's dateline city.

    (Called only before the report has located any strike: see
    :mod:`strikemap.extract.dateline_city`.) ``cities`` caches each paragraph's city.
    """
    if s.paragraph not in cities:
        found: Location | None = None
        for para in sorted((p for p in by_para if p <= s.paragraph), reverse=True):
            place = dateline_place(text, by_para[para][0].start)
            if place is not None:
                loc = resolver.resolve(place, None, "city").location
                if loc is not None and loc.precision == "town":
                    found = as_dateline_city(loc, place)
                break
        cities[s.paragraph] = found
    loc = cities[s.paragraph]
    if loc is None:
        return mentions
    phrases = city_phrases(text, s.start, s.end, (loc.place_id,) if loc.place_id else ())
    if not phrases:
        return mentions
    for ph in phrases:
        resolver.references[ph.surface] = loc
    taken = {(m.start, m.end) for m in mentions}
    return sorted(
        [*mentions, *(p for p in phrases if (p.start, p.end) not in taken)], key=lambda m: m.start
    )


def _decide_actor(
    s: Sentence,
    ams: list,  # type: ignore[type-arg]
    explicit: str | None,
    last_actor: dict[int, str],
    counts: Counter[str],
    lowercase: str | None = None,
) -> str | None:
    """Explicit actor, else the paragraph's last, else the dominant one when continuing.

    ``lowercase`` is the sentence lower-cased when the caller has it.
    """
    if explicit:
        return explicit
    if s.paragraph in last_actor:
        return last_actor[s.paragraph]
    low = lower_same_length(s.text, lowercase)
    text, continuing, speaker = (
        (s.text, _CONTINUING, _STATE_SPEAKER) if low is None else (low, *_DECIDE_LOW)
    )
    if counts and continuing.search(text):
        return counts.most_common(1)[0][0]
    for am in ams:
        if not am.defender and speaker.match(text[am.end :]):
            return str(am.actor)
    return None


_LIST_SPLIT = re.compile(r",|\band\b|&|\bthe\b")
_KIND_OF = re.compile(r"^(?:village|town|city|district|region|province|area|outskirts)\s+of\s+")


def _strike_dates(text: str, s: Sentence, ref: Reference) -> list[DateMention]:
    """Return the dates of a sentence that may date a strike, resolved against ``ref``.

    Dates of statements ("said Wednesday") are dropped, and so are a paragraph's
    dateline and dates inside a parenthesis ("(between 21 January - 11 February)") when
    the sentence has others: an aside qualifies the main date, it does not replace it.
    """
    ds = [d for d in find_dates(text, max(s.start, ref.skip_to), s.end, ref.date) if not d.speech]
    if len(ds) < 2 or "(" not in s.text:
        return ds  # without a parenthesis every date is a main one
    depth = _paren_depths(s.text)
    main = [d for d in ds if depth[d.start - s.start] == 0]
    return main or ds


def _paren_depths(sentence: str) -> list[int]:
    """Return the parenthesis nesting depth at each character of ``sentence``."""
    out: list[int] = []
    depth = 0
    for ch in sentence:
        if ch == "(":
            depth += 1
        out.append(depth)
        if ch == ")":
            depth = max(0, depth - 1)
    return out


def _sentence_dates(
    s: Sentence,
    para_dates: dict[int, list[tuple[Sentence, list[DateMention]]]],
    published: dt.date | None,
) -> tuple[list[DateMention], list[DateMention]]:
    own: list[DateMention] = []
    others: list[DateMention] = []
    for sent, ds in para_dates[s.paragraph]:
        if sent.index == s.index:
            own = ds
        else:
            others.extend(ds)
    return own, others


def _nearest_date(
    info: tuple[list[DateMention], list[DateMention]], pos: int, ref: Reference, text: str
) -> tuple[dt.date | None, DatePrecision, DateSource, dt.date | None]:
    """Return (date, precision, source, last day of an interval) of a strike place.

    The sentence's date that names its strike ("Saturday's missile strike"), else its
    date nearest to the place, else the paragraph's, else the reference date (a
    dateline's, else the publication's) at precision ``"week"``.
    """
    own, others = info
    if own:
        named = [d for d in own if d.date is not None and _DATE_OF_STRIKE.match(text, d.end)]
        d = named[0] if named else min(own, key=lambda d: abs(d.start - pos))
        return d.date, d.precision if d.date else "unknown", "sentence", d.date_end
    if others:
        d = min(others, key=lambda d: abs(d.start - pos))
        return d.date, d.precision if d.date else "unknown", "paragraph", d.date_end
    if ref.date is not None:
        return ref.date, "week", "paragraph" if ref.own else "publication", None
    return None, "unknown", "unknown", None


# "Saturday's Russian missile strike": the date names the strike itself, whatever
# other dates the sentence tells (when the toll rose, when officials spoke).
_DATE_OF_STRIKE = re.compile(
    r"['’]s?\s+(?:[\w\-]+\s+){0,3}?(?:strikes?|attacks?|shelling|bombing|bombardment|"
    r"raids?|airstrikes?|air\s+strikes?|assault|barrage)\b",
    re.IGNORECASE,
)


def _only_places(target: str, place_words: set[str]) -> bool:
    """Return whether a target text is nothing but place names ("Saraqib and Ariha").

    A place written with its kind ("the village of Hroza") is a place name too.
    """
    parts = [_KIND_OF.sub("", p.strip()) for p in _LIST_SPLIT.split(target.lower()) if p.strip()]
    return bool(parts) and all(p in place_words for p in parts)


def _attach_denial(
    pending: list[_Pending],
    unlocated: list[Claim],
    idxs: list[int],
    denial: tuple[str, str],
) -> None:
    """Record a denial in a later sentence on the latest strike claims it answers."""
    for i in idxs:
        if i >= 0:
            p = pending[i]
            if p.claim.denial is None:
                p.claim = dataclasses.replace(p.claim, denial=denial[0], denied_by=denial[1])
        else:
            c = unlocated[len(unlocated) + i]
            if c.denial is None:
                unlocated[len(unlocated) + i] = dataclasses.replace(
                    c, denial=denial[0], denied_by=denial[1]
                )
