#!/usr/bin/env bash
# README command (b): install dependencies, build, run unit then integration tests.
# Exits non-zero if anything fails. Needs root (namespaces, mounts, cgroups, bridges).
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$repo/build}
export BUILD_DIR=$build_dir

"$repo/scripts/install-deps.sh" || exit 1
"$repo/scripts/build.sh" || { echo "test.sh: build failed" >&2; exit 1; }

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0
for label in unit root integration; do
  echo "==== ctest -L $label"
  (cd "$build_dir" && ctest -L "$label" --output-on-failure --timeout 600) 2>&1 |
    tee "$logs/$label.log"
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
done

# Then a short run of each fuzz harness over its corpus, plus the saved crash inputs.
echo "==== scripts/fuzz.sh ${FUZZ_SECONDS:-5}"
"$repo/scripts/fuzz.sh" "${FUZZ_SECONDS:-5}" 2>&1 | tee "$logs/fuzz.log"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1

echo "==== summary"
for label in unit root integration; do
  summary=$(grep -E "tests passed|No tests were found" "$logs/$label.log" | tail -1)
  echo "$label: ${summary:-no summary (ctest did not run)}"
  sed -n '/The following tests FAILED/,$p' "$logs/$label.log" | grep -E "^\s+[0-9]+ - " || true
done
echo "fuzz: $(grep -c 'FAILED' "$logs/fuzz.log" || true) failures"
exit $status
