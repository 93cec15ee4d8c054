#!/usr/bin/env bash
# Creates (once) the Python virtual environment the test suites use, in build/venv, installs the
# test requirements and the `mercato` package (bindings/python) into it, and prints its path.
# Requirements are reinstalled only when a requirements file changed, the package only when its
# sources, the SDK's or the contract's changed.
#
# The package links an installed SDK when CMake finds one: CMAKE_PREFIX_PATH if set, else
# build/install when it holds one (cmake --install build/cmake --prefix build/install); without
# one it compiles the SDK itself. Its CMake build stays in build/python/ so rebuilds are incremental.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=$repo/build/venv
binding=$repo/bindings/python
requirements=("$repo/tests/python/requirements.txt")

# The build backend and pybind11, pinned once in pyproject.toml: the package is built without
# build isolation so that its CMake cache (which records their paths) survives between builds.
build_requirements=$(python3 -c '
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    print("\n".join(tomllib.load(f)["build-system"]["requires"]))' "$binding/pyproject.toml")

stamp=$({ cat "${requirements[@]}"; echo "$build_requirements"; } | sha256sum | cut -c1-16)
if [[ ! -f $venv/.stamp-$stamp ]]; then
  python3 -m venv "$venv"
  mapfile -t build_requirement_list <<<"$build_requirements"
  "$venv/bin/pip" install -q --disable-pip-version-check "${requirements[@]/#/-r}" "${build_requirement_list[@]}" >&2
  rm -f "$venv"/.stamp-* "$venv"/.binding-*
  touch "$venv/.stamp-$stamp"
fi

if [[ -z ${CMAKE_PREFIX_PATH:-} && -f $repo/build/install/lib/cmake/mercato/mercatoConfig.cmake ]]; then
  export CMAKE_PREFIX_PATH=$repo/build/install
fi
binding_stamp=$(
  cd "$repo"
  {
    find bindings/python sdk proto cmake CMakeLists.txt -type f ! -path '*/__pycache__/*' -print0 | sort -z |
      xargs -0 sha256sum
    echo "CMAKE_PREFIX_PATH=${CMAKE_PREFIX_PATH:-}"
  } | sha256sum | cut -c1-16
)
if [[ ! -f $venv/.binding-$binding_stamp ]]; then
  CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} "$venv/bin/pip" install -q --disable-pip-version-check \
    --no-build-isolation --config-settings=build-dir="$repo/build/python/{wheel_tag}" "$binding" >&2
  rm -f "$venv"/.binding-*
  touch "$venv/.binding-$binding_stamp"
fi
echo "$venv"
