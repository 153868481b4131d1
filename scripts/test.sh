#!/usr/bin/env bash
# One command: set everything up (test tools, Chromium, PostGIS) and run the whole suite:
# lint, type check, unit tests, then the slower browser and server tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
# Each test runs with its own temporary STRIKEMAP_HOME (tests/conftest.py) and the
# gazetteer built by setup, so the user's own store is never touched.
.venv/bin/ruff check src tests benchmarks scripts app.py
.venv/bin/mypy
.venv/bin/python -m pytest -q -m "not browser and not server and not slow" "$@"
# Exit code 5 means "no test selected" (e.g. -k narrowed it away): not a failure here.
.venv/bin/python -m pytest -q -m "browser or server or slow" "$@" || [ $? = 5 ]
