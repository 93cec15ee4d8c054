#!/usr/bin/env bash
# Creates (once) the Python virtual environment the test suites use, in build/venv, and prints
# its path. Reinstalls only when a requirements file changed.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=$repo/build/venv
requirements=("$repo/tests/python/requirements.txt")

stamp=$(cat "${requirements[@]}" | sha256sum | cut -c1-16)
if [[ ! -f $venv/.stamp-$stamp ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "${requirements[@]/#/-r}" >&2
  rm -f "$venv"/.stamp-*
  touch "$venv/.stamp-$stamp"
fi
echo "$venv"
