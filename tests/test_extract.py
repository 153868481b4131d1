from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extract_fakes import FakeGazetteer
from strikemap.evaluate_reports import evaluate_gold, text_overlaps
from strikemap.extract import extract_report
from strikemap.extract.actors import best_actor, find_actor_mentions, load_actor_table
from strikemap.extract.claims import find_casualties, find_claimant, find_denial
from strikemap.extract.dates import find_dates
from strikemap.extract.sentences import split_sentences
from strikemap.model import Report
from strikemap.read import read_path, read_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
PUB = dt.date(2015, 10, 1)  # a Thursday


def _report(text: str, published: dt.date | None = PUB) -> Report:
    return read_text(text, source_id="t", published=published)


@pytest.fixture(scope="module")
def gaz() -> FakeGazetteer:
    return FakeGazetteer()


def test_sentences_keep_offsets_quotes_and_abbreviations() -> None:
    text = "Gen. Smith said U.S. jets hit Homs. “They struck,” he said. Then more.\n\nNew para."
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Gen. Smith said U.S. jets hit Homs.",
        "“They struck,” he said.",
        "Then more.",
        "New para.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert sents[-1].paragraph == 1


def test_weekday_rules_and_speech_dates() -> None:
    t = "Jets struck Thursday and Wednesday. Kerry said Wednesday that jets flew overnight."
    ds = find_dates(t, 0, len(t), PUB)
    got = [(d.surface, d.date, d.precision, d.speech) for d in ds]
    assert got == [
        ("Thursday", dt.date(2015, 10, 1), "day", False),
        ("Wednesday", dt.date(2015, 9, 30), "day", False),
        ("Wednesday", dt.date(2015, 9, 30), "day", True),
        ("overnight", dt.date(2015, 10, 1), "overnight", False),
    ]
    unknown = find_dates("on Wednesday", 0, 12, None)
    assert unknown[0].date is None and unknown[0].precision == "unknown"


def test_actor_roles() -> None:
    table = load_actor_table()
    cases = {
        "Russian warplanes unleashed strikes against Syrian rebels": "Russia",
        "said on Twitter that “Russian pigs” had flattened a mosque": "Russia",
        "PKK militants fired rockets targeting Turkish forces": "PKK",
        "Turkish forces supported by opposition rebels shelled the town": "Turkey",
        "anti-Houthi forces (coded as Saudi-led coalition) conducted raids": "Saudi-led coalition",
        "But a Syrian security source said they had targeted rebels": None,
    }
    for text, want in cases.items():
        assert best_actor(find_actor_mentions(text, table)) == want, text
    assert table.normalise("Military Forces of Ukraine (2019-)") == "Ukraine"
    assert table.normalise("Military Forces of Russia (2000-) Air Force") == "Russia"


def test_claims_parts() -> None:
    assert find_claimant("A car bomb factory was destroyed, it said.") == "it"
    assert find_claimant("“Jets struck bases,” the source said.") == "the source"
    assert find_claimant("Ten died, according to the civil defence.") == "the civil defence"
    c = find_casualties("killing 36 civilians and wounding dozens; two children were killed")
    assert (c.civilians_killed, c.children_killed, c.killed) == (36, 2, None)
    assert "dozens" in (c.text or "")
    assert find_denial("but Lavrov denied any civilians were killed.") == (
        "denied any civilians were killed",
        "Lavrov",
    )


def test_speaker_capital_flight_and_offensive_not_mapped(gaz: FakeGazetteer) -> None:
    text = (
        "Russian jets bombed rebels, Moscow said.\n\n"
        "“These air strikes hit IS,” Lavrov told journalists in New York.\n\n"
        "Six bombers flew over Iran and Iraq before strikes began.\n\n"
        "Rebels advanced towards Latakia after air strikes.\n\n"
        "In Moscow, the defence ministry said it had bombed targets in Idlib province."
    )
    ex = extract_report(_report(text), gaz)
    names = {e.location.name for e in ex.events}
    assert names == {"Idlib"}
    assert ex.events[0].location.precision == "admin1"


def test_country_only_when_nothing_finer(gaz: FakeGazetteer) -> None:
    both = "Russian raids in Syria continued. Russian jets struck Jisr al-Shughur on Thursday."
    assert {e.location.name for e in extract_report(_report(both), gaz).events} == {
        "Jisr al-Shughur"
    }
    only = "Russian raids in Syria killed 12 people on Thursday."
    evs = extract_report(_report(only), gaz).events
    assert [e.location.precision for e in evs] == ["country"]


def test_admin_hint_and_unknown_village_fallback(gaz: FakeGazetteer) -> None:
    text = "On 10 February 2022, regime forces shelled Kafr Foo, Idlib. Casualties unknown."
    ex = extract_report(_report(text, None), gaz)
    assert [u.name for u in ex.unresolved] == ["Kafr Foo"]
    assert ex.unresolved[0].quote == "Kafr Foo"
    ev = ex.events[0]
    assert ev.location.precision == "admin1" and "Kafr Foo" in ev.location.reason
    assert (ev.date, ev.date_source, ev.actor) == (dt.date(2022, 2, 10), "sentence", "Syria")


def test_relative_place_and_carried_claimant(gaz: FakeGazetteer) -> None:
    text = (
        "The defence ministry said Russian jets bombed targets in Hama overnight.\n\n"
        "A car bomb factory north of Homs was also destroyed, it said."
    )
    ex = extract_report(_report(text), gaz)
    rel = next(e for e in ex.events if e.location.precision == "relative")
    assert rel.location.anchor_name == "Homs" and rel.location.lat > 34.7324
    assert rel.actor == "Russia"
    claim = rel.claims[0]
    assert claim.claimant == "The defence ministry"
    assert claim.claimed_target == "A car bomb factory"
    assert text[claim.span_start : claim.span_end] == claim.quote
    assert (rel.date, rel.date_source, rel.date_precision) == (PUB, "publication", "week")


def test_unknown_publication_leaves_relative_dates_unresolved(gaz: FakeGazetteer) -> None:
    ex = extract_report(_report("Russian jets struck Jisr al-Shughur on Wednesday.", None), gaz)
    ev = ex.events[0]
    assert ev.date is None and ev.date_precision == "unknown"
    assert any("unknown" in w for w in ex.warnings)


def test_denial_in_same_sentence(gaz: FakeGazetteer) -> None:
    text = (
        "The opposition accused Moscow of killing 36 civilians in the central province of Homs "
        "on Wednesday, but Lavrov denied any civilians were killed."
    )
    ev = extract_report(_report(text), gaz).events[0]
    assert ev.location.precision == "admin1" and ev.date == dt.date(2015, 9, 30)
    assert ev.claims[0].casualties.civilians_killed == 36
    assert ev.claims[0].denied_by == "Lavrov" and ev.contested


def test_text_overlaps() -> None:
    assert text_overlaps("the defence ministry", "Russian defence ministry")
    assert not text_overlaps("a mosque", "bases held by the Army of Conquest")


@pytest.mark.acceptance
def test_seed_article_with_fake_gazetteer(gaz: FakeGazetteer) -> None:
    gold = SHARED / "samples" / "seed-article.gold.json"
    if not gold.is_file():
        pytest.skip("../shared/samples absent (shared dev data not mounted)")
    report = read_path(SHARED / "samples" / "seed-article.txt", published=PUB)[0]
    score = evaluate_gold(gold, extract_report(report, gaz))
    assert score.recall == 1.0 and score.precision == 1.0
    assert not score.not_strike_mapped
    assert score.unlocated_found == 1
    assert score.actor_ok == score.actor_n
