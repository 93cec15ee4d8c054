#!/usr/bin/env bash
# Configures (once) and builds Mercato with Ninja and ccache into build/cmake.
#   scripts/build.sh [extra cmake -D options...]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${MERCATO_BUILD_DIR:-$repo/build/cmake}

if [[ ! -f $build/build.ninja || $# -gt 0 ]]; then
  cmake -S "$repo" -B "$build" -G Ninja -DMERCATO_WERROR=ON "$@"
fi
cmake --build "$build" -j "$(nproc)"
