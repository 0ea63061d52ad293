#!/usr/bin/env bash
# The main job, on a fresh Debian 12 machine: installs what is missing, builds, starts the
# ingestor and the query service on ./data, ingests seeds/, and prints real answers to a
# by-person, a by-date and a by-topic question. The services keep running afterwards;
# `scripts/run.sh stop` stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${VNNEWS_BUILD_DIR:-build}/bin
DATA=${VNNEWS_DATA:-$ROOT/data}
INGEST_ADDR=127.0.0.1:${VNNEWS_INGEST_PORT:-50051}
QUERY_ADDR=127.0.0.1:${VNNEWS_QUERY_PORT:-50052}

stop() {
  for name in query_service ingestor; do
    pidfile="$DATA/$name.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      kill -TERM "$(cat "$pidfile")"
      for _ in $(seq 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
      echo "stopped $name"
    fi
    rm -f "$pidfile"
  done
}

wait_healthy() {  # binary addr logfile
  for _ in $(seq 100); do
    if "$BIN/$1" --health_probe="$2" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "run: $1 did not become healthy on $2; its log:" >&2
  tail -20 "$3" >&2
  exit 1
}

if [ "${1:-}" = "stop" ]; then
  stop
  exit 0
fi

scripts/install-deps.sh
scripts/build.sh

stop
mkdir -p "$DATA"
echo "== starting the ingestor on $INGEST_ADDR (database $DATA/db, seeds from seeds/)"
"$BIN/ingestor" --db_path="$DATA/db" --listen="$INGEST_ADDR" --seed_dir="$ROOT/seeds" \
  --lexicon_dir="$ROOT/lexicon" >"$DATA/ingestor.log" 2>&1 &
echo $! >"$DATA/ingestor.pid"
wait_healthy ingestor "$INGEST_ADDR" "$DATA/ingestor.log"

echo "== starting the query service on $QUERY_ADDR (secondary of $DATA/db)"
"$BIN/query_service" --db_path="$DATA/db" --secondary_path="$DATA/secondary" \
  --listen="$QUERY_ADDR" --lexicon_dir="$ROOT/lexicon" >"$DATA/query_service.log" 2>&1 &
echo $! >"$DATA/query_service.pid"
wait_healthy query_service "$QUERY_ADDR" "$DATA/query_service.log"

echo "== ingesting seeds/ over gRPC (again: the ingestor took them at start, so nothing changes)"
"$BIN/vnnews-ingest" --target="$INGEST_ADDR" seeds/

echo
echo "== Which articles name Phạm Bình Minh? (typed without diacritics: pham binh minh)"
"$BIN/vnnews-query" --target="$QUERY_ADDR" person "pham binh minh"
echo
echo "== Which articles report an event between 2023-09-01 and 2023-09-30?"
"$BIN/vnnews-query" --target="$QUERY_ADDR" date 2023-09-01 2023-09-30
echo
echo "== Which articles are about the East Sea and sovereignty at sea (maritime_sovereignty)?"
"$BIN/vnnews-query" --target="$QUERY_ADDR" topic maritime_sovereignty
echo
echo "The services are still running: ingestor on $INGEST_ADDR, query service on $QUERY_ADDR,"
echo "data in $DATA, logs in $DATA/*.log. Stop them with: scripts/run.sh stop"
