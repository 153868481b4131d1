"""``strikemap eval reports GOLD``: score extraction on a gold JSON or a notes CSV."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click


@click.command("reports")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option("--quiet", is_flag=True, help="Print the figures only, not misses and false alarms.")
@click.option(
    "--part",
    type=click.Choice(["fit", "held-out"]),
    default=None,
    help="Notes CSV only: score the fit or the held-out part (30%, by a hash of the note id).",
)
def eval_reports(gold: Path, quiet: bool, part: str | None) -> None:
    """Score extraction on GOLD (a seed-style gold JSON, a notes CSV, or a directory).

    A gold JSON needs its document next to it; in a notes CSV one note is one report
    with one coded event; a directory holds FA-KES-style articles (``fakes_gold:``
    header line). The matching rule is printed first.
    """
    from strikemap.evaluate_reports import (
        evaluate_fakes_dir,
        evaluate_gold,
        evaluate_notes_csv,
    )
    from strikemap.extract import extract_report
    from strikemap.gazetteer import load_gazetteer  # type: ignore[attr-defined]
    from strikemap.read import read_path

    gaz = load_gazetteer()
    if gold.is_dir():
        click.echo(evaluate_fakes_dir(gold, gaz).format())
        return
    if gold.suffix.lower() == ".csv":
        score = evaluate_notes_csv(gold, gaz, part=part)
    else:
        meta = json.loads(gold.read_text(encoding="utf-8"))
        doc = gold.parent / str(meta["document"])
        if not doc.is_file():
            raise click.ClickException(f"{doc}: the gold's document is missing")
        pub = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
        report = read_path(doc, published=pub)[0]
        score = evaluate_gold(gold, extract_report(report, gaz))
    text = score.format()
    if quiet:
        text = "\n".join(ln for ln in text.splitlines() if not ln.startswith("  "))
    click.echo(text)
