"""Fit the role model (:mod:`strikemap.extract.roles`) and measure it, on annotated sentences.

Data (read from ``../shared``, never shipped):

- ``event_location_dev.csv``: news sentences with an event verb and the span(s) where
  the event happened. Rows are split once by a hash of their id (:func:`row_part`): the
  weights are fitted on the *fit* rows only, the *held-out* rows measure them.
- ACLED notes of the *fit* part (:func:`strikemap.evaluate_reports.note_part`): a
  candidate name written as the note's coded location is where the strike happened, a
  name written as its coded admin areas is left unlabelled (it is the location's area,
  not another place), any other name is not where the strike happened. A note whose coded
  location is not written in it teaches nothing and is skipped.

Labels reach the model through :func:`~strikemap.extract.places.find_strike_places`
itself (its ``decide`` hook answers with the gold label and records the features), so
the names the model is fitted on are exactly those it decides in use: names joined to a
strike place (its containers, lists, possessives) follow that place and are not asked.

The weights are a logistic regression (Newton's method, L2 penalty); the calibration is
an isotonic curve fitted on answers from weights fitted on the other half of the data
(cross-fitting), and the threshold is the calibrated probability that gives the best F1
on those answers.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from strikemap.extract.actors import ActorTable, find_actor_mentions
from strikemap.extract.places import PlaceHit, find_strike_places
from strikemap.extract.role_rules import RoleQuery
from strikemap.extract.roles import ROLE_FEATURES, RoleModel, calibrate, find_triggers
from strikemap.extract.sentences import split_sentences
from strikemap.extract.strikes import is_strike_sentence
from strikemap.gazetteer.base import GazetteerLike
from strikemap.gazetteer.ranking import fit_isotonic
from strikemap.held_out import part_of

HELD_OUT_SHARE = 0.3
L2 = 1.0
ACLED_WEIGHT = 10.0
"""Weight of an ACLED note's example relative to an event_location sentence's."""

_SPEAKS_AFTER = re.compile(
    r"\s*(?:on \w+\s+)?(?:said|says|told|complained|warned|launched|gave|accused|denied|"
    r"agreed)\b"
)


def row_part(row_id: str) -> str:
    """Return ``fit`` or ``held-out`` for an event_location row (fixed across runs)."""
    return part_of(f"event_location/{row_id.strip()}", HELD_OUT_SHARE)


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """A sentence, its event trigger span(s) and where the event happened.

    ``gold`` spans are where the event happened; a name overlapping an ``unlabelled``
    span is neither right nor wrong (it is fitted as a strike place, not recorded).
    ``triggers`` is ``None`` when the strike triggers are to be found as in use.
    """

    key: str
    text: str
    triggers: tuple[tuple[int, int], ...] | None
    gold: tuple[tuple[int, int], ...]
    unlabelled: tuple[tuple[int, int], ...] = ()
    source: str = "event_location"


def read_event_location(path: Path, part: str | None = None) -> list[LabelledSentence]:
    """Read event_location rows (of one part when ``part`` is given)."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if part is not None and row_part(row["id"]) != part:
                continue
            if row.get("offset_ok", "1") != "1" or not row["verb_start"]:
                continue
            spans = tuple(
                (int(a), int(b)) for a, b, *_ in json.loads(row["location_spans"] or "[]")
            )
            vs, ve = int(row["verb_start"]), int(row["verb_end"])
            out.append(LabelledSentence(row["id"], row["text"], ((vs, ve),), spans))
    return out


def _find_all(text: str, name: str) -> list[tuple[int, int]]:
    name = name.strip()
    if len(name) < 3:
        return []
    return [(m.start(), m.end()) for m in re.finditer(r"\b" + re.escape(name) + r"\b", text)]


def read_acled_fit_notes(path: Path) -> list[LabelledSentence]:
    """Read the *fit* part of an ACLED notes CSV as labelled strike sentences (see above)."""
    from strikemap.evaluate_reports import note_part

    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if note_part(row["id"]) != "fit":
                continue
            text = row["text"]
            location = re.sub(r"\s*-\s*.*$", "", row["location"]).strip()
            gold = _find_all(text, location)
            if not gold:
                continue
            areas = [
                s for col in ("admin1", "admin2", "country") for s in _find_all(text, row[col])
            ]
            for s in split_sentences(text):
                if not is_strike_sentence(s.text, True):
                    continue
                inside = [(a - s.start, b - s.start) for a, b in gold if s.start <= a < s.end]
                skip = [(a - s.start, b - s.start) for a, b in areas if s.start <= a < s.end]
                out.append(
                    LabelledSentence(
                        f"acled/{row['id']}/{s.index}",
                        s.text,
                        None,
                        tuple(inside),
                        tuple(skip),
                        "acled",
                    )
                )
    return out


def _overlaps(a: int, b: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in spans)


def sentence_hits(
    sent: LabelledSentence,
    gazetteer: GazetteerLike,
    table: ActorTable,
    *,
    decide: Callable[[RoleQuery], bool] | None = None,
    model: RoleModel | None = None,
) -> list[PlaceHit]:
    """Return the strike places of one sentence as the extract stage would find them."""
    text = sent.text
    mentions = sorted(gazetteer.spot(text), key=lambda m: m.start)
    ams = find_actor_mentions(text, table)
    actor_spans = {(am.start, am.end) for am in ams if am.score > 0} | {
        (am.start, am.end) for am in ams if _SPEAKS_AFTER.match(text, am.end)
    }
    alias_spans = {(am.start, am.end) for am in ams}
    triggers = list(sent.triggers) if sent.triggers is not None else find_triggers(text)
    return find_strike_places(
        text, 0, len(text), mentions, gazetteer, actor_spans, alias_spans=alias_spans,
        triggers=triggers, model=model, decide=decide,
    )  # fmt: skip


@dataclass(slots=True)
class Examples:
    """Feature rows, labels, weights and the sentence each row comes from."""

    x: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    keys: list[str]


def collect_examples(
    sentences: Sequence[LabelledSentence],
    gazetteer: GazetteerLike,
    table: ActorTable,
    acled_weight: float = ACLED_WEIGHT,
) -> Examples:
    """Run each sentence with its gold labels deciding, and record every decision."""
    rows: list[list[float]] = []
    ys: list[float] = []
    ws: list[float] = []
    keys: list[str] = []
    index = {f: i for i, f in enumerate(ROLE_FEATURES)}
    for sent in sentences:

        def gold_decide(q: RoleQuery, sent: LabelledSentence = sent) -> bool:
            if _overlaps(q.start, q.end, sent.unlabelled):
                return True
            label = _overlaps(q.start, q.end, sent.gold)
            if not label and "possessive_of_name" in q.features:
                # The owner heads the place it owns ("Kharkiv's Kyivskyi district"): it
                # is asked for the whole phrase, whose place follows it in the chain.
                owned = sent.text[q.end + 3 :]
                label = any(a >= q.end and not owned[: a - q.end - 3].strip() for a, _ in sent.gold)
            row = [0.0] * len(ROLE_FEATURES)
            for k, v in q.features.items():
                row[index[k]] = v
            rows.append(row)
            ys.append(1.0 if label else 0.0)
            ws.append(acled_weight if sent.source == "acled" else 1.0)
            keys.append(sent.key)
            return label

        sentence_hits(sent, gazetteer, table, decide=gold_decide)
    return Examples(np.array(rows), np.array(ys), np.array(ws), keys)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float = L2, iterations: int = 50
) -> np.ndarray:
    """Fit weighted logistic-regression weights by Newton's method (bias not penalised)."""
    dim = x.shape[1]
    w = np.zeros(dim)
    penalty = np.full(dim, l2)
    penalty[ROLE_FEATURES.index("bias")] = 1e-6
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (weight * (y - p)) - penalty * w
        hess = -(x * (weight * p * (1 - p))[:, None]).T @ x - np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w = w - step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w


def _half(key: str) -> int:
    return hashlib.sha256(f"half/{key}".encode()).digest()[0] % 2


def _best_threshold(probs: Sequence[float], labels: Sequence[float]) -> float:
    """Return the probability threshold with the best F1 (ties: the higher threshold)."""
    pairs = sorted(zip(probs, labels, strict=True), reverse=True)
    total = sum(labels)
    best, best_t, tp = -1.0, 0.5, 0.0
    for i, (p, y) in enumerate(pairs):
        tp += y
        f1 = 2 * tp / (i + 1 + total) if total else 0.0
        nxt = pairs[i + 1][0] if i + 1 < len(pairs) else -1.0
        if f1 > best and nxt < p:
            best, best_t = f1, p
    return float(best_t)


def fit_role_model(examples: Examples) -> RoleModel:
    """Fit weights on all examples, calibration and threshold by cross-fitting halves."""
    x, y, wt = examples.x, examples.y, examples.weight
    weights = fit_logistic(x, y, wt)
    halves = np.array([_half(k) for k in examples.keys])
    raw = np.zeros(len(y))
    for h in (0, 1):
        train, test = halves != h, halves == h
        w = fit_logistic(x[train], y[train], wt[train])
        raw[test] = 1.0 / (1.0 + np.exp(-(x[test] @ w)))
    calibration = fit_isotonic(raw.tolist(), [bool(v) for v in y])
    calibrated = [calibrate(calibration, float(p)) for p in raw]
    threshold = _best_threshold(calibrated, y.tolist())
    sources = sorted({k.split("/", 1)[0] if "/" in k else "event_location" for k in examples.keys})
    return RoleModel(
        weights=tuple(float(v) for v in weights),
        calibration=calibration,
        threshold=threshold,
        meta={
            "fitted_on": sources,
            "sentences": len(set(examples.keys)),
            "mentions": len(y),
            "positives": int(y.sum()),
            "fitted_at": datetime.now(UTC).date().isoformat(),
        },
    )


@dataclass(frozen=True, slots=True)
class RoleScores:
    """Precision and recall of "this mention is where the event happened"."""

    predicted: int
    right: int
    gold: int
    found: int
    spotted: int
    """Gold spans some candidate name overlaps (the most any role decision can find)."""

    @property
    def precision(self) -> float:
        """Share of the strike places found that are gold spans."""
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Share of gold spans found."""
        return self.found / self.gold if self.gold else 0.0

    @property
    def recall_spotted(self) -> float:
        """Share of the gold spans some candidate name overlaps that are found."""
        return self.found / self.spotted if self.spotted else 0.0


def score_roles(
    sentences: Sequence[LabelledSentence],
    gazetteer: GazetteerLike,
    table: ActorTable,
    *,
    decide: Callable[[RoleQuery], bool] | None = None,
    model: RoleModel | None = None,
) -> RoleScores:
    """Score the strike places found in ``sentences`` against their gold spans."""
    predicted = right = gold = found = spotted = 0
    for sent in sentences:
        seen: list[tuple[int, int]] = []

        def everything(q: RoleQuery, seen: list[tuple[int, int]] = seen) -> bool:
            seen.append((q.start, q.end))
            return True

        hits = sentence_hits(sent, gazetteer, table, decide=decide, model=model)
        all_names = sentence_hits(sent, gazetteer, table, decide=everything)
        names = seen + [(h.start, h.end) for h in all_names]
        predicted += len(hits)
        right += sum(_overlaps(h.start, h.end, sent.gold) for h in hits)
        gold += len(sent.gold)
        found += sum(_overlaps(a, b, [(h.start, h.end) for h in hits]) for a, b in sent.gold)
        spotted += sum(_overlaps(a, b, names) for a, b in sent.gold)
    return RoleScores(predicted, right, gold, found, spotted)
