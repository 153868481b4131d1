"""Print geoparsing figures: accuracy against the old resolver, calibration, speed.

Usage: .venv/bin/python benchmarks/bench_geoparse.py [--runs N] [--quick]

Reads the geoparsing development corpora in ``../shared/eval-dev/geoparsing`` (GWN,
TR-News, LGL, GeoVirus; gold spans) and reports, per corpus and per part (``fit``:
documents the ranker was fitted on; ``held-out``: the rest, see
:func:`strikemap.evaluate_geoparse.document_part`):

* acc@161 km of the new geoparser (abstentions count as wrong), of the same geoparser
  made to answer every span, and of two baselines measured in the same run on the same
  index: the old ``Gazetteer.resolve`` with the project's country focus built from the
  document's spotted names (what extraction did), and the old top ``lookup`` (no
  context);
* a reliability table of the calibrated confidence on the held-out part;
* speed (medians of ``--runs``): candidate lookups per second with every cache off,
  gold-span mentions resolved in context per second, and the area table's load time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from strikemap.evaluate_geoparse import ACC_KM, GoldDocument, read_corpora, score_documents
from strikemap.gazetteer import shared_gazetteer
from strikemap.gazetteer.areas import load_area_table
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.candidates import CandidateSource
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.ranking import load_model
from strikemap.gazetteer.world import load_world
from strikemap.geoparsing import Geoparser

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "geoparsing"


def _old_scores(docs: list[GoldDocument]) -> dict[str, dict[str, float]]:
    """acc@161 of the old resolver (with its country focus) and of the old top lookup."""
    from strikemap.extract.report_places import country_focus

    gaz = shared_gazetteer()
    hits: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for doc in docs:
        gold = [t for t in doc.toponyms if t.scored]
        if not gold:
            continue
        focus, _clear = country_focus(gaz.spot(doc.text), gaz)
        for t in gold:
            assert t.lat is not None and t.lon is not None
            surface = doc.text[t.start : t.end]
            res = gaz.resolve(surface, ResolveContext(countries=focus))
            loc = res.location
            ok = loc is not None and haversine_km(t.lat, t.lon, loc.lat, loc.lon) <= ACC_KM
            hits[doc.corpus]["old resolve"].append(ok)
            top = gaz.lookup(surface, limit=1)
            ok = (
                bool(top)
                and haversine_km(t.lat, t.lon, top[0].place.lat, top[0].place.lon) <= ACC_KM
            )
            hits[doc.corpus]["old top lookup"].append(ok)
    out: dict[str, dict[str, float]] = {}
    for corpus, by_method in sorted(hits.items()):
        out[corpus] = {m: 100.0 * sum(v) / len(v) for m, v in by_method.items()}
    total: dict[str, list[bool]] = defaultdict(list)
    for by_method in hits.values():
        for m, v in by_method.items():
            total[m] += v
    out["all"] = {m: 100.0 * sum(v) / len(v) for m, v in total.items()}
    return out


def _accuracy_table(gp: Geoparser, docs: list[GoldDocument]) -> None:
    always = replace(gp.model, abstain_below=0.0)
    for part in ("fit", "held-out"):
        part_docs = [d for d in docs if d.part == part]
        new = score_documents(gp, part_docs, end_to_end=False)
        answered = score_documents(
            Geoparser(gp.gazetteer, gp.world, always, gp.source.areas), part_docs, end_to_end=False
        )
        old = _old_scores(part_docs)
        print(f"\n### acc@161 km, gold spans, {part} documents\n")
        print(
            "| corpus | n | geoparse | geoparse, always answering | old resolve | old top lookup |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for corpus, sc in new.items():
            r = sc.row()
            print(
                f"| {corpus} | {r['n']} | {r['acc@161']:.1f} | "
                f"{answered[corpus].row()['acc@161']:.1f} | "
                f"{old[corpus]['old resolve']:.1f} | {old[corpus]['old top lookup']:.1f} |"
            )


def _reliability(gp: Geoparser, docs: list[GoldDocument]) -> None:
    bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for doc in docs:
        if doc.part != "held-out":
            continue
        gold = [t for t in doc.toponyms if t.scored]
        if not gold:
            continue
        answers = gp.parse(doc.text, [(t.start, t.end) for t in gold], allow_overlap=True)
        for t, m in zip(gold, answers, strict=True):
            if m.lat is None or m.lon is None or t.lat is None or t.lon is None:
                continue
            ok = haversine_km(t.lat, t.lon, m.lat, m.lon) <= ACC_KM
            bins[min(int(m.confidence * 10), 9)].append((m.confidence, ok))
    print("\n### Reliability of the calibrated confidence (held-out answers)\n")
    print("| confidence | answers | mean confidence | share within 161 km |")
    print("|---|---:|---:|---:|")
    for b in sorted(bins):
        rows = bins[b]
        mean = statistics.fmean(c for c, _ in rows)
        share = sum(ok for _, ok in rows) / len(rows)
        print(f"| {b / 10:.1f}-{(b + 1) / 10:.1f} | {len(rows)} | {mean:.2f} | {share:.2f} |")


def _speed(gp: Geoparser, docs: list[GoldDocument], runs: int) -> None:
    names = sorted({d.text[t.start : t.end] for d in docs for t in d.toponyms})
    lookup_rates, resolve_rates, old_rates = [], [], []
    gaz = gp.gazetteer
    for _ in range(runs):
        gaz.clear_caches()
        source = CandidateSource(gaz, gp.world, gp.source.areas)
        t0 = time.process_time()
        for n in names:
            source._generate(n)  # no memo: every name generated afresh
        lookup_rates.append(len(names) / (time.process_time() - t0))
        gaz.clear_caches()
        t0 = time.process_time()
        for n in names:
            gaz.lookup(n, limit=25)
        old_rates.append(len(names) / (time.process_time() - t0))
        fresh = Geoparser(gaz, gp.world, gp.model, gp.source.areas)
        gaz.clear_caches()
        t0 = time.process_time()
        n_mentions = 0
        for d in docs:
            spans = [(t.start, t.end) for t in d.toponyms]
            if spans:
                fresh.parse(d.text, spans, allow_overlap=True)
                n_mentions += len(spans)
        resolve_rates.append(n_mentions / (time.process_time() - t0))
    t0 = time.perf_counter()
    load_area_table()
    area_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    load_world()
    world_load = time.perf_counter() - t0
    print(f"\n### Speed (median of {runs} runs, CPU time, one process)\n")
    print("| figure | value |")
    print("|---|---:|")
    print(
        f"| candidate generation, caches off (names/s) | {statistics.median(lookup_rates):,.0f} |"
    )
    print(f"| old `Gazetteer.lookup`, caches off (names/s) | {statistics.median(old_rates):,.0f} |")
    print(
        f"| resolve in context, gold spans (mentions/s) | {statistics.median(resolve_rates):,.0f} |"
    )
    print(f"| area table load (s) | {area_load:.3f} |")
    print(f"| world table load (s) | {world_load:.3f} |")


def _load_figures(directory: Path) -> int:
    """Time opening a gazetteer plus the geoparser's tables, and the memory it holds."""
    import resource

    from strikemap.gazetteer.index import load_gazetteer

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    gaz = load_gazetteer(directory, build=False)
    gp = Geoparser(gaz, load_world(), load_model(), load_area_table(directory))
    gp.parse("Shelling hit Kupiansk, Kharkiv region, and Popivka, Sumy.")
    elapsed = time.perf_counter() - t0
    docs = read_corpora(SHARED / "docs_dev.csv", SHARED / "toponyms_dev.csv")
    for doc in docs:  # every development document spotted and resolved (650 KB of news)
        gp.parse(doc.text)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("| figure | value |")
    print("|---|---:|")
    print(f"| open gazetteer + layers + geoparser tables, first answer (s) | {elapsed:.3f} |")
    print(f"| layers | {', '.join(gaz.layer_names) or 'none'} |")
    print(f"| peak resident memory after geoparsing 328 documents (MB) | {rss / 1024:.0f} |")
    print(f"| of which before opening (interpreter + imports) (MB) | {rss0 / 1024:.0f} |")
    return 0


def main() -> int:
    """Print the figures as Markdown tables."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="Accuracy only, no speed.")
    ap.add_argument(
        "--load-only",
        type=Path,
        metavar="GAZETTEER_DIR",
        help="Only time opening this gazetteer (e.g. with UA.zip imported) and its memory.",
    )
    args = ap.parse_args()
    if args.load_only is not None:
        return _load_figures(args.load_only)
    if not (SHARED / "docs_dev.csv").exists():
        print(f"no corpora in {SHARED}", file=sys.stderr)
        return 1
    docs = read_corpora(SHARED / "docs_dev.csv", SHARED / "toponyms_dev.csv")
    gp = Geoparser(shared_gazetteer(), load_world(), load_model(), load_area_table())
    _accuracy_table(gp, docs)
    _reliability(gp, docs)
    if not args.quick:
        _speed(gp, docs, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
