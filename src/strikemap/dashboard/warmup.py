"""Warm the dashboard up when the server starts, not when the first analyst arrives.

Streamlit runs ``app.py`` only when a browser session connects, so without this the
first session after ``strikemap app`` paid for everything at once: importing pandas,
folium and SQLAlchemy (0.9-2.3 s measured on this shared 2-core machine), reading the
map columns (0.03-0.4 s at a million events from the disk copy, about 6 s without) and
the store's facets (0.7-3 s at a million events), and only then building the map.

``app.py`` declares an ``st.App`` whose lifespan is :func:`lifespan`. It starts
:func:`warm_up` in a background thread and lets the server answer at once, so the
browser loads Streamlit's own page scripts (about a second) while the thread:

1. imports the pages and the map component (:func:`import_pages`), with a short
   interpreter switch interval so the server's event loop keeps serving those scripts
   meanwhile, and without the cyclic garbage collector, which slowed the imports;
2. reads the map columns and the place labels (the map's first run draws from them),
   then, at a lower CPU priority, what only the page's later runs and the other pages
   need: the store's database module (SQLAlchemy), the other pages, the exports, the
   store's facets and reports (:func:`preload_data`).

Importing before answering instead made the health check a second or more later and the
first paint, counted from the server's start, later too (4.9-5.3 s against 4.3 s at 10k
events, medians of runs in one session on a loaded machine), since the browser could no
longer load its scripts meanwhile.

The preload goes through the same cached loaders (:mod:`strikemap.dashboard.loaders`)
as the pages, so nothing is read twice: Streamlit's per-key compute locks make a session
that arrives mid-preload wait for the value instead of reading it again.

Nothing here runs at import time, and a warm-up that fails (a broken store, a bad URL)
only logs: the page reports the problem to the analyst as before.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "WarmupReport",
    "import_pages",
    "lifespan",
    "preload_data",
    "start_warm_up",
    "warm_up",
]

_FIRST_RUN_MODULES: tuple[str, ...] = (
    "strikemap.dashboard.app",
    "strikemap.dashboard.page_map",
    # Imported lazily by the Map page itself (on its first run, not at page import);
    # streamlit_folium (with folium.plugins) comes after these, see import_pages.
    "streamlit.components.v1",
)
"""What the first run of the Map page imports: pandas, numpy, folium... (no SQLAlchemy)."""

_LATER_MODULES: tuple[str, ...] = (
    "strikemap.store.database",
    "strikemap.dashboard.page_events",
    "strikemap.dashboard.page_timeline",
    "strikemap.dashboard.page_add",
    "strikemap.dashboard.page_gazetteer",
    "strikemap.dashboard.page_about",
    "strikemap.dashboard.page_areas",
    "strikemap.dashboard.page_event",
    "strikemap.dashboard.page_audit",
    "strikemap.export",
)
"""The store (SQLAlchemy), the other pages and the exports: after the place labels.

The Map page's later runs (the sidebar's facets, the export buttons) and the other
pages need them; its first run, which draws the map, does not.
"""

_STREAMLIT_SESSION_MODULES: tuple[str, ...] = ("streamlit.web.skills",)
"""Imported by Streamlit when the first session starts (a third of a second, measured)."""

_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"
"""Streamlit's logger that warns when called outside a session (see ``_QuietWarmupThread``)."""

_DIRECT_EXECUTION_CHECKED = "_use_warning_has_been_displayed"
"""Streamlit's once-per-process flag in ``delta_generator`` (``_skip_direct_execution_check``)."""

_THREAD_NAME = "strikemap-warm-up"
_BACKGROUND_NICE = 10
_SHORT_SWITCH_INTERVAL = 0.0005
"""Seconds (the default is 0.005): see :func:`_short_switch_interval`."""


class _QuietWarmupThread(logging.Filter):
    """Drop Streamlit's "missing ScriptRunContext" warnings raised by the warm-up thread.

    The warm-up calls the cached loaders outside any session on purpose; the warning
    says so and "can be ignored", so it is dropped for that one thread only.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName == _THREAD_NAME and "ScriptRunContext" in record.getMessage())


_QUIET = _QuietWarmupThread()


def _logger() -> logging.Logger:
    # Streamlit's logger factory: the summary follows `--logger.level` like its own lines.
    from streamlit.logger import get_logger

    return get_logger(__name__)


@dataclass(slots=True)
class WarmupReport:
    """What a warm-up did: seconds per step, and the error that stopped it, if any."""

    db_url: str | None = None
    steps: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def summary(self) -> str:
        """Return a one-line account for the server log."""
        parts = ", ".join(f"{k} {v:.2f} s" for k, v in self.steps.items())
        if self.error:
            return f"dashboard warm-up stopped ({self.error}) after: {parts or 'nothing'}"
        return f"dashboard warm-up done: {parts}"


def _skip_direct_execution_check() -> None:
    # The first element any session draws makes Streamlit check, once per process,
    # whether it runs in a REPL or without its server, to print a warning: an
    # inspect.stack() that resolved every frame's file, 0.2-0.4 s of CPU (profiled).
    # Running the check here only moved that CPU into the warm-up, where it held up the
    # server serving the first browser. With a running server neither warning applies,
    # so the check is marked as done instead. A Streamlit without that flag (it is
    # internal) only pays the check again.
    from streamlit import runtime

    module = importlib.import_module("streamlit.delta_generator")
    if runtime.exists() and hasattr(module, _DIRECT_EXECUTION_CHECKED):
        setattr(module, _DIRECT_EXECUTION_CHECKED, True)


def _register_map_component() -> None:
    # streamlit_folium declares its component when imported, and registers it with the
    # server only inside a session: imported here, the component's files answered 404
    # and the map stayed blank. So it is imported here (0.1-0.3 s the first session
    # no longer spends) and registered as its import would have done in a session.
    from streamlit import runtime

    if not runtime.exists():
        return
    import streamlit_folium

    component = getattr(streamlit_folium, "_component_func", None)
    if component is not None:
        runtime.get_instance().component_registry.register_component(component)


@contextlib.contextmanager
def _cyclic_gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector meanwhile (restored after).

    Importing pandas, folium and SQLAlchemy allocates some 180,000 objects, and the
    collector, run every few hundred allocations, walked them again and again: the
    imports took 15-20 % longer with it (1.67-1.92 s against 1.34-1.63 s, measured in
    alternation on this machine).

    Parameters
    ----------
    freeze
        Then move every object alive out of the collector's reach (``gc.freeze``): for
        imported modules, which live as long as the server, so that later full
        collections do not walk them again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _short_switch_interval() -> Iterator[None]:
    """Shorten the interpreter's switch interval meanwhile (process-wide, restored after).

    The warm-up is mostly CPU under the interpreter lock: in a background thread it
    holds up the other threads, the server's event loop among them. With the default
    interval (5 ms) the event loop waited that long for the lock at every turn: the
    first browser's websocket opened 1.7 s after the health check instead of about 1 s
    (measured once); with half a millisecond it gets the lock back promptly.
    """
    switch = sys.getswitchinterval()
    sys.setswitchinterval(_SHORT_SWITCH_INTERVAL)
    try:
        yield
    finally:
        sys.setswitchinterval(switch)


def import_pages(report: WarmupReport | None = None) -> WarmupReport:
    """Import the page modules and what their first run imports (pandas, folium...).

    With a running server, also the map component (see ``_register_map_component``).
    """
    report = report if report is not None else WarmupReport()
    t0 = time.perf_counter()
    # First: a session that arrives while the imports below still run draws its first
    # element meanwhile, and would pay for the check then.
    _skip_direct_execution_check()
    with _short_switch_interval(), _cyclic_gc_paused(freeze=True):
        try:
            for name in _FIRST_RUN_MODULES:
                importlib.import_module(name)
            _register_map_component()
        except Exception as exc:  # the session will show the same error
            report.error = f"{type(exc).__name__}: {exc}"
        for name in _STREAMLIT_SESSION_MODULES:
            # Streamlit internals: a newer Streamlit may move them, which costs only speed.
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
    report.steps["imports"] = time.perf_counter() - t0
    return report


def preload_data(
    db_url: str | None = None,
    report: WarmupReport | None = None,
    *,
    after_columns: Callable[[], None] | None = None,
) -> WarmupReport:
    """Fill the shared caches the Map page reads, first what its first run needs.

    First the map columns and the place labels (the first run draws the map from
    them), then the modules that only later runs and other pages import (the store's
    database module with SQLAlchemy, the other pages, the exports), then the store's
    facets and reports (the sidebar). Run in a background thread while the server
    already answers.

    Parameters
    ----------
    db_url
        The store to read (default: the URL the dashboard reads, ``$STRIKEMAP_DB``).
    report
        Where to record the steps (a fresh :class:`WarmupReport` if ``None``).
    after_columns
        Called once the map columns and place labels are read, before the rest.

    Returns
    -------
    WarmupReport
        Seconds per step; ``error`` is set (and nothing raised) if a step failed.
    """
    report = report if report is not None else WarmupReport()
    t0 = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        report.steps[step] = now - t0
        t0 = now

    try:
        from strikemap.dashboard.loaders import (
            current_db_url,
            data_version,
            load_actor_counts,
            load_column_facets,
            load_columns,
            load_facets,
            load_reports,
        )

        url = db_url or current_db_url()
        report.db_url = url
        # In the order the Map page needs them: its first run draws the map from the
        # columns with the place labels; the sidebar, drawn on the next run, needs the
        # store's facets and reports.
        with _short_switch_interval(), _cyclic_gc_paused():
            version = data_version(url)
            load_columns(url, version)
            # What the Map page's first run derives from the columns (its count line,
            # filter and colours): small, but under the lock with everything else.
            load_column_facets(url, version)
            load_actor_counts(url, version)
            lap("map columns")
            from strikemap.dashboard.reference_layer import preload_reference

            preload_reference()
            lap("place labels")
        if after_columns is not None:
            after_columns()
        with _cyclic_gc_paused(freeze=True):
            for name in _LATER_MODULES:
                importlib.import_module(name)
        lap("later imports")
        load_facets(url)
        load_reports(url)
        lap("facets")
    except Exception as exc:  # a warm-up must never take the server down
        report.error = f"{type(exc).__name__}: {exc}"
    finally:
        report.done.set()
    return report


def warm_up(
    db_url: str | None = None,
    report: WarmupReport | None = None,
    *,
    after_columns: Callable[[], None] | None = None,
) -> WarmupReport:
    """Run :func:`import_pages` then :func:`preload_data` in this thread."""
    report = import_pages(report)
    if report.error:
        report.done.set()
        return report
    return preload_data(db_url, report, after_columns=after_columns)


def _yield_cpu() -> None:
    """Lower this thread's CPU priority (Linux only: there a thread has its own nice).

    The store's facets scan every event (two seconds of CPU at a million events on a
    busy machine) and the first browser session arrives meanwhile: at normal priority
    the scan slowed that session's page scripts and map, which need no facets (the
    sidebar, drawn after the map, does). Elsewhere a thread id is no process id, so
    nothing is changed.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _BACKGROUND_NICE)


def start_warm_up(
    db_url: str | None = None, report: WarmupReport | None = None
) -> tuple[threading.Thread, WarmupReport]:
    """Run :func:`warm_up` in a daemon thread; return the thread and its live report."""
    report = report if report is not None else WarmupReport()

    def run() -> None:
        warm_up(db_url, report, after_columns=_yield_cpu)
        log = _logger()
        (log.warning if report.error else log.info)(report.summary())

    logging.getLogger(_CONTEXT_LOGGER).addFilter(_QUIET)
    thread = threading.Thread(target=run, name=_THREAD_NAME, daemon=True)
    thread.start()
    return thread, report


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
    """ASGI lifespan for ``st.App``: start the warm-up and serve at once.

    A session that needs something the warm-up has not finished waits for it
    (Streamlit's cache locks, Python's import lock) rather than doing it again.

    Parameters
    ----------
    app
        The ``st.App`` being started (unused: the warm-up needs only the store URL).
    """
    del app
    _thread, report = start_warm_up()
    yield {"warm_up": report}
