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


@click.command("multilingual")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--part",
    type=click.Choice(["fit", "held-out", "all"]),
    default="all",
    help="Score the fit rows, the held-out rows (30%, by a hash of the row id) or both.",
)
@click.option("--misses", default=0, show_default=True, help="Print this many missed rows.")
def eval_multilingual(files: tuple[Path, ...], part: str, misses: int) -> None:
    """Score reading in Ukrainian, Russian and Arabic on FILES (strike_reports_*_dev.csv).

    uk/ru (silver): a report is located when an event lies within 25 km of one of the
    places it mentions (``alt_places``). ar: gold rows only, located within 25 km and
    10 km of Airwars' point. Import UA.zip and OCHA Syria into the gazetteer first.
    """
    from strikemap.evaluate_multilingual import evaluate_file
    from strikemap.gazetteer import load_gazetteer  # type: ignore[attr-defined]

    gaz = load_gazetteer()
    parts = ["fit", "held-out"] if part == "all" else [part]
    for path in files:
        gold_only = "_ar_" in path.name
        for p in parts:
            score = evaluate_file(path, gaz, part=p, gold_only=gold_only)
            click.echo(score.line())
            for line in score.misses[:misses]:
                click.echo(f"  miss {line}")
