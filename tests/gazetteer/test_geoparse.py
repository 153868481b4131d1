"""Geoparsing through the public interface: strikemap.geoparse and `strikemap geoparse`.

These run on the default gazetteer built by setup and the shipped ranker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from strikemap import geoparse
from strikemap.geoparsing import GeoparseError


def _span(text: str, word: str) -> list[int]:
    start = text.index(word)
    return [start, start + len(word)]


def test_spans_are_resolved_in_order_one_answer_each():
    text = "Shelling hit Izium and Kharkiv on Monday."
    spans = [_span(text, "Kharkiv"), _span(text, "Izium")]
    out = geoparse(text, spans)
    assert [(m.start, m.end, m.text) for m in out] == [(23, 30, "Kharkiv"), (13, 18, "Izium")]
    assert all(m.country == "UA" for m in out)


def test_a_name_written_with_its_state_is_placed_in_that_state():
    text = "The mayor of Springfield, Illinois, said on Monday."
    (springfield,) = geoparse(text, [_span(text, "Springfield")])
    assert springfield.admin1 == "Illinois"
    text = "The mayor of Springfield, Mass., said on Monday."
    (springfield,) = geoparse(text, [_span(text, "Springfield")])
    assert springfield.admin1 == "Massachusetts"


def test_states_beat_their_namesake_towns():
    text = "Storms crossed Texas and Florida."
    for m in geoparse(text, [_span(text, "Texas"), _span(text, "Florida")]):
        assert (m.kind, m.country) == ("admin1", "US")
        assert m.place_id and m.place_id.startswith("gn:")
        assert m.uncertainty_km and m.uncertainty_km > 200


def test_abbreviations_resolve_to_their_area():
    text = "Officials in Calif. and the U.S. said."
    calif, us = geoparse(text, [_span(text, "Calif."), _span(text, "U.S.")])
    assert (calif.name, calif.kind) == ("California", "admin1")
    assert (us.kind, us.country, us.place_id) == ("country", "US", "gn:6252001")


def test_demonyms_are_never_spotted_but_resolve_to_their_country_as_a_span():
    text = "Russian troops shelled Kharkiv overnight."
    assert [m.text for m in geoparse(text)] == ["Kharkiv"]
    (russian,) = geoparse(text, [_span(text, "Russian")])
    assert (russian.kind, russian.country, russian.precision) == ("demonym", "RU", "country")


def test_a_group_name_is_no_place():
    text = "The Israeli military said it had targeted a Hamas compound inside the school in Gaza."
    assert [m.text for m in geoparse(text)] == ["Gaza"]
    (hamas,) = geoparse(text, [_span(text, "Hamas")])
    assert hamas.kind == "organisation" and hamas.name != "Hamm"


def test_a_place_named_inside_an_unknown_name_is_its_best_candidate():
    text = "Students at the University of California marched."
    (m,) = geoparse(text, [_span(text, "University of California")])
    # The ranker learned how far to trust such names: it answers California or
    # abstains with California as its best candidate, never another place.
    assert m.alternatives[0][:2] == ("gn:5332921", "California")
    assert m.place_id in (None, "gn:5332921")
    if m.place_id is not None:
        assert "inside" in m.reason


def test_an_unknown_name_is_unresolved_with_a_reason():
    text = "Zxqwv Blorf said so."
    (m,) = geoparse(text, [_span(text, "Zxqwv")])
    assert m.place_id is None and m.lat is None and m.confidence == 0.0
    assert "no gazetteer entry" in m.reason


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ([[5, 99]], r"span \[5, 99\] lies outside"),
        ([[0, 5], [3, 8]], "overlap"),
        ([[4, 4]], "outside"),
    ],
)
def test_bad_spans_are_refused_naming_the_span(spans: list[list[int]], message: str):
    with pytest.raises(GeoparseError, match=message):
        geoparse("Kharkiv and Izium.", spans)


def _cli(*args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "strikemap.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture()
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "a.txt"
    a.write_text("Shelling hit Kupiansk, Kharkiv region. Georgia and Paris were quiet.")
    b = tmp_path / "b.txt"
    b.write_text("Drones struck the port of Izmail and Odesa.")
    return a, b


def test_cli_json_prints_one_object_per_file_in_order(two_files: tuple[Path, Path]):
    a, b = two_files
    out = _cli("geoparse", str(b), str(a), "--json")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [rec["file"] for rec in lines] == [str(b), str(a)]
    keys = {"start", "end", "text", "place_id", "name", "kind", "country", "admin1", "lat",
            "lon", "precision", "uncertainty_km", "confidence", "reason"}  # fmt: skip
    assert all(set(m) == keys for rec in lines for m in rec["mentions"])


def test_cli_spans_resolve_exactly_those_spans(two_files: tuple[Path, Path], tmp_path: Path):
    a, _ = two_files
    spans = tmp_path / "spans.json"
    spans.write_text(json.dumps({str(a): [[13, 21], [0, 8]]}))
    out = _cli("geoparse", str(a), "--spans", str(spans), "--json")
    assert out.returncode == 0, out.stderr
    (rec,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(m["start"], m["text"]) for m in rec["mentions"]] == [(13, "Kupiansk"), (0, "Shelling")]
    assert rec["mentions"][1]["place_id"] is None and rec["mentions"][1]["reason"]


def test_cli_bad_spans_exit_1_with_one_line_naming_file_and_span(
    two_files: tuple[Path, Path], tmp_path: Path
):
    a, _ = two_files
    spans = tmp_path / "spans.json"
    spans.write_text(json.dumps({str(a): [[60, 500]]}))
    out = _cli("geoparse", str(a), "--spans", str(spans))
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0
    assert str(a) in out.stderr and "[60, 500]" in out.stderr


def test_cli_refuses_a_binary_file(tmp_path: Path):
    f = tmp_path / "x.bin"
    f.write_bytes(b"\x00\x01PK\x03")
    out = _cli("geoparse", str(f))
    assert out.returncode == 1 and "binary" in out.stderr


def test_answers_do_not_depend_on_the_hash_seed(two_files: tuple[Path, Path]):
    a, b = two_files
    first = _cli("geoparse", str(a), str(b), "--json", seed="1")
    second = _cli("geoparse", str(a), str(b), "--json", seed="2")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout


def test_cli_a_damaged_index_is_one_line_with_the_rebuild_command(tmp_path: Path):
    from conftest import REAL_GAZETTEER

    real = Path(REAL_GAZETTEER)
    (tmp_path / "index.sqlite").symlink_to(real / "index.sqlite")
    with (real / "index.arrays.bin").open("rb") as fh:
        (tmp_path / "index.arrays.bin").write_bytes(fh.read(4096))
    text = tmp_path / "a.txt"
    text.write_text("Shelling hit Kharkiv.")
    env = {**os.environ, "STRIKEMAP_GAZETTEER": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "strikemap.cli", "geoparse", str(text)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0
    assert "damaged" in out.stderr and "strikemap gazetteer build" in out.stderr


def test_names_in_arabic_and_cyrillic_script_are_spotted_and_kind_words_are_not():
    found = geoparse("قصف الطيران الروسي مدينة إدلب وبلدة سراقب في ريف إدلب")
    assert [(m.name, m.country) for m in found] == [
        ("Idlib", "SY"),
        ("Saraqib", "SY"),
        ("Idlib", "SY"),
    ]
    (kharkiv,) = geoparse("Удар по місту Харків.")
    assert (kharkiv.name, kharkiv.country) == ("Kharkiv", "UA")


def test_a_long_text_is_read_in_windows_with_offsets_kept():
    from strikemap.geoparsing import CONTEXT_WINDOW_CHARS

    paragraph = "Shelling hit Kharkiv and Izium overnight, officials in Kyiv said.\n"
    text = paragraph * (3 * CONTEXT_WINDOW_CHARS // len(paragraph))
    found = geoparse(text)
    assert len(found) == 3 * text.count(paragraph)
    assert all(text[m.start : m.end] == m.text for m in found)
    spans = [[m.start, m.end] for m in found][::-1]
    again = geoparse(text, spans)
    assert [[m.start, m.end] for m in again] == spans


def test_cli_refuses_a_file_over_the_input_limit(tmp_path: Path):
    from strikemap.read import MAX_FILE_BYTES

    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    out = _cli("geoparse", str(big))
    assert out.returncode == 1 and "limit" in out.stderr
    assert out.stderr.strip().count("\n") == 0
