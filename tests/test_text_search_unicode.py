"""Text search and the claimed-target filter fold case in every script, not only ASCII."""

from __future__ import annotations

from factories import make_event, make_report
from strikemap.filters import EventFilter
from strikemap.model import Extraction
from strikemap.store import open_store


def _fill(url: str) -> None:
    report = make_report("Удар по Харкову пошкодив Школу. Another strike hit a Bridge.", "uk.txt")
    events = [
        make_event(report, "Удар по Харкову пошкодив Школу", place="Харків", target="Школа №5"),
        make_event(report, "Another strike hit a Bridge", place="Kupiansk", target="Bridge"),
    ]
    store = open_store(url)
    store.save(Extraction(report=report, events=events))
    store.dispose()


def test_search_matches_capitalised_cyrillic_whatever_the_case_typed(db_url: str) -> None:
    _fill(db_url)
    store = open_store(db_url)
    try:
        for typed in ("школа", "ШКОЛА", "харків"):
            page = store.events_page(search=typed)
            assert len(page) == 1, typed
        assert len(store.events_page(search="bridge")) == 1
        found = store.events_frame(EventFilter(target_text="школа"))
        assert list(found["place_name"]) == ["Харків"]
        # A LIKE wildcard typed by the analyst is a character, not a wildcard.
        assert store.events_frame(EventFilter(target_text="%")).empty
    finally:
        store.dispose()
