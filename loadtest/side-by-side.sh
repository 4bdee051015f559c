#!/usr/bin/env bash
# Grove's /predict next to the no-op baseline (same stack, same JVM, same settings, answering a
# constant), in the same run, alternating, and prints throughput, p50/p99 and the ratios: req/s, and
# p99 (on a shared machine the no-op's own p99 moves with the machine; the p99 ratio says how far
# Grove's tail sits above the stack's).
#   loadtest/side-by-side.sh [ROUNDS=3] [DURATION=15s] [CONNECTIONS=100]
# Env: PYTHON=1     also load the Python reference service (gunicorn, 2 workers) the same way
#      BEFORE_JAR=path   also load an earlier Grove jar (built from an older commit) the same way, and
#                        print grove / before per round: a change's cost, measured in one run;
#                        BEFORE_MODELS: its model repository (default: this checkout's models/);
#                        BEFORE_ARGS: its Spring arguments (default: GROVE_ARGS), e.g. BEFORE_JAR=<this jar>
#                        BEFORE_ARGS=--grove.model.name=iris-sklearn puts two models side by side
#      SERVER_CPUS / LOAD_CPUS   taskset CPU lists for the servers / for wrk (default: unpinned)
#      JAVA_OPTS    JVM options for both Java servers (default in lib.sh)
#      GROVE_ARGS / NOOP_ARGS    extra Spring arguments, e.g. --spring.threads.virtual.enabled=false
set -euo pipefail
source "$(dirname "$0")/lib.sh"
rounds=${1:-3}
duration=${2:-15s}
connections=${3:-100}
trap stop_started EXIT

start_grove_and_noop
targets=("grove http://127.0.0.1:$GROVE_PORT" "noop http://127.0.0.1:$NOOP_PORT")

if [[ -n "${BEFORE_JAR:-}" ]]; then
  before_port=$(free_port)
  (cd "$ROOT" && pin "${SERVER_CPUS:-}" "$JAVA" $JAVA_OPTS -jar "$BEFORE_JAR" --server.port="$before_port" \
      --grove.model.repository="${BEFORE_MODELS:-$ROOT/models}" ${BEFORE_ARGS-${GROVE_ARGS:-}} >"$WORK/before-$before_port.log" 2>&1) &
  STARTED_PIDS+=($!)
  wait_predict "http://127.0.0.1:$before_port"
  targets+=("before http://127.0.0.1:$before_port")
fi

if [[ "${PYTHON:-0}" == 1 ]]; then
  ref=$WORK/fastapi-iris
  cp -r "$ROOT/../shared/reference/fastapi-iris" "$ref" 2>/dev/null || cp -r /work/shared/reference/fastapi-iris "$ref"
  (cd "$ref" && /usr/bin/python3 train.py >/dev/null)
  py_port=$(free_port)
  (cd "$ref" && pin "${SERVER_CPUS:-}" gunicorn app:app -w 2 -k uvicorn.workers.UvicornWorker \
      -b "127.0.0.1:$py_port" >"$WORK/python.log" 2>&1) &
  STARTED_PIDS+=($!)
  wait_predict "http://127.0.0.1:$py_port"
  targets+=("python http://127.0.0.1:$py_port")
fi

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $connections connections, $duration x $rounds rounds"
echo "# JAVA_OPTS=$JAVA_OPTS SERVER_CPUS=${SERVER_CPUS:-all} LOAD_CPUS=${LOAD_CPUS:-all}"
for t in "${targets[@]}"; do # warm-up: JIT and connection pools, not recorded
  run_wrk "${t#* }" "$connections" "${WARMUP:-20s}" >/dev/null
done
printf '%-6s %-7s %12s %9s %9s\n' round server req/s p50_ms p99_ms
ratios=()
p99_ratios=()
before_ratios=()
for round in $(seq 1 "$rounds"); do
  for t in "${targets[@]}"; do
    name=${t%% *}; url=${t#* }
    out=$(run_wrk "$url" "$connections" "$duration")
    rps=$(wrk_rps <<<"$out"); p50=$(wrk_p 50 <<<"$out"); p99=$(wrk_p 99 <<<"$out")
    printf '%-6s %-7s %12s %9s %9s\n' "$round" "$name" "$rps" "$p50" "$p99"
    eval "rps_${name}_$round=$rps; p99_${name}_$round=$p99"
  done
  ratio=$(awk -v a="$(eval echo \$rps_grove_$round)" -v b="$(eval echo \$rps_noop_$round)" 'BEGIN {printf "%.3f", a / b}')
  p99_ratio=$(awk -v a="$(eval echo \$p99_grove_$round)" -v b="$(eval echo \$p99_noop_$round)" 'BEGIN {printf "%.2f", a / b}')
  echo "round $round: grove / noop = $ratio; p99 grove / noop = $p99_ratio"
  ratios+=("$ratio")
  p99_ratios+=("$p99_ratio")
  if [[ -n "${BEFORE_JAR:-}" ]]; then
    before_ratio=$(awk -v a="$(eval echo \$rps_grove_$round)" -v b="$(eval echo \$rps_before_$round)" 'BEGIN {printf "%.3f", a / b}')
    echo "round $round: grove / before = $before_ratio"
    before_ratios+=("$before_ratio")
  fi
  if [[ "${PYTHON:-0}" == 1 ]]; then
    awk -v a="$(eval echo \$rps_grove_$round)" -v b="$(eval echo \$rps_python_$round)" \
        'BEGIN {printf "round %d: grove / python = %.1f\n", '"$round"', a / b}'
  fi
done
echo "median grove / noop over $rounds rounds: $(printf '%s\n' "${ratios[@]}" | median); p99 grove / noop: $(printf '%s\n' "${p99_ratios[@]}" | median)"
if [[ -n "${BEFORE_JAR:-}" ]]; then
  echo "median grove / before over $rounds rounds: $(printf '%s\n' "${before_ratios[@]}" | median)"
fi
