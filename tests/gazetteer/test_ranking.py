"""The fitted ranker: conditional logit, isotonic calibration, the model file."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from strikemap.gazetteer.features import PRIOR_FEATURES
from strikemap.gazetteer.ranking import (
    RankerFileError,
    RankerModel,
    fit_conditional_logit,
    fit_isotonic,
    load_model,
    save_model,
    softmax,
)


def _groups(n: int, seed: int = 0) -> list[tuple[np.ndarray, int]]:
    """Mentions of 4 candidates where feature 0 marks the right one, feature 1 is noise."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        x = rng.normal(size=(4, 2))
        right = int(rng.integers(4))
        x[:, 0] = 0.0
        x[right, 0] = 1.0
        out.append((x, right))
    return out


def test_conditional_logit_learns_the_deciding_feature():
    w = fit_conditional_logit(_groups(200), l2=0.1)
    assert w[0] > 2.0
    assert abs(w[1]) < 0.5
    x, right = _groups(1, seed=7)[0]
    assert int(np.argmax(softmax(x @ w))) == right


def test_isotonic_calibration_is_monotone_and_pinned():
    rng = np.random.default_rng(1)
    probs = rng.uniform(size=500)
    right = rng.uniform(size=500) < probs  # answers right as often as they claim
    knots = fit_isotonic(probs.tolist(), right.tolist())
    values = [v for _, v in knots]
    assert knots[0] == (0.0, 0.0)
    assert all(a <= b for a, b in itertools.pairwise(values))
    model = RankerModel(np.zeros(2), (), knots, 0.2)
    assert model.calibrated(0.0) == 0.0
    assert 0.3 < model.calibrated(0.5) < 0.7


def _model() -> RankerModel:
    n = len(PRIOR_FEATURES)
    return RankerModel(np.arange(n, dtype=float), (np.ones(n + 3),), ((0.0, 0.0), (1.0, 0.9)), 0.2)


def test_model_file_round_trip(tmp_path: Path):
    path = tmp_path / "ranker.json"
    save_model(_model(), path)
    back = load_model(path)
    assert back.prior_weights.tolist() == _model().prior_weights.tolist()
    assert back.calibration == ((0.0, 0.0), (1.0, 0.9))


def test_truncated_model_file_is_refused_with_a_rebuild_hint(tmp_path: Path):
    path = tmp_path / "ranker.json"
    save_model(_model(), path)
    path.write_text(path.read_text()[:40])
    with pytest.raises(RankerFileError, match="fit_ranker"):
        load_model(path)


def test_edited_weights_fail_the_checksum(tmp_path: Path):
    path = tmp_path / "ranker.json"
    save_model(_model(), path)
    doc = json.loads(path.read_text())
    doc["prior_weights"][0] = 99.0
    path.write_text(json.dumps(doc))
    with pytest.raises(RankerFileError, match="checksum"):
        load_model(path)


def test_shipped_model_loads_and_matches_the_features():
    model = load_model()
    assert len(model.prior_weights) == len(PRIOR_FEATURES)
    assert model.context_weights
    assert 0.0 < model.abstain_below < 0.5


def test_shipped_spot_filter_loads_and_keeps_places_over_people():
    from strikemap.gazetteer.spot_filter import SPOT_FEATURES, load_filter
    from strikemap.geoparsing import default_geoparser

    spot = load_filter()
    assert len(spot.weights) == len(SPOT_FEATURES)
    text = "Officer Brown said the fire in Lincoln, Nebraska spread overnight."
    found = [m.text for m in default_geoparser().parse(text)]
    assert "Brown" not in found
    assert "Lincoln" in found


def test_a_corrupt_spot_filter_is_refused(tmp_path: Path):
    from strikemap.gazetteer.model_files import ModelFileError
    from strikemap.gazetteer.spot_filter import SpotFilter, load_filter, save_filter

    path = tmp_path / "spot.json"
    save_filter(SpotFilter(np.zeros(3)), path)
    with pytest.raises(ModelFileError, match="other features"):
        load_filter(path)
    path.write_text("{")
    with pytest.raises(ModelFileError, match="unreadable"):
        load_filter(path)
