#!/usr/bin/env bash
# Grove's /predict next to the no-op baseline at a fixed arrival rate (open model), in the same run,
# alternating, and prints p50/p99/max for each. Every request is timed from when it was due, not
# from when it went out, so an answer slow enough to delay the next send counts against the server:
# no coordinated omission (what wrk2 does; wrk2 is not available here, loadtest/Hammer.java's paced
# mode is). The first 5 s of each run are sent but not recorded.
#   loadtest/open-model.sh [RATE=5000] [SECONDS=30] [ROUNDS=3] [CONNECTIONS=50]
# Env: JAVA_OPTS (both servers, default in lib.sh), GROVE_ARGS / NOOP_ARGS, SERVER_CPUS / LOAD_CPUS
set -euo pipefail
source "$(dirname "$0")/lib.sh"
rate=${1:-5000}
seconds=${2:-30}
rounds=${3:-3}
connections=${4:-50}
trap stop_started EXIT

start_grove_and_noop
targets=("grove $GROVE_PORT" "noop $NOOP_PORT")

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $rate/s on $connections connections, $seconds s x $rounds rounds"
echo "# JAVA_OPTS=$JAVA_OPTS SERVER_CPUS=${SERVER_CPUS:-all} LOAD_CPUS=${LOAD_CPUS:-all}"
for t in "${targets[@]}"; do # warm-up: JIT, not recorded
  run_wrk "http://127.0.0.1:${t#* }" 100 "${WARMUP:-20s}" >/dev/null
done
printf '%-6s %-7s %9s %9s %9s %9s %7s\n' round server answers p50_ms p99_ms max_ms non200
for round in $(seq 1 "$rounds"); do
  for t in "${targets[@]}"; do
    name=${t%% *}; port=${t#* }
    out=$(WARMUP_SECONDS=5 pin "${LOAD_CPUS:-}" "$JAVA" "$ROOT/loadtest/Hammer.java" "$port" "$connections" "$seconds" "$rate")
    ok=$(field "$out" s200)
    printf '%-6s %-7s %9s %9s %9s %9s %7s\n' "$round" "$name" "$ok" "$(field "$out" s200_p50_ms)" \
        "$(field "$out" s200_p99_ms)" "$(field "$out" s200_max_ms)" $(( $(field "$out" total) - ${ok:-0} ))
  done
done
