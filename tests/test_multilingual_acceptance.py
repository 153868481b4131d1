"""Acceptance: reading Ukrainian, Russian and Arabic on the held-out dev rows in ../shared.

Copies the real gazetteer, imports GeoNames UA.zip and OCHA Syria into the copy (the
default gazetteer is never modified), and scores the held-out 30% of each dev file
(rows no rule was written on) against floors a few points under the figures measured
when the reader was written (benchmarks/README.md). Skips when ../shared is absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REAL_GAZETTEER, SHARED
from strikemap.evaluate_multilingual import evaluate_file
from strikemap.gazetteer.importers import import_geonames, import_ocha
from strikemap.gazetteer.index import Gazetteer, load_gazetteer

DEV = SHARED / "eval-dev" / "multilingual"
SOURCES = SHARED / "gazetteer-sources"
OCHA = SOURCES / "ocha-cod-syria-2015_geojson"

pytestmark = [
    pytest.mark.acceptance,
    pytest.mark.slow,  # copies the real gazetteer and imports two layers (~30 s)
    pytest.mark.skipif(
        not (DEV.is_dir() and (SOURCES / "geonames" / "UA.zip").is_file()),
        reason=f"shared development data absent ({SHARED})",
    ),
    pytest.mark.skipif(
        not (Path(REAL_GAZETTEER) / "index.sqlite").is_file(),
        reason=f"no default gazetteer at {REAL_GAZETTEER} (run `strikemap gazetteer build`)",
    ),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("gaz-ml") / "gazetteer"
    shutil.copytree(REAL_GAZETTEER, d)
    import_geonames(SOURCES / "geonames" / "UA.zip", directory=d)
    for name in ("syr_admin4_point", "syr_admin1", "syr_admin2"):
        import_ocha(OCHA / f"{name}.geojson", directory=d)
    return load_gazetteer(d, build=False)


@pytest.mark.parametrize(
    ("lang", "located", "events"),
    [("uk", 74.0, 71.0), ("ru", 78.0, 76.0)],
)
def test_ukrainian_and_russian_held_out_reports_are_located(
    gaz: Gazetteer, lang: str, located: float, events: float
) -> None:
    score = evaluate_file(DEV / f"strike_reports_{lang}_dev.csv", gaz, part="held-out")
    f = score.figures()
    assert f["located_25km"] >= located, score.line()
    assert f["events_near_25km"] >= events, score.line()
    assert f["date_ok_of_located"] >= 90.0, score.line()


def test_arabic_held_out_gold_reports_are_located(gaz: Gazetteer) -> None:
    score = evaluate_file(DEV / "strike_reports_ar_dev.csv", gaz, part="held-out", gold_only=True)
    f = score.figures()
    assert f["located_25km"] >= 72.0, score.line()
    assert f["located_10km"] >= 65.0, score.line()
