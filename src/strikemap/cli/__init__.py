"""The ``strikemap`` command: thin shells over library calls.

Exit codes: 0 success; 1 a data error (some report could not be read or stored, a
database could not be used); 2 a usage error (bad option or argument).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from strikemap import __version__
from strikemap.filters import EventFilter
from strikemap.settings import default_db_url

F = TypeVar("F", bound=Callable[..., Any])

EXIT_DATA_ERROR = 1
EXIT_USAGE = 2


def db_option(func: F) -> F:
    """Add ``--db URL`` (default ``$STRIKEMAP_DB``, else the SQLite file in STRIKEMAP_HOME)."""
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        default=None,
        help="SQLAlchemy database URL (default: $STRIKEMAP_DB, else "
        "sqlite:///~/.local/share/strikemap/strikemap.db).",
    )(func)


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date in YYYY-MM-DD form", param_hint=option
        ) from None


def filter_options(func: F) -> F:
    """Add the event filter options shared by ``events`` and ``export``."""
    options = [
        click.option("--from", "date_from", metavar="YYYY-MM-DD", help="First date (inclusive)."),
        click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Last date (inclusive)."),
        click.option("--actor", "actors", multiple=True, help="Actor (repeatable)."),
        click.option("--claimant", "claimants", multiple=True, help="Claimant (repeatable)."),
        click.option("--target", "target_text", help="Text in a claimed target."),
        click.option("--country", "countries", multiple=True, help="ISO country code."),
        click.option("--admin1", "admin1s", multiple=True, help="First-level area name."),
        click.option("--precision", "precisions", multiple=True, help="Location precision."),
        click.option("--contested", "contested_only", is_flag=True, help="Contested only."),
        click.option("--report", "report_ids", multiple=True, help="Report id (repeatable)."),
        click.option(
            "--area",
            "area",
            metavar="KEY",
            help="Events inside an administrative area (a key from `strikemap areas`).",
        ),
        click.option(
            "--language",
            "languages",
            multiple=True,
            metavar="CODE",
            help="Report language as detected on reading: ISO 639-1 code such as uk, ru, "
            "ar, en; und for reports too short to tell (repeatable).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_filter(**kwargs: Any) -> EventFilter:
    """Turn the filter options' values into an :class:`EventFilter`."""
    if area := kwargs.get("area"):
        from strikemap.gazetteer.area_polygons import UnknownAreaError, area_by_key

        try:
            area_by_key(area)
        except UnknownAreaError as exc:
            click.echo(f"error: --area: {exc}", err=True)
            sys.exit(EXIT_USAGE)
    return EventFilter(
        date_from=_parse_date(kwargs.get("date_from"), "--from"),
        date_to=_parse_date(kwargs.get("date_to"), "--to"),
        actors=tuple(kwargs.get("actors") or ()),
        claimants=tuple(kwargs.get("claimants") or ()),
        target_text=kwargs.get("target_text") or None,
        countries=tuple(c.upper() for c in kwargs.get("countries") or ()),
        admin1s=tuple(kwargs.get("admin1s") or ()),
        precisions=tuple(kwargs.get("precisions") or ()),
        contested_only=bool(kwargs.get("contested_only")),
        report_ids=tuple(kwargs.get("report_ids") or ()),
        area=kwargs.get("area") or None,
        languages=tuple(_language_code(v) for v in kwargs.get("languages") or ()),
    )


def _language_code(value: str) -> str:
    """Return a ``--language`` value as stored (lower case), refusing what is no code."""
    from strikemap.language import is_language_code

    code = value.strip().lower()
    if not is_language_code(code):
        raise click.BadParameter(
            f"{value!r} is not a language code (two or three letters: uk, ru, ar, en, und)",
            param_hint="--language",
        )
    return code


def open_store_or_exit(db_url: str | None) -> Any:
    """Open the store, turning a failure into one line on stderr and exit code 1."""
    from strikemap.store import StoreError, open_store

    try:
        return open_store(db_url or default_db_url())
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_DATA_ERROR)


def load_gazetteer_or_exit() -> Any:
    """Load the default gazetteer, or explain how to build it."""
    from strikemap.gazetteer import load_gazetteer

    try:
        return load_gazetteer()
    except FileNotFoundError as exc:
        click.echo(f"error: {exc} (run `strikemap gazetteer build` first)", err=True)
        sys.exit(EXIT_DATA_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="strikemap")
def main() -> None:
    """strikemap: map reported air, missile, drone and artillery strikes, offline."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    help="Publication date to resolve relative dates against (overrides the page's own).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Extract in this many processes.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Extract on a Dask distributed cluster (e.g. tcp://10.0.0.5:8786).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress line on stderr (default: when stderr is a terminal).",
)
@click.option(
    "--allow-private-urls",
    is_flag=True,
    help="Let URLs reach loopback and private addresses (intranet sources); refused by "
    "default. Also set by STRIKEMAP_ALLOW_PRIVATE_URLS=1.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Also store reports an editor deleted (otherwise they are skipped).",
)
@click.option(
    "--telegram-channel",
    metavar="USERNAME",
    help="Public username of the channel the Telegram exports come from (@name or "
    "https://t.me/name): messages then link to https://t.me/USERNAME/ID. An export does "
    "not record it; give it for exports of one channel only.",
)
@click.option(
    "--telegram-tz",
    metavar="ZONE",
    help="Date Telegram messages in this time zone (e.g. Europe/Kyiv) instead of the "
    "exporting computer's.",
)
@db_option
def ingest(
    sources: tuple[str, ...],
    published: str | None,
    workers: int,
    scheduler: str | None,
    progress: bool | None,
    allow_private_urls: bool,
    force: bool,
    telegram_channel: str | None,
    telegram_tz: str | None,
    db_url: str | None,
) -> None:
    """Read reports (files, folders, URLs, - for stdin), extract strikes and store them.

    Telegram Desktop JSON exports (result.json) are recognised by their content: one
    report per message. Prints one line per report: how many events it found and any
    unresolved places. Reports already stored (same text) are skipped, so an interrupted
    run can simply be repeated; so are reports an editor deleted, unless --force. Ends
    with a summary line.
    """
    from strikemap.pipeline import IngestOutcome, Progress, ingest_batch, read_sources

    pub = _parse_date(published, "--published")
    if pub is not None and pub > dt.date.today():
        raise click.BadParameter(f"{published} is in the future", param_hint="--published")
    telegram = _telegram_options(telegram_channel, telegram_tz)
    store = open_store_or_exit(db_url)
    if scheduler is None:
        load_gazetteer_or_exit()  # fail early, with the build hint, before reading anything
    outcomes: list[IngestOutcome] = []
    reports = []
    notes: list[str] = []
    allow = True if allow_private_urls else None  # None: the environment decides
    for label, item in read_sources(
        list(sources), published=pub, allow_private=allow, notes=notes, telegram=telegram
    ):
        if isinstance(item, Exception):
            outcomes.append(IngestOutcome(source=label, error=str(item)))
        else:
            reports.append(item)
    for note in notes:
        click.echo(f"note: {note}")
    show = sys.stderr.isatty() if progress is None else progress

    def report_progress(p: Progress) -> None:
        if show:
            click.echo("\r" + p.line(), err=True, nl=False)

    outcomes += ingest_batch(
        reports,
        store,
        workers=workers,
        scheduler=scheduler,
        on_progress=report_progress,
        force=force,
    )
    if show:
        click.echo("", err=True)
    for outcome in outcomes:
        click.echo(outcome.summary())
    failures = sum(o.error is not None for o in outcomes)
    added = sum(o.added for o in outcomes)
    n_events = sum(o.n_events for o in outcomes)
    deleted = sum(o.deleted and not o.added and o.error is None for o in outcomes)
    skipped = len(outcomes) - added - failures - deleted
    click.echo(
        f"summary: {added} report(s) stored with {n_events} event(s), "
        f"{skipped} already stored, "
        + (f"{deleted} deleted by an editor (--force stores them), " if deleted else "")
        + f"{failures} failed"
    )
    if failures:
        sys.exit(EXIT_DATA_ERROR)


def _telegram_options(channel: str | None, tz_name: str | None) -> Any:
    """Check ``--telegram-channel`` and ``--telegram-tz``; return the reading options."""
    from strikemap.read_telegram import TelegramOptions, normalise_username

    try:
        normalise_username(channel)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--telegram-channel") from None
    from strikemap.read_many import time_zone

    try:
        tz = time_zone(tz_name)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--telegram-tz") from None
    return TelegramOptions(channel=channel, tz=tz)


def _json_value(value: Any) -> Any:
    """Return ``value`` as JSON allows it: a non-finite float becomes ``None``."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@main.command()
@filter_options
@click.option("--limit", type=int, default=None, help="Print at most this many rows.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@db_option
def events(limit: int | None, as_json: bool, db_url: str | None, **filters: Any) -> None:
    """Print the stored events matching the filters as a table."""
    flt = build_filter(**filters)
    store = open_store_or_exit(db_url)
    if as_json:
        # The store's plain rows: missing values are None (null), ids are ints, never
        # the NaN and floats a DataFrame would turn them into.
        from strikemap.store import EVENT_COLUMNS

        rows = store.event_rows(flt)
        for row in rows if limit is None else rows[:limit]:
            record = {name: _json_value(v) for name, v in zip(EVENT_COLUMNS, row, strict=True)}
            click.echo(json.dumps(record, default=str, ensure_ascii=False, allow_nan=False))
        return
    frame = store.events_frame(flt)
    if limit is not None:
        frame = frame.head(limit)
    if frame.empty:
        click.echo("no events match")
        return
    shown = frame[
        [
            "id",
            "date",
            "date_precision",
            "actor",
            "place_name",
            "admin1",
            "country",
            "precision",
            "language",
        ]
    ].rename(columns={"place_name": "place"})
    click.echo(shown.fillna("?").to_string(index=False))
    click.echo(f"{len(frame)} event(s)")


EXPORT_FORMATS = ("geojson", "csv", "gpkg", "kml", "parquet")
"""``strikemap export --format`` choices."""


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="geojson",
    show_default=True,
    help="geojson (RFC 7946), csv, gpkg (GeoPackage), kml or parquet (GeoParquet).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    required=True,
    help="File to write; - for stdout (not with gpkg or parquet, which are binary).",
)
@filter_options
@db_option
def export(fmt: str, output: str, db_url: str | None, **filters: Any) -> None:
    """Write the matching events as GeoJSON, CSV, GeoPackage, KML or GeoParquet.

    Every format holds the same events and fields, points in WGS 84 (lon/lat), and the
    filters and data credits of the export (see the README).
    """
    from strikemap.export import dumps_geojson, export_csv, export_geojson
    from strikemap.gis_export import GIS_FORMATS, GisExportError, gis_bytes, write_gis

    to_stdout = output == "-"
    gis = GIS_FORMATS.get(fmt)
    if to_stdout and gis is not None and gis.binary:
        click.echo(f"error: --format {fmt} is binary: give a file with -o FILE, not -o -", err=True)
        sys.exit(EXIT_USAGE)
    flt = build_filter(**filters)
    store = open_store_or_exit(db_url)
    if gis is not None:
        collection = export_geojson(store, flt)
        count = len(collection["features"])
        try:
            if to_stdout:
                data = gis_bytes(collection, fmt)
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            else:
                write_gis(collection, output, fmt)
        except GisExportError as exc:
            click.echo(f"error: cannot write {output}: {exc}", err=True)
            sys.exit(EXIT_DATA_ERROR)
        click.echo(f"wrote {count} event(s) to {'stdout' if to_stdout else output}", err=to_stdout)
        return
    if fmt == "geojson":
        collection = export_geojson(store, flt)
        text = dumps_geojson(collection)
        count = len(collection["features"])
    else:
        text = export_csv(store, flt)
        count = text.count("\n") - 1
    if to_stdout:
        click.echo(text, nl=False)
        click.echo(f"wrote {count} event(s) to stdout", err=True)
        return
    # Write to a temporary file first so a failure never leaves a half-written export.
    target = Path(output)
    tmp = target.with_name(target.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        click.echo(f"error: cannot write {output}: {exc.strerror}", err=True)
        sys.exit(EXIT_DATA_ERROR)
    click.echo(f"wrote {count} event(s) to {output}")


@main.group()
def incidents() -> None:
    """Strikes reported by several reports, linked into incidents."""


@incidents.command(name="list")
@db_option
def incidents_list(db_url: str | None) -> None:
    """Print every incident with its events and why they were linked."""
    store = open_store_or_exit(db_url)
    frame = store.events_frame()
    linked = frame[frame["incident_id"].notna()]
    if linked.empty:
        click.echo("no incidents")
        return
    for incident_id, group in linked.groupby("incident_id"):
        click.echo(f"incident {int(incident_id)}: {len(group)} event(s)")
        for row in group.itertuples():
            click.echo(
                f"  event {row.id} ({row.source_id}, {row.place_name}, {row.date}): "
                f"{row.link_reason}"
            )


@incidents.command(name="split")
@click.argument("event_id", type=int)
@click.option("--editor", metavar="NAME", help="Who splits, for the audit log.")
@db_option
def incidents_split(event_id: int, editor: str | None, db_url: str | None) -> None:
    """Take EVENT_ID out of its incident; it will not be linked again automatically."""
    from strikemap.cli.edit_cmds import editor_name
    from strikemap.store import StoreError

    store = open_store_or_exit(db_url)
    try:
        store.split_event(event_id, editor=editor_name(editor))
    except StoreError as exc:  # an unknown event, or a store that cannot be written
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_DATA_ERROR)
    click.echo(f"event {event_id} split off its incident")


@main.command()
@db_option
def demo(db_url: str | None) -> None:
    """Load the bundled demo reports (safe to repeat: stored reports are skipped)."""
    from strikemap.demo import demo_sources
    from strikemap.pipeline import ingest_batch

    store = open_store_or_exit(db_url)
    load_gazetteer_or_exit()
    for outcome in ingest_batch(demo_sources(), store):
        click.echo(outcome.summary())


@main.command()
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--host", default="localhost", show_default=True)
@click.option(
    "--read-only",
    is_flag=True,
    envvar="STRIKEMAP_READ_ONLY",
    help="No Add or edit pages; the store is opened read-only. "
    "The default on any address other than loopback.",
)
@click.option(
    "--allow-edits",
    is_flag=True,
    help="Allow edits on a non-loopback address: editors sign in (OIDC) and must be on --editors.",
)
@click.option(
    "--require-login",
    is_flag=True,
    help="Editors sign in even on a loopback address (behind a reverse proxy).",
)
@click.option(
    "--editors",
    envvar="STRIKEMAP_EDITORS",
    default="",
    help="Comma-separated e-mail addresses allowed to edit after signing in.",
)
@click.option(
    "--secrets",
    "secrets_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Streamlit secrets file with the [auth] login settings "
    "(default: .streamlit/secrets.toml).",
)
@db_option
def app(
    port: int,
    host: str,
    read_only: bool,
    allow_edits: bool,
    require_login: bool,
    editors: str,
    secrets_file: Path | None,
    db_url: str | None,
) -> None:
    """Start the dashboard (Streamlit) on the store."""
    from strikemap.access import (
        AccessError,
        deployment_policy,
        parse_editors,
        policy_to_env,
    )
    from strikemap.dashboard.assets import app_script, install_app_files
    from strikemap.process import run_forwarding_signals

    script = app_script()
    secrets = (
        [secrets_file]
        if secrets_file
        else [
            script.parent / ".streamlit" / "secrets.toml",
            Path.home() / ".streamlit" / "secrets.toml",
        ]
    )
    try:
        policy = deployment_policy(
            host,
            read_only=read_only,
            allow_edits=allow_edits,
            require_login=require_login,
            editors=parse_editors(editors),
            secrets_files=secrets,
        )
    except AccessError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    from sqlalchemy.engine import make_url

    env = dict(os.environ)
    env["STRIKEMAP_DB"] = db_url or default_db_url()
    env.update(policy_to_env(policy))
    install_app_files()  # installed from a wheel: the packaged app.py, in STRIKEMAP_HOME
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    if secrets_file:
        cmd += ["--secrets.files", str(secrets_file.resolve())]
    mode = (
        "read-only"
        if policy.read_only
        else "editors sign in"
        if policy.require_login
        else "local, editable"
    )
    click.echo(
        f"strikemap dashboard on http://{host}:{port} ({mode}; store: "
        f"{make_url(env['STRIKEMAP_DB']).render_as_string(hide_password=True)})"
    )
    raise SystemExit(run_forwarding_signals(cmd, cwd=script.parent, env=env))


def _register_optional_groups() -> None:
    # Sub-command groups live in their own modules; registering them here keeps `main`
    # the single entry point.
    from strikemap.cli.area_cmds import areas_cmd
    from strikemap.cli.assets_cmds import assets
    from strikemap.cli.edit_cmds import audit, events_group, incidents_merge, reports
    from strikemap.cli.eval_cmds import eval_multilingual, eval_reports
    from strikemap.cli.gazetteer_cmds import eval_places, gazetteer
    from strikemap.cli.geoparse_cmds import eval_geoparse, geoparse_cmd

    @main.group(name="eval")
    def eval_group() -> None:
        """Score strikemap against gold data."""

    eval_group.add_command(eval_reports, name="reports")
    eval_group.add_command(eval_multilingual, name="multilingual")
    eval_group.add_command(eval_places, name="places")
    eval_group.add_command(eval_geoparse, name="geoparse")
    main.add_command(gazetteer)
    main.add_command(events_group(events))  # `events` lists; `events edit|delete` correct
    incidents.add_command(incidents_merge)
    main.add_command(reports)
    main.add_command(audit)
    main.add_command(assets)
    main.add_command(geoparse_cmd, name="geoparse")
    main.add_command(areas_cmd)


_register_optional_groups()
