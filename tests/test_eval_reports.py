"""The report scorer: the lenient/strict matching rule, one-to-one matching, FA-KES dirs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extract_fakes import FakeGazetteer
from strikemap.evaluate_reports import (
    GoldEvent,
    Score,
    evaluate_fakes_dir,
    evaluate_notes_csv,
    score_events,
)
from strikemap.extract.actors import load_actor_table
from strikemap.model import Claim, Event, Extraction, Location, Report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
DAY = dt.date(2022, 6, 12)


def _event(lat: float, lon: float, radius: float, quote: str = "q") -> Event:
    loc = Location("P", lat, lon, "admin1" if radius > 20 else "town", radius)
    claim = Claim("r", quote, 0, len(quote))
    return Event(loc, DAY, "day", "Russia", [claim])


def _extraction(*events: Event) -> Extraction:
    rep = Report("r", "r", None, None, "q", DAY, "user")
    return Extraction(rep, list(events))


def test_gold_inside_the_predicted_radius_matches_but_not_strictly() -> None:
    gold = GoldEvent("g", "Village", 48.0, 38.0, DAY, tolerance_km=10.0)
    # 0.5 degrees of latitude is ~55 km: inside a 60 km province radius, outside 10 km.
    score = Score()
    score_events([gold], _extraction(_event(48.5, 38.0, 60.0)), score, load_actor_table())
    assert (score.gold_matched, score.gold_matched_strict) == (1, 0)
    assert (score.predicted_matched, score.predicted_matched_strict) == (1, 0)
    assert score.within_25 == 0
    assert "max(gold tolerance, predicted uncertainty_km)" in score.format()
    small = Score()
    score_events([gold], _extraction(_event(48.5, 38.0, 2.0)), small, load_actor_table())
    assert small.gold_matched == 0 and small.misses


def test_one_event_cannot_match_two_distinct_gold_strikes() -> None:
    g1 = GoldEvent("a", "A", 48.0, 38.0, DAY, tolerance_km=30.0, evidence="alpha words")
    g2 = GoldEvent("b", "B", 48.3, 38.0, DAY, tolerance_km=30.0, evidence="beta words")
    score = Score()
    score_events([g1, g2], _extraction(_event(48.1, 38.0, 5.0)), score, load_actor_table())
    assert score.gold_matched == 1
    # ... unless the gold says it is the same strike (two claims about one event).
    g3 = GoldEvent("c", "A", 48.3, 38.0, DAY, tolerance_km=30.0, same_as="a")
    shared = Score()
    score_events([g1, g3], _extraction(_event(48.1, 38.0, 5.0)), shared, load_actor_table())
    assert shared.gold_matched == 2


def test_evidence_decides_which_event_a_gold_strike_matches() -> None:
    g1 = GoldEvent("a", "A", 48.0, 38.0, DAY, tolerance_km=80.0, claimant="the ministry",
                   evidence="the ministry said depots were hit")  # fmt: skip
    e_near = _event(48.0, 38.0, 5.0, "rebels said a mosque was hit")
    e_far = _event(48.2, 38.0, 5.0, "the ministry said depots were hit")
    e_far.claims[0] = Claim("r", "the ministry said depots were hit", 0, 5, "the ministry")
    score = Score()
    score_events([g1], _extraction(e_near, e_far), score, load_actor_table())
    assert score.claimant_ok == 1


def test_fakes_directory_scoring() -> None:
    score = evaluate_fakes_dir(FIXTURES / "fakes", FakeGazetteer())
    assert score.articles == 2
    assert score.found == 2
    assert score.is_actor == 0
    assert score.actor_ok == score.events_in_gov
    assert score.civilians_ok == 2
    assert "governorate found 100.0%" in score.format()


def test_notes_tolls_are_scored_against_the_coded_fatalities(tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text(
        "id,published,text,latitude,longitude,geo_precision,date,actor,fatalities\n"
        'a,2022-05-02,"On 2 May 2022, Russian forces shelled Kramatorsk. Two civilians were '
        'killed.",48.7231,37.5563,1,2022-05-02,Russia,2\n'
        'b,2022-05-02,"On 2 May 2022, Russian forces shelled Kramatorsk. Casualties '
        'unknown.",48.7231,37.5563,1,2022-05-02,Russia,0\n'
        'c,2022-05-02,"On 2 May 2022, Russian forces shelled Kramatorsk. An unknown number '
        'were killed.",48.7231,37.5563,1,2022-05-02,Russia,5\n',
        encoding="utf-8",
    )
    score = evaluate_notes_csv(notes, FakeGazetteer())
    assert (score.toll_ok, score.toll_n, score.no_toll_ok, score.no_toll_n) == (1, 2, 1, 1)
    assert "toll found         50.0% (1/2)" in score.format()
