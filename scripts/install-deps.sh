#!/usr/bin/env bash
# Installs every Debian package Mercato builds and tests with; safe to run again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpq-dev libhiredis-dev librdkafka-dev libsqlite3-dev libcurl4-openssl-dev
  iso-codes libicu-dev nlohmann-json3-dev libgtest-dev libgmock-dev libsodium-dev libspdlog-dev libcli11-dev libcpp-httplib-dev libboost-dev
  postgresql redis-server openjdk-17-jre-headless maven
  python3-dev python3-venv nodejs
)
# NodeSource's nodejs bundles npm and conflicts with Debian's npm package.
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
