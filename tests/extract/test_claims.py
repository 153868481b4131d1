"""Claims: a trailing claimant with a title or a place ("regional governor Vadym Filashkin
said", "Gaza health officials said"), and the claimed target of a weapon fired at it, which
is neither the casualties, a distance, nor only the places struck. Tolls: killed, wounded and
missing by category, ranges and words kept as a minimum and maximum (never a made-up
number), tolls told in the sentences after their strike, within its paragraph, and tolls
told before the sentence that places their strike, unless the link is in doubt."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_fakes import FakeGazetteer
from sample_gazetteers import MIDEAST_REPORT_DATE, mideast_index
from strikemap.extract import extract_report
from strikemap.extract.claims import find_casualties, find_claimant, find_targets
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Claim, Extraction
from strikemap.read import read_text


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return mideast_index(tmp_path_factory.mktemp("mideast"))


def _run(text: str, gaz: Gazetteer) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=MIDEAST_REPORT_DATE), gaz)


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("A missile struck the centre of Kostiantynivka on Tuesday, killing three civilians, "
         "regional governor Vadym Filashkin said.", "regional governor Vadym Filashkin"),
        ("Israeli airstrikes on the camps killed at least 20 people on Thursday, Gaza health "
         "officials said.", "Gaza health officials"),
        ("Coalition aircraft struck positions in Raqqa on Sunday, local sources said.",
         "local sources"),
    ],
)  # fmt: skip
def test_trailing_claimant_with_a_title_or_a_place(sentence: str, claimant: str) -> None:
    assert find_claimant(sentence) == claimant


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("Hezbollah said it fired rockets at an Israeli base in Kiryat Shmona.", "an Israeli base"),
        ("Pro-Hadi forces fired artillery at Houthi positions in Haradh.", "Houthi positions"),
        ("Helicopters dropped barrel bombs on a crowded market in Douma.", "a crowded market"),
    ],
)
def test_target_of_a_weapon_fired_at_it(sentence: str, target: str) -> None:
    assert [t for _s, _e, t, _p in find_targets(sentence)] == [target]


@pytest.mark.parametrize(
    ("sentence", "targets"),
    [
        ("Shelling killed two people in the town of Nova Kakhovka.", []),
        ("An airstrike hit a market 10 km north of Kramatorsk.", ["a market"]),
    ],
)
def test_target_is_neither_the_casualties_nor_a_distance(sentence: str, targets: list[str]) -> None:
    assert [t for _s, _e, t, _p in find_targets(sentence)] == targets


def test_a_target_that_is_only_the_places_struck_is_no_target(gaz: Gazetteer) -> None:
    ex = _run("Israeli jets struck Shamal 1 and Shamal 2 on Monday.", gaz)
    assert {e.location.name for e in ex.events} == {"Shamal 1", "Shamal 2"}
    assert all(c.claimed_target is None for e in ex.events for c in e.claims)


def test_a_place_written_with_its_kind_is_no_target(gaz: Gazetteer) -> None:
    ex = _run("Israeli shelling of the village of Shamal 1 killed two people on Monday.", gaz)
    assert [e.location.name for e in ex.events] == ["Shamal 1"]
    assert ex.events[0].claims[0].claimed_target is None


@pytest.mark.parametrize(
    ("sentence", "targets"),
    [
        # The passive subject starts after the speech verb; an adverb is no target.
        ("The monitor said the school was hit shortly after midnight.", ["the school"]),
        ("Witnesses said the hall was struck several times within minutes.", ["the hall"]),
        # A progressive verb after "were" is active.
        ("Moscow said its forces were targeting only military infrastructure.",
         ["only military infrastructure"]),
        ("Heavy shelling of the old bridge killed two people.", ["the old bridge"]),
    ],
)  # fmt: skip
def test_a_target_is_what_the_verb_acts_on(sentence: str, targets: list[str]) -> None:
    assert [t for _s, _e, t, _p in find_targets(sentence)] == targets


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 33 civilians were reportedly killed in an alleged coalition airstrike.",
        "Two people died in the reported strike on the depot.",
    ],
)
def test_an_adjective_like_alleged_names_no_claimant(sentence: str) -> None:
    assert find_claimant(sentence) is None


# ---------------------------------------------------------------- tolls as ranges
@pytest.mark.parametrize(
    ("sentence", "count", "low", "high"),
    [
        ("Officials said 30 people were killed.", "killed", 30, 30),
        ("At least 30 people were killed.", "killed", 30, None),
        ("More than 20 people died.", "killed", 21, None),
        ("Up to 12 people were killed.", "killed", None, 12),
        ("Between 5 and 7 people were wounded.", "wounded", 5, 7),
        ("Nearly 20 people were injured.", "wounded", None, 19),
        ("Dozens of people were killed.", "killed", 24, None),
        ("Scores were wounded.", "wounded", 40, None),
        ("A dozen civilians were killed.", "civilians_killed", 12, 12),
        ("The shelling killed three people.", "killed", 3, 3),
        ("Twenty-one people were killed.", "killed", 21, 21),
        ("The death toll rose to 50.", "killed", 50, 50),
        (
            "The death toll from this morning's missile strike on the city has risen to 9.",
            "killed",
            9,
            9,
        ),
        ("The death toll from the 2 March strike rose to 12.", "killed", 12, 12),
        ("The raid left another 30 injured.", "wounded", 30, 30),
        ("Two fishermen are missing.", "missing", 2, 2),
    ],
)
def test_tolls_are_kept_as_stated_ranges(
    sentence: str, count: str, low: int | None, high: int | None
) -> None:
    assert find_casualties(sentence).range_of(count) == (low, high)


def test_a_toll_in_words_without_a_number_is_quoted_not_counted() -> None:
    c = find_casualties("Several people were killed and many were injured.")
    assert c.range_of("killed") == (None, None) and c.range_of("wounded") == (None, None)
    assert c.text is not None and "Several people were killed" in c.text


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("The strike killed four militants and wounded two civilians.",
         {"fighters_killed": 4, "civilians_wounded": 2}),
        ("Three people, including a child, were killed, 17 wounded.",
         {"killed": 3, "children_killed": 1, "wounded": 17}),
        ("At least 30 people including 24 civilians were killed.",
         {"killed": 30, "civilians_killed": 24}),
        ("Officials said 50 people were killed, including five children.",
         {"killed": 50, "children_killed": 5}),
        ("Two soldiers were killed and one serviceman was wounded.",
         {"fighters_killed": 2, "fighters_wounded": 1}),
        ("There were no casualties.", {"killed": 0, "wounded": 0}),
        ("There were no civilian casualties.", {"civilians_killed": 0, "civilians_wounded": 0}),
        # A person told by age is one person.
        ("A 60-year-old man was killed.", {"killed": 1}),
        ("The strike killed a 72-year-old woman.", {"killed": 1}),
        ("An 11-year-old boy died under the rubble.", {"children_killed": 1}),
        ("Two 19-year-old soldiers were wounded.", {"fighters_wounded": 2}),
    ],
)  # fmt: skip
def test_tolls_by_category(sentence: str, figures: dict[str, int]) -> None:
    c = find_casualties(sentence)
    assert {k: getattr(c, k) for k in figures} == figures


# ---------------------------------------------------------------- tolls told later
@pytest.fixture()
def fake() -> FakeGazetteer:
    return FakeGazetteer()


def _ex(text: str, gaz: FakeGazetteer) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=dt.date(2022, 4, 8)), gaz)


def _toll_claims(ex: Extraction) -> list[tuple[str, Claim]]:
    return [
        (e.location.name, c) for e in ex.events for c in e.claims if not c.casualties.is_empty()
    ]


def test_a_toll_in_the_next_sentence_joins_its_strike_with_its_own_quote(
    fake: FakeGazetteer,
) -> None:
    text = (
        "A missile struck the railway station in Kramatorsk overnight. Officials said one "
        "person was killed and 19 wounded."
    )
    ex = _ex(text, fake)
    [ev] = ex.events
    [(place, claim)] = _toll_claims(ex)
    assert place == "Kramatorsk" and claim.claimant == "Officials"
    assert claim.quote == text[claim.span_start : claim.span_end]
    assert claim.quote.startswith("Officials said")
    assert claim.casualties.range_of("killed") == (1, 1)
    assert claim.casualties.range_of("wounded") == (19, 19)
    assert not ev.contested


@pytest.mark.parametrize(
    "text",
    [
        # Another paragraph.
        "A missile struck the railway station in Kramatorsk.\n\nOfficials said one person "
        "was killed.",
        # A new strike sentence between them.
        "A missile struck the railway station in Kramatorsk. Another strike hit a market "
        "elsewhere. Officials said three people were killed.",
        # The war's totals, not this strike's.
        "A missile struck the railway station in Kramatorsk. Since the war began more than "
        "10,000 civilians have been killed.",
        # Strikes on two places: the toll is not split between them.
        "Missiles struck Kramatorsk and Mariupol. Officials said five people were killed.",
    ],
)
def test_a_later_toll_stays_out_of_a_strike_it_may_not_belong_to(
    text: str, fake: FakeGazetteer
) -> None:
    assert _toll_claims(_ex(text, fake)) == []


def test_a_strike_sentence_retelling_the_strike_adds_its_toll(fake: FakeGazetteer) -> None:
    ex = _ex(
        "Russian jets struck a hospital in Idlib on Monday. At least 35 civilians were killed "
        "and dozens more injured in the airstrikes.",
        fake,
    )
    [(place, claim)] = _toll_claims(ex)
    assert place == "Idlib" and ex.unlocated_claims == []
    assert claim.casualties.range_of("civilians_killed") == (35, None)
    assert claim.casualties.range_of("wounded") == (24, None)


@pytest.mark.parametrize(
    ("second", "contested"),
    [
        ("Activists said 13 people were killed.", False),  # within "at least 12"
        ("Activists said up to 10 people were killed.", True),  # below it
    ],
)
def test_tolls_contest_each_other_only_when_their_ranges_disagree(
    second: str, contested: bool, fake: FakeGazetteer
) -> None:
    ex = _ex(f"Russian jets struck Idlib on Monday, killing at least 12 people. {second}", fake)
    [ev] = ex.events
    assert len(ev.claims) == 2 and ev.contested is contested


def test_a_claimant_and_its_claimed_target_told_later_join_the_strike(gaz: Gazetteer) -> None:
    ex = _run(
        "An Israeli air strike hit a school in Khan Younis on Thursday. Gaza health officials "
        "said 27 people were killed, including 9 children. The Israeli military said it had "
        "targeted a Hamas compound inside the school.",
        gaz,
    )
    [ev] = ex.events
    assert (ev.location.name, ev.actor) == ("Khan Younis", "Israel")
    told = {(c.claimant, c.claimed_target) for c in ev.claims}
    assert ("The Israeli military", "a Hamas compound inside the school") in told
    assert ex.unlocated_claims == [] and ex.unresolved == []


# ---------------------------------------------------------------- tolls told before
def _all_claims(ex: Extraction) -> list[Claim]:
    return [c for e in ex.events for c in e.claims] + list(ex.unlocated_claims)


@pytest.mark.parametrize(
    "text",
    [
        # The next sentence of the paragraph places the strike (same striker, air strikes).
        "At least 15 people were killed by Russian air strikes in northern Syria, a rescue "
        "worker said on Monday. Two raids by Russian warplanes hit the town of Khan Shaykhun "
        "and wounded another 30.",
        # A lead paragraph of its own, the strike placed by the next paragraph.
        "At least 15 people were killed in Russian air strikes in Syria on Monday, activists "
        "said.\n\nRussian jets hit a market in Khan Shaykhun on Monday.",
    ],
)
def test_a_toll_told_before_its_strike_is_placed_joins_that_strike(
    text: str, fake: FakeGazetteer
) -> None:
    ex = _ex(text, fake)
    [ev] = ex.events
    assert ev.location.name == "Khan Shaykhun" and ev.actor == "Russia"
    killed = [c for c in _all_claims(ex) if c.casualties.range_of("killed") == (15, None)]
    [claim] = killed  # moved, not copied: the toll is told once
    assert claim in ev.claims and ex.unlocated_claims == []
    assert claim.quote == text[claim.span_start : claim.span_end]
    assert claim.quote.startswith("At least 15 people")


@pytest.mark.parametrize(
    "text",
    [
        # A lead summing up strikes on several places.
        "At least 40 people were killed in Russian air strikes across northern Syria. "
        "Russian jets struck Khan Shaykhun.",
        # A lead whose toll two strikes placed after it may share.
        "At least 20 people were killed by Russian air strikes in northern Syria. Russian "
        "warplanes hit Khan Shaykhun. Russian jets also struck Jisr al-Shughur.",
        # Another striker.
        "Ten people were killed in Israeli air strikes in Syria. Russian jets struck "
        "Khan Shaykhun.",
        # Another weapon.
        "Five people were killed by Russian shelling in Syria. Russian warplanes struck "
        "Khan Shaykhun.",
        # Another day.
        "Russian air strikes killed eight people in Syria on Sunday. Russian jets struck "
        "Khan Shaykhun on Monday.",
        # Nothing says it is the same strike.
        "At least seven people were killed in strikes in Syria. A market was hit in Khan Shaykhun.",
        # A smaller toll of the placed strike: the earlier one sums more than it.
        "At least 20 people were killed by Russian air strikes in Syria. Russian jets "
        "struck Khan Shaykhun, killing three people.",
        # Another paragraph, past the lead.
        "Russian jets struck Hama on Monday.\n\nAt least nine people were killed by Russian "
        "air strikes in Syria.\n\nRussian warplanes hit Khan Shaykhun.",
    ],
)
def test_an_earlier_toll_stays_out_of_a_strike_it_may_not_belong_to(
    text: str, fake: FakeGazetteer
) -> None:
    ex = _ex(text, fake)
    [earlier] = [c for c in ex.unlocated_claims if not c.casualties.is_empty()]
    assert all(earlier not in e.claims for e in ex.events)
