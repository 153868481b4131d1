"""GeoPackage, KML and GeoParquet exports, read back with geopandas like a GIS user would."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyarrow.parquet as pq
import pyogrio
import pytest
from click.testing import CliRunner

from dashboard_fixtures import build_store
from factories import make_event, make_report
from strikemap.cli import main
from strikemap.export import FEATURE_PROPERTIES, export_geojson
from strikemap.filters import EventFilter
from strikemap.gis_export import GisExportError, export_gis, gis_bytes, write_gis
from strikemap.model import Extraction
from strikemap.store import Store, open_store

FORMATS = ("gpkg", "kml", "parquet")
KML = "{http://www.opengis.net/kml/2.2}"
RUSSIA = EventFilter(actors=("Russia",))
HOSTILE_TITLE = 'Strike <script>alert("x")</script> ]]> it\'s "quoted" & <b>bold</b>\nsecond line'


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = build_store(f"sqlite:///{tmp_path_factory.mktemp('gis') / 'store.db'}", 24)
    yield s
    s.dispose()


def read_back(path: Path, fmt: str) -> gpd.GeoDataFrame:
    """Read an export as a GIS user would (KML through GDAL's default KML reader)."""
    if fmt == "parquet":
        return gpd.read_parquet(path)
    return gpd.read_file(path)


def plain(value: Any) -> Any:
    """Compare values across formats: missing (None/NaN/NA) is None, NumPy scalars are Python."""
    if value is None or value is gpd.pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def kml_document(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    doc = root.find(f"{KML}Document")
    assert doc is not None
    return doc


def assert_same_as_geojson(frame: gpd.GeoDataFrame, fc: dict[str, Any]) -> None:
    features = fc["features"]
    assert [int(i) for i in frame["event_id"]] == [f["id"] for f in features]
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    for (_, row), feature in zip(frame.iterrows(), features, strict=True):
        lon, lat = feature["geometry"]["coordinates"]
        assert (row.geometry.x, row.geometry.y) == pytest.approx((lon, lat), abs=1e-9)
        for name in FEATURE_PROPERTIES:
            expected = feature["properties"][name]
            got = plain(row[name])
            if name == "claims":
                assert json.loads(got) == expected
            elif isinstance(expected, bool):
                assert bool(got) is expected, name
            else:
                assert got == expected, (name, got, expected)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_reads_back_as_the_geojson_export(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"events.{fmt}"
    assert export_gis(store, path, fmt, RUSSIA) == 7
    fc = export_geojson(store, RUSSIA)
    frame = read_back(path, fmt)
    assert len(frame) == len(fc["features"]) == 7
    assert_same_as_geojson(frame, fc)
    assert "uncertainty_km" in frame.columns
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_unfiltered_export_holds_undated_events_and_hostile_text(
    store: Store, tmp_path: Path
) -> None:
    fc = export_geojson(store)
    for fmt in FORMATS:
        path = tmp_path / f"all.{fmt}"
        write_gis(fc, path, fmt)
        frame = read_back(path, fmt)
        assert_same_as_geojson(frame, fc)
        assert frame["date"].isna().sum() == 1  # the undated event stays undated


def _metadata(path: Path, fmt: str) -> dict[str, Any]:
    if fmt == "gpkg":
        info = pyogrio.read_info(path)
        assert json.loads(info["layer_metadata"]["DESCRIPTION"]) == json.loads(
            info["layer_metadata"]["strikemap"]
        )
        return json.loads(info["layer_metadata"]["strikemap"])  # type: ignore[no-any-return]
    if fmt == "parquet":
        meta = pq.read_schema(path).metadata
        assert b"geo" in meta  # a GeoParquet file, not plain Parquet
        return json.loads(meta[b"strikemap"])  # type: ignore[no-any-return]
    description = kml_document(path).findtext(f"{KML}description")
    assert description is not None and "<" not in description  # shown as text, not HTML
    return json.loads(description)  # type: ignore[no-any-return]


@pytest.mark.parametrize("fmt", FORMATS)
def test_metadata_carries_filters_and_attribution(store: Store, tmp_path: Path, fmt: str) -> None:
    flt = EventFilter(actors=("Russia",), target_text='<script>alert(1)</script> & "x"')
    fc = export_geojson(store, flt)
    path = tmp_path / f"meta.{fmt}"
    write_gis(fc, path, fmt)
    meta = _metadata(path, fmt)
    assert meta == fc["strikemap"]
    assert meta["filters"]["target_text"] == '<script>alert(1)</script> & "x"'
    assert "GeoNames" in meta["attribution"] and meta["version"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_zero_events_write_a_valid_empty_file(store: Store, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"empty.{fmt}"
    assert export_gis(store, path, fmt, EventFilter(actors=("Nobody",))) == 0
    frame = read_back(path, fmt)
    assert len(frame) == 0
    assert _metadata(path, fmt)["count"] == 0
    if fmt == "kml":
        assert not list(kml_document(path).iter(f"{KML}Placemark"))
    else:  # the schema is there, with no rows
        assert {"event_id", *FEATURE_PROPERTIES} <= set(frame.columns)
        assert frame.crs is not None and frame.crs.to_epsg() == 4326


def test_hostile_text_survives_kml_as_text(tmp_path: Path) -> None:
    s = open_store(f"sqlite:///{tmp_path / 'h.db'}")
    report = make_report("Jets struck <b>Homs</b> ]]> at night.", "]]><x>")
    report = type(report)(
        **{f: getattr(report, f) for f in report.__slots__} | {"title": HOSTILE_TITLE}
    )
    s.save(
        Extraction(
            report=report,
            events=[make_event(report, "Jets struck <b>Homs</b> ]]>", place="<b>Homs</b> ]]>")],
        )
    )
    path = tmp_path / "h.kml"
    export_gis(s, path, "kml")
    s.dispose()
    ET.parse(path)  # well-formed XML
    (row,) = read_back(path, "kml").itertuples()
    assert row.report_title == HOSTILE_TITLE
    assert row.place == row.Name == "<b>Homs</b> ]]>"  # the label Google Earth shows
    assert row.report_id == "]]><x>"
    assert json.loads(row.claims)[0]["quote"] == "Jets struck <b>Homs</b> ]]>"
    assert "<script>" not in path.read_text()  # escaped, never markup


def test_a_failed_write_leaves_no_half_file_and_keeps_the_old_one(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fc = export_geojson(store)
    target = tmp_path / "events.gpkg"
    target.write_bytes(b"previous export")

    def broken(frame: Any, path: Any, **kwargs: Any) -> None:
        Path(path).write_bytes(b"half a file")
        raise pyogrio.errors.DataSourceError("disk full\nsecond line of detail")

    monkeypatch.setattr(pyogrio, "write_dataframe", broken)
    with pytest.raises(GisExportError) as info:
        write_gis(fc, target, "gpkg")
    assert str(info.value) == "disk full"
    assert target.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.gpkg"]


def test_a_missing_directory_is_one_line(store: Store, tmp_path: Path) -> None:
    with pytest.raises(GisExportError) as info:
        write_gis(export_geojson(store), tmp_path / "nowhere" / "e.parquet", "parquet")
    assert "\n" not in str(info.value)
    assert not (tmp_path / "nowhere").exists()


# --------------------------------------------------------------------------- CLI


@pytest.fixture()
def db(store: Store) -> str:
    return str(store.engine.url)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_export_gis_formats(db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"cli.{fmt}"
    result = CliRunner().invoke(
        main, ["export", "--format", fmt, "-o", str(out), "--actor", "Russia", "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote 7 event(s) to {out}"
    assert sorted(int(i) for i in read_back(out, fmt)["event_id"]) == sorted(
        f["id"] for f in export_geojson(open_store(db), RUSSIA)["features"]
    )


@pytest.mark.parametrize("fmt", ["gpkg", "parquet"])
def test_cli_binary_format_to_stdout_is_one_line_error(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "--format", fmt, "-o", "-", "--db", db])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: --format {fmt} is binary: give a file with -o FILE, not -o -\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["geojson", "csv", *FORMATS])
def test_cli_zero_events_write_valid_empty_files(db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"none.{fmt}"
    args = ["export", "--format", fmt, "-o", str(out), "--actor", "Nobody", "--db", db]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "wrote 0 event(s)" in result.stdout
    if fmt == "geojson":
        assert json.loads(out.read_text())["features"] == []
    elif fmt == "csv":
        assert out.read_text().splitlines()[0].startswith("event_id,")
    else:
        assert len(read_back(out, fmt)) == 0


def test_cli_unwritable_output_is_one_line(db: str, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "e.gpkg"
    result = CliRunner().invoke(main, ["export", "--format", "gpkg", "-o", str(out), "--db", db])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: cannot write {out}: ")
    assert not out.parent.exists()


def test_cli_export_to_stdout(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    geo = runner.invoke(main, ["export", "-o", "-", "--actor", "Russia", "--db", db])
    assert geo.exit_code == 0, geo.output
    assert len(json.loads(geo.stdout)["features"]) == 7  # stdout holds the document alone
    assert geo.stderr.strip() == "wrote 7 event(s) to stdout"
    csv_out = runner.invoke(main, ["export", "--format", "csv", "-o", "-", "--db", db])
    assert csv_out.exit_code == 0 and csv_out.stdout.startswith("event_id,")
    kml = runner.invoke(main, ["export", "--format", "kml", "-o", "-", "--db", db])
    assert kml.exit_code == 0
    assert len(list(ET.fromstring(kml.stdout_bytes).iter(f"{KML}Placemark"))) == 24
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_cli_events_json_is_valid_json_with_null_and_integer_ids(db: str) -> None:
    result = CliRunner().invoke(main, ["events", "--json", "--db", db])
    assert result.exit_code == 0, result.output

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    records = [json.loads(line, parse_constant=refuse) for line in result.stdout.splitlines()]
    assert len(records) == 24
    for record in records:
        assert type(record["id"]) is int
        assert record["incident_id"] is None or type(record["incident_id"]) is int
    assert any(r["anchor_name"] is None and r["distance_km"] is None for r in records)
    assert sum(r["date"] is None for r in records) == 1
    limited = CliRunner().invoke(main, ["events", "--json", "--limit", "2", "--db", db])
    assert len(limited.stdout.splitlines()) == 2


# --------------------------------------------------------------------------- dashboard


def test_dashboard_offers_gis_downloads_of_the_filtered_events(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("STRIKEMAP_DB", str(store.engine.url))
    deferred: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self: MediaFileManager, fn: Any, *args: Any, **kwargs: Any) -> str:
        if kwargs.get("file_name"):
            deferred[kwargs["file_name"]] = fn
        return original(self, fn, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    app = Path(__file__).resolve().parents[1] / "app.py"
    # The first run paints the map alone; the map's report of its view reruns the page.
    at = AppTest.from_file(str(app), default_timeout=60).run().run()
    at.sidebar.multiselect(key="flt_actors").select("Russia").run()
    assert not at.exception
    labels = {b.label for b in at.get("download_button")}
    assert {"Download GeoPackage", "Download KML", "Download GeoParquet"} <= labels
    expected = export_geojson(store, RUSSIA)
    for fmt, name in (
        ("gpkg", "strikemap-events.gpkg"),
        ("kml", "strikemap-events.kml"),
        ("parquet", "strikemap-events.parquet"),
    ):
        path = tmp_path / name
        path.write_bytes(deferred[name]())
        frame = read_back(path, fmt)
        assert [int(i) for i in frame["event_id"]] == [f["id"] for f in expected["features"]]
        assert _metadata(path, fmt)["filters"]["actors"] == ["Russia"]


def test_gis_bytes_match_the_written_file(store: Store, tmp_path: Path) -> None:
    fc = export_geojson(store, RUSSIA)
    data = gis_bytes(fc, "parquet")
    (tmp_path / "b.parquet").write_bytes(data)
    assert len(gpd.read_parquet(tmp_path / "b.parquet")) == 7
