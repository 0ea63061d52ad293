#!/bin/sh
# Generates the Go code of proto/vnnews/v1 (package vnnewsv1, import path vnnews/gen/vnnews/v1
# as the files' go_package says) into OUT_DIR/vnnews/gen/vnnews/v1, with protoc-gen-go and
# protoc-gen-go-grpc (Debian: protoc-gen-go, protoc-gen-go-grpc). OUT_DIR is a GOPATH's src/
# directory: by default clients/go/gen/src (so that GOPATH=clients/go/gen), never checked in.
# Usage: clients/go/generate.sh [OUT_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$here/gen/src}
for plugin in protoc-gen-go protoc-gen-go-grpc; do
  command -v "$plugin" >/dev/null || {
    echo "generate.sh: $plugin not found (Debian: apt-get install $plugin)" >&2
    exit 1
  }
done
mkdir -p "$out"
protoc -I "$repo/proto" --go_out="$out" --go-grpc_out="$out" "$repo"/proto/vnnews/v1/*.proto
