"""Scoring the multilingual dev files: places near the silver ones, actors against the flag."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from multilingual_places import multilingual_index

from strikemap.evaluate_multilingual import evaluate_file
from strikemap.gazetteer.index import Gazetteer

_COLUMNS = ("id", "lang", "published", "text", "alt_places", "actor", "event_date")
_KHARKIV = json.dumps([["Kharkiv", "Kharkiv Oblast", 49.99, 36.23]])
_IDLIB = json.dumps([["Idlib", "Idlib", 35.93, 36.63]])


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return multilingual_index(Path(tmp_path_factory.mktemp("ml-gaz")))


def _dev_file(
    directory: Path, rows: list[tuple[str, str]], lang: str = "uk", places: str = _KHARKIV
) -> Path:
    path = directory / f"strike_reports_{lang}_dev.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(_COLUMNS)
        for n, (text, actor) in enumerate(rows):
            writer.writerow((f"r{n}", lang, "2024-05-15", text, places, actor, "2024-05-15"))
    return path


def test_actor_agreement_counts_flagged_reports_with_events(gaz: Gazetteer, tmp_path) -> None:
    path = _dev_file(
        tmp_path,
        [
            ("Окупанти обстріляли Харків.", "Russia (VIINA classifier)"),
            ("ЗСУ вдарили по Харкову.", "Russia (VIINA classifier)"),
            ("Ракетний удар по Харкову.", "Ukraine (VIINA classifier)"),  # no actor named
            ("Ракетний удар по Харкову вночі.", "Russia|Ukraine (VIINA classifier)"),  # two
            ("Дощ у Харкові.", "Russia (VIINA classifier)"),  # no event: not counted
            ("Окупанти обстріляли Харків знову.", ""),  # no flag: not counted
        ],
    )
    score = evaluate_file(path, gaz)
    assert (score.actor_flagged, score.actor_agrees) == (3, 1)
    assert score.figures()["actor_agrees_with_flag"] == pytest.approx(33.3)
    assert "actor = flag  33.3% of 3" in score.line()
    assert score.located == 5


def test_airwars_belligerents_are_read_as_actors(gaz: Gazetteer, tmp_path) -> None:
    path = _dev_file(
        tmp_path,
        [
            ("غارات للطيران الروسي على إدلب", "Russian Military"),
            ("قصف صاروخي لقوات سوريا الديمقراطية على إدلب", "YPG"),  # the SDF, at its core
            ("غارة للتحالف الدولي على إدلب", "U.S.-led Coalition, Russian Military"),  # two
        ],
        lang="ar",
        places=_IDLIB,
    )
    score = evaluate_file(path, gaz)
    assert (score.actor_flagged, score.actor_agrees) == (2, 2)
