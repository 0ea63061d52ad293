#!/bin/bash
# Runs the client tests against the real binaries: the grpcurl commands of docs/grpcurl.md and
# README.md (through a reflection-only client speaking grpcurl's protocol), the Python, Node
# and Go clients. Installs nothing but the Node client's locked npm dependencies (`npm ci`, as
# a user would); the Debian packages come from scripts/install-deps.sh.
#
# Usage: VNNEWS_BIN_DIR=build/bin tests/clients/run.sh      (default: <repo>/build/bin)
#        VNNEWS_SKIP_GO=1 leaves the Go client out (its first build takes about a minute).
# Prints each suite's output, then a last line "N passed, N failed"; exits 1 on any failure.
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
export VNNEWS_BIN_DIR=$(realpath -m "${VNNEWS_BIN_DIR:-$repo/build/bin}")
python=/usr/bin/python3
logs=$(mktemp -d /tmp/vnnews-client-tests.XXXXXX)
trap 'rm -rf "$logs"' EXIT
passed=0
failed=0
summary=()

# A suite that could not run at all counts as one failure.
broken() {
  echo "!! $1: $2"
  failed=$((failed + 1))
  summary+=("$1: could not run ($2)")
}

# unittest's "Ran N tests" and "FAILED (failures=F, errors=E, skipped=S)".
count_unittest() {
  local name=$1 rc=$2 log=$3 ran f e s
  ran=$(sed -n 's/^Ran \([0-9]*\) tests\?.*/\1/p' "$log" | tail -1)
  f=$(grep -o 'failures=[0-9]*' "$log" | tail -1 | cut -d= -f2)
  e=$(grep -o 'errors=[0-9]*' "$log" | tail -1 | cut -d= -f2)
  s=$(grep -o 'skipped=[0-9]*' "$log" | tail -1 | cut -d= -f2)
  ran=${ran:-0} f=${f:-0} e=${e:-0} s=${s:-0}
  local bad=$((f + e)) good=$((ran - f - e - s))
  ((good < 0)) && good=0
  ((rc != 0 && bad == 0)) && bad=1
  passed=$((passed + good))
  failed=$((failed + bad))
  summary+=("$name: $good passed, $bad failed")
}

# go test -v: "--- PASS: Name", "--- FAIL: Name".
count_gotest() {
  local name=$1 rc=$2 log=$3 p f
  p=$(grep -c '^--- PASS: ' "$log")
  f=$(grep -c '^--- FAIL: ' "$log")
  ((rc != 0 && f == 0)) && f=1
  passed=$((passed + p))
  failed=$((failed + f))
  summary+=("$name: $p passed, $f failed")
}

# node --test's TAP: "# pass N", "# fail N".
count_tap() {
  local name=$1 rc=$2 log=$3 p f
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)
  p=${p:-0} f=${f:-0}
  ((rc != 0 && f == 0)) && f=1
  passed=$((passed + p))
  failed=$((failed + f))
  summary+=("$name: $p passed, $f failed")
}

for tool in protoc grpc_python_plugin; do
  command -v "$tool" >/dev/null || broken "prerequisites" "$tool not found (apt-get install protobuf-compiler protobuf-compiler-grpc)"
done
# docs/grpcurl.md ingests a file with `jq -Rs ... | grpcurl -d @`.
command -v jq >/dev/null || broken "prerequisites" "jq not found (apt-get install jq)"
if ! "$python" -c 'import grpc, google.protobuf' 2>/dev/null; then
  broken "prerequisites" "$python cannot import grpc (apt-get install python3-grpcio python3-protobuf)"
fi
for bin in ingestor query_service; do
  [ -x "$VNNEWS_BIN_DIR/$bin" ] || broken "prerequisites" "$VNNEWS_BIN_DIR/$bin not built (set VNNEWS_BIN_DIR)"
done

if ((failed == 0)); then
  echo "== grpcurl commands of docs/grpcurl.md and README.md (reflection only)"
  "$python" "$repo/tests/clients/grpcurl_test.py" -v 2>&1 | tee "$logs/grpcurl.log"
  count_unittest "grpcurl" "${PIPESTATUS[0]}" "$logs/grpcurl.log"

  echo "== Python client (clients/python)"
  gen=$(mktemp -d /tmp/vnnews-pygen.XXXXXX)
  VNNEWS_PY_GEN_DIR=$gen "$python" "$repo/clients/python/test_client.py" -v 2>&1 |
    tee "$logs/python.log"
  count_unittest "python" "${PIPESTATUS[0]}" "$logs/python.log"
  rm -rf "$gen"

  echo "== Node client (clients/node)"
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    broken "node" "node/npm not found (apt-get install nodejs npm)"
  elif ! (cd "$repo/clients/node" && npm ci --no-audit --no-fund >"$logs/npm.log" 2>&1); then
    cat "$logs/npm.log"
    broken "node" "npm ci failed in clients/node"
  else
    (cd "$repo/clients/node" && node --test --test-reporter=tap test/client.test.js) 2>&1 |
      tee "$logs/node.log"
    count_tap "node" "${PIPESTATUS[0]}" "$logs/node.log"
  fi

  echo "== Go client (clients/go)"
  if [ -n "${VNNEWS_SKIP_GO:-}" ]; then
    summary+=("go: skipped (VNNEWS_SKIP_GO is set)")
  elif ! command -v go >/dev/null || ! command -v protoc-gen-go-grpc >/dev/null; then
    broken "go" "go or protoc-gen-go-grpc not found (apt-get install golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc; or set VNNEWS_SKIP_GO=1)"
  else
    "$repo/clients/go/test.sh" 2>&1 | tee "$logs/go.log"
    count_gotest "go" "${PIPESTATUS[0]}" "$logs/go.log"
  fi
fi

echo
for line in "${summary[@]}"; do echo "  $line"; done
echo "$passed passed, $failed failed"
((failed == 0))
