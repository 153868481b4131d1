#!/usr/bin/env bash
# Install the dashboard's offline map assets (Leaflet, plugins, outline base layer) in a
# source checkout: `strikemap assets install` with this repository's .venv.
#
# npm packages go to build/npm (gitignored); the files the map needs are copied to
# static/vendor and simplified outlines written to static/outlines (gitignored), which
# Streamlit serves at /app/static/... Idempotent: a second run with everything in place
# does nothing but check. Usage: scripts/install_map_assets.sh [--force]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"

mkdir -p "$ROOT/build" "$ROOT/static"
# Keep generated files out of git even before the root .gitignore lists them.
[ -f "$ROOT/build/.gitignore" ] || printf '*\n' > "$ROOT/build/.gitignore"
[ -f "$ROOT/static/.gitignore" ] || printf '*\n' > "$ROOT/static/.gitignore"

exec "$PY" -m strikemap.cli assets install "$@"
