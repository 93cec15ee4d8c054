#!/usr/bin/env bash
# The main job from a fresh Debian machine: installs what is needed, builds, and runs mercatod on
# its embedded default (no PostgreSQL, Redis or Kafka needed) on 127.0.0.1:50051 until Ctrl-C.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
bash scripts/install-deps.sh
bash scripts/build.sh
exec build/cmake/server/app/mercatod --listen "${MERCATO_LISTEN:-127.0.0.1:50051}" --data-dir build/mercato-data "$@"
