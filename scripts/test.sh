#!/usr/bin/env bash
# One command: set everything up (test tools, Chromium, PostGIS) and run the whole suite:
# lint, type check, unit tests, then the slower browser and server tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
export STRIKEMAP_HOME="${STRIKEMAP_TEST_HOME:-$PWD/build/test-home}"
# The tests use the gazetteer built by setup, not a second copy.
export STRIKEMAP_GAZETTEER="${STRIKEMAP_GAZETTEER:-$HOME/.local/share/strikemap/gazetteer}"
.venv/bin/ruff check src tests benchmarks app.py
.venv/bin/mypy
.venv/bin/python -m pytest -q -m "not browser and not server and not slow" "$@"
# Exit code 5 means "no test selected" (e.g. -k narrowed it away): not a failure here.
.venv/bin/python -m pytest -q -m "browser or server or slow" "$@" || [ $? = 5 ]
