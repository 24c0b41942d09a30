#!/usr/bin/env bash
# Configures and builds mydocker into build/ (or $BUILD_DIR). Extra args go to the build,
# e.g. `scripts/build.sh --target mydockerd`.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$repo/build}
build_type=${BUILD_TYPE:-RelWithDebInfo}
jobs=${JOBS:-$(nproc)}

cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
cmake --build "$build_dir" -j"$jobs" "$@"
echo "build: binaries in $build_dir/bin"
