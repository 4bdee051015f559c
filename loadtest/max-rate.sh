#!/usr/bin/env bash
# Finds the highest open-model arrival rate on /predict whose p99 stays under 100 ms and under
# 10 ms: one Gatling RateSimulation run per rate (warm-up at the same rate is left out of the stats).
#   loadtest/max-rate.sh [BASE_URL] [RATES="1000 2000 5000 8000 12000 16000 20000"] [SECONDS=20]
# Without BASE_URL (or with "-") it starts Grove from target/ on a free port and stops it after.
# Each run's HTML report is under loadtest/gatling/target/gatling/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
url=${1:--}
rates=${2:-1000 2000 5000 8000 12000 16000 20000}
seconds=${3:-20}
trap stop_started EXIT
if [[ "$url" == - ]]; then
  build_jars
  port=$(free_port); start_grove "$port"; url=http://127.0.0.1:$port
fi
(cd "$ROOT" && ./mvnw -q -B -f loadtest/gatling/pom.xml test-compile)

echo "# $(date -u +%FT%TZ) $url, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $seconds s per rate"
# requests: what was sent in the measured part; below rate x seconds means the load generator fell behind
printf '%8s %10s %8s %8s %8s %6s\n' rate requests p50_ms p95_ms p99_ms KO
best100=none; best10=none
for rate in $rates; do
  out=$(cd "$ROOT" && pin "${LOAD_CPUS:-}" ./mvnw -q -B -f loadtest/gatling/pom.xml gatling:test \
      -Dgatling.simulationClass=io.grove.loadtest.RateSimulation -DbaseUrl="$url" -Drate="$rate" \
      -Dseconds="$seconds" -DwarmupSeconds=5 2>&1 || true)
  stat() { grep -F "$1" <<<"$out" | tail -1 | awk -F'|' '{gsub(/[ ,]/, "", $2); print $2}'; }
  p50=$(stat "50th percentile"); p95=$(stat "95th percentile"); p99=$(stat "99th percentile")
  count=$(stat "> request count"); ko=$(grep -F "> request count" <<<"$out" | tail -1 | awk -F'|' '{gsub(/[ ,]/, "", $4); print $4}')
  [[ "$ko" == "-" || -z "$ko" ]] && ko=0
  printf '%8s %10s %8s %8s %8s %6s\n' "$rate" "$count" "$p50" "$p95" "$p99" "$ko"
  if [[ -n "$p99" && "$ko" == 0 ]]; then
    (( p99 < 100 )) && best100=$rate
    (( p99 < 10 )) && best10=$rate
  fi
done
echo "highest rate tried with p99 < 100 ms and no errors: $best100/s"
echo "highest rate tried with p99 < 10 ms and no errors: $best10/s"
