"""`strikemap reports|events edit|events delete|incidents merge|audit`, through click's runner.

Bad input (an unknown id, an unknown or ambiguous place, a conflicting edit, a read-only
store) is one ``error:`` line, exit code 1, and the store exactly as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, select

from extract_fakes import FakeGazetteer
from strikemap.cli import main
from strikemap.store.schema import audit_log, claims, deleted_reports, events, reports

ARTICLE = (
    "Russian warplanes struck bases held by rebels in Jisr al-Shughur on Thursday, "
    "a Syrian security source said.\n"
)
SECOND = "Russian jets bombed Jisr al-Shughur on Thursday, activists said.\n"


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    import strikemap.gazetteer

    fake = FakeGazetteer()
    monkeypatch.setattr(strikemap.gazetteer, "load_gazetteer", lambda: fake)
    monkeypatch.setattr(strikemap.gazetteer, "shared_gazetteer", lambda: fake)
    monkeypatch.setenv("STRIKEMAP_EDITOR", "alice")
    return CliRunner()


@pytest.fixture()
def db(tmp_path: Path, runner: CliRunner) -> str:
    """A store with two reports of one strike (one incident of two events)."""
    url = f"sqlite:///{tmp_path / 'edits.db'}"
    for name, text in (("a.txt", ARTICLE), ("b.txt", SECOND)):
        (tmp_path / name).write_text(text)
        result = runner.invoke(
            main, ["ingest", str(tmp_path / name), "--published", "2015-10-01", "--db", url]
        )
        assert result.exit_code == 0, result.output
    return url


def _state(url: str) -> tuple[object, ...]:
    """Every row of the tables edits touch."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = tuple(
            tuple(map(tuple, conn.execute(select(t).order_by(*t.primary_key.columns)).all()))
            for t in (reports, events, claims, audit_log, deleted_reports)
        )
    engine.dispose()
    return rows


def _run(runner: CliRunner, db: str, *args: str) -> Result:
    return runner.invoke(main, [*args, "--db", db])


def _fails(runner: CliRunner, db: str, args: list[str], message: str) -> str:
    """Run ``args``; assert exit 1, one ``error:`` line holding ``message``, store unchanged."""
    before = _state(db)
    result = _run(runner, db, *args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: ") and message in line, line
    assert _state(db) == before
    return line


def _event_ids(runner: CliRunner, db: str) -> list[int]:
    out = _run(runner, db, "events", "--json").output
    return [json.loads(line)["id"] for line in out.splitlines()]


def test_help_lists_the_edit_commands(runner: CliRunner) -> None:
    for args, shown in (
        (["--help"], ["reports", "audit", "events"]),
        (["events", "--help"], ["edit", "delete", "--actor", "--limit"]),
        (["events", "edit", "--help"], ["--place", "--if-version", "--editor", "--killed"]),
        (["incidents", "--help"], ["merge", "split", "list"]),
        (["reports", "--help"], ["list", "delete"]),
        (["ingest", "--help"], ["--force"]),
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        for word in shown:
            assert word in result.output, (args, word)


def test_events_still_lists_with_filters(runner: CliRunner, db: str) -> None:
    result = _run(runner, db, "events", "--actor", "Russia")
    assert result.exit_code == 0 and "2 event(s)" in result.output


def test_edit_place_date_actor_and_claim(runner: CliRunner, db: str) -> None:
    first, _ = _event_ids(runner, db)
    result = _run(runner, db, "events", "edit", str(first), "--place", "homsc", "--date",
                  "2015-09-30", "--precision", "overnight", "--actor", "Syria", "--killed", "4",
                  "--target", "unknown")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"event {first} saved by cli:alice:" in result.output
    assert "place_name: 'Jisr al-Shughur' -> 'Homs'" in result.output
    assert "date_precision: 'day' -> 'overnight'" in result.output
    assert "claim 1 killed: None -> 4" in result.output
    assert "claim 1 claimed_target: 'bases held by rebels' -> None" in result.output
    row = json.loads(_run(runner, db, "events", "--json", "--actor", "Syria").output)
    assert (row["place_name"], row["place_id"], row["date"], row["actor"]) == (
        "Homs", "homsc", "2015-09-30", "Syria"
    )  # fmt: skip
    assert row["location_reason"] == "set by editor cli:alice"
    again = _run(runner, db, "events", "edit", str(first), "--actor", "Syria")
    assert again.exit_code == 0 and "nothing changed" in again.output


def test_place_by_unique_name(runner: CliRunner, db: str) -> None:
    first, _ = _event_ids(runner, db)
    result = _run(runner, db, "events", "edit", str(first), "--place", "Latakia")
    assert result.exit_code == 0, result.output
    assert "'Jisr al-Shughur' -> 'Latakia'" in result.output


def test_ambiguous_or_unknown_place_is_never_guessed(runner: CliRunner, db: str) -> None:
    first, _ = _event_ids(runner, db)
    line = _fails(runner, db, ["events", "edit", str(first), "--place", "Homs"], "ambiguous")
    assert "Homs (homsc: city" in line and "Homs (homs1: admin1" in line
    _fails(runner, db, ["events", "edit", str(first), "--place", "Atlantis"],
           "no place named 'Atlantis' in the gazetteer")  # fmt: skip


def test_unknown_ids(runner: CliRunner, db: str) -> None:
    _fails(runner, db, ["events", "edit", "999", "--actor", "x"], "no event 999")
    _fails(runner, db, ["events", "delete", "999"], "no event 999")
    _fails(runner, db, ["reports", "delete", "0123456789ab"], "no report 0123456789ab")
    _fails(runner, db, ["incidents", "merge", "1", "42"], "no incident 42")
    first, _ = _event_ids(runner, db)
    _fails(runner, db, ["events", "edit", str(first), "--claim", "99", "--killed", "1"],
           f"event {first} has no claim 99")  # fmt: skip


def test_a_conflicting_edit_changes_nothing(runner: CliRunner, db: str) -> None:
    first, _ = _event_ids(runner, db)
    assert _run(runner, db, "events", "edit", str(first), "--actor", "Syria").exit_code == 0
    line = _fails(runner, db, ["events", "edit", str(first), "--actor", "Iran", "--if-version",
                               "1"], f"event {first} was changed by cli:alice")  # fmt: skip
    assert "yours 1, stored 2" in line
    _fails(runner, db, ["events", "delete", str(first), "--if-version", "1"], "was changed")
    ok = _run(runner, db, "events", "edit", str(first), "--actor", "Iran", "--if-version", "2")
    assert ok.exit_code == 0, ok.output


def test_a_read_only_store_refuses_writes(runner: CliRunner, db: str) -> None:
    path = db.removeprefix("sqlite:///")
    ro = f"sqlite:///file:{path}?mode=ro&uri=true"
    before = _state(db)
    first, _ = _event_ids(runner, db)
    for args in (
        ["events", "edit", str(first), "--actor", "x"],
        ["events", "delete", str(first)],
        ["incidents", "split", str(first)],
    ):
        result = _run(runner, ro, *args)
        assert result.exit_code == 1, result.output
        (line,) = result.output.strip().splitlines()
        assert line.startswith("error: could not write") and "readonly" in line, line
    assert _state(db) == before


def test_bad_values_are_usage_errors(runner: CliRunner, db: str) -> None:
    first, _ = _event_ids(runner, db)
    before = _state(db)
    for args, message in (
        ([], "nothing to change"),
        (["--date", "30/09/2015"], "not a date in YYYY-MM-DD form"),
        (["--killed", "-3"], "not a whole number"),
        (["--precision", "decade"], "'decade' is not one of"),
        (["--date", "unknown", "--precision", "day"], "unknown date needs"),
    ):
        result = _run(runner, db, "events", "edit", str(first), *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    assert _state(db) == before


def test_delete_event_and_merge_incidents(runner: CliRunner, db: str, tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text("Russian jets struck Idlib on Thursday.\n")
    (tmp_path / "d.txt").write_text("Russian warplanes hit Idlib on Thursday, monitors said.\n")
    for name in ("c.txt", "d.txt"):
        _run(runner, db, "ingest", str(tmp_path / name), "--published", "2015-10-01")
    listed = _run(runner, db, "incidents", "list").output
    assert "incident 1: 2 event(s)" in listed and "incident 2: 2 event(s)" in listed
    merged = _run(runner, db, "incidents", "merge", "1", "2")
    assert merged.exit_code == 0, merged.output
    assert "incident 2 merged into incident 1: 2 event(s) moved" in merged.output
    assert "incident 1: 4 event(s)" in _run(runner, db, "incidents", "list").output
    first = _event_ids(runner, db)[0]
    deleted = _run(runner, db, "events", "delete", str(first))
    assert deleted.exit_code == 0 and f"deleted event {first}" in deleted.output
    assert first not in _event_ids(runner, db)


def test_delete_a_report_then_ingest_skips_it_unless_forced(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    listed = _run(runner, db, "reports", "list")
    assert listed.exit_code == 0 and "a.txt" in listed.output and "2 report(s)" in listed.output
    records = [
        json.loads(ln) for ln in _run(runner, db, "reports", "list", "--json").output.splitlines()
    ]
    report_a = next(r for r in records if r["source_id"] == "a.txt")["id"]
    result = _run(runner, db, "reports", "delete", report_a[:8], "--editor", "bob")
    assert result.exit_code == 0, result.output
    assert f"deleted report {report_a[:12]} (a.txt): 1 event(s), 1 claim(s)" in result.output
    assert "a.txt" not in _run(runner, db, "reports", "list").output
    assert "cli:bob" in _run(runner, db, "reports", "list", "--deleted").output
    again = _run(runner, db, "ingest", str(tmp_path / "a.txt"))
    assert again.exit_code == 0
    assert "a.txt: deleted by an editor, skipped (--force stores it again)" in again.output
    assert "0 already stored, 1 deleted by an editor (--force stores them)" in again.output
    forced = _run(runner, db, "ingest", str(tmp_path / "a.txt"), "--force")
    assert forced.exit_code == 0 and "a.txt: 1 event" in forced.output


def test_audit_lists_every_change_with_its_values(runner: CliRunner, db: str) -> None:
    assert "no changes recorded" in _run(runner, db, "audit").output
    first, second = _event_ids(runner, db)
    _run(runner, db, "events", "edit", str(first), "--actor", "Syria", "--editor", "carol")
    _run(runner, db, "incidents", "split", str(second))
    _run(runner, db, "events", "delete", str(second))
    table = _run(runner, db, "audit")
    assert table.exit_code == 0
    lines = table.output.strip().splitlines()
    assert lines[0].endswith(f"cli:carol\tedit_event event {first} (actor)")
    assert lines[1].endswith(
        f"cli:alice\tsplit_event event {second} (incident_id, link_locked, link_reason)"
    )
    assert lines[2].endswith(f"cli:alice\tdelete_event event {second}")
    entries = [json.loads(ln) for ln in _run(runner, db, "audit", "--json").output.splitlines()]
    assert entries[0]["before"]["actor"] == "Russia" and entries[0]["after"]["actor"] == "Syria"
    assert entries[2]["after"] is None and entries[2]["before"]["claims"]
    only = _run(runner, db, "audit", "--event", str(first), "--json").output.splitlines()
    assert len(only) == 1
    assert len(_run(runner, db, "audit", "--limit", "2").output.strip().splitlines()) == 3
