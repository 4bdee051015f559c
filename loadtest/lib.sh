#!/usr/bin/env bash
# Shared helpers for the load-test scripts: start servers on free ports, wait until they answer,
# parse wrk, stop what we started (by PID only). Sourced, not run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
# The JVM settings measured in REPORT.md: small fixed heap, Serial GC (lowest footprint, short
# young pauses on a 2-core box), the same for Grove and the no-op baseline.
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xms128m -Xmx128m}
WORK=${WORK:-$(mktemp -d /tmp/grove-loadtest.XXXXXX)}
mkdir -p "$WORK"
STARTED_PIDS=()

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

pin() { # pin CPUS command... ; no pinning when CPUS is empty. Execs, so $! of "pin ... &" is the command's PID.
  local cpus=$1; shift
  if [[ -n "$cpus" ]]; then exec taskset -c "$cpus" "$@"; else exec "$@"; fi
}

build_jars() {
  if ! ls "$ROOT"/target/grove-*.jar >/dev/null 2>&1; then
    (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
  fi
  if [[ ! -f "$ROOT/loadtest/noop/target/noop-baseline.jar" ]]; then
    (cd "$ROOT" && ./mvnw -q -B -f loadtest/noop/pom.xml package -DskipTests)
  fi
}

grove_jar() { ls "$ROOT"/target/grove-*.jar | grep -v '\.original$' | head -1; }

start_grove() { # start_grove PORT [extra args...]
  local port=$1; shift
  (cd "$ROOT" && pin "${SERVER_CPUS:-}" "$JAVA" $JAVA_OPTS -jar "$(grove_jar)" --server.port="$port" \
      --grove.model.repository="$ROOT/models" "$@" >"$WORK/grove-$port.log" 2>&1) &
  STARTED_PIDS+=($!)
  wait_predict "http://127.0.0.1:$port"
}

start_noop() { # start_noop PORT [extra args...]
  local port=$1; shift
  (pin "${SERVER_CPUS:-}" "$JAVA" $JAVA_OPTS -jar "$ROOT/loadtest/noop/target/noop-baseline.jar" --server.port="$port" "$@" \
      >"$WORK/noop-$port.log" 2>&1) &
  STARTED_PIDS+=($!)
  wait_predict "http://127.0.0.1:$port"
}

start_grove_and_noop() { # builds if needed, starts both on free ports: sets GROVE_PORT and NOOP_PORT
  build_jars
  GROVE_PORT=$(free_port); start_grove "$GROVE_PORT" ${GROVE_ARGS:-}
  NOOP_PORT=$(free_port); start_noop "$NOOP_PORT" ${NOOP_ARGS:-}
}

wait_predict() { # wait until POST /predict answers 200 (60 s at most)
  local url=$1
  for _ in $(seq 1 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -d '{"features":[5.1,3.5,1.4,0.2]}' "$url/predict" || true)
    [[ "$code" == 200 ]] && return 0
    sleep 0.1
  done
  echo "no answer from $url/predict; logs in $WORK" >&2
  return 1
}

stop_started() {
  # Each PID is the server itself: the subshell execs into it.
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  STARTED_PIDS=()
}

run_wrk() { # run_wrk URL CONNECTIONS DURATION [script] -> raw wrk output on stdout
  local url=$1 connections=$2 duration=$3 script=${4:-$ROOT/loadtest/wrk/predict.lua}
  (pin "${LOAD_CPUS:-}" wrk -t"${WRK_THREADS:-2}" -c"$connections" -d"$duration" --latency -s "$script" "$url")
}

field() { # LINE KEY -> the value of KEY=value in Hammer's one-line report
  tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'
}

wrk_rps() { awk '/^Requests\/sec:/ {print $2}'; }

median() { # numbers, one per line (blank lines ignored) -> their median
  sed '/^$/d' | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

wrk_p() { # wrk_p 99 -> that percentile in ms
  awk -v p="$1%" '$1 == p {
    v = $2; unit = v; gsub(/[0-9.]/, "", unit); gsub(/[a-z]/, "", v);
    if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; else if (unit == "m") v *= 60000;
    printf "%.2f\n", v }'
}

ready_ms() { # ready_ms PATH JAVA-ARGS... -> READY_MS: ms from exec until PATH answers 200; the server keeps running as LAST_PID
  # Not called in $(...): the PIDs it records must reach stop_started in this shell.
  local path=$1; shift
  local port; port=$(free_port)
  local t0; t0=$(date +%s%N)
  (cd "$ROOT" && pin "${SERVER_CPUS:-}" "$JAVA" "$@" --server.port="$port" >"$WORK/start-$port.log" 2>&1) &
  LAST_PID=$!; STARTED_PIDS+=($LAST_PID); LAST_PORT=$port
  READY_MS=$(await_ready "$port" "$t0" "$LAST_PID" "$path")
}
grove_ready_ms() { ready_ms /actuator/health/readiness "$@" --grove.model.repository="$ROOT/models"; }

await_ready() { # await_ready PORT T0_NS PID PATH -> ms from T0_NS until PATH answers 200 (/predict: a POST)
  # One python3 process polling every 10 ms. Not curl in a loop: each curl costs ~8 ms of CPU, so
  # polling every 5 ms with curl took most of a core from the JVM being timed on this 2-core box
  # and made every start read ~0.65 s slower than it was (loadtest/REPORT.md, session 5).
  python3 - "$@" <<'PY'
import http.client, os, sys, time
port, t0, pid, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
while True:
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        if path == "/predict":
            c.request("POST", path, body='{"features":[5.1,3.5,1.4,0.2]}', headers={"Content-Type": "application/json"})
        else:
            c.request("GET", path)
        if c.getresponse().status == 200:
            print((time.time_ns() - t0) // 1_000_000)
            break
    except OSError:
        try:
            state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            state = "gone"
        if state in ("Z", "gone"):  # the server has exited: fail, do not poll forever
            sys.exit(f"server {pid} exited before it was ready")
    time.sleep(0.01)
PY
}

prepare_launch() { # prepare_launch jar|aot JAR JVM-OPTS -> LAUNCH_JAR, LAUNCH_JVM_OPTS: how to start Grove
  # jar: the jar as given (java -jar, as the README builds it). aot: the container's launch, the
  # extracted jar with an AOT cache from a training run as the Dockerfile's (30,000 served requests).
  LAUNCH_JAR=$2; LAUNCH_JVM_OPTS=$3
  [[ $1 == aot ]] || return 0
  local app=$WORK/app
  rm -rf "$app"
  "$JAVA" -Djarmode=tools -jar "$2" extract --destination "$app" >/dev/null
  LAUNCH_JAR=$(ls "$app"/*.jar)
  (cd "$ROOT" && "$JAVA" -XX:AOTCacheOutput="$app/app.aot" $3 -jar "$LAUNCH_JAR" --server.port=0 \
      --grove.model.repository="$ROOT/models" --grove.aot-training.requests=30000 --grove.shutdown.drain-delay=0s \
      >"$WORK/aot-training.log" 2>&1)
  LAUNCH_JVM_OPTS="-XX:AOTCache=$app/app.aot $3"
}
