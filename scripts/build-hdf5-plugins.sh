#!/usr/bin/env bash
# Builds src-main/data/hdf5/hdf5-plugins/liblzf_filter.so: the LZF decompression filter as a WebAssembly side module
# that h5wasm's HDF5 loads from its plugin search path (h5wasm-loader.ts adds that folder). Debian's clang and lld;
# reproducible (fixed flags, no debug info, no paths or timestamps in the output), so the committed file can be checked.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=src-main/data/hdf5/hdf5-plugins
out="${1:-$dir/liblzf_filter.so}"
command -v clang >/dev/null || { echo "build-hdf5-plugins: clang is not installed (Debian: apt-get install clang lld)" >&2; exit 1; }
command -v wasm-ld >/dev/null || { echo "build-hdf5-plugins: wasm-ld is not installed (Debian: apt-get install lld)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The emscripten triple makes -fPIC produce the relocations Emscripten's dynamic loader (dlopen) applies.
clang --target=wasm32-unknown-emscripten -O2 -fPIC -ffreestanding -nostdlib -std=c11 -Wall -Wextra -Werror \
  -c "$dir/lzf-filter.c" -o "$tmp/lzf-filter.o"
wasm-ld --experimental-pic -shared --strip-all -o "$out" "$tmp/lzf-filter.o"
echo "build-hdf5-plugins: wrote $out ($(wc -c <"$out") bytes)"
