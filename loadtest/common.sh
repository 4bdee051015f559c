# Shared by overload.sh and soak.sh, on top of lib.sh: build and start one real Grove on PORT, wait
# until ready, sample memory, load it with Hammer, read its metrics.
# Serial GC as REPORT.md recommends (under 1,000 connections it served 23,100/s at p99 80 ms where
# G1 served 20,800/s at 90 ms), with room in the heap for a thousand connections' buffers; taken
# before lib.sh sets its own, smaller default.
resilience_java_opts="${JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx512m}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JAVA_OPTS=$resilience_java_opts
PORT="${PORT:-$((20000 + RANDOM % 20000))}"
RESULTS="$ROOT/loadtest/results"
mkdir -p "$RESULTS"

build_jar() {
  (cd "$ROOT" && ./mvnw -q -B -DskipTests package) >&2
  JAR="$(grove_jar)"
}

run_grove() {  # extra Spring arguments... : Grove on PORT, stopped when the script exits
  "$JAVA" $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --grove.model.repository="$ROOT/models" "$@" \
    > "$RESULTS/grove-$PORT.log" 2>&1 &
  GROVE_PID=$!
  trap 'kill -TERM $GROVE_PID 2>/dev/null; wait $GROVE_PID 2>/dev/null; true' EXIT
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && return 0
    kill -0 "$GROVE_PID" 2>/dev/null || { echo "Grove exited; see $RESULTS/grove-$PORT.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "Grove not ready after 150 s" >&2; exit 1
}

rss_mb() {
  awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$GROVE_PID/status"
}

hammer() {  # CONNECTIONS SECONDS [RATE]
  "$JAVA" "$ROOT/loadtest/Hammer.java" "$PORT" "$@"
}

metric() {  # PROMETHEUS-NAME-PREFIX: sum of matching series
  curl -s "http://127.0.0.1:$PORT/actuator/prometheus" | awk -v m="$1" 'index($0, m) == 1 {s += $NF} END {printf "%.0f", s}'
}

histogram() {  # URI STATUS: the server's own latency histogram for it, "le count" per line
  curl -s "http://127.0.0.1:$PORT/actuator/prometheus" \
    | grep '^http_server_requests_seconds_bucket{' | grep "uri=\"$1\"" | grep "status=\"$2\"" \
    | sed -E 's/.*le="([^"]+)".* ([0-9.eE+]+)$/\1 \2/'
}

server_p99_ms() {  # BEFORE-FILE AFTER-FILE: p99 (bucket upper bound) of what was recorded between the two
  # Both files list the same buckets in Prometheus' order: le ascending, +Inf last.
  paste -d' ' "$1" "$2" | awk '{ le[NR] = $1; d[NR] = $4 - $2 } END {
      total = d[NR]; if (total <= 0) { print "n/a"; exit }
      for (i = 1; i < NR; i++) if (d[i] >= 0.99 * total) { printf "%.1f", le[i] * 1000; exit }
      print "> " le[NR - 1] * 1000 }'
}
