#!/usr/bin/env bash
# Bytes allocated per /predict by the server's threads, for Grove and the no-op baseline, read from
# JFR's per-thread allocation counters (jdk.ThreadAllocationStatistics: exact, unlike sampled
# allocation profiles) before and after a wrk run, divided by wrk's request count. Garbage per
# request is what sets the young-GC rate, so this is the figure to watch when changing the
# serving path.
#   loadtest/alloc-per-request.sh [SECONDS=10] [CONNECTIONS=100]
# Env: JAVA_OPTS, GROVE_ARGS / NOOP_ARGS as in side-by-side.sh; WARMUP (default 20s)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
seconds=${1:-10}
connections=${2:-100}
trap stop_started EXIT
JCMD=$(dirname "$JAVA")/jcmd
JFR=$(dirname "$JAVA")/jfr

start_grove_and_noop
echo "# $(date -u +%FT%TZ) $(nproc) CPUs; $connections connections, ${seconds}s; JAVA_OPTS=$JAVA_OPTS"
i=0
for target in "grove $GROVE_PORT" "noop $NOOP_PORT"; do
  name=${target% *}; url=http://127.0.0.1:${target#* }
  pid=${STARTED_PIDS[$i]}; i=$((i + 1))
  run_wrk "$url" "$connections" "${WARMUP:-20s}" >/dev/null
  # The default settings record the counters at the start and at the end of the recording.
  "$JCMD" "$pid" JFR.start name=alloc settings=default >/dev/null
  out=$(run_wrk "$url" "$connections" "${seconds}s")
  "$JCMD" "$pid" JFR.dump name=alloc filename="$WORK/alloc-$name.jfr" >/dev/null
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  "$JFR" print --json --events jdk.ThreadAllocationStatistics "$WORK/alloc-$name.jfr" | python3 -c '
import json, sys
first, last = {}, {}
for e in json.load(sys.stdin)["recording"]["events"]:
    v = e["values"]
    thread = (v.get("thread") or {}).get("javaName") or "?"
    if not thread.startswith("http-nio-"):
        continue
    # Each thread counter only grows, and events need not come in time order.
    first[thread] = min(first.get(thread, v["allocated"]), v["allocated"])
    last[thread] = max(last.get(thread, 0), v["allocated"])
total = sum(last[t] - first[t] for t in last)
name, requests, rps = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print(f"{name:6s} {requests:9d} requests at {rps} req/s: {total / requests:8.0f} bytes per request")
' "$name" "$requests" "$(wrk_rps <<<"$out")"
done
