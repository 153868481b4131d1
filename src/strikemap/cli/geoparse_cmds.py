"""``strikemap geoparse FILE...`` and ``strikemap eval geoparse DOCS TOPONYMS``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


def _read_spans(path: Path) -> dict[str, list[list[int]]]:
    """Read ``{FILE as given: [[start, end], ...]}``; exits with one line when malformed."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{path}: not a spans JSON file ({exc})") from None
    if not isinstance(doc, dict) or not all(isinstance(v, list) for v in doc.values()):
        raise click.ClickException(f"{path}: expected an object {{FILE: [[start, end], ...]}}")
    return doc


def _read_text(path: Path) -> str:
    from strikemap.read import ReadError, read_text_file

    try:
        return read_text_file(path)
    except ReadError as exc:
        raise click.ClickException(str(exc)) from None


def _load_geoparser() -> Any:
    from strikemap.gazetteer.areas import AreaTableError
    from strikemap.gazetteer.ranking import RankerFileError
    from strikemap.geoparsing import default_geoparser

    try:
        return default_geoparser()
    except (RankerFileError, AreaTableError) as exc:
        raise click.ClickException(str(exc)) from None
    except FileNotFoundError as exc:
        message = str(exc)
        if "strikemap gazetteer build" not in message:
            message += " (run `strikemap gazetteer build` first)"
        raise click.ClickException(message) from None


@click.command("geoparse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--spans",
    "spans_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON {FILE: [[start, end], ...]}: resolve exactly these spans, no spotting.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line and FILE.")
def geoparse_cmd(files: tuple[Path, ...], spans_file: Path | None, as_json: bool) -> None:
    """Find and resolve the place mentions of each FILE (UTF-8 text).

    Without --spans every place mention is spotted (not only strike places). With
    --spans, the character spans listed for a FILE are resolved in that document's
    context, one answer per span in the order given. Unresolved mentions have null
    places and a reason.
    """
    from strikemap.geoparsing import GeoparseError

    spans = _read_spans(spans_file) if spans_file is not None else None
    texts = [(str(f), _read_text(f)) for f in files]
    if spans is not None:
        unknown = sorted(set(spans) - {name for name, _ in texts})
        if unknown:
            raise click.ClickException(f"{spans_file}: spans for a file not given: {unknown[0]}")
    gp = _load_geoparser()
    for name, text in texts:
        try:
            mentions = gp.parse(text, spans.get(name, []) if spans is not None else None)
        except GeoparseError as exc:
            raise click.ClickException(f"{name}: {exc}") from None
        if as_json:
            record = {"file": name, "mentions": [m.to_dict() for m in mentions]}
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        click.echo(f"{name}: {len(mentions)} place mention(s)")
        for m in mentions:
            where = (
                f"{m.name} ({m.kind}, {m.country or '-'}) {m.lat:.4f},{m.lon:.4f}"
                f" ±{m.uncertainty_km or 0:.0f} km, confidence {m.confidence:.2f}"
                if m.lat is not None and m.lon is not None
                else f"unresolved: {m.reason}"
            )
            click.echo(f"  [{m.start}:{m.end}] {m.text!r} -> {where}")


@click.command("geoparse")
@click.argument("docs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("toponyms", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--part",
    type=click.Choice(["all", "fit", "held-out"]),
    default="all",
    help="Documents to score: the ranker is fitted on 'fit' only.",
)
@click.option("--no-end-to-end", is_flag=True, help="Gold-span resolution only (faster).")
def eval_geoparse(docs: Path, toponyms: Path, part: str, no_end_to_end: bool) -> None:
    """Score geoparsing on corpora in the format of eval-dev/geoparsing (DOCS, TOPONYMS CSV)."""
    from strikemap.evaluate_geoparse import format_scores, read_corpora, score_documents

    try:
        documents = read_corpora(docs, toponyms)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if part != "all":
        documents = [d for d in documents if d.part == part]
    gp = _load_geoparser()
    scores = score_documents(gp, documents, end_to_end=not no_end_to_end)
    click.echo(f"documents: {len(documents)} ({part}); acc@161 = share within 161 km")
    click.echo(format_scores(scores))
