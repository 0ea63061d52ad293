#!/usr/bin/env bash
# Smoke test of deploy/: builds the image, brings the compose stack up, waits for health, queries
# it from the host over the published port as a user would, ingests one more article into the
# running stack, restarts the services and checks that nothing was lost, then tears everything
# down (also on failure or Ctrl-C). Prints one line per check and `N passed, N failed`.
#
#   deploy/smoke-test.sh
#
# Environment:
#   VNNEWS_BIN_DIR        the host's build of the programs (default: <repo>/build/bin): its
#                         vnnews-query and vnnews-ingest talk to the stack from the host (without
#                         them, the queries run inside the query container, the host ingest is skipped)
#   VNNEWS_SMOKE_IMAGE    source (default): build the image with deploy/Dockerfile, compiling in
#                         the build stage, as a user does; host: put the binaries of
#                         VNNEWS_BIN_DIR into the runtime stage of deploy/Dockerfile instead (same
#                         runtime libraries, no second compile: for CI, which has just built them)
#   VNNEWS_QUERY_PORT     host port to publish the query service on (default: a free one)
#   VNNEWS_SMOKE_TIMEOUT  seconds to wait for each health / freshness condition (default: 180)
#   VNNEWS_SMOKE_KEEP=1   leave the stack up at the end (for debugging; `down -v` it yourself)
#
# The engine: a Docker engine if `docker info` answers (or DOCKER_HOST is set), with `docker
# compose` (v2) or else `docker-compose` (v1); otherwise ../shared/tools/compose-sandbox next to
# the repository (podman behind the Docker API, docker-compose v1), started here if needed.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COMPOSE_FILE=$REPO/deploy/docker-compose.yml
PROJECT=vnnews-smoke-$$
TIMEOUT=${VNNEWS_SMOKE_TIMEOUT:-180}
BIN_DIR=${VNNEWS_BIN_DIR:-$REPO/build/bin}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

PASSED=0
FAILED=0
SKIPPED=0
pass() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1${2:+: $2}"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "skip - $1${2:+: $2}"; }
note() { echo "# $*"; }
summary() {
  if [ "$SKIPPED" -gt 0 ]; then echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
  else echo "$PASSED passed, $FAILED failed"; fi
}

# ---- the engine ------------------------------------------------------------------------------
SANDBOX=$REPO/../shared/tools/compose-sandbox
SANDBOX_STARTED=0
if [ -z "${DOCKER_HOST:-}" ] && ! docker info >/dev/null 2>&1 && [ -x "$SANDBOX" ]; then
  if ! command -v podman >/dev/null || ! command -v docker-compose >/dev/null \
     || ! podman image exists docker.io/library/debian:bookworm 2>/dev/null; then
    note "compose-sandbox setup (once per machine)"
    "$SANDBOX" setup || { fail "compose-sandbox setup"; summary; exit 1; }
  fi
  out=$("$SANDBOX" start) || { fail "compose-sandbox start" "$out"; summary; exit 1; }
  [ "$out" = "compose-sandbox: started" ] && SANDBOX_STARTED=1
  eval "$("$SANDBOX" env)"
  note "engine: compose-sandbox (podman, docker-compose v1)"
fi
if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null; then
  COMPOSE=(docker-compose)
else
  fail "find docker compose or docker-compose"; summary; exit 1
fi
note "compose: ${COMPOSE[*]} ($("${COMPOSE[@]}" version --short 2>/dev/null || echo '?'))"

# A free port on the host's loopback for the query service, unless one is given.
free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
[ -n "${VNNEWS_QUERY_PORT:-}" ] || VNNEWS_QUERY_PORT=$(free_port)
export VNNEWS_QUERY_PORT
# Writes need this token: the stack gets it from the environment, as a user's would.
export VNNEWS_INGEST_TOKEN=smoke-$$-$RANDOM
QUERY_TARGET=127.0.0.1:$VNNEWS_QUERY_PORT

IMAGE_MODE=${VNNEWS_SMOKE_IMAGE:-source}
COMPOSE_FILES=(-f "$COMPOSE_FILE")
compose() { "${COMPOSE[@]}" -p "$PROJECT" "${COMPOSE_FILES[@]}" "$@"; }

WORK=$(mktemp -d)
TORN_DOWN=0
teardown() {
  [ "$TORN_DOWN" = 1 ] && return
  TORN_DOWN=1
  if [ "${VNNEWS_SMOKE_KEEP:-0}" = 1 ]; then
    note "kept: ${COMPOSE[*]} -p $PROJECT -f $COMPOSE_FILE down -v"
  else
    compose down -v --remove-orphans --timeout 20 >"$WORK/down.log" 2>&1 || cat "$WORK/down.log"
  fi
}
stop_sandbox() {
  if [ "$SANDBOX_STARTED" = 1 ]; then "$SANDBOX" stop >/dev/null; SANDBOX_STARTED=0; fi
}
on_exit() {
  local rc=$?
  if [ "$TORN_DOWN" = 0 ]; then
    teardown
    [ "$rc" = 0 ] && rc=1
    summary
  fi
  stop_sandbox
  rm -rf "$WORK"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

dump_logs() { compose logs --no-color --tail=25 2>&1 | sed 's/^/#   /'; }

# healthy SERVICE: waits until the service's container reports (healthy), bounded by TIMEOUT.
healthy() {
  local deadline=$((SECONDS + TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if compose ps "$1" 2>/dev/null | grep -q '(healthy)'; then return 0; fi
    sleep 1
  done
  compose ps "$1" 2>&1 | sed 's/^/#   /'
  return 1
}

# ---- queries ------------------------------------------------------------------------------
HOST_QUERY=0
if [ -x "$BIN_DIR/vnnews-query" ]; then
  HOST_QUERY=1
  note "queries: $BIN_DIR/vnnews-query from the host against $QUERY_TARGET"
else
  note "queries: no $BIN_DIR/vnnews-query on the host (set VNNEWS_BIN_DIR); running it inside the query container"
fi

# vq ARGS...: vnnews-query against the published port (or inside the container), JSON on stdout.
vq() {
  if [ "$HOST_QUERY" = 1 ]; then
    "$BIN_DIR/vnnews-query" --target="$QUERY_TARGET" "$@"
  else
    compose exec -T query vnnews-query --target=127.0.0.1:50052 "$@"
  fi
}

# File names (basenames of source_uri) of the articles in a vnnews-query JSON answer, sorted,
# one line, space separated.
names() {
  "$PY" -c '
import json, os, sys
found = []
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k in ("sourceUri", "source_uri") and isinstance(v, str):
                found.append(os.path.basename(v))
            else:
                walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(json.load(sys.stdin))
print(" ".join(sorted(found)))'
}

# expect NAME "EXPECTED FILES" QUERY ARGS...: one check; retries (bounded) while the answer
# differs, since a query service catching up after a write or a restart is not a failure yet.
expect() {
  local name=$1 want=$2; shift 2
  local got="" out deadline=$((SECONDS + ${EXPECT_WAIT:-0}))
  while :; do
    if out=$(vq "$@" 2>"$WORK/err"); then
      got=$(printf '%s' "$out" | names 2>"$WORK/err") || got="<not JSON: $(head -c 200 <<<"$out")>"
    else
      got="<error: $(head -c 300 "$WORK/err")>"
    fi
    [ "$got" = "$want" ] && { pass "$name"; return 0; }
    [ "$SECONDS" -ge "$deadline" ] && break
    sleep 1
  done
  fail "$name" "want [$want], got [$got]"
  return 1
}

S0=000_c3244db55ca1ddb1.txt
S3=003_74f52d3c09a29191.txt
S4=004_c82e87f4fc8404aa.txt
EXTRA=smoke-extra.txt
EXTRA2=smoke-extra-2.txt

# The three typed queries of the seeds (answers from ../shared/eval/seeds.queries.json), plus the
# extra articles once they are in (1: the one ingested with exec, 2: and the one from the host).
seed_queries() {
  local tag=$1 extra=${2:-0}
  expect "$tag: by person Phạm Bình Minh" "$S0 $S4" person "Phạm Bình Minh"
  expect "$tag: by date 2020-06-01" "$S0" date 2020-06-01 2020-06-01
  expect "$tag: by topic maritime_sovereignty" "$S3" topic maritime_sovereignty
  if [ "$extra" -ge 1 ]; then
    expect "$tag: the extra article by person" "$EXTRA" person "Đào Hồng Lan"
    expect "$tag: the extra article by date" "$EXTRA" date 2021-03-15 2021-03-15
  fi
  if [ "$extra" -ge 2 ]; then
    expect "$tag: the host-ingested article by person" "$EXTRA2" person "Trần Văn Thuấn"
  fi
}

# ---- the run --------------------------------------------------------------------------------
note "project $PROJECT, query port $VNNEWS_QUERY_PORT"

# host mode: a build context of the host's binaries, the dictionaries and the seeds, with the
# runtime stage of deploy/Dockerfile (taken from it, so both stay one definition), and an
# override file pointing the services' build there.
host_image_context() {
  local ctx=$WORK/image-context p
  mkdir -p "$ctx/bin"
  for p in ingestor query_service vnnews-ingest vnnews-query; do
    [ -x "$BIN_DIR/$p" ] || { echo "no $BIN_DIR/$p"; return 1; }
    strip --strip-unneeded -o "$ctx/bin/$p" "$BIN_DIR/$p" || return 1
  done
  cp -r "$REPO/lexicon" "$REPO/seeds" "$ctx/"
  sed -n '/^FROM debian:bookworm AS runtime/,$p' "$REPO/deploy/Dockerfile" \
    | sed 's|^COPY --from=build /out/ |COPY bin/ |' >"$ctx/Dockerfile"
  grep -q '^COPY bin/ ' "$ctx/Dockerfile" || { echo "no runtime stage found in deploy/Dockerfile"; return 1; }
  cat >"$WORK/docker-compose.host-image.yml" <<EOF_OVERRIDE
version: "2.4"
services:
  ingestor:
    build: {context: "$ctx", dockerfile: Dockerfile}
  query:
    build: {context: "$ctx", dockerfile: Dockerfile}
EOF_OVERRIDE
}
case "$IMAGE_MODE" in
  source) export VNNEWS_IMAGE_TAG=${VNNEWS_IMAGE_TAG:-local} ;;
  host)
    export VNNEWS_IMAGE_TAG=${VNNEWS_IMAGE_TAG:-host-build}
    if ! host_image_context >"$WORK/context.log" 2>&1; then
      fail "image context from $BIN_DIR" "$(cat "$WORK/context.log")"; exit 1
    fi
    COMPOSE_FILES+=(-f "$WORK/docker-compose.host-image.yml") ;;
  *) fail "VNNEWS_SMOKE_IMAGE is source or host" "got $IMAGE_MODE"; exit 1 ;;
esac
note "image: vnnews:$VNNEWS_IMAGE_TAG built from the $IMAGE_MODE"

t0=$SECONDS
if compose build >"$WORK/build.log" 2>&1; then
  pass "images build ($((SECONDS - t0)) s)"
else
  tail -40 "$WORK/build.log" | sed 's/^/#   /'
  fail "images build"
  exit 1
fi

t0=$SECONDS
if compose up -d >"$WORK/up.log" 2>&1; then
  pass "stack comes up"
else
  sed 's/^/#   /' "$WORK/up.log"; dump_logs
  fail "stack comes up"
  exit 1
fi
if healthy ingestor && healthy query; then
  pass "both services healthy ($((SECONDS - t0)) s after up)"
else
  dump_logs
  fail "both services healthy" "not within ${TIMEOUT} s"
  exit 1
fi

# The ingestor's port is not published; only the query port is.
if compose port ingestor 50051 2>/dev/null | grep -q ':[0-9]'; then
  fail "ingestor port not published" "$(compose port ingestor 50051)"
else
  pass "ingestor port not published"
fi

EXPECT_WAIT=0 seed_queries "seeds"

# One more article, ingested into the running stack the way docs/deploy.md tells a user to: the
# files piped into the ingestor's container (no bind mount: works with a remote engine too).
mkdir -p "$WORK/in"
cat >"$WORK/in/$EXTRA" <<'EOF_ARTICLE'
Hà Nội khánh thành trung tâm xét nghiệm mới

Sáng ngày 15/3/2021, tại Hà Nội, Giám đốc Sở Y tế Đào Hồng Lan đã dự lễ khánh thành trung tâm xét nghiệm của thành phố. Trung tâm có công suất 5.000 mẫu mỗi ngày, phục vụ công tác khám chữa bệnh cho người dân.

Bà Đào Hồng Lan cho biết thành phố sẽ tiếp tục đầu tư trang thiết bị y tế cho các bệnh viện tuyến quận, huyện trong năm 2021.
EOF_ARTICLE

if compose exec -T ingestor env -u VNNEWS_INGEST_TOKEN \
     vnnews-ingest --target=127.0.0.1:50051 "/usr/share/vnnews/seeds/$S0" >"$WORK/notoken.log" 2>&1; then
  fail "an ingest without the token is refused" "it succeeded"
else
  pass "an ingest without the token is refused"
fi
if tar -C "$WORK/in" -c . | compose exec -T ingestor sh -c \
     'rm -rf /tmp/in && mkdir /tmp/in && tar -C /tmp/in -x && vnnews-ingest --target=127.0.0.1:50051 /tmp/in' \
     >"$WORK/ingest.log" 2>&1 && grep -q "$EXTRA" "$WORK/ingest.log"; then
  pass "vnnews-ingest into the running stack (compose exec)"
else
  sed 's/^/#   /' "$WORK/ingest.log"
  fail "vnnews-ingest into the running stack (compose exec)"
fi
EXPECT_WAIT=30 seed_queries "after ingest" 1
EXTRAS=1

# The override that publishes the ingestor's port, and the host's vnnews-ingest through it.
COMPOSE_FILES+=(-f "$REPO/deploy/docker-compose.ingest-port.yml")
if [ -x "$BIN_DIR/vnnews-ingest" ]; then
  export VNNEWS_INGEST_PORT
  VNNEWS_INGEST_PORT=$(free_port)
  if compose up -d >"$WORK/up.log" 2>&1 && healthy ingestor && healthy query; then
    pass "ingest-port override applied, healthy"
  else
    sed 's/^/#   /' "$WORK/up.log"; dump_logs; fail "ingest-port override applied, healthy"
  fi
  mkdir -p "$WORK/in2"
  sed -e 's/Đào Hồng Lan/Trần Văn Thuấn/g' -e 's/15\/3\/2021/22\/4\/2021/' -e 's/Hà Nội/Đà Nẵng/g' \
    "$WORK/in/$EXTRA" >"$WORK/in2/$EXTRA2"
  if "$BIN_DIR/vnnews-ingest" --target="127.0.0.1:$VNNEWS_INGEST_PORT" "$WORK/in2/$EXTRA2" \
       >"$WORK/ingest2.log" 2>&1; then
    pass "host vnnews-ingest through the published ingestor port"
  else
    sed 's/^/#   /' "$WORK/ingest2.log"
    fail "host vnnews-ingest through the published ingestor port"
  fi
  EXPECT_WAIT=30 expect "after host ingest: by person" "$EXTRA2" person "Trần Văn Thuấn"
  EXTRAS=2
else
  skip "host vnnews-ingest through the published ingestor port" "no $BIN_DIR/vnnews-ingest"
fi

# Restarts lose nothing: the ingestor (the writer), then the query service, then the whole
# stack down and up again on the same volume.
if compose restart ingestor >"$WORK/restart.log" 2>&1 && healthy ingestor; then
  pass "ingestor restarted and healthy"
else
  dump_logs; fail "ingestor restarted and healthy"
fi
EXPECT_WAIT=30 seed_queries "after ingestor restart" "$EXTRAS"

if compose restart query >"$WORK/restart.log" 2>&1 && healthy query; then
  pass "query service restarted and healthy"
else
  dump_logs; fail "query service restarted and healthy"
fi
EXPECT_WAIT=30 seed_queries "after query restart" "$EXTRAS"

if compose down --timeout 20 >"$WORK/down.log" 2>&1 && compose up -d >"$WORK/up.log" 2>&1 \
   && healthy ingestor && healthy query; then
  pass "down (volume kept) and up again, healthy"
else
  sed 's/^/#   /' "$WORK/down.log" "$WORK/up.log"; dump_logs
  fail "down (volume kept) and up again, healthy"
fi
EXPECT_WAIT=30 seed_queries "after down and up" "$EXTRAS"

if [ "$FAILED" -gt 0 ]; then dump_logs; fi

# ---- teardown, and nothing left behind --------------------------------------------------------
teardown
if [ "${VNNEWS_SMOKE_KEEP:-0}" != 1 ]; then
  left=$(compose ps -q 2>&1)
  for cli in docker podman; do
    if command -v "$cli" >/dev/null && "$cli" info >/dev/null 2>&1; then
      left+=$("$cli" ps -a -q --filter "label=com.docker.compose.project=$PROJECT"; \
              "$cli" volume ls -q --filter "label=com.docker.compose.project=$PROJECT")
      break
    fi
  done
  if [ -z "$left" ]; then pass "no container or volume left"; else fail "no container or volume left" "$left"; fi
fi
note "took $SECONDS s"

summary
[ "$FAILED" = 0 ]
