"""The seed article end to end: CLI ingest with the real default gazetteer, GeoJSON export.

Reads ../shared/samples (skips with the reason when absent, as on a user's machine).
"""

import json
import math

import pytest
from click.testing import CliRunner

from conftest import shared_path
from strikemap.cli import main

pytestmark = pytest.mark.acceptance


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def seed_export(tmp_path_factory: pytest.TempPathFactory) -> dict:
    article = shared_path("samples", "seed-article.txt")
    tmp = tmp_path_factory.mktemp("seed")
    db = f"sqlite:///{tmp / 'seed.db'}"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(article), "--published", "2015-10-01", "--db", db])
    assert result.exit_code == 0, result.output
    out = tmp / "seed.geojson"
    result = runner.invoke(main, ["export", "--format", "geojson", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text())


def test_jisr_al_shughur_strike_by_russia_on_the_day(seed_export: dict) -> None:
    hits = [
        f
        for f in seed_export["features"]
        if _km(f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0], 35.8126, 36.3177)
        <= 5
        and f["properties"]["date"] == "2015-10-01"
        and f["properties"]["actor"] == "Russia"
    ]
    assert hits, [f["properties"]["place"] for f in seed_export["features"]]
    claimants = {c["claimant"] for f in hits for c in f["properties"]["claims"]}
    assert any(c and "security source" in c for c in claimants)


def test_footer_and_other_non_strike_places_are_not_mapped(seed_export: dict) -> None:
    gold = json.loads(shared_path("samples", "seed-article.gold.json").read_text())
    mapped = {f["properties"]["place"].lower() for f in seed_export["features"]}
    for item in gold["not_strike_locations"]:
        assert item["place"].lower() not in mapped, item


def test_whole_gold_file(seed_export: dict) -> None:
    """All 8 gold strike reports are found within tolerance, with their dates."""
    gold = json.loads(shared_path("samples", "seed-article.gold.json").read_text())
    features = seed_export["features"]
    for g in gold["events"]:
        near = [
            f
            for f in features
            if _km(
                f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0], g["lat"], g["lon"]
            )
            <= g["tolerance_km"]
            and f["properties"]["date"] == g["date"]
            and f["properties"]["actor"] == "Russia"
        ]
        assert near, f"gold {g['id']} ({g['place']}, {g['date']}) not found"
    e8 = [f for f in features if f["properties"]["date"] == "2015-09-30"]
    claims = [c for f in e8 for c in f["properties"]["claims"]]
    assert any((c["casualties"] or {}).get("civilians_killed") == 36 for c in claims)
    assert any(c["denial"] and "Lavrov" in (c["denied_by"] or "") for c in claims)
