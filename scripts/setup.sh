#!/usr/bin/env bash
# README command (a): install dependencies, build, install binaries to /usr/local/bin,
# start mydockerd in the background (unless running) and run a first container.
# Idempotent: re-running restarts the daemon only if its binary changed.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$repo/build}
prefix=${PREFIX:-/usr/local}
sock=/var/run/mydocker.sock
pidfile=/var/run/mydocker.pid
log=/var/log/mydockerd.log
export BUILD_DIR=$build_dir

step() { echo "==> $*"; }

daemon_pid() {
  local pid
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [[ -n $pid && -d /proc/$pid ]] && tr "\0" " " <"/proc/$pid/cmdline" | grep -q mydockerd && echo "$pid"
}

install_binaries() {
  local changed=1 b
  for b in mydockerd mydocker mydocker-shim; do
    if [[ ! -x $build_dir/bin/$b ]]; then
      echo "    $b not built yet, skipped"
      continue
    fi
    if ! cmp -s "$build_dir/bin/$b" "$prefix/bin/$b"; then
      # Copy then rename: a running daemon keeps its old inode.
      install -m 0755 "$build_dir/bin/$b" "$prefix/bin/.$b.new"
      mv -f "$prefix/bin/.$b.new" "$prefix/bin/$b"
      changed=0
    fi
  done
  return $changed
}

stop_daemon() {
  local pid=$1
  kill -TERM "$pid"
  for _ in $(seq 100); do [[ -d /proc/$pid ]] || return 0; sleep 0.1; done
  echo "mydockerd ($pid) did not stop within 10s" >&2
  return 1
}

start_daemon() {
  [[ -x $prefix/bin/mydockerd ]] || { echo "mydockerd not built; cannot start it" >&2; exit 1; }
  setsid "$prefix/bin/mydockerd" --log-level info </dev/null >>"$log" 2>&1 &
  for _ in $(seq 200); do
    curl -sf --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "mydockerd did not come up; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
}

api() { curl -s --unix-socket "$sock" -o /dev/null -w '%{http_code}' "$@"; }

# Imports the busybox test image (deterministic rootfs tar) if the daemon can.
ensure_busybox() {
  [[ $(api http://localhost/images/busybox:latest/json) == 200 ]] && return 0
  local tar
  tar=$(mktemp --suffix=.tar)
  python3 "$repo/test/fixtures/rootfs.py" "$tar" >/dev/null
  local code
  code=$(api -X POST -H 'Content-Type: application/x-tar' --data-binary "@$tar" \
    "http://localhost/images/create?fromSrc=-&repo=busybox&tag=latest&changes=ENV%20PATH%3D%2Fusr%2Flocal%2Fsbin%3A%2Fusr%2Flocal%2Fbin%3A%2Fusr%2Fsbin%3A%2Fusr%2Fbin%3A%2Fsbin%3A%2Fbin&changes=CMD%20%5B%22sh%22%5D")
  rm -f "$tar"
  [[ $code == 200 ]]
}

first_container() {
  local cli=$prefix/bin/mydocker
  if [[ -x $cli ]] && ensure_busybox &&
    "$cli" run --rm busybox echo hello from mydocker; then
    return 0
  fi
  echo "    (the first container did not run: showing the daemon version instead)"
  if [[ -x $cli ]] && "$cli" version; then return 0; fi
  curl -s --unix-socket "$sock" http://localhost/version && echo
}

[[ $(id -u) -eq 0 ]] || { echo "setup.sh: run as root" >&2; exit 1; }
step "installing dependencies"
"$repo/scripts/install-deps.sh"
step "building"
"$repo/scripts/build.sh" >/dev/null
step "installing binaries to $prefix/bin"
binaries_changed=1
install_binaries && binaries_changed=0
if pid=$(daemon_pid); then
  if [[ $binaries_changed == 0 ]]; then
    step "restarting mydockerd ($pid) on the new binary"
    stop_daemon "$pid"
    start_daemon
  else
    step "mydockerd already running (pid $pid)"
  fi
else
  step "starting mydockerd (log: $log)"
  start_daemon
fi
step "first container"
first_container
