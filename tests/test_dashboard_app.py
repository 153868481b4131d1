"""AppTest smoke tests of every dashboard page against a synthetic store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard_fixtures import build_store

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('app') / 'store.db'}"
    build_store(url, 24).dispose()
    return url


@pytest.fixture
def env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, bytes]]:
    """Point the app at the fixture store and capture download payloads by file name."""
    monkeypatch.setenv("STRIKEMAP_DB", db_url)
    files: dict[str, bytes] = {}
    original = MediaFileManager.add

    def add(
        self: MediaFileManager,
        data: Any,
        mimetype: str,
        coordinates: str,
        file_name: str | None = None,
        is_for_static_download: bool = False,
    ) -> str:
        if file_name:
            files[file_name] = data if isinstance(data, bytes) else str(data).encode()
        return original(self, data, mimetype, coordinates, file_name, is_for_static_download)

    monkeypatch.setattr(MediaFileManager, "add", add)
    yield files


def _page(name: str) -> None:
    import importlib

    importlib.import_module(f"strikemap.dashboard.{name}").render()


def _run_page(name: str) -> AppTest:
    return AppTest.from_function(_page, args=(name,), default_timeout=60).run()


def _opened(at: AppTest) -> AppTest:
    """Open the Map page as a browser does: its first run draws the map alone, and the
    map's first report of its view reruns the page, which then draws everything."""
    return at.run().run()


def _count(at: AppTest) -> int:
    text = next(m.value for m in at.markdown if m.value.startswith("**"))
    return int(text.split("**")[1].replace(",", ""))


def _with_table(at: AppTest) -> AppTest:
    """Turn on the Map page's table (off by default, so the map paints first)."""
    assert not at.dataframe, "no table before the analyst asks for it"
    return at.toggle(key="map_show_table").set_value(True).run()


def test_map_page_filters_change_counts_table_and_downloads(env: dict[str, bytes]) -> None:
    at = _with_table(_opened(AppTest.from_file(str(APP), default_timeout=60)))
    assert not at.exception
    assert _count(at) == 24
    assert len(at.dataframe[0].value) == 24
    geo = json.loads(env["strikemap-events.geojson"])
    assert len(geo["features"]) == 24

    at.sidebar.multiselect(key="flt_actors").select("Russia").run()
    assert not at.exception
    assert _count(at) == 7
    table = at.dataframe[0].value
    assert len(table) == 7 and set(table["actor"]) == {"Russia"}
    assert at.query_params["actor"] in ("Russia", ["Russia"])
    geo = json.loads(env["strikemap-events.geojson"])
    assert {f["properties"]["actor"] for f in geo["features"]} == {"Russia"}
    assert len(geo["features"]) == 7
    assert geo["strikemap"]["filters"] == {"actors": ["Russia"]}
    csv_text = env["strikemap-events.csv"].decode()
    assert len(csv_text.strip().splitlines()) == 1 + 7

    at.sidebar.checkbox(key="flt_contested").check().run()
    assert _count(at) < 7


def test_query_string_reproduces_the_view(env: dict[str, bytes]) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["country"] = "UA"
    at.query_params["contested"] = "1"
    at.query_params["from"] = "not-a-date"  # ignored, not fatal
    _with_table(_opened(at))
    assert not at.exception
    assert at.sidebar.multiselect(key="flt_countries").value == ["UA"]
    table = at.dataframe[0].value
    assert len(table) == _count(at) > 0
    assert set(table["country"]) == {"UA"} and table["contested"].all()


def test_map_is_sent_before_the_filter_widgets(
    env: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The browser loads each widget's script when it first sees the widget: the map
    # goes first so its own scripts do not queue behind the sidebar's.
    from strikemap.dashboard import common, page_map

    order: list[str] = []

    def spy(name: str, fn: Any) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            order.append(name)
            return fn(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(page_map, "_show_map", spy("map", page_map._show_map))
    monkeypatch.setattr(common, "draw_filter_widgets", spy("widgets", common.draw_filter_widgets))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    # A session's first run draws the map and nothing after it...
    assert order == ["map"]
    assert not at.sidebar.multiselect and not at.get("download_button")
    # ...and the rerun the map triggers draws the rest, the map still first.
    at.run()
    assert order == ["map", "map", "widgets"]
    assert _count(at) == 24 and at.sidebar.multiselect(key="flt_actors").value == []


def test_map_link_with_a_claimant_filters_before_the_widgets_exist(env: dict[str, bytes]) -> None:
    # The map is drawn from the widgets' state, before the claimant list is read: the
    # claimant from the link must survive (not be dropped for lack of options).
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["claimant"] = "SOHR"
    _with_table(_opened(at))
    assert not at.exception
    assert at.sidebar.multiselect(key="flt_claimants").value == ["SOHR"]
    assert 0 < _count(at) < 24
    assert len(at.dataframe[0].value) == _count(at)


def test_map_link_with_an_unknown_claimant_is_dropped_like_before(env: dict[str, bytes]) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["claimant"] = "Nobody at all"
    _opened(at)
    assert not at.exception
    assert at.sidebar.multiselect(key="flt_claimants").value == []
    assert _count(at) == 24, "the map shows what the widgets show"
    assert "claimant" not in at.query_params


def test_date_range_keeps_undated_by_default_and_narrows(env: dict[str, bytes]) -> None:
    import datetime as dt

    at = _with_table(_opened(AppTest.from_file(str(APP), default_timeout=60)))
    assert at.sidebar.checkbox(key="flt_undated").value is True
    at.sidebar.date_input(key="flt_dates").set_value((dt.date(2015, 9, 30), dt.date(2015, 10, 2)))
    at.run()
    assert not at.exception
    dates = at.dataframe[0].value["date"]
    dated = dates.dropna()
    assert len(dated) and dated.max() <= "2015-10-02" and dated.min() >= "2015-09-30"
    # The one undated fixture event is still listed (last), and said to be undated.
    assert dates.isna().sum() == 1 and pd.isna(dates.iloc[-1])
    assert _count(at) == len(dates)
    assert any("1 with an unknown date" in m.value for m in at.markdown)
    assert at.query_params["to"] in ("2015-10-02", ["2015-10-02"])
    assert "undated" not in at.query_params  # the default is not written
    geo = json.loads(env["strikemap-events.geojson"])
    assert len(geo["features"]) == len(dates)
    assert sum(f["properties"]["date"] is None for f in geo["features"]) == 1
    assert geo["strikemap"]["filters"]["undated_events"] == "included"

    at.sidebar.checkbox(key="flt_undated").uncheck().run()
    assert not at.exception
    dates = at.dataframe[0].value["date"]
    assert dates.notna().all() and _count(at) == len(dates)
    assert at.query_params["undated"] in ("0", ["0"])
    geo = json.loads(env["strikemap-events.geojson"])
    assert all(f["properties"]["date"] for f in geo["features"])
    assert geo["strikemap"]["filters"]["undated_events"] == "excluded"


def test_undated_hidden_by_link_even_without_date_range(env: dict[str, bytes]) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["undated"] = "0"
    _with_table(_opened(at))
    assert not at.exception
    assert at.sidebar.checkbox(key="flt_undated").value is False
    assert _count(at) == 23  # 24 fixture events, one of them undated
    assert at.dataframe[0].value["date"].notna().all()


@pytest.mark.parametrize(
    "page", ["page_events", "page_timeline", "page_about", "page_gazetteer", "page_add"]
)
def test_every_page_runs(env: dict[str, bytes], page: str) -> None:
    at = _run_page(page)
    assert not at.exception, at.exception
    assert at.title[0].value


def test_events_page_search_and_filter(env: dict[str, bytes]) -> None:
    at = _run_page("page_events")
    assert _count(at) == 24
    at.text_input(key="events_search").input("hostile").run()
    assert _count(at) == 1
    at.text_input(key="events_search").input("").run()
    at.sidebar.multiselect(key="flt_countries").select("IQ").run()
    assert set(at.dataframe[0].value["country"]) == {"IQ"}


def test_timeline_page_counts_by_day(env: dict[str, bytes]) -> None:
    at = _run_page("page_timeline")
    assert not at.exception
    assert _count(at) == 23  # one undated event is not on the timeline
    assert any("unknown date" in m.value for m in at.markdown)
    slider = at.slider(key="timeline_range")
    lo, _hi = slider.value
    slider.set_value((lo, lo)).run()
    assert not at.exception
    assert at.sidebar.date_input(key="flt_dates").value == (lo, lo)
    assert _count(at) < 23


def test_add_page_highlight_is_escaped() -> None:
    from dashboard_fixtures import XSS_IMG
    from strikemap.dashboard.page_add import highlight_html

    text = f"Intro. Jets struck {XSS_IMG} town. End."
    start = text.index("Jets")
    out = highlight_html(text, [(start, start + 40), (start + 5, start + 10)])
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert out.count("<mark>") == 1


def test_a_brushed_span_becomes_the_date_range() -> None:
    import datetime as dt

    from strikemap.dashboard.timeline import BRUSH, brushed_range

    day = dt.datetime(2024, 3, 1, tzinfo=dt.UTC).timestamp() * 1000
    later = day + 4 * 86_400_000
    assert brushed_range({BRUSH: {"yearmonthdate_date": [later, day]}}) == (
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 5),
    )
    assert brushed_range({BRUSH: {}}) is None
    assert brushed_range(None) is None
    assert brushed_range({BRUSH: {"date": ["x", "y"]}}) is None
