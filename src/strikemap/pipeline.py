"""The pipeline: read -> extract (with the gazetteer) -> store.

Each report succeeds or fails on its own: a bad file yields an outcome with an ``error``
and the batch goes on; the store is only written for reports that read and extracted
cleanly, each report whole or not at all.

Extraction is CPU-bound and independent per report, so it runs in worker processes
(``workers > 1``) or on a Dask distributed cluster (``scheduler``); each worker loads the
gazetteer once. Writing stays in this process, in batches (:meth:`Store.save_many`), so
there is a single writer. Reports whose content hash is already stored are skipped
before any work, which makes a batch resumable: run it again after an interruption and
it finishes the job.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from strikemap.model import Extraction, Report
from strikemap.store import Store

if TYPE_CHECKING:
    from strikemap.read_telegram import TelegramOptions


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
    deleted: bool = False  # skipped: an editor deleted this report

    def summary(self) -> str:
        """Return the one line the CLI prints for this report."""
        if self.error:
            # Read errors already name their source ("a.txt: empty file").
            if self.error.startswith(self.source):
                return f"error: {self.error}"
            return f"{self.source}: error: {self.error}"
        if not self.added and self.deleted:
            return f"{self.source}: deleted by an editor, skipped (--force stores it again)"
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
    sources: Sequence[str],
    *,
    published: dt.date | None = None,
    allow_private: bool | None = None,
    notes: list[str] | None = None,
    telegram: TelegramOptions | None = None,
) -> Iterator[tuple[str, Report | Exception]]:
    """Read each source (path, folder, URL or ``-`` for stdin) into reports.

    Yields ``(source label, report or the error that stopped it)``; never raises for a
    single bad input. URLs leading to private or loopback addresses are refused unless
    ``allow_private`` (``None``: the ``STRIKEMAP_ALLOW_PRIVATE_URLS`` setting) lets them
    through, see :func:`strikemap.read.read_url`. Remarks that are not errors (messages
    a Telegram export skipped) are appended to ``notes``; ``telegram`` says how to read
    Telegram exports (see :func:`strikemap.read.read_path`).
    """
    from strikemap import read  # imported lazily: trafilatura is slow to import

    for source in sources:
        try:
            if source == "-":
                yield "stdin", read.read_stdin(published=published)
            elif _is_url(source):
                report = read.read_url(source, published=published, allow_private=allow_private)
                yield source, report
            else:
                yield from read.iter_path(
                    Path(source), published=published, notes=notes, telegram=telegram
                )
        except read.ReadError as exc:
            yield source, exc


WRITE_BATCH = 100
"""Reports per write transaction."""


@dataclass(slots=True)
class Progress:
    """Counters of a running batch, passed to the progress callback."""

    total: int
    done: int = 0
    failed: int = 0
    skipped: int = 0
    events: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def rate(self) -> float:
        """Reports per second so far."""
        elapsed = time.perf_counter() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the current rate, or ``None`` before the first report."""
        return (self.total - self.done) / self.rate if self.rate > 0 else None

    def line(self) -> str:
        """Return a one-line status: count, rate, ETA, failures."""
        eta = self.eta_seconds
        eta_text = f"{eta:,.0f} s" if eta is not None else "?"
        return (
            f"{self.done:,}/{self.total:,} reports, {self.rate:,.1f}/s, ETA {eta_text}, "
            f"{self.events:,} events, {self.skipped:,} skipped, {self.failed:,} failed"
        )


def extract_one(report: Report) -> Extraction | str:
    """Extract one report with this process's gazetteer; an error becomes its message.

    Module-level so process pools and Dask workers can pickle it.
    """
    from strikemap import gazetteer
    from strikemap.extract import extract_report

    try:
        return extract_report(report, gazetteer.shared_gazetteer())
    except Exception as exc:
        return f"extraction failed ({type(exc).__name__}: {exc})"


def _extract_serial(reports: Sequence[Report]) -> Iterator[tuple[Report, Extraction | str]]:
    for report in reports:
        yield report, extract_one(report)


def _extract_processes(
    reports: Sequence[Report], workers: int
) -> Iterator[tuple[Report, Extraction | str]]:
    import multiprocessing as mp

    # "spawn" avoids inheriting the parent's open database connections and threads.
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers) as pool:
        chunk = max(1, min(32, len(reports) // (workers * 8) or 1))
        yield from zip(reports, pool.imap(extract_one, reports, chunksize=chunk), strict=True)


def _extract_dask(
    reports: Sequence[Report], scheduler: str
) -> Iterator[tuple[Report, Extraction | str]]:
    from distributed import Client, as_completed

    with Client(scheduler) as client:  # type: ignore[no-untyped-call]
        futures = client.map(extract_one, reports, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            yield reports[index[future.key]], future.result()


def ingest_batch(
    reports: Iterable[Report],
    store: Store,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    on_progress: Callable[[Progress], Any] | None = None,
    force: bool = False,
) -> list[IngestOutcome]:
    """Extract and store many reports; return one outcome per input report.

    Parameters
    ----------
    reports
        Already-read reports.
    store
        Where to write.
    workers
        Worker processes for extraction (1 = in this process).
    scheduler
        Address of a Dask distributed scheduler (``tcp://host:8786``); overrides workers.
    on_progress
        Called after every stored batch with the running :class:`Progress`.
    force
        Store reports an editor deleted too (otherwise they are skipped, with
        ``deleted`` set on their outcome).
    """
    all_reports = list(reports)
    progress = Progress(total=len(all_reports))
    outcomes: list[IngestOutcome] = []
    todo: list[Report] = []
    seen: set[str] = set()
    for report in all_reports:
        if report.id in seen or store.has_report(report.id):
            outcomes.append(IngestOutcome(source=report.source_id, report_id=report.id))
            progress.skipped += 1
            progress.done += 1
        elif not force and store.is_report_deleted(report.id):
            outcomes.append(
                IngestOutcome(source=report.source_id, report_id=report.id, deleted=True)
            )
            progress.skipped += 1
            progress.done += 1
        else:
            seen.add(report.id)
            todo.append(report)
    if on_progress:
        on_progress(progress)

    if scheduler:
        results = _extract_dask(todo, scheduler)
    elif workers > 1 and len(todo) > 1:
        results = _extract_processes(todo, workers)
    else:
        results = _extract_serial(todo)

    pending: list[Extraction] = []

    def flush() -> None:
        by_id = {x.report.id: x for x in pending}
        for result in store.save_many(pending, force=force):
            if result.error is not None:
                outcomes.append(
                    IngestOutcome(result.source_id, report_id=result.report_id, error=result.error)
                )
                progress.failed += 1
                progress.done += 1
                continue
            outcome = IngestOutcome(
                source=result.source_id,
                report_id=result.report_id,
                added=result.added,
                n_events=result.n_events,
                deleted=result.deleted,
            )
            extraction = by_id[result.report_id]
            outcome.unresolved = [u.name for u in extraction.unresolved]
            outcome.warnings = list(extraction.warnings)
            outcomes.append(outcome)
            progress.events += result.n_events
            progress.done += 1
        pending.clear()
        if on_progress:
            on_progress(progress)

    for report, result in results:
        if isinstance(result, str):
            outcomes.append(
                IngestOutcome(source=report.source_id, report_id=report.id, error=result)
            )
            progress.failed += 1
            progress.done += 1
            continue
        pending.append(result)
        if len(pending) >= WRITE_BATCH:
            flush()
    if pending:
        flush()
    return outcomes
