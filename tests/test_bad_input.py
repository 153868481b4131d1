"""Bad input, faults and hostile content, through the ``strikemap`` command.

Every case of docs/bad-input.md has a test here: it checks the one clear line printed, the
documented exit code (0 ok, 1 data error, 2 usage error) and that the stored data is
exactly as it was before. The store's own faults (older schema, read-only file, full disk,
corrupted file, killed writer) are tested in tests/test_store_faults.py; here they are
driven through the CLI only where the CLI adds something.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, select

from factories import make_event, make_report, table_counts
from local_http import routes_handler, serving
from strikemap import read
from strikemap.cli import main
from strikemap.export import dumps_geojson, events_to_geojson, export_csv, export_geojson
from strikemap.model import Extraction
from strikemap.store import open_store
from strikemap.store.schema import reports

FIX = Path(__file__).parent / "fixtures" / "bad_input"
ARTICLE = "Russian warplanes struck bases in Jisr al-Shughur on Thursday, a source said.\n"


# --------------------------------------------------------------------------- helpers


@pytest.fixture()
def db(tmp_path: Path, runner: CliRunner) -> str:
    """A store already holding one report, so "left as it was" is a real check."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    result = runner.invoke(main, ["ingest", str(good), "--published", "2015-10-01", "--db", url])
    assert result.exit_code == 0, result.output
    assert _snapshot(url)[:3] == (1, 1, 1)
    return url


def _snapshot(url: str) -> tuple[object, ...]:
    """Row counts of reports/events/claims and the stored report ids and texts."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = sorted(conn.execute(select(reports.c.id, reports.c.text)).all())
    engine.dispose()
    return (*table_counts(url), tuple(map(tuple, rows)))


def _error_lines(result: Result) -> list[str]:
    return [ln for ln in result.output.splitlines() if "error" in ln.lower()]


def _ingest_fails(runner: CliRunner, db: str, args: list[str], message: str) -> str:
    """Ingest ``args``; assert exit 1, one error line containing ``message``, store intact."""
    before = _snapshot(db)
    result = runner.invoke(main, ["ingest", *args, "--db", db])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    (line,) = _error_lines(result)
    assert message in line, line
    assert "Traceback" not in result.output
    assert "summary: 0 report(s) stored" in result.output
    assert _snapshot(db) == before
    return line


# --------------------------------------------------------------------------- files


def test_empty_file(runner: CliRunner, db: str, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n\n\t")
    _ingest_fails(runner, db, [str(tmp_path / "empty.txt")], "empty.txt: empty file")


@pytest.mark.parametrize(
    "name, data, kind",
    [
        ("nul.txt", b"Jets\x00struck\x00" * 50, "binary file (binary)"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary file (PNG image)"),
        ("doc.html", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "binary file (PDF)"),
        ("controls.md", bytes(range(1, 9)) * 100, "binary file (binary)"),
    ],
)
def test_binary_file(runner, db, tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    (tmp_path / name).write_bytes(data)
    _ingest_fails(runner, db, [str(tmp_path / name)], f"{name}: {kind}, not text")


def test_undecodable_bytes(runner: CliRunner, db: str, tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Russian jets struck Homs café".encode("latin-1"))
    line = _ingest_fails(runner, db, [str(tmp_path / "latin1.txt")], "not decodable as utf-8")
    assert "offset 28" in line and "save it as UTF-8" in line


def test_utf16_file_is_named_not_called_binary(runner, db, tmp_path: Path) -> None:
    (tmp_path / "u16.txt").write_bytes("Russian jets struck Homs.".encode("utf-16"))
    _ingest_fails(runner, db, [str(tmp_path / "u16.txt")], "UTF-16 text is not supported")


@pytest.mark.parametrize("name", ["huge.txt", "huge.csv"])
def test_200_mb_file_is_refused_before_reading(
    runner: CliRunner, db: str, tmp_path: Path, name: str
) -> None:
    huge = tmp_path / name
    with huge.open("wb") as fh:  # sparse: 200 MB on paper, a few bytes on disk
        fh.write(b"id,text\n" if name.endswith(".csv") else b"Jets struck Homs. ")
        fh.truncate(200_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(read.ReadError, match=r"file is 200\.0 MB, over the") as info:
            read.read_path(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, f"reading allocated {peak:,} bytes: the file was loaded"
    assert "split it" in str(info.value)
    _ingest_fails(runner, db, [str(huge)], f"{name}: file is 200.0 MB")


def test_oversized_stdin_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 1000)
    with pytest.raises(read.ReadError, match="stdin: more than the"):
        read.read_stdin(io.BytesIO(b"x" * 5000))


def test_empty_and_binary_stdin(runner: CliRunner, db: str) -> None:
    for data, message in ((b"", "stdin: empty"), (b"\x00\x01\x02" * 20, "binary file")):
        before = _snapshot(db)
        result = runner.invoke(main, ["ingest", "-", "--db", db], input=data)
        assert result.exit_code == 1, result.output
        (line,) = _error_lines(result)
        assert message in line
        assert _snapshot(db) == before


def test_html_that_is_all_scripts(runner: CliRunner, db: str) -> None:
    _ingest_fails(
        runner, db, [str(FIX / "all_scripts.html")], "all_scripts.html: HTML page has no readable"
    )


def test_deeply_nested_html(runner: CliRunner, db: str, tmp_path: Path) -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + "Jets struck Homs." + "</div>" * depth
    (tmp_path / "deep.html").write_text(page + "</body></html>")
    started = time.perf_counter()
    _ingest_fails(runner, db, [str(tmp_path / "deep.html")], "deep.html: HTML page has no")
    assert time.perf_counter() - started < 20


def test_malformed_html_is_read_leniently(runner: CliRunner, db: str) -> None:
    result = runner.invoke(
        main, ["ingest", str(FIX / "malformed.html"), "--published", "2015-10-05", "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert "malformed.html: 1 event" in result.output
    assert _snapshot(db)[0] == 2


def test_oversized_report_is_refused(runner: CliRunner, db: str, tmp_path: Path) -> None:
    big = tmp_path / "long.txt"
    big.write_text("Jets struck Homs on Monday.\n\n" * 10_000)  # 290,000 characters
    _ingest_fails(runner, db, [str(big)], "long.txt: report is 289,998 characters, over the")


# --------------------------------------------------------------------------- URLs


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(read, "URL_TIMEOUT", 0.5)
    # The server is on 127.0.0.1, which URLs may only reach with the opt-in.
    monkeypatch.setenv("STRIKEMAP_ALLOW_PRIVATE_URLS", "1")
    routes = {
        "/doc.pdf": ("application/pdf", b"%PDF-1.4\n..."),
        "/photo.png": ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        "/pdf-as-html": ("text/html", b"%PDF-1.4\n\x00\x01"),
        "/article": ("text/html; charset=utf-8", (FIX / "malformed.html").read_bytes()),
    }
    # /slow answers after 2 s, longer than the 0.5 s timeout set above.
    with serving(routes_handler(routes, delays={"/slow": 2.0})) as url:
        yield url


@pytest.mark.parametrize(
    "path, message",
    [
        ("/slow", "timed out after 0.5 s"),
        ("/missing", "HTTP 404"),
        ("/doc.pdf", "unsupported content type 'application/pdf'"),
        ("/photo.png", "unsupported content type 'image/png'"),
        ("/pdf-as-html", "serves PDF data, not HTML"),
    ],
)
def test_bad_urls(runner, db, server: str, path: str, message: str) -> None:
    line = _ingest_fails(runner, db, [server + path], message)
    assert line.startswith(f"error: {server}{path}:")


def test_unreachable_and_malformed_urls(
    runner: CliRunner, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRIKEMAP_ALLOW_PRIVATE_URLS", "1")  # reach 127.0.0.1's closed port
    _ingest_fails(runner, db, ["http://127.0.0.1:9/x"], "cannot fetch")
    _ingest_fails(runner, db, ["http://[::1/x"], "cannot fetch")


def test_good_url_still_works(runner: CliRunner, db: str, server: str) -> None:
    result = runner.invoke(
        main, ["ingest", server + "/article", "--published", "2015-10-05", "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert _snapshot(db)[0] == 2


# --------------------------------------------------------------------------- --published


@pytest.mark.parametrize(
    "value, message",
    [
        ("01/10/2015", "not a date in YYYY-MM-DD form"),
        ("2015-02-30", "not a date in YYYY-MM-DD form"),
        ("yesterday", "not a date in YYYY-MM-DD form"),
        ("2999-01-01", "is in the future"),
    ],
)
def test_bad_published_is_a_usage_error(runner, db, tmp_path, value: str, message: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE.replace("Thursday", "Friday"))
    before = _snapshot(db)
    result = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--published", value,
                                  "--db", db])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert message in result.output and "--published" in result.output
    assert _snapshot(db) == before


# --------------------------------------------------------------------------- notes CSV


def test_csv_missing_text_column(runner: CliRunner, db: str) -> None:
    _ingest_fails(runner, db, [str(FIX / "notes_missing_column.csv")], "no text column")


def test_csv_broken_quote_keeps_nothing(runner: CliRunner, db: str) -> None:
    line = _ingest_fails(runner, db, [str(FIX / "notes_broken_quote.csv")], "malformed CSV")
    assert "notes_broken_quote.csv" in line


def test_csv_with_a_giant_field(runner: CliRunner, db: str, tmp_path: Path) -> None:
    f = tmp_path / "giant.csv"
    f.write_text('id,notes\n1,"' + "Jets struck Homs. " * 10_000 + '"\n')
    _ingest_fails(runner, db, [str(f)], "giant.csv: malformed CSV near line 2 (field larger")


def test_csv_extra_and_short_rows_are_tolerated(runner: CliRunner, db: str) -> None:
    result = runner.invoke(main, ["ingest", str(FIX / "notes_extra_columns.csv"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "SYR7: 1 event" in result.output
    assert _snapshot(db)[0] == 2  # the short row has no text and is not a report
    reports_read = read.read_notes_csv(FIX / "notes_extra_columns.csv")
    assert [r.text for r in reports_read] == ["Russian jets struck Homs on Monday."]


# --------------------------------------------------------------------------- gazetteer


def _gn_row(gid: int, name: str, lat: str, lon: str) -> str:
    cols = [str(gid), name, name, "", lat, lon, "P", "PPL", "SY", "", "12", "", "", "",
            "100", "", "100", "Asia/Damascus", "2020-01-01"]  # fmt: skip
    return "\t".join(cols)


@pytest.fixture()
def gdir(tmp_path: Path) -> Path:
    from strikemap.gazetteer._store import write_index
    from strikemap.gazetteer.build import read_curated

    places, _ = read_curated(Path(__file__).parent / "fixtures" / "gazetteer" / "places.csv")
    write_index(tmp_path / "gaz" / "index.sqlite", places, {"kind": "test"})
    return tmp_path / "gaz"


def _gaz_state(gdir: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(gdir.rglob("*"))
        if p.is_file()
    }


def test_gazetteer_import_rejects_bad_rows_and_keeps_good_ones(gdir, tmp_path: Path) -> None:
    f = tmp_path / "SY.txt"
    rows = [_gn_row(1, "Kafr Uwayd", "35.66", "36.48"), _gn_row(2, "Nowhere", "999", "36"),
            _gn_row(3, "Nan Town", "nan", "36"), _gn_row(4, "Words", "north", "east")]  # fmt: skip
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["gazetteer", "import", "geonames", str(f), "--gazetteer-dir", str(gdir)]
    )
    assert result.exit_code == 0, result.output
    assert "1 places imported, 3 rejected" in result.output
    assert "rejected line 2: coordinates out of range" in result.output
    assert result.output.count("rejected line") == 3


@pytest.mark.parametrize(
    "kind, name, content, message",
    [
        ("geonames", "SY.txt", "1\tonly\tthree\n", "SY.txt:1: expected 19"),
        ("geonames", "bin.txt", "\x00\x01\x02", "bin.txt:1: expected 19"),
        ("ocha", "cod.geojson", "{not json", "cod.geojson:1: invalid JSON"),
        ("ocha", "empty.geojson", '{"type":"FeatureCollection","features":[]}', "no usable"),
        ("aliases", "aliases.csv", 'name,place_id\n"broken,gn:1\n', "no usable place"),
        ("aliases", "nohead.csv", "foo,bar\n1,2\n", "header needs"),
    ],
)
def test_gazetteer_import_bad_file_changes_nothing(
    gdir: Path, tmp_path: Path, kind: str, name: str, content: str, message: str
) -> None:
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    before = _gaz_state(gdir)
    result = CliRunner().invoke(
        main, ["gazetteer", "import", kind, str(f), "--gazetteer-dir", str(gdir)]
    )
    assert result.exit_code == 1, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert message in result.output
    assert _gaz_state(gdir) == before


# --------------------------------------------------------------------------- database


def test_corrupted_database_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database " * 500)
    before = bad.read_bytes()
    (tmp_path / "a.txt").write_text(ARTICLE)
    for args in (
        ["ingest", str(tmp_path / "a.txt")],
        ["events"],
        ["export", "-o", str(tmp_path / "o.json")],
    ):
        result = runner.invoke(main, [*args, "--db", f"sqlite:///{bad}"])
        assert result.exit_code == 1, result.output
        assert result.output.strip().startswith("error: cannot use")
        assert len(result.output.strip().splitlines()) == 1
    assert bad.read_bytes() == before
    assert not (tmp_path / "o.json").exists()


def test_read_only_database_fails_each_report_and_keeps_data(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    path = db.removeprefix("sqlite:///")
    ro = f"sqlite:///file:{path}?mode=ro&uri=true"
    before = _snapshot(db)
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Jisr al-Shughur", "Homs"))
    result = runner.invoke(main, ["ingest", str(tmp_path / "b.txt"), "--published",
                                  "2015-10-01", "--db", ro])  # fmt: skip
    assert result.exit_code == 1, result.output
    (line,) = _error_lines(result)
    assert "readonly" in line.replace("-", "").lower() or "read-only" in line
    assert _snapshot(db) == before


# --------------------------------------------------------------------------- hostile content

HOSTILE_TEXT = (
    '=HYPERLINK("http://evil.example","x") <script>alert(1)</script> struck '
    "[a link](javascript:alert(2)) @home\t+1 -2"
)


@pytest.fixture()
def hostile_store(tmp_path: Path) -> Iterator[object]:
    store = open_store(f"sqlite:///{tmp_path / 'h.db'}")
    report = make_report(HOSTILE_TEXT, "=cmd|' /C calc'!A0")
    report = type(report)(
        **{
            **{f: getattr(report, f) for f in report.__slots__},
            "title": "<img src=x onerror=alert(1)>",
            "url": "  JaVa\tScRiPt:alert(document.cookie)",
        }
    )
    event = make_event(
        report,
        HOSTILE_TEXT,
        place="<b>Homs</b>",
        actor="\rRussia",
        claimant="-2+3",
        target="+cmd",
    )
    store.save(Extraction(report=report, events=[event]))
    yield store
    store.dispose()


def test_geojson_keeps_hostile_text_as_data_and_drops_script_links(hostile_store) -> None:
    fc = export_geojson(hostile_store)  # type: ignore[arg-type]
    back = json.loads(dumps_geojson(fc))
    (feature,) = back["features"]
    props = feature["properties"]
    # Text travels unchanged as JSON strings: escaping is the renderer's job.
    assert props["report_title"] == "<img src=x onerror=alert(1)>"
    assert props["place"] == "<b>Homs</b>"
    assert props["claims"][0]["quote"] == HOSTILE_TEXT
    # ... but a javascript: URL is never exported as the report's link.
    assert props["report_url"] is None
    assert "javascript" not in dumps_geojson(fc).lower().replace("javascript:alert(2)", "")


def test_csv_neutralises_formulas_and_script_links(hostile_store) -> None:
    text = export_csv(hostile_store)  # type: ignore[arg-type]
    (row,) = list(csv.DictReader(io.StringIO(text, newline="")))
    for column in ("quotes", "report_id", "claimants", "claimed_targets", "actor"):
        assert row[column].startswith("'"), (column, row[column])
    assert row["quotes"] == "'" + HOSTILE_TEXT
    assert row["report_url"] == ""
    assert row["report_title"] == "<img src=x onerror=alert(1)>"
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    for value in row.values():
        assert not value.startswith(dangerous), value


@pytest.mark.parametrize(
    "value, kept",
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("ACLED", True),
        ("Reuters: statement", True),
        ("javascript: alert(1)", False),
        ("mailto:x@y.z", False),
        ("javascript:alert(1)", False),
        (" java\nscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("file:///etc/passwd", False),
        ("", False),
    ],
)
def test_safe_link(value: str, kept: bool) -> None:
    assert (read.safe_link(value) is not None) is kept


def test_hostile_report_through_the_cli(runner: CliRunner, db: str, tmp_path: Path) -> None:
    result = runner.invoke(main, ["ingest", str(FIX / "hostile.txt"), "--db", db])
    assert result.exit_code == 0, result.output
    out = tmp_path / "h.geojson"
    assert runner.invoke(main, ["export", "-o", str(out), "--db", db]).exit_code == 0
    features = json.loads(out.read_text())["features"]
    hostile = [f for f in features if f["properties"]["report_id"] == "hostile.txt"]
    assert hostile, result.output
    props = hostile[0]["properties"]
    assert props["report_url"] is None
    assert props["report_title"].startswith('=HYPERLINK("http://evil.example"')
    out_csv = tmp_path / "h.csv"
    assert runner.invoke(main, ["export", "--format", "csv", "-o", str(out_csv),
                                "--db", db]).exit_code == 0  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    row = next(r for r in rows if r["report_id"] == "hostile.txt")
    assert row["report_title"].startswith("'=HYPERLINK")
    assert row["report_url"] == ""


def test_events_to_geojson_refuses_nan(hostile_store) -> None:
    frame = hostile_store.events_frame()  # type: ignore[attr-defined]
    frame.loc[:, "lat"] = float("nan")
    with pytest.raises(ValueError, match="out of range"):
        events_to_geojson(frame, hostile_store.claims_frame())  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- docs


def test_every_test_named_in_the_docs_exists() -> None:
    import re

    doc = (Path(__file__).parents[1] / "docs" / "bad-input.md").read_text()
    named = set(re.findall(r"\btest_\w+", doc)) - {"test_bad_input", "test_store_faults"}
    named -= {"test_resource_bounds", "test_properties", "test_read"}
    files = sorted(Path(__file__).parent.rglob("test_*.py"))
    defined = {m for f in files for m in re.findall(r"^def (test_\w+)", f.read_text(), re.M)}
    defined |= {f.stem for f in files}  # a module named as a whole
    assert named and named <= defined, sorted(named - defined)
