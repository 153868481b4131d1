"""Place labels and area outlines for a visible box, from the gazetteer files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Polygon

from strikemap.gazetteer._store import write_index
from strikemap.gazetteer.reference import (
    labels_in_box,
    load_area_outlines,
    load_reference_points,
    outlines_in_box,
)
from strikemap.model import Place

WIDE = (30.0, 30.0, 40.0, 40.0)


def _place(pid: str, name: str, lat: float, lon: float, pop: int, kind: str = "town") -> Place:
    return Place(pid, name, kind=kind, country="SY", lat=lat, lon=lon, population=pop)  # type: ignore[arg-type]


def _index(tmp_path: Path, places: list[Place], name: str = "index.sqlite", **kw: object) -> Path:
    path = tmp_path / name
    write_index(path, places, {"kind": "test"}, **kw)  # type: ignore[arg-type]
    return path


def test_large_places_are_labelled_before_small_ones(tmp_path: Path) -> None:
    files = [
        _index(
            tmp_path,
            [
                _place("c", "Bigcity", 35.0, 36.0, 2_000_000, "city"),
                _place("t", "Midtown", 34.0, 37.0, 50_000),
                _place("v", "Smallvillage", 33.0, 38.0, 0, "village"),
                _place("a", "Someprovince", 33.5, 38.5, 900_000, "admin1"),
            ],
        )
    ]
    points = load_reference_points(files)
    names_at = {z: {lb.name for lb in labels_in_box(points, WIDE, z)} for z in (4, 8, 10)}
    assert names_at[4] == {"Bigcity"}
    assert names_at[8] == {"Bigcity", "Midtown"}
    assert names_at[10] == {"Bigcity", "Midtown", "Smallvillage"}
    # Areas are outlined, never labelled as if they were a town.
    assert "Someprovince" not in names_at[10]


def test_labels_never_overlap_and_the_largest_wins(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    places = [
        _place(f"p{i}", f"Place{i}", 35 + rng.random() * 0.2, 36 + rng.random() * 0.2, i * 10)
        for i in range(300)
    ]
    points = load_reference_points([_index(tmp_path, places)])
    labels = labels_in_box(points, (34.9, 35.9, 35.3, 36.3), 10)
    assert 3 < len(labels) < 300
    assert labels[0].name == "Place299"
    scale = 256 * 2**10
    boxes = []
    for lb in labels:
        x = (lb.lon + 180) / 360 * scale
        s = np.sin(np.radians(lb.lat))
        y = (0.5 - np.log((1 + s) / (1 - s)) / (4 * np.pi)) * scale
        boxes.append(shapely.box(x, y - 6, x + 6 * len(lb.name), y + 6))
    for i, a in enumerate(boxes):
        assert not any(a.intersects(b) for b in boxes[i + 1 :])


def test_a_place_in_a_later_layer_replaces_the_default_one(tmp_path: Path) -> None:
    default = _index(tmp_path, [_place("gn:1", "Old Name", 35.0, 36.0, 500_000)])
    (tmp_path / "layers").mkdir()
    layer = _index(tmp_path, [_place("gn:1", "New Name", 35.0, 36.0, 500_000)], "layers/ua.sqlite")
    points = load_reference_points([default, layer])
    assert [lb.name for lb in labels_in_box(points, WIDE, 10)] == ["New Name"]


def test_labels_are_the_same_on_every_run(tmp_path: Path) -> None:
    places = [_place(f"p{i}", f"Twin{i}", 35.0, 36.0 + i * 1e-4, 1000) for i in range(20)]
    points = load_reference_points([_index(tmp_path, places)])
    runs = {tuple(labels_in_box(points, WIDE, 11)) for _ in range(3)}
    assert len(runs) == 1


def test_imported_areas_are_outlined_by_zoom_and_box(tmp_path: Path) -> None:
    district = Polygon([(36, 35), (37, 35), (37, 36), (36, 36)])
    far = Polygon([(10, 10), (11, 10), (11, 11), (10, 11)])
    places = [
        _place("d1", "Near District", 35.5, 36.5, 0, "admin2"),
        _place("d2", "Far District", 10.5, 10.5, 0, "admin2"),
    ]
    path = _index(tmp_path, places, geometries={"d1": district.wkb, "d2": far.wkb})
    outlines = load_area_outlines([path])
    assert outlines_in_box(outlines, WIDE, 5)["features"] == []  # districts wait for zoom 7
    found = outlines_in_box(outlines, WIDE, 8)["features"]
    assert [f["properties"]["name"] for f in found] == ["Near District"]
    assert found[0]["geometry"]["type"] == "Polygon"


def test_a_gazetteer_without_polygons_outlines_nothing(tmp_path: Path) -> None:
    outlines = load_area_outlines([_index(tmp_path, [_place("t", "Town", 35.0, 36.0, 10)])])
    assert outlines_in_box(outlines, WIDE, 12) == {"type": "FeatureCollection", "features": []}


def test_an_index_without_name_arrays_is_labelled_from_its_table(tmp_path: Path) -> None:
    from strikemap.gazetteer._store import _write_arrays, keys_path, open_arrays

    path = _index(tmp_path, [_place("c", "Ḥamāh", 35.13, 36.75, 900_000, "city")])
    arrays = open_arrays(keys_path(path))
    kept = {k: np.array(v) for k, v in arrays.a.items() if not k.startswith("pl_name")}
    header = {k: v for k, v in arrays.header.items() if k != "arrays"}
    _write_arrays(keys_path(path), kept, header)
    points = load_reference_points([path])
    assert [lb.name for lb in labels_in_box(points, WIDE, 8)] == ["Ḥamāh"]
