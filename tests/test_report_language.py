"""Every report's language: detected on reading, stored, migrated, filtered, shown, exported."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, select

from factories import make_event, make_report
from strikemap.cli import main
from strikemap.dashboard.columns import needs_store_ids
from strikemap.dashboard.filters import filter_from_query, filter_to_query
from strikemap.dashboard.mapview import popup_html
from strikemap.dashboard.url_state import FILTER_KEYS, with_filter
from strikemap.export import export_csv, export_geojson
from strikemap.filters import EventFilter
from strikemap.language_names import language_label
from strikemap.model import Extraction
from strikemap.read import read_notes_csv, read_text
from strikemap.store import Store, open_store
from strikemap.store.migrations import MIGRATIONS, applied_migrations
from strikemap.store.schema import migrations_table, reports

UK = "Уночі ворог атакував Харків ударними дронами, пошкоджено будинки, є поранені."
RU = "В ночь на 5 марта беспилотник атаковал Белгород, повреждены дома, есть раненые."
AR = "قصف الطيران الروسي بلدة كفرنبل في ريف إدلب الجنوبي وأفاد الدفاع المدني بسقوط جرحى."
EN = "Russian warplanes struck bases in Jisr al-Shughur on Thursday, a security source said."


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(("text", "code"), [(UK, "uk"), (RU, "ru"), (AR, "ar"), (EN, "en")])
def test_reading_detects_the_report_language(text: str, code: str) -> None:
    report = read_text(text, source_id="r.txt")
    assert report.language == code
    assert report.language_probability is not None and 0.5 < report.language_probability <= 1


def test_a_short_report_is_undetermined_not_guessed() -> None:
    report = read_text("Вибух!", source_id="r.txt")
    assert (report.language, report.language_probability) == ("und", 0.0)


def test_every_csv_note_gets_its_own_language() -> None:
    text = f'id,text\n1,"{UK}"\n2,"{EN}"\n'
    assert [r.language for r in read_notes_csv(text)] == ["uk", "en"]


def test_a_mixed_post_stores_its_main_language() -> None:
    mixed = f"{UK} {UK}\n\n{EN}"
    assert read_text(mixed, source_id="mixed.txt").language == "uk"


# --------------------------------------------------------------------------- store


def _extraction(
    text: str, source_id: str, quote: str, *, language: str | None = None
) -> Extraction:
    report = make_report(text, source_id, dt.date(2024, 5, 14))
    if language is not None:
        import dataclasses

        report = dataclasses.replace(report, language=language, language_probability=0.9)
    return Extraction(report=report, events=[make_event(report, quote)])


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = open_store(f"sqlite:///{tmp_path / 'lang.db'}")
    s.save(_extraction(UK, "uk.txt", "ворог атакував Харків"))
    s.save(_extraction(RU, "ru.txt", "беспилотник атаковал Белгород"))
    s.save(_extraction(EN, "en.txt", "Russian warplanes struck bases"))
    return s


def test_the_store_keeps_the_language_and_detects_a_missing_one(store: Store) -> None:
    frame = store.reports_frame()
    assert dict(zip(frame["source_id"], frame["language"], strict=True)) == {
        "uk.txt": "uk",
        "ru.txt": "ru",
        "en.txt": "en",
    }
    given = _extraction(AR, "ar.txt", "قصف الطيران الروسي", language="xx")
    store.save(given)
    stored = store.report(given.report.id)
    assert stored is not None
    assert (stored.language, stored.language_probability) == ("xx", 0.9)  # kept as read


def test_language_filter_in_the_store(store: Store) -> None:
    assert store.count_events(EventFilter(languages=("uk",))) == 1
    assert store.count_events(EventFilter(languages=("uk", "ru"))) == 2
    assert store.count_events(EventFilter(languages=("ar",))) == 0
    both = EventFilter(languages=("en",), report_ids=("en.txt",))  # joined with reports too
    assert store.count_events(both) == 1
    assert len(store.events_page(EventFilter(languages=("ru",)))) == 1
    assert store.count_matching(EventFilter(languages=("ru",)), search="беспилотник") == (1, 0)
    rows = store.events_frame(EventFilter(languages=("uk",)))
    assert rows["language"].tolist() == ["uk"] and rows["source_id"].tolist() == ["uk.txt"]
    assert store.facets().languages == ("en", "ru", "uk")


def test_filter_round_trips_through_dicts() -> None:
    flt = EventFilter(languages=("uk", "und"))
    assert flt.to_dict() == {"languages": ["uk", "und"]}
    assert EventFilter.from_dict(flt.to_dict()) == flt


def test_exports_carry_the_report_language(store: Store) -> None:
    features = export_geojson(store, EventFilter(languages=("uk",)))["features"]
    assert [f["properties"]["report_language"] for f in features] == ["uk"]
    rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    assert sorted(r["report_language"] for r in rows) == ["en", "ru", "uk"]


# --------------------------------------------------------------------------- migration


def _store_at_0010(url: str, texts: dict[str, str]) -> None:
    """Build a store as strikemap wrote it before migration 0011, holding ``texts``."""
    engine = create_engine(url)
    with engine.begin() as conn:
        migrations_table.create(conn)
        for name, step in MIGRATIONS[:10]:
            step(conn)
            conn.execute(migrations_table.insert().values(name=name, applied_at="2026-01-01"))
        for report_id, text in texts.items():
            conn.exec_driver_sql(
                "INSERT INTO reports (id, source_id, text, published_basis, ingested_at) "
                "VALUES (?, ?, ?, 'unknown', '2026-01-01T00:00:00')",
                (report_id, f"{report_id}.txt", text),
            )
    engine.dispose()


def test_migration_detects_the_language_of_stored_reports(tmp_path: Path, monkeypatch) -> None:
    import strikemap.store.migrations as migrations

    monkeypatch.setattr(migrations, "LANGUAGE_BATCH", 2)  # several batches of the loop
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _store_at_0010(url, {"a": UK, "b": RU, "c": AR, "d": EN, "e": "Вибух!"})
    store = open_store(url)
    with store.engine.connect() as conn:
        assert "0011_report_language" in applied_migrations(conn)
        got = dict(conn.execute(select(reports.c.id, reports.c.language)).all())
        probability = dict(conn.execute(select(reports.c.id, reports.c.language_probability)).all())
        indexes = {ix["name"] for ix in inspect(conn).get_indexes("reports")}
    assert got == {"a": "uk", "b": "ru", "c": "ar", "d": "en", "e": "und"}
    assert probability["e"] == 0.0 and probability["a"] > 0.5
    assert "ix_reports_language" in indexes
    store.dispose()


# --------------------------------------------------------------------------- command line


def test_events_and_export_filter_by_language(store: Store, runner: CliRunner) -> None:
    db = store.url
    result = runner.invoke(main, ["events", "--language", "UK", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["source_id"] for r in records] == ["uk.txt"] and records[0]["language"] == "uk"
    table = runner.invoke(main, ["events", "--language", "ru", "--language", "en", "--db", db])
    assert table.exit_code == 0 and "2 event(s)" in table.output
    out = runner.invoke(
        main, ["export", "--format", "geojson", "--language", "ru", "-o", "-", "--db", db]
    )
    collection = json.loads(out.stdout)
    assert collection["strikemap"]["filters"] == {"languages": ["ru"]}
    assert [f["properties"]["report_language"] for f in collection["features"]] == ["ru"]


def test_a_bad_language_code_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["events", "--language", "ukrainian", "--db", f"sqlite:///{tmp_path / 'x.db'}"]
    )
    assert result.exit_code == 2 and "--language" in result.output


def test_reports_list_shows_the_language(store: Store, runner: CliRunner) -> None:
    result = runner.invoke(main, ["reports", "list", "--db", store.url])
    assert result.exit_code == 0 and "language" in result.output
    uk_line = next(ln for ln in result.output.splitlines() if "uk.txt" in ln)
    assert " uk " in uk_line


# --------------------------------------------------------------------------- dashboard


def test_language_filter_is_kept_in_links() -> None:
    flt = EventFilter(languages=("uk", "ar"))
    query = filter_to_query(flt)
    assert query == {"language": "uk|ar"}
    assert "language" in FILTER_KEYS
    assert with_filter({"zoom": "5", "language": "ru"}, query) == {"zoom": "5", "language": "uk|ar"}
    assert filter_from_query(query) == flt


def test_a_crafted_language_in_a_link_is_dropped() -> None:
    flt = filter_from_query({"language": "UK|<script>|ukrainian|und"})
    assert flt.languages == ("uk", "und")


def test_the_language_filter_is_answered_by_the_store() -> None:
    assert needs_store_ids(EventFilter(languages=("uk",)))


def test_popup_shows_the_report_language_escaped() -> None:
    event = {"id": 1, "date": "2024-05-14", "place_name": "Kharkiv", "language": "uk"}
    assert "report language: uk (Ukrainian)" in popup_html(event, [])
    hostile = popup_html({**event, "language": "<b>x</b>"}, [])
    assert "<b>x</b>" not in hostile and "&lt;b&gt;x&lt;/b&gt;" in hostile
    assert "report language" not in popup_html({**event, "language": None}, [])


def test_events_table_shows_the_language(store: Store) -> None:
    from strikemap.dashboard.common import TABLE_COLUMN_CONFIG, TABLE_COLUMNS, table_frame

    frame = table_frame(store.events_frame())
    assert "language" in TABLE_COLUMNS and "language" in TABLE_COLUMN_CONFIG
    assert sorted(frame["language"]) == ["en", "ru", "uk"]
    assert isinstance(frame, pd.DataFrame)


def test_language_labels() -> None:
    assert language_label("ar") == "ar (Arabic)"
    assert language_label("und") == "und (undetermined)"
    assert language_label("zz") == "zz" and language_label(float("nan")) == ""
