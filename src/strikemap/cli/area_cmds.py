"""`strikemap areas`: events and tolls per administrative area, and the areas' polygons."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from strikemap.cli import EXIT_USAGE, build_filter, db_option, filter_options, open_store_or_exit

_POLYGON_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG"}


@click.command(name="areas")
@click.option(
    "--level",
    type=click.Choice(["admin1", "admin2", "admin3"]),
    default="admin1",
    show_default=True,
    help="admin1 (Natural Earth provinces, or imported areas); admin2/admin3 need an "
    "imported layer with polygons (OCHA).",
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the table as CSV.",
)
@click.option(
    "--polygons",
    "polygons_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the areas with their counts as .geojson or .gpkg.",
)
@filter_options
@db_option
def areas_cmd(
    level: str,
    csv_path: Path | None,
    polygons_path: Path | None,
    db_url: str | None,
    **filters: Any,
) -> None:
    """Count the matching events per area (an event whose uncertainty spans areas is apart).

    The KEY column is what `--area KEY` takes on `events`, `export` and `areas`.
    """
    from strikemap.area_counts import count_areas, counts_with_polygons

    if polygons_path is not None and polygons_path.suffix.lower() not in _POLYGON_SUFFIXES:
        click.echo("error: --polygons takes a .geojson or .gpkg file", err=True)
        sys.exit(EXIT_USAGE)
    flt = build_filter(**filters)
    store = open_store_or_exit(db_url)
    view = count_areas(store.area_frame(flt), level)
    counts = view.counts
    table = counts.table[counts.table["events"].gt(0) | counts.table["uncertain_here"].gt(0)]
    if table.empty:
        click.echo(f"no events in any {level} area")
    else:
        shown = table.rename(columns={"uncertain_here": "uncertain"}).drop(columns="level")
        click.echo(shown.astype(object).where(shown.notna(), "").to_string(index=False))
    click.echo(
        f"{counts.n_events} event(s): {int(counts.table['events'].sum())} in an area, "
        f"{counts.n_uncertain} uncertain (the location could lie in more than one area), "
        f"{counts.n_outside} outside every area"
    )
    if view.by_name:
        click.echo(
            "note: no area polygons are installed, so events are counted by the admin1 "
            "name of their place (run `strikemap assets install` for province outlines)"
        )
    if csv_path is not None:
        counts.table.to_csv(csv_path, index=False)
        click.echo(f"wrote {csv_path}")
    if polygons_path is not None:
        if view.polygons is None:
            click.echo("error: no area polygons are installed to write", err=True)
            sys.exit(1)
        frame = counts_with_polygons(counts, view.polygons)
        driver = _POLYGON_SUFFIXES[polygons_path.suffix.lower()]
        frame.to_file(polygons_path, driver=driver, engine="pyogrio")
        click.echo(f"wrote {polygons_path} ({len(frame)} areas)")
