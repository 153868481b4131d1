"""Print gazetteer figures: index load time, lookups/s, spot time, resident memory.

Usage: .venv/bin/python benchmarks/bench_gazetteer.py [--gazetteer-dir DIR]
Builds the default index first when missing (~30 s once).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

_CHILD = r"""
import json, sys, time, resource, psutil, os
proc = psutil.Process(os.getpid())
from pathlib import Path
import strikemap.gazetteer.index as ix
rss0 = proc.memory_info().rss
t0 = time.perf_counter()
g = ix.load_gazetteer(Path(sys.argv[1]), build=False)
g.lookup("Homs")  # first query touches the files
g.spot("Strikes hit Idlib.")
t1 = time.perf_counter()
print(json.dumps({"load_s": t1 - t0, "rss_mb": (proc.memory_info().rss - rss0) / 2**20}))
"""

NAMES = [
    "Jisr al-Shughur",
    "Kafr Nabl",
    "Deir ez-Zor",
    "Homs",
    "Aleppo",
    "Severodonetsk",
    "Kharkov",
    "Mosul",
    "Sanaa",
    "Taiz",
    "Bakhmut",
    "Raqqa",
    "Idleb",
    "Maarat al-Numan",
    "Douma",
    "Hodeidah",
    "Marib",
    "Mariupol",
    "Kramatorsk",
    "Zaporizhia",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gazetteer-dir", type=Path, default=None)
    args = ap.parse_args()
    from strikemap import settings
    from strikemap.gazetteer.build import build_default_index
    from strikemap.gazetteer.index import load_gazetteer

    gdir = args.gazetteer_dir or settings.gazetteer_dir()
    t = time.perf_counter()
    build_default_index(gdir)
    print(f"build_default_index (stamp check or build): {time.perf_counter() - t:.2f} s")

    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _CHILD, str(gdir)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(5)
    ]
    print(
        f"index load + first lookup + first spot (fresh process, median of 5): "
        f"{statistics.median(r['load_s'] for r in runs) * 1000:.0f} ms"
    )
    print(
        f"resident memory delta after load (median of 5): "
        f"{statistics.median(r['rss_mb'] for r in runs):.0f} MB"
    )

    g = load_gazetteer(gdir, build=False)
    for n in NAMES:
        g.lookup(n)
    for label, country in (("no country", None), ("country SY", "SY")):
        t = time.perf_counter()
        k = 0
        while time.perf_counter() - t < 2.0:
            for n in NAMES:
                g.lookup(n, country=country)
                k += 1
        print(f"lookups/s, one core, {label}: {k / (time.perf_counter() - t):.0f}")

    text = Path(__file__).resolve().parents[2] / "shared" / "samples" / "seed-article.txt"
    body = (
        text.read_text(encoding="utf-8")[:5000]
        if text.exists()
        else (
            "Russian jets struck Jisr al-Shughur, Kafr Nabl and Jabal al-Zawiya in Idlib "
            "province on Thursday, while shelling hit Homs and Hama. " * 40
        )[:5000]
    )
    g.spot(body)
    times = []
    for _ in range(50):
        t = time.perf_counter()
        g.spot(body)
        times.append(time.perf_counter() - t)
    print(
        f"spot() on a {len(body)}-char article (median of 50): "
        f"{statistics.median(times) * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
