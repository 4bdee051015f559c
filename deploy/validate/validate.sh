#!/usr/bin/env bash
# Runs one of the offline validators, first installing their npm packages exactly as locked
# (npm ci) when node_modules is missing or older than package-lock.json.
# Usage: validate.sh k8s <file or directory>...  |  validate.sh dashboard <dashboard.json>...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
cd - >/dev/null
exec node "$here/validate-$1.mjs" "${@:2}"
