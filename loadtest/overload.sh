#!/usr/bin/env bash
# Overload, two scenarios, each against the same real Grove:
#  A. 1,000 connections hammering /predict (one row), far beyond what the cores sustain;
#  B. /predict-batch with 100-row batches, where scoring dominates, from 10x the connections that
#     saturate the scoring slots (one per core).
# For each: the sustainable rate first, then the overload (OVERLOAD_SECONDS), then whether full
# speed is back in the first second after it (wrk, same connections as the sustainable rate). Prints markdown tables for loadtest/REPORT-resilience.md.
# The first OVERLOAD_WARMUP seconds (10) of each overload are sent but not recorded: on 2 cores the
# JIT is still compiling the paths that only many connections take, which is start-up, not overload.
# (The shed count and the server-side p99 come from Grove's own counters and include those seconds.)
# Usage: loadtest/overload.sh   (optional: PORT, OVERLOAD_SECONDS, OVERLOAD_WARMUP, CONNECTIONS, GROVE_ARGS, SKIP_BUILD=1)
set -euo pipefail
source "$(dirname "$0")/common.sh"
EXTRA_ARGS=(${GROVE_ARGS:-})                             # e.g. GROVE_ARGS=--spring.threads.virtual.enabled=true
OVERLOAD_SECONDS="${OVERLOAD_SECONDS:-30}"
OVERLOAD_WARMUP="${OVERLOAD_WARMUP:-10}"
CONNECTIONS="${CONNECTIONS:-1000}"

[ -n "${SKIP_BUILD:-}" ] && JAR="$(grove_jar)" || build_jar
run_grove "${EXTRA_ARGS[@]}"
hammer 4 10 >/dev/null                                   # warm-up (JIT)
cores=$(nproc)
batch="$RESULTS/batch-100.json"
awk 'BEGIN { srand(7); printf "{\"rows\":["; for (i = 0; i < 100; i++) printf "%s[%.1f,%.1f,%.1f,%.1f]", (i ? "," : ""),
  4.3 + rand() * 3.6, 2 + rand() * 2.4, 1 + rand() * 5.9, 0.1 + rand() * 2.4; print "]}" }' > "$batch"

quick_rate() {  # PATH CONNECTIONS DURATION -> answers/s by wrk, which starts in milliseconds (no JIT of its own)
  local script=$ROOT/loadtest/wrk/predict.lua
  [[ "$1" == /predict-batch ]] && script=$ROOT/loadtest/wrk/predict-batch.lua
  ROWS=100 WRK_THREADS=1 run_wrk "http://127.0.0.1:$PORT$1" "$2" "$3" "$script" | wrk_rps | xargs printf '%.0f'
}

scenario() {  # TITLE PATH BODY BASE_CONNECTIONS OVER_CONNECTIONS
  local title=$1 path=$2 body=$3 base_c=$4 over_c=$5
  hammer "$base_c" 5 0 "$path" "$body" >/dev/null
  local base over after shed_before shed wrk_base wrk_after
  base=$(hammer "$base_c" 10 0 "$path" "$body")
  echo "$title sustainable ($base_c connections, 10 s): $base" >&2
  wrk_base=$(quick_rate "$path" "$base_c" 5s)
  ( while kill -0 "$GROVE_PID" 2>/dev/null; do awk '/VmRSS/ {print int($2/1024)}' "/proc/$GROVE_PID/status"; sleep 1; done ) \
    > "$RESULTS/rss-$PORT.txt" &
  local sampler=$! rss_start
  rss_start=$(rss_mb)
  shed_before=$(metric grove_admission_rejected_total)
  histogram "$path" 200 > "$RESULTS/hist-before-$PORT.txt"
  over=$(WARMUP_SECONDS=$OVERLOAD_WARMUP hammer "$over_c" "$OVERLOAD_SECONDS" 0 "$path" "$body")
  wrk_after=$(quick_rate "$path" "$base_c" 1s)            # the first second after the load ends
  after=$(hammer "$base_c" 1 0 "$path" "$body")        # and the next, per status
  histogram "$path" 200 > "$RESULTS/hist-after-$PORT.txt"
  kill "$sampler" 2>/dev/null || true
  shed=$(( $(metric grove_admission_rejected_total) - shed_before ))
  echo "$title overload ($over_c connections, $OVERLOAD_SECONDS s after $OVERLOAD_WARMUP s unrecorded): $over" >&2
  echo "$title first second after: wrk $wrk_after/s against $wrk_base/s before; then $after" >&2
  local base_rate
  base_rate=$(field "$base" ok_per_s)
  cat <<REPORT

### $title

| figure | value |
| --- | --- |
| sustainable, $base_c connections | $base_rate answers/s, p99 $(field "$base" s200_p99_ms) ms |
| overload, $over_c connections, $OVERLOAD_SECONDS s after $OVERLOAD_WARMUP s unrecorded: accepted (200), client side | $(field "$over" s200) answers ($(field "$over" ok_per_s)/s), p50 $(field "$over" s200_p50_ms) ms, p99 $(field "$over" s200_p99_ms) ms, max $(field "$over" s200_max_ms) ms |
| overload: accepted (200), server side | p99 <= $(server_p99_ms "$RESULTS/hist-before-$PORT.txt" "$RESULTS/hist-after-$PORT.txt") ms (http.server.requests histogram bucket) |
| overload: shed (503) | $(field "$over" s503 | grep . || echo 0) answers (grove_admission_rejected_total +$shed), p50 $(field "$over" s503_p50_ms | grep . || echo -) ms |
| overload: 500 answers | $(field "$over" s500 | grep . || echo 0) |
| overload: connection errors | $(field "$over" io_errors) |
| resident memory | ${rss_start} MB before, $(sort -n "$RESULTS/rss-$PORT.txt" | tail -1) MB peak (heap capped at 512 MB) |
| first second after the load (wrk, $base_c connections) | $wrk_after answers/s, $(awk -v a="$wrk_after" -v b="$wrk_base" 'BEGIN {printf "%.0f", 100*a/b}')% of the $wrk_base/s measured the same way before the load |
| the second after that (Hammer) | $(field "$after" ok_per_s) answers/s, p99 $(field "$after" s200_p99_ms) ms, non-200: $(( $(field "$after" total) - $(field "$after" s200 | grep . || echo 0) )) |
REPORT
}

echo "## Overload run $(date -u +%FT%TZ), $cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
scenario "A. /predict, one row" /predict "" 4 "$CONNECTIONS"
scenario "B. /predict-batch, 100 rows" /predict-batch "$batch" "$cores" $((10 * cores))
