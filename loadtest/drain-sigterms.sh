#!/usr/bin/env bash
# The drain under a hammer, many times over (issue 18, goal 4): start Grove, put C keep-alive
# clients on /predict (loadtest/Hammer.java), send SIGTERM, let it drain and exit; repeat.
#   loadtest/drain-sigterms.sh [SIGTERMS=200] [CLIENTS=16]
# What must hold, every time: each request is answered 200, or its connection is refused or closed
# without an answer (Hammer's io_errors). Anything else (400, 503, ...) is counted as a failure and
# the run's Grove log is kept. Prints one line per SIGTERM and a total; exits 1 on any failure.
# Environment: LAUNCH=aot (default: the container's launch, the quickest start) or jar; DRAIN
# (grove.shutdown.drain-delay, default 300ms); BEFORE (s of load before SIGTERM, default 1);
# DEBUG=1 logs org.apache.coyote and org.apache.tomcat.util.net at DEBUG, to see why.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
sigterms=${1:-200} clients=${2:-16}
drain=${DRAIN:-300ms} before=${BEFORE:-1}
trap stop_started EXIT
build_jars
prepare_launch "${LAUNCH:-aot}" "${JAR:-$(grove_jar)}" "${LAUNCH_OPTS:-}"
debug=()
[[ ${DEBUG:-} == 1 ]] && debug=(--logging.level.org.apache.coyote=debug --logging.level.org.apache.tomcat.util.net=debug)
"${JAVA%/java}/javac" -d "$WORK/hammer" "$ROOT/loadtest/Hammer.java"

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); LAUNCH=${LAUNCH:-aot} DRAIN=$drain clients=$clients"
failures=0 answered=0 closed=0
for i in $(seq 1 "$sigterms"); do
  grove_ready_ms $LAUNCH_JVM_OPTS -jar "$LAUNCH_JAR" --grove.shutdown.drain-delay="$drain" \
      --grove.admission.max-queue=1000 --grove.admission.max-wait=10s --grove.admission.max-dispatch-delay=0 "${debug[@]}"
  pid=$LAST_PID log=$WORK/start-$LAST_PORT.log
  # The hammer outlasts the drain and the exit; refused connections are io_errors.
  "$JAVA" -cp "$WORK/hammer" Hammer "$LAST_PORT" "$clients" "$(( before + 4 ))" >"$WORK/hammer.txt" 2>&1 &
  hammer=$!
  sleep "$before"
  kill -TERM "$pid"
  wait "$pid" || true
  STARTED_PIDS=()
  wait "$hammer" || true
  line=$(tail -1 "$WORK/hammer.txt")
  others=$(tr ' ' '\n' <<<"$line" | grep -E '^s[0-9]+=' | grep -v '^s200=' | tr '\n' ' ' || true)
  ok=$(field "$line" s200); io=$(field "$line" io_errors)
  answered=$(( answered + ${ok:-0} )); closed=$(( closed + ${io:-0} ))
  if [[ -n $others || -z $ok ]]; then
    failures=$(( failures + 1 ))
    cp "$log" "$WORK/failed-$i.log"
    echo "sigterm $i: FAIL ${others:-no hammer report} (200: ${ok:-?}, refused or closed: ${io:-?}); Grove's log: $WORK/failed-$i.log"
    grep -h -o '"message":"[^"]*[Hh]ost header[^"]*"' "$log" | sort | uniq -c | sed 's/^/    /' || true
  else
    echo "sigterm $i: ok (200: $ok, refused or closed: $io)"
  fi
done
echo "drain: $sigterms SIGTERMs, $failures with an answer other than 200; $answered answered 200, $closed refused or closed"
(( failures == 0 ))
