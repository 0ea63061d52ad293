#!/usr/bin/env bash
# Configures and builds everything (services, CLIs, tests, benchmarks) into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${VNNEWS_BUILD_DIR:-build}
JOBS=${VNNEWS_JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=${VNNEWS_BUILD_TYPE:-Release} >/dev/null
cmake --build "$BUILD_DIR" -j"$JOBS"
