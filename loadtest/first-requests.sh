#!/usr/bin/env bash
# Speed from the first request after readiness (issue 18), for a launch as a user does it.
#   loadtest/first-requests.sh [RUNS=1]
# Each run starts Grove twice, waits for readiness (the probe, polled every 10 ms) and at once:
#   1. wrk, 100 keep-alive clients, FIRST (10s): the first seconds' req/s; then WARM (20s) of load
#      not recorded, then STEADY (10s): the same process's steady state, and the ratio first/steady;
#   2. (a fresh start) wrk, 1,000 clients, FIRST (10s) from readiness: p99 and the errors.
# Goals: first/steady >= 0.8, p99 at 1,000 clients < 100 ms, start-up to readiness at most 1.5x
# that of the same launch without the warm-up (GROVE_ARGS=--grove.warmup.enabled=false).
# Environment: LAUNCH=jar (java -jar target/grove-*.jar, as the README builds it; the default) or
# aot (the container's launch: the extracted jar with an AOT cache trained as the Dockerfile does);
# JAR (default target/grove-*.jar); LAUNCH_OPTS (JVM options, default none, as the README's
# command); GROVE_ARGS (extra Grove arguments); FIRST, WARM, STEADY (wrk durations).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-1}
launch=${LAUNCH:-jar}
first=${FIRST:-10s} warm=${WARM:-20s} steady=${STEADY:-10s}
trap stop_started EXIT
build_jars
prepare_launch "$launch" "${JAR:-$(grove_jar)}" "${LAUNCH_OPTS:-}"
start() { grove_ready_ms $LAUNCH_JVM_OPTS -jar "$LAUNCH_JAR" ${GROVE_ARGS:-}; url=http://127.0.0.1:$LAST_PORT; }
warmed() { grep -o 'Warmed up with [0-9]* requests in [0-9]* ms' "$WORK/start-$LAST_PORT.log" | head -1 || echo "no warm-up"; }

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); LAUNCH=$launch LAUNCH_OPTS='${LAUNCH_OPTS:-}' GROVE_ARGS='${GROVE_ARGS:-}'"
for run in $(seq 1 "$runs"); do
  start
  echo "run $run: ready in $READY_MS ms ($(warmed))"
  run_wrk "$url" 100 "$first" >"$WORK/first.txt"
  run_wrk "$url" 100 "$warm" >/dev/null
  run_wrk "$url" 100 "$steady" >"$WORK/steady.txt"
  f=$(wrk_rps <"$WORK/first.txt"); s=$(wrk_rps <"$WORK/steady.txt")
  echo "run $run: 100 clients, first $first: $f req/s, p99 $(wrk_p 99 <"$WORK/first.txt") ms;" \
       "steady $steady: $s req/s, p99 $(wrk_p 99 <"$WORK/steady.txt") ms; first/steady $(awk -v f="$f" -v s="$s" 'BEGIN {printf "%.2f", f / s}')"
  stop_started

  start
  echo "run $run: ready in $READY_MS ms ($(warmed))"
  run_wrk "$url" 1000 "$first" >"$WORK/thousand.txt"
  errors=$(grep -E 'Socket errors|Non-2xx' "$WORK/thousand.txt" | tr -s ' ' | tr '\n' ';' || true)
  echo "run $run: 1000 clients from readiness, $first: $(wrk_rps <"$WORK/thousand.txt") req/s, p50 $(wrk_p 50 <"$WORK/thousand.txt") ms," \
       "p99 $(wrk_p 99 <"$WORK/thousand.txt") ms ${errors:-no errors}"
  stop_started
done
