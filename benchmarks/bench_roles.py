"""Precision and recall of "this mention is where the event happened", model vs rules.

On the rows of ../shared/eval-dev/event_location_dev.csv, split once by a hash of the row
id (fit 70% / held-out 30%, see :func:`strikemap.extract.role_fit.row_part`): the
candidate mentions are the names strikemap reads in the sentence (gazetteer names and
unknown proper names), the trigger is the row's event verb, and a strike place is right
when its span overlaps a gold span. The shipped role model (``data/roles.json``) and the
hand-written rules it was fitted to replace are scored in the same run:

    cd benchmarks && ../.venv/bin/python bench_roles.py [--shared ../../shared]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from strikemap.extract.actors import load_actor_table
from strikemap.extract.role_fit import read_event_location, score_roles
from strikemap.extract.role_rules import rule_decision
from strikemap.extract.roles import shipped_role_model
from strikemap.gazetteer import shared_gazetteer

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    """Print precision and recall of the model and of the rules, fit and held-out rows."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    path = args.shared / "eval-dev" / "event_location_dev.csv"
    if not path.exists():
        print(f"no event_location data at {path}", file=sys.stderr)
        return 1
    gaz = shared_gazetteer()
    table = load_actor_table()
    model = shipped_role_model()
    print(f"model {model.meta}, threshold {model.threshold:.3f}")
    for part in ("held-out", "fit"):
        rows = read_event_location(path, part)
        for label in ("model", "rules"):
            t0 = time.perf_counter()
            if label == "model":
                sc = score_roles(rows, gaz, table, model=model)
            else:
                sc = score_roles(rows, gaz, table, decide=rule_decision)
            dt = time.perf_counter() - t0
            print(
                f"{part:9s} {label}: precision {sc.precision:6.1%} ({sc.right}/{sc.predicted})  "
                f"recall {sc.recall:6.1%} ({sc.found}/{sc.gold}; of gold spans a candidate "
                f"overlaps {sc.recall_spotted:.1%})  [{len(rows)} sentences, {dt:.1f} s]"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
