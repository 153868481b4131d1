"""Refit the geoparsing ranker from the development corpora in ../shared.

Fits on the *fit* part of the geoparsing corpora only (a fixed hash split of
documents), writes ``data/gazetteer/ranker.json`` and ``data/gazetteer/spot_filter.json``
and prints the figures on both the fit and the held-out parts:

    .venv/bin/python scripts/fit_ranker.py [--shared ../shared] [--out PATH]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from strikemap.evaluate_geoparse import format_scores, read_corpora, score_documents
from strikemap.gazetteer import shared_gazetteer
from strikemap.gazetteer.areas import load_area_table
from strikemap.gazetteer.features import PRIOR_FEATURES
from strikemap.gazetteer.ranking import RankerModel, default_model_path, save_model
from strikemap.gazetteer.spot_filter import default_filter_path, save_filter
from strikemap.gazetteer.training import fit_ranker, fit_spot_filter
from strikemap.gazetteer.world import load_world
from strikemap.geoparsing import Geoparser

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    """Fit, save, and print fit and held-out figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=default_model_path())
    ap.add_argument("--filter-out", type=Path, default=default_filter_path())
    args = ap.parse_args()
    geo = args.shared / "eval-dev" / "geoparsing"
    if not (geo / "docs_dev.csv").exists():
        print(f"no development corpora in {geo}", file=sys.stderr)
        return 1
    docs = read_corpora(geo / "docs_dev.csv", geo / "toponyms_dev.csv")
    fit_docs = [d for d in docs if d.part == "fit"]
    blank = RankerModel(np.zeros(len(PRIOR_FEATURES)), (), ((0.0, 0.0), (1.0, 1.0)), 0.0)
    gp = Geoparser(shared_gazetteer(), load_world(), blank, load_area_table())
    model = fit_ranker(gp, fit_docs)
    save_model(model, args.out)
    print(f"wrote {args.out}: {model.meta}")
    gp.model = model
    spot_filter = fit_spot_filter(gp, fit_docs)
    save_filter(spot_filter, args.filter_out)
    print(f"wrote {args.filter_out}: {spot_filter.meta}")
    gp.spot_filter = spot_filter
    for part in ("fit", "held-out"):
        print(f"\n== {part} documents ==")
        print(format_scores(score_documents(gp, [d for d in docs if d.part == part])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
