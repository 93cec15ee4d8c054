#!/usr/bin/env bash
# Installs the SDK component into a temporary prefix, checks the CMake package and the pkg-config
# file there, then builds and runs a consumer twice, each on the compiler's default C++ standard:
# with find_package(mercato), and with nothing but `pkg-config --cflags --libs mercato`.
#   install_test.sh <build-dir> <consumer-source-dir>
set -euo pipefail
build=$1
consumer=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" --component sdk >/dev/null
for f in lib/cmake/mercato/mercatoConfig.cmake lib/cmake/mercato/mercatoConfigVersion.cmake \
         lib/cmake/mercato/mercatoTargets.cmake lib/pkgconfig/mercato.pc lib/libmercato.a \
         lib/libmercato_proto.a include/mercato/client.h include/mercato/v1/catalog.pb.h; do
  [[ -f $prefix/$f ]] || { echo "missing from the installed tree: $f" >&2; exit 1; }
done
if ls "$prefix"/include/mercato/v1/*_mock.grpc.pb.h >/dev/null 2>&1; then
  echo "test-only mock stubs were installed" >&2
  exit 1
fi

flags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs mercato)
[[ $flags == *"-I$prefix/lib/pkgconfig/../../include"* || $flags == *"-I$prefix/include"* ]] ||
  { echo "pkg-config does not point into the prefix: $flags" >&2; exit 1; }
[[ $flags == *-lmercato* && $flags == *-lgrpc++* ]] || { echo "pkg-config libs incomplete: $flags" >&2; exit 1; }
[[ $(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags mercato) == *-std=c++20* ]] ||
  { echo "pkg-config cflags do not ask for C++20 (the headers need it): $flags" >&2; exit 1; }

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$consumer" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" "${launcher[@]}" >/dev/null
cmake --build "$work/build" -j 1 >/dev/null
"$work/build/consumer"

read -r -a pkg_flags <<<"$flags"
${CXX:-c++} "$consumer/main.cc" -o "$work/pkg-config-consumer" "${pkg_flags[@]}"
"$work/pkg-config-consumer"
