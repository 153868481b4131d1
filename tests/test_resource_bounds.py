"""Resource bounds: pathological reports finish in bounded time and memory, or are refused.

The bounds live in strikemap.read (MAX_FILE_BYTES, MAX_HTML_BYTES, MAX_CSV_BYTES,
MAX_REPORT_CHARS, MAX_PARAGRAPH_CHARS) and are recorded in docs/bad-input.md. Extraction
runs through the real pipeline (``ingest_batch`` with a SQLite store) on the small fake
gazetteer, so the timings measure strikemap's own code, not the size of a gazetteer.
Time limits are generous (the machines are shared); benchmarks/bench_resource_bounds.py
prints the actual figures.
"""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract_fakes import FakeGazetteer
from strikemap import read
from strikemap.cli import main
from strikemap.pipeline import ingest_batch
from strikemap.store import open_store

NAMES = ("Homs", "Idlib", "Aleppo", "Hama", "Latakia", "Jisr al-Shughur")
PUBLISHED = dt.date(2015, 10, 1)


def place_list(n_names: int) -> str:
    """One strike sentence naming ``n_names`` places: the costliest shape for extraction."""
    return "Russian jets struck " + ", ".join(NAMES[i % 6] for i in range(n_names)) + " today."


def place_list_of_length(n_chars: int) -> str:
    """The longest :func:`place_list` sentence of at most ``n_chars`` characters."""
    per_name = len(", ".join(NAMES)) / len(NAMES) + 0.5
    n = int((n_chars - 40) / per_name)
    while len(place_list(n)) > n_chars:
        n -= 6
    return place_list(n)


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeGazetteer:
    import strikemap.gazetteer

    g = FakeGazetteer()
    monkeypatch.setattr(strikemap.gazetteer, "load_gazetteer", lambda: g)
    monkeypatch.setattr(strikemap.gazetteer, "shared_gazetteer", lambda: g)
    return g


def _timed_peak(fn):  # type: ignore[no-untyped-def]
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = fn()
    except read.ReadError as exc:
        result = exc
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, elapsed, peak


def test_ten_mb_single_line_is_refused_quickly(tmp_path: Path) -> None:
    f = tmp_path / "line.txt"
    f.write_text("Russian jets struck Homs, " * 400_000)  # 10.4 MB, no newline
    err, elapsed, peak = _timed_peak(lambda: read.read_path(f))
    assert isinstance(err, read.ReadError)
    assert "report is 10,399,999 characters, over the 200,000-character limit" in str(err)
    assert elapsed < 5
    assert peak < 120_000_000  # the decoded text and one normalised copy


def test_hundred_thousand_place_names_are_refused(tmp_path: Path) -> None:
    text = place_list(100_000)
    err, elapsed, _ = _timed_peak(lambda: read.read_text(text, source_id="names"))
    assert isinstance(err, read.ReadError)
    assert f"over the {read.MAX_REPORT_CHARS:,}-character limit" in str(err)
    assert elapsed < 5


def test_overlong_paragraph_is_refused_with_its_position() -> None:
    text = "Jets struck Homs.\n\n" + place_list(7_000) + "\n\nJets struck Hama."
    with pytest.raises(
        read.ReadError, match=r"a paragraph of [\d,]+ characters \(from character 19\)"
    ):
        read.read_text(text, source_id="p")


def test_ten_mb_line_through_the_cli_is_one_line(fake, tmp_path: Path) -> None:
    f = tmp_path / "line.txt"
    f.write_text("Jets struck Homs. " * 600_000)
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["ingest", str(f), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1
    (line,) = [ln for ln in result.output.splitlines() if "error:" in ln]
    assert "line.txt: report is 10,799,999 characters" in line


def test_largest_accepted_paragraph_finishes_in_bounded_time(fake, tmp_path: Path) -> None:
    # Just under MAX_PARAGRAPH_CHARS of place names in a single sentence.
    text = place_list_of_length(read.MAX_PARAGRAPH_CHARS)
    report = read.read_text(text, source_id="names.txt", published=PUBLISHED)
    assert len(report.text) > read.MAX_PARAGRAPH_CHARS * 0.9
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    started = time.perf_counter()
    (outcome,) = ingest_batch([report], store)
    elapsed = time.perf_counter() - started
    store.dispose()
    assert outcome.error is None and outcome.added
    assert outcome.n_events >= 1
    assert elapsed < 25, f"{elapsed:.1f} s"


def test_largest_accepted_report_finishes_in_bounded_time(fake, tmp_path: Path) -> None:
    # MAX_REPORT_CHARS of ordinary strike paragraphs: the size bound, not the shape, bites.
    para = "Russian jets struck Homs on Monday, a monitor said. Residents fled the city.\n\n"
    text = para * (read.MAX_REPORT_CHARS // len(para))
    report = read.read_text(text, source_id="long.txt", published=PUBLISHED)
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    started = time.perf_counter()
    (outcome,) = ingest_batch([report], store)
    elapsed = time.perf_counter() - started
    store.dispose()
    assert outcome.error is None and outcome.n_events >= 1
    assert elapsed < 25, f"{elapsed:.1f} s"


def test_extraction_memory_is_bounded(fake) -> None:
    from strikemap.extract import extract_report

    report = read.read_text(place_list(1_000), source_id="m.txt", published=PUBLISHED)
    extraction, _, peak = _timed_peak(lambda: extract_report(report, fake))
    assert not isinstance(extraction, read.ReadError)
    assert peak < 100_000_000, f"{peak:,} bytes for a {len(report.text):,}-character report"


def test_oversized_html_string_is_refused_before_parsing() -> None:
    html = "<p>" + "x" * (read.MAX_HTML_BYTES + 1) + "</p>"
    started = time.perf_counter()
    with pytest.raises(read.ReadError, match="over the 5,000,000-character limit for one page"):
        read.read_html(html, source_id="big.html")
    assert time.perf_counter() - started < 2


def test_oversized_html_file_is_refused_from_its_size(tmp_path: Path) -> None:
    f = tmp_path / "big.html"
    with f.open("wb") as fh:
        fh.write(b"<html>")
        fh.truncate(read.MAX_HTML_BYTES + 1)
    with pytest.raises(read.ReadError, match=r"file is 5\.0 MB, over the 5\.0 MB limit"):
        read.read_path(f)
