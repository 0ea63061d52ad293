#!/bin/sh
# Generates the Python stubs of proto/vnnews/v1 into clients/python/gen/ (never checked in),
# with Debian's protoc and grpc_python_plugin (packages protobuf-compiler, protobuf-compiler-grpc).
# Usage: clients/python/generate.sh [OUT_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$here/gen}
plugin=${GRPC_PYTHON_PLUGIN:-$(command -v grpc_python_plugin || true)}
if [ -z "$plugin" ]; then
  echo "generate.sh: grpc_python_plugin not found (Debian: apt-get install protobuf-compiler-grpc)" >&2
  exit 1
fi
mkdir -p "$out"
protoc -I "$repo/proto" \
  --python_out="$out" \
  --grpc_out="$out" --plugin=protoc-gen-grpc="$plugin" \
  "$repo"/proto/vnnews/v1/*.proto
