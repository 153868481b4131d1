"""Map building, tested on the folium object and its rendered HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard_fixtures import build_store
from strikemap.dashboard.mapview import (
    MapView,
    actor_colours,
    aggregate_cells,
    build_base_map,
    build_event_layer,
    build_map,
    plan_layer,
    popup_html,
    safe_url,
)
from strikemap.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("mapview") / "s.db"
    return build_store(f"sqlite:///{path}", 24)


@pytest.fixture(scope="module")
def frames(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    events = store.events_frame()
    return events, store.claims_frame(events["id"].tolist())


def _html(events: pd.DataFrame, claims: pd.DataFrame, **kw: object) -> str:
    return build_map(events, claims, **kw).get_root().render()  # type: ignore[arg-type]


def _data_rows(html_text: str) -> list[list[object]]:
    match = re.search(r"var data = (\[.*?\]);\n", html_text, re.S)
    assert match, "no marker data in the map"
    rows: list[list[object]] = json.loads(match.group(1))
    return rows


def test_popups_are_escaped(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    html_text = _html(*frames)
    assert "<img src=x onerror=" not in html_text
    assert "<script>alert(1)</script>" not in html_text
    assert "javascript:alert" not in html_text.replace("javascript:alert(1))", "")  # no href
    assert 'href="javascript' not in html_text
    rows = _data_rows(html_text)
    hostile = [r for r in rows if "Kafr Hostile" in str(r[5])]
    assert len(hostile) == 1
    popup = str(hostile[0][5])
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "&lt;script&gt;" in popup
    # The javascript: URL is not linked; the one link is to the app's own Event page.
    links = re.findall(r'<a [^>]*href="([^"]*)"', popup)
    assert len(links) == 1 and links[0].startswith("/event?event=")


def test_popup_content(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    events, claims = frames
    ev = events.iloc[0].to_dict()
    text = popup_html(ev, claims[claims["event_id"] == ev["id"]].to_dict("records"))
    assert ev["date"] in text and "Talbiseh" in text and "town" in text and "±2 km" in text
    assert "Russia" in text and "SOHR" in text and "hospital" in text
    assert "denial by Ministry of Defence" in text  # event 0 is contested
    assert 'href="https://example.org/r/0"' in text and 'rel="noopener' in text


def test_precision_honest_symbols(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    events, claims = frames
    rows = _data_rows(_html(events, claims))
    by_place = {}
    for ev, row in zip(events.to_dict("records"), rows, strict=True):
        by_place[ev["id"]] = (ev["precision"], ev["uncertainty_km"], row)
    for precision, unc, row in by_place.values():
        if precision in ("exact", "neighbourhood", "town"):
            assert row[2] == 0, precision
        else:
            assert row[2] == 1, precision
            assert row[4] == pytest.approx(unc * 1000)  # circle radius in metres


def test_legend_lists_actors_with_stable_colours(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    events, claims = frames
    actors = ["Russia", "Syrian government", "US-led coalition", "(unknown)"]
    colours = actor_colours(actors)
    assert colours["(unknown)"] == "#7f7f7f"
    assert len({colours[a] for a in actors}) == 4
    only_russia = events[events["actor"] == "Russia"]
    html_text = _html(only_russia, claims, actors=actors)
    assert "sm-legend" in html_text and "Russia" in html_text
    assert "US-led coalition" not in html_text  # legend shows only actors present
    rows = _data_rows(html_text)
    assert {r[3] for r in rows} == {colours["Russia"]}  # same colour whatever the filter


def test_offline_no_cdn(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    html_text = _html(*frames, heat=True)
    urls = set(re.findall(r'(?:src|href)="([^"]+)"', html_text))
    assert urls and all(u.startswith("/app/static/") for u in urls), urls
    assert "L.heatLayer" in html_text
    # Leaflet and every plugin in one script, included once (see test_vendor_bundle).
    scripts = re.findall(r'<script src="([^"]+)"', html_text)
    assert scripts == ["/app/static/vendor/leaflet-bundle.js"], scripts
    assert "AwesomeMarkers" not in html_text and "bootstrap" not in html_text
    assert "/app/static/outlines/countries.json" in html_text
    assert "/app/static/outlines/admin1/SY.json" in html_text
    assert "tile.openstreetmap.org" not in html_text
    assert '"maxZoom": 18' in html_text  # markercluster needs it with tiles=None


def test_online_tiles_only_on_request() -> None:
    html_text = build_base_map((35.0, 36.0), 6, online_tiles=True).get_root().render()
    assert "tile.openstreetmap.org" in html_text and "World_Imagery" in html_text


def test_safe_url() -> None:
    assert safe_url("https://example.org/x") == "https://example.org/x"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JAVASCRIPT:alert(1)") is None
    assert safe_url("data:text/html,hi") is None
    assert safe_url("//evil.example") is None
    assert safe_url(None) is None


def _many(n: int) -> pd.DataFrame:
    import numpy as np

    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "id": range(n),
            "lat": rng.uniform(33, 37, n),
            "lon": rng.uniform(35, 42, n),
            "actor": rng.choice(["A", "B", None], n),
            "precision": "town",
        }
    )


def test_aggregation_past_threshold() -> None:
    events = _many(5000)
    plan = plan_layer(events, None, initial_zoom=6, threshold=2000)
    assert plan.mode == "cells" and plan.cell_deg
    cells = aggregate_cells(plan.rows, plan.cell_deg, actor_colours(["A", "B"]))
    assert int(cells["count"].sum()) == 5000
    assert len(cells) < 2000
    assert cells["lat"].between(33, 37).all()
    m = build_base_map((35.0, 38.0), 6)
    build_event_layer(plan, pd.DataFrame(), actor_colours(["A", "B"])).add_to(m)
    html_text = m.get_root().render()
    assert "grid cell" in html_text
    rows = _data_rows(html_text)
    assert {r[2] for r in rows} == {2} and sum(int(r[4]) for r in rows) == 5000


def test_zoomed_in_view_shows_individual_events() -> None:
    events = _many(5000)
    view = MapView(south=34.0, west=36.0, north=34.3, east=36.4, zoom=11)
    plan = plan_layer(events, view, threshold=2000)
    assert plan.mode == "events"
    south, west, north, east = view.padded()
    assert plan.rows["lat"].between(south, north).all()
    assert plan.rows["lon"].between(west, east).all()
    assert 0 < len(plan.rows) < 5000


def test_small_sets_ignore_the_view() -> None:
    events = _many(50)
    view = MapView(south=0, west=0, north=1, east=1, zoom=10)
    assert len(plan_layer(events, view).rows) == 50


def test_mapview_parses_st_folium_value() -> None:
    value = {
        "bounds": {"_southWest": {"lat": 1, "lng": 2}, "_northEast": {"lat": 3, "lng": 4}},
        "zoom": 7,
    }
    assert MapView.from_st_folium(value) == MapView(1, 2, 3, 4, 7)
    assert MapView.from_st_folium({"bounds": {"_southWest": {"lat": None}}}) is None
    assert MapView.from_st_folium(None) is None


def test_app_script_points_at_repo_app() -> None:
    from strikemap.dashboard.assets import app_script

    script = app_script()
    assert script.name == "app.py" and script.exists()
    assert (Path(script).parent / ".streamlit" / "config.toml").exists()


def test_vendor_bundle_joins_leaflet_and_plugins_in_order(tmp_path: Path) -> None:
    from strikemap.dashboard.assets import bundle_text, install_vendor_files, missing_assets

    # A fake node_modules with the npm packages' file layout.
    node = tmp_path / "node_modules"
    files = {
        "leaflet/dist/leaflet.js": "window.L = {v: 1}\n//# sourceMappingURL=leaflet.js.map",
        "leaflet.markercluster/dist/leaflet.markercluster.js": "L.markerClusterGroup = 1",
        "leaflet.heat/dist/leaflet-heat.js": "L.heatLayer = 1",
        "leaflet/dist/leaflet.css": "",
        "leaflet.markercluster/dist/MarkerCluster.css": "",
        "leaflet.markercluster/dist/MarkerCluster.Default.css": "",
        "leaflet/dist/images/marker.png": "",
    }
    for rel, text in files.items():
        (node / rel).parent.mkdir(parents=True, exist_ok=True)
        (node / rel).write_text(text, encoding="utf-8")
    root = tmp_path / "app"
    written = install_vendor_files(node, root)
    bundle = root / "static" / "vendor" / "leaflet-bundle.js"
    assert bundle in written
    text = bundle.read_text(encoding="utf-8")
    assert text == bundle_text(root / "static" / "vendor")
    # Leaflet first (the plugins extend L), each file whole, no dangling source map.
    assert text.index("window.L") < text.index("markerClusterGroup") < text.index("heatLayer")
    assert "sourceMappingURL" not in text
    assert "\n;\n" in text  # a file left unterminated cannot run into the next
    assert "vendor/leaflet-bundle.js" not in missing_assets(root)
    assert install_vendor_files(node, root) == [root / "static" / "vendor" / "leaflet" / "images"]
    bundle.unlink()
    assert "vendor/leaflet-bundle.js" in missing_assets(root)


def test_popup_figures_say_what_the_claim_states() -> None:
    from strikemap.dashboard.mapview import _casualties

    claim = {
        "killed": 30, "killed_max": None, "wounded": None, "wounded_max": 12,
        "missing": 5, "missing_max": 7, "children_killed": 2.0, "children_killed_max": 2.0,
        "casualties_text": "at least 30 people were killed",
    }  # fmt: skip
    text = _casualties(claim)
    assert "at least 30 killed" in text and "up to 12 wounded" in text
    assert "5-7 missing" in text and "2 children killed" in text
