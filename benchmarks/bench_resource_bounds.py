"""Time and peak memory of pathological inputs: refused quickly, or bounded when accepted.

Usage: .venv/bin/python benchmarks/bench_resource_bounds.py [--runs 3] [--real] [--only NAME]

Each case runs in a fresh Python process (so its peak RSS is its own) ``--runs`` times;
the median wall time and the median peak RSS are printed, with the outcome (refused with
which message, or how many events). Extraction uses the test fake gazetteer unless
``--real`` is given, which loads the built default index without rebuilding it (its ~150
MB then shows in every extraction case's memory). The bounds are strikemap.read's
MAX_FILE_BYTES, MAX_HTML_BYTES, MAX_REPORT_CHARS and MAX_PARAGRAPH_CHARS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("Homs", "Idlib", "Aleppo", "Hama", "Latakia", "Jisr al-Shughur")
PARA = "Russian jets struck Homs on Monday, a monitor said. Residents fled the city.\n\n"
HTML_PARA = "<p>Russian jets struck Homs on Monday, a monitor said, and more words follow.</p>\n"


def _place_list(n_chars: int) -> str:
    """One strike sentence listing place names, about ``n_chars`` long."""
    out, size, i = [], 0, 0
    while size < n_chars - 40:
        out.append(NAMES[i % 6])
        size += len(NAMES[i % 6]) + 2
        i += 1
    return "Russian jets struck " + ", ".join(out) + " today."


def _extract(text: str, real: bool) -> str:
    from strikemap.extract import extract_report
    from strikemap.read import read_text

    report = read_text(text, source_id="bench", published=dt.date(2015, 10, 1))
    if real:
        from strikemap.gazetteer.index import load_gazetteer

        gazetteer = load_gazetteer(build=False)
    else:
        sys.path.insert(0, str(ROOT / "tests"))
        from extract_fakes import FakeGazetteer

        gazetteer = FakeGazetteer()
    started = time.perf_counter()
    extraction = extract_report(report, gazetteer)
    took = time.perf_counter() - started
    return f"{len(extraction.events)} events ({len(text):,} chars; extraction {took:.2f} s)"


def _sparse_file(size: int, suffix: str) -> Path:
    path = Path(tempfile.mkdtemp()) / f"huge{suffix}"
    with path.open("wb") as fh:
        fh.write(b"Jets struck Homs. ")
        fh.truncate(size)
    return path


def _html(n_bytes: int) -> str:
    body = HTML_PARA * (n_bytes // len(HTML_PARA))
    return f"<html><body><article>{body}</article></body></html>"


def _case_table(real: bool) -> dict[str, Callable[[], object]]:
    from strikemap import read

    return {
        "file-200MB": lambda: read.read_path(_sparse_file(200_000_000, ".txt")),
        "line-10MB": lambda: read.read_text("Russian jets struck Homs, " * 400_000, source_id="l"),
        "names-100k": lambda: read.read_text(
            "Russian jets struck " + ", ".join(NAMES[i % 6] for i in range(100_000)),
            source_id="n",
        ),
        "html-6MB": lambda: read.read_html(_html(6_000_000), source_id="h"),
        "html-1MB": lambda: read.read_html(_html(1_000_000), source_id="h"),
        "html-2MB": lambda: read.read_html(_html(2_000_000), source_id="h"),
        "names-10k-chars": lambda: _extract(_place_list(10_000), real),
        "names-20k-chars": lambda: _extract(_place_list(20_000), real),
        "names-50k-chars (max paragraph)": lambda: _extract(
            _place_list(read.MAX_PARAGRAPH_CHARS), real
        ),
        "report-200k-chars (max report)": lambda: _extract(
            PARA * (read.MAX_REPORT_CHARS // len(PARA)), real
        ),
        "report-4x50k-names (worst accepted)": lambda: _extract(
            "\n\n".join([_place_list(read.MAX_PARAGRAPH_CHARS - 200)] * 4), real
        ),
    }


def _run_one(name: str, real: bool) -> None:
    """Child process: run one case, print a JSON line with time, peak RSS and outcome."""
    from strikemap.read import ReadError

    fn = _case_table(real)[name]
    started = time.perf_counter()
    try:
        outcome = str(fn())
        if outcome.startswith("[<") or outcome.startswith("Report("):
            outcome = "read (accepted)"
    except ReadError as exc:
        outcome = f"refused: {exc}"
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024, "outcome": outcome}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--real", action="store_true", help="use the built gazetteer")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_one(args.child, args.real)
        return
    # The baseline: an interpreter that imports strikemap.read and does nothing.
    names = [n for n in _case_table(args.real) if not args.only or args.only in n]
    print(f"{'case':38} {'median s':>9} {'peak RSS MB':>12}  outcome")
    for name in names:
        results = []
        for _ in range(args.runs):
            cmd = [sys.executable, __file__, "--child", name] + (["--real"] if args.real else [])
            out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        secs = statistics.median(r["seconds"] for r in results)
        peak = statistics.median(r["peak_mb"] for r in results)
        outcome = results[0]["outcome"]
        print(f"{name:38} {secs:9.2f} {peak:12.0f}  {outcome[:110]}", flush=True)


if __name__ == "__main__":
    main()
