#!/usr/bin/env bash
# The checks before the tests (npm test, CI): typecheck, lint, format and the kernels' reproducibility, in two lanes.
# Each is one single-threaded process and the dev and CI machines have 2 cores, so typecheck (the longest) runs
# beside the other three instead of before them (docs/benchmarks.md "CI time"). Every check runs to the end; each
# one's output is printed once it is done, and the script fails if any failed, naming which.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# One check: its output to a log, then its exit status and seconds to a .rc file.
check() {
  local name=$1
  local start=$SECONDS
  npm run --silent "$name" >"$logs/$name.log" 2>&1
  echo "$? $((SECONDS - start))" >"$logs/$name.rc"
}

check typecheck &
(check lint; check format:check; check check:kernels) &
wait

failed=()
for name in typecheck lint format:check check:kernels; do
  read -r rc seconds <"$logs/$name.rc"
  echo "── npm run $name: $([ "$rc" = 0 ] && echo passed || echo "FAILED (exit $rc)") in ${seconds} s"
  cat "$logs/$name.log"
  [ "$rc" = 0 ] || failed+=("$name")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "Static checks failed: ${failed[*]} (the output of each is above)." >&2
  exit 1
fi
