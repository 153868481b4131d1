"""Fit the ranker on gold toponyms: weights, then calibration on answers not fitted on.

The procedure (run by ``scripts/fit_ranker.py`` on the *fit* part of the development
corpora only, see :func:`strikemap.evaluate_geoparse.document_part`):

1. For each gold span, its candidates and prior features; the right candidate is the
   one with the gold GeoNames id, else the nearest one within 161 km of the gold
   point. A span with no right candidate cannot teach the ranker and is skipped for
   the weights (it still counts, as a wrong answer, for calibration).
2. Prior weights, then context weights (context computed with the prior weights).
3. Calibration by cross-fitting: the documents are cut in two halves; each half is
   answered by weights fitted on the other, and an isotonic curve is fitted on those
   answers (right = within 161 km).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import numpy as np

from strikemap.evaluate_geoparse import ACC_KM, GoldDocument
from strikemap.gazetteer.features import with_null_row
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.ranking import RankerModel, fit_conditional_logit, fit_isotonic
from strikemap.gazetteer.spot_filter import SpotFilter
from strikemap.geoparsing import Geoparser, PreparedMention, check_spans

ABSTAIN_BELOW = 0.2
"""Calibrated confidence under which a mention is left unresolved (4 in 5 would be wrong)."""

L2 = 1.0
CONTEXT_ROUNDS = 2
"""Context rounds: the second re-reads the document with the first round's answers."""


@dataclass(slots=True)
class _Example:
    doc: int
    prepared: PreparedMention
    right: int | None
    right_points: list[bool]


def _examples(gp: Geoparser, docs: Sequence[GoldDocument]) -> list[list[_Example]]:
    out: list[list[_Example]] = []
    for d, doc in enumerate(docs):
        gold = [t for t in doc.toponyms if t.scored]
        spans = check_spans(doc.text, [(t.start, t.end) for t in gold], allow_overlap=True)
        prepared = gp.prepare(doc.text, spans)
        exs = []
        for t, pm in zip(gold, prepared, strict=True):
            if gp.world.demonym(pm.surface) is not None or not pm.candidates:
                continue
            assert t.lat is not None and t.lon is not None
            dists = [haversine_km(t.lat, t.lon, c.place.lat, c.place.lon) for c in pm.candidates]
            ok = [dk <= ACC_KM for dk in dists]
            right: int | None = None
            if t.geonameid:
                for i, c in enumerate(pm.candidates):
                    if c.place.id == f"gn:{t.geonameid}":
                        right = i
            if right is None and any(ok):
                right = min((i for i in range(len(ok)) if ok[i]), key=lambda i: dists[i])
            exs.append(_Example(d, pm, right, ok))
        out.append(exs)
    return out


def _fit_weights(gp: Geoparser, docs_examples: Sequence[Sequence[_Example]]) -> RankerModel:
    """Fit the prior weights, then each context round on the previous round's answers."""
    prior_groups = [
        (with_null_row(ex.prepared.prior_x), _label(ex)) for exs in docs_examples for ex in exs
    ]
    model = RankerModel(
        fit_conditional_logit(prior_groups, l2=L2), (), ((0.0, 0.0), (1.0, 1.0)), 0.0
    )
    for _round in range(CONTEXT_ROUNDS):
        groups = []
        for exs in docs_examples:
            prepared = [ex.prepared for ex in exs]
            mats = gp.context_matrices(prepared, gp.rank(prepared, model))
            groups += [(with_null_row(x), _label(ex)) for ex, x in zip(exs, mats, strict=True)]
        w = fit_conditional_logit(groups, l2=L2)
        model = replace(model, context_weights=(*model.context_weights, w))
    return model


def _label(ex: _Example) -> int:
    """Return the right row: the right candidate, else the "none of these" row after them."""
    return len(ex.prepared.candidates) if ex.right is None else ex.right


def _answers(
    gp: Geoparser, docs_examples: Sequence[Sequence[_Example]], model: RankerModel
) -> list[tuple[float, bool]]:
    out = []
    for exs in docs_examples:
        probs = gp.rank([ex.prepared for ex in exs], model)
        for ex, p in zip(exs, probs, strict=True):
            top = int(np.argmax(p[:-1]))
            out.append((float(p[top]), ex.right_points[top]))
    return out


def _half(doc: GoldDocument) -> int:
    return hashlib.sha256(f"half/{doc.corpus}/{doc.doc_id}".encode()).digest()[0] % 2


def fit_ranker(gp: Geoparser, docs: Sequence[GoldDocument]) -> RankerModel:
    """Fit weights and calibration on ``docs`` (their scored gold toponyms)."""
    docs = sorted(docs, key=lambda d: (d.corpus, d.doc_id))
    examples = _examples(gp, docs)
    fitted = _fit_weights(gp, examples)
    answers: list[tuple[float, bool]] = []
    for half in (0, 1):
        train = [exs for doc, exs in zip(docs, examples, strict=True) if _half(doc) != half]
        test = [exs for doc, exs in zip(docs, examples, strict=True) if _half(doc) == half]
        answers += _answers(gp, test, _fit_weights(gp, train))
    calibration = fit_isotonic([p for p, _ in answers], [ok for _, ok in answers])
    n_mentions = sum(len(exs) for exs in examples)
    return replace(
        fitted,
        calibration=calibration,
        abstain_below=ABSTAIN_BELOW,
        meta={
            "fitted_on": sorted({d.corpus for d in docs}),
            "documents": len(docs),
            "mentions": n_mentions,
            "with_right_candidate": sum(ex.right is not None for exs in examples for ex in exs),
            "fitted_at": datetime.now(UTC).date().isoformat(),
        },
    )


NOT_TOPONYMS = frozenset({"Non_Toponym"})
"""Gold span types that mark a name that is no place (GWN annotates them)."""


def fit_spot_filter(gp: Geoparser, docs: Sequence[GoldDocument]) -> SpotFilter:
    """Fit the spot filter: whether a spotted match is a place mention (a gold toponym).

    Binary logistic regression, fitted as a conditional logit between the match's row
    and a zero row (the same likelihood), so one fitting routine serves both models.
    """
    groups = []
    for doc in sorted(docs, key=lambda d: (d.corpus, d.doc_id)):
        places = [t for t in doc.toponyms if t.toponym_type not in NOT_TOPONYMS]
        prepared = gp.prepare(doc.text, gp.spot(doc.text))
        rows = gp.spot_rows(doc.text, prepared, gp.rank(prepared))
        for pm, x in zip(prepared, rows, strict=True):
            is_place = any(pm.start < t.end and t.start < pm.end for t in places)
            groups.append((np.vstack([x, np.zeros_like(x)]), 0 if is_place else 1))
    weights = fit_conditional_logit(groups, l2=L2)
    return SpotFilter(
        weights,
        meta={
            "fitted_on": sorted({d.corpus for d in docs}),
            "documents": len(docs),
            "matches": len(groups),
            "places": sum(1 for _, y in groups if y == 0),
        },
    )
