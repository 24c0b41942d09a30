#!/usr/bin/env bash
# Builds the libFuzzer harnesses of test/fuzz (clang, ASan + UBSan, -DMYDOCKER_FUZZ=ON) in their
# own build dir and runs each one for SECONDS (default 5) over its checked-in seed corpus, then
# replays every saved crash input of test/fuzz/regressions/<harness>/ (each must pass now).
#   scripts/fuzz.sh [SECONDS] [HARNESS...]     e.g. scripts/fuzz.sh 1800 manifest
# New inputs found during a run go to a temp dir (the checked-in corpus stays small); a crash
# leaves its input in $FUZZ_ARTIFACTS (default build-fuzz/artifacts) and fails the script.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${FUZZ_BUILD_DIR:-$repo/build-fuzz}
artifacts=${FUZZ_ARTIFACTS:-$build_dir/artifacts}
seconds=${1:-5}
shift || true
harnesses=("$@")
((${#harnesses[@]})) || harnesses=(image_config manifest reference filters extract_tar create_body)

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ missing (scripts/install-deps.sh installs clang, libclang-rt-14-dev)" >&2
  exit 1
fi
cmake -S "$repo" -B "$build_dir" -DMYDOCKER_FUZZ=ON -DMYDOCKER_BUILD_TESTS=OFF \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
targets=()
for h in "${harnesses[@]}"; do targets+=(--target "fuzz_$h"); done
cmake --build "$build_dir" -j"${JOBS:-2}" "${targets[@]}" || { echo "fuzz.sh: build failed" >&2; exit 1; }

mkdir -p "$artifacts"
status=0
for h in "${harnesses[@]}"; do
  bin=$build_dir/bin/fuzz_$h
  found=$(mktemp -d)
  echo "==== fuzz_$h: ${seconds}s"
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$h-" "$found" \
    "$repo/test/fuzz/corpus/$h" >"$found.log" 2>&1
  rc=$?
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' "$found.log"
  if ((rc != 0)); then
    tail -40 "$found.log"
    echo "fuzz.sh: fuzz_$h FAILED (crash input in $artifacts)"
    status=1
  fi
  rm -f "$found.log"
  rm -rf "$found"
  regressions=("$repo/test/fuzz/regressions/$h"/*)
  if [[ -e ${regressions[0]} ]]; then
    echo "==== fuzz_$h: ${#regressions[@]} regression inputs"
    "$bin" "${regressions[@]}" >/dev/null 2>&1 || { echo "fuzz.sh: fuzz_$h regression FAILED"; status=1; }
  fi
done
exit $status
