#!/bin/bash
# Builds the Go client in a temporary GOPATH (Debian's Go packages under /usr/share/gocode, the
# stubs generated from proto/) and runs its end-to-end test against the binaries in
# $VNNEWS_BIN_DIR (default <repo>/build/bin). Needs golang-go, golang-google-grpc-dev,
# golang-google-protobuf-dev, protoc-gen-go, protoc-gen-go-grpc.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export VNNEWS_BIN_DIR=$(realpath -m "${VNNEWS_BIN_DIR:-$repo/build/bin}")
export VNNEWS_REPO=$repo
gopath=$(mktemp -d /tmp/vnnews-gopath.XXXXXX)
trap 'rm -rf "$gopath"' EXIT
"$here/generate.sh" "$gopath/src"
mkdir -p "$gopath/src/vnnewsclient/example"
cp "$here"/*.go "$gopath/src/vnnewsclient/"
cp "$here"/example/*.go "$gopath/src/vnnewsclient/example/"
cd "$gopath/src/vnnewsclient"
export GOPATH=$gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= GOPROXY=off
# The build cache outlives the run (in the repo's ignored .cache/): later runs take seconds.
export GOCACHE=${GOCACHE:-$repo/.cache/go-build}
go vet . ./example
go build -o "$gopath/example" ./example
go test -count=1 -v . "$@"
