"""Commands that correct the store (``reports``, ``events edit|delete``, ``audit``, ...).

The commands are ``reports list|delete``, ``events edit|delete``, ``incidents merge`` and
``audit``.
Each is a thin shell over a :class:`strikemap.store.Store` method; every change is
recorded in the store's audit log under the editor's name (``--editor``, else
``$STRIKEMAP_EDITOR``, else the OS user), written as ``cli:<name>``. A bad id, a
conflicting edit or a store that cannot be written is one ``error: ...`` line and exit
code 1, with the store unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar, get_args

import click

from strikemap.cli import EXIT_DATA_ERROR, db_option, open_store_or_exit
from strikemap.model import DatePrecision
from strikemap.store import (
    KEEP,
    ClaimEdit,
    EventEdit,
    PlaceFix,
    Store,
    StoreError,
)
from strikemap.store.edits import Keep

F = TypeVar("F", bound=Callable[..., Any])

UNKNOWN_WORDS = frozenset({"unknown", "none", "-"})
"""Values of ``--date``, ``--actor``, ``--killed``, ... that set the field to unknown."""


def default_editor() -> str:
    """Return who edits from the command line: ``$STRIKEMAP_EDITOR``, else the OS user."""
    name = os.environ.get("STRIKEMAP_EDITOR", "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):  # no user name in the environment or passwd
            name = "unknown"
    return name


def editor_name(editor: str | None) -> str:
    """Return the audit log's name for a command-line editor: ``cli:<name>``."""
    return f"cli:{(editor or '').strip() or default_editor()}"


def editor_option(func: F) -> F:
    """Add ``--editor NAME`` (default ``$STRIKEMAP_EDITOR``, else the OS user name)."""
    return click.option(
        "--editor",
        metavar="NAME",
        default=None,
        help="Who makes the change, for the audit log (default: $STRIKEMAP_EDITOR, else "
        "your user name); recorded as cli:NAME.",
    )(func)


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_DATA_ERROR)


@contextmanager
def _store_errors() -> Iterator[None]:
    """Turn store failures into one ``error:`` line and exit code 1."""
    try:
        yield
    except StoreError as exc:  # also unknown ids, conflicts and read-only stores
        _fail(str(exc))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


# --------------------------------------------------------------------------- reports


@click.group()
def reports() -> None:
    """List stored reports, or delete one with everything extracted from it."""


@reports.command(name="list")
@click.option("--deleted", is_flag=True, help="List the reports editors deleted instead.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@db_option
def reports_list(deleted: bool, as_json: bool, db_url: str | None) -> None:
    """Print every stored report (id, source, title, events), oldest first."""
    store = open_store_or_exit(db_url)
    frame = store.deleted_reports_frame() if deleted else store.reports_frame()
    if as_json:
        for record in frame.to_dict(orient="records"):
            click.echo(json.dumps(record, default=str, ensure_ascii=False))
        return
    if frame.empty:
        click.echo("no deleted reports" if deleted else "no reports")
        return
    frame = frame.assign(id=frame["id"].str[:12])
    cols = ["id", "source_id", "deleted_at", "deleted_by"]
    if not deleted:
        cols = ["id", "source_id", "published", "language", "n_events", "title"]
    click.echo(frame[cols].fillna("?").to_string(index=False))
    click.echo(f"{len(frame)} report(s); an id prefix of 6 or more characters names one")


def _report_id(store: Store, given: str) -> str:
    """Return the full id a report id or unique id prefix names."""
    given = given.strip().lower()
    if store.has_report(given):
        return given
    if len(given) >= 6:
        ids = [i for i in store.reports_frame()["id"] if str(i).startswith(given)]
        if len(ids) == 1:
            return str(ids[0])
        if len(ids) > 1:
            _fail(f"report id prefix {given} names {len(ids)} reports; give more characters")
    _fail(f"no report {given}")


@reports.command(name="delete")
@click.argument("report_id")
@editor_option
@db_option
def reports_delete(report_id: str, editor: str | None, db_url: str | None) -> None:
    """Delete REPORT_ID (its content hash, or a unique prefix) with its events and claims.

    The report is remembered as deleted: ingesting the same text again skips it unless
    `strikemap ingest --force`. The audit log keeps what was deleted.
    """
    store = open_store_or_exit(db_url)
    full = _report_id(store, report_id)
    with _store_errors():
        done = store.delete_report(full, editor=editor_name(editor))
    click.echo(
        f"deleted report {done.report_id[:12]} ({done.source_id}): {done.n_events} event(s), "
        f"{done.n_claims} claim(s), {done.n_unresolved} unresolved place(s)"
    )


# --------------------------------------------------------------------------- events


class _Count(click.ParamType[int, Any]):
    """A casualty figure: a whole number of 0 or more, or ``unknown`` (returned as -1)."""

    name = "N|unknown"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower()
        if text in UNKNOWN_WORDS:
            return _UNKNOWN_COUNT
        if text.isdigit():
            return int(text)
        self.fail(f"{value!r} is not a whole number of 0 or more (or 'unknown')", param, ctx)


_UNKNOWN_COUNT = -1
"""What :class:`_Count` turns ``unknown`` into (a figure is never negative)."""


def _count_or_keep(value: int | None) -> int | Keep | None:
    if value is None:
        return KEEP
    return None if value == _UNKNOWN_COUNT else value


def _text_or_keep(value: str | None) -> str | Keep | None:
    if value is None:
        return KEEP
    return None if value.strip().lower() in UNKNOWN_WORDS or not value.strip() else value


def _date_or_keep(value: str | None) -> dt.date | Keep | None:
    if value is None:
        return KEEP
    if value.strip().lower() in UNKNOWN_WORDS:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date in YYYY-MM-DD form (or 'unknown')", param_hint="--date"
        ) from None


def _resolve_place(value: str) -> PlaceFix:
    """Return the gazetteer place a name or place id names; refuse to guess."""
    from strikemap.gazetteer import load_gazetteer
    from strikemap.gazetteer.normalize import normalize_name

    try:
        gazetteer = load_gazetteer()
    except FileNotFoundError as exc:
        _fail(f"{exc} (run `strikemap gazetteer build` first)")
    try:
        return PlaceFix.from_place(gazetteer.get(value.strip()))
    except KeyError:
        pass
    key = normalize_name(value)
    found = {c.place.id: c.place for c in gazetteer.lookup(value, limit=10)}
    exact = [
        p for p in found.values() if key in {normalize_name(n) for n in (p.name, *p.alt_names)}
    ]

    def listed(places: Any) -> str:
        return "; ".join(
            f"{p.name} ({p.id}: {p.kind}, {', '.join(x for x in (p.admin1, p.country) if x)})"
            for p in places
        )

    if len(exact) == 1:
        return PlaceFix.from_place(exact[0])
    if exact:
        _fail(f"place {value!r} is ambiguous, give its id: {listed(exact)}")
    closest = f"; closest: {listed(list(found.values())[:5])}" if found else ""
    _fail(f"no place named {value!r} in the gazetteer{closest}")


def _claim_id(record: Any, claim_id: int | None) -> tuple[int, int]:
    """Return (claim id, version) of the claim an edit of claim fields is for."""
    claims = {int(c["id"]): int(c["version"]) for c in record.claims}
    if claim_id is not None:
        if claim_id not in claims:
            _fail(f"event {record.event['id']} has no claim {claim_id} (its claims: "
                  f"{', '.join(map(str, claims)) or 'none'})")  # fmt: skip
        return claim_id, claims[claim_id]
    if len(claims) != 1:
        _fail(
            f"event {record.event['id']} has {len(claims)} claims "
            f"({', '.join(map(str, claims)) or 'none'}); choose one with --claim"
        )
    ((only, version),) = claims.items()
    return only, version


def _changes(
    label: str, before: dict[str, Any], after: dict[str, Any], keys: tuple[str, ...]
) -> list[str]:
    return [
        f"  {label}{k}: {before.get(k)!r} -> {after.get(k)!r}"
        for k in keys
        if before.get(k) != after.get(k)
    ]


_EVENT_SHOWN = (
    "place_name",
    "place_id",
    "lon",
    "lat",
    "precision",
    "date",
    "date_precision",
    "actor",
)
_CLAIM_SHOWN = ("claimant", "claimed_target", "killed", "wounded", "civilians_killed",
                "children_killed")  # fmt: skip


@click.command(name="edit")
@click.argument("event_id", type=int)
@click.option("--place", metavar="NAME_OR_ID", help="Gazetteer place name or id (never guessed).")
@click.option("--date", metavar="YYYY-MM-DD", help="The strike's date, or 'unknown'.")
@click.option(
    "--precision",
    "date_precision",
    type=click.Choice(get_args(DatePrecision)),
    help="How precisely the date is known.",
)
@click.option("--actor", help="Who struck, or 'unknown'.")
@click.option("--claim", "claim_id", type=int, help="The claim the claim options change.")
@click.option("--claimant", help="Who makes the claim, or 'unknown'.")
@click.option("--target", "claimed_target", help="What the claim says was hit, or 'unknown'.")
@click.option("--killed", type=_Count(), help="People killed, or 'unknown'.")
@click.option("--wounded", type=_Count(), help="People wounded, or 'unknown'.")
@click.option("--civilians-killed", type=_Count(), help="Civilians killed, or 'unknown'.")
@click.option("--children-killed", type=_Count(), help="Children killed, or 'unknown'.")
@click.option(
    "--if-version",
    type=int,
    metavar="N",
    help="Only if the event is still at version N (else a conflict; nothing changes).",
)
@editor_option
@db_option
def events_edit(
    event_id: int,
    place: str | None,
    date: str | None,
    date_precision: str | None,
    actor: str | None,
    claim_id: int | None,
    claimant: str | None,
    claimed_target: str | None,
    killed: int | None,
    wounded: int | None,
    civilians_killed: int | None,
    children_killed: int | None,
    if_version: int | None,
    editor: str | None,
    db_url: str | None,
) -> None:
    """Correct EVENT_ID: its place, date, actor, or one of its claims.

    Prints what changed; `strikemap audit` shows every change with its editor.
    """
    claim_edit = ClaimEdit(
        claimant=_text_or_keep(claimant),
        claimed_target=_text_or_keep(claimed_target),
        killed=_count_or_keep(killed),
        wounded=_count_or_keep(wounded),
        civilians_killed=_count_or_keep(civilians_killed),
        children_killed=_count_or_keep(children_killed),
    )
    precision: Any = date_precision if date_precision is not None else KEEP
    event_edit = EventEdit(
        date=_date_or_keep(date), date_precision=precision, actor=_text_or_keep(actor)
    )
    if event_edit.is_empty() and place is None and claim_edit.is_empty():
        raise click.UsageError("nothing to change: give --place, --date, --actor or a claim option")
    store = open_store_or_exit(db_url)
    who = editor_name(editor)
    with _store_errors():
        record = store.event_record(event_id)
        # Everything is checked before the first write, so a refusal changes nothing.
        target = None if claim_edit.is_empty() else _claim_id(record, claim_id)
        if place is not None:
            event_edit = dataclasses.replace(event_edit, place=_resolve_place(place))
        version = record.version if if_version is None else if_version
        pending = {} if target is None else {target[0]: (target[1], claim_edit)}
        after = store.edit_event(event_id, event_edit, editor=who, version=version, claims=pending)
        lines = _changes("", record.event, after.event, _EVENT_SHOWN)
        for claim_before in record.claims:
            claim_after = next(c for c in after.claims if c["id"] == claim_before["id"])
            label = f"claim {claim_before['id']} "
            lines += _changes(label, claim_before, claim_after, _CLAIM_SHOWN)
    if not lines:
        click.echo(f"event {event_id}: nothing changed (it already had these values)")
        return
    click.echo(f"event {event_id} saved by {who}:")
    for line in lines:
        click.echo(line)


@click.command(name="delete")
@click.argument("event_id", type=int)
@click.option(
    "--if-version", type=int, metavar="N", help="Only if the event is still at version N."
)
@editor_option
@db_option
def events_delete(
    event_id: int, if_version: int | None, editor: str | None, db_url: str | None
) -> None:
    """Delete EVENT_ID and its claims (the audit log keeps them as they were)."""
    store = open_store_or_exit(db_url)
    with _store_errors():
        store.delete_event(event_id, editor=editor_name(editor), version=if_version)
    click.echo(f"deleted event {event_id} and its claims")


def events_group(listing: click.Command) -> click.Group:
    """Return an ``events`` group that runs ``listing`` alone and holds ``edit``/``delete``.

    ``strikemap events [FILTERS]`` keeps printing events; ``strikemap events edit ...``
    and ``strikemap events delete ...`` are its sub-commands.
    """
    assert listing.callback is not None

    def run(**kwargs: Any) -> None:
        ctx = click.get_current_context()
        if ctx.invoked_subcommand is None:
            ctx.invoke(listing.callback, **kwargs)  # type: ignore[arg-type]

    group = click.Group(
        name=listing.name,
        callback=run,
        params=listing.params,
        help=(listing.help or "") + "\n\nSub-commands edit and delete correct one event.",
        short_help=listing.short_help,
        invoke_without_command=True,
    )
    group.add_command(events_edit)
    group.add_command(events_delete)
    return group


# --------------------------------------------------------------------------- incidents


@click.command(name="merge")
@click.argument("target", type=int)
@click.argument("source", type=int)
@editor_option
@db_option
def incidents_merge(target: int, source: int, editor: str | None, db_url: str | None) -> None:
    """Merge incident SOURCE into TARGET: its events join TARGET for good.

    The moved events are locked, so automatic linking never moves them again.
    """
    store = open_store_or_exit(db_url)
    with _store_errors():
        moved = store.merge_incidents(target, source, editor=editor_name(editor))
    click.echo(f"incident {source} merged into incident {target}: {len(moved)} event(s) moved")


# --------------------------------------------------------------------------- audit


@click.command(name="audit")
@click.option("--event", "event_id", type=int, help="Only the changes of this event.")
@click.option("--report", "report_id", help="Only the changes about this report (full id).")
@click.option("--limit", type=click.IntRange(1), help="Only the newest N changes.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines with before and after values.")
@db_option
def audit(
    event_id: int | None,
    report_id: str | None,
    limit: int | None,
    as_json: bool,
    db_url: str | None,
) -> None:
    """Print the audit log: every change an editor made, oldest first."""
    store = open_store_or_exit(db_url)
    kind = "event" if event_id is not None else None
    entries = store.audit_rows(
        target_kind=kind, target_id=event_id, report_id=report_id, limit=limit
    )
    if as_json:
        for e in entries:
            click.echo(json.dumps(dataclasses.asdict(e), default=str, ensure_ascii=False))
        return
    if not entries:
        click.echo("no changes recorded")
        return
    for e in entries:
        target = e.target_id[:12] if e.target_kind == "report" else e.target_id
        before, after = e.before or {}, e.after or {}
        changed = [k for k in sorted(after) if k != "version" and before.get(k) != after.get(k)]
        what = f" ({', '.join(changed)})" if changed else ""
        click.echo(f"{e.id}\t{e.at}\t{e.editor}\t{e.action} {e.target_kind} {target}{what}")
    click.echo(f"{len(entries)} change(s); --json shows the values before and after")
