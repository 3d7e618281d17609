#!/usr/bin/env bash
# Rebuilds the WebAssembly kernels into a scratch file and fails if a byte differs from the committed .wasm,
# so the committed build is exactly what its C sources and build script produce. Skips (exit 0) without clang,
# unless REQUIRE_CLANG=1 (CI installs clang and lld and sets it, so there a missing compiler is a failure).
set -euo pipefail
cd "$(dirname "$0")/.."
committed=src-main/engine/wasm/pathreg-kernels.wasm
if ! command -v clang >/dev/null || ! command -v wasm-ld >/dev/null; then
  if [ "${REQUIRE_CLANG:-0}" = 1 ]; then echo "check-kernels: clang/wasm-ld missing but REQUIRE_CLANG=1" >&2; exit 1; fi
  echo "check-kernels: skipped, clang and wasm-ld are not installed (apt-get install clang lld to check)"
  exit 0
fi
scratch=src-main/engine/kernels/build
mkdir -p "$scratch"
scripts/build-kernels.sh "$scratch/pathreg-kernels.wasm" >/dev/null
if ! cmp -s "$scratch/pathreg-kernels.wasm" "$committed"; then
  echo "check-kernels: $committed differs from a fresh build of src-main/engine/kernels/*.c ($(wc -c <"$committed") vs $(wc -c <"$scratch/pathreg-kernels.wasm") bytes)." >&2
  echo "check-kernels: run npm run build:kernels and commit the .wasm with its sources." >&2
  exit 1
fi
echo "check-kernels: $committed is byte-for-byte the build of its sources"
