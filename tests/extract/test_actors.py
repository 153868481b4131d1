"""Who struck: the actor of a strike verb (also second in a pair of verbs), a country named
before "forces", armed groups as actors rather than places, speakers (a side, a military
that speaks) who are no strikers, state militaries, and government or coalition aircraft
read as the government or coalition of the report's war; weapons and platforms as weak
evidence of whose they are; coalition members as their coalition; a state body telling of
its own forces' strike; what an armed group owns or holds as its target, never its
strike; "the armed forces of X" as X; and the subject of a passive harm verb ("soldiers were
killed") as the one struck."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extract_fakes import FakeGazetteer
from sample_gazetteers import MIDEAST_REPORT_DATE, mideast_index, strict_fake_gazetteer
from strikemap.extract import extract_report
from strikemap.extract.actors import best_actor, find_actor_mentions, load_actor_table
from strikemap.gazetteer.base import GazetteerLike
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Extraction
from strikemap.read import read_text


def _run(text: str, gaz: GazetteerLike, published: dt.date | None = None) -> Extraction:
    return extract_report(read_text(text, source_id="t", published=published), gaz)


@pytest.fixture()
def strict_fake() -> FakeGazetteer:
    return strict_fake_gazetteer()


@pytest.fixture(scope="module")
def mideast(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return mideast_index(tmp_path_factory.mktemp("mideast"))


# ---------------------------------------------------------------- the striker's words
def test_strike_verb_second_in_a_pair_of_verbs_marks_the_striker(tmp_path: Path) -> None:
    csv_path = tmp_path / "actors.csv"
    csv_path.write_text("actor,alias\nRiver Front,RFM\n", encoding="utf-8")
    table = load_actor_table(csv_path)
    s = "On 2 May 2022, the RFM loaded and fired rockets at an army post."
    assert best_actor(find_actor_mentions(s, table)) == "River Front"


def test_country_name_before_forces_is_the_striker(strict_fake: FakeGazetteer) -> None:
    ex = _run(
        "On 21 February 2022, artillery shells fired by Pakistan forces hit a house in Khost.",
        strict_fake,
    )
    [ev] = ex.events
    assert ev.actor == "Pakistan"
    assert ev.location.name == "Khost"


def test_armed_groups_are_actors_not_places(mideast: Gazetteer) -> None:
    ex = _run(
        "The Israeli military said it struck a Hamas command post in Khan Younis. "
        "Islamic Jihad fired rockets from Gaza on Thursday.",
        mideast,
        MIDEAST_REPORT_DATE,
    )
    # "Hamas" is the target's owner, not a place left unresolved (nor Hamm, Germany);
    # "Islamic Jihad" is the striker.
    assert [u.name for u in ex.unresolved] == []
    assert {(e.location.name, e.actor) for e in ex.events} >= {("Khan Younis", "Israel")}
    actors = {a.actor for a in find_actor_mentions("Hezbollah fired rockets.", load_actor_table())}
    assert actors == {"Hezbollah"}


# ---------------------------------------------------------------- speakers
def test_speaker_named_by_its_side_is_not_the_striker(mideast: Gazetteer) -> None:
    text = (
        "US warplanes struck radar sites near Sanaa on Saturday, the Pentagon said. "
        "Houthi media said strikes also hit al-Dailami airbase north of Sanaa."
    )
    ex = _run(text, mideast, MIDEAST_REPORT_DATE)
    by_place = {e.location.name: e.actor for e in ex.events}
    assert by_place["al-Dailami airbase"] == "United States"
    # "north of Sanaa" describes the air base: no second strike there.
    assert "north of Sanaa" not in by_place


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        # The speaking military is not the striker; the missiles' nationality is.
        ("Pakistan's military said Indian missiles hit Bahawalpur.", "India"),
        ("India said on Wednesday it had struck Bahawalpur.", "India"),
        ("Russian forces said they hit Kharkiv overnight.", "Russia"),
        ("A Nigerian army drone attack killed 85 civilians in Kaduna.", "Nigeria"),
        ("The Ethiopian National Defense Force bombed a market.", "Ethiopia"),
    ],
)
def test_striker_among_speakers_and_state_militaries(sentence: str, actor: str) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table())) == actor


def test_speaking_military_alone_is_no_striker() -> None:
    mentions = find_actor_mentions(
        "Pakistan's military said missiles hit Bahawalpur.", load_actor_table()
    )
    assert best_actor(mentions) is None


# ---------------------------------------------------------------- the report's war
@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Rapid Support Forces shelled the camp on Friday.", "Rapid Support Forces"),
        ("Sudanese army warplanes bombed RSF positions.", "Sudan"),
    ],
)
def test_sudan_war_actors(sentence: str, actor: str) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), ("SD",))) == actor


@pytest.mark.parametrize(("country", "actor"), [("SY", "Syria"), ("UA", None)])
def test_government_aircraft_are_the_government_of_that_war(
    country: str, actor: str | None
) -> None:
    text = "Government helicopters dropped barrel bombs on the district."
    assert best_actor(find_actor_mentions(text, load_actor_table(), (country,))) == actor


@pytest.mark.parametrize(
    ("country", "actor"), [("SY", "US-led coalition"), ("YE", "Saudi-led coalition")]
)
def test_coalition_aircraft_are_the_coalition_of_that_war(country: str, actor: str) -> None:
    found = find_actor_mentions(
        "Coalition aircraft struck positions.", load_actor_table(), (country,)
    )
    assert best_actor(found) == actor


# ---------------------------------------------------------------- weapons and platforms
@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        ("Shahed drones struck the port overnight.", "UA", "Russia"),
        ("Iranian-made Shahed drones struck the port overnight.", "UA", "Russia"),
        ("A Kalibr cruise missile hit an apartment block.", "UA", "Russia"),
        ("Glide bombs hit the city centre.", "UA", "Russia"),
        ("A HIMARS strike hit an ammunition depot.", "UA", "Ukraine"),
        ("Helicopters dropped barrel bombs on the market.", "SY", "Syria"),
        # The same weapons in another war say nothing.
        ("A HIMARS strike hit an ammunition depot.", "SY", None),
        ("Helicopters dropped barrel bombs on the market.", "UA", None),
    ],
)
def test_a_weapon_tells_whose_strike_it_was(sentence: str, country: str, actor: str | None) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), (country,))) == actor


def test_a_named_striker_outweighs_a_weapon() -> None:
    text = "Ukrainian forces fired captured Kalibr missiles at the bridge."
    assert best_actor(find_actor_mentions(text, load_actor_table(), ("UA",))) == "Ukraine"


def test_weapons_come_from_the_actor_table(tmp_path: Path) -> None:
    csv_path = tmp_path / "actors.csv"
    csv_path.write_text(
        "actor,alias,country,kind\nRiver Front,RFM\nRiver Front,Thunderbolt,,weapon\n",
        encoding="utf-8",
    )
    table = load_actor_table(csv_path)
    [m] = find_actor_mentions("A Thunderbolt rocket hit the depot.", table)
    assert (m.actor, m.score, m.agent) == ("River Front", 1, False)


# ---------------------------------------------------------------- coalitions
@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        ("Belgian F-16s struck targets near the town.", "IQ", "US-led coalition"),
        ("Two Dutch F-16 jets bombed a headquarters.", "SY", "US-led coalition"),
        ("British Tornado jets carried out strikes on the bridge.", "IQ", "US-led coalition"),
        ("Jordanian warplanes struck the depot.", "SY", "US-led coalition"),
        ("Coalition jets struck the town.", "SY", "US-led coalition"),
        # Outside the coalition's war a member strikes under its own name.
        ("British Tornado jets carried out strikes on the bridge.", "LY", "United Kingdom"),
    ],
)
def test_coalition_members_strike_as_their_coalition(
    sentence: str, country: str, actor: str
) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), (country,))) == actor


# ---------------------------------------------------------------- a speaker's own strike
@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("The Russian defence ministry said its forces hit an ammunition depot.", "Russia"),
        ("Russia's defence ministry said its aircraft had struck a command post.", "Russia"),
        ("The Israeli military said it struck a compound inside the school.", "Israel"),
        ("The coalition said its aircraft struck a bridge.", "US-led coalition"),
    ],
)
def test_a_state_body_telling_of_its_own_strike_is_the_striker(sentence: str, actor: str) -> None:
    found = find_actor_mentions(sentence, load_actor_table(), ("SY",))
    assert best_actor(found) == actor


# ---------------------------------------------------------------- affiliation words
@pytest.mark.parametrize(
    "sentence",
    [
        "Air strikes hit Houthi military sites near the port.",
        "Jets struck a Hamas compound in the camp.",
        "Strikes hit IS positions and an Islamic State command post.",
        "Warplanes struck the Islamic State-held town overnight.",
        "Drones hit Russian military bases in the region.",
    ],
)
def test_what_a_group_owns_or_holds_names_the_target_not_the_striker(sentence: str) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table())) is None


def test_a_group_operating_under_a_force_strikes_as_that_force() -> None:
    text = "On 16 April 2022, JWS, which operates under OPS, shelled the village."
    assert best_actor(find_actor_mentions(text, load_actor_table(), ("SY",))) == "Turkey"


def test_belgian_jets_over_an_islamic_state_held_town_are_the_coalition(
    strict_fake: FakeGazetteer,
) -> None:
    ex = _run(
        "Belgian F-16s struck Islamic State positions in the IS-held city of Raqqa on Monday.",
        strict_fake,
        dt.date(2016, 8, 10),
    )
    assert {(e.location.name, e.actor) for e in ex.events} == {("Raqqa", "US-led coalition")}


# ---------------------------------------------------------------- forces of a country
@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("The armed forces of Ukraine fired mortars at the village.", "Ukraine"),
        ("Military Forces of Russia shelled the outskirts of the town.", "Russia"),
        # Whose positions were hit is the target, whatever the phrase before it.
        ("Separatists fired at positions of the armed forces of Ukraine.", None),
        ("Rebels fired in the direction of the military forces of Ukraine.", None),
    ],
)
def test_forces_of_a_country_strike_as_that_country(sentence: str, actor: str | None) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), ("UA",))) == actor


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 40 Ukrainian soldiers were killed near the town.",
        "Ukrainian troops were shelled near the town.",
        "The military forces of Ukraine were shelled with mortars.",
    ],
)
def test_the_subject_of_a_passive_harm_verb_is_no_striker(sentence: str) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), ("UA",))) is None


def test_a_passive_fired_weapon_stays_its_owners() -> None:
    text = "Russian missiles were fired at the port overnight."
    assert best_actor(find_actor_mentions(text, load_actor_table(), ("UA",))) == "Russia"


def test_forces_doing_the_shelling_are_the_striker() -> None:
    text = "Russian forces were shelling the town all night."
    assert best_actor(find_actor_mentions(text, load_actor_table(), ("UA",))) == "Russia"


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        ("A drone strike attributed to Turkey hit a car near the town.", "SY", "Turkey"),
        ("The shelling was blamed on Russian forces.", "UA", "Russia"),
    ],
)
def test_a_strike_attributed_to_a_side_is_that_sides(
    sentence: str, country: str, actor: str
) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), (country,))) == actor


def test_a_state_body_abbreviated_tells_of_its_own_strike() -> None:
    text = "The Russian MoD claimed that its forces struck a depot near the river."
    assert best_actor(find_actor_mentions(text, load_actor_table(), ("UA",))) == "Russia"


def test_air_defences_that_intercept_a_strike_are_not_its_striker() -> None:
    text = "Syrian air defences intercepted Israeli missiles over the capital."
    assert best_actor(find_actor_mentions(text, load_actor_table(), ("SY",))) == "Israel"


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        ("Ukraine's air force said it shot down 21 of 23 cruise missiles.", "UA", None),
        ("The Israeli military said it had intercepted two drones from Yemen.", "PS", None),
        ("Israel intercepted most of the rockets fired by Hamas.", "PS", "Hamas"),
        # Downing an aircraft is the shooter's own strike.
        ("Ukrainian forces shot down a Russian Su-34 jet over Donetsk.", "UA", "Ukraine"),
    ],
)
def test_a_side_that_downs_incoming_munitions_is_not_their_striker(
    sentence: str, country: str, actor: str | None
) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), (country,))) == actor


def test_a_defenders_statement_names_no_striker_for_the_next_strike(
    strict_fake: FakeGazetteer,
) -> None:
    text = (
        "Ukraine's air force said it shot down 21 of 23 cruise missiles launched overnight. "
        "In Kramatorsk, a woman was killed when a missile hit a private house."
    )
    ex = _run(text, strict_fake)
    assert [e.location.name for e in ex.events] == ["Kramatorsk"]
    assert ex.events[0].actor is None


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        # The country where the striker is, is no striker.
        ("Russian forces in Ukraine launched missiles at Kyiv.", "UA", "Russia"),
        ("Turkish jets in northern Iraq bombed PKK positions.", "IQ", "Turkey"),
        ("Rebels in eastern Ukraine fired rockets at Mariupol.", "UA", None),
        # A backer is no striker; rebels who fire are.
        ("Russian-backed separatists shelled Avdiivka.", "UA", None),
        ("Houthi rebels in Yemen fired a ballistic missile toward Eilat.", "YE", "Houthis"),
        ("Two Houthi rebels were killed in the raid.", "YE", None),
    ],
)
def test_where_the_striker_is_and_who_backs_it_are_not_the_striker(
    sentence: str, country: str, actor: str | None
) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), (country,))) == actor


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        ("A Russian guided bomb hit a crowded hardware store.", "UA", "Russia"),
        ("A Russian aerial bomb hit the school.", "UA", "Russia"),
        ("An Israeli munition struck the house.", "PS", "Israel"),
        # A bomb-making workshop is a target, and its owner no striker.
        ("Israeli jets struck a Hamas bomb-making workshop.", "PS", "Israel"),
    ],
)
def test_a_qualified_munition_in_the_singular_tells_its_owner(
    sentence: str, country: str, actor: str
) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), (country,))) == actor


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        ("Malian FAMa and Wagner conducted airstrikes near the river.", "ML", "Mali"),
        ("Saudi border guards fired artillery shells at the district.", "YE", "Saudi Arabia"),
        ("Anti-Houthi forces shelled Houthi positions near the port.", "YE", "Yemen"),
        ("Joint Forces shelled Houthi positions near the port.", "YE", "Yemen"),
        ("SAC troops shelled a village near the river.", "MM", "Myanmar"),
    ],
)
def test_coordinated_strikers_and_affiliation_names_tell_the_striker(
    sentence: str, country: str, actor: str
) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), (country,))) == actor


def test_victims_coordinated_with_a_passive_verb_are_no_strikers() -> None:
    text = "Civilians and Ukrainian soldiers were killed near the bridge."
    assert best_actor(find_actor_mentions(text, load_actor_table(), ("UA",))) is None


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("The UAE said it would respond, and the Saudi-led coalition struck Sanaa that night.",
         "Saudi-led coalition"),
        # Without the comma, "and" joins the targets of the first verb.
        ("Israeli jets struck Hamas and Hezbollah targets.", "Israel"),
    ],
)  # fmt: skip
def test_a_new_clause_after_a_comma_names_its_own_striker(sentence: str, actor: str) -> None:
    assert best_actor(find_actor_mentions(sentence, load_actor_table(), ("YE",))) == actor
