#!/usr/bin/env bash
# On the GPU machine, after `source .device-kit/setup-gpu.sh`: our engines and the peers on the same machine, one
# after the other (run together, they would take each other's CPU and GPU time), one JSON line per (engine, workload)
# on stdout; what the machine is goes to stderr.
#   bench  npm run bench: webgpu, wasm, native (1 and 2 threads) at workloads S and L
#   peers  ../shared/bench/peers/run-peers.sh (JAX jit and PyTorch at S and L, the paper's own loop), labelled
#   paper  the paper's 5000-iteration run on webgpu and on native, held-out MSE of donors 21, 36, 11, 24
#   check  the webgpu engine's parity with TF.js (gradients within 1e-3, workload S included) and with wasm (training)
# Usage: bash .device-kit/run-all.sh [all|check|bench|peers|paper] [PEER_SECONDS=10] [ITERATIONS=5000]
set -u
kit=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
part=${1:-all}
seconds=${2:-10}
iterations=${3:-5000}
export PATHREG_DATA=$kit/data/pathreg-hematopoiesis/trajectories
# Dawn warns on every start without it.
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
{ nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi'; nproc; } | sed 's/^/# machine: /' >&2
if [ "$part" = all ] || [ "$part" = check ]; then
  node "$kit/ours/parity-check.mjs" --data "$PATHREG_DATA"
fi
if [ "$part" = all ] || [ "$part" = bench ]; then
  node "$kit/ours/bench-engines.mjs" --engines webgpu,wasm,native --workloads S,L --iterations 20 --warmup 3 --profile
fi
if [ "$part" = all ] || [ "$part" = peers ]; then
  (cd "$kit/peers" && bash run-peers.sh "$seconds") | node "$kit/label-peer-lines.mjs"
fi
if [ "$part" = all ] || [ "$part" = paper ]; then
  for engine in webgpu native; do
    node "$kit/ours/paper-run.mjs" --data "$PATHREG_DATA" --engine "$engine" --iterations "$iterations"
  done
fi
