#!/usr/bin/env bash
# Runs every test of vnnews on a fresh Debian 12 machine: installs what is missing, builds,
# then runs the C++ unit and end-to-end tests (ctest: real RocksDB, real gRPC, the real
# binaries), the client tests (grpcurl's protocol, Python, Node) against the running services,
# and the docker-compose smoke test. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${VNNEWS_BUILD_DIR:-build}
export VNNEWS_BIN_DIR=${VNNEWS_BIN_DIR:-$(pwd)/$BUILD_DIR/bin}

scripts/install-deps.sh || exit 1
scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
failed_suites=()
LOG_DIR=$(mktemp -d)

# Adds the counts of a suite's log to the totals: its "N passed, N failed" line (ours),
# or ctest's "N tests failed out of M".
count() {  # suite-name log exit-code
  local p f line
  line=$(grep -E '^(.*: )?[0-9]+ passed, [0-9]+ failed' "$2" | tail -1)
  if [ -n "$line" ]; then
    p=$(sed -E 's/^(.*: )?([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
    f=$(sed -E 's/^(.*: )?([0-9]+) passed, ([0-9]+) failed.*/\3/' <<<"$line")
  else
    line=$(grep -E 'tests? (passed|failed) out of [0-9]+' "$2" | tail -1)
    if [ -n "$line" ]; then
      local total fails
      total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
      fails=$(sed -E 's/^[^0-9]*([0-9]+)% tests passed, ([0-9]+) tests? failed.*/\2/' <<<"$line")
      [[ "$fails" =~ ^[0-9]+$ ]] || fails=0
      p=$((total - fails)); f=$fails
    else
      p=0; f=1
    fi
  fi
  if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  [ "$f" -eq 0 ] || failed_suites+=("$1")
}

run_suite() {  # name command...
  local name=$1; shift
  echo
  echo "===== $name"
  "$@" 2>&1 | tee "$LOG_DIR/$name.log"
  local rc=${PIPESTATUS[0]}
  count "$name" "$LOG_DIR/$name.log" "$rc"
}

run_suite unit-and-e2e ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 --timeout 600
run_suite clients tests/clients/run.sh
run_suite compose deploy/smoke-test.sh

echo
[ ${#failed_suites[@]} -eq 0 ] || echo "failed suites: ${failed_suites[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
