#!/usr/bin/env bash
# Start-up to readiness and resident memory under load, with the recipe REPORT.md recommends:
# extracted jar + JDK 25 AOT cache (JEP 483/514) + JAVA_OPTS from lib.sh.
#   loadtest/startup.sh [RUNS=5]
# Prints: each start's time from exec to readiness for the fat jar, the extracted jar, and the
# extracted jar with the AOT cache, and beside them the no-op baseline (extracted, with its own AOT
# cache): the floor the stack itself sets. The variants take turns within each run, so a noisy
# moment hits them all. Then the peak RSS during 60 s of 100-connection /predict load and during
# 20 s of /predict-batch (1000 rows) load.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-5}
trap stop_started EXIT
build_jars

app=$WORK/app
rm -rf "$app"
"$JAVA" -Djarmode=tools -jar "$(grove_jar)" extract --destination "$app" >/dev/null
jar=$(ls "$app"/grove-*.jar)
# Training run, as the Dockerfile's: Grove serves itself 30,000 requests, then exits; the JVM
# records what was loaded and linked, and the method profiles.
(cd "$ROOT" && "$JAVA" -XX:AOTCacheOutput="$app/app.aot" $JAVA_OPTS -jar "$jar" --server.port=0 \
    --grove.model.repository="$ROOT/models" --grove.aot-training.requests=30000 --grove.shutdown.drain-delay=0s \
    >"$WORK/aot-training.log" 2>&1)
# The no-op's training run is Spring's usual one: it exits once the context is refreshed.
noop=$WORK/noop
rm -rf "$noop"
"$JAVA" -Djarmode=tools -jar "$ROOT/loadtest/noop/target/noop-baseline.jar" extract --destination "$noop" >/dev/null
"$JAVA" -XX:AOTCacheOutput="$noop/app.aot" $JAVA_OPTS -Dspring.context.exit=onRefresh \
    -jar "$noop/noop-baseline.jar" --server.port=0 >"$WORK/noop-aot-training.log" 2>&1

# The no-op has no actuator: its readiness is its first 200 on /predict.
noop_ready_ms() { ready_ms /predict -XX:AOTCache="$noop/app.aot" $JAVA_OPTS -jar "$noop/noop-baseline.jar"; }

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); JAVA_OPTS=$JAVA_OPTS"
variants=(fat extracted aot noop-aot)
declare -A times
for _ in $(seq 1 "$runs"); do
  for variant in "${variants[@]}"; do
    case $variant in
      fat) grove_ready_ms $JAVA_OPTS -jar "$(grove_jar)" ;;
      extracted) grove_ready_ms $JAVA_OPTS -jar "$jar" ;;
      aot) grove_ready_ms -XX:AOTCache="$app/app.aot" $JAVA_OPTS -jar "$jar" ;;
      noop-aot) noop_ready_ms ;;
    esac
    times[$variant]+="$READY_MS"$'\n'; stop_started
  done
done
for variant in "${variants[@]}"; do
  echo "start-up to readiness, $variant: $(sort -n <<<"${times[$variant]}" | sed '/^$/d' | tr '\n' ' ')ms (median $(median <<<"${times[$variant]}") ms)"
done
echo "Grove with the AOT cache / the no-op with its AOT cache, medians: $(awk -v g="$(median <<<"${times[aot]}")" \
    -v n="$(median <<<"${times[noop-aot]}")" 'BEGIN {printf "%.2f", g / n}')"

rss_peak() { # rss_peak PID SECONDS -> peak VmRSS in MB while sampling every 0.5 s
  local pid=$1 end=$(( $(date +%s) + $2 )) peak=0
  while (( $(date +%s) < end )); do
    kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    (( kb > peak )) && peak=$kb
    sleep 0.5
  done
  echo $(( peak / 1024 ))
}
grove_ready_ms -XX:AOTCache="$app/app.aot" $JAVA_OPTS -jar "$jar"
pid=$LAST_PID; url=http://127.0.0.1:$LAST_PORT
echo "RSS idle after start: $(( $(awk '/^VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB"
peak_under_load() { # peak_under_load SECONDS OUTPUT wrk-args... -> peak RSS in MB while wrk runs; its output to OUTPUT
  local seconds=$1 output=$2; shift 2
  run_wrk "$url" "$@" >"$output" & local wrk_pid=$!
  rss_peak "$pid" "$seconds"; wait $wrk_pid
}
# 30 s of load to reach full speed (the JIT is still compiling right after start), then 30 s more
# at full speed; the peak is taken over both.
warming=$(peak_under_load 30 /dev/null 100 30s)
peak=$(peak_under_load 30 "$WORK/rss-predict.txt" 100 30s)
echo "RSS peak, /predict 100 connections 60 s: $(( peak > warming ? peak : warming )) MB; $(wrk_rps <"$WORK/rss-predict.txt") req/s in the last 30 s"
peak=$(ROWS=1000 peak_under_load 20 "$WORK/rss-batch.txt" 4 20s "$ROOT/loadtest/wrk/predict-batch.lua")
echo "RSS peak, /predict-batch 1000 rows 4 connections 20 s: $peak MB"
grep 'rows/s' "$WORK/rss-batch.txt" || true
