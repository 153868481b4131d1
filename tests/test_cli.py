"""The `strikemap` command, driven through click's runner with a small fake gazetteer."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from strikemap.cli import main

ARTICLE = (
    "Russian warplanes struck bases held by rebels in Jisr al-Shughur on Thursday, "
    "a Syrian security source said.\n"
)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_every_command_has_help(runner: CliRunner) -> None:
    for args in (
        ["--help"],
        ["ingest", "--help"],
        ["events", "--help"],
        ["export", "--help"],
        ["app", "--help"],
        ["demo", "--help"],
        ["eval", "--help"],
        ["gazetteer", "--help"],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
        assert "Usage:" in result.output


def test_ingest_events_export_round_trip(runner: CliRunner, db: str, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    result = runner.invoke(main, ["ingest", str(article), "--published", "2015-10-01", "--db", db])
    assert result.exit_code == 0, result.output
    assert "article.txt: 1 event" in result.output
    assert "summary: 1 report(s) stored with 1 event(s)" in result.output

    again = runner.invoke(main, ["ingest", str(article), "--db", db])
    assert "already stored" in again.output and again.exit_code == 0

    table = runner.invoke(main, ["events", "--db", db, "--actor", "Russia"])
    assert "Jisr al-Shughur" in table.output and "2015-10-01" in table.output
    none = runner.invoke(main, ["events", "--db", db, "--actor", "Israel"])
    assert "no events match" in none.output

    out = tmp_path / "out.geojson"
    exported = runner.invoke(main, ["export", "--format", "geojson", "-o", str(out), "--db", db])
    assert exported.exit_code == 0, exported.output
    fc = json.loads(out.read_text())
    (feature,) = fc["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert (round(lon, 2), round(lat, 2)) == (36.32, 35.81)
    assert feature["properties"]["report_id"] == "article.txt"
    assert feature["properties"]["actor"] == "Russia"

    csv_out = tmp_path / "out.csv"
    runner.invoke(main, ["export", "--format", "csv", "-o", str(csv_out), "--db", db])
    assert csv_out.read_text().count("\n") == 2


def test_ingest_from_stdin(runner: CliRunner, db: str) -> None:
    result = runner.invoke(
        main, ["ingest", "-", "--published", "2015-10-01", "--db", db], input=ARTICLE
    )
    assert result.exit_code == 0, result.output
    assert "stdin: 1 event" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--published", "2015-13-01"], "not a date"),
        (["--published", "2999-01-01"], "in the future"),
    ],
)
def test_bad_published_is_a_usage_error(runner, db, tmp_path, args, message) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    result = runner.invoke(main, ["ingest", str(article), "--db", db, *args])
    assert result.exit_code == 2
    assert message in result.output


def test_bad_files_fail_alone_and_store_the_rest(runner, db, tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(ARTICLE)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 10)
    result = runner.invoke(
        main,
        [
            "ingest",
            str(tmp_path / "in"),
            str(tmp_path / "missing.txt"),
            "--published",
            "2015-10-01",
            "--db",
            db,
        ],
    )
    assert result.exit_code == 1
    assert "good.txt: 1 event" in result.output
    assert "error: " in result.output and "missing.txt: no such file" in result.output
    assert "empty.txt: empty file" in result.output
    assert "binary.txt: binary file" in result.output
    table = runner.invoke(main, ["events", "--db", db])
    assert "1 event(s)" in table.output


def test_unusable_database_is_one_line_and_exit_1(runner, tmp_path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    result = runner.invoke(main, ["events", "--db", f"sqlite:///{bad}"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error: cannot use")
    assert len(result.output.strip().splitlines()) == 1


def test_workers_give_the_same_result(runner, tmp_path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(6):
        (folder / f"r{i}.txt").write_text(ARTICLE.replace("Thursday", f"Thursday ({i})"))
    serial = f"sqlite:///{tmp_path / 's.db'}"
    result = runner.invoke(
        main, ["ingest", str(folder), "--published", "2015-10-01", "--db", serial]
    )
    assert "summary: 6 report(s) stored with 6 event(s)" in result.output


def test_incidents_list_and_split(runner: CliRunner, db: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE.replace("bases held by rebels", "a mosque"))
    runner.invoke(
        main,
        [
            "ingest",
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
            "--published",
            "2015-10-01",
            "--db",
            db,
        ],
    )
    listed = runner.invoke(main, ["incidents", "list", "--db", db])
    assert "incident 1: 2 event(s)" in listed.output
    assert "same actor (Russia)" in listed.output
    split = runner.invoke(main, ["incidents", "split", "2", "--db", db])
    assert split.exit_code == 0
    assert "no incidents" in runner.invoke(main, ["incidents", "list", "--db", db]).output
    missing = runner.invoke(main, ["incidents", "split", "99", "--db", db])
    assert missing.exit_code == 1 and "no event 99" in missing.output
