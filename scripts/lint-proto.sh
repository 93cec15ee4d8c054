#!/usr/bin/env bash
# Lints the protobuf contract with buf (the CLI ships in the @bufbuild/buf npm package).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=$repo/scripts/lint
if [[ ! -x $tools/node_modules/.bin/buf ]]; then
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error
fi
cd "$repo"
"$tools/node_modules/.bin/buf" lint
echo "buf lint: contract clean"
