#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS server for the tests, on 127.0.0.1 only.
#   bash scripts/pg_server.sh start   # initialise (once) and start; prints the SQLAlchemy URL
#   bash scripts/pg_server.sh stop
# initdb refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail
PGDIR=${STRIKEMAP_PG_DIR:-/tmp/strikemap-pg}
PORT=${STRIKEMAP_PG_PORT:-54329}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$BIN" ] || { echo "PostgreSQL is not installed (bash scripts/setup.sh --dev installs it)" >&2; exit 1; }

run() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "${1:-start}" in
  start)
    if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
      mkdir -p "$PGDIR"
      [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
      run "'$BIN/initdb' -D '$PGDIR/data' -U postgres --auth=trust -E UTF8 >'$PGDIR/initdb.log'"
    fi
    if ! run "'$BIN/pg_ctl' -D '$PGDIR/data' status" >/dev/null 2>&1; then
      run "'$BIN/pg_ctl' -D '$PGDIR/data' -l '$PGDIR/server.log' -w -o \"-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null
    fi
    echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    run "'$BIN/pg_ctl' -D '$PGDIR/data' -m fast stop" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
