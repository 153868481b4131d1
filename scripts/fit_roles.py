"""Refit the strike-place role model from the development data in ../shared.

Fits on the *fit* rows of event_location_dev.csv and the *fit* notes of
acled_strike_notes_dev.csv (fixed hash splits), writes ``data/roles.json`` and prints
precision and recall of "this mention is where the event happened" on the fit and
held-out rows, beside the hand-written rules the model replaced:

    .venv/bin/python scripts/fit_roles.py [--shared ../shared] [--out PATH] [--no-acled]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from strikemap.extract.actors import load_actor_table
from strikemap.extract.role_fit import (
    ACLED_WEIGHT,
    collect_examples,
    fit_role_model,
    read_acled_fit_notes,
    read_event_location,
    score_roles,
)
from strikemap.extract.role_rules import rule_decision
from strikemap.extract.roles import ROLE_FEATURES, default_model_path, save_role_model
from strikemap.gazetteer import shared_gazetteer

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    """Fit, save, and print fit and held-out figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=default_model_path())
    ap.add_argument("--no-acled", action="store_true", help="fit on event_location only")
    ap.add_argument(
        "--acled-weight", type=float, default=ACLED_WEIGHT,
        help="weight of an ACLED note's mention against an event_location one",
    )  # fmt: skip
    args = ap.parse_args()
    dev = args.shared / "eval-dev"
    el = dev / "event_location_dev.csv"
    if not el.exists():
        print(f"no event_location data at {el}", file=sys.stderr)
        return 1
    gaz = shared_gazetteer()
    table = load_actor_table()
    fit_rows = read_event_location(el, "fit")
    if not args.no_acled:
        fit_rows += read_acled_fit_notes(dev / "acled_strike_notes_dev.csv")
    examples = collect_examples(fit_rows, gaz, table, args.acled_weight)
    model = fit_role_model(examples)
    save_role_model(model, args.out)
    print(f"wrote {args.out}: {model.meta}, threshold {model.threshold:.3f}")
    for name, w in sorted(zip(ROLE_FEATURES, model.weights, strict=True), key=lambda t: t[1]):
        print(f"  {name:28s} {w:+.2f}")
    for part in ("fit", "held-out"):
        rows = read_event_location(el, part)
        for label, kw in (("model", {"model": model}), ("rules", {"decide": rule_decision})):
            sc = score_roles(rows, gaz, table, **kw)  # type: ignore[arg-type]
            print(
                f"{part:9s} {label}: precision {sc.precision:.1%} ({sc.right}/{sc.predicted}) "
                f"recall {sc.recall:.1%} ({sc.found}/{sc.gold}; of spotted gold "
                f"{sc.recall_spotted:.1%})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
