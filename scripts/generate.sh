#!/usr/bin/env bash
# Regenerates the forwarding layers from the contract (generator/generate.py): makes the descriptor
# set with protoc and the generator's virtual environment (build/generator-venv), then writes the
# generated files into the tree. With --check it writes nothing and fails on any difference
# (scripts/test.sh runs that, so a contract change without regenerated files fails CI).
#   bash scripts/generate.sh [--check]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=$repo/build/generator-venv
requirements=$repo/generator/requirements.txt
if [[ ! -x $venv/bin/python ]] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" >&2
  cp "$requirements" "$venv/requirements.txt"
fi
descriptors=$repo/build/generator/contract.pb
mkdir -p "$(dirname "$descriptors")"
(cd "$repo/proto" && protoc --include_imports --include_source_info --descriptor_set_out="$descriptors" mercato/v1/*.proto)
"$venv/bin/python" "$repo/generator/generate.py" --descriptor-set "$descriptors" --root "$repo" "$@"
