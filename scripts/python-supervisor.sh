#!/usr/bin/env bash
# Extracts Debian's Python supervisor package (without installing it, so no system daemon
# starts) into .cache/python-supervisor, for compatibility tests and the benchmark.
# Prints the extraction root. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/python-supervisor"
if [ -f "$dest/usr/lib/python3/dist-packages/supervisor/__init__.py" ]; then
  echo "$dest"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download supervisor >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  apt-get download supervisor >/dev/null
fi
rm -rf "$dest"
mkdir -p "$dest"
dpkg -x supervisor_*.deb "$dest"
echo "$dest"
