#!/usr/bin/env bash
# Quick, CPU-cheap load on a running server with wrk (closed model, keep-alive):
#   loadtest/quick.sh [BASE_URL] [CONNECTIONS] [DURATION]
#   loadtest/quick.sh http://127.0.0.1:8000 100 30s
#   BATCH=1 ROWS=1000 loadtest/quick.sh http://127.0.0.1:8000 4 30s     # /predict-batch, prints rows/s
# LOAD_CPUS=0 pins wrk to CPU 0 (taskset). wrk's percentiles are corrected for coordinated omission.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=${1:-http://127.0.0.1:8000}
connections=${2:-100}
duration=${3:-30s}
threads=${WRK_THREADS:-2}
script=$here/wrk/predict.lua
[[ "${BATCH:-0}" == 1 ]] && script=$here/wrk/predict-batch.lua
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
pin=()
[[ -n "${LOAD_CPUS:-}" ]] && pin=(taskset -c "$LOAD_CPUS")
exec "${pin[@]}" wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$script" "$url"
