#!/usr/bin/env bash
# Builds everything ONE command on the GPU machine needs into the git-ignored .device-kit/ (under 64 MB):
#   ../shared/device/pack.sh's Node binary, Vulkan/GL loaders and dawn.node, then
#   ours/bench-engines.mjs  npm run bench, bundled (esbuild; `webgpu` stays external and resolves to the kit's copy)
#   ours/paper-run.mjs      the paper's 5000-iteration run on one engine (scripts/gpu-kit/paper-run.ts), bundled
#   ours/parity-check.mjs   the webgpu engine against TF.js and the wasm engine (scripts/gpu-kit/parity-check.ts)
#   ours/pathreg-kernels.wasm and ours/native/*.node   the wasm kernels and the native build when it exists
#   peers/                  ../shared/bench/peers (JAX jit, PyTorch, the paper's own loop)
#   data/                   the paper's trajectory tables, which both our paper run and the peers read
#   run-all.sh, label-peer-lines.mjs
# Then on the GPU machine: source .device-kit/setup-gpu.sh && bash .device-kit/run-all.sh
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
kit=$root/.device-kit
shared=$(cd "$root/../shared" && pwd)
# pack.sh records the kit in .git/info/exclude, which a fresh clone may not have a folder for.
mkdir -p "$(git rev-parse --git-dir)/info"
bash "$shared/device/pack.sh" >/dev/null
mkdir -p "$kit/ours/native"
# Bundled CommonJS dependencies call require(); an ES module bundle has none unless it is made here.
banner="import { createRequire as kitCreateRequire } from 'node:module'; const require = kitCreateRequire(import.meta.url);"
# TF.js stays out of the timing bundles (they never run it); the parity check carries its cpu backend inside.
bundle() {
  npx esbuild "$1" --bundle --platform=node --format=esm --target=node20 --external:webgpu \
    --external:@tensorflow/tfjs-backend-wasm --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu \
    --log-level=warning "--banner:js=$banner" --outfile="$2" "${@:3}"
}
bundle scripts/bench-engines.ts "$kit/ours/bench-engines.mjs" '--external:@tensorflow/*'
bundle scripts/gpu-kit/paper-run.ts "$kit/ours/paper-run.mjs" '--external:@tensorflow/*'
bundle scripts/gpu-kit/parity-check.ts "$kit/ours/parity-check.mjs"
cp src-main/engine/wasm/pathreg-kernels.wasm "$kit/ours/"
native=src-main/engine/kernels/build/native/build/Release
for f in pathreg_native.node pathreg_native_baseline.node; do
  if [ -f "$native/$f" ]; then cp "$native/$f" "$kit/ours/native/"; fi
done
rm -rf "$kit/peers" "$kit/data"
cp -r "$shared/bench/peers" "$kit/peers"
mkdir -p "$kit/data/pathreg-hematopoiesis"
cp -r "$shared/data/pathreg-hematopoiesis/trajectories" "$kit/data/pathreg-hematopoiesis/"
cp scripts/gpu-kit/run-all.sh scripts/gpu-kit/label-peer-lines.mjs "$kit/"
du -sh "$kit"
