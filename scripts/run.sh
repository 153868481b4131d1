#!/usr/bin/env bash
# One command: set everything up, load the demo reports, start the dashboard on
# http://localhost:8501 with the default store (~/.local/share/strikemap/strikemap.db).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/strikemap demo
exec .venv/bin/strikemap app --port "${PORT:-8501}" "$@"
