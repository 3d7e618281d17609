#!/usr/bin/env bash
# Builds the native addon from the same C kernels with node-gyp (shipped inside npm) into the git-ignored
# src-main/engine/kernels/build/native/build/Release/. Optional: without it the native engine reports itself
# unavailable with the reason and the wasm engine takes over.
set -euo pipefail
cd "$(dirname "$0")/.."
stage=src-main/engine/kernels/build/native
mkdir -p "$stage"
cp src-main/engine/native/binding.gyp "$stage/binding.gyp"
npm_root=$(dirname "$(command -v npm)")/../lib/node_modules/npm
gyp="$npm_root/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$gyp" ] || gyp=$(command -v node-gyp || true)
[ -n "$gyp" ] && [ -e "$gyp" ] || { echo "build-native: node-gyp not found (it ships inside npm: $npm_root/node_modules/node-gyp)" >&2; exit 1; }
# Node's headers: where this node was installed (Debian: /usr/include/node), else node-gyp downloads them.
nodedir_arg=()
prefix=$(dirname "$(dirname "$(command -v node)")")
if [ -f "$prefix/include/node/node_api.h" ]; then nodedir_arg=(--nodedir="$prefix"); fi
cd "$stage"
node "$gyp" rebuild "${nodedir_arg[@]}" --release -- -Dkernels_dir=../.. -Dnative_dir=../../../native >build.log 2>&1 || {
  tail -30 build.log >&2; echo "build-native: node-gyp failed (full log: $stage/build.log)" >&2; exit 1; }
ls -l build/Release/*.node
