#!/usr/bin/env bash
# Overload: Grove under ~1,000 connections hammering /predict, far beyond what two cores sustain.
# Measures the sustainable rate (4 connections), then 1,000 connections for OVERLOAD_SECONDS, then
# whether full speed is back within a second of the load ending. Prints a markdown table row set;
# the figures go in loadtest/REPORT-resilience.md. Usage: loadtest/overload.sh  (PORT, OVERLOAD_SECONDS optional)
set -euo pipefail
source "$(dirname "$0")/common.sh"
OVERLOAD_SECONDS="${OVERLOAD_SECONDS:-30}"
CONNECTIONS="${CONNECTIONS:-1000}"

build_jar
start_grove
hammer 4 10 >/dev/null                                   # warm-up (JIT)
rss_start=$(rss_mb)
base=$(hammer 4 10)
echo "sustainable (4 connections, 10 s): $base"

rss_peak=0
( while kill -0 "$GROVE_PID" 2>/dev/null; do awk '/VmRSS/ {print int($2/1024)}' "/proc/$GROVE_PID/status"; sleep 1; done ) \
  > "$RESULTS/rss-$PORT.txt" &
sampler=$!
shed_before=$(metric grove_admission_rejected_total)
over=$(hammer "$CONNECTIONS" "$OVERLOAD_SECONDS")
after=$(hammer 4 1)                                      # the first second after the load ends
kill "$sampler" 2>/dev/null || true
rss_peak=$(sort -n "$RESULTS/rss-$PORT.txt" | tail -1)
shed=$(( $(metric grove_admission_rejected_total) - shed_before ))
echo "overload ($CONNECTIONS connections, $OVERLOAD_SECONDS s): $over"
echo "first second after: $after"

base_rate=$(field "$base" ok_per_s)
after_rate=$(field "$after" ok_per_s)
cat <<REPORT

| figure | value |
| --- | --- |
| sustainable rate, 4 connections | $base_rate answers/s, p99 $(field "$base" s200_p99_ms) ms |
| overload: accepted (200) | $(field "$over" s200) answers, p50 $(field "$over" s200_p50_ms) ms, p99 $(field "$over" s200_p99_ms) ms, max $(field "$over" s200_max_ms) ms |
| overload: shed (503) | $(field "$over" s503) answers (grove_admission_rejected_total +$shed), p99 $(field "$over" s503_p99_ms) ms |
| overload: 500 answers | $(field "$over" s500) |
| overload: connection errors | $(field "$over" io_errors) |
| resident memory | ${rss_start} MB before, ${rss_peak} MB peak (heap capped at 512 MB) |
| first second after the load | $after_rate answers/s ($(awk -v a="$after_rate" -v b="$base_rate" 'BEGIN {printf "%.0f", 100*a/b}')% of sustainable), p99 $(field "$after" s200_p99_ms) ms |
REPORT
