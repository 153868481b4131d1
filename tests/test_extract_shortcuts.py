"""The speed-ups in extraction give exactly the answers of the plain patterns they replace.

Extraction matches lower-case twins of case-insensitive patterns on lower-cased text,
puts a look-ahead on the first characters of others, scans the whole text once for
triggers, reads words backwards instead of searching, and spots only the candidate
sentences. Each shortcut is checked here against the straightforward form on generated
text (hypothesis) and on hand-written edge cases.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract_fakes import FakeGazetteer
from strikemap.extract import (
    actors,
    claims,
    dates,
    events,
    place_names,
    places,
    role_rules,
    strikes,
    tolls,
)
from strikemap.extract._rx import (
    first_chars,
    lower_each,
    lower_source,
    lowered,
    with_first_chars,
)
from strikemap.extract.events import _word_before
from strikemap.extract.report_places import blank_except, spot_strike_sentences
from strikemap.extract.sentences import split_sentences
from strikemap.extract.strikes import could_be_strike, strike_candidates

# Words the extraction patterns care about, in several cases, with the separators that
# matter to them; hypothesis strings them together.
_WORDS = [
    "Russian", "warplanes", "STRUCK", "struck", "Jisr", "al-Shughur", "in", "In", "the",
    "province", "Province", "of", "north", "North-West", "km", "12", "on", "Thursday",
    "THURSDAY", "last", "night", "said", "SAID", "told", "journalists", "killing", "15",
    "civilians", "were", "was", "wounded", "shelled", "hit", "targeted", "by", "from",
    "Islamic", "State", "IS", "army", "jets", "had", "bombed", "the 2nd", "Oct", "1",
    "2015-10-01", "according", "to", "denied", "dropped", "bombs", "hunger", "strike",
    "İstanbul", "Straße", "’s", "'s", "“", "”", "(", ")", "-led", "coalition", "near",
    "outskirts", "city", "Homs", "Idlib", "and", "but", "it", "claimed", "responsibility",
]  # fmt: skip
_SEPS = [" ", " ", " ", ", ", ". ", "\n", "  ", "-", "; ", "\t"]
_text = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), min_size=0, max_size=30
).map(lambda parts: "".join(w + s for w, s in parts))


def _twins() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """Every (case-insensitive pattern, lower-case twin) pair extraction uses."""
    pairs = [(p, t) for p, t in role_rules._LOW.items()]
    pairs += [(p, t) for p, t in places._TWIN.items()]
    pairs += [(p, t) for p, t in actors._LOW.items()]
    pairs += [
        (claims._ACCORDING, claims._ACCORDING_LOW),
        (claims._QUOTE_ATTR, claims._QUOTE_ATTR_LOW),
        (claims._PASSIVE_VERB, claims._PASSIVE_VERB_LOW),
        (claims._TARGET_ACTIVE, claims._TARGET_ACTIVE_LOW),
        (strikes.STRONG_TRIGGER, strikes._STRONG_LOW),
        (strikes.WEAK_TRIGGER, strikes._WEAK_LOW),
        (strikes._NOT_STRIKE, strikes._NOT_STRIKE_LOW),
        (events._CONTINUING, events._DECIDE_LOW[0]),
        (events._STATE_SPEAKER, events._DECIDE_LOW[1]),
        (dates._DATE_RE, dates._LOW_RES[0]),
        (dates._SPEECH_BEFORE, dates._LOW_RES[1]),
        (dates._SPEECH_AFTER, dates._LOW_RES[2]),
    ]
    return pairs


def _found(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str | None]]:
    return [(m.span(), m.lastgroup) for m in rx.finditer(text)]


@settings(max_examples=150, deadline=None)
@given(_text)
def test_lower_case_twins_find_what_the_case_insensitive_patterns_find(text: str) -> None:
    low = text.lower()
    if len(low) != len(text):
        return  # extraction falls back to the original patterns here (tested below)
    for rx, twin in _twins():
        assert _found(twin, low) == _found(rx, text), rx.pattern[:60]


def test_every_case_insensitive_role_pattern_has_a_twin() -> None:
    # A pattern added to a module's table without IGNORECASE would match too much.
    assert all(rx.flags & re.IGNORECASE and not t.flags & re.IGNORECASE for rx, t in _twins())
    with pytest.raises(ValueError, match="case-sensitive"):
        lowered(re.compile("abc"))


def test_lower_source_keeps_escapes_and_group_names() -> None:
    assert lower_source(r"\S+(?P<Who>Air)\W(?P=Who)[A-Z]") == r"\S+(?P<Who>air)\W(?P=Who)[a-z]"


def test_first_chars_lists_what_matches_start_with() -> None:
    assert first_chars(r"\b(?:in|at)\s+") == frozenset({"i", "a"})
    assert first_chars(r"(?:the\s+)?[A-C]x") == frozenset({"t", "A-C"})
    assert first_chars(r"\d+|day") == frozenset({r"\d", "d"})
    assert first_chars(r"x?") is None  # may match the empty string
    assert first_chars(r"[^a]b") is None  # a negated class: anything
    assert first_chars(r".b") is None
    assert first_chars("abc", re.IGNORECASE) is None


@settings(max_examples=150, deadline=None)
@given(_text)
def test_first_char_look_aheads_change_no_match(text: str) -> None:
    sources = [
        place_names._PHRASE.pattern.split("(?:", 1)[1][:-1],
        strikes._ANY_TRIGGER_LOW.pattern.split("(?:", 1)[1][:-1],
        r"\d|[Dd]ay|night",
        r"[.;:]\s+(?P<c>\w+)\s+said\b",
    ]
    for src in sources:
        plain, ahead = re.compile(src), with_first_chars(src)
        assert ahead.pattern.startswith("(?=[")
        assert _found(ahead, text) == _found(plain, text)


@settings(max_examples=200, deadline=None)
@given(_text)
def test_subject_attribution_split_matches_the_single_search(text: str) -> None:
    m = claims._SUBJECT_ATTR.search(text)
    n = claims._SUBJECT_ATTR.match(text) or claims._SUBJECT_ATTR_LATER.search(text, 1)
    assert (m and (m.span(), m.group("c"))) == (n and (n.span(), n.group("c")))


@settings(max_examples=200, deadline=None)
@given(_text)
def test_whole_text_trigger_scan_equals_the_per_sentence_test(text: str) -> None:
    sentences = split_sentences(text)
    expected = {s.index for s in sentences if could_be_strike(s.text)}
    assert strike_candidates(text, sentences) == expected


def test_trigger_across_a_line_break_is_checked_sentence_by_sentence() -> None:
    # "dropped" ends a headline line and "three bombs" starts the next: the whole-text
    # scan sees one match across them; each line alone decides for itself.
    text = "Aircraft dropped\nthree bombs on the market\nA quiet day"
    sentences = split_sentences(text)
    assert [s.text for s in sentences][:2] == ["Aircraft dropped", "three bombs on the market"]
    assert strike_candidates(text, sentences) == {1}


def test_offsets_fall_back_when_lower_casing_changes_length() -> None:
    text = "İstanbul: Russian jets STRUCK Idlib on Thursday."
    assert len(text.lower()) != len(text)
    sentences = split_sentences(text)
    assert strike_candidates(text, sentences) == {0}
    assert strikes.is_strike_sentence(text, False)
    ams = actors.find_actor_mentions(text, actors.load_actor_table())
    assert [text[a.start : a.end] for a in ams] == ["Russian"]
    assert ams[0].score > 0
    found = dates.find_dates(text, 0, len(text), None)
    assert [d.surface for d in found] == ["Thursday"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab Z_’'-\t\n.,é1", max_size=45), st.integers(0, 45))
def test_reading_the_word_before_backwards_equals_the_search(text: str, start: int) -> None:
    start = min(start, len(text))
    m = events._WORD_BEFORE.search(text, max(0, start - 30), start)
    assert _word_before(text, start) == (m.group(1) if m else None)


def test_spotting_joined_sentences_gives_the_blanked_texts_mentions() -> None:
    gaz = FakeGazetteer()
    text = (
        "Lavrov spoke in New York.\n\nRussian jets struck Jisr al-Shughur in Idlib "
        "province. Moscow is far away.\n\nShelling hit Homs and Hama."
    )
    sentences = split_sentences(text)
    keep = [s for s in sentences if s.index in strike_candidates(text, sentences)]
    blanked = blank_except(text, keep)
    assert spot_strike_sentences(gaz, keep, blanked) == gaz.spot(blanked)
    assert [m.surface for m in spot_strike_sentences(gaz, keep, blanked)] == [
        "Jisr al-Shughur", "Idlib", "Homs", "Hama",
    ]  # fmt: skip


def test_a_name_across_two_sentences_is_spotted_in_the_blanked_text() -> None:
    # "New" ends one line, "York" starts the next: joined by a space, the fake finds
    # "New York" across the boundary, so the whole blanked text is spotted instead.
    gaz = FakeGazetteer()
    text = "Rockets hit New\nYork was shelled."
    sentences = split_sentences(text)
    keep = [s for s in sentences if s.index in strike_candidates(text, sentences)]
    assert len(keep) == 2
    blanked = blank_except(text, keep)
    found = spot_strike_sentences(gaz, keep, blanked)
    assert found == gaz.spot(blanked)
    assert [(m.surface, text[m.start : m.end]) for m in found] == [("New York", "New\nYork")]


def test_default_actor_table_follows_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "actors.csv").write_text("actor,alias\nMartians,Martian\n")
    monkeypatch.setenv("STRIKEMAP_DATA", str(tmp_path))
    table = actors.load_actor_table()
    assert table.normalise("Martian") == "Martians"
    assert table.normalise("Russian") is None
    monkeypatch.delenv("STRIKEMAP_DATA")
    assert actors.load_actor_table().normalise("Russian") == "Russia"


def test_date_gate_keeps_its_case_rule() -> None:
    # The cheap gate accepts what the old pattern accepted: day/Day/DAY, digits, ...
    assert [d.surface for d in dates.find_dates("on THURSDAY", 0, 11, None)] == ["THURSDAY"]
    assert dates.find_dates("on ThUrSdAy", 0, 11, None) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x700), max_size=40))
def test_script_search_reads_as_english_what_the_language_check_reads_as_english(
    text: str,
) -> None:
    from strikemap.extract.multilingual import reading_language

    if events._OTHER_SCRIPT.search(text) is None:
        assert reading_language(text) == "en"
    else:
        assert any("\u0400" <= c <= "\u04ff" or "\u0600" <= c <= "\u06ff" for c in text)


def _shouted_lines_plain(sent: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for line in sent.split("\n"):
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters):
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ABCDEFGHIJabcdefgÉéΣσİ1 -'\n.ⅧⒶ", max_size=60))
def test_counting_capitals_in_c_finds_the_shouted_lines_the_loop_finds(text: str) -> None:
    assert place_names._shouted_lines(text) == _shouted_lines_plain(text)
    assert place_names._shouted_lines(text.upper()) == _shouted_lines_plain(text.upper())


@settings(max_examples=400, deadline=None)
@given(_text)
def test_a_role_is_found_only_where_a_role_cue_is(text: str) -> None:
    # rule_decision skips _role when _cues found no relative, locative or object cue.
    for pre in (text, text + " ", text + " in ", text + " of the "):
        cues = role_rules.role_cues(pre)[0]
        if not (cues.relative or cues.locative or cues.verb_object):
            assert role_rules._role(pre)[0] is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AbΣσςİIß .’\n", max_size=40), st.lists(st.integers(0, 40), max_size=6))
def test_slices_of_the_lower_cased_text_are_the_lower_cased_slices(
    text: str, cuts: list[int]
) -> None:
    # Capital sigma lower-cases by context and "İ" to two characters: lower_each must
    # lower-case such slices one by one.
    bounds = sorted({0, len(text), *(min(c, len(text)) for c in cuts)})
    spans = list(itertools.pairwise(bounds))
    assert lower_each(text, spans) == [text[a:b].lower() for a, b in spans]
    assert lower_each("ΟΔΟΣ ΑΘΗΝΑΣ", [(0, 3)]) == ["οδο"]


def _single_automaton_table() -> actors.ActorTable:
    """The default table with every alias in the one lower-cased automaton (no exact one)."""
    table = actors.load_actor_table()
    auto = actors._automaton([*table.exact, *table.folded, *table.scoped], lower=True)
    return dataclasses.replace(table, automaton=auto, exact_automaton=None)


@settings(max_examples=300, deadline=None)
@given(_text)
def test_case_sensitive_aliases_found_as_written_match_the_lower_cased_search(text: str) -> None:
    table, single = actors.load_actor_table(), _single_automaton_table()
    assert table.exact_automaton is not None
    for t in (text, text.replace(" ", "this US thus IS-held "), f"(IS) U.S.-led {text} IS"):
        assert table.find(t) == single.find(t)
        if len(t.lower()) == len(t):
            regex = [(m.start(), m.end(), m.group(0)) for m in table.pattern.finditer(t)]
            assert table.find(t) == regex


def test_given_lower_case_text_changes_no_answer() -> None:
    text = "Russian jets struck Idlib, killing 5 civilians, the ministry said; Moscow denied it."
    low = text.lower()
    table = actors.load_actor_table()
    assert actors.find_actor_mentions(text, table, (), low) == actors.find_actor_mentions(
        text, table
    )
    assert claims.find_claimant(text, low) == claims.find_claimant(text) == "the ministry"
    assert claims.find_targets(text, low) == claims.find_targets(text)
    assert claims.find_denial(text, low) == claims.find_denial(text)
    assert tolls.find_casualties(text, low) == tolls.find_casualties(text)
    assert strikes.is_strike_sentence(text, False, low) is strikes.is_strike_sentence(text, False)


@settings(max_examples=300, deadline=None)
@given(_text)
def test_a_boundary_tested_behind_its_word_changes_no_match(text: str) -> None:
    plain = re.compile(r"\band\s+(?P<t>(?:a|an|the)\s+[^,.;]{3,60}?)\s+in\s+[A-Z]")
    for t in (text, text.replace(" ", " and the "), f"band and a {text} in Idlib"):
        assert _found(claims._TARGET_CONJ, t) == _found(plain, t)
