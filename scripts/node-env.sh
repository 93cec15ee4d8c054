#!/usr/bin/env bash
# Installs the Node packages of the repository: bindings/node (npm ci, whose install step builds
# the addon with cmake-js, linking the SDK that this script installs from build/cmake into
# build/install, or building the SDK from source when there is no CMake build yet), then
# examples/node and bench/node. Skips everything when none of its inputs changed since the last
# run (a stamp in bindings/node/build). Prints nothing but errors.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Runs a command with its output kept aside, shown only when it fails.
quietly() {
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "node-env.sh: failed: $*" >&2
    exit 1
  fi
}

if [[ -f build/cmake/build.ninja ]]; then
  quietly cmake --install build/cmake --prefix build/install --component sdk
  export CMAKE_PREFIX_PATH=$repo/build/install${CMAKE_PREFIX_PATH:+:$CMAKE_PREFIX_PATH}
fi

packages=(bindings/node examples/node bench/node)
stamp=$(
  {
    node --version
    find bindings/node sdk proto cmake CMakeLists.txt \
      \( -name node_modules -o -path bindings/node/build \) -prune -o -type f -print | sort | xargs sha256sum
    for package in "${packages[@]}"; do sha256sum "$package/package.json" "$package/package-lock.json"; done
    if [[ -d build/install/lib ]]; then find build/install/lib -name '*.a' -exec stat -c '%n %s %Y' {} +; fi
  } | sha256sum | cut -c1-16
)
marker=bindings/node/build/.node-env-$stamp
installed=true
for package in "${packages[@]}"; do [[ -d $package/node_modules ]] || installed=false; done
if [[ $installed == true && -f $marker && -f bindings/node/build/Release/mercato_native.node ]]; then
  exit 0
fi

export CMAKE_BUILD_PARALLEL_LEVEL=2
quietly npm ci --prefix bindings/node --no-audit --no-fund
# The examples and the benchmark link bindings/node (file:), which is built above.
quietly npm ci --prefix examples/node --ignore-scripts --no-audit --no-fund
quietly npm ci --prefix bench/node --ignore-scripts --no-audit --no-fund
rm -f bindings/node/build/.node-env-*
touch "$marker"
