"""The pipeline: read -> extract (with the gazetteer) -> store, one report at a time.

Each report succeeds or fails on its own: a bad file yields an outcome with an ``error``
and the batch goes on; the store is only written for reports that read and extracted
cleanly, one transaction each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from strikemap.gazetteer.base import GazetteerLike
from strikemap.model import Extraction, Report
from strikemap.store import Store, StoreError


@dataclass(slots=True)
class IngestOutcome:
    """What happened to one input report."""

    source: str
    report_id: str | None = None
    added: bool = False
    n_events: int = 0
    unresolved: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def summary(self) -> str:
        """Return the one line the CLI prints for this report."""
        if self.error:
            # Read errors already name their source ("a.txt: empty file").
            if self.error.startswith(self.source):
                return f"error: {self.error}"
            return f"{self.source}: error: {self.error}"
        if not self.added:
            return f"{self.source}: already stored, skipped"
        parts = [f"{self.source}: {self.n_events} event{'s' if self.n_events != 1 else ''}"]
        if self.n_events == 0:
            parts.append("no strike found")
        if self.unresolved:
            parts.append("unresolved: " + ", ".join(self.unresolved))
        parts.extend(self.warnings)
        return "; ".join(parts)


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_sources(
    sources: Sequence[str], *, published: dt.date | None = None
) -> Iterator[tuple[str, Report | Exception]]:
    """Read each source (path, folder, URL or ``-`` for stdin) into reports.

    Yields ``(source label, report or the error that stopped it)``; never raises for a
    single bad input.
    """
    from strikemap import read  # imported lazily: trafilatura is slow to import

    for source in sources:
        try:
            if source == "-":
                yield "stdin", read.read_stdin(published=published)
            elif _is_url(source):
                yield source, read.read_url(source, published=published)
            else:
                yield from read.iter_path(Path(source), published=published)
        except read.ReadError as exc:
            yield source, exc


def extract_and_store(report: Report, store: Store, gazetteer: GazetteerLike) -> IngestOutcome:
    """Extract one report and store it atomically; skip it if already stored."""
    from strikemap.extract import extract_report

    outcome = IngestOutcome(source=report.source_id, report_id=report.id)
    if store.has_report(report.id):
        return outcome
    extraction: Extraction = extract_report(report, gazetteer)
    result = store.save(extraction)
    outcome.added = result.added
    outcome.n_events = result.n_events if result.added else 0
    outcome.unresolved = [u.name for u in extraction.unresolved]
    outcome.warnings = list(extraction.warnings)
    return outcome


def ingest(
    sources: Sequence[str],
    store: Store,
    gazetteer: GazetteerLike,
    *,
    published: dt.date | None = None,
) -> Iterator[IngestOutcome]:
    """Read, extract and store every source; yield one outcome per report.

    A failure in one report (unreadable input, extraction bug, database error) is
    reported in its outcome and leaves the store as it was for that report.
    """
    for label, item in read_sources(sources, published=published):
        if isinstance(item, Exception):
            yield IngestOutcome(source=label, error=str(item))
            continue
        yield from ingest_reports([item], store, gazetteer)


def ingest_reports(
    reports: Iterable[Report], store: Store, gazetteer: GazetteerLike
) -> Iterator[IngestOutcome]:
    """Extract and store already-read reports, one outcome each."""
    for report in reports:
        try:
            yield extract_and_store(report, store, gazetteer)
        except StoreError as exc:
            yield IngestOutcome(source=report.source_id, report_id=report.id, error=str(exc))
        except Exception as exc:
            yield IngestOutcome(
                source=report.source_id,
                report_id=report.id,
                error=f"extraction failed ({type(exc).__name__}: {exc})",
            )
