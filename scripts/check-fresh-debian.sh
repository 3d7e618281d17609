#!/usr/bin/env bash
# Proves README's two commands pass on a fresh Debian 12 machine with nothing installed first: the install-and-run
# line (npm ci && npx pathreg fit …, on the bare machine) and the test command (`bash .ci/run`).
#
#   scripts/check-fresh-debian.sh [REPO]        (default: this checkout; as root; npm run check:fresh-debian)
#
# 1. A bare Debian 12 (bookworm) root filesystem from debootstrap --variant=minbase and deb.debian.org, the same
#    mirrors as this machine's /etc/apt/sources.list.d/debian.sources (cached as a tarball under /var/tmp, so a
#    rerun unpacks it in seconds instead of bootstrapping again; every run starts from a new copy).
# 2. Node 20 and npm copied in as files (this machine's `dpkg -L nodejs` list and its npm folder: npm was upgraded
#    to 11 over the package's 10), not registered with dpkg and without the package's dependencies python3 and
#    ca-certificates: a user's node, nothing else from this machine. No other npm
#    config is copied (the clone brings the project's committed .npmrc, as a user's clone does), and the
#    environment is empty.
# 3. A clean `git clone` of REPO's committed HEAD (made from this side, so the chroot does not get git from us) at
#    /src/<name>, with ../shared beside it (REPO's ../shared, else /work/shared, bind-mounted read-only).
#    /proc, /sys, /dev, /dev/pts, /dev/shm (chromium) and /run (munge, Slurm) are mounted, resolv.conf copied, and
#    `CI=true bash .ci/run` runs inside with an empty environment. Everything is unmounted on exit, even on failure.
# The last line is `check-fresh-debian: PASS ...` or `check-fresh-debian: FAIL ...`; the exit status is .ci/run's.
# Where this machine's npm needs a cafile to reach the registry (a TLS proxy), that bundle and an npmrc naming it
# are the only configuration copied in.
# Knobs: FRESH_DEBIAN_CACHE (default /var/tmp/pathreg-fresh-debian), FRESH_DEBIAN_SHARED (the ../shared to mount),
# FRESH_DEBIAN_KEEP=1 keeps the root filesystem after a pass (it is always kept after a failure, to look inside).
set -euo pipefail

log() { printf '[fresh-debian %s] %s\n' "$(date -u +%T)" "$*"; }
fail() { log "ERROR: $*"; echo "check-fresh-debian: FAIL ($*)"; exit 2; }
[ "$(id -u)" = 0 ] || fail "must run as root (debootstrap, chroot and mount need it)"

REPO=$(cd "${1:-$(dirname "$0")/..}" && pwd) || fail "no repository at ${1:-}"
git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || fail "$REPO is not a git checkout"
NAME=$(basename "$(git -C "$REPO" rev-parse --show-toplevel)")
HEAD_SHA=$(git -C "$REPO" rev-parse HEAD)
if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]; then
  log "note: $REPO has uncommitted changes; only the committed HEAD ${HEAD_SHA:0:12} is checked"
fi
SHARED=${FRESH_DEBIAN_SHARED:-}
if [ -z "$SHARED" ]; then
  if [ -d "$REPO/../shared" ]; then SHARED=$(cd "$REPO/../shared" && pwd); else SHARED=/work/shared; fi
fi
[ -d "$SHARED" ] || fail "no shared folder at $SHARED (set FRESH_DEBIAN_SHARED)"

CACHE=${FRESH_DEBIAN_CACHE:-/var/tmp/pathreg-fresh-debian}
MIRROR=http://deb.debian.org/debian
ARCH=$(dpkg --print-architecture)
BASE_TAR=$CACHE/bookworm-minbase-$ARCH.tar
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
ROOT=$CACHE/root-$STAMP
LOG=$CACHE/logs/ci-run-$STAMP-${HEAD_SHA:0:12}.log
mkdir -p "$CACHE/logs"

# ---------------------------------------------------------------- base root filesystem (cached)
if [ ! -s "$BASE_TAR" ]; then
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap on this machine (the only package this check installs here)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
  fi
  rm -rf "$CACHE/base.tmp"
  log "debootstrap --variant=minbase bookworm from $MIRROR (a few minutes, once)"
  debootstrap --variant=minbase --arch="$ARCH" bookworm "$CACHE/base.tmp" "$MIRROR" >"$CACHE/logs/debootstrap-$STAMP.log" 2>&1 ||
    { tail -20 "$CACHE/logs/debootstrap-$STAMP.log"; fail "debootstrap failed (log: $CACHE/logs/debootstrap-$STAMP.log)"; }
  # The same mirror configuration as this machine: deb.debian.org bookworm, bookworm-updates, bookworm-security.
  rm -f "$CACHE/base.tmp/etc/apt/sources.list"
  cat >"$CACHE/base.tmp/etc/apt/sources.list.d/debian.sources" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  rm -rf "$CACHE/base.tmp/var/cache/apt/archives/"*.deb "$CACHE/base.tmp/var/lib/apt/lists/"*_* 2>/dev/null || true
  tar --numeric-owner -C "$CACHE/base.tmp" -cf "$BASE_TAR.tmp" . && mv "$BASE_TAR.tmp" "$BASE_TAR"
  rm -rf "$CACHE/base.tmp"
fi

# ---------------------------------------------------------------- cleanup, armed before the first mount
cleanup() {
  local status=$?
  set +e
  # Processes left inside this root (Slurm daemons, munged, a browser) hold the mounts: end them by pid.
  if [ -d "$ROOT" ]; then
    local pids=() p root
    for p in /proc/[0-9]*; do
      root=$(readlink "$p/root" 2>/dev/null) || continue
      case "$root" in "$ROOT" | "$ROOT"/*) pids+=("${p#/proc/}") ;; esac
    done
    if [ ${#pids[@]} -gt 0 ]; then
      log "ending processes still running inside the root: ${pids[*]}"
      kill -TERM "${pids[@]}" 2>/dev/null; sleep 3; kill -KILL "${pids[@]}" 2>/dev/null
    fi
  fi
  # Everything mounted under the root, deepest first: ours, the cgroup mounts under /sys, and whatever the tests
  # mounted inside and left (atomic-write mounts a tmpfs).
  local m
  for m in $(awk -v r="$ROOT/" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
  done
  if [ -d "$ROOT" ] && grep -q " $ROOT" /proc/mounts; then
    log "something is still mounted under $ROOT: left in place, not deleted"
  elif [ -d "$ROOT" ] && [ "$status" = 0 ] && [ "${FRESH_DEBIAN_KEEP:-0}" != 1 ]; then
    rm -rf "$ROOT"
  elif [ -d "$ROOT" ]; then
    log "root filesystem kept for inspection: $ROOT (remove it with rm -rf once nothing is mounted there)"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Earlier passing runs are deleted by their own cleanup; earlier failed ones are left for inspection, so only the
# ones with nothing mounted inside are removed here.
for old in "$CACHE"/root-*; do
  [ -d "$old" ] && ! grep -q " $old" /proc/mounts && rm -rf "$old"
done

log "unpacking a fresh copy of $BASE_TAR into $ROOT"
mkdir -p "$ROOT"
tar --numeric-owner -C "$ROOT" -xf "$BASE_TAR"
PKG_COUNT_BASE=$(chroot "$ROOT" dpkg-query -W -f='${db:Status-Abbrev}\n' | grep -c '^ii')

# ---------------------------------------------------------------- node and npm, as files
command -v node >/dev/null && dpkg-query -W nodejs >/dev/null 2>&1 || fail "this machine's node is not Debian's nodejs package"
NODE_PKG=$(dpkg-query -W -f='${Package} ${Version}' nodejs)
# node, its headers and corepack: the package's files and links (directories come with them). npm is the whole
# /usr/lib/node_modules/npm folder as it is here, because npm was upgraded over the package's own (npm install -g
# npm leaves dpkg's list naming the old version's files), plus the npm and npx links.
dpkg -L nodejs | while IFS= read -r f; do
  case "$f" in /usr/lib/node_modules/npm | /usr/lib/node_modules/npm/*) continue ;; esac
  [ -f "$f" ] || [ -L "$f" ] && printf '%s\n' "${f#/}"
done >"$CACHE/nodejs-files.txt"
tar -C / --no-recursion -cf - -T "$CACHE/nodejs-files.txt" | tar --numeric-owner -C "$ROOT" -xf -
tar -C / -cf - usr/lib/node_modules/npm usr/bin/npm usr/bin/npx | tar --numeric-owner -C "$ROOT" -xf -
NODE_VERSION=$(chroot "$ROOT" /usr/bin/node --version)
NPM_VERSION=$(chroot "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root /usr/bin/npm --version)
log "node $NODE_VERSION (this machine's $NODE_PKG, $(wc -l <"$CACHE/nodejs-files.txt") files) and npm $NPM_VERSION copied in"

# ---------------------------------------------------------------- network, checkout, shared
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
# This machine reaches the npm registry through a TLS proxy whose CA only its own bundle holds (its global npm
# config names that bundle as cafile). Only then is the bundle copied in, to a path apt does not manage, with a global
# npmrc naming it and nothing else; a user's machine talking to the registry directly needs neither.
HOST_CAFILE=$(cd / && env -u npm_config_cafile npm config get cafile 2>/dev/null || true)
if [ -n "$HOST_CAFILE" ] && [ "$HOST_CAFILE" != null ] && [ "$HOST_CAFILE" != undefined ] && [ -f "$HOST_CAFILE" ]; then
  mkdir -p "$ROOT/etc/fresh-debian-check" "$ROOT/usr/etc"
  cp -L "$HOST_CAFILE" "$ROOT/etc/fresh-debian-check/registry-ca.crt"
  printf 'cafile=/etc/fresh-debian-check/registry-ca.crt\n' >"$ROOT/usr/etc/npmrc"
  log "npm registry: this machine's cafile $HOST_CAFILE copied in, named by /usr/etc/npmrc (the only npm config)"
fi
mkdir -p "$ROOT/src/$NAME" "$ROOT/src/shared"
git clone -q --no-checkout "$REPO" "$ROOT/src/$NAME"
git -C "$ROOT/src/$NAME" checkout -q -B "fresh-debian-check" "$HEAD_SHA"
log "cloned $REPO at ${HEAD_SHA:0:12} into /src/$NAME; $SHARED mounted read-only at /src/shared"

mnt() { # mnt TARGET mount-arguments... (cleanup finds every mount under the root in /proc/mounts)
  local target=$1
  shift
  mkdir -p "$target"
  mount "$@" "$target"
}
mnt "$ROOT/src/shared" --bind "$SHARED"
mount -o remount,bind,ro "$ROOT/src/shared"
mnt "$ROOT/proc" -t proc proc
# Recursive: slurmd will not start without the cgroup filesystems under /sys/fs/cgroup, which every booted Debian
# has. Slave propagation, so that unmounting here never reaches this machine's own /sys.
mnt "$ROOT/sys" --rbind /sys
mount --make-rslave "$ROOT/sys"
mnt "$ROOT/dev" --bind /dev
mnt "$ROOT/dev/pts" --bind /dev/pts
# Fresh tmpfs for /dev/shm (chromium's shared memory) and /run (munge's socket, pid files): nothing from here.
mnt "$ROOT/dev/shm" -t tmpfs -o mode=1777,nosuid,nodev shm
mnt "$ROOT/run" -t tmpfs -o mode=0755,nosuid,nodev run
mkdir -p "$ROOT/run/lock" && chmod 1777 "$ROOT/run/lock"

# The chroot shares this machine's network: a Slurm already listening here (another checkout's tests) keeps the one
# inside from binding its ports, and the sweep tests then skip (they say so in the log and the summary below).
if command -v ss >/dev/null && ss -ltn 2>/dev/null | grep -qE ':(6817|6818)\b'; then
  log "warning: Slurm's ports 6817/6818 are already in use on this machine: the Slurm inside cannot start and the"
  log "Slurm sweep tests will skip; stop the other Slurm first for a full check"
fi

# ---------------------------------------------------------------- README's first command, on the bare machine
# Before .ci/run installs anything: the user's install-and-run line, taken from README's "Two commands" block so the
# check follows the README. Only node and npm are there (no chromium, clang, python3, poppler).
FIRST_COMMAND=$(awk '/^## Two commands on a fresh machine/ {inside = 1} inside && /^npm ci && / {print; exit}' "$REPO/README.md")
[ -n "$FIRST_COMMAND" ] || fail "README.md has no 'npm ci && ...' line under '## Two commands on a fresh machine'"
FIRST_LOG=${LOG%.log}-first-command.log
log "README's first command on the bare machine: $FIRST_COMMAND (log: $FIRST_LOG)"
set +e
chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  /bin/bash -c "cd /src/$NAME && $FIRST_COMMAND && test -s runs/example/edges.csv && test -s runs/example/metrics.json" \
  </dev/null >"$FIRST_LOG" 2>&1
FIRST_STATUS=$?
set -e
grep -aE '^(done in|network:|estimate:)' "$FIRST_LOG" || true
if [ "$FIRST_STATUS" != 0 ]; then
  tail -30 "$FIRST_LOG"
  echo "check-fresh-debian: FAIL (README's first command exited $FIRST_STATUS on a fresh Debian 12, commit ${HEAD_SHA:0:12}; log: $FIRST_LOG)"
  exit "$FIRST_STATUS"
fi
log "README's first command passed: runs/example/edges.csv and metrics.json written"

# ---------------------------------------------------------------- README's test command
log "running CI=true bash .ci/run in the chroot (log: $LOG)"
log "load before: $(uptime)"
START=$(date +%s)
set +e
chroot "$ROOT" /usr/bin/env -i HOME=/root CI=true TERM=dumb \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  /bin/bash -c "cd /src/$NAME && bash .ci/run" </dev/null >"$LOG" 2>&1
STATUS=$?
set -e
SECONDS_TAKEN=$(($(date +%s) - START))
DURATION=$(printf '%dm%02ds' $((SECONDS_TAKEN / 60)) $((SECONDS_TAKEN % 60)))
PKG_COUNT_AFTER=$(chroot "$ROOT" dpkg-query -W -f='${db:Status-Abbrev}\n' | grep -c '^ii')
log "load after: $(uptime)"
echo "---- summary lines from $LOG"
grep -aE '^ *(Test Files|Tests|Duration) ' "$LOG" | sed 's/\x1b\[[0-9;]*m//g' || true
grep -aE 'check-kernels:|build-native|\[slurm-ci .*(ready|ERROR)|Address already in use|Slurm could not|Slurm sweep tests skipped|skip and say why|^added [0-9]+ packages' "$LOG" |
  sed 's/\x1b\[[0-9;]*m//g' | head -20 || true
echo "---- packages: $PKG_COUNT_BASE in the bare root (plus node/npm as files), $PKG_COUNT_AFTER after .ci/run; apt runs:"
grep -h '^Commandline:' "$ROOT/var/log/apt/history.log" 2>/dev/null || echo "(none)"
if [ "$STATUS" != 0 ]; then
  echo "---- last 40 lines of $LOG"
  tail -40 "$LOG" | sed 's/\x1b\[[0-9;]*m//g'
  echo "check-fresh-debian: FAIL (.ci/run exited $STATUS after $DURATION on a fresh Debian 12, commit ${HEAD_SHA:0:12}; log: $LOG)"
else
  echo "check-fresh-debian: PASS (.ci/run exited 0 after $DURATION on a fresh Debian 12, commit ${HEAD_SHA:0:12}; log: $LOG)"
fi
exit "$STATUS"
