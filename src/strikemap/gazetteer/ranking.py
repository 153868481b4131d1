"""The fitted ranker: a conditional logit over a mention's candidates, and its calibration.

For one mention with candidates ``c_1..c_n`` and feature rows ``x_1..x_n`` the model
gives ``P(c_j) = exp(w . x_j) / sum_k exp(w . x_k)``. Weight vectors are fitted
in rounds: the *prior* one on the mention alone, then one per *context* round, which
adds the document features computed from the previous round's answers (see
:mod:`strikemap.gazetteer.features`).

The top probability is then calibrated (an isotonic curve fitted on answers the ranker
did not see while fitting) into the chance that the answer lies within 161 km of the
truth; a mention whose calibrated confidence is below
``abstain_below`` is left unresolved.

The model ships as a small JSON file with a checksum (``data/gazetteer/ranker.json``);
``scripts/fit_ranker.py`` refits it from the development corpora.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from strikemap import settings
from strikemap.gazetteer.features import CONTEXT_FEATURES, PRIOR_FEATURES
from strikemap.gazetteer.model_files import ModelFileError, read_checked_json, write_checked_json

NULL_COLUMN = PRIOR_FEATURES.index("none_of_these")

MODEL_FORMAT = 3
"""Version of the model file layout; a file of another version is refused."""


class RankerFileError(ModelFileError):
    """The ranker file is missing, truncated, corrupted or of another version."""


@dataclass(frozen=True, slots=True)
class RankerModel:
    """Fitted weights, calibration and the abstention threshold."""

    prior_weights: np.ndarray
    context_weights: tuple[np.ndarray, ...]
    """One weight vector per context round (each round re-reads the previous answers)."""
    calibration: tuple[tuple[float, float], ...]
    """Knots (top probability, share right) of the isotonic calibration curve."""
    abstain_below: float
    meta: dict[str, Any] = field(default_factory=dict)

    def prior_probabilities(self, x: np.ndarray) -> np.ndarray:
        """Probabilities of the candidates (rows of ``x``) and, last, of none of them."""
        return probabilities_with_null(x, self.prior_weights)

    def calibrated(self, top_probability: float) -> float:
        """Return the calibrated chance that the top answer is right (within 161 km)."""
        xs = [k[0] for k in self.calibration]
        ys = [k[1] for k in self.calibration]
        return float(np.interp(top_probability, xs, ys))


def softmax(scores: np.ndarray) -> np.ndarray:
    """Numerically stable softmax of one group's scores."""
    if scores.size == 0:
        return scores
    z = np.exp(scores - scores.max())
    return np.asarray(z / z.sum())


def probabilities_with_null(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Softmax over the candidates' scores and the "none of these" score (last).

    The same as ``softmax(with_null_row(x) @ weights)`` without building the row: the
    null row's score is its own weight, every other feature being 0 on it.
    """
    scores = np.empty(len(x) + 1)
    scores[:-1] = x @ weights
    scores[-1] = weights[NULL_COLUMN]
    return softmax(scores)


def fit_conditional_logit(
    groups: Sequence[tuple[np.ndarray, int]], l2: float = 1.0, iterations: int = 50
) -> np.ndarray:
    """Fit conditional-logit weights by Newton's method with an L2 penalty.

    Parameters
    ----------
    groups
        One (feature matrix, index of the right row) pair per training mention.
    l2
        Ridge penalty (keeps weights finite on separable data and small features).
    iterations
        Newton steps at most (it converges in about ten).

    Returns
    -------
    numpy.ndarray
        The weight vector.
    """
    if not groups:
        raise ValueError("no training mentions")
    dim = groups[0][0].shape[1]
    w = np.zeros(dim)
    for _ in range(iterations):
        grad = -l2 * w
        hess = -l2 * np.eye(dim)
        for x, y in groups:
            p = softmax(x @ w)
            mu = p @ x
            grad += x[y] - mu
            hess -= (x * p[:, None]).T @ x - np.outer(mu, mu)
        step = np.linalg.solve(hess, grad)
        w = w - step
        if float(np.abs(step).max()) < 1e-7:
            break
    return w


def fit_isotonic(
    top_probabilities: Sequence[float], correct: Sequence[bool], bins: int = 20
) -> tuple[tuple[float, float], ...]:
    """Fit a monotone map from top probability to the share of right answers.

    Pool-adjacent-violators over the answers sorted by probability, summarised as at
    most ``bins`` (probability, calibrated) knots that :meth:`RankerModel.calibrated`
    interpolates linearly. The ends are pinned to (0, 0) and (1, last value).
    """
    pairs = sorted(zip(top_probabilities, correct, strict=True))
    blocks: list[list[float]] = []  # [sum of right, count, mean probability]
    for p, ok in pairs:
        blocks.append([1.0 if ok else 0.0, 1.0, p])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            right, n, mean = blocks.pop()
            prev = blocks[-1]
            prev[2] = (prev[2] * prev[1] + mean * n) / (prev[1] + n)
            prev[0] += right
            prev[1] += n
    knots = [(b[2], b[0] / b[1]) for b in blocks]
    if len(knots) > bins:
        step = len(knots) / bins
        knots = [knots[int(i * step)] for i in range(bins)] + [knots[-1]]
    out = [(0.0, 0.0), *((round(p, 4), round(v, 4)) for p, v in knots), (1.0, knots[-1][1])]
    return tuple(out)


def default_model_path() -> Path:
    """Return the shipped ranker file."""
    return settings.data_dir() / "gazetteer" / "ranker.json"


def _payload(model: RankerModel) -> dict[str, Any]:
    return {
        "format": MODEL_FORMAT,
        "prior_features": list(PRIOR_FEATURES),
        "context_features": list(CONTEXT_FEATURES),
        "prior_weights": [round(float(v), 6) for v in model.prior_weights],
        "context_weights": [[round(float(v), 6) for v in w] for w in model.context_weights],
        "calibration": [list(k) for k in model.calibration],
        "abstain_below": model.abstain_below,
        "meta": model.meta,
    }


def save_model(model: RankerModel, path: Path) -> None:
    """Write the model as JSON with a checksum of its content."""
    write_checked_json(_payload(model), path)


def load_model(path: Path | None = None) -> RankerModel:
    """Read a model file, refusing anything that does not check out.

    Raises
    ------
    RankerFileError
        When the file is missing, is not JSON, fails its checksum, is of another
        format or lists other features than this code computes.
    """
    path = path or default_model_path()
    hint = "refit it with `python scripts/fit_ranker.py` or restore it from the repository"
    try:
        doc = read_checked_json(path, "ranker file", hint, MODEL_FORMAT)
    except ModelFileError as exc:
        raise RankerFileError(str(exc)) from None
    if (
        tuple(doc["prior_features"]) != PRIOR_FEATURES
        or tuple(doc["context_features"]) != CONTEXT_FEATURES
    ):
        raise RankerFileError(f"ranker file {path} was fitted on other features; {hint}")
    return RankerModel(
        prior_weights=np.array(doc["prior_weights"], dtype=float),
        context_weights=tuple(np.array(w, dtype=float) for w in doc["context_weights"]),
        calibration=tuple((float(p), float(v)) for p, v in doc["calibration"]),
        abstain_below=float(doc["abstain_below"]),
        meta=dict(doc.get("meta") or {}),
    )
