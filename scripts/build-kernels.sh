#!/usr/bin/env bash
# Builds src-main/engine/wasm/pathreg-kernels.wasm from the C kernels with Debian's clang and lld.
# Reproducible: fixed flags, sorted sources, no debug info, no paths or timestamps in the output.
# -mbulk-memory: struct and block copies become memory.copy (there is no libc memcpy to call).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-src-main/engine/wasm/pathreg-kernels.wasm}"
command -v clang >/dev/null || { echo "build-kernels: clang is not installed (Debian: apt-get install clang lld)" >&2; exit 1; }
command -v wasm-ld >/dev/null || { echo "build-kernels: wasm-ld is not installed (Debian: apt-get install lld)" >&2; exit 1; }
mapfile -t sources < <(LC_ALL=C ls src-main/engine/kernels/*.c)
mkdir -p "$(dirname "$out")"
clang --target=wasm32 -O3 -msimd128 -mbulk-memory -ffreestanding -nostdlib -fno-math-errno -std=c11 \
  -Wall -Wextra -Werror -Wno-unused-parameter \
  -Wl,--no-entry -Wl,--export-dynamic -Wl,--strip-all -Wl,--initial-memory=1048576 \
  -o "$out" "${sources[@]}"
echo "build-kernels: wrote $out ($(wc -c <"$out") bytes)"
